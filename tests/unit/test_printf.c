// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * core/printf.c: every conversion, flag, width, precision and length modifier, each checked
 * against an exact string and (where C defines the result) against the C library's snprintf.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include <cmocka.h>

#include "core/console.h"
#include "core/errors.h"
#include "core/printf.h"
#include "core/string.h"
#include "tests/unit/fake_console.h"

/* Exact expected text, the same as glibc, and the returned length. */
#define CHECK(expected, ...)                                                              \
	do {                                                                              \
		char ours[256], libc[256];                                                \
		int n = wb_snprintf(ours, sizeof(ours), __VA_ARGS__);                     \
		snprintf(libc, sizeof(libc), __VA_ARGS__);                                \
		assert_string_equal(ours, expected);                                      \
		assert_string_equal(libc, expected);                                      \
		assert_int_equal(n, (int)strlen(expected));                               \
	} while (0)

/* The same check for formats the compiler would warn about (valid C, but flags it ignores). */
static void check_unchecked(const char *expected, const char *fmt, ...)
{
	char ours[256], libc[256];
	va_list ap;
	va_start(ap, fmt);
	int n = wb_vsnprintf(ours, sizeof(ours), fmt, ap);
	va_end(ap);
	va_start(ap, fmt);
	vsnprintf(libc, sizeof(libc), fmt, ap);
	va_end(ap);
	assert_string_equal(ours, expected);
	assert_string_equal(libc, expected);
	assert_int_equal(n, (int)strlen(expected));
}

static void test_integers(void **state)
{
	(void)state;
	CHECK("0", "%d", 0);
	CHECK("-2147483648 2147483647", "%d %i", INT_MIN, INT_MAX);
	CHECK("4294967295", "%u", UINT_MAX);
	CHECK("-9223372036854775808", "%lld", LLONG_MIN);
	CHECK("9223372036854775807", "%lld", LLONG_MAX);
	CHECK("18446744073709551615", "%llu", ULLONG_MAX);
	CHECK("ffffffffffffffff", "%llx", ULLONG_MAX);
	CHECK("123456789abcdef 123456789ABCDEF", "%llx %llX", 0x0123456789abcdefull, 0x0123456789abcdefull);
	CHECK("1777777777777777777777", "%llo", ULLONG_MAX);
	CHECK("10000000000", "%llu", 10000000000ull); /* needs more than 32 bits */
	CHECK("4294967296 4294967297", "%llu %llu", 1ull << 32, (1ull << 32) + 1);
	CHECK("-9223372036854775808", "%ld", LONG_MIN);
	CHECK("18446744073709551615", "%lu", ULONG_MAX);
	CHECK("44 -56 255", "%hhd %hhd %hhu", 300, 200, -1);
	CHECK("4464 -1 65535", "%hd %hd %hu", 70000, 65535, -1);
	CHECK("18446744073709551615 -5", "%zu %zd", SIZE_MAX, (ssize_t)-5);
	CHECK("-9223372036854775808 18446744073709551615", "%jd %ju", INTMAX_MIN, UINTMAX_MAX);
	CHECK("-7 fffffffffffffff9", "%td %tx", (ptrdiff_t)-7, (ptrdiff_t)-7);
	CHECK("ff FF 377 0", "%x %X %o %o", 255, 255, 255, 0);
}

static void test_flags_width_precision(void **state)
{
	(void)state;
	CHECK("   42|42   |", "%5d|%-5d|", 42, 42);
	CHECK("-0042|00042|   +5| 5|+0", "%05d|%05u|%+5d|% d|%+d", -42, 42, 5, 5, 0);
	CHECK("+5 - -5", "%+d - %+d", 5, -5);
	CHECK("007|    -007|-007", "%.3d|%8.3d|%.3d", 7, -7, -7);
	check_unchecked("     007", "%08.3d", 7); /* precision overrides '0' */
	CHECK("|     |1", "%.0d|%5.0d|%.0d", 0, 0, 1);
	CHECK("0xff 0XFF 0x000000ff 010 0 0", "%#x %#X %#010x %#o %#x %#o", 255, 255, 255, 8, 0, 0);
	CHECK("  0xff|0xff  |", "%#6x|%-#6x|", 255, 255);
	check_unchecked("4294967295 ffffffff", "%+u % x", UINT_MAX, UINT_MAX); /* signed only */
	CHECK("    42|42    |42    |", "%*d|%-*d|%*d|", 6, 42, 6, 42, -6, 42);
	CHECK("0042|42|    ab|", "%.*d|%.*d|%*.*s|", 4, 42, -1, 42, 6, 2, "abc");
	CHECK("00000000000000000001", "%020llu", 1ull);
	CHECK("-000000000000000000001", "%022lld", -1ll);
}

