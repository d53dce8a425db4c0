// SPDX-License-Identifier: GPL-2.0-or-later
/* Bounded string copies and number parsing (core/string.h), for host and firmware alike. */
#include <stdbool.h>
#include <stdint.h>

#include "core/errors.h"
#include "core/string.h"

size_t wb_strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);
	if (size) {
		size_t n = len < size - 1 ? len : size - 1;
		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

size_t wb_strlcat(char *dst, const char *src, size_t size)
{
	size_t used = strnlen(dst, size);
	if (used == size) /* dst not terminated within size: nothing can be appended */
		return size + strlen(src);
	return used + wb_strlcpy(dst + used, src, size - used);
}

/* Value of an alphanumeric digit in bases up to 36, or 99 for anything else. */
static unsigned digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return (unsigned)(c - '0');
	if (c >= 'a' && c <= 'z')
		return (unsigned)(c - 'a' + 10);
	if (c >= 'A' && c <= 'Z')
		return (unsigned)(c - 'A' + 10);
	return 99;
}

/* *v = *v * base + d unless that overflows 64 bits (no 64-bit division: 32-bit firmware). */
static bool mul_add(unsigned long long *v, unsigned base, unsigned d)
{
	uint64_t hi = (*v >> 32) * base, lo = (*v & 0xFFFFFFFFu) * base;
	if (hi >> 32)
		return false;
	uint64_t r = (hi << 32) + lo;
	if (r < lo || r + d < r)
		return false;
	*v = r + d;
	return true;
}

int wb_strtou64(const char *s, const char **end, int base, unsigned long long *out)
{
	const char *p = s;
	unsigned long long v = 0;
	bool overflow = false;

	if (base < 0 || base == 1 || base > 36) {
		if (end)
			*end = s;
		return -WB_EINVAL;
	}
	/* A "0x" prefix counts only when a hex digit follows, as in strtoull. */
	if ((base == 0 || base == 16) && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') &&
	    digit_value(p[2]) < 16) {
		p += 2;
		base = 16;
	} else if (base == 0) {
		base = p[0] == '0' ? 8 : 10;
	}
	const char *digits = p;
	for (unsigned d; (d = digit_value(*p)) < (unsigned)base; p++) {
		if (!mul_add(&v, (unsigned)base, d))
			overflow = true;
	}
	if (end)
		*end = p == digits ? s : p;
	if (p == digits)
		return -WB_EINVAL;
	if (overflow)
		return -WB_ERANGE;
	*out = v;
	return 0;
}
