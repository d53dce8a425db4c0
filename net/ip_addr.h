/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * An IP address of either family, as UDP sockets, TFTP and DHCPv6 name peers.  IPv4 is kept
 * as the uint32_t in network order the IPv4 code uses; IPv6 as its 16 bytes in wire order.
 */
#ifndef WB_NET_IP_ADDR_H
#define WB_NET_IP_ADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IP_ADDR_NONE 0
#define IP_ADDR_V4 4
#define IP_ADDR_V6 6
#define IPV6_ALEN 16
/* "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255" is never produced; 8 groups of 4 + 7 ':'. */
#define IP_ADDR_STRLEN 40

struct ip_addr {
	uint8_t family;              /* IP_ADDR_V4, IP_ADDR_V6, or IP_ADDR_NONE (unset / any) */
	union {
		uint32_t v4;         /* network order */
		uint8_t v6[IPV6_ALEN];
	};
};

/* An IPv4 address (network order) as an ip_addr; 0 gives IP_ADDR_NONE. */
static inline struct ip_addr ip_addr_v4(uint32_t ip_be)
{
	struct ip_addr a = {.family = ip_be ? IP_ADDR_V4 : IP_ADDR_NONE};
	a.v4 = ip_be;
	return a;
}

/* An IPv6 address from its 16 wire-order bytes. */
struct ip_addr ip_addr_v6(const uint8_t v6[IPV6_ALEN]);

/* Same family and same address (two unset addresses are equal). */
bool ip_addr_eq(const struct ip_addr *a, const struct ip_addr *b);
static inline bool ip_addr_is_set(const struct ip_addr *a) { return a->family != IP_ADDR_NONE; }

/* Dotted quad, or RFC 5952 text for IPv6 (lower case, longest zero run as "::"). */
char *ip_addr_fmt(char buf[IP_ADDR_STRLEN], const struct ip_addr *a);

/*
 * Parse len bytes of s: a dotted quad, or IPv6 text (RFC 4291 2.2: groups, one "::", a final
 * dotted quad).  No brackets, no zone.  0 or -WB_EINVAL.
 */
int ip_addr_parse(const char *s, size_t len, struct ip_addr *a);

#endif
