// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * boot_plan_print() (loaders/boot.h): the report of a plan that is not started (wireboot-check,
 * unit tests, the no_boot option).  The BIOS images never print one and link
 * rom/boot_plan_quiet.c instead (64 KiB).
 */
#include <stdint.h>

#include "core/platform.h"
#include "core/printf.h"
#include "core/progress.h"
#include "core/sha256.h"
#include "core/string.h"
#include "loaders/boot.h"
#include "loaders/boot_plan.h"
#include "loaders/multiboot_load.h"
#include "loaders/pe.h"

/* The Linux kernel's header facts, its initrd image and command line. */
static void print_linux_plan(const struct boot_plan *plan)
{
	const struct bzimage_info *in = &plan->info;

	wb_printf("  bzImage: protocol %u.%02u, setup %zu bytes, protected-mode kernel %zu bytes, "
		  "%s%s, %s\n", in->protocol >> 8, in->protocol & 0xFF, in->setup_len,
		  in->kernel_len, (in->xloadflags & BZ_XLF_KERNEL_64) ? "64-bit entry" : "32-bit entry",
		  in->relocatable ? ", relocatable" : "",
		  in->has_efi_stub ? "EFI stub" : "no EFI stub");
	wb_printf("  bzImage: runs at 0x%llx (alignment 0x%x, init_size 0x%x), version \"%s\"\n",
		  (unsigned long long)(in->pref_address ? in->pref_address : in->code32_start),
		  in->kernel_alignment, in->init_size, in->version);
	if (plan->initrd)
		wb_printf("  initrd image: %zu bytes at 0x%llx, must end below 0x%llx\n",
			  plan->initrd_len, (unsigned long long)platform_phys_addr(plan->initrd),
			  (unsigned long long)bzimage_initrd_limit(in, UINT64_MAX));
	else
		wb_printf("  initrd image: none\n");
	wb_printf("  cmdline (%zu of at most %u bytes): \"%s\"\n", strlen(plan->cmdline),
		  in->cmdline_size, plan->cmdline);
}

/* chain.c32's target: a UEFI boot entry, or a disk / partition (both platforms' names). */
static void print_disk_plan(const struct boot_disk *d)
{
	if (d->efi_boot_option >= 0) {
		wb_printf("  disk: UEFI boot entry Boot%04X\n", (unsigned)d->efi_boot_option);
		return;
	}
	wb_printf("  disk: %s%u (BIOS drive 0x%02x), %s", d->bios_drive & 0x80 ? "hd" : "fd",
		  d->index, d->bios_drive, d->partition ? "partition " : "master boot record\n");
	if (d->partition)
		wb_printf("%u's boot record\n", d->partition);
}

void boot_plan_print(const struct boot_plan *plan)
{
	char hex[SHA256_HEX_LEN], rate[24];

	wb_printf("boot plan: label %s, %s\n", plan->label ? plan->label : "(none)",
		  boot_kind_name(plan->kind));
	for (size_t i = 0; i < plan->nfiles; i++) {
		const struct boot_plan_file *f = &plan->files[i];
		uint64_t cs = f->fetch_us / 10000;
		sha256_hex(f->data, f->len, hex);
		progress_fmt_rate(rate, sizeof(rate),
				  (uint64_t)f->len * 1000000 / (f->fetch_us ? f->fetch_us : 1));
		wb_printf("  %-6s %s: %zu bytes at 0x%llx, sha256 %s, fetched in %llu.%02u s (%s)\n",
			  i == 0 ? "kernel" : plan->kind == BOOT_KIND_MULTIBOOT ? "module" : "initrd",
			  f->name, f->len,
			  (unsigned long long)platform_phys_addr(f->data), hex,
			  (unsigned long long)(cs / 100), (unsigned)(cs % 100), rate);
	}
	switch (plan->kind) {
	case BOOT_KIND_LINUX:
		print_linux_plan(plan);
		break;
	case BOOT_KIND_EFI_APP:
		wb_printf("  EFI application for %s (PE machine 0x%04x), subsystem %u\n",
			  pe_machine_name(plan->pe_machine), plan->pe_machine, plan->pe_subsystem);
		/* fall through */
	case BOOT_KIND_PXE:
		wb_printf("  program: %s, arguments \"%s\"\n", plan->program_path,
			  plan->cmdline ? plan->cmdline : "");
		break;
	case BOOT_KIND_DISK:
		print_disk_plan(&plan->disk);
		break;
	case BOOT_KIND_POWER:
		wb_printf("  power: %s\n", plan->power == BOOT_POWER_OFF ? "power off" : "reboot");
		break;
	case BOOT_KIND_MULTIBOOT:
		multiboot_plan_print(plan);
		break;
	default:
		break;
	}
}
