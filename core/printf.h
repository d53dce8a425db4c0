/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A small printf: %d %i %u %x %X %o %s %c %p %%, flags '-' '0' ' ' '+', width and precision
 * (also '*'), length modifiers hh h l ll z j t.  No floating point.
 */
#ifndef WB_CORE_PRINTF_H
#define WB_CORE_PRINTF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#define WB_PRINTF(f, a) __attribute__((format(printf, f, a)))

/* Like vsnprintf: returns the length the full output would have had. */
int wb_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap) WB_PRINTF(3, 0);
int wb_snprintf(char *buf, size_t size, const char *fmt, ...) WB_PRINTF(3, 4);

/* Print to every console sink (see core/console.h). */
int wb_vprintf(const char *fmt, va_list ap) WB_PRINTF(1, 0);
int wb_printf(const char *fmt, ...) WB_PRINTF(1, 2);

/* Formatting helpers; buffers sized by the constants below, always terminated. */
#define WB_IPV4_STRLEN 16 /* "255.255.255.255" + NUL */
#define WB_MAC_STRLEN 18  /* "52:54:00:12:34:56" + NUL */
#define WB_UUID_STRLEN 37 /* "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" + NUL */
/* ip is in network byte order, as it sits in a packet. */
char *wb_fmt_ipv4(char buf[WB_IPV4_STRLEN], uint32_t ip_be);
/* sep is ':' or '-'; hex digits are lower case. */
char *wb_fmt_mac(char buf[WB_MAC_STRLEN], const uint8_t mac[6], char sep);
/* The 16 bytes in the order given, lower-case hex grouped 8-4-4-4-12 (as PXELINUX names them). */
char *wb_fmt_uuid(char buf[WB_UUID_STRLEN], const uint8_t uuid[16]);
/* Parse dotted quad into network byte order; 0 or -WB_EINVAL. */
int wb_parse_ipv4(const char *s, uint32_t *ip_be);
/* Parse "aa:bb:cc:dd:ee:ff" or with '-' separators; 0 or -WB_EINVAL. */
int wb_parse_mac(const char *s, uint8_t mac[6]);

#endif
