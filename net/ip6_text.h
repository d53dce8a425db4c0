/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * IPv6 addresses as text, for net/ip_addr.c.  The BIOS images, which carry no IPv6, link
 * rom/ip6_text_absent.c instead (64 KiB cap).
 */
#ifndef WB_NET_IP6_TEXT_H
#define WB_NET_IP6_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "net/ip_addr.h"

/* RFC 5952 text: lower case, the longest run of two or more zero groups as "::". */
char *ip6_fmt(char buf[IP_ADDR_STRLEN], const uint8_t v6[IPV6_ALEN]);

/* Up to 8 groups, at most one "::", optionally ending in a dotted quad: 0 or -WB_EINVAL
 * (-WB_ENOTSUP where IPv6 is not built in). */
int ip6_parse(const char *s, size_t len, uint8_t out[IPV6_ALEN]);

#endif
