// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A small printf (see core/printf.h) and the IPv4/MAC text helpers.  One formatter writes
 * through an output callback, so snprintf and console printing share all of it.  64-bit values
 * are divided with 32-bit operations only: no libgcc helpers in 32-bit firmware.
 */
#include <stdbool.h>

#include "core/console.h"
#include "core/errors.h"
#include "core/printf.h"
#include "core/string.h"

struct out {
	void (*put)(struct out *o, const char *s, size_t n);
	size_t len; /* bytes the full output has so far */
	char *buf;  /* snprintf: destination and its size */
	size_t size;
};

static void emit(struct out *o, const char *s, size_t n)
{
	if (n) {
		o->put(o, s, n);
		o->len += n;
	}
}

static void emit_repeat(struct out *o, char c, size_t n)
{
	char chunk[16];
	memset(chunk, c, sizeof(chunk));
	while (n) {
		size_t k = n < sizeof(chunk) ? n : sizeof(chunk);
		emit(o, chunk, k);
		n -= k;
	}
}

/* *n /= base and return the remainder, for base <= 65536, with 32-bit divisions only. */
static unsigned div_small(uint64_t *n, unsigned base)
{
	uint32_t hi = (uint32_t)(*n >> 32), lo = (uint32_t)*n;
	uint32_t qh = hi / base, r = hi % base;
	uint32_t t = r << 16 | lo >> 16;
	uint32_t qm = t / base;
	t = (t % base) << 16 | (lo & 0xFFFF);
	uint32_t ql = t / base;
	*n = (uint64_t)qh << 32 | (uint64_t)qm << 16 | ql;
	return t % base;
}

#define F_LEFT 0x01
#define F_ZERO 0x02
#define F_SPACE 0x04
#define F_PLUS 0x08
#define F_ALT 0x10
#define F_UPPER 0x20

struct spec {
	unsigned flags;
	int width;     /* -1 = none */
	int precision; /* -1 = none */
};

/* Pad and emit a field made of a prefix (sign, 0x), leading zeros and the body. */
static void emit_field(struct out *o, const struct spec *sp, const char *prefix, size_t zeros,
		       const char *body, size_t body_len)
{
	size_t plen = strlen(prefix);
	size_t len = plen + zeros + body_len;
	size_t pad = sp->width > 0 && (size_t)sp->width > len ? (size_t)sp->width - len : 0;

	if (!(sp->flags & F_LEFT) && !(sp->flags & F_ZERO))
		emit_repeat(o, ' ', pad);
	emit(o, prefix, plen);
	if (sp->flags & F_ZERO && !(sp->flags & F_LEFT))
		emit_repeat(o, '0', pad);
	emit_repeat(o, '0', zeros);
	emit(o, body, body_len);
	if (sp->flags & F_LEFT)
		emit_repeat(o, ' ', pad);
}

/* v is the magnitude; `is_signed` conversions take the sign and the '+'/' ' flags. */
static void emit_number(struct out *o, struct spec sp, uint64_t v, bool is_signed, bool negative,
			unsigned base)
{
	const char *digits = sp.flags & F_UPPER ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24]; /* 22 octal digits at most */
	size_t n = 0;
	const char *prefix = "";

	while (v) {
		tmp[sizeof(tmp) - 1 - n++] = digits[div_small(&v, base)];
	}
	if (negative)
		prefix = "-";
	else if (is_signed && sp.flags & F_PLUS)
		prefix = "+";
	else if (is_signed && sp.flags & F_SPACE)
		prefix = " ";
	if (sp.flags & F_ALT && n) {
		if (base == 16)
			prefix = sp.flags & F_UPPER ? "0X" : "0x";
		else if (base == 8)
			tmp[sizeof(tmp) - 1 - n++] = '0';
	}
	size_t want = sp.precision < 0 ? 1 : (size_t)sp.precision;
	if (sp.precision >= 0)
		sp.flags &= ~(unsigned)F_ZERO; /* C: precision overrides the '0' flag */
	size_t zeros = want > n ? want - n : 0;
	emit_field(o, &sp, prefix, zeros, tmp + sizeof(tmp) - n, n);
}

enum length { LEN_INT, LEN_CHAR, LEN_SHORT, LEN_LONG, LEN_LLONG, LEN_SIZE, LEN_MAX, LEN_PTRDIFF };

static int64_t signed_arg(va_list *ap, enum length len)
{
	switch (len) {
	case LEN_CHAR: return (signed char)va_arg(*ap, int);
	case LEN_SHORT: return (short)va_arg(*ap, int);
	case LEN_LONG: return va_arg(*ap, long);
	case LEN_LLONG: return va_arg(*ap, long long);
	case LEN_SIZE: return va_arg(*ap, ptrdiff_t); /* %zd: ssize_t, the same size */
	case LEN_MAX: return va_arg(*ap, intmax_t);
	case LEN_PTRDIFF: return va_arg(*ap, ptrdiff_t);
	default: return va_arg(*ap, int);
	}
}

