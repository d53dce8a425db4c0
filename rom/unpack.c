// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Expanding the image body packed by rom/lzpack.py (see its header for the format): LZ77
 * items decoded with an adaptive binary range decoder.  Runs in 32-bit protected mode from
 * start32 (rom/realmode.S) before the body exists, so it lives in .text16 with the other code
 * that is never packed, and uses nothing from the body (no memcpy: byte loops, and loops GCC
 * must not turn into library calls).  Its probabilities are a static table in .bss, which
 * does not overlap the body and which start32 clears only afterwards.
 */
#include "rom/unpack.h"

#ifdef WB_PLATFORM_BIOS
#define UNPACK_CODE __attribute__((section(".text16.unpack"), optimize("no-tree-loop-distribute-patterns")))
#else
#define UNPACK_CODE /* host tests and fuzzing */
#endif

struct unpacker {
	const uint8_t *in;
	uint32_t in_len, in_pos; /* in_pos may run past in_len: reads there give 0, unpack fails */
	uint32_t range, code;
};

/* In .bss, which start32 clears only after unpacking (it does not overlap the body). */
static uint16_t probs[UNPACK_P_TOTAL];

/* One bit coded with probability *p, which then adapts towards it. */
static UNPACK_CODE __attribute__((noinline)) uint32_t decode_bit(struct unpacker *u, uint16_t *p)
{
	uint32_t bound, bit;
	/* Keep 24+ bits of range: shift in the next byte (0 past the end: unpack then fails). */
	while (u->range < 1u << 24) {
		uint32_t pos = u->in_pos++;
		u->range <<= 8;
		u->code = u->code << 8 | (pos < u->in_len ? u->in[pos] : 0);
	}
	bound = (u->range >> UNPACK_PROB_BITS) * *p;
	bit = u->code >= bound;
	if (bit) {
		u->code -= bound;
		u->range -= bound;
		*p -= *p >> UNPACK_ADAPT_SHIFT;
	} else {
		u->range = bound;
		*p += ((1 << UNPACK_PROB_BITS) - *p) >> UNPACK_ADAPT_SHIFT;
	}
	return bit;
}

/* A number >= 1 from the model at p (UNPACK_NUM_PROBS probabilities), 0 if it is too long. */
static UNPACK_CODE __attribute__((noinline)) uint32_t decode_number(struct unpacker *u, uint16_t *p)
{
	uint32_t k = 0, n = 1;
	while (decode_bit(u, p + k))
		if (++k == UNPACK_NUM_MAX_BITS)
			return 0;
	p += UNPACK_NUM_MAX_BITS + k * 32;
	while (k--)
		n = n * 2 + decode_bit(u, p + k);
	return n;
}

/* A branch operand, read and written unaligned. */
struct unaligned_u32 {
	uint32_t v;
} __attribute__((packed));

UNPACK_CODE UNPACK_CALL int unpack(const uint8_t *src, uint32_t src_len, uint8_t *dst, uint32_t dst_len)
{
	/* range 1: the first decode_bit() reads 3 bytes (the packer drops a leading 0). */
	struct unpacker u = { src, src_len, 0, 1, 0 };
	uint8_t *out = dst;
	uint32_t i, len, last = 0, dist = 0, state = 0;

	for (i = 0; i < UNPACK_P_TOTAL; i++)
		probs[i] = 1 << (UNPACK_PROB_BITS - 1);

	while ((uint32_t)(out - dst) < dst_len) {
		uint32_t kind = UNPACK_KIND_MATCH;
		if (!decode_bit(&u, probs + UNPACK_P_MATCH + state)) {
			/* A literal: 8 bits, most significant first, down a binary tree.  After a
			 * match (state & 3), while they agree with the byte at the last distance (in
			 * bounds: dist is 0 or was checked), the bits have probabilities of their own
			 * per bit of that byte (offs 0x100: the trees at 0x100 and 0x200). */
			uint16_t *p = probs + UNPACK_P_LIT + (last >> (8 - UNPACK_LIT_CTX_BITS)) * UNPACK_LIT_PROBS;
			uint32_t offs = state & 3 ? 0x100 : 0, match = *(out - dist);
			for (last = 1; last < 256;) {
				uint32_t m = (match <<= 1) & offs, bit = decode_bit(&u, p + offs + m + last);
				last = last * 2 + bit;
				if ((m != 0) != bit)
					offs = 0;
			}
			last &= 0xFF;
			*out++ = (uint8_t)last;
			state = state << 2 & (UNPACK_STATES - 1);
			continue;
		}
		/* A match: the last distance again (only right after a literal), or a new one. */
		if (!(state & 3) && decode_bit(&u, probs + UNPACK_P_REP + state))
			kind = UNPACK_KIND_REP;
		/* +1: 1 when the number was too long */
		len = decode_number(&u, probs + (kind == UNPACK_KIND_REP ? UNPACK_P_REP_LEN : UNPACK_P_LEN)) + 1;
		if (kind == UNPACK_KIND_MATCH)
			dist = decode_number(&u, probs + UNPACK_P_DIST + (len > 2 ? UNPACK_NUM_PROBS : 0));
		if (len == 1 || dist == 0 || dist > (uint32_t)(out - dst) ||
		    len > dst_len - (uint32_t)(out - dst))
			return -1;
		while (len--) {
			last = *out = *(out - dist);
			out++;
		}
		state = (state << 2 | kind) & (UNPACK_STATES - 1);
	}
	if (u.in_pos != src_len)
		return -1;

	/* Undo the branch transform (rom/lzpack.py bcj()): after E8 (CALL), E9 (JMP) or 0F 8x
	 * (Jcc), an operand with top byte 00 or FF goes from an offset from the buffer start
	 * back to rel32, 25 bits sign-extended; the scan goes on after every such operand. */
	for (i = 0; i < dst_len; i++) {
		uint32_t op = i + 1;
		if (dst[i] == 0x0F && op < dst_len && (dst[op] & 0xF0) == 0x80)
			op++;
		else if ((dst[i] & 0xFE) != 0xE8)
			continue;
		if (op + 4 > dst_len)
			continue;
		struct unaligned_u32 *v = (struct unaligned_u32 *)(dst + op);
		i = op + 3;
		if (v->v + 0x01000000 < 0x02000000)
			v->v = (uint32_t)((int32_t)((v->v - i - 1) << 7) >> 7);
	}
	return 0;
}
