// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * rom/smbios.c: the entry points (_SM_ and _SM3_, checksums, which one wins) and the
 * structure table walk to the type 1 UUID (strings skipped, "not set" values, truncation),
 * on memory built here the way SeaBIOS lays it out.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdint.h>
#include <string.h>

#include "rom/smbios.h"

static const uint8_t want_uuid[16] = { 0xcc, 0x97, 0xf0, 0x0e, 0x32, 0xe5, 0xdf, 0x43,
				       0x9e, 0x5d, 0xcd, 0x3f, 0xc5, 0x29, 0x88, 0x29 };

static void fix_sum(uint8_t *p, size_t len, size_t at)
{
	uint8_t sum = 0;
	p[at] = 0;
	for (size_t i = 0; i < len; i++)
		sum += p[i];
	p[at] = (uint8_t)-sum;
}

/* A 2.8 entry point at area+off naming a table at `table` of `len` bytes. */
static void put_sm(uint8_t *area, size_t off, uint32_t table, uint16_t len)
{
	uint8_t *e = area + off;
	memset(e, 0, 0x1F);
	memcpy(e, "_SM_", 4);
	e[5] = 0x1F;
	e[6] = 2;
	e[7] = 8;
	memcpy(e + 0x10, "_DMI_", 5);
	e[0x16] = (uint8_t)len;
	e[0x17] = (uint8_t)(len >> 8);
	memcpy(e + 0x18, &table, 4);
	fix_sum(e + 0x10, 15, 5);
	fix_sum(e, 0x1F, 4);
}

static void put_sm3(uint8_t *area, size_t off, uint64_t table, uint32_t max)
{
	uint8_t *e = area + off;
	memset(e, 0, 0x18);
	memcpy(e, "_SM3_", 5);
	e[6] = 0x18;
	e[7] = 3;
	e[10] = 1;
	memcpy(e + 0x0C, &max, 4);
	memcpy(e + 0x10, &table, 8);
	fix_sum(e, 0x18, 5);
}

static void test_entry_points(void **state)
{
	(void)state;
	static uint8_t area[0x10000];
	uint32_t table = 0, len = 0;
	memset(area, 0, sizeof(area));
	assert_false(smbios_find_table(area, sizeof(area), &table, &len));

	put_sm(area, 0x59f0, 0x000f5a10, 0x1b3);
	assert_true(smbios_find_table(area, sizeof(area), &table, &len));
	assert_int_equal(table, 0x000f5a10);
	assert_int_equal(len, 0x1b3);

	/* A _SM3_ found later wins over the _SM_. */
	put_sm3(area, 0xa000, 0x1efe0000, 0x2000);
	assert_true(smbios_find_table(area, sizeof(area), &table, &len));
	assert_int_equal(table, 0x1efe0000);
	assert_int_equal(len, 0x2000);

	/* A bad checksum, a table above 4 GiB, or not on a 16-byte boundary: ignored. */
	area[0xa000 + 0x0C] ^= 1;
	assert_true(smbios_find_table(area, sizeof(area), &table, &len));
	assert_int_equal(table, 0x000f5a10);
	put_sm3(area, 0xa000, 0x100000000ull, 0x2000);
	assert_true(smbios_find_table(area, sizeof(area), &table, &len));
	assert_int_equal(table, 0x000f5a10);
	memset(area, 0, sizeof(area));
	put_sm(area, 0x59f8, 0x000f5a10, 0x1b3);
	assert_false(smbios_find_table(area, sizeof(area), &table, &len));
	/* _SM_ whose intermediate (_DMI_) checksum is wrong. */
	memset(area, 0, sizeof(area));
	put_sm(area, 0x100, 0x1000, 0x100);
	area[0x100 + 0x18] ^= 1;
	fix_sum(area + 0x100, 0x1F, 4); /* the outer sum right again, the _DMI_ one not */
	assert_false(smbios_find_table(area, sizeof(area), &table, &len));
	/* An entry point that would run past the end of the area. */
	memset(area, 0, sizeof(area));
	put_sm3(area, sizeof(area) - 0x20, 0x1000, 0x100);
	area[sizeof(area) - 0x20 + 6] = 0x40;
	assert_false(smbios_find_table(area, sizeof(area), &table, &len));
}

/* Type 0 (BIOS) with strings, type 1 with `uuid`, type 127. */
static size_t build_table(uint8_t *t, const uint8_t uuid[16], uint8_t type1_len)
{
	size_t n = 0;
	static const uint8_t bios[] = { 0, 0x18, 0, 0, 1, 2, 0xe8, 0xf0, 0, 0, 0, 0, 0, 0, 0, 0,
					0, 0, 0, 0, 0, 0, 0, 0 };
	memcpy(t + n, bios, sizeof(bios));
	n += sizeof(bios);
	memcpy(t + n, "SeaBIOS\0" "1.16.2\0\0", 16);
	n += 16;
	memset(t + n, 0, type1_len);
	t[n] = 1;
	t[n + 1] = type1_len;
	t[n + 2] = 0x00;
	t[n + 3] = 0x01;
	if (type1_len >= 0x18)
		memcpy(t + n + 8, uuid, 16);
	n += type1_len;
	memcpy(t + n, "QEMU\0\0", 6);
	n += 6;
	static const uint8_t end[] = { 127, 4, 0, 2, 0, 0 };
	memcpy(t + n, end, sizeof(end));
	return n + sizeof(end);
}

static void test_table_uuid(void **state)
{
	(void)state;
	uint8_t t[256], u[16];
	size_t n = build_table(t, want_uuid, 0x1b);
	assert_true(smbios_table_uuid(t, n, u));
	assert_memory_equal(u, want_uuid, 16); /* as stored: no byte swapping */

	/* Every truncation either finds it (the UUID is complete) or not, never reads beyond. */
	for (size_t cut = 0; cut < n; cut++)
		smbios_table_uuid(t, cut, u);
	assert_false(smbios_table_uuid(t, 24 + 16 + 0x18, u)); /* type 1 cut short */

	/* "Not present" (zeros), "not set" (ones), and a 2.0 structure without a UUID. */
	static const uint8_t zero[16];
	uint8_t ones[16];
	memset(ones, 0xff, sizeof(ones));
	n = build_table(t, zero, 0x1b);
	assert_false(smbios_table_uuid(t, n, u));
	n = build_table(t, ones, 0x1b);
	assert_false(smbios_table_uuid(t, n, u));
	n = build_table(t, want_uuid, 0x08);
	assert_false(smbios_table_uuid(t, n, u));

	/* A structure length below 4 ends the walk. */
	n = build_table(t, want_uuid, 0x1b);
	t[1] = 3;
	assert_false(smbios_table_uuid(t, n, u));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_entry_points),
		cmocka_unit_test(test_table_uuid),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
