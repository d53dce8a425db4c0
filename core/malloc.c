// SPDX-License-Identifier: GPL-2.0-or-later
/* wb_malloc & co. for firmware: one global struct heap over the arena the platform gives. */
#include "core/heap.h"
#include "core/string.h"

static struct heap global_heap;

void heap_init_global(void *base, size_t size) { heap_init(&global_heap, base, size); }

void *wb_malloc(size_t n) { return heap_alloc(&global_heap, n); }

void *wb_zalloc(size_t n)
{
	void *p = heap_alloc(&global_heap, n);
	if (p)
		memset(p, 0, n);
	return p;
}

void *wb_realloc(void *p, size_t n) { return heap_realloc(&global_heap, p, n); }

void wb_free(void *p) { heap_free(&global_heap, p); }

char *wb_strdup(const char *s) { return wb_strndup(s, strlen(s)); }

char *wb_strndup(const char *s, size_t max)
{
	size_t n = strnlen(s, max);
	char *d = heap_alloc(&global_heap, n + 1);
	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}
