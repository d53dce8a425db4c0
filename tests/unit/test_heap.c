// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * core/heap.c: alignment, splitting, coalescing, realloc, bad frees, and a random stress run
 * that fills every live block with its own pattern (so any overlap shows) and checks the
 * whole heap structure after every operation.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/heap.h"
#include "core/string.h"

#define ARENA 65536
static _Alignas(16) uint8_t arena[ARENA + 16];

static void assert_whole(const struct heap *h)
{
	size_t blocks, largest;
	assert_int_equal(heap_check(h, &blocks, &largest), 0);
	assert_int_equal(blocks, 1);
	assert_int_equal(largest, h->size);
	assert_int_equal(h->in_use, 0);
}

static void test_init_alignment(void **state)
{
	(void)state;
	struct heap h;
	heap_init(&h, arena + 3, 1000); /* unaligned start: rounded up, size trimmed */
	assert_ptr_equal(h.base, arena + 16);
	assert_int_equal(h.size, 976);
	assert_whole(&h);
	void *p = heap_alloc(&h, 1);
	assert_ptr_equal(p, arena + 32); /* after the 16-byte header */
	assert_int_equal(h.in_use, 32);
	heap_free(&h, p);
	assert_whole(&h);

	heap_init(&h, arena, 20); /* too small for any block */
	assert_int_equal(h.size, 0);
	assert_null(heap_alloc(&h, 1));
}

static void test_split_and_coalesce(void **state)
{
	(void)state;
	struct heap h;
	heap_init(&h, arena, 4096);
	uint8_t *p[4];
	for (int i = 0; i < 4; i++) {
		p[i] = heap_alloc(&h, 100);
		assert_non_null(p[i]);
		assert_int_equal((uintptr_t)p[i] % 16, 0);
	}
	assert_int_equal(p[1] - p[0], 128); /* 100 + header, rounded to 16 */
	assert_int_equal(h.in_use, 4 * 128);
	size_t blocks, largest;
	heap_free(&h, p[1]);
	heap_free(&h, p[2]); /* merges with p[1]'s block */
	assert_int_equal(heap_check(&h, &blocks, &largest), 0);
	assert_int_equal(blocks, 2);
	assert_int_equal(largest, 4096 - 4 * 128);
	uint8_t *q = heap_alloc(&h, 240); /* first fit: the 256-byte hole */
	assert_ptr_equal(q, p[1]);
	heap_free(&h, q);
	heap_free(&h, p[3]); /* merges the hole, p[3] and the tail */
	assert_int_equal(heap_check(&h, &blocks, &largest), 0);
	assert_int_equal(blocks, 1);
	heap_free(&h, p[0]);
	assert_whole(&h);
}

static void test_bad_frees_are_ignored(void **state)
{
	(void)state;
	struct heap h;
	heap_init(&h, arena, 4096);
	uint8_t *p = heap_alloc(&h, 64);
	uint8_t *q = heap_alloc(&h, 64);
	heap_free(&h, p);
	heap_free(&h, p);      /* double free */
	heap_free(&h, q + 16); /* not a block start */
	heap_free(&h, arena + 8192);
	heap_free(&h, NULL);
	size_t blocks;
	assert_int_equal(heap_check(&h, &blocks, NULL), 0);
	assert_int_equal(blocks, 2);
	assert_int_equal(h.in_use, 80); /* q alone: 64 bytes + the 16-byte header */
	heap_free(&h, q);
	assert_whole(&h);
}

static void test_limits(void **state)
{
	(void)state;
	struct heap h;
	heap_init(&h, arena, 4096);
	assert_null(heap_alloc(&h, SIZE_MAX));
	assert_null(heap_alloc(&h, SIZE_MAX - 8)); /* would overflow the rounding */
	assert_null(heap_alloc(&h, 4096 - 15));
	void *all = heap_alloc(&h, 4096 - 16); /* exactly the arena */
	assert_non_null(all);
	assert_null(heap_alloc(&h, 0));
	heap_free(&h, all);
	assert_whole(&h);
}

