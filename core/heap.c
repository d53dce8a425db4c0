// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * struct heap (core/heap.h): first fit over an address-sorted free list, blocks split on
 * allocation and merged with both neighbours when freed.  Every block starts with a 16-byte
 * header {size, next}; `next` is the free-list link of a free block and USED in a block handed
 * out, which also lets heap_free() ignore a double free or a foreign pointer.
 */
#include <stdbool.h>
#include <stdint.h>

#include "core/errors.h"
#include "core/heap.h"
#include "core/string.h"

#define ALIGN 16
#define HDR 16                 /* header size; payloads stay 16-byte aligned */
#define MIN_BLOCK (HDR + ALIGN) /* smallest block worth keeping as a free fragment */

struct block {
	size_t size; /* whole block, header included; a multiple of ALIGN */
	struct block *next;
};

#define USED ((struct block *)(uintptr_t)0x5EDB10C5u) /* odd: never a real block address */

static struct block *block_of(const void *p) { return (struct block *)((uintptr_t)p - HDR); }
static void *payload(struct block *b) { return (uint8_t *)b + HDR; }
static struct block *after(struct block *b) { return (struct block *)((uint8_t *)b + b->size); }

void heap_init(struct heap *h, void *base, size_t size)
{
	uintptr_t start = ((uintptr_t)base + ALIGN - 1) & ~(uintptr_t)(ALIGN - 1);
	size_t skip = (size_t)(start - (uintptr_t)base);

	h->base = (void *)start;
	h->size = size > skip ? (size - skip) & ~(size_t)(ALIGN - 1) : 0;
	h->free_list = NULL;
	h->in_use = 0;
	if (h->size >= MIN_BLOCK) {
		struct block *b = h->base;
		b->size = h->size;
		b->next = NULL;
		h->free_list = b;
	} else {
		h->size = 0;
	}
}

/* Block size for a request of n bytes, or 0 if it cannot fit in this heap at all. */
static size_t block_size(const struct heap *h, size_t n)
{
	if (n > h->size)
		return 0;
	size_t need = (n + HDR + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	return need < MIN_BLOCK ? MIN_BLOCK : need;
}

/* Cut b down to `need` bytes if the rest makes a useful block; returns the rest or NULL. */
static struct block *split(struct block *b, size_t need)
{
	if (b->size - need < MIN_BLOCK)
		return NULL;
	struct block *rest = (struct block *)((uint8_t *)b + need);
	rest->size = b->size - need;
	b->size = need;
	return rest;
}

void *heap_alloc(struct heap *h, size_t n)
{
	size_t need = block_size(h, n);
	if (!need)
		return NULL;
	for (struct block **pp = (struct block **)&h->free_list; *pp; pp = &(*pp)->next) {
		struct block *b = *pp;
		if (b->size < need)
			continue;
		struct block *rest = split(b, need);
		if (rest) {
			rest->next = b->next;
			*pp = rest;
		} else {
			*pp = b->next;
		}
		b->next = USED;
		h->in_use += b->size;
		return payload(b);
	}
	return NULL;
}

/* The block behind p if p is a live allocation of h, else NULL. */
static struct block *live_block(const struct heap *h, const void *p)
{
	uintptr_t start = (uintptr_t)h->base, end = start + h->size;
	uintptr_t a = (uintptr_t)p;
	if (a < start + HDR || a >= end || (a & (ALIGN - 1)))
		return NULL;
	struct block *b = block_of(p);
	if (b->next != USED || b->size < MIN_BLOCK || b->size > end - (uintptr_t)b)
		return NULL;
	return b;
}

void heap_free(struct heap *h, void *p)
{
	struct block *b = p ? live_block(h, p) : NULL;
	if (!b)
		return;
	h->in_use -= b->size;

	struct block *prev = NULL, *next = h->free_list;
	while (next && next < b) {
		prev = next;
		next = next->next;
	}
	b->next = next;
	if (next && after(b) == next) {
		b->size += next->size;
		b->next = next->next;
	}
	if (!prev) {
		h->free_list = b;
	} else if (after(prev) == b) {
		prev->size += b->size;
		prev->next = b->next;
	} else {
		prev->next = b;
	}
}

void *heap_realloc(struct heap *h, void *p, size_t n)
{
	if (!p)
		return heap_alloc(h, n);
	struct block *b = live_block(h, p);
	size_t need = block_size(h, n);
	if (!b || !need)
		return NULL;

	if (b->size < need) {
		/* Grow in place when the next block is free and big enough. */
		struct block **pp = (struct block **)&h->free_list;
		while (*pp && *pp < after(b))
			pp = &(*pp)->next;
		struct block *nb = *pp;
		if (nb && nb == after(b) && b->size + nb->size >= need) {
			*pp = nb->next;
			h->in_use += nb->size;
			b->size += nb->size;
		} else {
			void *q = heap_alloc(h, n);
			if (q) {
				memcpy(q, p, b->size - HDR);
				heap_free(h, p);
			}
			return q;
		}
	}
	/* Shrink (or trim what growing took in excess): free the tail as its own block. */
	struct block *rest = split(b, need);
	if (rest) { /* in_use still counts the tail: heap_free() takes it off */
		rest->next = USED;
		heap_free(h, payload(rest));
	}
	return p;
}

int heap_check(const struct heap *h, size_t *free_blocks, size_t *largest_free)
{
	const struct block *f = h->free_list;
	size_t used = 0, nfree = 0, largest = 0;
	uint8_t *end = (uint8_t *)h->base + h->size;
	bool prev_free = false;

	for (uint8_t *a = h->base; a < end;) {
		const struct block *b = (const struct block *)a;
		if (b->size < MIN_BLOCK || b->size % ALIGN || b->size > (size_t)(end - a))
			return -WB_EINVAL;
		if (b->next == USED) {
			used += b->size;
			prev_free = false;
		} else {
			if (b != f || prev_free) /* free list out of order, or not coalesced */
				return -WB_EINVAL;
			f = f->next;
			nfree++;
			largest = b->size > largest ? b->size : largest;
			prev_free = true;
		}
		a += b->size;
	}
	if (f || used != h->in_use)
		return -WB_EINVAL;
	if (free_blocks)
		*free_blocks = nfree;
	if (largest_free)
		*largest_free = largest;
	return 0;
}