static void test_strings_chars_pointers(void **state)
{
	(void)state;
	const char *volatile null_str = NULL;
	const char unterminated[3] = { 'a', 'b', 'c' };
	CHECK("hello|     hello|hello     |hel|hi", "%s|%10s|%-10s|%.3s|%.10s", "hello", "hello",
	      "hello", "hello", "hi");
	CHECK("(null)", "%s", null_str);
	CHECK("abc", "%.3s", unterminated); /* precision bounds the read: ASan checks it */
	CHECK("|   |", "%s|%3s|", "", "");
	CHECK("A|  A|A  |", "%c|%3c|%-3c|", 'A', 'A', 'A');
	CHECK("100% done %", "100%% done %%");
	CHECK("0x1234|    0x1234|0x1234    |(nil)", "%p|%10p|%-10p|%p", (void *)0x1234, (void *)0x1234,
	      (void *)0x1234, (void *)NULL);
	CHECK("key=value n=-3 x=0x1f", "%s=%s n=%d x=%#x", "key", "value", -3, 31);
}

static void test_truncation(void **state)
{
	(void)state;
	char buf[16];
	memset(buf, '#', sizeof(buf));
	assert_int_equal(wb_snprintf(buf, 5, "%s", "hello world"), 11);
	assert_string_equal(buf, "hell");
	assert_int_equal(buf[5], '#'); /* nothing beyond size */
	assert_int_equal(wb_snprintf(buf, 1, "%d", 12345), 5);
	assert_string_equal(buf, "");
	assert_int_equal(wb_snprintf(NULL, 0, "%s-%d", "abc", 42), 6);
	memset(buf, '#', sizeof(buf));
	assert_int_equal(wb_snprintf(buf, 8, "%5d%5d", 1, 2), 10);
	assert_string_equal(buf, "    1  ");
	/* Long padding goes out in pieces and is counted in full. */
	char big[300];
	assert_int_equal(wb_snprintf(big, sizeof(big), "%200d|", 7), 201);
	assert_int_equal(strlen(big), 201);
	assert_int_equal(big[198], ' ');
	assert_string_equal(big + 199, "7|");
	assert_int_equal(wb_snprintf(big, 10, "%*d", 100000000, 1), 65535); /* widths are clamped */
}

/* Formats the compiler must not check: unknown or cut-off conversions print as written. */
static void test_unknown_conversions(void **state)
{
	(void)state;
	const char *volatile fmts[] = { "%y|", "abc%", "%5", "%l", "%-08.3w" };
	const char *expect[] = { "%y|", "abc%", "%5", "%l", "%-08.3w" };
	char buf[32];
	for (size_t i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++) {
		assert_int_equal(wb_snprintf(buf, sizeof(buf), fmts[i], 0), (int)strlen(expect[i]));
		assert_string_equal(buf, expect[i]);
	}
}

/* A sweep against the C library over many values and formats. */
static void test_sweep_against_libc(void **state)
{
	(void)state;
	static const char *const fmts[] = { "%lld", "%llu", "%llx", "%llo", "%+lld", "%25lld",
					    "%-25llu|", "%.20llx", "%#llx", "%#llo", "% 022lld" };
	uint64_t v = 1;
	for (int i = 0; i < 2000; i++) {
		v = v * 6364136223846793005ull + 1442695040888963407ull;
		uint64_t x = v >> (i % 64);
		for (size_t f = 0; f < sizeof(fmts) / sizeof(fmts[0]); f++) {
			char ours[64], libc[64];
			const char *fmt = fmts[f];
			int n = wb_snprintf(ours, sizeof(ours), fmt, x);
			int m = snprintf(libc, sizeof(libc), fmt, x);
			assert_string_equal(ours, libc);
			assert_int_equal(n, m);
		}
	}
}

