/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Multiboot 1 (the Multiboot Specification 0.6.96), platform-free: the kernel's header and
 * where its bytes go (ELF32 program headers, or the a.out kludge's addresses when flags
 * bit 16 is set), and the Multiboot information a loader hands it in EBX (memory sizes and
 * map, command line, modules, boot loader name).  The platform places the segments and the
 * information and enters the kernel (rom/boot_multiboot.c).
 */
#ifndef WB_LOADERS_MULTIBOOT_H
#define WB_LOADERS_MULTIBOOT_H

#include <stddef.h>
#include <stdint.h>

#define MB1_HEADER_MAGIC 0x1BADB002u
#define MB1_BOOT_MAGIC 0x2BADB002u   /* EAX at the kernel's entry */
#define MB1_SEARCH 8192              /* the header lies 4-aligned in the first 8 KiB */
#define MB1_MAX_SEGMENTS 16
#define MB1_LOAD_MIN 0x100000u       /* below 1 MiB: wireboot, the BIOS and the PXE stack */

/* Header flags (what the kernel asks for). */
#define MB1_FLAG_PAGE_ALIGN 0x1      /* modules page-aligned (always done) */
#define MB1_FLAG_MEMORY 0x2          /* mem_* and the memory map (always given) */
#define MB1_FLAG_VIDEO 0x4           /* a video mode: a wish, not given (text mode stays) */
#define MB1_FLAG_AOUT 0x10000        /* the load addresses are in the header */

/* One piece of the kernel: file bytes [offset, offset + filesz) at dest, zeros to memsz. */
struct multiboot_segment {
	uint32_t dest, offset, filesz, memsz;
};

/* A kernel as multiboot_parse() found it. */
struct multiboot_image {
	uint32_t header_offset;
	uint32_t flags;
	const char *format;          /* "ELF32" or "a.out kludge" */
	uint32_t entry;              /* physical entry address */
	size_t nsegs;
	struct multiboot_segment seg[MB1_MAX_SEGMENTS];
	char error[128];             /* why parse/check failed */
};

/* A memory range as the BIOS (INT 15h E820) reports it; type 1 = usable RAM. */
struct multiboot_memory {
	uint64_t base, len;
	uint32_t type;
};

/* A module where the kernel will find it, and its string ("file args"). */
struct multiboot_module_ref {
	uint32_t start, end;         /* physical, start page-aligned, end exclusive */
	const char *string;
};

/*
 * Parse a Multiboot 1 kernel file: header (magic, checksum, no flag the loader does not
 * know), load layout (a.out kludge, else ELF32 i386 PT_LOAD segments), every segment inside
 * the file, none overlapping another, all between 1 MiB and 4 GiB, the entry inside one.
 * -WB_EBADMAGIC (no header), -WB_ENOTSUP (Multiboot 2 only, ELF64, unknown flags),
 * -WB_ETRUNCATED, -WB_EINVAL / -WB_ERANGE (layout); img->error says what.
 */
int multiboot_parse(const uint8_t *data, size_t len, struct multiboot_image *img);

/*
 * The PT_LOAD segments of an ELF32 i386 file (img->entry = e_entry, made physical through
 * the segment holding it), checked as multiboot_parse() checks them (Multiboot 2 uses it).
 */
int multiboot_elf_layout(const uint8_t *data, size_t len, struct multiboot_image *img);

/* 0 when entry lies inside a segment of img, else -WB_EINVAL (img->error says so). */
int multiboot_check_entry(struct multiboot_image *img, uint32_t entry);

/* Every segment inside one usable-RAM range of map; -WB_ERANGE (img->error says which). */
int multiboot_check_memory(struct multiboot_image *img, const struct multiboot_memory *map,
			   size_t nmap);

/* KiB of RAM from 0 (at most 640) and from 1 MiB up, as mem_lower / mem_upper say them. */
void multiboot_mem_sizes(const struct multiboot_memory *map, size_t nmap, uint32_t *lower,
			 uint32_t *upper);

/* Bytes multiboot_info_build() needs. */
size_t multiboot_info_size(const char *cmdline, const struct multiboot_module_ref *mods,
			   size_t nmods, size_t nmap);

/*
 * Lay the Multiboot information out in buf (cap bytes), which the kernel will find at the
 * physical address base: the info structure, the memory map (mem_lower / mem_upper from its
 * RAM below 640 KiB and from 1 MiB up), the module list, the strings, and boot_loader_name
 * "wireboot".  -WB_ETOOBIG when cap is too small.
 */
int multiboot_info_build(uint8_t *buf, size_t cap, uint32_t base, const char *cmdline,
			 const struct multiboot_module_ref *mods, size_t nmods,
			 const struct multiboot_memory *map, size_t nmap);

#endif
