/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * UDP sockets on a netif.  Receive is a callback from net_poll(); the payload pointer is only
 * valid during the callback.  Send resolves the next hop with ARP (polling the interface
 * while it waits, up to a bounded time) and builds Ethernet + IPv4 + UDP headers.
 */
#ifndef WB_NET_UDP_H
#define WB_NET_UDP_H

#include <stddef.h>
#include <stdint.h>

struct netif;
struct ipv4_rx_info;

struct udp_sock {
	struct netif *nif;
	uint16_t local_port;            /* host order */
	/* Only accept from this peer when non-zero (network order ip, host order port). */
	uint32_t peer_ip;
	uint16_t peer_port;
	/* Called for each datagram to local_port (and from the peer, if set). dst_ip tells
	 * broadcast from unicast. */
	void (*rx)(struct udp_sock *s, uint32_t src_ip, uint16_t src_port, uint32_t dst_ip,
		   const uint8_t *data, size_t len);
	void *ctx;                      /* owner's state */
	struct udp_sock *next;          /* owned by the netif's list */
};

/* Bind s (callers fill rx/ctx first); local_port 0 picks an ephemeral port. 0 or -WB_EBUSY. */
int udp_open(struct udp_sock *s, struct netif *nif, uint16_t local_port);
void udp_close(struct udp_sock *s);

/*
 * Send one datagram.  dst_ip 0xFFFFFFFF broadcasts (source address is nif->ip, possibly 0).
 * Returns 0, -WB_EHOSTUNREACH (no ARP answer), -WB_ETOOBIG (larger than the MTU allows
 * without fragmentation), or a netdev error.
 */
int udp_sendto(struct udp_sock *s, uint32_t dst_ip, uint16_t dst_port, const void *data, size_t len);

/* Largest payload one unfragmented datagram carries on this interface (MTU - 28). */
size_t udp_max_payload(const struct netif *nif);

/*
 * Send with a known destination MAC (no ARP), e.g. a reply to the frame's sender.  Same
 * returns as udp_sendto().
 */
int udp_sendto_mac(struct udp_sock *s, uint32_t dst_ip, uint16_t dst_port, const uint8_t *dst_mac,
		   const void *data, size_t len);

/* The receive path (net/ipv4.c): check length and checksum, then find the socket. */
void udp_rx(struct netif *nif, const struct ipv4_rx_info *info, const uint8_t *data, size_t len);

#define UDP_HLEN 8

#endif
