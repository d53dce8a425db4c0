/* SPDX-License-Identifier: GPL-2.0-or-later */
/* loaders/boot_kind.c: what a file in the kernel's place is. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/byteorder.h"
#include "core/errors.h"
#include "loaders/boot_kind.h"

static uint8_t buf[40000];

static int detect(const char *name, bool as_pxe, size_t len, enum boot_kind *kind)
{
	return boot_kind_detect(name, as_pxe, buf, len, kind);
}

static void test_linux_and_efi_stub_kernel_are_linux(void **state)
{
	(void)state;
	enum boot_kind k = BOOT_KIND_POWER;
	memset(buf, 0, sizeof(buf));
	memcpy(buf + 0x202, "HdrS", 4);
	assert_int_equal(detect("vmlinuz", false, 0x206, &k), 0);
	assert_int_equal(k, BOOT_KIND_LINUX);
	/* An EFI-stub kernel is also a PE image: it stays Linux. */
	buf[0] = 'M', buf[1] = 'Z';
	put_le32(buf + 0x3C, 0x400);
	memcpy(buf + 0x400, "PE\0\0", 4);
	assert_int_equal(detect("vmlinuz", false, 0x1000, &k), 0);
	assert_int_equal(k, BOOT_KIND_LINUX);
	/* Without HdrS the same bytes are an EFI application. */
	memset(buf + 0x202, 0, 4);
	assert_int_equal(detect("grubx64.efi", false, 0x1000, &k), 0);
	assert_int_equal(k, BOOT_KIND_EFI_APP);
	/* A PE offset past the end is not a PE image. */
	put_le32(buf + 0x3C, 0xFFFFFFF0u);
	assert_int_equal(detect("x", false, 0x1000, &k), -WB_ENOEXEC);
	/* Truncated before the header: nothing. */
	assert_int_equal(detect("x", false, 0x205, &k), -WB_ENOEXEC);
}

static void test_multiboot_headers(void **state)
{
	(void)state;
	enum boot_kind k;
	memset(buf, 0, sizeof(buf));
	put_le32(buf + 4096, 0x1BADB002u);
	put_le32(buf + 4100, 0x00010003u);
	put_le32(buf + 4104, -(0x1BADB002u + 0x00010003u));
	assert_int_equal(detect("xen", false, 8192, &k), 0);
	assert_int_equal(k, BOOT_KIND_MULTIBOOT);
	/* A wrong checksum, or the header beyond the first 8 KiB, is not Multiboot 1. */
	put_le32(buf + 4104, 1);
	assert_int_equal(detect("xen", false, 8192, &k), -WB_ENOEXEC);
	memset(buf, 0, sizeof(buf));
	put_le32(buf + 8192, 0x1BADB002u);
	put_le32(buf + 8200, -0x1BADB002u);
	assert_int_equal(detect("xen", false, 9000, &k), -WB_ENOEXEC);
	/* Multiboot 2: 8-aligned in the first 32 KiB, four words summing to zero. */
	memset(buf, 0, sizeof(buf));
	put_le32(buf + 16384, 0xE85250D6u);
	put_le32(buf + 16392, 24);
	put_le32(buf + 16396, -(0xE85250D6u + 24));
	assert_int_equal(detect("xen", false, 20000, &k), 0);
	assert_int_equal(k, BOOT_KIND_MULTIBOOT);
	/* Cut inside the header: not found, and nothing read past the end (ASan). */
	assert_int_equal(detect("xen", false, 16390, &k), -WB_ENOEXEC);
}

static void test_pxe_programs_by_config_or_name(void **state)
{
	(void)state;
	enum boot_kind k;
	memset(buf, 0x90, sizeof(buf));
	assert_int_equal(detect("undionly.kpxe", false, 512, &k), 0);
	assert_int_equal(k, BOOT_KIND_PXE);
	assert_int_equal(detect("px/pxelinux.0", false, 512, &k), 0);
	assert_int_equal(k, BOOT_KIND_PXE);
	assert_int_equal(detect("wdsnbp.com", false, 512, &k), 0);
	assert_int_equal(k, BOOT_KIND_PXE);
	/* Any name when the configuration said PXE. */
	assert_int_equal(detect("nbp", true, 512, &k), 0);
	assert_int_equal(k, BOOT_KIND_PXE);
	/* Otherwise an unknown file is refused, and "0" alone is no extension. */
	assert_int_equal(detect("vmlinux", false, 512, &k), -WB_ENOEXEC);
	assert_int_equal(detect(".0", false, 512, &k), -WB_ENOEXEC);
	assert_int_equal(detect("x.0", false, 0, &k), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_linux_and_efi_stub_kernel_are_linux),
		cmocka_unit_test(test_multiboot_headers),
		cmocka_unit_test(test_pxe_programs_by_config_or_name),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
