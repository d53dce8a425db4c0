/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The image-body decompressor (rom/unpack.c) and the constants of its format, which
 * rom/lzpack.py (the packer) mirrors; the format is described there.
 */
#ifndef WB_ROM_UNPACK_H
#define WB_ROM_UNPACK_H

#include <stdint.h>

#define UNPACK_PROB_BITS 12       /* a probability is a 12-bit fraction: P(bit is 0) */
#define UNPACK_ADAPT_SHIFT 5      /* after each bit, move 1/32 of the way towards it */
#define UNPACK_LIT_CTX_BITS 3     /* literals are coded in the context of the previous byte's top 3 bits */
#define UNPACK_NUM_MAX_BITS 24    /* a length or distance is below 2^24 */
/* A number model: a unary bit count (one probability per count), then, per count k, the k
 * bits below the leading 1 (one probability per position, rows 32 apart). */
#define UNPACK_NUM_PROBS (UNPACK_NUM_MAX_BITS + UNPACK_NUM_MAX_BITS * 32)
/* The state: the kinds of the last two items, 2 bits each (the last in the low bits). */
#define UNPACK_STATES 16
#define UNPACK_KIND_MATCH 1       /* a match with a new distance (0: a literal) */
#define UNPACK_KIND_REP 2         /* a match at the last distance again */
/* Per literal context: the plain bit tree, then the trees for a match bit 0 and 1. */
#define UNPACK_LIT_PROBS 0x300
/* Layout of the probability table. */
#define UNPACK_P_MATCH 0          /* per state: is the next item a match? */
#define UNPACK_P_REP (UNPACK_P_MATCH + UNPACK_STATES) /* per state, after a literal: the last distance again? */
#define UNPACK_P_LEN (UNPACK_P_REP + UNPACK_STATES)   /* match length - 1, new distance */
#define UNPACK_P_REP_LEN (UNPACK_P_LEN + UNPACK_NUM_PROBS) /* the same, last distance again */
#define UNPACK_P_DIST (UNPACK_P_REP_LEN + UNPACK_NUM_PROBS) /* 2 models: length 2 / longer */
#define UNPACK_P_LIT (UNPACK_P_DIST + 2 * UNPACK_NUM_PROBS) /* UNPACK_LIT_PROBS per context */
#define UNPACK_P_TOTAL (UNPACK_P_LIT + (UNPACK_LIT_PROBS << UNPACK_LIT_CTX_BITS))

#ifdef WB_PLATFORM_BIOS
#define UNPACK_CALL __attribute__((regparm(0))) /* called from start32 (rom/realmode.S) */
#else
#define UNPACK_CALL
#endif

/*
 * Expand `src` (src_len bytes from rom/lzpack.py) into exactly dst_len bytes at `dst` and undo
 * the branch transform.  Returns 0, or -1 when the input is corrupt (it never writes outside
 * dst[0..dst_len) nor reads outside src[0..src_len), whatever the input).  Keeps its
 * probabilities (~19 KiB) in a static table: not reentrant.
 */
int unpack(const uint8_t *src, uint32_t src_len, uint8_t *dst, uint32_t dst_len) UNPACK_CALL;

#endif
