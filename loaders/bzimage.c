// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The Linux/x86 boot protocol header (loaders/bzimage.h), after Documentation/arch/x86/boot.rst
 * and the checked summary in shared/notes/bios-facts.md section 3.  Every field is read only
 * if the image's protocol version defines it and only after the file is known to contain it.
 */
#include "core/byteorder.h"
#include "core/errors.h"
#include "core/string.h"
#include "loaders/bzimage.h"

/* Setup header offsets (from the start of the file / of the real-mode segment). */
#define OFF_CMD_LINE_MAGIC 0x020 /* pre-2.02 command line protocol */
#define OFF_CMD_LINE_OFFSET 0x022
#define OFF_SETUP_SECTS 0x1F1
#define OFF_SYSSIZE 0x1F4
#define OFF_VID_MODE 0x1FA
#define OFF_BOOT_FLAG 0x1FE
#define OFF_JUMP 0x200
#define OFF_HEADER 0x202
#define OFF_VERSION 0x206
#define OFF_KERNEL_VERSION 0x20E
#define OFF_TYPE_OF_LOADER 0x210
#define OFF_LOADFLAGS 0x211
#define OFF_SETUP_MOVE_SIZE 0x212
#define OFF_CODE32_START 0x214
#define OFF_RAMDISK_IMAGE 0x218
#define OFF_RAMDISK_SIZE 0x21C
#define OFF_HEAP_END_PTR 0x224
#define OFF_CMD_LINE_PTR 0x228
#define OFF_INITRD_ADDR_MAX 0x22C
#define OFF_KERNEL_ALIGNMENT 0x230
#define OFF_RELOCATABLE 0x234
#define OFF_XLOADFLAGS 0x236
#define OFF_CMDLINE_SIZE 0x238
#define OFF_PREF_ADDRESS 0x258
#define OFF_INIT_SIZE 0x260
#define OFF_HANDOVER_OFFSET 0x264

#define CMD_LINE_MAGIC 0xA33F
#define OLD_INITRD_ADDR_MAX 0x37FFFFFF
#define OLD_CMDLINE_SIZE 255
#define PE_POINTER 0x3C

/* End of the last header field a protocol version defines: the file must reach that far. */
static size_t fields_end(uint16_t v)
{
	if (v >= BZ_PROTO(2, 15))
		return 0x26C; /* kernel_info_offset */
	if (v >= BZ_PROTO(2, 11))
		return 0x268; /* handover_offset */
	if (v >= BZ_PROTO(2, 10))
		return 0x264; /* init_size */
	if (v >= BZ_PROTO(2, 9))
		return 0x258; /* setup_data */
	if (v >= BZ_PROTO(2, 8))
		return 0x250; /* payload_offset/length */
	if (v >= BZ_PROTO(2, 7))
		return 0x248; /* hardware_subarch(_data) */
	if (v >= BZ_PROTO(2, 6))
		return 0x23C; /* cmdline_size */
	if (v >= BZ_PROTO(2, 5))
		return 0x235; /* relocatable_kernel */
	if (v >= BZ_PROTO(2, 3))
		return 0x230; /* initrd_addr_max */
	if (v >= BZ_PROTO(2, 2))
		return 0x22C; /* cmd_line_ptr */
	if (v >= BZ_PROTO(2, 1))
		return 0x226; /* heap_end_ptr */
	return 0x224;         /* bootsect_kludge */
}

/* "MZ" at 0 and a PE header where the pointer at 0x3C says: the kernel has an EFI stub. */
static bool has_pe_header(const uint8_t *f, size_t len)
{
	if (len < PE_POINTER + 4 || f[0] != 'M' || f[1] != 'Z')
		return false;
	uint32_t pe = get_le32(f + PE_POINTER);
	return pe <= len - 4 && !memcmp(f + pe, "PE\0\0", 4);
}

/* The kernel_version string, if its pointer stays inside the setup; '?' for odd bytes. */
static void read_version(const uint8_t *f, const struct bzimage_info *info, char *out, size_t size)
{
	uint16_t ptr = get_le16(f + OFF_KERNEL_VERSION);
	size_t off = (size_t)ptr + 0x200, n = 0;
	if (ptr)
		for (; off + n < info->setup_len && n + 1 < size && f[off + n]; n++)
			out[n] = f[off + n] >= 0x20 && f[off + n] < 0x7F ? (char)f[off + n] : '?';
	out[n] = '\0';
}

