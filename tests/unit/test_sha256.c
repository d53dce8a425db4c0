// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * core/sha256.c: the FIPS 180-2 example vectors (one block, two blocks, 896-bit message,
 * a million 'a'), every padding boundary, and chunked updates equal to one-shot hashing.
 * Expected digests of the generated messages were computed with Python's hashlib.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "core/sha256.h"
#include "core/string.h"

static void expect(const void *data, size_t len, const char *hex)
{
	char out[SHA256_HEX_LEN];
	sha256_hex(data, len, out);
	assert_string_equal(out, hex);
}

static void test_fips_vectors(void **state)
{
	(void)state;
	expect("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	expect("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	expect(two, strlen(two), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	const char *long896 = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
			      "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
	expect(long896, strlen(long896),
	       "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

static void test_million_a_in_chunks(void **state)
{
	(void)state;
	static uint8_t chunk[1000];
	memset(chunk, 'a', sizeof(chunk));
	struct sha256 s;
	uint8_t d[SHA256_DIGEST_LEN];
	sha256_init(&s);
	for (int i = 0; i < 1000; i++)
		sha256_update(&s, chunk, sizeof(chunk));
	sha256_final(&s, d);
	static const uint8_t want[SHA256_DIGEST_LEN] = {
		0xcd, 0xc7, 0x6e, 0x5c, 0x99, 0x14, 0xfb, 0x92, 0x81, 0xa1, 0xc7, 0xe2, 0x84, 0xd7, 0x3e, 0x67,
		0xf1, 0x80, 0x9a, 0x48, 0xa4, 0x97, 0x20, 0x0e, 0x04, 0x6d, 0x39, 0xcc, 0xc7, 0x11, 0x2c, 0xd0,
	};
	assert_memory_equal(d, want, sizeof(want));
}

/* Messages of bytes (i*7+3) & 255 around the 55/56/64-byte padding boundaries. */
static void test_padding_boundaries(void **state)
{
	(void)state;
	static const struct { size_t len; const char *hex; } cases[] = {
		{ 55, "e7313d333c272e639f790978283f9eb392e843d0f29b7016828bb1daa4aac70b" },
		{ 56, "4324d65f3c103567f5589c710bc08f8523f929a9272e3af36fc968e52abc6c27" },
		{ 63, "81c80242132f230c3bd41b3e63bbcff16107339549214a99614ff26664625055" },
		{ 64, "39e3d7b6b5d075d37d053ad89b24b41bef4f3c29760c84447cab3f3be1882241" },
		{ 65, "aacca6ff74fdbb296d165a45cecfa04e5127bc008770fbbdd48006f2d2fae95e" },
		{ 119, "9ce7368e4daf32341631b492e80359dc9f594b48453cd0dd5bf0b19279cc177e" },
		{ 1000, "1e9bc38cbf860b9ec31918b065f9b52476c549a782e0e7990bed8ce3868d2371" },
	};
	uint8_t msg[1000];
	for (size_t i = 0; i < sizeof(msg); i++)
		msg[i] = (uint8_t)(i * 7 + 3);
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		expect(msg, cases[c].len, cases[c].hex);
		/* The same message fed in uneven pieces. */
		for (size_t step = 1; step < 70; step += 13) {
			struct sha256 s;
			uint8_t d[SHA256_DIGEST_LEN], one[SHA256_DIGEST_LEN];
			sha256_init(&s);
			for (size_t off = 0; off < cases[c].len; off += step)
				sha256_update(&s, msg + off, cases[c].len - off < step ? cases[c].len - off : step);
			sha256_final(&s, d);
			sha256_init(&s);
			sha256_update(&s, msg, cases[c].len);
			sha256_final(&s, one);
			assert_memory_equal(d, one, sizeof(d));
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fips_vectors),
		cmocka_unit_test(test_million_a_in_chunks),
		cmocka_unit_test(test_padding_boundaries),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
