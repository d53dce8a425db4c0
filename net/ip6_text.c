// SPDX-License-Identifier: GPL-2.0-or-later
/* IPv6 addresses as text: see net/ip6_text.h. */
#include "net/ip6_text.h"

#include "core/byteorder.h"
#include "core/errors.h"
#include "core/printf.h"
#include "core/string.h"

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

char *ip6_fmt(char buf[IP_ADDR_STRLEN], const uint8_t v6[IPV6_ALEN])
{
	/* The longest run of two or more zero groups (the first when tied) becomes "::". */
	int best = -1, best_len = 1;
	for (int i = 0; i < 8;) {
		int n = 0;
		while (i + n < 8 && !get_be16(v6 + 2 * (i + n)))
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
		p = put_hex16(p, get_be16(v6 + 2 * i));
		if (i < 7)
			*p++ = ':';
	}
	*p = 0;
	return buf;
}

/* IPv6 text: up to 8 groups, at most one "::", optionally ending in a dotted quad. */
int ip6_parse(const char *s, size_t len, uint8_t out[IPV6_ALEN])
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

