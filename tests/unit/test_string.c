// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * core/string.c, the firmware's libc replacements.  Built without sanitizers and with
 * -DWB_FREESTANDING -fno-builtin, so every call below (and cmocka's own) reaches core/string.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/string.h"

static void test_memcpy_memset(void **state)
{
	(void)state;
	uint8_t a[64], b[64];
	for (int i = 0; i < 64; i++)
		a[i] = (uint8_t)(i * 7 + 1);
	for (size_t off = 0; off < 8; off++) {
		for (size_t n = 0; n + off <= 48; n++) {
			memset(b, 0xEE, sizeof(b));
			assert_ptr_equal(memcpy(b + off, a + 3, n), b + off);
			for (size_t i = 0; i < 64; i++)
				assert_int_equal(b[i], i >= off && i < off + n ? a[3 + i - off] : 0xEE);
		}
	}
	memset(b, 0xEE, sizeof(b));
	assert_ptr_equal(memset(b + 5, 0x1AB, 10), b + 5); /* only the low byte counts */
	for (int i = 0; i < 64; i++)
		assert_int_equal(b[i], i >= 5 && i < 15 ? 0xAB : 0xEE);
	memset(b, 0, 0);
	assert_int_equal(b[0], 0xEE);
}

static void test_memmove_overlap(void **state)
{
	(void)state;
	for (int shift = -9; shift <= 9; shift++) {
		uint8_t buf[64], ref[64];
		for (int i = 0; i < 64; i++)
			buf[i] = ref[i] = (uint8_t)i;
		int src = 20, dst = 20 + shift, n = 17;
		for (int i = 0; i < n; i++) /* what a correct move produces */
			ref[dst + i] = (uint8_t)(src + i);
		assert_ptr_equal(memmove(buf + dst, buf + src, (size_t)n), buf + dst);
		assert_memory_equal(buf, ref, sizeof(buf));
	}
	/* The direction flag is clear again after a backward move: a forward copy still works. */
	char s[] = "abcdef";
	memmove(s + 1, s, 5);
	assert_string_equal(s, "aabcde");
	char t[8] = "xyz";
	memcpy(t + 3, "123", 4);
	assert_string_equal(t, "xyz123");
}

static void test_compare(void **state)
{
	(void)state;
	assert_int_equal(memcmp("abc", "abc", 3), 0);
	assert_true(memcmp("abc", "abd", 3) < 0);
	assert_true(memcmp("\xff", "\x01", 1) > 0); /* unsigned bytes */
	assert_int_equal(memcmp("abc", "xyz", 0), 0);
	assert_int_equal(strcmp("", ""), 0);
	assert_true(strcmp("a", "ab") < 0);
	assert_true(strcmp("b", "ab") > 0);
	assert_true(strcmp("\xe9", "e") > 0);
	assert_int_equal(strncmp("abcX", "abcY", 3), 0);
	assert_true(strncmp("abcX", "abcY", 4) < 0);
	assert_int_equal(strncmp("ab", "ab\0zz", 5), 0);
	assert_int_equal(strcasecmp("DEFAULT", "default"), 0);
	assert_true(strcasecmp("label", "LABEL1") < 0);
	assert_int_equal(strncasecmp("KERNEL vmlinuz", "kernel", 6), 0);
	assert_true(strncasecmp("a", "B", 1) < 0);
}

static void test_search(void **state)
{
	(void)state;
	const char *s = "initrd=a.img,b.img";
	assert_int_equal(strlen(s), 18);
	assert_int_equal(strlen(""), 0);
	assert_int_equal(strnlen(s, 5), 5);
	assert_int_equal(strnlen(s, 100), 18);
	assert_ptr_equal(strchr(s, '='), s + 6);
	assert_ptr_equal(strchr(s, '\0'), s + 18);
	assert_null(strchr(s, 'z'));
	assert_ptr_equal(strrchr(s, '.'), s + 14);
	assert_ptr_equal(strrchr(s, '\0'), s + 18);
	assert_null(strrchr(s, 'q'));
	assert_ptr_equal(memchr(s, ',', 18), s + 12);
	assert_null(memchr(s, ',', 12));
	assert_ptr_equal(strstr(s, "b.img"), s + 13);
	assert_ptr_equal(strstr(s, ""), s);
	assert_null(strstr(s, "img,c"));
	assert_null(strstr("", "a"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memcpy_memset),
		cmocka_unit_test(test_memmove_overlap),
		cmocka_unit_test(test_compare),
		cmocka_unit_test(test_search),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
