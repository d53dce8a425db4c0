// SPDX-License-Identifier: GPL-2.0-or-later
/* platform_random() on UEFI: EFI_RNG_PROTOCOL (UEFI 2.5 section 35.5) when the firmware has
 * one (OVMF does with a virtio-rng device or RDRAND); none otherwise. */
#include "efi/efi_platform.h"

#include "core/platform.h"

size_t platform_random(void *buf, size_t len)
{
	static EFI_GUID rng_guid = EFI_RNG_PROTOCOL_GUID;
	EFI_RNG_PROTOCOL *rng;
	if (EFI_ERROR(BS->LocateProtocol(&rng_guid, NULL, (void **)&rng)))
		return 0;
	return EFI_ERROR(rng->GetRNG(rng, NULL, len, buf)) ? 0 : len;
}
