// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * loaders/bzimage.c on real images (the installed Debian kernel, syslinux's memdisk), on
 * hand-made headers for protocols 2.00 to 2.15, and on broken files.  Hand-made headers fill
 * everything a protocol does not define with 0xCC ("code"), so reading a field the version
 * lacks shows up as a wrong value.  Truncated files are copied into buffers of exactly their
 * length, so ASan catches any read past the end.
 */
#include <glob.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "core/byteorder.h"
#include "core/errors.h"
#include "core/string.h"
#include "loaders/bzimage.h"

/* ---- hand-made images ----------------------------------------------------------------- */

struct spec {
	uint16_t version;
	uint8_t setup_sects;
	uint8_t loadflags;
	uint32_t syssize;
	uint32_t initrd_addr_max; /* 2.03+ */
	uint32_t kernel_alignment; /* 2.05+ */
	uint8_t relocatable;      /* 2.05+ */
	uint16_t xloadflags;      /* 2.12+ */
	uint32_t cmdline_size;    /* 2.06+ */
	uint64_t pref_address;    /* 2.10+ */
	uint32_t init_size;       /* 2.10+ */
	uint32_t handover_offset; /* 2.11+ */
	size_t kernel_len;
};

static size_t header_end_of(uint16_t v)
{
	return v >= 0x20f ? 0x26C : v >= 0x20b ? 0x268 : v >= 0x20a ? 0x264 : v >= 0x206 ? 0x23C
	     : v >= 0x205 ? 0x236 : v >= 0x203 ? 0x230 : v >= 0x202 ? 0x22C : v >= 0x201 ? 0x226
	     : 0x224;
}

/* A whole image per spec in a malloc'ed buffer of exactly its size. */
static uint8_t *make_image(const struct spec *s, size_t *len)
{
	size_t setup = ((size_t)(s->setup_sects ? s->setup_sects : 4) + 1) * 512;
	*len = setup + s->kernel_len;
	uint8_t *f = malloc(*len);
	assert_non_null(f);
	memset(f, 0xCC, *len);
	uint16_t v = s->version;
	f[0x1F1] = s->setup_sects;
	if (v >= 0x204)
		put_le32(f + 0x1F4, s->syssize);
	else
		put_le16(f + 0x1F4, (uint16_t)s->syssize);
	put_le16(f + 0x1FA, 0xFFFF);
	put_le16(f + 0x1FE, 0xAA55);
	f[0x200] = 0xEB;
	f[0x201] = (uint8_t)(header_end_of(v) - 0x202);
	memcpy(f + 0x202, "HdrS", 4);
	put_le16(f + 0x206, v);
	put_le16(f + 0x20E, 0x100); /* version string at 0x300 */
	memcpy(f + 0x300, "test-kernel 1.0", 16);
	f[0x210] = 0;
	f[0x211] = s->loadflags;
	put_le32(f + 0x214, 0x100000);
	put_le32(f + 0x218, 0);
	put_le32(f + 0x21C, 0);
	if (v >= 0x201)
		put_le16(f + 0x224, 0);
	if (v >= 0x202)
		put_le32(f + 0x228, 0);
	if (v >= 0x203)
		put_le32(f + 0x22C, s->initrd_addr_max);
	if (v >= 0x205) {
		put_le32(f + 0x230, s->kernel_alignment);
		f[0x234] = s->relocatable;
	}
	if (v >= 0x206)
		put_le32(f + 0x238, s->cmdline_size);
	if (v >= 0x20a) {
		f[0x235] = 21;
		put_le64(f + 0x258, s->pref_address);
		put_le32(f + 0x260, s->init_size);
	}
	if (v >= 0x20b)
		put_le32(f + 0x264, s->handover_offset);
	if (v >= 0x20c)
		put_le16(f + 0x236, s->xloadflags);
	if (v >= 0x20f)
		put_le32(f + 0x268, 0);
	return f;
}

/* make_image() of a spec that must parse; info is what bzimage_parse() found. */
static uint8_t *make_parsed_image(const struct spec *s, size_t *len, struct bzimage_info *info)
{
	uint8_t *f = make_image(s, len);
	assert_int_equal(bzimage_parse(f, *len, info), 0);
	return f;
}

