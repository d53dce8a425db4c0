// SPDX-License-Identifier: GPL-2.0-or-later
/* core/malloc.c: the firmware's wb_malloc & co. over the global heap (no sanitizers here). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/heap.h"
#include "core/string.h"

static _Alignas(16) uint8_t arena[4096];

static void test_global_heap(void **state)
{
	(void)state;
	heap_init_global(arena, sizeof(arena));
	char *a = wb_malloc(100);
	assert_non_null(a);
	assert_true((uint8_t *)a > arena && (uint8_t *)a < arena + sizeof(arena));
	assert_int_equal((uintptr_t)a % 16, 0);
	memset(a, 0x55, 100);

	uint8_t *z = wb_zalloc(200);
	assert_non_null(z);
	for (int i = 0; i < 200; i++)
		assert_int_equal(z[i], 0);

	char *d = wb_strdup("pxelinux.cfg/default");
	assert_string_equal(d, "pxelinux.cfg/default");
	char *nd = wb_strndup("vmlinuz initrd=x", 7);
	assert_string_equal(nd, "vmlinuz");

	a = wb_realloc(a, 1000);
	assert_non_null(a);
	for (int i = 0; i < 100; i++)
		assert_int_equal((uint8_t)a[i], 0x55);

	assert_null(wb_malloc(sizeof(arena))); /* cannot fit */
	wb_free(a);
	wb_free(z);
	wb_free(d);
	wb_free(nd);
	wb_free(NULL);
	/* Everything back in one piece: the whole arena can be taken again. */
	assert_non_null(wb_malloc(sizeof(arena) - 16));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_global_heap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
