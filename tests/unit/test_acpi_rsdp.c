// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * loaders/acpi_rsdp.c: RSDP checks and copies (both checksums), and the RSDP -> XSDT/RSDT ->
 * table walk on a fake physical memory built here, including corrupt and out-of-range
 * pointers (the reader refuses addresses outside the fake memory).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdint.h>
#include <string.h>

#include "core/errors.h"
#include "loaders/acpi_rsdp.h"

#define MEM_BASE 0x1000
static uint8_t mem[4096];

static int read_mem(void *ctx, uint64_t addr, void *buf, size_t len)
{
	(void)ctx;
	if (addr < MEM_BASE || addr - MEM_BASE > sizeof(mem) || len > sizeof(mem) - (addr - MEM_BASE))
		return -WB_ERANGE;
	memcpy(buf, mem + (addr - MEM_BASE), len);
	return 0;
}

static const struct acpi_reader reader = { read_mem, NULL };

static uint8_t sum(const uint8_t *p, size_t n)
{
	uint8_t s = 0;
	for (size_t i = 0; i < n; i++)
		s += p[i];
	return s;
}

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

/* A table at mem offset `off`: header with signature and length, checksummed. */
static void table(size_t off, const char *sig, uint32_t len)
{
	uint8_t *t = mem + off;
	memcpy(t, sig, 4);
	put32(t + 4, len);
	t[9] = 0;
	t[9] = (uint8_t)-sum(t, len);
}

/* An ACPI 2.0 RSDP naming an RSDT at mem+0x100 and an XSDT at mem+0x200. */
static void rsdp_v2(uint8_t r[36])
{
	memset(r, 0, 36);
	memcpy(r, "RSD PTR ", 8);
	memcpy(r + 9, "BOCHS ", 6);
	r[15] = 2;
	put32(r + 16, MEM_BASE + 0x100);
	put32(r + 20, 36);
	put64(r + 24, MEM_BASE + 0x200);
	r[8] = (uint8_t)-sum(r, 20);
	r[32] = (uint8_t)-sum(r, 36);
}

/* RSDT (4-byte entries) and XSDT (8-byte) listing FACP at 0x400 and APIC at 0x500. */
static void tables(void)
{
	memset(mem, 0, sizeof(mem));
	table(0x400, "FACP", 64);
	mem[0x500 + 40] = 1;
	table(0x500, "APIC", 60);
	put32(mem + 0x100 + 36, MEM_BASE + 0x400);
	put32(mem + 0x100 + 40, MEM_BASE + 0x500);
	table(0x100, "RSDT", 44);
	put64(mem + 0x200 + 36, MEM_BASE + 0x400);
	put64(mem + 0x200 + 44, MEM_BASE + 0x500);
	table(0x200, "XSDT", 52);
}

static void test_copy_v2(void **state)
{
	(void)state;
	uint8_t r[36], copy[64];
	rsdp_v2(r);
	assert_int_equal(acpi_rsdp_len(r, sizeof(r)), 36);
	memset(copy, 0xAA, sizeof(copy));
	assert_int_equal(acpi_rsdp_copy(copy, sizeof(copy), r, sizeof(r)), 36);
	assert_memory_equal(copy, r, 36);
	assert_int_equal(sum(copy, 20), 0);
	assert_int_equal(sum(copy, 36), 0);
	assert_int_equal(copy[36], 0xAA);
	assert_int_equal(acpi_rsdp_copy(copy, 35, r, sizeof(r)), -WB_ETOOBIG);
}

/* A firmware whose extended checksum is stale gets a copy with both right. */
static void test_copy_fixes_extended_checksum(void **state)
{
	(void)state;
	uint8_t r[36], copy[36];
	rsdp_v2(r);
	r[33] = 0x55; /* reserved byte changed after the checksum */
	assert_int_equal(acpi_rsdp_copy(copy, sizeof(copy), r, sizeof(r)), 36);
	assert_int_equal(copy[33], 0x55);
	assert_int_equal(sum(copy, 20), 0);
	assert_int_equal(sum(copy, 36), 0);
}

