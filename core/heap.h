/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Small-object allocation.  wb_malloc & co. are what portable code calls: firmware builds
 * implement them with `struct heap` over an arena the platform hands to heap_init_global();
 * host builds map them onto the C library (so sanitizers see every allocation).
 *
 * Large images (kernels, initrds) do not come from here: see platform_image_alloc().
 */
#ifndef WB_CORE_HEAP_H
#define WB_CORE_HEAP_H

#include <stddef.h>

void *wb_malloc(size_t n);
void *wb_zalloc(size_t n);
void *wb_realloc(void *p, size_t n);
void wb_free(void *p);
char *wb_strdup(const char *s);
char *wb_strndup(const char *s, size_t max);

/* A first-fit heap with coalescing over one arena; 16-byte aligned blocks. */
struct heap {
	void *base;
	size_t size;
	void *free_list;
	size_t in_use; /* bytes handed out, for diagnostics */
};

void heap_init(struct heap *h, void *base, size_t size);
void *heap_alloc(struct heap *h, size_t n);
void *heap_realloc(struct heap *h, void *p, size_t n);
void heap_free(struct heap *h, void *p);
/*
 * Walk the whole arena and check its structure: blocks tile it exactly, the free list is
 * sorted and complete, no two free blocks touch (fully coalesced), in_use adds up.  0 or
 * -WB_EINVAL; reports the number of free blocks and the largest one (NULL to skip).
 */
int heap_check(const struct heap *h, size_t *free_blocks, size_t *largest_free);

/* Firmware: give the global heap used by wb_malloc its arena. */
void heap_init_global(void *base, size_t size);

#endif
