/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * loaders/multiboot.c: Multiboot 1 headers (checksum, flags, a.out kludge, ELF32 program
 * headers), the checks on where segments go, and the boot information's exact layout.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/byteorder.h"
#include "core/errors.h"
#include "loaders/multiboot.h"
#include "loaders/multiboot2.h"

static uint8_t file[16384];

/* A Multiboot 1 header at off with flags and a valid checksum. */
static void header(size_t off, uint32_t flags)
{
	put_le32(file + off, MB1_HEADER_MAGIC);
	put_le32(file + off + 4, flags);
	put_le32(file + off + 8, -(MB1_HEADER_MAGIC + flags));
}

/* An a.out-kludge kernel: header at 0x40 of a file loaded at 1 MiB. */
static void aout(uint32_t load_end, uint32_t bss_end, uint32_t entry)
{
	memset(file, 0, sizeof(file));
	header(0x40, MB1_FLAG_AOUT | MB1_FLAG_PAGE_ALIGN | MB1_FLAG_MEMORY);
	put_le32(file + 0x4C, 0x100040);  /* header_addr */
	put_le32(file + 0x50, 0x100000);  /* load_addr */
	put_le32(file + 0x54, load_end);
	put_le32(file + 0x58, bss_end);
	put_le32(file + 0x5C, entry);
}

static void test_aout_kludge_layout(void **state)
{
	(void)state;
	struct multiboot_image img;
	aout(0x101000, 0x104000, 0x100060);
	assert_int_equal(multiboot_parse(file, 8192, &img), 0);
	assert_int_equal(img.header_offset, 0x40);
	assert_string_equal(img.format, "a.out kludge");
	assert_int_equal(img.entry, 0x100060);
	assert_int_equal(img.nsegs, 1);
	assert_int_equal(img.seg[0].dest, 0x100000);
	assert_int_equal(img.seg[0].offset, 0);
	assert_int_equal(img.seg[0].filesz, 0x1000);
	assert_int_equal(img.seg[0].memsz, 0x4000);
	/* load_end_addr 0: the rest of the file; bss_end_addr 0: no bss. */
	aout(0, 0, 0x100060);
	assert_int_equal(multiboot_parse(file, 8192, &img), 0);
	assert_int_equal(img.seg[0].filesz, 8192);
	assert_int_equal(img.seg[0].memsz, 8192);
	/* More file than there is, bss below the load end, the entry outside, below 1 MiB. */
	aout(0x103000, 0, 0x100060);
	assert_int_equal(multiboot_parse(file, 8192, &img), -WB_ETRUNCATED);
	aout(0x101000, 0x100800, 0x100060);
	assert_int_equal(multiboot_parse(file, 8192, &img), -WB_EINVAL);
	aout(0x101000, 0, 0x200000);
	assert_int_equal(multiboot_parse(file, 8192, &img), -WB_EINVAL);
	assert_non_null(strstr(img.error, "entry point 0x200000"));
	aout(0x101000, 0, 0x100060);
	put_le32(file + 0x4C, 0x8040);
	put_le32(file + 0x50, 0x8000);
	put_le32(file + 0x54, 0x9000);
	put_le32(file + 0x5C, 0x8060);
	assert_int_equal(multiboot_parse(file, 8192, &img), -WB_ERANGE);
	/* header_addr - load_addr larger than the header's offset: before the file. */
	aout(0x101000, 0, 0x100060);
	put_le32(file + 0x4C, 0x100080);
	assert_int_equal(multiboot_parse(file, 8192, &img), -WB_EINVAL);
	/* The kludge's fields cut off by the end of the file. */
	aout(0, 0, 0x100060);
	assert_int_equal(multiboot_parse(file, 0x58, &img), -WB_ETRUNCATED);
}

