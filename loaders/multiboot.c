// SPDX-License-Identifier: GPL-2.0-or-later
/* Multiboot 1 kernels and their boot information (loaders/multiboot.h). */
#include "loaders/multiboot.h"

#include <stdarg.h>
#include <stdbool.h>

#include "core/byteorder.h"
#include "core/errors.h"
#include "core/printf.h"
#include "core/string.h"

#define MB2_HEADER_MAGIC 0xE85250D6u
#define MB1_KNOWN_FLAGS (MB1_FLAG_PAGE_ALIGN | MB1_FLAG_MEMORY | MB1_FLAG_VIDEO)

/* Multiboot information flags and layout (what wireboot fills in). */
#define INFO_MEMORY 0x1
#define INFO_CMDLINE 0x4
#define INFO_MODS 0x8
#define INFO_MMAP 0x40
#define INFO_LOADER_NAME 0x200
#define INFO_SIZE 120  /* up to the framebuffer fields, all zero */
#define MMAP_ENTRY 24  /* size field (4) + base (8) + length (8) + type (4) */
#define MOD_ENTRY 16
#define LOADER_NAME "wireboot"

#define ELF_PT_LOAD 1
#define ELF_EM_386 3

/* Record why parsing failed; returns err. */
static int WB_PRINTF(3, 4) bad(struct multiboot_image *img, int err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	wb_vsnprintf(img->error, sizeof(img->error), fmt, ap);
	va_end(ap);
	return err;
}

/* The offset of a valid Multiboot 1 header, or -1; *mb2 set when a Multiboot 2 one exists. */
static long find_header(const uint8_t *data, size_t len, bool *mb2)
{
	*mb2 = false;
	for (size_t off = 0; off + 16 <= len && off < 32768; off += 8)
		if (get_le32(data + off) == MB2_HEADER_MAGIC)
			*mb2 = true;
	for (size_t off = 0; off + 12 <= len && off < MB1_SEARCH; off += 4)
		if (get_le32(data + off) == MB1_HEADER_MAGIC &&
		    get_le32(data + off) + get_le32(data + off + 4) + get_le32(data + off + 8) == 0)
			return (long)off;
	return -1;
}

/* Add a segment, checking it lies in the file and in [1 MiB, 4 GiB). */
static int add_segment(struct multiboot_image *img, size_t file_len, uint32_t dest,
		       uint32_t offset, uint32_t filesz, uint32_t memsz)
{
	if (img->nsegs == MB1_MAX_SEGMENTS)
		return bad(img, -WB_ETOOBIG, "more than %u loadable segments", MB1_MAX_SEGMENTS);
	if (filesz > memsz || offset > file_len || filesz > file_len - offset)
		return bad(img, -WB_ETRUNCATED, "a segment's %u file bytes at offset %#x lie past "
			   "the end of the file", filesz, offset);
	if (dest < MB1_LOAD_MIN || memsz > 0xFFFFFFFFu - dest)
		return bad(img, -WB_ERANGE, "a segment at %#x (%u bytes) is not between 1 MiB and "
			   "4 GiB", dest, memsz);
	img->seg[img->nsegs++] = (struct multiboot_segment){ dest, offset, filesz, memsz };
	return 0;
}

/* The a.out kludge: header_addr, load_addr, load_end_addr, bss_end_addr, entry_addr. */
static int parse_aout(const uint8_t *data, size_t len, struct multiboot_image *img)
{
	const uint8_t *h = data + img->header_offset;

	img->format = "a.out kludge";
	if (img->header_offset + 32 > len)
		return bad(img, -WB_ETRUNCATED, "the a.out kludge header at %#x is cut off",
			   img->header_offset);
	uint32_t header_addr = get_le32(h + 12), load = get_le32(h + 16);
	uint32_t load_end = get_le32(h + 20), bss_end = get_le32(h + 24);
	img->entry = get_le32(h + 28);
	if (header_addr < load || header_addr - load > img->header_offset)
		return bad(img, -WB_EINVAL, "header_addr %#x and load_addr %#x do not fit the file",
			   header_addr, load);
	uint32_t offset = img->header_offset - (header_addr - load);
	uint32_t filesz = load_end ? load_end - load : (uint32_t)(len - offset);
	if (load_end && load_end < load)
		return bad(img, -WB_EINVAL, "load_end_addr %#x is below load_addr %#x", load_end, load);
	if (bss_end && bss_end < load + filesz)
		return bad(img, -WB_EINVAL, "bss_end_addr %#x is below load_end_addr %#x", bss_end,
			   load + filesz);
	return add_segment(img, len, load, offset, filesz, bss_end ? bss_end - load : filesz);
}

