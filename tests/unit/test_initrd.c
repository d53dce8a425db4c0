// SPDX-License-Identifier: GPL-2.0-or-later
/* loaders/initrd.c: 4 KiB-aligned layout of several initrds, concatenation, overflow. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/errors.h"
#include "core/string.h"
#include "loaders/initrd.h"

static void test_layout(void **state)
{
	(void)state;
	const size_t sizes[] = { 100, 4096, 0, 5000, 1 };
	size_t off[5], total = 1;
	assert_int_equal(initrd_layout(sizes, 5, off, &total), 0);
	assert_int_equal(off[0], 0);
	assert_int_equal(off[1], 4096);
	assert_int_equal(off[2], 8192);
	assert_int_equal(off[3], 8192);
	assert_int_equal(off[4], 16384);
	assert_int_equal(total, 16385);
	assert_int_equal(initrd_layout(sizes, 0, NULL, &total), 0);
	assert_int_equal(total, 0);
	assert_int_equal(initrd_layout(sizes, 2, NULL, &total), 0); /* offsets optional */
	assert_int_equal(total, 8192);
}

static void test_layout_overflow(void **state)
{
	(void)state;
	size_t total = 7;
	const size_t one_huge[] = { SIZE_MAX };
	assert_int_equal(initrd_layout(one_huge, 1, NULL, &total), 0); /* fits, just */
	assert_true(total == SIZE_MAX);
	const size_t after[] = { 1, SIZE_MAX - 4095 };
	assert_int_equal(initrd_layout(after, 2, NULL, &total), -WB_ETOOBIG);
	const size_t align_wraps[] = { SIZE_MAX - 100, 0 };
	assert_int_equal(initrd_layout(align_wraps, 2, NULL, &total), -WB_ETOOBIG);
	const size_t edge[] = { 1, SIZE_MAX - 4096 }; /* ends exactly at SIZE_MAX */
	assert_int_equal(initrd_layout(edge, 2, NULL, &total), 0);
	assert_true(total == SIZE_MAX);
}

static void test_concat(void **state)
{
	(void)state;
	static uint8_t a[300], b[5000], dst[16384];
	memset(a, 0xA1, sizeof(a));
	memset(b, 0xB2, sizeof(b));
	const struct initrd_part parts[] = { { a, sizeof(a) }, { NULL, 0 }, { b, sizeof(b) }, { a, 7 } };
	memset(dst, 0xEE, sizeof(dst));
	size_t total = 0;
	assert_int_equal(initrd_concat(dst, sizeof(dst), parts, 4, &total), 0);
	assert_int_equal(total, 12288 + 7);
	for (size_t i = 0; i < sizeof(dst); i++) {
		uint8_t want = i < 300 ? 0xA1 : i < 4096 ? 0 : i < 4096 + 5000 ? 0xB2
			     : i < 12288 ? 0 : i < 12288 + 7 ? 0xA1 : 0xEE;
		assert_int_equal(dst[i], want);
	}
	/* Too small by one byte: refused, nothing written. */
	memset(dst, 0xEE, sizeof(dst));
	assert_int_equal(initrd_concat(dst, 12288 + 6, parts, 4, &total), -WB_ETOOBIG);
	for (size_t i = 0; i < sizeof(dst); i++)
		assert_int_equal(dst[i], 0xEE);
	const struct initrd_part huge[] = { { a, 1 }, { a, SIZE_MAX - 4095 } };
	assert_int_equal(initrd_concat(dst, sizeof(dst), huge, 2, &total), -WB_ETOOBIG);
	assert_int_equal(initrd_concat(dst, 0, parts, 0, &total), 0);
	assert_int_equal(total, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_layout_overflow),
		cmocka_unit_test(test_concat),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
