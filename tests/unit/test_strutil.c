// SPDX-License-Identifier: GPL-2.0-or-later
/* core/strutil.c: wb_strlcpy, wb_strlcat, wb_strtou64; core/string.h: wb_hexval. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/errors.h"
#include "core/string.h"

static void test_strlcpy(void **state)
{
	(void)state;
	char buf[8];
	memset(buf, 'X', sizeof(buf));
	assert_int_equal(wb_strlcpy(buf, "abc", sizeof(buf)), 3);
	assert_string_equal(buf, "abc");
	assert_int_equal(wb_strlcpy(buf, "abcdefghij", sizeof(buf)), 10);
	assert_string_equal(buf, "abcdefg");
	assert_int_equal(wb_strlcpy(buf, "", sizeof(buf)), 0);
	assert_string_equal(buf, "");
	buf[0] = 'Q';
	assert_int_equal(wb_strlcpy(buf, "zzz", 0), 3); /* size 0: nothing written */
	assert_int_equal(buf[0], 'Q');
	assert_int_equal(wb_strlcpy(buf, "zzz", 1), 3);
	assert_string_equal(buf, "");
}

static void test_strlcat(void **state)
{
	(void)state;
	char buf[10] = "boot";
	assert_int_equal(wb_strlcat(buf, "=", sizeof(buf)), 5);
	assert_int_equal(wb_strlcat(buf, "vmlinuz", sizeof(buf)), 12);
	assert_string_equal(buf, "boot=vmli");
	assert_int_equal(wb_strlcat(buf, "x", sizeof(buf)), 10);
	assert_string_equal(buf, "boot=vmli");
	char full[4] = { 'a', 'b', 'c', 'd' }; /* not terminated within size */
	assert_int_equal(wb_strlcat(full, "xy", sizeof(full)), 6);
	assert_memory_equal(full, "abcd", 4);
}

static void check(const char *s, int base, int ret, unsigned long long value, size_t used)
{
	unsigned long long v = 0xDEADBEEF;
	const char *end = NULL;
	assert_int_equal(wb_strtou64(s, &end, base, &v), ret);
	assert_ptr_equal(end, s + used);
	assert_true(v == (ret == 0 ? value : 0xDEADBEEF)); /* untouched on error */
}

static void test_strtou64(void **state)
{
	(void)state;
	check("0", 0, 0, 0, 1);
	check("1234 rest", 0, 0, 1234, 4);
	check("0x1F", 0, 0, 31, 4);
	check("0X1f", 16, 0, 31, 4);
	check("1f", 16, 0, 31, 2);
	check("0755", 0, 0, 493, 4);
	check("089", 0, 0, 0, 1);       /* octal stops at 8 */
	check("0x", 0, 0, 0, 1);        /* "0" then junk, like strtoull */
	check("0xg", 16, 0, 0, 1);
	check("z", 36, 0, 35, 1);
	check("101", 2, 0, 5, 3);
	check("18446744073709551615", 10, 0, 18446744073709551615ull, 20);
	check("0xffffffffffffffff", 0, 0, 0xffffffffffffffffull, 18);
	check("18446744073709551616", 10, -WB_ERANGE, 0, 20);
	check("0x10000000000000000", 0, -WB_ERANGE, 0, 19);
	check("99999999999999999999999", 10, -WB_ERANGE, 0, 23);
	check("", 0, -WB_EINVAL, 0, 0);
	check("-1", 0, -WB_EINVAL, 0, 0);
	check(" 1", 10, -WB_EINVAL, 0, 0);
	check("12", 1, -WB_EINVAL, 0, 0);
	check("12", 37, -WB_EINVAL, 0, 0);
	unsigned long long v;
	assert_int_equal(wb_strtou64("42", NULL, 10, &v), 0); /* end may be NULL */
	assert_true(v == 42);
}

static void test_hexval(void **state)
{
	(void)state;
	const char *digits = "0123456789abcdef", *upper = "ABCDEF";
	for (int i = 0; i < 16; i++)
		assert_int_equal(wb_hexval(digits[i]), i);
	for (int i = 0; i < 6; i++)
		assert_int_equal(wb_hexval(upper[i]), 10 + i);
	const char bad[] = { 'g', 'G', '/', ':', '@', '`', ' ', '+', '-', 'x', '\0', (char)0xe6 };
	for (size_t i = 0; i < sizeof(bad); i++)
		assert_int_equal(wb_hexval(bad[i]), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strlcpy),
		cmocka_unit_test(test_strlcat),
		cmocka_unit_test(test_strtou64),
		cmocka_unit_test(test_hexval),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