static uint64_t unsigned_arg(va_list *ap, enum length len)
{
	switch (len) {
	case LEN_CHAR: return (unsigned char)va_arg(*ap, unsigned);
	case LEN_SHORT: return (unsigned short)va_arg(*ap, unsigned);
	case LEN_LONG: return va_arg(*ap, unsigned long);
	case LEN_LLONG: return va_arg(*ap, unsigned long long);
	case LEN_SIZE: return va_arg(*ap, size_t);
	case LEN_MAX: return va_arg(*ap, uintmax_t);
	case LEN_PTRDIFF: return (size_t)va_arg(*ap, ptrdiff_t);
	default: return va_arg(*ap, unsigned);
	}
}

/* Widths and precisions are clamped to this: nothing here needs more, nothing overflows. */
#define COUNT_MAX 65535

/* Parse a decimal number or '*' for width/precision; returns the value (may be negative). */
static int parse_count(const char **fmt, va_list *ap)
{
	int v = 0;
	if (**fmt == '*') {
		(*fmt)++;
		v = va_arg(*ap, int);
		return v < -COUNT_MAX ? -COUNT_MAX : v > COUNT_MAX ? COUNT_MAX : v;
	}
	while (wb_isdigit(**fmt)) {
		if (v <= COUNT_MAX)
			v = v * 10 + (**fmt - '0');
		(*fmt)++;
	}
	return v > COUNT_MAX ? COUNT_MAX : v;
}

static void format(struct out *o, const char *fmt, va_list ap_in)
{
	va_list ap;
	va_copy(ap, ap_in);
	while (*fmt) {
		const char *start = fmt;
		if (*fmt != '%') {
			while (*fmt && *fmt != '%')
				fmt++;
			emit(o, start, (size_t)(fmt - start));
			continue;
		}
		fmt++;
		struct spec sp = { 0, -1, -1 };
		for (;; fmt++) {
			unsigned f = *fmt == '-' ? F_LEFT : *fmt == '0' ? F_ZERO : *fmt == ' ' ? F_SPACE
				   : *fmt == '+' ? F_PLUS : *fmt == '#' ? F_ALT : 0;
			if (!f)
				break;
			sp.flags |= f;
		}
		if (*fmt == '*' || wb_isdigit(*fmt)) {
			sp.width = parse_count(&fmt, &ap);
			if (sp.width < 0) { /* a negative '*' width means left-justify */
				sp.flags |= F_LEFT;
				sp.width = -sp.width;
			}
		}
		if (*fmt == '.') {
			fmt++;
			sp.precision = parse_count(&fmt, &ap);
			if (sp.precision < 0)
				sp.precision = -1; /* negative precision: as if omitted */
		}
		enum length len = LEN_INT;
		switch (*fmt) {
		case 'h':
			len = fmt[1] == 'h' ? LEN_CHAR : LEN_SHORT;
			fmt += len == LEN_CHAR ? 2 : 1;
			break;
		case 'l':
			len = fmt[1] == 'l' ? LEN_LLONG : LEN_LONG;
			fmt += len == LEN_LLONG ? 2 : 1;
			break;
		case 'z': len = LEN_SIZE; fmt++; break;
		case 'j': len = LEN_MAX; fmt++; break;
		case 't': len = LEN_PTRDIFF; fmt++; break;
		}
		switch (*fmt) {
		case 'd':
		case 'i': {
			int64_t v = signed_arg(&ap, len);
			uint64_t mag = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
			emit_number(o, sp, mag, true, v < 0, 10);
			break;
		}
		case 'u': emit_number(o, sp, unsigned_arg(&ap, len), false, false, 10); break;
		case 'o': emit_number(o, sp, unsigned_arg(&ap, len), false, false, 8); break;
		case 'X': sp.flags |= F_UPPER; /* fall through */
		case 'x': emit_number(o, sp, unsigned_arg(&ap, len), false, false, 16); break;
		case 'p': { /* as glibc: 0x-prefixed hex, "(nil)" for NULL */
			uintptr_t p = (uintptr_t)va_arg(ap, void *);
			sp.flags &= ~(unsigned)F_ZERO;
			if (p) {
				sp.flags |= F_ALT;
				emit_number(o, sp, p, false, false, 16);
			} else {
				emit_field(o, &sp, "", 0, "(nil)", 5);
			}
			break;
		}
		case 'c': {
			char c = (char)va_arg(ap, int);
			sp.flags &= ~(unsigned)F_ZERO;
			emit_field(o, &sp, "", 0, &c, 1);
			break;
		}
		case 's': {
			const char *s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			size_t n = sp.precision < 0 ? strlen(s) : strnlen(s, (size_t)sp.precision);
			sp.flags &= ~(unsigned)F_ZERO;
			emit_field(o, &sp, "", 0, s, n);
			break;
		}
		case '%': emit(o, "%", 1); break;
		default:
			/* Unknown conversion (or the format ends after '%'): print it as written. */
			if (!*fmt) {
				emit(o, start, (size_t)(fmt - start));
				continue;
			}
			emit(o, start, (size_t)(fmt + 1 - start));
			break;
		}
		fmt++;
	}
	va_end(ap);
}