static void test_header_checks(void **state)
{
	(void)state;
	struct multiboot_image img;
	memset(file, 0, sizeof(file));
	assert_int_equal(multiboot_parse(file, sizeof(file), &img), -WB_EBADMAGIC);
	/* A bad checksum is no header; past 8 KiB neither. */
	aout(0x101000, 0, 0x100060);
	put_le32(file + 0x48, 0);
	assert_int_equal(multiboot_parse(file, 8192, &img), -WB_EBADMAGIC);
	memset(file, 0, sizeof(file));
	header(8192, MB1_FLAG_AOUT);
	assert_int_equal(multiboot_parse(file, sizeof(file), &img), -WB_EBADMAGIC);
	/* Required features wireboot does not know (bit 3..15) are refused by name. */
	aout(0x101000, 0, 0x100060);
	header(0x40, MB1_FLAG_AOUT | 0x8);
	assert_int_equal(multiboot_parse(file, 8192, &img), -WB_ENOTSUP);
	assert_non_null(strstr(img.error, "0x8"));
	/* The video-mode wish (bit 2) is accepted (text mode stays). */
	header(0x40, MB1_FLAG_AOUT | MB1_FLAG_VIDEO);
	assert_int_equal(multiboot_parse(file, 8192, &img), 0);
	/* Multiboot 2 only: said so. */
	memset(file, 0, sizeof(file));
	put_le32(file + 16, 0xE85250D6u);
	assert_int_equal(multiboot_parse(file, 8192, &img), -WB_ENOTSUP);
	assert_non_null(strstr(img.error, "Multiboot 2"));
}

/* An ELF32 i386 file with nph program headers at 0x34; the Multiboot header at 0x1000. */
static void elf(unsigned nph)
{
	memset(file, 0, sizeof(file));
	memcpy(file, "\177ELF\1\1\1", 7);
	put_le16(file + 16, 2);
	put_le16(file + 18, 3);
	put_le32(file + 24, 0xC0200010u); /* a virtual entry, translated by the segment */
	put_le32(file + 28, 0x34);
	put_le16(file + 42, 32);
	put_le16(file + 44, (uint16_t)nph);
	header(0x1000, MB1_FLAG_PAGE_ALIGN | MB1_FLAG_MEMORY);
}

static void phdr(unsigned i, uint32_t type, uint32_t off, uint32_t vaddr, uint32_t paddr,
		 uint32_t filesz, uint32_t memsz)
{
	uint8_t *p = file + 0x34 + 32 * i;
	put_le32(p, type);
	put_le32(p + 4, off);
	put_le32(p + 8, vaddr);
	put_le32(p + 12, paddr);
	put_le32(p + 16, filesz);
	put_le32(p + 20, memsz);
}

static void test_elf_segments(void **state)
{
	(void)state;
	struct multiboot_image img;
	elf(3);
	phdr(0, 1, 0x1000, 0xC0200000u, 0x200000, 0x2000, 0x3000);
	phdr(1, 4, 0, 0, 0, 0x10, 0x10);           /* PT_NOTE: skipped */
	phdr(2, 1, 0x3000, 0xC0300000u, 0x300000, 0x800, 0x800);
	assert_int_equal(multiboot_parse(file, 0x3800, &img), 0);
	assert_string_equal(img.format, "ELF32");
	assert_int_equal(img.nsegs, 2);
	assert_int_equal(img.entry, 0x200010);
	assert_int_equal(img.seg[1].dest, 0x300000);
	assert_int_equal(img.seg[1].offset, 0x3000);
	/* A segment past the end of the file, overlapping segments, headers past the end. */
	assert_int_equal(multiboot_parse(file, 0x37FF, &img), -WB_ETRUNCATED);
	phdr(2, 1, 0x3000, 0xC0202000u, 0x202000, 0x800, 0x800);
	assert_int_equal(multiboot_parse(file, 0x3800, &img), -WB_EINVAL);
	assert_non_null(strstr(img.error, "overlap"));
	put_le32(file + 28, 0x37F0);
	assert_int_equal(multiboot_parse(file, 0x3800, &img), -WB_ETRUNCATED);
	/* A destination wrapping past 4 GiB. */
	elf(1);
	phdr(0, 1, 0x1000, 0xC0200000u, 0xFFFFF000u, 0x1000, 0x2000);
	assert_int_equal(multiboot_parse(file, 0x3800, &img), -WB_ERANGE);
	/* ELF64 (or another machine) without the a.out kludge: refused. */
	elf(1);
	phdr(0, 1, 0x1000, 0xC0200000u, 0x200000, 0x1000, 0x1000);
	file[4] = 2;
	assert_int_equal(multiboot_parse(file, 0x3800, &img), -WB_ENOTSUP);
	/* Not ELF and no kludge. */
	file[0] = 0;
	assert_int_equal(multiboot_parse(file, 0x3800, &img), -WB_EINVAL);
}

