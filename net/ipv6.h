/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * IPv6 (RFC 8200) for an end host: header checks, acceptance of our unicast addresses, the
 * all-nodes group and our solicited-node groups, extension headers (hop-by-hop, destination
 * options and routing headers skipped; fragments reassembled by net/ip_reasm.c), and sending
 * with source address selection (link-local for link-scoped destinations, else the global
 * address) and next-hop choice (on-link by the RA's prefix or link-local, else the default
 * router; neighbour discovery in net/ndp.c).  We never forward, and never fragment what we
 * send.  IPv6 is off until ipv6_enable(); then net/ndp.c configures addresses.
 */
#ifndef WB_NET_IPV6_H
#define WB_NET_IPV6_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/ethernet.h"
#include "net/ip_addr.h"

struct netif;

#define IPV6_HLEN 40
#define IPV6_HEADROOM (ETH_HLEN + IPV6_HLEN) /* payload offset in a frame being built */
#define IPV6_HOP_LIMIT 64
#define IP_PROTO_ICMPV6 58
#define IPV6_MIN_MTU 1280

/* What upper layers learn about a received datagram. */
struct ipv6_rx_info {
	struct ip_addr src, dst;
	uint8_t hop_limit;
	const uint8_t *src_mac;      /* the frame's sender */
};

extern const uint8_t ipv6_all_nodes[IPV6_ALEN];    /* ff02::1 */
extern const uint8_t ipv6_all_routers[IPV6_ALEN];  /* ff02::2 */

/* Turn the IPv6 receive path on (net/ndp.c does, before it configures addresses). */
void ipv6_enable(struct netif *nif);

/* Handle one IPv6 packet (the Ethernet payload); src_mac is the frame's source. */
void ipv6_rx(struct netif *nif, const uint8_t *src_mac, const uint8_t *pkt, size_t len);

/*
 * Send payload_len bytes found at frame + IPV6_HEADROOM from src to dst.  hop_limit 0 means
 * IPV6_HOP_LIMIT.  dst_mac NULL: the group MAC for multicast, else neighbour discovery for the
 * next hop.  0, -WB_ETOOBIG (over the MTU), -WB_EHOSTUNREACH, or a netdev error.
 */
int ipv6_tx(struct netif *nif, uint8_t *frame, size_t payload_len, const uint8_t src[IPV6_ALEN],
	    const uint8_t dst[IPV6_ALEN], uint8_t proto, uint8_t hop_limit, const uint8_t *dst_mac);

/* The source address for dst (RFC 6724, reduced): 0, or -WB_ENETUNREACH (no usable address). */
int ipv6_source_for(const struct netif *nif, const uint8_t dst[IPV6_ALEN], uint8_t src[IPV6_ALEN]);

/* The address to resolve when sending to dst: dst itself on-link, else the default router. */
int ipv6_next_hop(const struct netif *nif, const uint8_t dst[IPV6_ALEN], uint8_t hop[IPV6_ALEN]);

/* ff02::1:ffXX:XXXX for addr. */
void ipv6_solicited_node(const uint8_t addr[IPV6_ALEN], uint8_t group[IPV6_ALEN]);
/* The Ethernet group address of an IPv6 multicast address (33:33 + its last 32 bits). */
void ipv6_multicast_mac(const uint8_t group[IPV6_ALEN], uint8_t mac[ETH_ALEN]);

static inline bool ipv6_is_multicast(const uint8_t a[IPV6_ALEN]) { return a[0] == 0xff; }
static inline bool ipv6_is_link_local(const uint8_t a[IPV6_ALEN])
{
	return a[0] == 0xfe && (a[1] & 0xc0) == 0x80;
}
bool ipv6_is_unspecified(const uint8_t a[IPV6_ALEN]);

#endif
