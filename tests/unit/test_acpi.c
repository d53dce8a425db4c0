// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * rom/acpi.c: the RSDP scan, RSDT and XSDT to the FADT, PM1a/PM1b ports (32-bit fields), and the \_S5 package in AML as QEMU's SeaBIOS tables have it
 * (Name(_S5, Package(){0x00, 0x00}) -> 08 5F 53 35 5F 12 06 04 00 00 00 00 for PIIX;
 * SLP_TYP 5 on q35 as 0A 05), on a fake physical memory of 64 KiB.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdint.h>
#include <string.h>

#include "core/errors.h"
#include "rom/acpi.h"

#define MEM 0x10000
static uint8_t mem[MEM];

static const uint8_t *map(void *ctx, uint64_t phys, size_t len)
{
	(void)ctx;
	if (phys > MEM || len > MEM - phys)
		return NULL;
	return mem + phys;
}

static void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static void put64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }

static void checksum(uint8_t *p, size_t len, size_t at)
{
	uint8_t s = 0;
	p[at] = 0;
	for (size_t i = 0; i < len; i++)
		s = (uint8_t)(s + p[i]);
	p[at] = (uint8_t)-s;
}

static void table(uint32_t at, const char *sig, uint32_t len)
{
	memset(mem + at, 0, len);
	memcpy(mem + at, sig, 4);
	put32(mem + at + 4, len);
}

/* RSDP at 0x100, RSDT at 0x1000 -> (junk, FADT at 0x2000), DSDT at 0x3000 with aml. */
static void build(const uint8_t *aml, size_t aml_len, int xsdt)
{
	memset(mem, 0, sizeof(mem));
	uint8_t *r = mem + 0x100;
	memcpy(r, "RSD PTR ", 8);
	r[15] = xsdt ? 2 : 0;
	put32(r + 16, xsdt ? 0 : 0x1000);
	put32(r + 20, 36);
	put64(r + 24, xsdt ? 0x1800 : 0);
	checksum(r, 20, 8);
	table(0x1000, "RSDT", 36 + 8);
	put32(mem + 0x1000 + 36, 0x4000); /* not a table: skipped */
	put32(mem + 0x1000 + 40, 0x2000);
	table(0x1800, "XSDT", 36 + 8);
	put64(mem + 0x1800 + 36, 0x2000);
	table(0x2000, "FACP", 244);
	put32(mem + 0x2000 + 40, 0x3000);
	put32(mem + 0x2000 + 48, 0xB2);
	mem[0x2000 + 52] = 0xF1;
	put32(mem + 0x2000 + 64, 0x604);
	table(0x3000, "DSDT", (uint32_t)(36 + aml_len));
	memcpy(mem + 0x3000 + 36, aml, aml_len);
	checksum(mem + 0x1000, 36 + 8, 9);
	checksum(mem + 0x1800, 36 + 8, 9);
	checksum(mem + 0x2000, 244, 9);
}

static const uint8_t piix_s5[] = { 0x10, 0x08, 0x5F, 0x53, 0x35, 0x5F, 0x12, 0x06, 0x04,
				   0x00, 0x00, 0x00, 0x00 };
static const uint8_t q35_s5[] = { 0xAA, 0x08, 0x5C, 0x5F, 0x53, 0x35, 0x5F, 0x12, 0x08, 0x04,
				  0x0A, 0x05, 0x0A, 0x06, 0x00, 0x00 };

static void test_rsdt_piix(void **state)
{
	(void)state;
	struct acpi_s5 s5;
	build(piix_s5, sizeof(piix_s5), 0);
	long off = acpi_find_rsdp(mem, 0x1000);
	assert_int_equal(off, 0x100);
	assert_int_equal(acpi_s5_find(mem + off, 36, map, NULL, &s5), 0);
	assert_int_equal(s5.pm1a_cnt, 0x604);
	assert_int_equal(s5.pm1b_cnt, 0);
	assert_int_equal(s5.smi_cmd, 0xB2);
	assert_int_equal(s5.acpi_enable, 0xF1);
	assert_int_equal(s5.slp_typa, 0);
	assert_int_equal(s5.slp_typb, 0);
}

static void test_xsdt_root_prefix_byte_values(void **state)
{
	(void)state;
	struct acpi_s5 s5;
	build(q35_s5, sizeof(q35_s5), 1);
	assert_int_equal(acpi_s5_find(mem + 0x100, 36, map, NULL, &s5), 0);
	assert_int_equal(s5.slp_typa, 5);
	assert_int_equal(s5.slp_typb, 6);
}

static void test_bad_checksum_and_missing(void **state)
{
	(void)state;
	struct acpi_s5 s5;
	build(piix_s5, sizeof(piix_s5), 0);
	mem[0x100 + 9] ^= 1;
	assert_int_equal(acpi_find_rsdp(mem, 0x1000), -1);
	/* no _S5 at all: a name that is not preceded by NameOp does not count */
	static const uint8_t not_named[] = { 0x5F, 0x53, 0x35, 0x5F, 0x12, 0x06, 0x04, 0x0A, 0x05 };
	build(not_named, sizeof(not_named), 0);
	assert_int_equal(acpi_s5_find(mem + 0x100, 36, map, NULL, &s5), -WB_ENOENT);
	/* a DSDT length past the end of memory */
	build(piix_s5, sizeof(piix_s5), 0);
	put32(mem + 0x3000 + 4, 0x100000);
	assert_int_equal(acpi_s5_find(mem + 0x100, 36, map, NULL, &s5), -WB_ENOENT);
	/* a FADT whose checksum is wrong is not found */
	build(piix_s5, sizeof(piix_s5), 0);
	mem[0x2000 + 10] ^= 1;
	assert_int_equal(acpi_s5_find(mem + 0x100, 36, map, NULL, &s5), -WB_ENOENT);
	/* the FADT too short for the PM1 fields */
	build(piix_s5, sizeof(piix_s5), 0);
	put32(mem + 0x2000 + 4, 60);
	checksum(mem + 0x2000, 60, 9);
	assert_int_equal(acpi_s5_find(mem + 0x100, 36, map, NULL, &s5), -WB_ETRUNCATED);
}

static void test_truncated_package(void **state)
{
	(void)state;
	uint8_t a = 9, b = 9;
	static const uint8_t cut[] = { 0x08, 0x5F, 0x53, 0x35, 0x5F, 0x12, 0x06, 0x04, 0x0A };
	assert_int_equal(acpi_aml_s5(cut, sizeof(cut), &a, &b), -WB_ENOENT);
	static const uint8_t one[] = { 0x08, 0x5F, 0x53, 0x35, 0x5F, 0x12, 0x03, 0x01, 0x0A, 0x07 };
	assert_int_equal(acpi_aml_s5(one, sizeof(one), &a, &b), 0);
	assert_int_equal(a, 7);
	assert_int_equal(b, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rsdt_piix),
		cmocka_unit_test(test_xsdt_root_prefix_byte_values),
		cmocka_unit_test(test_bad_checksum_and_missing),
		cmocka_unit_test(test_truncated_package),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
