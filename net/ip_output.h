/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Sending a transport payload (UDP, TCP) over either IP family: the source address for a
 * destination, where the payload goes in a frame being built, and the hand-off to IPv4 or
 * IPv6.  IPv6 is reached through the netif hooks ipv6_enable() sets, so programs without
 * IPv6 (the IPv4-only BIOS images) do not link it.
 */
#ifndef WB_NET_IP_OUTPUT_H
#define WB_NET_IP_OUTPUT_H

#include <stddef.h>
#include <stdint.h>

#include "net/ip_addr.h"
#include "net/ipv4.h"
#include "net/ipv6.h"

struct netif;

/* Bytes of IP header in front of a transport header of this family. */
static inline size_t ip_hlen(int family) { return family == IP_ADDR_V6 ? IPV6_HLEN : IPV4_HLEN; }
/* Offset of the transport header in a frame being built (Ethernet + IP header). */
static inline size_t ip_headroom(int family) { return ETH_HLEN + ip_hlen(family); }

/*
 * Our address towards dst: nif->ip (possibly 0) for IPv4, the link-local or global address
 * for IPv6.  0, -WB_EINVAL (dst unset), -WB_ENETUNREACH (IPv6 off or no usable address).
 */
int ip_source(const struct netif *nif, const struct ip_addr *dst, struct ip_addr *src);

/*
 * Send len bytes found at frame + ip_headroom(dst->family) from src (ip_source()) to dst.
 * dst_mac NULL: ARP / neighbour discovery for the next hop.  Returns what ipv4_tx() /
 * ipv6_tx() return.
 */
int ip_output(struct netif *nif, uint8_t *frame, size_t len, const struct ip_addr *src,
	      const struct ip_addr *dst, uint8_t proto, const uint8_t *dst_mac);

#endif
