// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Secure Boot through shim.  When wireboot.efi was started by shim, shim's SHIM_LOCK protocol
 * is installed and verifies images against shim's own keys (its built-in vendor certificate
 * and the MOK list): distribution kernels are trusted this way, not through db.  Like GRUB
 * under shim, wireboot asks it when the firmware's LoadImage refuses a kernel.  Shim's
 * functions use the System V ABI on x86-64 (unlike the firmware's EFIAPI).
 */
#include "efi/efi_platform.h"

#include "core/errors.h"

#define SHIM_LOCK_GUID \
	{ 0x605dab50, 0xe046, 0x4300, { 0xab, 0xb6, 0x3d, 0xd8, 0x10, 0xdd, 0x8b, 0x23 } }

struct shim_lock {
	EFI_STATUS (__attribute__((sysv_abi)) *verify)(void *buffer, UINT32 size);
	void *hash, *context; /* not used */
};

int efi_shim_verify(const void *image, size_t len, EFI_STATUS *verdict)
{
	static EFI_GUID guid = SHIM_LOCK_GUID;
	struct shim_lock *shim;
	*verdict = EFI_NOT_FOUND;
	if (EFI_ERROR(BS->LocateProtocol(&guid, NULL, (void **)&shim)) || !shim || !shim->verify)
		return -WB_ENOTSUP;
	if (len > 0xffffffffu)
		return -WB_ETOOBIG;
	*verdict = shim->verify((void *)image, (UINT32)len);
	return EFI_ERROR(*verdict) ? -WB_EACCES : 0;
}