/* A copy of a parsed image's real-mode setup, as a loader makes it before filling it in. */
static uint8_t *setup_copy(const uint8_t *f, const struct bzimage_info *info)
{
	uint8_t *setup = malloc(info->setup_len);
	assert_non_null(setup);
	memcpy(setup, f, info->setup_len);
	return setup;
}

/* A modern kernel: 2.15, relocatable, 64-bit, like Debian's. */
static const struct spec modern = {
	.version = 0x020f, .setup_sects = 31, .loadflags = 0x01, .syssize = 0x100,
	.initrd_addr_max = 0x7fffffff, .kernel_alignment = 0x200000, .relocatable = 1,
	.xloadflags = 0x7f, .cmdline_size = 0x7ff, .pref_address = 0x1000000,
	.init_size = 0x3000000, .handover_offset = 0x1234, .kernel_len = 0x1000,
};

/* Kitten (shared/notes/kitten-facts.md): 2.06, 10 setup sectors, not relocatable. */
static const struct spec kitten = {
	.version = 0x0206, .setup_sects = 10, .loadflags = 0x01, .syssize = 0x3d09,
	.initrd_addr_max = 0xffffffff, .kernel_alignment = 0x200000, .relocatable = 0,
	.cmdline_size = 0x3ff, .kernel_len = 250000,
};

static void test_handmade_protocols(void **state)
{
	(void)state;
	static const struct {
		struct spec s;
		uint32_t initrd_addr_max, cmdline_size, kernel_alignment;
		bool relocatable;
		uint64_t pref;
		uint32_t init_size, handover;
		uint16_t xlf;
	} cases[] = {
		/* 2.00 with setup_sects 0 (= 4): defaults for everything newer. */
		{ { .version = 0x0200, .setup_sects = 0, .loadflags = 1, .syssize = 0x80, .kernel_len = 2048 },
		  0x37FFFFFF, 255, 0, false, 0, 0, 0, 0 },
		{ { .version = 0x0201, .setup_sects = 4, .loadflags = 1, .syssize = 0x80, .kernel_len = 2048 },
		  0x37FFFFFF, 255, 0, false, 0, 0, 0, 0 },
		{ { .version = 0x0202, .setup_sects = 4, .loadflags = 0x81, .syssize = 0x80, .kernel_len = 2048 },
		  0x37FFFFFF, 255, 0, false, 0, 0, 0, 0 },
		{ { .version = 0x0203, .setup_sects = 5, .loadflags = 1, .syssize = 0x80,
		    .initrd_addr_max = 0x7fffffff, .kernel_len = 2048 },
		  0x7fffffff, 255, 0, false, 0, 0, 0, 0 },
		{ kitten, 0xffffffff, 0x3ff, 0x200000, false, 0, 0, 0, 0 },
		{ { .version = 0x020a, .setup_sects = 12, .loadflags = 1, .syssize = 0x80,
		    .initrd_addr_max = 0x7fffffff, .kernel_alignment = 0x1000000, .relocatable = 1,
		    .cmdline_size = 0x7ff, .pref_address = 0x1000000, .init_size = 0x800000,
		    .handover_offset = 0x99, .xloadflags = 0x3, .kernel_len = 2048 },
		  0x7fffffff, 0x7ff, 0x1000000, true, 0x1000000, 0x800000, 0, 0 },
		{ { .version = 0x020c, .setup_sects = 12, .loadflags = 1, .syssize = 0x80,
		    .initrd_addr_max = 0x7fffffff, .kernel_alignment = 0x200000, .relocatable = 1,
		    .cmdline_size = 0x7ff, .pref_address = 0x1000000, .init_size = 0x800000,
		    .handover_offset = 0x190, .xloadflags = 0x0b, .kernel_len = 2048 },
		  0x7fffffff, 0x7ff, 0x200000, true, 0x1000000, 0x800000, 0x190, 0x0b },
		{ modern, 0x7fffffff, 0x7ff, 0x200000, true, 0x1000000, 0x3000000, 0x1234, 0x7f },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t len;
		uint8_t *f = make_image(&cases[i].s, &len);
		struct bzimage_info info;
		size_t setup = ((size_t)(cases[i].s.setup_sects ? cases[i].s.setup_sects : 4) + 1) * 512;
		assert_int_equal(bzimage_parse(f, len, &info), 0);
		assert_int_equal(info.protocol, cases[i].s.version);
		assert_int_equal(info.setup_sects, cases[i].s.setup_sects);
		assert_int_equal(info.setup_len, setup);
		assert_int_equal(info.kernel_offset, setup);
		assert_int_equal(info.kernel_len, cases[i].s.kernel_len);
		assert_int_equal(info.header_end, header_end_of(cases[i].s.version));
		assert_int_equal(info.syssize, cases[i].s.syssize);
		assert_int_equal(info.loadflags, cases[i].s.loadflags);
		assert_int_equal(info.code32_start, 0x100000);
		assert_int_equal(info.initrd_addr_max, cases[i].initrd_addr_max);
		assert_int_equal(info.cmdline_size, cases[i].cmdline_size);
		assert_int_equal(info.kernel_alignment, cases[i].kernel_alignment);
		assert_int_equal(info.relocatable, cases[i].relocatable);
		assert_true(info.pref_address == cases[i].pref);
		assert_int_equal(info.init_size, cases[i].init_size);
		assert_int_equal(info.handover_offset, cases[i].handover);
		assert_int_equal(info.xloadflags, cases[i].xlf);
		assert_false(info.has_efi_stub);
		assert_string_equal(info.version, "test-kernel 1.0");
		free(f);
	}
}