/* No two segments overlap. */
static int check_overlaps(struct multiboot_image *img)
{
	for (size_t i = 0; i < img->nsegs; i++) {
		const struct multiboot_segment *a = &img->seg[i];
		for (size_t j = 0; j < i; j++) {
			const struct multiboot_segment *b = &img->seg[j];
			if (a->dest < b->dest + b->memsz && b->dest < a->dest + a->memsz)
				return bad(img, -WB_EINVAL, "segments at %#x and %#x overlap", a->dest,
					   b->dest);
		}
	}
	return 0;
}

int multiboot_check_entry(struct multiboot_image *img, uint32_t entry)
{
	for (size_t i = 0; i < img->nsegs; i++)
		if (entry >= img->seg[i].dest && entry - img->seg[i].dest < img->seg[i].memsz)
			return 0;
	return bad(img, -WB_EINVAL, "the entry point %#x is outside the loaded image", entry);
}

int multiboot_elf_layout(const uint8_t *data, size_t len, struct multiboot_image *img)
{
	img->format = "ELF32";
	if (len < 52 || memcmp(data, "\177ELF", 4))
		return bad(img, -WB_EINVAL, "neither ELF nor the a.out kludge (flags %#x lack bit "
			   "16)", img->flags);
	if (data[4] != 1 || data[5] != 1 || get_le16(data + 18) != ELF_EM_386)
		return bad(img, -WB_ENOTSUP, "ELF class %u machine %u: Multiboot 1 kernels must "
			   "be ELF32 i386 (or use the a.out kludge)", data[4], get_le16(data + 18));
	uint32_t entry = get_le32(data + 24), phoff = get_le32(data + 28);
	uint32_t phentsize = get_le16(data + 42), phnum = get_le16(data + 44);
	if (phentsize < 32 || phoff > len || (uint64_t)phnum * phentsize > len - phoff)
		return bad(img, -WB_ETRUNCATED, "the program headers (%u at %#x) lie past the end "
			   "of the file", phnum, phoff);
	img->entry = entry;
	for (uint32_t i = 0; i < phnum; i++) {
		const uint8_t *ph = data + phoff + i * phentsize;
		uint32_t vaddr = get_le32(ph + 8), paddr = get_le32(ph + 12);
		uint32_t memsz = get_le32(ph + 20);
		if (get_le32(ph) != ELF_PT_LOAD || !memsz)
			continue;
		int err = add_segment(img, len, paddr, get_le32(ph + 4), get_le32(ph + 16), memsz);
		if (err)
			return err;
		if (entry >= vaddr && entry - vaddr < memsz)
			img->entry = paddr + (entry - vaddr);
	}
	if (!img->nsegs)
		return bad(img, -WB_EINVAL, "no loadable segment (of %u program headers)",
			   phnum);
	return check_overlaps(img);
}

int multiboot_parse(const uint8_t *data, size_t len, struct multiboot_image *img)
{
	bool mb2;
	int err;

	memset(img, 0, sizeof(*img));
	long off = find_header(data, len, &mb2);
	if (off < 0)
		return mb2 ? bad(img, -WB_ENOTSUP, "a Multiboot 2 kernel without a Multiboot 1 "
				 "header: this platform loads Multiboot 1")
			   : bad(img, -WB_EBADMAGIC, "no Multiboot header in the first %u bytes",
				 MB1_SEARCH);
	img->header_offset = (uint32_t)off;
	img->flags = get_le32(data + off + 4);
	if ((img->flags & 0xFFFF) & ~MB1_KNOWN_FLAGS)
		return bad(img, -WB_ENOTSUP, "the kernel requires Multiboot features %#x that "
			   "wireboot does not provide (flags %#x)", img->flags & 0xFFFF & ~MB1_KNOWN_FLAGS,
			   img->flags);
	err = (img->flags & MB1_FLAG_AOUT) ? parse_aout(data, len, img)
					   : multiboot_elf_layout(data, len, img);
	return err ? err : multiboot_check_entry(img, img->entry);
}