static const struct multiboot_memory qemu_map[] = {
	{ 0, 0x9FC00, 1 }, { 0x9FC00, 0x400, 2 }, { 0xF0000, 0x10000, 2 },
	{ 0x100000, 0xFEE0000, 1 }, { 0xFFFC0000, 0x40000, 2 },
};

static void test_segments_must_be_in_ram(void **state)
{
	(void)state;
	struct multiboot_image img;
	aout(0x101000, 0x104000, 0x100060);
	assert_int_equal(multiboot_parse(file, 8192, &img), 0);
	assert_int_equal(multiboot_check_memory(&img, qemu_map, 5), 0);
	img.seg[0].dest = 0xFFFE000; /* crosses the end of RAM */
	assert_int_equal(multiboot_check_memory(&img, qemu_map, 5), -WB_ERANGE);
	assert_non_null(strstr(img.error, "not in RAM"));
	img.seg[0].dest = 0xFFFC1000; /* reserved */
	assert_int_equal(multiboot_check_memory(&img, qemu_map, 5), -WB_ERANGE);
}

static void test_info_layout(void **state)
{
	(void)state;
	static uint8_t info[1024];
	const uint32_t base = 0x7F00000;
	const struct multiboot_module_ref mods[] = {
		{ 0x7000000, 0x7000123, "vmlinuz root=/dev/ram0" },
		{ 0x7001000, 0x7001000, "initrd.img" },
	};
	const char *cmdline = "xen.gz dom0_mem=512M";
	size_t size = multiboot_info_size(cmdline, mods, 2, 5);
	assert_int_equal(size, 120 + 5 * 24 + 2 * 16 + 21 + 23 + 11 + 9);
	assert_int_equal(multiboot_info_build(info, size - 1, base, cmdline, mods, 2, qemu_map, 5),
			 -WB_ETOOBIG);
	assert_int_equal(multiboot_info_build(info, size, base, cmdline, mods, 2, qemu_map, 5), 0);
	assert_int_equal(get_le32(info), 0x24D);        /* memory, cmdline, mods, mmap, name */
	assert_int_equal(get_le32(info + 4), 639);      /* KiB below 640 KiB */
	assert_int_equal(get_le32(info + 8), 0xFEE0000 / 1024);
	assert_int_equal(get_le32(info + 20), 2);
	assert_int_equal(get_le32(info + 44), 5 * 24);
	uint32_t mmap = get_le32(info + 48);
	assert_int_equal(mmap, base + 120);
	const uint8_t *e = info + (mmap - base) + 3 * 24;
	assert_int_equal(get_le32(e), 20);
	assert_int_equal(get_le64(e + 4), 0x100000);
	assert_int_equal(get_le64(e + 12), 0xFEE0000);
	assert_int_equal(get_le32(e + 20), 1);
	const uint8_t *m = info + (get_le32(info + 24) - base);
	assert_int_equal(get_le32(m), 0x7000000);
	assert_int_equal(get_le32(m + 4), 0x7000123);
	assert_string_equal((const char *)info + (get_le32(m + 8) - base), mods[0].string);
	assert_string_equal((const char *)info + (get_le32(m + 24) - base), "initrd.img");
	assert_string_equal((const char *)info + (get_le32(info + 16) - base), cmdline);
	assert_string_equal((const char *)info + (get_le32(info + 64) - base), "wireboot");
	assert_int_equal(get_le32(info + 64) - base + 9, size);
}

