// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * 64-bit division helpers that GCC calls on i386 (__udivdi3 & co.).  The firmware is built
 * with -mregparm=3, and GCC passes these helpers their arguments in registers too, so the
 * C library's libgcc (built without regparm) cannot be linked: these are compiled with the
 * firmware's own flags instead.  Divisors that fit in 32 bits (nearly all: printf, clocks)
 * take two DIV instructions; others a shift-and-subtract loop.
 */
#include <stdint.h>

uint64_t __udivmoddi4(uint64_t n, uint64_t d, uint64_t *rem);
uint64_t __udivdi3(uint64_t n, uint64_t d);
uint64_t __umoddi3(uint64_t n, uint64_t d);
int64_t __divdi3(int64_t n, int64_t d);
int64_t __moddi3(int64_t n, int64_t d);

/* (hi:lo) / d with hi < d: one DIV. */
static inline uint32_t div_64_32(uint32_t hi, uint32_t lo, uint32_t d, uint32_t *r)
{
	uint32_t q;
	__asm__("divl %4" : "=a"(q), "=d"(*r) : "a"(lo), "d"(hi), "rm"(d));
	return q;
}

uint64_t __udivmoddi4(uint64_t n, uint64_t d, uint64_t *rem)
{
	uint64_t q;
	if (!d) {
		/* Division by zero: trap like the hardware would. */
		__asm__ volatile("ud2");
		__builtin_unreachable();
	}
	if (d >> 32 == 0) {
		uint32_t r, nh = (uint32_t)(n >> 32), dl = (uint32_t)d;
		uint32_t qh = nh / dl;
		uint32_t ql = div_64_32(nh % dl, (uint32_t)n, dl, &r);
		q = (uint64_t)qh << 32 | ql;
		if (rem)
			*rem = r;
		return q;
	}
	q = 0;
	int shift = __builtin_clzll(d) - __builtin_clzll(n | 1);
	if (shift < 0)
		shift = 0;
	d <<= shift;
	for (; shift >= 0; shift--, d >>= 1) {
		q <<= 1;
		if (n >= d) {
			n -= d;
			q |= 1;
		}
	}
	if (rem)
		*rem = n;
	return q;
}

uint64_t __udivdi3(uint64_t n, uint64_t d) { return __udivmoddi4(n, d, 0); }

uint64_t __umoddi3(uint64_t n, uint64_t d)
{
	uint64_t r;
	__udivmoddi4(n, d, &r);
	return r;
}

int64_t __divdi3(int64_t n, int64_t d)
{
	uint64_t q = __udivmoddi4(n < 0 ? -(uint64_t)n : (uint64_t)n, d < 0 ? -(uint64_t)d : (uint64_t)d, 0);
	return (n < 0) != (d < 0) ? -(int64_t)q : (int64_t)q;
}

int64_t __moddi3(int64_t n, int64_t d)
{
	uint64_t r;
	__udivmoddi4(n < 0 ? -(uint64_t)n : (uint64_t)n, d < 0 ? -(uint64_t)d : (uint64_t)d, &r);
	return n < 0 ? -(int64_t)r : (int64_t)r;
}