int multiboot_check_memory(struct multiboot_image *img, const struct multiboot_memory *map,
			   size_t nmap)
{
	for (size_t i = 0; i < img->nsegs; i++) {
		const struct multiboot_segment *s = &img->seg[i];
		bool in_ram = false;
		for (size_t m = 0; m < nmap && !in_ram; m++)
			in_ram = map[m].type == 1 && s->dest >= map[m].base &&
				 (uint64_t)s->dest + s->memsz <= map[m].base + map[m].len;
		if (!in_ram)
			return bad(img, -WB_ERANGE, "the segment at %#x (%u bytes) is not in RAM "
				   "(BIOS memory map): too little memory?", s->dest, s->memsz);
	}
	return 0;
}

/* The end of the usable RAM range containing addr (0 when none does), capped at 4 GiB. */
static uint64_t ram_end_from(const struct multiboot_memory *map, size_t nmap, uint64_t addr)
{
	for (size_t m = 0; m < nmap; m++)
		if (map[m].type == 1 && addr >= map[m].base && addr < map[m].base + map[m].len)
			return map[m].base + map[m].len < 0x100000000ull ? map[m].base + map[m].len
									 : 0x100000000ull;
	return addr;
}

void multiboot_mem_sizes(const struct multiboot_memory *map, size_t nmap, uint32_t *lower,
			 uint32_t *upper)
{
	uint64_t low = ram_end_from(map, nmap, 0), high = ram_end_from(map, nmap, MB1_LOAD_MIN);
	*lower = (uint32_t)((low < 0xA0000 ? low : 0xA0000) / 1024);
	*upper = (uint32_t)((high - MB1_LOAD_MIN) / 1024);
}

size_t multiboot_info_size(const char *cmdline, const struct multiboot_module_ref *mods,
			   size_t nmods, size_t nmap)
{
	size_t n = INFO_SIZE + nmap * MMAP_ENTRY + nmods * MOD_ENTRY + strlen(cmdline) + 1 +
		   sizeof(LOADER_NAME);
	for (size_t i = 0; i < nmods; i++)
		n += strlen(mods[i].string) + 1;
	return n;
}

/* Copy a string to buf + *at; its physical address. */
static uint32_t put_string(uint8_t *buf, size_t *at, uint32_t base, const char *s)
{
	size_t n = strlen(s) + 1;
	memcpy(buf + *at, s, n);
	*at += n;
	return base + (uint32_t)(*at - n);
}

int multiboot_info_build(uint8_t *buf, size_t cap, uint32_t base, const char *cmdline,
			 const struct multiboot_module_ref *mods, size_t nmods,
			 const struct multiboot_memory *map, size_t nmap)
{
	if (cap < multiboot_info_size(cmdline, mods, nmods, nmap))
		return -WB_ETOOBIG;
	memset(buf, 0, INFO_SIZE);
	size_t at = INFO_SIZE;
	uint32_t lower, upper;
	multiboot_mem_sizes(map, nmap, &lower, &upper);
	put_le32(buf + 0, INFO_MEMORY | INFO_CMDLINE | INFO_MODS | INFO_MMAP | INFO_LOADER_NAME);
	put_le32(buf + 4, lower);
	put_le32(buf + 8, upper);
	put_le32(buf + 44, (uint32_t)(nmap * MMAP_ENTRY));
	put_le32(buf + 48, base + (uint32_t)at);
	for (size_t i = 0; i < nmap; i++, at += MMAP_ENTRY) {
		put_le32(buf + at, MMAP_ENTRY - 4);
		put_le64(buf + at + 4, map[i].base);
		put_le64(buf + at + 12, map[i].len);
		put_le32(buf + at + 20, map[i].type);
	}
	size_t mod_at = at;
	put_le32(buf + 20, (uint32_t)nmods);
	put_le32(buf + 24, base + (uint32_t)mod_at);
	at += nmods * MOD_ENTRY;
	for (size_t i = 0; i < nmods; i++) {
		uint8_t *m = buf + mod_at + i * MOD_ENTRY;
		put_le32(m, mods[i].start);
		put_le32(m + 4, mods[i].end);
		put_le32(m + 8, put_string(buf, &at, base, mods[i].string));
		put_le32(m + 12, 0);
	}
	put_le32(buf + 16, put_string(buf, &at, base, cmdline));
	put_le32(buf + 64, put_string(buf, &at, base, LOADER_NAME));
	return 0;
}