/* ---- broken files --------------------------------------------------------------------- */

static int parse_copy(const uint8_t *f, size_t len, struct bzimage_info *info)
{
	uint8_t *copy = malloc(len ? len : 1);
	assert_non_null(copy);
	memcpy(copy, f, len);
	int r = bzimage_parse(copy, len, info);
	free(copy);
	return r;
}

/* Every prefix shorter than the setup (and a kernel shorter than syssize) is truncated. */
static void check_truncations(const uint8_t *f, size_t len, size_t upto)
{
	struct bzimage_info info;
	for (size_t k = 0; k <= upto && k < len; k++)
		assert_int_equal(parse_copy(f, k, &info), -WB_ETRUNCATED);
}

static void test_truncated_everywhere(void **state)
{
	(void)state;
	size_t len;
	uint8_t *f = make_image(&modern, &len);
	struct bzimage_info info;
	size_t setup = 32 * 512;
	check_truncations(f, len, 0x280);
	for (size_t k = setup - 2; k <= setup + 0x1000 - 16; k++) /* syssize 0x100: 4096 bytes */
		assert_int_equal(parse_copy(f, k, &info), -WB_ETRUNCATED);
	/* Within the 15 bytes of syssize rounding: accepted. */
	assert_int_equal(parse_copy(f, setup + 0x1000 - 15, &info), 0);
	assert_int_equal(info.kernel_len, 0x1000 - 15);
	free(f);

	f = make_image(&kitten, &len);
	check_truncations(f, len, 11 * 512);
	free(f);
}

static void test_bad_headers(void **state)
{
	(void)state;
	size_t len;
	struct bzimage_info info;
	uint8_t *f = make_image(&modern, &len);

	f[0x1FF] = 0x00; /* boot flag 0x0055 */
	assert_int_equal(parse_copy(f, len, &info), -WB_EBADMAGIC);
	f[0x1FF] = 0xAA;
	f[0x202] = 'h'; /* no HdrS: an old zImage or no kernel at all */
	assert_int_equal(parse_copy(f, len, &info), -WB_EPROTO_OLD);
	f[0x202] = 'H';
	put_le16(f + 0x206, 0x01FF);
	assert_int_equal(parse_copy(f, len, &info), -WB_EPROTO_OLD);
	put_le16(f + 0x206, 0x020F);
	f[0x211] = 0x80; /* not LOADED_HIGH: zImage */
	assert_int_equal(parse_copy(f, len, &info), -WB_ENOT_HIGH);
	f[0x211] = 0x01;
	f[0x1F1] = 200; /* setup past the end of the file */
	assert_int_equal(parse_copy(f, len, &info), -WB_ETRUNCATED);
	f[0x1F1] = 31;
	put_le32(f + 0x1F4, 0x101); /* syssize: 16 bytes more than there are */
	assert_int_equal(parse_copy(f, len, &info), -WB_ETRUNCATED);
	put_le32(f + 0x1F4, 0x100);
	put_le16(f + 0x20E, 32 * 512 - 0x200 - 3); /* version string cut by the setup end */
	memcpy(f + 32 * 512 - 3, "abcdef", 6);
	assert_int_equal(parse_copy(f, len, &info), 0);
	assert_string_equal(info.version, "abc");
	put_le16(f + 0x20E, 0xFFFF); /* pointing past the setup: no version */
	assert_int_equal(parse_copy(f, len, &info), 0);
	assert_string_equal(info.version, "");
	free(f);
}

