// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Expanding the image body packed by rom/lzpack.py (see its header for the format).  Runs in
 * 32-bit protected mode from start32 (rom/realmode.S) before the body exists, so it lives in
 * .text16 with the other code that is never packed, and uses nothing from the body.
 */
#include <stdint.h>

#include "rom/realmode.h"

#define MIN_MATCH 4

void unpack(const uint8_t *src, uint8_t *dst, uint32_t len) WB_ASMCALL;

/* A length continued in extra bytes while they are 255. */
static inline __attribute__((always_inline)) uint32_t more_len(const uint8_t **src, uint32_t n)
{
	uint8_t b;
	do {
		b = *(*src)++;
		n += b;
	} while (b == 255);
	return n;
}

/* Byte loops on purpose: no memcpy (the body that has it does not exist yet). */
__attribute__((section(".text16.unpack"), optimize("no-tree-loop-distribute-patterns")))
WB_ASMCALL void unpack(const uint8_t *src, uint8_t *dst, uint32_t len)
{
	uint8_t *out = dst, *end = dst + len;
	for (;;) {
		uint8_t token = *src++;
		uint32_t n = token >> 4;
		if (n == 15)
			n = more_len(&src, n);
		while (n--)
			*out++ = *src++;
		if (out >= end)
			break;
		const uint8_t *match = out - (src[0] | src[1] << 8);
		src += 2;
		n = (token & 15) + MIN_MATCH;
		if ((token & 15) == 15)
			n = more_len(&src, n);
		while (n--)
			*out++ = *match++;
	}
	/* Undo the CALL transform: absolute targets back to rel32. */
	for (uint8_t *p = dst; p + 5 <= end;) {
		if (*p == 0xE8) {
			uint32_t *op = (uint32_t *)(p + 1);
			*op -= (uint32_t)(uintptr_t)p + 5;
			p += 5;
		} else {
			p++;
		}
	}
}
