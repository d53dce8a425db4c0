/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Multiboot 2 (specification 2.0) as Xen's EFI path uses it, platform-free: the header's
 * tags (what the kernel requires: information, relocation, the EFI amd64 entry, EFI boot
 * services kept running) and the boot information of 8-aligned tags a loader hands it in
 * RBX (EAX = 0x36D76289).  wireboot.efi places the segments and enters the kernel
 * (efi/boot_multiboot2.c).  The BIOS images load Multiboot 1 only and link
 * rom/multiboot2_absent.c instead of this parser (64 KiB).
 */
#ifndef WB_LOADERS_MULTIBOOT2_H
#define WB_LOADERS_MULTIBOOT2_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "loaders/multiboot.h"

#define MB2_BOOT_MAGIC 0x36D76289u

/* A Multiboot 2 kernel as multiboot2_parse() found it. */
struct multiboot2_image {
	int status;                    /* what multiboot2_parse() returned */
	struct multiboot_image layout; /* the ELF segments; layout.error: why parsing failed */
	uint32_t header_offset;
	uint32_t efi64_entry;          /* 0 = no EFI amd64 entry tag */
	bool efi_boot_services;        /* the kernel wants boot services left running */
	bool relocatable;
	uint32_t reloc_min, reloc_max, reloc_align, reloc_pref; /* when relocatable */
};

/*
 * Parse a Multiboot 2 kernel (header in the first 32 KiB, 8-aligned): checksum, every tag
 * inside the header, no required tag or information request wireboot cannot honour, ELF32
 * layout (multiboot_elf_layout), the EFI amd64 entry inside a segment.  -WB_EBADMAGIC,
 * -WB_ENOTSUP, -WB_EINVAL, -WB_ETRUNCATED, -WB_ERANGE; img->layout.error says what.
 */
int multiboot2_parse(const uint8_t *data, size_t len, struct multiboot2_image *img);

/* boot_plan_print()'s Multiboot 2 line: the header found, or why wireboot.efi cannot use it. */
void multiboot2_plan_print(const struct multiboot2_image *img);

/* Where the firmware's tables are, for the EFI tags. */
struct multiboot2_efi {
	uint64_t system_table, image_handle;
	uint32_t load_base;             /* the physical address the image was loaded at */
};

/* Bytes multiboot2_info_build() needs (a bound, 8-aligned). */
size_t multiboot2_info_size(const char *cmdline, const struct multiboot_module_ref *mods,
			    size_t nmods, size_t nmap);

/*
 * The boot information at buf (physical base, 8-aligned): command line, boot loader name
 * "wireboot", modules, basic memory sizes, the memory map (E820 types), the EFI 64-bit
 * system table and image handle, "EFI boot services not terminated", the load base
 * address, end.  Returns the total size, or -WB_ETOOBIG.
 */
int multiboot2_info_build(uint8_t *buf, size_t cap, const char *cmdline,
			  const struct multiboot_module_ref *mods, size_t nmods,
			  const struct multiboot_memory *map, size_t nmap,
			  const struct multiboot2_efi *efi);

#endif
