/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Everything a platform needs to start a kernel, prepared by the portable boot sequence
 * (loaders/boot.c) and handed to platform_boot().
 */
#ifndef WB_LOADERS_BOOT_PLAN_H
#define WB_LOADERS_BOOT_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "loaders/boot_kind.h"
#include "loaders/bzimage.h"

struct multiboot_image;
struct multiboot2_image;

/* platform_boot() flags */
#define BOOT_NO_EFI_STUB 0x1 /* EFI: bypass the kernel's EFI stub, build boot_params ourselves */

/* One fetched file, for reports (boot_plan_print). */
struct boot_plan_file {
	const char *name;            /* as named in the configuration */
	const uint8_t *data;         /* where it lies (an initrd: inside boot_plan.initrd) */
	size_t len;
	uint64_t fetch_us;           /* how long the transfer took */
};

/* DISK: which local disk, as chain.c32 names it ("hd0 1", "fd0", "boot=0003"). */
struct boot_disk {
	uint8_t bios_drive;          /* BIOS drive number: 0x80 + N for hdN, N for fdN */
	unsigned index;              /* N: the Nth hard disk (UEFI: of the whole-disk block devices) */
	unsigned partition;          /* boot record of 1-4 primary, 5+ logical, GPT entry N; 0: MBR */
	int efi_boot_option;         /* UEFI: Boot#### entry to start (0-0xFFFF), -1: none */
};

/* POWER: what reboot.c32 / poweroff.c32 ask for. */
enum boot_power { BOOT_POWER_REBOOT, BOOT_POWER_OFF };

/*
 * What to start.  Every kind has `label`, `kind`, `files` and `flags`; the other fields say
 * which kinds use them.  A platform starts the kinds it can (platform_boot()) and refuses
 * the others with a message naming boot_kind_name(kind).
 */
struct boot_plan {
	const char *label;           /* the config label chosen, for messages */
	enum boot_kind kind;
	struct bzimage_info info;    /* LINUX: parsed header of `kernel` */
	uint8_t *kernel;             /* the whole file in the kernel's place (the kernel, the PXE
	                              * program, the EFI application), in platform image memory */
	size_t kernel_len;
	uint8_t *initrd;             /* all initrds concatenated, in image memory; NULL = none */
	size_t initrd_len;
	const char *cmdline;         /* LINUX, MULTIBOOT: exactly what the kernel will see; PXE,
	                              * EFI_APP: the arguments after the program's name (EFI
	                              * LoadOptions) */
	const char *program_path;    /* PXE, EFI_APP: the program's path on its server, as a DHCP
	                              * boot file name would give it ("px/pxelinux.0"; with
	                              * "a.b.c.d::" when it came from another server) */
	const uint8_t *dhcp_ack;     /* PXE, EFI_APP: the DHCP ACK wireboot configured itself with
	                              * (the firmware's or its own), as received; the platform
	                              * rewrites a copy for the program (loaders/pxe_bootp.h) */
	size_t dhcp_ack_len;
	/* EFI_APP: from its PE header (loaders/pe.h) */
	uint16_t pe_machine;
	uint16_t pe_subsystem;
	struct boot_disk disk;       /* DISK (chain.c32) */
	enum boot_power power;       /* POWER (reboot.c32, poweroff.c32) */
	const struct multiboot_image *multiboot; /* MULTIBOOT: the kernel's Multiboot 1 header
	                              * and layout (BIOS), NULL when it has none */
	const struct multiboot2_image *multiboot2; /* MULTIBOOT: its Multiboot 2 EFI header and
	                              * layout (UEFI); status says whether it has a usable one */
	const char *const *module_strings; /* MULTIBOOT: files[1..] are the modules, these their
	                              * strings ("file args", as mboot.c32 passes them) */
	unsigned flags;
	const struct boot_plan_file *files; /* kernel first, then the initrds in order */
	size_t nfiles;
};

#endif