static void test_heap_realloc(void **state)
{
	(void)state;
	struct heap h;
	heap_init(&h, arena, 4096);
	uint8_t *p = heap_realloc(&h, NULL, 40);
	assert_non_null(p);
	memset(p, 0x11, 40);
	uint8_t *wall = heap_alloc(&h, 16);
	/* No room after p: moves, keeping the contents. */
	uint8_t *p2 = heap_realloc(&h, p, 500);
	assert_ptr_not_equal(p2, p);
	for (int i = 0; i < 40; i++)
		assert_int_equal(p2[i], 0x11);
	/* Room after p2 (the free tail): grows in place. */
	uint8_t *p3 = heap_realloc(&h, p2, 1500);
	assert_ptr_equal(p3, p2);
	/* Shrinks in place and gives the tail back. */
	uint8_t *p4 = heap_realloc(&h, p3, 10);
	assert_ptr_equal(p4, p3);
	assert_int_equal(h.in_use, 32 + 32);
	assert_int_equal(heap_check(&h, NULL, NULL), 0);
	assert_null(heap_realloc(&h, p4, 100000)); /* too big: old block stays valid */
	assert_int_equal(p4[0], 0x11);
	heap_free(&h, wall);
	heap_free(&h, p4);
	assert_whole(&h);
}

static uint32_t rng = 12345;
static uint32_t next_random(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

struct live {
	uint8_t *p;
	size_t n;
	uint8_t tag;
};

static void assert_pattern(const struct live *l)
{
	for (size_t i = 0; i < l->n; i++)
		assert_int_equal(l->p[i], (uint8_t)(l->tag + i));
}

static void fill(struct live *l)
{
	for (size_t i = 0; i < l->n; i++)
		l->p[i] = (uint8_t)(l->tag + i);
}

static void test_random_stress(void **state)
{
	(void)state;
	struct heap h;
	static struct live live[256];
	size_t nlive = 0, failures = 0;
	heap_init(&h, arena, ARENA);
	for (int op = 0; op < 20000; op++) {
		uint32_t r = next_random();
		size_t n = r % 7 == 0 ? r % 4000 : r % 200;
		if (nlive < 256 && (r >> 8) % 3 != 0) {
			uint8_t *p = heap_alloc(&h, n);
			if (!p) {
				failures++;
				continue;
			}
			assert_int_equal((uintptr_t)p % 16, 0);
			assert_true(p >= arena && p + n <= arena + ARENA);
			live[nlive] = (struct live){ p, n, (uint8_t)op };
			fill(&live[nlive++]);
		} else if (nlive) {
			size_t i = (r >> 4) % nlive;
			assert_pattern(&live[i]);
			if ((r >> 12) % 4 == 0) { /* realloc keeps the common prefix */
				uint8_t *q = heap_realloc(&h, live[i].p, n);
				if (q) {
					size_t keep = n < live[i].n ? n : live[i].n;
					live[i].p = q;
					live[i].n = keep;
					assert_pattern(&live[i]);
					live[i].n = n;
					fill(&live[i]);
				}
			} else {
				heap_free(&h, live[i].p);
				live[i] = live[--nlive];
			}
		}
		if (op % 16 == 0)
			for (size_t i = 0; i < nlive; i++)
				assert_pattern(&live[i]);
		assert_int_equal(heap_check(&h, NULL, NULL), 0);
	}
	assert_true(failures < 20000 / 4); /* the arena was mostly large enough */
	while (nlive) {
		size_t i = next_random() % nlive;
		assert_pattern(&live[i]);
		heap_free(&h, live[i].p);
		live[i] = live[--nlive];
		assert_int_equal(heap_check(&h, NULL, NULL), 0);
	}
	assert_whole(&h); /* fully coalesced again */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_alignment),
		cmocka_unit_test(test_split_and_coalesce),
		cmocka_unit_test(test_bad_frees_are_ignored),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_heap_realloc),
		cmocka_unit_test(test_random_stress),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
