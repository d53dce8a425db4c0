/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Linux/x86 boot protocol (Documentation/arch/x86/boot.rst): validating a bzImage's setup
 * header and writing the fields a loader must fill.  Platform-free: rom/ and efi/ call
 * bzimage_fill_setup() and then only copy memory and jump.
 */
#ifndef WB_LOADERS_BZIMAGE_H
#define WB_LOADERS_BZIMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BZ_SETUP_HEADER_OFFSET 0x1F1
#define BZ_HDRS_MAGIC 0x53726448 /* "HdrS" at 0x202 */
#define BZ_LOADED_HIGH 0x01
#define BZ_CAN_USE_HEAP 0x80
#define BZ_XLF_KERNEL_64 0x01
#define BZ_XLF_CAN_BE_LOADED_ABOVE_4G 0x02
#define BZ_XLF_EFI_HANDOVER_32 0x04
#define BZ_XLF_EFI_HANDOVER_64 0x08
#define BZ_TYPE_OF_LOADER 0xFF /* "undefined" loader ID: non-zero, as Kitten requires */
#define BZ_PROTO(major, minor) ((major) << 8 | (minor))

/* What a loader needs to know about an image; fields absent from its protocol read as 0. */
struct bzimage_info {
	uint16_t protocol;          /* e.g. 0x020f */
	uint8_t setup_sects;        /* as stored (0 means 4) */
	size_t header_end;          /* end of the setup header: 0x202 + the jump's byte at 0x201;
				       always <= 0x301, inside the setup and the file */
	uint32_t syssize;           /* protected-mode size in 16-byte units (2 bytes before 2.04) */
	size_t setup_len;           /* real-mode part: (sects + 1) * 512, boot sector included */
	size_t kernel_offset;       /* file offset of the protected-mode kernel (= setup_len) */
	size_t kernel_len;          /* protected-mode kernel bytes in the file */
	uint8_t loadflags;
	uint32_t code32_start;
	uint32_t initrd_addr_max;   /* highest byte an initrd may occupy (0x37FFFFFF before 2.03) */
	uint32_t cmdline_size;      /* max chars excluding NUL (255 before 2.06) */
	bool relocatable;           /* 2.05+ */
	uint32_t kernel_alignment;  /* 2.05+ */
	uint16_t xloadflags;        /* 2.12+ */
	uint64_t pref_address;      /* 2.10+ */
	uint32_t init_size;         /* 2.10+ */
	uint32_t handover_offset;   /* 2.11+ */
	bool has_efi_stub;          /* "MZ" + PE header present (the kernel is also an EFI app) */
	char version[64];           /* kernel_version string, if present and in bounds */
};

/*
 * Validate `len` bytes of a kernel file and describe it.  Errors: -WB_ETRUNCATED (file ends
 * inside the header or the setup, or before the syssize the header announces), -WB_EBADMAGIC
 * (no 0xAA55 boot flag), -WB_EPROTO_OLD (no "HdrS", or protocol < 2.00: an old zImage or not
 * a kernel), -WB_ENOT_HIGH (zImage, not LOADED_HIGH).  Reads nothing outside [file, file+len).
 */
int bzimage_parse(const void *file, size_t len, struct bzimage_info *info);

/* Where things go in the real-mode segment for the 16-bit entry (offsets from its base). */
#define BZ_RM_HEAP_END 0x9000        /* stack/heap end; heap_end_ptr = this - 0x200 */
#define BZ_RM_CMDLINE_OFFSET 0x9000  /* command line follows the heap */
#define BZ_RM_SIZE 0xA000            /* total bytes to reserve for the real-mode segment */
#define BZ_RM_CODE_MAX 0x8000        /* real-mode code (boot sector + setup) must fit below */

/* Parameters of one boot, in physical addresses. */
struct bzimage_load {
	uint32_t setup_base;    /* real-mode segment base (16-bit entry) or 0 (32/64-bit entry) */
	uint32_t kernel_addr;   /* where the protected-mode kernel will run */
	uint32_t cmdline_addr;
	uint32_t initrd_addr;   /* 0 = none */
	uint32_t initrd_len;
	uint16_t vid_mode;      /* 0xFFFF normal */
};

/*
 * Write the loader-owned setup header fields into `setup`, a writable copy of the image's
 * real-mode part (or the hdr area of a zeroed boot_params at offset 0x1F1 onwards): only the
 * fields the image's protocol version has.  type_of_loader, loadflags (CAN_USE_HEAP when a
 * heap exists), heap_end_ptr, cmd_line_ptr, ramdisk_image/size, vid_mode, code32_start.
 *
 * With load->setup_base != 0 (16-bit entry) the heap ends at BZ_RM_HEAP_END and, before 2.02,
 * the command line is passed the old way (0xA33F at 0x20, its offset at 0x22; 2.00/2.01 also
 * get setup_move_size).  With setup_base == 0 (32/64-bit entry) there is no heap, and
 * protocols before 2.02 are -WB_ENOTSUP.  Other errors: -WB_EINVAL (setup_len too small for
 * the fields, a non-relocatable kernel not at its code32_start, no command line address),
 * -WB_ERANGE (initrd ends above initrd_addr_max), -WB_ETOOBIG (real-mode code over 32 KiB).
 */
int bzimage_fill_setup(const struct bzimage_info *info, uint8_t *setup, size_t setup_len,
		       const struct bzimage_load *load);

/*
 * Highest address (exclusive) an initrd of the image may end at, given the highest usable
 * RAM address `mem_top` (exclusive).
 */
uint64_t bzimage_initrd_limit(const struct bzimage_info *info, uint64_t mem_top);

#endif
