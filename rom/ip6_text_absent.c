// SPDX-License-Identifier: GPL-2.0-or-later
/* The BIOS images carry no IPv6 (net/ip6_text.h): no IPv6 text to read or write. */
#include "core/errors.h"
#include "core/string.h"
#include "net/ip6_text.h"

char *ip6_fmt(char buf[IP_ADDR_STRLEN], const uint8_t v6[IPV6_ALEN])
{
	(void)v6;
	wb_strlcpy(buf, "(IPv6)", IP_ADDR_STRLEN);
	return buf;
}

int ip6_parse(const char *s, size_t len, uint8_t out[IPV6_ALEN])
{
	(void)s, (void)len, (void)out;
	return -WB_ENOTSUP;
}