static void test_efi_stub_detection(void **state)
{
	(void)state;
	size_t len;
	struct bzimage_info info;
	uint8_t *f = make_image(&modern, &len);
	f[0] = 'M';
	f[1] = 'Z';
	put_le32(f + 0x3C, 0x80);
	memcpy(f + 0x80, "PE\0\0", 4);
	assert_int_equal(parse_copy(f, len, &info), 0);
	assert_true(info.has_efi_stub);
	memcpy(f + len - 4, "PE\0\0", 4); /* the last 4 bytes of the file: still inside */
	put_le32(f + 0x3C, (uint32_t)len - 4);
	assert_int_equal(parse_copy(f, len, &info), 0);
	assert_true(info.has_efi_stub);
	put_le32(f + 0x3C, (uint32_t)len - 3); /* would read past the end */
	assert_int_equal(parse_copy(f, len, &info), 0);
	assert_false(info.has_efi_stub);
	put_le32(f + 0x3C, 0xFFFFFFFF);
	assert_int_equal(parse_copy(f, len, &info), 0);
	assert_false(info.has_efi_stub);
	put_le32(f + 0x3C, 0x80);
	f[0x83] = 1; /* "PE\0\1" */
	assert_int_equal(parse_copy(f, len, &info), 0);
	assert_false(info.has_efi_stub);
	free(f);
}

/* ---- real images ---------------------------------------------------------------------- */

