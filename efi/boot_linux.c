// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * platform_boot() on UEFI.  Two ways into a Linux/x86 kernel:
 *
 *  - its EFI stub (the kernel file is a PE/COFF EFI application): LoadImage from memory,
 *    LoadOptions = the command line, the initrd offered through the LINUX_EFI_INITRD_MEDIA
 *    device path (efi/initrd_lf2.c), StartImage.  The stub exits boot services itself.
 *    Needs Linux 5.7+ for initrds this way.
 *  - no stub, or BOOT_NO_EFI_STUB: our own boot_params, ExitBootServices, and a jump to the
 *    64-bit or 32-bit entry (efi/boot_direct.c).  This is what Kitten needs.  Under Secure
 *    Boot only for a kernel shim verified (below).
 *
 * Under Secure Boot, a kernel the firmware refuses (LoadImage), or one without a stub, is
 * handed to shim's SHIM_LOCK when wireboot was started by shim (efi/shim_lock.c): if shim
 * verifies it, it starts through our boot_params, as GRUB does under shim; if shim refuses
 * it (or there is no shim), it is refused.  Under shim 16+ LoadImage is shim's own (it
 * verifies with shim's keys too), and wireboot says which LoadImage gave the verdict.
 *
 * Either way efi/legacy_tables.c first gives kernels that scan the BIOS areas for ACPI/MP
 * tables (Kitten) an RSDP copy and an MP table below 640 KiB.
 */
#include "efi/efi_platform.h"

#include "core/errors.h"
#include "core/platform.h"
#include "core/printf.h"
#include "core/string.h"
#include "loaders/boot_plan.h"

/*
 * A device path for the kernel image: the NIC's path + File(label), as a file loaded from
 * that NIC would have.  Firmware security policies look at it; NULL is also legal.
 */
static EFI_DEVICE_PATH *kernel_device_path(const struct boot_plan *plan)
{
	return efi_path_with_file(efi_snp_device_path(),
				  plan->label && *plan->label ? plan->label : "vmlinuz");
}

/* Secure Boot refused the kernel (or cannot check it: no stub): start it through our own
 * boot_params only if shim's SHIM_LOCK verifies it. */
static int boot_if_shim_verifies(const struct boot_plan *plan)
{
	EFI_STATUS verdict;
	int r = efi_shim_verify(plan->kernel, plan->kernel_len, &verdict);
	if (r == -WB_ENOTSUP) {
		wb_printf("No shim (SHIM_LOCK) to ask either: sign the kernel with a key in db, or start "
			  "wireboot.efi from shim and enroll the kernel's key in MOK (docs/efi.md).\n");
		return -WB_EACCES;
	}
	if (r < 0) {
		wb_printf("shim (SHIM_LOCK) refused the kernel too (EFI status 0x%lx): it is signed by "
			  "neither db nor shim's vendor key nor MOK.\n", (unsigned long)verdict);
		return -WB_EACCES;
	}
	wb_printf("shim (SHIM_LOCK) verified the kernel: starting it through boot_params.\n");
	return efi_boot_direct(plan);
}

int efi_boot_stub(const struct boot_plan *plan)
{
	EFI_HANDLE kh = NULL;
	EFI_LOADED_IMAGE *li = NULL;
	EFI_DEVICE_PATH *dp = kernel_device_path(plan);
	CHAR16 *options;
	UINTN options_bytes = 0;
	EFI_STATUS s;
	int rc;

	s = BS->LoadImage(FALSE, efi_image_handle, dp, plan->kernel, plan->kernel_len, &kh);
	if (dp)
		BS->FreePool(dp);
	if (s == EFI_SECURITY_VIOLATION || s == EFI_ACCESS_DENIED) {
		if (kh)
			BS->UnloadImage(kh);
		wb_printf("Secure Boot: %s rejected the kernel's signature (EFI status 0x%lx).\n",
			  efi_shim_hooks_load_image() ? "shim's LoadImage" : "the firmware",
			  (unsigned long)s);
		return boot_if_shim_verifies(plan);
	}
	if (EFI_ERROR(s)) {
		wb_printf("The firmware cannot load the kernel as an EFI image (EFI status 0x%lx)\n",
			  (unsigned long)s);
		return efi_to_wb(s);
	}
	if (efi_shim_hooks_load_image())
		wb_printf("Secure Boot: shim's LoadImage verified the kernel (db, MOK or shim's "
			  "vendor key).\n");
	/* pool memory: the kernel keeps a pointer to its LoadOptions */
	options = efi_ucs2(plan->cmdline ? plan->cmdline : "", false, &options_bytes);
	if (!options || EFI_ERROR(BS->HandleProtocol(kh, &gEfiLoadedImageProtocolGuid, (void **)&li))) {
		rc = -WB_ENOMEM;
		goto unload;
	}
	li->LoadOptions = options;
	li->LoadOptionsSize = (UINT32)options_bytes;
	if (plan->initrd && plan->initrd_len) {
		rc = efi_initrd_install(plan->initrd, plan->initrd_len);
		if (rc < 0)
			goto unload;
	}

	/* The stub's ExitBootServices would stop the NIC anyway; do it while we still can. */
	efi_snp_quiesce();
	s = BS->StartImage(kh, NULL, NULL);

	/* Back here only if the kernel's stub gave up (it prints why on the console). */
	efi_initrd_uninstall();
	BS->FreePool(options);
	wb_printf("The kernel's EFI stub returned to wireboot (EFI status 0x%lx)\n", (unsigned long)s);
	return EFI_ERROR(s) ? efi_to_wb(s) : -WB_EIO;
unload:
	if (options)
		BS->FreePool(options);
	BS->UnloadImage(kh);
	return rc;
}

/* Does the firmware enforce Secure Boot (the SecureBoot global variable is 1)? */
static bool secure_boot_on(void)
{
	UINTN size = 0;
	UINT8 *v = LibGetVariableAndSize(L"SecureBoot", &gEfiGlobalVariableGuid, &size);
	bool on = v && size == 1 && *v == 1;

	if (v)
		BS->FreePool(v);
	return on;
}

int efi_boot_linux(const struct boot_plan *plan)
{
	if (plan->info.has_efi_stub && !(plan->flags & BOOT_NO_EFI_STUB)) {
		efi_legacy_tables_install(plan, false);
		return efi_boot_stub(plan);
	}
	/*
	 * Our own entry bypasses the firmware's signature check: under Secure Boot that would
	 * start a kernel nobody verified, so refuse.
	 */
	if (secure_boot_on()) {
		wb_printf("Secure Boot is on: wireboot starts only kernels the firmware verifies, "
			  "through their EFI stub (%s), or that shim verifies. Turn Secure Boot off to "
			  "boot it.\n", plan->info.has_efi_stub ? "no-efi-stub was asked for"
								  : "this kernel has none");
		return boot_if_shim_verifies(plan);
	}
	efi_legacy_tables_install(plan, true);
	return efi_boot_direct(plan);
}
