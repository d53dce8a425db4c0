// SPDX-License-Identifier: GPL-2.0-or-later
/* Several initrds as one, each 4 KiB-aligned (loaders/initrd.h). */
#include <stdint.h>

#include "core/errors.h"
#include "core/string.h"
#include "loaders/initrd.h"

/* Place a part of `len` bytes after `*end`: its aligned start, and the new end; no overflow. */
static int place(size_t *end, size_t len, size_t *start)
{
	if (*end > SIZE_MAX - (INITRD_ALIGN - 1))
		return -WB_ETOOBIG;
	*start = (*end + INITRD_ALIGN - 1) & ~(size_t)(INITRD_ALIGN - 1);
	if (len > SIZE_MAX - *start)
		return -WB_ETOOBIG;
	*end = *start + len;
	return 0;
}

int initrd_layout(const size_t *sizes, size_t count, size_t *offsets, size_t *total)
{
	size_t end = 0, start;
	for (size_t i = 0; i < count; i++) {
		int err = place(&end, sizes[i], &start);
		if (err)
			return err;
		if (offsets)
			offsets[i] = start;
	}
	*total = end;
	return 0;
}

int initrd_concat(uint8_t *dst, size_t dst_len, const struct initrd_part *parts, size_t count,
		  size_t *total)
{
	size_t end = 0, start;
	/* The layout first, so that nothing is written when it does not fit. */
	for (size_t i = 0; i < count; i++)
		if (place(&end, parts[i].len, &start))
			return -WB_ETOOBIG;
	if (end > dst_len)
		return -WB_ETOOBIG;
	end = 0;
	for (size_t i = 0; i < count; i++) {
		size_t gap_from = end;
		place(&end, parts[i].len, &start);
		memset(dst + gap_from, 0, start - gap_from);
		if (parts[i].len)
			memcpy(dst + start, parts[i].data, parts[i].len);
	}
	*total = end;
	return 0;
}
