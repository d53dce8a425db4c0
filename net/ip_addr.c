// SPDX-License-Identifier: GPL-2.0-or-later
/* Addresses of either family: see net/ip_addr.h. */
#include "net/ip_addr.h"

#include "core/byteorder.h"
#include "core/errors.h"
#include "core/printf.h"
#include "core/string.h"
#include "net/ip6_text.h"

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

char *ip_addr_fmt(char buf[IP_ADDR_STRLEN], const struct ip_addr *a)
{
	if (a->family == IP_ADDR_V4)
		return wb_fmt_ipv4(buf, a->v4);
	if (a->family == IP_ADDR_V6)
		return ip6_fmt(buf, a->v6);
	wb_strlcpy(buf, "(none)", IP_ADDR_STRLEN);
	return buf;
}

int ip_addr_parse(const char *s, size_t len, struct ip_addr *a)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] == ':') {
			uint8_t v6[IPV6_ALEN];
			if (ip6_parse(s, len, v6) < 0)
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
