// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * rom/unpack.c on the host: the bodies this build packed into wireboot.pxe and the native
 * images (ROM, USB, lkrn, ISO), and edge cases packed by rom/lzpack.py (empty, incompressible,
 * long runs, far matches, branch opcodes in every position), written by tests/unit/make_unpack_vectors.py
 * into UNPACK_VECTORS.  Every output buffer is exactly as large as allowed, so ASan catches
 * any write outside it; corrupt, truncated and overlong streams must be refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rom/unpack.h"

struct vector {
	uint8_t *raw, *packed;
	size_t raw_len, packed_len;
};

static uint8_t *read_file(const char *name, const char *ext, size_t *len)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s.%s", UNPACK_VECTORS, name, ext);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	long n = ftell(f);
	assert_true(n >= 0);
	rewind(f);
	uint8_t *buf = malloc((size_t)n + 1); /* +1: never malloc(0) */
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static struct vector load(const char *name)
{
	struct vector v;
	v.raw = read_file(name, "raw", &v.raw_len);
	v.packed = read_file(name, "z", &v.packed_len);
	return v;
}

static void release(struct vector *v)
{
	free(v->raw);
	free(v->packed);
}

/* unpack() into a heap buffer of exactly dst_len bytes; the buffer, or NULL when refused. */
static uint8_t *unpack_exact(const uint8_t *src, size_t src_len, size_t dst_len)
{
	uint8_t *dst = malloc(dst_len ? dst_len : 1);
	assert_non_null(dst);
	if (unpack(src, (uint32_t)src_len, dst, (uint32_t)dst_len) != 0) {
		free(dst);
		return NULL;
	}
	return dst;
}

static void round_trip(const char *name)
{
	struct vector v = load(name);
	uint8_t *out = unpack_exact(v.packed, v.packed_len, v.raw_len);
	assert_non_null(out);
	assert_memory_equal(out, v.raw, v.raw_len);
	free(out);
	release(&v);
}

static void test_pxe_body(void **state)
{
	(void)state;
	round_trip("pxe-body");
}

static void test_native_body(void **state)
{
	(void)state;
	round_trip("native-body");
}

static void test_edge_cases(void **state)
{
	(void)state;
	static const char *const names[] = { "empty", "one-byte", "call-at-end", "call-exact", "calls",
					      "branches", "incompressible", "zeros", "pattern", "far-match" };
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		round_trip(names[i]);
}

/* The edge cases compress as they should: runs to a few bytes, noise barely grows. */
static void test_ratios(void **state)
{
	(void)state;
	struct vector zeros = load("zeros"), noise = load("incompressible"), body = load("pxe-body");
	assert_int_equal(zeros.raw_len, 100000);
	assert_true(zeros.packed_len <= 16);
	assert_true(noise.packed_len <= noise.raw_len + noise.raw_len / 64);
	assert_true(body.packed_len * 100 <= body.raw_len * 58); /* 55% when written */
	release(&zeros);
	release(&noise);
	release(&body);
}

/* A stream cut short, or with bytes after its end, is refused. */
static void test_truncated_and_overlong(void **state)
{
	(void)state;
	struct vector v = load("pxe-body");
	static const size_t cuts[] = { 0, 1, 2, 3, 100, 20000 };
	for (size_t i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++)
		assert_null(unpack_exact(v.packed, v.packed_len - 1 - cuts[i], v.raw_len));
	uint8_t *longer = malloc(v.packed_len + 1);
	assert_non_null(longer);
	memcpy(longer, v.packed, v.packed_len);
	longer[v.packed_len] = 0;
	assert_null(unpack_exact(longer, v.packed_len + 1, v.raw_len));
	free(longer);
	release(&v);
}

/* A destination too small for the stream: the decoder stops at its end and refuses. */
static void test_short_destination(void **state)
{
	(void)state;
	struct vector v = load("pxe-body");
	assert_null(unpack_exact(v.packed, v.packed_len, v.raw_len - 1));
	assert_null(unpack_exact(v.packed, v.packed_len, v.raw_len / 2));
	assert_null(unpack_exact(v.packed, v.packed_len, 1));
	free(v.raw);
	v.raw = NULL;
	/* An empty stream for a non-empty body reads past its end. */
	assert_null(unpack_exact(v.packed, 0, 16));
	release(&v);
}

/* A match length whose number is too long (decode_number() gives 0) is refused, even though
 * the stream would otherwise decode to exactly its 2 bytes. */
static void test_overlong_length(void **state)
{
	(void)state;
	struct vector v = load("overlong-length");
	assert_int_equal(v.raw_len, 2);
	assert_null(unpack_exact(v.packed, v.packed_len, v.raw_len));
	release(&v);
}

/* Bit flips all over a real stream: refused or decoded, never out of bounds (ASan). */
static void test_corrupt(void **state)
{
	(void)state;
	struct vector v = load("native-body");
	uint32_t seed = 12345;
	int refused = 0;
	for (int i = 0; i < 300; i++) {
		seed = seed * 1103515245u + 12345u;
		size_t at = (seed >> 8) % v.packed_len;
		uint8_t flip = (uint8_t)(1u << ((seed >> 4) & 7));
		v.packed[at] ^= flip;
		uint8_t *out = unpack_exact(v.packed, v.packed_len, v.raw_len);
		if (out)
			free(out);
		else
			refused++;
		v.packed[at] ^= flip;
	}
	/* Nearly every corruption derails the decoder so that a check fires. */
	assert_true(refused >= 250);
	release(&v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pxe_body),
		cmocka_unit_test(test_native_body),
		cmocka_unit_test(test_edge_cases),
		cmocka_unit_test(test_ratios),
		cmocka_unit_test(test_truncated_and_overlong),
		cmocka_unit_test(test_short_destination),
		cmocka_unit_test(test_overlong_length),
		cmocka_unit_test(test_corrupt),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