static void test_ipv4_mac(void **state)
{
	(void)state;
	char ip[WB_IPV4_STRLEN], mac[WB_MAC_STRLEN];
	uint8_t b[4] = { 192, 168, 0, 1 };
	uint32_t be;
	memcpy(&be, b, 4);
	assert_string_equal(wb_fmt_ipv4(ip, be), "192.168.0.1");
	memset(b, 255, 4);
	memcpy(&be, b, 4);
	assert_string_equal(wb_fmt_ipv4(ip, be), "255.255.255.255");
	assert_string_equal(wb_fmt_ipv4(ip, 0), "0.0.0.0");

	const uint8_t m[6] = { 0x52, 0x54, 0x00, 0xAB, 0x0c, 0xff };
	assert_string_equal(wb_fmt_mac(mac, m, ':'), "52:54:00:ab:0c:ff");
	assert_string_equal(wb_fmt_mac(mac, m, '-'), "52-54-00-ab-0c-ff");

	char uuid[WB_UUID_STRLEN];
	const uint8_t u[16] = { 0xB8, 0x94, 0x59, 0x08, 0xd6, 0xa6, 0x41, 0xa9,
				0x61, 0x1d, 0x74, 0xa6, 0xab, 0x80, 0xb8, 0x3d };
	assert_string_equal(wb_fmt_uuid(uuid, u), "b8945908-d6a6-41a9-611d-74a6ab80b83d");
	assert_int_equal(strlen(uuid), WB_UUID_STRLEN - 1);

	assert_int_equal(wb_parse_ipv4("10.0.2.15", &be), 0);
	assert_memory_equal(&be, "\x0a\x00\x02\x0f", 4);
	assert_int_equal(wb_parse_ipv4("255.255.255.255", &be), 0);
	assert_memory_equal(&be, "\xff\xff\xff\xff", 4);
	assert_int_equal(wb_parse_ipv4("001.02.3.000", &be), 0); /* decimal, not octal */
	assert_memory_equal(&be, "\x01\x02\x03\x00", 4);
	static const char *const bad_ip[] = { "", "1.2.3", "1.2.3.4.", "1.2.3.4 ", " 1.2.3.4",
		"256.1.1.1", "1.2.3.256", "1..2.3", "a.b.c.d", "1234.1.1.1", "0001.1.1.1",
		"1.2.3.4x", "1.2.3.-4", "1,2,3,4" };
	uint32_t keep = 0x12345678;
	for (size_t i = 0; i < sizeof(bad_ip) / sizeof(bad_ip[0]); i++) {
		be = keep;
		assert_int_equal(wb_parse_ipv4(bad_ip[i], &be), -WB_EINVAL);
		assert_int_equal(be, keep);
	}

	uint8_t out[6];
	assert_int_equal(wb_parse_mac("52:54:00:12:34:56", out), 0);
	assert_memory_equal(out, "\x52\x54\x00\x12\x34\x56", 6);
	assert_int_equal(wb_parse_mac("52-54-00-AB-cd-EF", out), 0);
	assert_memory_equal(out, "\x52\x54\x00\xab\xcd\xef", 6);
	static const char *const bad_mac[] = { "", "5", "52", "52:54:00:12:34", "52:54:00:12:34:56:",
		"52:54-00:12:34:56", "2:54:00:12:34:56", "52:54:00:12:34:5g", "525400123456",
		"52.54.00.12.34.56", "52:54:00:12:34:567", "52::54:00:12:34" };
	for (size_t i = 0; i < sizeof(bad_mac) / sizeof(bad_mac[0]); i++) {
		memset(out, 0xAA, 6);
		assert_int_equal(wb_parse_mac(bad_mac[i], out), -WB_EINVAL);
		assert_memory_equal(out, "\xaa\xaa\xaa\xaa\xaa\xaa", 6);
	}
}

static struct fake_sink capture = FAKE_SINK("capture", 0, NULL);

static void test_printf_to_console(void **state)
{
	(void)state;
	fake_console_attach(&capture, NULL);
	assert_int_equal(wb_printf("DHCP %s from %d.%d.%d.%d\n", "ACK", 10, 0, 2, 2), 23);
	assert_string_equal(capture.out, "DHCP ACK from 10.0.2.2\n");
	/* More than the printf buffer: arrives complete, in a few writes. */
	fake_sink_clear(&capture);
	assert_int_equal(wb_printf("%300s", "x"), 300);
	assert_int_equal(capture.len, 300);
	assert_int_equal(capture.out[299], 'x');
	assert_true(capture.writes >= 3 && capture.writes <= 4);
	fake_console_detach(&capture, NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_integers),
		cmocka_unit_test(test_flags_width_precision),
		cmocka_unit_test(test_strings_chars_pointers),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_unknown_conversions),
		cmocka_unit_test(test_sweep_against_libc),
		cmocka_unit_test(test_ipv4_mac),
		cmocka_unit_test(test_printf_to_console),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
