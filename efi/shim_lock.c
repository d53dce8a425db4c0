// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Secure Boot through shim.  When wireboot.efi was started by shim, shim's SHIM_LOCK protocol
 * is installed and verifies images against shim's own keys (its built-in vendor certificate
 * and the MOK list): distribution kernels are trusted this way, not through db.  Like GRUB
 * under shim, wireboot asks it when the firmware's LoadImage refuses a kernel.  Shim's
 * functions use the System V ABI on x86-64 (unlike the firmware's EFIAPI).
 *
 * shim 16 and later also install an image loader protocol and, under Secure Boot with a
 * built-in vendor key (distribution shims), put its LoadImage into the boot services table:
 * LoadImage then verifies against db, MOK and the vendor key itself.
 */
#include "efi/efi_platform.h"

#include "core/errors.h"

#define SHIM_LOCK_GUID \
	{ 0x605dab50, 0xe046, 0x4300, { 0xab, 0xb6, 0x3d, 0xd8, 0x10, 0xdd, 0x8b, 0x23 } }

#define SHIM_IMAGE_LOADER_GUID \
	{ 0x1f492041, 0xfadb, 0x4e59, { 0x9e, 0x57, 0x7c, 0xaf, 0xe7, 0x3a, 0x55, 0xab } }

struct shim_image_loader {
	void *load_image; /* EFIAPI, as BS->LoadImage; then StartImage, Exit, UnloadImage */
};

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

bool efi_shim_hooks_load_image(void)
{
	static EFI_GUID guid = SHIM_IMAGE_LOADER_GUID;
	struct shim_image_loader *loader;

	return !EFI_ERROR(BS->LocateProtocol(&guid, NULL, (void **)&loader)) && loader &&
	       loader->load_image == (void *)BS->LoadImage;
}