static void test_copy_v1(void **state)
{
	(void)state;
	uint8_t r[36], copy[20];
	rsdp_v2(r);
	r[15] = 0;
	r[8] = 0;
	r[8] = (uint8_t)-sum(r, 20);
	assert_int_equal(acpi_rsdp_copy(copy, sizeof(copy), r, 20), 20);
	assert_int_equal(sum(copy, 20), 0);
}

static void test_bad_rsdp(void **state)
{
	(void)state;
	uint8_t r[36];
	rsdp_v2(r);
	assert_int_equal(acpi_rsdp_len(r, 19), -WB_EBADMAGIC);
	assert_int_equal(acpi_rsdp_len(r, 35), -WB_ETRUNCATED);
	r[8]++;
	assert_int_equal(acpi_rsdp_len(r, 36), -WB_EBADMAGIC);
	rsdp_v2(r);
	r[0] = 'X';
	assert_int_equal(acpi_rsdp_len(r, 36), -WB_EBADMAGIC);
	rsdp_v2(r);
	put32(r + 20, 4000); /* Length beyond what is readable */
	r[8] = 0;
	r[8] = (uint8_t)-sum(r, 20);
	assert_int_equal(acpi_rsdp_len(r, 36), -WB_ETRUNCATED);
	put32(r + 20, 20);   /* below the 2.0 size */
	r[8] = 0;
	r[8] = (uint8_t)-sum(r, 20);
	assert_int_equal(acpi_rsdp_len(r, 36), -WB_ETRUNCATED);
}

static void test_find_through_xsdt_and_rsdt(void **state)
{
	(void)state;
	uint8_t r[36];
	uint64_t addr = 0;
	uint32_t len = 0;

	tables();
	rsdp_v2(r);
	assert_int_equal(acpi_find_table(&reader, r, 36, "APIC", &addr, &len), 0);
	assert_int_equal(addr, MEM_BASE + 0x500);
	assert_int_equal(len, 60);
	assert_int_equal(acpi_find_table(&reader, r, 36, "HPET", &addr, &len), -WB_ENOENT);
	/* the XSDT is preferred: break it and the walk says so */
	mem[0x200 + 9]++;
	assert_int_equal(acpi_find_table(&reader, r, 36, "APIC", &addr, &len), -WB_EBADMAGIC);
	/* revision 0: the RSDT */
	assert_int_equal(acpi_find_table(&reader, r, 20, "FACP", &addr, &len), 0);
	assert_int_equal(addr, MEM_BASE + 0x400);
}

static void test_find_hostile(void **state)
{
	(void)state;
	uint8_t r[36];
	uint64_t addr;
	uint32_t len;

	tables();
	rsdp_v2(r);
	/* a listed table with a bad checksum */
	mem[0x500 + 20]++;
	assert_int_equal(acpi_find_table(&reader, r, 36, "APIC", &addr, &len), -WB_EBADMAGIC);
	/* a table Length beyond readable memory: the reader refuses */
	tables();
	put32(mem + 0x500 + 4, 8000);
	assert_int_equal(acpi_find_table(&reader, r, 36, "APIC", &addr, &len), -WB_ERANGE);
	/* an entry pointing outside memory is skipped, not followed */
	tables();
	put64(mem + 0x200 + 36, 0xFFFFFFFFFFFFFFF0ull);
	table(0x200, "XSDT", 52);
	assert_int_equal(acpi_find_table(&reader, r, 36, "APIC", &addr, &len), 0);
	/* an XSDT whose Length is absurd */
	tables();
	put32(mem + 0x200 + 4, 0x7FFFFFFF);
	assert_int_equal(acpi_find_table(&reader, r, 36, "APIC", &addr, &len), -WB_ETRUNCATED);
	/* no root table at all */
	memset(r + 16, 0, 4);
	memset(r + 24, 0, 8);
	assert_int_equal(acpi_find_table(&reader, r, 36, "APIC", &addr, &len), -WB_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_copy_v2),
		cmocka_unit_test(test_copy_fixes_extended_checksum),
		cmocka_unit_test(test_copy_v1),
		cmocka_unit_test(test_bad_rsdp),
		cmocka_unit_test(test_find_through_xsdt_and_rsdt),
		cmocka_unit_test(test_find_hostile),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