static uint8_t *read_file(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	fseek(fp, 0, SEEK_END);
	long n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	uint8_t *buf = malloc(n > 0 ? (size_t)n : 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
	fclose(fp);
	*len = (size_t)n;
	return buf;
}

/*
 * The Debian kernel.  Values for vmlinuz-6.1.0-56-amd64 as read independently with
 *   python3 -c 'import struct; d=open(f,"rb").read(); struct.unpack_from("<H", d, 0x206) ...'
 * protocol 0x20f, setup_sects 39, syssize 0x7d820, loadflags 0x01, code32_start 0x100000,
 * initrd_addr_max 0x7fffffff, kernel_alignment 0x200000, relocatable 1, xloadflags 0x7f,
 * cmdline_size 0x7ff, pref_address 0x1000000, init_size 0x3f98000, handover 0x7c8db0,
 * header end 0x26c (jump eb 6a), "MZ" and PE header at 0x40, 8247232 bytes, version string
 * at 0x42c0 + 0x200 "6.1.0-56-amd64 (debian-kernel@lists.debian.org) #1 SMP PREEMPT_DYNAMIC...".
 * Other kernels get the checks every current Debian amd64 kernel passes.
 */
static void test_debian_kernel(void **state)
{
	(void)state;
	glob_t g;
	if (glob("/boot/vmlinuz-*", 0, NULL, &g) != 0 || g.gl_pathc == 0) {
		print_message("SKIP: no /boot/vmlinuz-* (install linux-image-amd64: scripts/install-deps)\n");
		globfree(&g);
		skip();
	}
	const char *path = g.gl_pathv[g.gl_pathc - 1];
	size_t len;
	uint8_t *f = read_file(path, &len);
	if (!f) {
		print_message("SKIP: %s is not readable\n", path);
		globfree(&g);
		skip();
	}
	struct bzimage_info info;
	assert_int_equal(bzimage_parse(f, len, &info), 0);
	assert_true(info.protocol >= 0x020f);
	assert_int_equal(info.loadflags & BZ_LOADED_HIGH, BZ_LOADED_HIGH);
	assert_true(info.relocatable);
	assert_int_equal(info.xloadflags & BZ_XLF_KERNEL_64, BZ_XLF_KERNEL_64);
	assert_true(info.has_efi_stub);
	assert_int_equal(info.code32_start, 0x100000);
	assert_int_equal(info.cmdline_size, 0x7ff);
	assert_int_equal(info.kernel_alignment, 0x200000);
	assert_int_equal(info.setup_len, ((size_t)info.setup_sects + 1) * 512);
	assert_int_equal(info.kernel_len, len - info.setup_len);
	/* The version string starts with the release in the file name. */
	const char *release = strrchr(path, '/') + strlen("/vmlinuz-");
	assert_int_equal(strncmp(info.version, release, strlen(release)), 0);
	if (!strcmp(release, "6.1.0-56-amd64")) {
		assert_int_equal(len, 8247232);
		assert_int_equal(info.protocol, 0x020f);
		assert_int_equal(info.setup_sects, 39);
		assert_int_equal(info.setup_len, 20480);
		assert_int_equal(info.kernel_len, 8247232 - 20480);
		assert_int_equal(info.syssize, 0x7d820);
		assert_int_equal(info.loadflags, 0x01);
		assert_int_equal(info.initrd_addr_max, 0x7fffffff);
		assert_int_equal(info.xloadflags, 0x7f);
		assert_true(info.pref_address == 0x1000000);
		assert_int_equal(info.init_size, 0x3f98000);
		assert_int_equal(info.handover_offset, 0x7c8db0);
		assert_int_equal(info.header_end, 0x26c);
		assert_string_equal(info.version,
			"6.1.0-56-amd64 (debian-kernel@lists.debian.org) #1 SMP PREEMPT_"); /* 63 */
	}
	/* Truncated anywhere in its header or setup, or in the kernel: a clean error. */
	check_truncations(f, len, 0x280);
	struct bzimage_info t;
	assert_int_equal(parse_copy(f, info.setup_len, &t), -WB_ETRUNCATED);
	assert_int_equal(parse_copy(f, len / 2, &t), -WB_ETRUNCATED);
	assert_int_equal(bzimage_initrd_limit(&info, 0x100000000ull), 0x80000000ull);
	assert_int_equal(bzimage_initrd_limit(&info, 0x10000000ull), 0x10000000ull);
	free(f);
	globfree(&g);
}

/*
 * syslinux's memdisk 6.04 (Debian syslinux-common), read with python struct: 26792 bytes,
 * protocol 0x203, setup_sects 3, loadflags 0x01, code32_start 0x100000, initrd_addr_max
 * 0xffffffff, syssize 0, header end 0x240 (jump eb 3e), version "MEMDISK 6.04 20200816".
 */
static void test_memdisk(void **state)
{
	(void)state;
	size_t len;
	uint8_t *f = read_file("/usr/lib/syslinux/memdisk", &len);
	if (!f) {
		print_message("SKIP: no /usr/lib/syslinux/memdisk (install syslinux-common)\n");
		skip();
	}
	struct bzimage_info info;
	assert_int_equal(bzimage_parse(f, len, &info), 0);
	assert_int_equal(info.protocol, 0x0203);
	assert_int_equal(info.setup_len, ((size_t)info.setup_sects + 1) * 512);
	assert_int_equal(info.loadflags, 0x01);
	assert_int_equal(info.code32_start, 0x100000);
	assert_int_equal(info.initrd_addr_max, 0xffffffff);
	assert_int_equal(info.cmdline_size, 255);      /* before 2.06 */
	assert_false(info.relocatable);                /* before 2.05 */
	assert_int_equal(info.kernel_alignment, 0);
	assert_int_equal(info.xloadflags, 0);          /* before 2.12 */
	assert_false(info.has_efi_stub);
	assert_int_equal(strncmp(info.version, "MEMDISK ", 8), 0);
	if (len == 26792) {
		assert_int_equal(info.setup_sects, 3);
		assert_int_equal(info.setup_len, 2048);
		assert_int_equal(info.kernel_len, 24744);
		assert_int_equal(info.syssize, 0);
		assert_int_equal(info.header_end, 0x240);
		assert_string_equal(info.version, "MEMDISK 6.04 20200816");
	}
	check_truncations(f, len, info.setup_len);
	assert_int_equal(bzimage_initrd_limit(&info, 0x200000000ull), 0x100000000ull);
	free(f);
}

/* ---- bzimage_fill_setup --------------------------------------------------------------- */

struct patch {
	size_t off;
	size_t n;
	uint8_t bytes[4];
};

/* fill_setup must change exactly the patched bytes of `before`. */
static void assert_patched(const uint8_t *before, const uint8_t *after, size_t len,
			   const struct patch *p, size_t np)
{
	uint8_t *want = malloc(len);
	assert_non_null(want);
	memcpy(want, before, len);
	for (size_t i = 0; i < np; i++)
		memcpy(want + p[i].off, p[i].bytes, p[i].n);
	for (size_t i = 0; i < len; i++)
		if (want[i] != after[i])
			fail_msg("byte 0x%zx: want 0x%02x, got 0x%02x", i, want[i], after[i]);
	free(want);
}

static const struct bzimage_load real_mode_load = {
	.setup_base = 0x10000, .kernel_addr = 0x100000, .cmdline_addr = 0x19000,
	.initrd_addr = 0x7f000000, .initrd_len = 0x123456, .vid_mode = 0xFFFF,
};

static void test_fill_setup_2_15(void **state)
{
	(void)state;
	size_t len;
	struct bzimage_info info;
	uint8_t *f = make_parsed_image(&modern, &len, &info);
	uint8_t *setup = setup_copy(f, &info);
	assert_int_equal(bzimage_fill_setup(&info, setup, info.setup_len, &real_mode_load), 0);
	const struct patch p[] = {
		{ 0x1FA, 2, { 0xFF, 0xFF } },             /* vid_mode */
		{ 0x210, 1, { 0xFF } },                   /* type_of_loader: undefined, never 0 */
		{ 0x211, 1, { 0x81 } },                   /* LOADED_HIGH | CAN_USE_HEAP */
		{ 0x214, 4, { 0x00, 0x00, 0x10, 0x00 } }, /* code32_start */
		{ 0x218, 4, { 0x00, 0x00, 0x00, 0x7f } }, /* ramdisk_image */
		{ 0x21C, 4, { 0x56, 0x34, 0x12, 0x00 } }, /* ramdisk_size */
		{ 0x224, 2, { 0x00, 0x8E } },             /* heap_end_ptr = 0x9000 - 0x200 */
		{ 0x228, 4, { 0x00, 0x90, 0x01, 0x00 } }, /* cmd_line_ptr */
	};
	assert_patched(f, setup, info.setup_len, p, sizeof(p) / sizeof(p[0]));

	/* A relocatable kernel may go elsewhere; the initrd must end below initrd_addr_max. */
	struct bzimage_load l = real_mode_load;
	l.kernel_addr = 0x1000000;
	assert_int_equal(bzimage_fill_setup(&info, setup, info.setup_len, &l), 0);
	assert_int_equal(get_le32(setup + 0x214), 0x1000000);
	l.initrd_addr = 0x7ffff000;
	l.initrd_len = 0x1000; /* last byte 0x7fffffff: fits */
	assert_int_equal(bzimage_fill_setup(&info, setup, info.setup_len, &l), 0);
	l.initrd_len = 0x1001;
	assert_int_equal(bzimage_fill_setup(&info, setup, info.setup_len, &l), -WB_ERANGE);
	l = real_mode_load;
	l.cmdline_addr = 0;
	assert_int_equal(bzimage_fill_setup(&info, setup, info.setup_len, &l), -WB_EINVAL);
	assert_int_equal(bzimage_fill_setup(&info, setup, 0x22B, &real_mode_load), -WB_EINVAL);
	/* No initrd: ramdisk fields are zero whatever initrd_addr says. */
	l = real_mode_load;
	l.initrd_len = 0;
	assert_int_equal(bzimage_fill_setup(&info, setup, info.setup_len, &l), 0);
	assert_int_equal(get_le32(setup + 0x218), 0);
	assert_int_equal(get_le32(setup + 0x21C), 0);
	free(setup);
	free(f);
}

/* Kitten, 2.06, entered at 32 bits: fields written into a zeroed boot_params' hdr. */
static void test_fill_setup_2_06_boot_params(void **state)
{
	(void)state;
	size_t len;
	struct bzimage_info info;
	uint8_t *f = make_parsed_image(&kitten, &len, &info);
	assert_int_equal(info.header_end, 0x23C);
	uint8_t zero_page[4096] = { 0 }, before[4096];
	memcpy(zero_page + 0x1F1, f + 0x1F1, info.header_end - 0x1F1);
	memcpy(before, zero_page, sizeof(before));
	const struct bzimage_load load = {
		.setup_base = 0, .kernel_addr = 0x100000, .cmdline_addr = 0x20000,
		.initrd_addr = 0x7e000000, .initrd_len = 890000, .vid_mode = 0xFFFF,
	};
	assert_int_equal(bzimage_fill_setup(&info, zero_page, sizeof(zero_page), &load), 0);
	const struct patch p[] = {
		{ 0x1FA, 2, { 0xFF, 0xFF } },
		{ 0x210, 1, { 0xFF } },                   /* Kitten ignores the initrd if 0 */
		{ 0x211, 1, { 0x01 } },                   /* no heap at the 32-bit entry */
		{ 0x214, 4, { 0x00, 0x00, 0x10, 0x00 } },
		{ 0x218, 4, { 0x00, 0x00, 0x00, 0x7e } },
		{ 0x21C, 4, { 0x90, 0x94, 0x0d, 0x00 } }, /* 890000 */
		{ 0x228, 4, { 0x00, 0x00, 0x02, 0x00 } },
	};
	assert_patched(before, zero_page, sizeof(zero_page), p, sizeof(p) / sizeof(p[0]));
	for (size_t i = info.header_end; i < sizeof(zero_page); i++)
		assert_int_equal(zero_page[i], 0); /* nothing beyond the 2.06 header */

	/* Not relocatable: must run at code32_start. */
	struct bzimage_load l = load;
	l.kernel_addr = 0x200000;
	assert_int_equal(bzimage_fill_setup(&info, zero_page, sizeof(zero_page), &l), -WB_EINVAL);
	free(f);
}

/* Kitten at the 16-bit entry: the real-mode copy gets the heap, bytes past 0x23C stay code. */
static void test_fill_setup_2_06_real_mode(void **state)
{
	(void)state;
	size_t len;
	struct bzimage_info info;
	uint8_t *f = make_parsed_image(&kitten, &len, &info);
	uint8_t *setup = setup_copy(f, &info);
	assert_int_equal(bzimage_fill_setup(&info, setup, info.setup_len, &real_mode_load), 0);
	const struct patch p[] = {
		{ 0x1FA, 2, { 0xFF, 0xFF } },
		{ 0x210, 1, { 0xFF } },
		{ 0x211, 1, { 0x81 } },
		{ 0x214, 4, { 0x00, 0x00, 0x10, 0x00 } },
		{ 0x218, 4, { 0x00, 0x00, 0x00, 0x7f } },
		{ 0x21C, 4, { 0x56, 0x34, 0x12, 0x00 } },
		{ 0x224, 2, { 0x00, 0x8E } },
		{ 0x228, 4, { 0x00, 0x90, 0x01, 0x00 } },
	};
	assert_patched(f, setup, info.setup_len, p, sizeof(p) / sizeof(p[0]));
	free(setup);
	free(f);
}

/* Protocols before 2.02: the command line through 0xA33F at 0x20 and its offset at 0x22. */
static void test_fill_setup_old_protocols(void **state)
{
	(void)state;
	const struct spec s201 = { .version = 0x0201, .setup_sects = 4, .loadflags = 1,
				   .syssize = 0x80, .kernel_len = 2048 };
	size_t len;
	struct bzimage_info info;
	uint8_t *f = make_parsed_image(&s201, &len, &info);
	uint8_t *setup = setup_copy(f, &info);
	struct bzimage_load l = real_mode_load;
	l.initrd_addr = 0x37000000;
	l.initrd_len = 0x1000;
	assert_int_equal(bzimage_fill_setup(&info, setup, info.setup_len, &l), 0);
	const struct patch p201[] = {
		{ 0x020, 2, { 0x3F, 0xA3 } },             /* cmd_line_magic */
		{ 0x022, 2, { 0x00, 0x90 } },             /* cmd_line_offset */
		{ 0x1FA, 2, { 0xFF, 0xFF } },
		{ 0x210, 1, { 0xFF } },
		{ 0x211, 1, { 0x81 } },
		{ 0x212, 2, { 0x00, 0x91 } },             /* setup_move_size: through the cmdline */
		{ 0x214, 4, { 0x00, 0x00, 0x10, 0x00 } },
		{ 0x218, 4, { 0x00, 0x00, 0x00, 0x37 } },
		{ 0x21C, 4, { 0x00, 0x10, 0x00, 0x00 } },
		{ 0x224, 2, { 0x00, 0x8E } },
	};
	assert_patched(f, setup, info.setup_len, p201, sizeof(p201) / sizeof(p201[0]));
	assert_int_equal(bzimage_fill_setup(&info, setup, info.setup_len, &real_mode_load), -WB_ERANGE);
	l.setup_base = 0; /* 32-bit entry cannot pass a pre-2.02 command line */
	assert_int_equal(bzimage_fill_setup(&info, setup, info.setup_len, &l), -WB_ENOTSUP);
	l.setup_base = 0x20000; /* command line below the segment */
	assert_int_equal(bzimage_fill_setup(&info, setup, info.setup_len, &l), -WB_EINVAL);
	free(setup);
	free(f);

	const struct spec s200 = { .version = 0x0200, .setup_sects = 4, .loadflags = 1,
				   .syssize = 0x80, .kernel_len = 2048 };
	f = make_parsed_image(&s200, &len, &info);
	setup = setup_copy(f, &info);
	l = real_mode_load;
	l.initrd_len = 0;
	assert_int_equal(bzimage_fill_setup(&info, setup, info.setup_len, &l), 0);
	const struct patch p200[] = {
		{ 0x020, 2, { 0x3F, 0xA3 } },
		{ 0x022, 2, { 0x00, 0x90 } },
		{ 0x1FA, 2, { 0xFF, 0xFF } },
		{ 0x210, 1, { 0xFF } },
		{ 0x211, 1, { 0x01 } },                   /* 2.00 has no heap_end_ptr */
		{ 0x212, 2, { 0x00, 0x91 } },
		{ 0x214, 4, { 0x00, 0x00, 0x10, 0x00 } },
		{ 0x218, 4, { 0x00, 0x00, 0x00, 0x00 } },
		{ 0x21C, 4, { 0x00, 0x00, 0x00, 0x00 } },
	};
	assert_patched(f, setup, info.setup_len, p200, sizeof(p200) / sizeof(p200[0]));
	free(setup);
	free(f);
}

static void test_fill_setup_real_mode_too_big(void **state)
{
	(void)state;
	struct spec s = modern;
	s.setup_sects = 64; /* 65 * 512 > 32 KiB */
	size_t len;
	struct bzimage_info info;
	uint8_t *f = make_parsed_image(&s, &len, &info);
	assert_int_equal(bzimage_fill_setup(&info, f, info.setup_len, &real_mode_load), -WB_ETOOBIG);
	struct bzimage_load l = real_mode_load;
	l.setup_base = 0; /* fine through boot_params */
	assert_int_equal(bzimage_fill_setup(&info, f, info.setup_len, &l), 0);
	free(f);
}

static void test_initrd_limit(void **state)
{
	(void)state;
	struct bzimage_info info = { .initrd_addr_max = 0x37FFFFFF };
	assert_true(bzimage_initrd_limit(&info, 0x100000000ull) == 0x38000000ull);
	assert_true(bzimage_initrd_limit(&info, 0x2000000ull) == 0x2000000ull);
	info.initrd_addr_max = 0xFFFFFFFF;
	assert_true(bzimage_initrd_limit(&info, UINT64_MAX) == 0x100000000ull);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_handmade_protocols),
		cmocka_unit_test(test_truncated_everywhere),
		cmocka_unit_test(test_bad_headers),
		cmocka_unit_test(test_efi_stub_detection),
		cmocka_unit_test(test_debian_kernel),
		cmocka_unit_test(test_memdisk),
		cmocka_unit_test(test_fill_setup_2_15),
		cmocka_unit_test(test_fill_setup_2_06_boot_params),
		cmocka_unit_test(test_fill_setup_2_06_real_mode),
		cmocka_unit_test(test_fill_setup_old_protocols),
		cmocka_unit_test(test_fill_setup_real_mode_too_big),
		cmocka_unit_test(test_initrd_limit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