int bzimage_parse(const void *file, size_t len, struct bzimage_info *info)
{
	const uint8_t *f = file;

	memset(info, 0, sizeof(*info));
	if (len < OFF_BOOT_FLAG + 2)
		return -WB_ETRUNCATED;
	if (get_le16(f + OFF_BOOT_FLAG) != 0xAA55)
		return -WB_EBADMAGIC;
	if (len < OFF_VERSION + 2)
		return -WB_ETRUNCATED;
	if (get_le32(f + OFF_HEADER) != BZ_HDRS_MAGIC)
		return -WB_EPROTO_OLD;
	uint16_t v = get_le16(f + OFF_VERSION);
	if (v < BZ_PROTO(2, 0))
		return -WB_EPROTO_OLD;
	if (len < fields_end(v))
		return -WB_ETRUNCATED;

	info->protocol = v;
	info->header_end = OFF_HEADER + f[OFF_JUMP + 1];
	info->setup_sects = f[OFF_SETUP_SECTS];
	info->setup_len = ((size_t)(info->setup_sects ? info->setup_sects : 4) + 1) * 512;
	info->kernel_offset = info->setup_len;
	info->syssize = v >= BZ_PROTO(2, 4) ? get_le32(f + OFF_SYSSIZE) : get_le16(f + OFF_SYSSIZE);
	info->loadflags = f[OFF_LOADFLAGS];
	info->code32_start = get_le32(f + OFF_CODE32_START);
	info->initrd_addr_max = v >= BZ_PROTO(2, 3) ? get_le32(f + OFF_INITRD_ADDR_MAX)
						    : OLD_INITRD_ADDR_MAX;
	info->cmdline_size = v >= BZ_PROTO(2, 6) ? get_le32(f + OFF_CMDLINE_SIZE) : OLD_CMDLINE_SIZE;
	if (v >= BZ_PROTO(2, 5)) {
		info->kernel_alignment = get_le32(f + OFF_KERNEL_ALIGNMENT);
		info->relocatable = f[OFF_RELOCATABLE] != 0;
	}
	if (v >= BZ_PROTO(2, 10)) {
		info->pref_address = get_le64(f + OFF_PREF_ADDRESS);
		info->init_size = get_le32(f + OFF_INIT_SIZE);
	}
	if (v >= BZ_PROTO(2, 11))
		info->handover_offset = get_le32(f + OFF_HANDOVER_OFFSET);
	if (v >= BZ_PROTO(2, 12))
		info->xloadflags = get_le16(f + OFF_XLOADFLAGS);

	if (!(info->loadflags & BZ_LOADED_HIGH))
		return -WB_ENOT_HIGH;
	if (info->setup_len >= len)
		return -WB_ETRUNCATED;
	info->kernel_len = len - info->setup_len;
	/* syssize is rounded up to 16 bytes; signed kernels carry more after it. */
	if (v >= BZ_PROTO(2, 4) && (uint64_t)info->kernel_len + 15 < (uint64_t)info->syssize * 16)
		return -WB_ETRUNCATED;
	info->has_efi_stub = has_pe_header(f, len);
	read_version(f, info, info->version, sizeof(info->version));
	return 0;
}

int bzimage_fill_setup(const struct bzimage_info *info, uint8_t *setup, size_t setup_len,
		       const struct bzimage_load *load)
{
	uint16_t v = info->protocol;
	bool real_mode = load->setup_base != 0;

	if (v < BZ_PROTO(2, 0))
		return -WB_EPROTO_OLD;
	if (setup_len < (v >= BZ_PROTO(2, 2) ? OFF_CMD_LINE_PTR + 4 : fields_end(v)))
		return -WB_EINVAL;
	if (!real_mode && v < BZ_PROTO(2, 2))
		return -WB_ENOTSUP; /* the command line would need the 16-bit entry */
	if (real_mode && info->setup_len > BZ_RM_CODE_MAX)
		return -WB_ETOOBIG;
	if (!load->cmdline_addr)
		return -WB_EINVAL;
	if (!info->relocatable && load->kernel_addr != info->code32_start)
		return -WB_EINVAL;
	if (load->initrd_len &&
	    (uint64_t)load->initrd_addr + load->initrd_len - 1 > info->initrd_addr_max)
		return -WB_ERANGE;

	uint32_t cmdline_off = load->cmdline_addr - load->setup_base;
	if (v < BZ_PROTO(2, 2) && (load->cmdline_addr < load->setup_base || cmdline_off > 0xFFFF))
		return -WB_EINVAL;

	put_le16(setup + OFF_VID_MODE, load->vid_mode);
	setup[OFF_TYPE_OF_LOADER] = BZ_TYPE_OF_LOADER;
	uint8_t flags = setup[OFF_LOADFLAGS] & (uint8_t)~BZ_CAN_USE_HEAP;
	if (real_mode && v >= BZ_PROTO(2, 1)) {
		flags |= BZ_CAN_USE_HEAP;
		put_le16(setup + OFF_HEAP_END_PTR, BZ_RM_HEAP_END - 0x200);
	}
	setup[OFF_LOADFLAGS] = flags;
	put_le32(setup + OFF_CODE32_START, load->kernel_addr);
	put_le32(setup + OFF_RAMDISK_IMAGE, load->initrd_len ? load->initrd_addr : 0);
	put_le32(setup + OFF_RAMDISK_SIZE, load->initrd_len);
	if (v >= BZ_PROTO(2, 2)) {
		put_le32(setup + OFF_CMD_LINE_PTR, load->cmdline_addr);
	} else {
		put_le16(setup + OFF_CMD_LINE_MAGIC, CMD_LINE_MAGIC);
		put_le16(setup + OFF_CMD_LINE_OFFSET, (uint16_t)cmdline_off);
		/* 2.00/2.01 move the real-mode segment to 0x90000: take the command line along. */
		put_le16(setup + OFF_SETUP_MOVE_SIZE, (uint16_t)(cmdline_off + OLD_CMDLINE_SIZE + 1));
	}
	return 0;
}

uint64_t bzimage_initrd_limit(const struct bzimage_info *info, uint64_t mem_top)
{
	uint64_t limit = (uint64_t)info->initrd_addr_max + 1;
	if (limit > 0x100000000ull) /* ramdisk_image is 32 bits */
		limit = 0x100000000ull;
	return mem_top < limit ? mem_top : limit;
}
