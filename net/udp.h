/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * UDP sockets on a netif, for either IP family (net/ip_addr.h).  Receive is a callback from
 * net_poll(); the payload pointer is only valid during the callback.  Send resolves the next
 * hop (ARP for IPv4, neighbour discovery for IPv6; polling the interface while it waits, up to
 * a bounded time) and builds Ethernet + IPv4/IPv6 + UDP headers.
 */
#ifndef WB_NET_UDP_H
#define WB_NET_UDP_H

#include <stddef.h>
#include <stdint.h>

#include "net/ip_addr.h"

struct netif;

struct udp_sock {
	struct netif *nif;
	uint16_t local_port;            /* host order */
	/* Only accept from this peer when set (any family; port in host order, 0 = any). */
	struct ip_addr peer;
	uint16_t peer_port;
	/* Called for each datagram to local_port (and from the peer, if set). dst tells
	 * broadcast or multicast from unicast. */
	void (*rx)(struct udp_sock *s, const struct ip_addr *src, uint16_t src_port,
		   const struct ip_addr *dst, const uint8_t *data, size_t len);
	void *ctx;                      /* owner's state */
	struct udp_sock *next;          /* owned by the netif's list */
};

/* Bind s (callers fill rx/ctx first); local_port 0 picks an ephemeral port. 0 or -WB_EBUSY. */
int udp_open(struct udp_sock *s, struct netif *nif, uint16_t local_port);
void udp_close(struct udp_sock *s);

/*
 * Send one datagram.  IPv4 255.255.255.255 broadcasts (source address is nif->ip, possibly 0);
 * IPv6 multicast goes to the group's MAC, from our link-local address when the destination is
 * link-scoped.  Returns 0, -WB_EHOSTUNREACH (no ARP / neighbour answer), -WB_ETOOBIG (larger
 * than the MTU allows without fragmentation), -WB_EINVAL (unset address), or a netdev error.
 */
int udp_sendto(struct udp_sock *s, const struct ip_addr *dst, uint16_t dst_port, const void *data,
	       size_t len);

/* Largest payload one unfragmented datagram of this family carries (MTU - 28 / MTU - 48). */
size_t udp_max_payload(const struct netif *nif, int family);

/*
 * Send with a known destination MAC (no ARP), e.g. a reply to the frame's sender.  Same
 * returns as udp_sendto().
 */
int udp_sendto_mac(struct udp_sock *s, const struct ip_addr *dst, uint16_t dst_port,
		   const uint8_t *dst_mac, const void *data, size_t len);

/* The receive path (net/ipv4.c, net/ipv6.c): check length and checksum, then find the socket. */
void udp_rx(struct netif *nif, const struct ip_addr *src, const struct ip_addr *dst,
	    const uint8_t *data, size_t len);

#define UDP_HLEN 8

#endif