/* Xen's Multiboot 2 header (its tags, in its order) at 0x98 of an ELF file. */
static size_t mb2_header(uint16_t info_request_flags, uint32_t extra_type, uint16_t extra_flags)
{
	size_t at = 0x98 + 16;
	const struct { uint16_t type, flags; uint32_t size, v[4]; } tags[] = {
		{ 1, info_request_flags, 16, { 4, 6 } },
		{ 6, 0, 8, { 0 } },
		{ 10, 1, 24, { 0x200000, 0xFFFFFFFFu, 0x200000, 2 } },
		{ 7, 1, 8, { 0 } },
		{ 9, 1, 12, { 0x200010 } },
		{ (uint16_t)extra_type, extra_flags, 8, { 0 } },
		{ 0, 0, 8, { 0 } },
	};
	for (size_t i = 0; i < sizeof(tags) / sizeof(tags[0]); i++) {
		put_le16(file + at, tags[i].type);
		put_le16(file + at + 2, tags[i].flags);
		put_le32(file + at + 4, tags[i].size);
		for (uint32_t k = 0; k < (tags[i].size - 8) / 4; k++)
			put_le32(file + at + 8 + 4 * k, tags[i].v[k]);
		at += (tags[i].size + 7) & ~7u;
	}
	uint32_t len = (uint32_t)(at - 0x98);
	put_le32(file + 0x98, 0xE85250D6u);
	put_le32(file + 0x9C, 0);
	put_le32(file + 0xA0, len);
	put_le32(file + 0xA4, -(0xE85250D6u + len));
	return at;
}

static void test_multiboot2_efi_header(void **state)
{
	(void)state;
	struct multiboot2_image img;
	elf(1);
	put_le32(file + 24, 0x200000);
	phdr(0, 1, 0x1000, 0x200000, 0x200000, 0x2000, 0x3000);
	memset(file + 0x1000, 0, 16); /* no Multiboot 1 header: Multiboot 2 only */
	mb2_header(0, 0, 1); /* an optional tag 0 reads as the end tag: stops there */
	assert_int_equal(multiboot2_parse(file, 0x3800, &img), 0);
	assert_int_equal(img.header_offset, 0x98);
	assert_int_equal(img.efi64_entry, 0x200010);
	assert_true(img.efi_boot_services);
	assert_true(img.relocatable);
	assert_int_equal(img.reloc_align, 0x200000);
	assert_int_equal(img.layout.nsegs, 1);
	/* Multiboot 1 parsing says why it cannot load it. */
	struct multiboot_image one;
	assert_int_equal(multiboot_parse(file, 0x3800, &one), -WB_ENOTSUP);
	assert_non_null(strstr(one.error, "Multiboot 2"));
	/* An unknown required tag, or required information wireboot does not give. */
	mb2_header(0, 42, 0);
	assert_int_equal(multiboot2_parse(file, 0x3800, &img), -WB_ENOTSUP);
	assert_non_null(strstr(img.layout.error, "tag 42"));
	mb2_header(0, 42, 1);
	assert_int_equal(multiboot2_parse(file, 0x3800, &img), 0);
	put_le32(file + 0x98 + 16 + 12, 8); /* the request asks for tag 8 (framebuffer info) */
	assert_int_equal(multiboot2_parse(file, 0x3800, &img), -WB_ENOTSUP);
	mb2_header(1, 42, 1);           /* ... but only optionally */
	put_le32(file + 0x98 + 16 + 12, 8);
	assert_int_equal(multiboot2_parse(file, 0x3800, &img), 0);
	/* The EFI entry outside the image; no EFI entry at all; a bad checksum; a tag past
	 * the header's end. */
	mb2_header(0, 42, 1);
	put_le32(file + 0x98 + 16 + 16 + 8 + 24 + 8 + 8, 0x100000);
	assert_int_equal(multiboot2_parse(file, 0x3800, &img), -WB_EINVAL);
	mb2_header(0, 42, 1);
	put_le16(file + 0x98 + 16 + 16 + 8 + 24 + 8, 3); /* tag 9 becomes tag 3 */
	assert_int_equal(multiboot2_parse(file, 0x3800, &img), -WB_ENOTSUP);
	assert_non_null(strstr(img.layout.error, "EFI amd64 entry"));
	mb2_header(0, 42, 1);
	put_le32(file + 0xA4, 0);
	assert_int_equal(multiboot2_parse(file, 0x3800, &img), -WB_EBADMAGIC);
	mb2_header(0, 42, 1);
	put_le32(file + 0x98 + 16 + 4, 0x1000);
	assert_int_equal(multiboot2_parse(file, 0x3800, &img), -WB_EINVAL);
}

