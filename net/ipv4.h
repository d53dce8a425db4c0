/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * IPv4 (RFC 791) for an end host: header checks, acceptance of our address and broadcasts
 * (anything while unconfigured, so DHCP replies unicast to the offered address arrive),
 * fragment reassembly (net/ip_reasm.c), and sending with next-hop choice (on-link by the
 * netmask, else the gateway).  We never forward, and never fragment what we send.
 */
#ifndef WB_NET_IPV4_H
#define WB_NET_IPV4_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/ethernet.h"

struct netif;

#define IPV4_HLEN 20
#define IPV4_HEADROOM (ETH_HLEN + IPV4_HLEN) /* payload offset in a frame being built */
#define IPV4_BROADCAST 0xffffffffu
#define IPV4_TTL 64
#define IP_PROTO_ICMP 1
#define IP_PROTO_TCP 6
#define IP_PROTO_UDP 17


/* What upper layers learn about a received datagram. */
struct ipv4_rx_info {
	uint32_t src, dst;           /* network order */
	uint8_t proto, ttl;
	const uint8_t *src_mac;      /* the frame's sender: the peer, or the router before it */
};

/* Handle one IPv4 packet (the Ethernet payload); src_mac is the frame's source. */
void ipv4_rx(struct netif *nif, const uint8_t *src_mac, const uint8_t *pkt, size_t len);

/*
 * Send payload_len bytes found at frame + IPV4_HEADROOM (the frame has room for ETH_ZLEN and
 * for the headers in front).  dst_mac NULL: broadcast for broadcast addresses, else ARP for
 * the next hop.  0, -WB_ETOOBIG (over the MTU), -WB_ENETUNREACH, -WB_EHOSTUNREACH, or a
 * netdev error.
 */
int ipv4_tx(struct netif *nif, uint8_t *frame, size_t payload_len, uint32_t dst, uint8_t proto,
	    const uint8_t *dst_mac);

/* The address to ARP for when sending to dst: dst itself on-link, else the gateway. */
int ipv4_next_hop(const struct netif *nif, uint32_t dst, uint32_t *hop);

/* 255.255.255.255 or the directed broadcast of our subnet. */
bool ipv4_is_broadcast(const struct netif *nif, uint32_t ip);

#endif
