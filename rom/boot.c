/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * platform_boot() for every BIOS image: each kind of boot plan goes to the file that starts
 * it; kinds this platform cannot start are refused by name.
 */
#include "core/errors.h"
#include "core/platform.h"
#include "core/printf.h"
#include "loaders/boot_plan.h"
#include "rom/boot_disk.h"
#include "rom/boot_linux.h"
#include "rom/boot_multiboot.h"
#include "rom/boot_pxe.h"
#include "rom/power.h"

/* Only wireboot.pxe links rom/boot_pxe.c (a firmware PXE stack to hand over). */
#pragma weak rom_boot_pxe

int platform_boot(const struct boot_plan *plan)
{
	switch (plan->kind) {
	case BOOT_KIND_LINUX:
		return rom_boot_linux(plan);
	case BOOT_KIND_DISK:
		return rom_boot_disk(plan);
	case BOOT_KIND_POWER:
		return rom_power(plan);
	case BOOT_KIND_PXE:
		if (rom_boot_pxe)
			return rom_boot_pxe(plan);
		wb_printf("boot: %s: this image has no firmware PXE stack to hand a PXE program; "
			  "chain it from wireboot.pxe\n", plan->label);
		return -WB_ENOTSUP;
	case BOOT_KIND_MULTIBOOT:
		return rom_boot_multiboot(plan);
	default:
		wb_printf("boot: %s: this BIOS image cannot start a %s\n", plan->label,
			  boot_kind_name(plan->kind));
		return -WB_ENOTSUP;
	}
}