/* The next information tag after the one at *at; its type. */
static uint32_t next_tag(const uint8_t *info, size_t *at, const uint8_t **body)
{
	uint32_t type = get_le32(info + *at);
	*body = info + *at + 8;
	*at = (*at + get_le32(info + *at + 4) + 7) & ~(size_t)7;
	return type;
}

static void test_multiboot2_info_layout(void **state)
{
	(void)state;
	static uint8_t info[1024];
	const struct multiboot_module_ref mods[] = { { 0x7000000, 0x7000123, "vmlinuz a=1" } };
	const struct multiboot2_efi efi = { 0x7FF00000, 0x7EE00000, 0x200000 };
	size_t size = multiboot2_info_size("xen.gz x", mods, 1, 5);
	assert_int_equal(multiboot2_info_build(info, 64, "xen.gz x", mods, 1, qemu_map, 5, &efi),
			 -WB_ETOOBIG);
	int total = multiboot2_info_build(info, size, "xen.gz x", mods, 1, qemu_map, 5, &efi);
	assert_true(total > 0 && (size_t)total <= size && total % 8 == 0);
	assert_int_equal(get_le32(info), total);
	size_t at = 8;
	const uint8_t *b;
	assert_int_equal(next_tag(info, &at, &b), 1);
	assert_string_equal((const char *)b, "xen.gz x");
	assert_int_equal(next_tag(info, &at, &b), 2);
	assert_string_equal((const char *)b, "wireboot");
	assert_int_equal(next_tag(info, &at, &b), 3);
	assert_int_equal(get_le32(b), 0x7000000);
	assert_int_equal(get_le32(b + 4), 0x7000123);
	assert_string_equal((const char *)b + 8, "vmlinuz a=1");
	assert_int_equal(next_tag(info, &at, &b), 4);
	assert_int_equal(get_le32(b), 639);
	assert_int_equal(get_le32(b + 4), 0xFEE0000 / 1024);
	assert_int_equal(next_tag(info, &at, &b), 6);
	assert_int_equal(get_le32(b), 24);
	assert_int_equal(get_le64(b + 8 + 3 * 24), 0x100000);
	assert_int_equal(get_le32(b + 8 + 4 * 24 + 16), 2);
	assert_int_equal(next_tag(info, &at, &b), 12);
	assert_int_equal(get_le64(b), 0x7FF00000);
	assert_int_equal(next_tag(info, &at, &b), 18);
	assert_int_equal(next_tag(info, &at, &b), 20);
	assert_int_equal(get_le64(b), 0x7EE00000);
	assert_int_equal(next_tag(info, &at, &b), 21);
	assert_int_equal(get_le32(b), 0x200000);
	assert_int_equal(next_tag(info, &at, &b), 0);
	assert_int_equal(at, (size_t)total);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_aout_kludge_layout),
		cmocka_unit_test(test_header_checks),
		cmocka_unit_test(test_elf_segments),
		cmocka_unit_test(test_segments_must_be_in_ram),
		cmocka_unit_test(test_info_layout),
		cmocka_unit_test(test_multiboot2_efi_header),
		cmocka_unit_test(test_multiboot2_info_layout),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