static void put_buffer(struct out *o, const char *s, size_t n)
{
	if (o->len + 1 < o->size) {
		size_t room = o->size - 1 - o->len;
		memcpy(o->buf + o->len, s, n < room ? n : room);
	}
}

int wb_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { .put = put_buffer, .buf = buf, .size = size };
	format(&o, fmt, ap);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return o.len > INT32_MAX ? INT32_MAX : (int)o.len;
}

int wb_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = wb_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

/* Console output goes through a small buffer so sinks see few, larger writes. */
struct console_out {
	struct out o;
	char buf[128];
	size_t used;
};

static void flush_console(struct console_out *c)
{
	console_write(c->buf, c->used);
	c->used = 0;
}

static void put_console(struct out *o, const char *s, size_t n)
{
	struct console_out *c = (struct console_out *)o;
	while (n) {
		if (c->used == sizeof(c->buf))
			flush_console(c);
		size_t k = sizeof(c->buf) - c->used;
		if (k > n)
			k = n;
		memcpy(c->buf + c->used, s, k);
		c->used += k;
		s += k;
		n -= k;
	}
}

int wb_vprintf(const char *fmt, va_list ap)
{
	struct console_out c = { .o = { .put = put_console } };
	format(&c.o, fmt, ap);
	if (c.used)
		flush_console(&c);
	return c.o.len > INT32_MAX ? INT32_MAX : (int)c.o.len;
}

int wb_printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = wb_vprintf(fmt, ap);
	va_end(ap);
	return n;
}

char *wb_fmt_ipv4(char buf[WB_IPV4_STRLEN], uint32_t ip_be)
{
	const uint8_t *b = (const uint8_t *)&ip_be; /* network order: first octet first */
	wb_snprintf(buf, WB_IPV4_STRLEN, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
	return buf;
}

char *wb_fmt_mac(char buf[WB_MAC_STRLEN], const uint8_t mac[6], char sep)
{
	wb_snprintf(buf, WB_MAC_STRLEN, "%02x%c%02x%c%02x%c%02x%c%02x%c%02x", mac[0], sep, mac[1],
		    sep, mac[2], sep, mac[3], sep, mac[4], sep, mac[5]);
	return buf;
}

char *wb_fmt_uuid(char buf[WB_UUID_STRLEN], const uint8_t uuid[16])
{
	const uint8_t *u = uuid;
	wb_snprintf(buf, WB_UUID_STRLEN,
		    "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", u[0], u[1],
		    u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12], u[13], u[14],
		    u[15]);
	return buf;
}

int wb_parse_ipv4(const char *s, uint32_t *ip_be)
{
	uint8_t b[4];
	for (int i = 0; i < 4; i++) {
		unsigned v = 0, digits = 0;
		while (wb_isdigit(*s) && digits < 4) {
			v = v * 10 + (unsigned)(*s++ - '0');
			digits++;
		}
		if (!digits || digits > 3 || v > 255)
			return -WB_EINVAL;
		b[i] = (uint8_t)v;
		if (*s != (i < 3 ? '.' : '\0'))
			return -WB_EINVAL;
		s++;
	}
	memcpy(ip_be, b, 4);
	return 0;
}

int wb_parse_mac(const char *s, uint8_t mac[6])
{
	uint8_t b[6];
	char sep = s[0] && s[1] ? s[2] : 0;
	if (sep != ':' && sep != '-')
		return -WB_EINVAL;
	for (int i = 0; i < 6; i++, s += 3) {
		int hi = wb_hexval(s[0]), lo = hi < 0 ? -1 : wb_hexval(s[1]);
		if (lo < 0 || s[2] != (i < 5 ? sep : '\0'))
			return -WB_EINVAL;
		b[i] = (uint8_t)(hi << 4 | lo);
	}
	memcpy(mac, b, 6);
	return 0;
}
