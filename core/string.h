/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The C string and memory functions wireboot uses.  On the host the C library provides
 * them; in firmware builds (WB_FREESTANDING) core/string.c does, under the standard names so
 * that compiler-generated calls to memcpy/memset resolve too.
 */
#ifndef WB_CORE_STRING_H
#define WB_CORE_STRING_H

#include <stddef.h>

#ifdef WB_FREESTANDING
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
int strcasecmp(const char *a, const char *b);
int strncasecmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strstr(const char *hay, const char *needle);
#else
#include <string.h>
#include <strings.h>
#endif

/* Bounded copy that always terminates dst (when size > 0); returns strlen(src). */
size_t wb_strlcpy(char *dst, const char *src, size_t size);
/* Append src to dst within size bytes, always terminated; returns the length it tried to make. */
size_t wb_strlcat(char *dst, const char *src, size_t size);

/* Character classes (ASCII only, locale-free). */
static inline int wb_isspace(int c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
static inline int wb_isdigit(int c) { return c >= '0' && c <= '9'; }
static inline int wb_isxdigit(int c)
{
	return wb_isdigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
static inline int wb_tolower(int c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }
static inline int wb_isalnum(int c) { return wb_isdigit(c) || (wb_tolower(c) >= 'a' && wb_tolower(c) <= 'z'); }
static inline int wb_toupper(int c) { return (c >= 'a' && c <= 'z') ? c - 32 : c; }
/* The value of a hex digit (either case), or -1 for any other character. */
static inline int wb_hexval(int c)
{
	if (wb_isdigit(c))
		return c - '0';
	c = wb_tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/*
 * Parse an unsigned integer (base 0 = C rules: 0x hex, leading 0 octal, else decimal).
 * Returns 0 and *out on success; -WB_EINVAL if no digits, -WB_ERANGE on overflow.
 * *end (if not NULL) points after the last digit used.
 */
int wb_strtou64(const char *s, const char **end, int base, unsigned long long *out);

#endif
