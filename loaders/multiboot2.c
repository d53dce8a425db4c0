// SPDX-License-Identifier: GPL-2.0-or-later
/* Multiboot 2 headers and boot information (loaders/multiboot2.h). */
#include "loaders/multiboot2.h"

#include <stdarg.h>

#include "core/byteorder.h"
#include "core/errors.h"
#include "core/printf.h"
#include "core/string.h"

#define MB2_HEADER_MAGIC 0xE85250D6u
#define MB2_SEARCH 32768
#define TAG_OPTIONAL 1

/* Header tags. */
enum { HT_END, HT_INFO_REQUEST, HT_ADDRESS, HT_ENTRY, HT_CONSOLE, HT_FRAMEBUFFER,
       HT_MODULE_ALIGN, HT_EFI_BS, HT_ENTRY_EFI32, HT_ENTRY_EFI64, HT_RELOCATABLE };

/* Information tags. */
enum { IT_END = 0, IT_CMDLINE = 1, IT_LOADER_NAME = 2, IT_MODULE = 3, IT_MEMINFO = 4,
       IT_MMAP = 6, IT_EFI64 = 12, IT_EFI_BS = 18, IT_EFI64_IH = 20, IT_LOAD_BASE = 21 };

/* The information tags wireboot gives, as a bit mask by type. */
#define GIVEN ((1u << IT_CMDLINE) | (1u << IT_LOADER_NAME) | (1u << IT_MODULE) |      \
	       (1u << IT_MEMINFO) | (1u << IT_MMAP) | (1u << IT_EFI64) | (1u << IT_EFI_BS) | \
	       (1u << IT_EFI64_IH) | (1u << IT_LOAD_BASE))

#define MMAP_ENTRY 24
#define LOADER_NAME "wireboot"

static int WB_PRINTF(3, 4) bad(struct multiboot2_image *img, int err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	wb_vsnprintf(img->layout.error, sizeof(img->layout.error), fmt, ap);
	va_end(ap);
	return img->status = err;
}

/* The offset of a Multiboot 2 header with a valid checksum and length, or -1. */
static long find_header(const uint8_t *data, size_t len)
{
	for (size_t off = 0; off + 16 <= len && off < MB2_SEARCH; off += 8) {
		uint32_t hlen = get_le32(data + off + 8);
		if (get_le32(data + off) == MB2_HEADER_MAGIC && hlen >= 24 && hlen <= len - off &&
		    get_le32(data + off) + get_le32(data + off + 4) + hlen +
				    get_le32(data + off + 12) == 0)
			return (long)off;
	}
	return -1;
}

/* One header tag (type, optional, body of n bytes); 0 or why the kernel cannot be loaded. */
static int header_tag(struct multiboot2_image *img, unsigned type, bool optional,
		      const uint8_t *body, uint32_t n)
{
	switch (type) {
	case HT_INFO_REQUEST:
		for (uint32_t i = 0; !optional && i + 4 <= n; i += 4) {
			uint32_t want = get_le32(body + i);
			if (want >= 32 || !(GIVEN & (1u << want)))
				return bad(img, -WB_ENOTSUP, "the kernel requires Multiboot 2 "
					   "information %u, which wireboot does not give", want);
		}
		return 0;
	case HT_EFI_BS:
		img->efi_boot_services = true;
		return 0;
	case HT_ENTRY_EFI64:
		if (n < 4)
			break;
		img->efi64_entry = get_le32(body);
		return 0;
	case HT_RELOCATABLE:
		if (n < 16)
			break;
		img->relocatable = true;
		img->reloc_min = get_le32(body);
		img->reloc_max = get_le32(body + 4);
		img->reloc_align = get_le32(body + 8);
		img->reloc_pref = get_le32(body + 12);
		return 0;
	case HT_ENTRY:
	case HT_CONSOLE:
	case HT_FRAMEBUFFER:
	case HT_MODULE_ALIGN:
	case HT_ENTRY_EFI32:
		return 0; /* modules are page-aligned; text mode stays; the EFI amd64 entry is used */
	default:
		if (optional)
			return 0;
		return bad(img, -WB_ENOTSUP, "the kernel requires Multiboot 2 header tag %u, "
			   "which wireboot does not support", type);
	}
	return bad(img, -WB_EINVAL, "Multiboot 2 header tag %u is too short (%u bytes)", type, n);
}

