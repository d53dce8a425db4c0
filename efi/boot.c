/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * platform_boot() for UEFI: each kind of boot plan goes to the file that starts it; kinds
 * this platform cannot start are refused by name.
 */
#include "core/errors.h"
#include "core/platform.h"
#include "core/printf.h"
#include "efi/efi_platform.h"
#include "loaders/boot_plan.h"

int platform_boot(const struct boot_plan *plan)
{
	switch (plan->kind) {
	case BOOT_KIND_LINUX:
		return efi_boot_linux(plan);
	case BOOT_KIND_EFI_APP:
		return efi_boot_efi_app(plan);
	case BOOT_KIND_DISK:
		return efi_boot_disk(plan);
	case BOOT_KIND_POWER:
		return efi_power(plan);
	case BOOT_KIND_MULTIBOOT:
		return efi_boot_multiboot2(plan);
	default:
		wb_printf("boot: %s: wireboot.efi cannot start a %s\n", plan->label,
			  boot_kind_name(plan->kind));
		return -WB_ENOTSUP;
	}
}
