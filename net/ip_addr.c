// SPDX-License-Identifier: GPL-2.0-or-later
/* Addresses of either family: see net/ip_addr.h. */
#include "net/ip_addr.h"

#include "core/byteorder.h"
#include "core/errors.h"
#include "core/printf.h"
#include "core/string.h"

struct ip_addr ip_addr_v6(const uint8_t v6[IPV6_ALEN])
{
	struct ip_addr a = {.family = IP_ADDR_V6};
	memcpy(a.v6, v6, IPV6_ALEN);
	return a;
}

bool ip_addr_eq(const struct ip_addr *a, const struct ip_addr *b)
{
	if (a->family != b->family)
		return false;
	if (a->family == IP_ADDR_V4)
		return a->v4 == b->v4;
	return a->family == IP_ADDR_NONE || !memcmp(a->v6, b->v6, IPV6_ALEN);
}

static char *put_hex16(char *p, unsigned v)
{
	static const char hex[] = "0123456789abcdef";
	bool started = false;
	for (int shift = 12; shift >= 0; shift -= 4) {
		unsigned d = (v >> shift) & 15;
		if (d || started || !shift) {
			*p++ = hex[d];
			started = true;
		}
	}
	return p;
}

char *ip_addr_fmt(char buf[IP_ADDR_STRLEN], const struct ip_addr *a)
{
	if (a->family == IP_ADDR_V4)
		return wb_fmt_ipv4(buf, a->v4);
	if (a->family != IP_ADDR_V6) {
		wb_strlcpy(buf, "(none)", IP_ADDR_STRLEN);
		return buf;
	}
	/* The longest run of two or more zero groups (the first when tied) becomes "::". */
	int best = -1, best_len = 1;
	for (int i = 0; i < 8;) {
		int n = 0;
		while (i + n < 8 && !get_be16(a->v6 + 2 * (i + n)))
			n++;
		if (n > best_len) {
			best = i;
			best_len = n;
		}
		i += n ? n : 1;
	}
	char *p = buf;
	for (int i = 0; i < 8; i++) {
		if (i == best) {
			*p++ = ':';
			if (i == 0)
				*p++ = ':';
			i += best_len - 1;
			continue;
		}
		p = put_hex16(p, get_be16(a->v6 + 2 * i));
		if (i < 7)
			*p++ = ':';
	}
	*p = 0;
	return buf;
}

/* IPv6 text: up to 8 groups, at most one "::", optionally ending in a dotted quad. */
static int parse_v6(const char *s, size_t len, uint8_t out[IPV6_ALEN])
{
	uint8_t w[IPV6_ALEN] = {0};
	int groups = 0, gap = -1;
	size_t i = 0;
	if (len >= 2 && s[0] == ':' && s[1] == ':') {
		gap = 0;
		i = 2;
	} else if (len && s[0] == ':') {
		return -WB_EINVAL;
	}
	while (i < len) {
		if (groups >= 8)
			return -WB_EINVAL;
		size_t start = i;
		unsigned v = 0;
		int d;
		while (i < len && i - start < 4 && (d = wb_hexval(s[i])) >= 0) {
			v = v * 16 + (unsigned)d;
			i++;
		}
		if (i < len && s[i] == '.') {
			/* A trailing dotted quad fills the last two groups. */
			char quad[WB_IPV4_STRLEN];
			uint32_t ip;
			if (groups > 6 || len - start >= sizeof(quad))
				return -WB_EINVAL;
			memcpy(quad, s + start, len - start);
			quad[len - start] = 0;
			if (wb_parse_ipv4(quad, &ip) < 0)
				return -WB_EINVAL;
			memcpy(w + 2 * groups, &ip, 4);
			groups += 2;
			i = len;
			break;
		}
		if (i == start)
			return -WB_EINVAL;
		put_be16(w + 2 * groups++, (uint16_t)v);
		if (i == len)
			break;
		if (s[i] != ':' || ++i == len)
			return -WB_EINVAL;
		if (s[i] == ':') {
			if (gap >= 0)
				return -WB_EINVAL;
			gap = groups;
			i++;
		}
	}
	if (gap < 0 ? groups != 8 : groups > 7)
		return -WB_EINVAL;
	memset(out, 0, IPV6_ALEN);
	if (gap < 0) {
		memcpy(out, w, IPV6_ALEN);
	} else {
		memcpy(out, w, 2 * (size_t)gap);
		size_t tail = 2 * (size_t)(groups - gap);
		memcpy(out + IPV6_ALEN - tail, w + 2 * gap, tail);
	}
	return 0;
}

int ip_addr_parse(const char *s, size_t len, struct ip_addr *a)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] == ':') {
			uint8_t v6[IPV6_ALEN];
			if (parse_v6(s, len, v6) < 0)
				return -WB_EINVAL;
			*a = ip_addr_v6(v6);
			return 0;
		}
	}
	char quad[WB_IPV4_STRLEN];
	uint32_t ip;
	if (len >= sizeof(quad))
		return -WB_EINVAL;
	memcpy(quad, s, len);
	quad[len] = 0;
	if (wb_parse_ipv4(quad, &ip) < 0)
		return -WB_EINVAL;
	*a = ip_addr_v4(ip);
	a->family = IP_ADDR_V4; /* 0.0.0.0 parsed is still an address */
	return 0;
}