int multiboot2_parse(const uint8_t *data, size_t len, struct multiboot2_image *img)
{
	memset(img, 0, sizeof(*img));
	long off = find_header(data, len);
	if (off < 0)
		return bad(img, -WB_EBADMAGIC, "no Multiboot 2 header in the first %u bytes",
			   MB2_SEARCH);
	img->header_offset = (uint32_t)off;
	if (get_le32(data + off + 4) != 0)
		return bad(img, -WB_ENOTSUP, "Multiboot 2 architecture %u: only i386 (0) is known",
			   get_le32(data + off + 4));
	const uint8_t *end = data + off + get_le32(data + off + 8);
	for (const uint8_t *t = data + off + 16;;) {
		if (end - t < 8)
			return bad(img, -WB_ETRUNCATED, "the Multiboot 2 header has no end tag");
		unsigned type = get_le16(t);
		uint32_t size = get_le32(t + 4);
		if (size < 8 || size > (size_t)(end - t))
			return bad(img, -WB_EINVAL, "Multiboot 2 header tag %u has a bad size %u",
				   type, size);
		if (type == HT_END)
			break;
		int err = header_tag(img, type, get_le16(t + 2) & TAG_OPTIONAL, t + 8, size - 8);
		if (err)
			return err;
		size = (size + 7) & ~7u;
		if (size > (size_t)(end - t))
			return bad(img, -WB_ETRUNCATED, "the Multiboot 2 header has no end tag");
		t += size;
	}
	int err = multiboot_elf_layout(data, len, &img->layout);
	if (!err && (!img->efi64_entry || !img->efi_boot_services))
		return bad(img, -WB_ENOTSUP, "the kernel has no EFI amd64 entry with boot services "
			   "(header tags 9 and 7): it cannot start from wireboot.efi");
	if (!err)
		err = multiboot_check_entry(&img->layout, img->efi64_entry);
	return img->status = err;
}

size_t multiboot2_info_size(const char *cmdline, const struct multiboot_module_ref *mods,
			    size_t nmods, size_t nmap)
{
	size_t n = 8 + (8 + strlen(cmdline) + 8) + (8 + sizeof(LOADER_NAME) + 8) + 16 +
		   (16 + nmap * MMAP_ENTRY) + 16 + 8 + 16 + 16 + 8;
	for (size_t i = 0; i < nmods; i++)
		n += 16 + strlen(mods[i].string) + 1 + 7;
	return n;
}

/* Start a tag of type at buf + *at; returns where its body begins. */
static uint8_t *tag(uint8_t *buf, size_t *at, unsigned type, size_t size)
{
	uint8_t *t = buf + *at;
	put_le32(t, type);
	put_le32(t + 4, (uint32_t)size);
	*at = (*at + size + 7) & ~(size_t)7;
	return t + 8;
}

int multiboot2_info_build(uint8_t *buf, size_t cap, const char *cmdline,
			  const struct multiboot_module_ref *mods, size_t nmods,
			  const struct multiboot_memory *map, size_t nmap,
			  const struct multiboot2_efi *efi)
{
	size_t at = 8;
	uint32_t lower, upper;

	if (cap < multiboot2_info_size(cmdline, mods, nmods, nmap))
		return -WB_ETOOBIG;
	memset(buf, 0, cap);
	memcpy(tag(buf, &at, IT_CMDLINE, 8 + strlen(cmdline) + 1), cmdline, strlen(cmdline) + 1);
	memcpy(tag(buf, &at, IT_LOADER_NAME, 8 + sizeof(LOADER_NAME)), LOADER_NAME,
	       sizeof(LOADER_NAME));
	for (size_t i = 0; i < nmods; i++) {
		size_t n = strlen(mods[i].string) + 1;
		uint8_t *m = tag(buf, &at, IT_MODULE, 16 + n);
		put_le32(m, mods[i].start);
		put_le32(m + 4, mods[i].end);
		memcpy(m + 8, mods[i].string, n);
	}
	multiboot_mem_sizes(map, nmap, &lower, &upper);
	uint8_t *b = tag(buf, &at, IT_MEMINFO, 16);
	put_le32(b, lower);
	put_le32(b + 4, upper);
	b = tag(buf, &at, IT_MMAP, 16 + nmap * MMAP_ENTRY);
	put_le32(b, MMAP_ENTRY);
	put_le32(b + 4, 0);
	for (size_t i = 0; i < nmap; i++) {
		put_le64(b + 8 + i * MMAP_ENTRY, map[i].base);
		put_le64(b + 16 + i * MMAP_ENTRY, map[i].len);
		put_le32(b + 24 + i * MMAP_ENTRY, map[i].type);
	}
	put_le64(tag(buf, &at, IT_EFI64, 16), efi->system_table);
	tag(buf, &at, IT_EFI_BS, 8);
	put_le64(tag(buf, &at, IT_EFI64_IH, 16), efi->image_handle);
	put_le32(tag(buf, &at, IT_LOAD_BASE, 12), efi->load_base);
	tag(buf, &at, IT_END, 8);
	put_le32(buf, (uint32_t)at);
	return (int)at;
}

void multiboot2_plan_print(const struct multiboot2_image *img)
{
	if (img->status && img->status != -WB_EBADMAGIC)
		wb_printf("  Multiboot 2: not for wireboot.efi: %s\n", img->layout.error);
	if (img->status)
		return;
	wb_printf("  Multiboot 2: header at %#x (checksum ok), EFI amd64 entry %#x with boot "
		  "services", img->header_offset, img->efi64_entry);
	if (img->relocatable)
		wb_printf(", relocatable %#x-%#x aligned %#x", img->reloc_min, img->reloc_max,
			  img->reloc_align);
	wb_printf("\n");
}
