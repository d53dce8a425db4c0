/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A configured network interface: a netdev plus its IPv4 configuration, ARP cache, IPv6
 * addresses and neighbour cache, and the receive path.  The stack is poll-driven: net_poll()
 * drains the device and dispatches each frame (Ethernet -> ARP / IPv4 -> ICMP / UDP / TCP,
 * IPv6 -> ICMPv6 / NDP / UDP) to the sockets bound on this interface.
 */
#ifndef WB_NET_NETIF_H
#define WB_NET_NETIF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/netdev.h"

struct udp_sock;
struct icmp_echo_wait;
struct ip_addr;

#define ARP_CACHE_SIZE 8

struct arp_entry {
	uint32_t ip;            /* network order; 0 = unused */
	uint8_t mac[ETH_ALEN];
	uint64_t updated_us;
};

#define ND_CACHE_SIZE 8

/* A neighbour (RFC 4861): an on-link IPv6 address and its MAC. */
struct nd_entry {
	uint8_t ip[16];         /* all zero = unused */
	uint8_t mac[ETH_ALEN];
	uint64_t updated_us;
};

/* State of one IPv6 address of ours (RFC 4862): DAD not yet passed, usable, or taken. */
enum ipv6_addr_state { IPV6_ADDR_NONE, IPV6_ADDR_TENTATIVE, IPV6_ADDR_PREFERRED, IPV6_ADDR_DUPLICATE };

/* IPv6 configuration (net/ipv6.c, net/ndp.c, net/dhcpv6_client.c); all zero while off. */
struct netif_ipv6 {
	uint8_t link_local[16];
	uint8_t global[16];          /* from SLAAC or DHCPv6 */
	uint8_t ll_state, global_state; /* enum ipv6_addr_state */
	uint8_t prefix[16];          /* on-link prefix from the RA (L flag), prefix_len 0 = none */
	uint8_t prefix_len;
	uint8_t router[16];          /* default router (link-local), when have_router */
	bool have_router;
	bool ra_seen;                /* a router advertisement arrived */
	bool slaac;                  /* it offered slaac_prefix (/64, A flag) for autoconfiguration */
	uint8_t slaac_prefix[8];
	uint8_t ra_flags;            /* M (0x80, managed) and O (0x40, other) of any RA seen */
	struct nd_entry nd[ND_CACHE_SIZE];
};

/* Counters for diagnostics and tests. */
struct netif_stats {
	uint64_t rx_frames, tx_frames;
	uint64_t rx_dropped;       /* malformed, bad checksum, not for us */
	uint64_t rx_bytes, tx_bytes;
};

struct netif {
	struct netdev *dev;
	/* IPv4 configuration, network byte order; 0 = unconfigured. */
	uint32_t ip, netmask, gateway;
	struct arp_entry arp[ARP_CACHE_SIZE];
	struct udp_sock *udp_socks;  /* bound sockets, owned by their users */
	void *tcp_state;             /* TCP connections (net/tcp.c), when linked */
	/* TCP receive path, set by the first tcp_connect(): programs that never use TCP do
	 * not link it (segments are then dropped unanswered). */
	void (*tcp_input)(struct netif *nif, const struct ip_addr *src, const struct ip_addr *dst,
			  const uint8_t *src_mac, const uint8_t *data, size_t len);
	/* IPv6 receive path, set by ipv6_enable() (net/ipv6.c): programs that never start IPv6
	 * do not link it (IPv6 frames are then dropped). */
	void (*ipv6_input)(struct netif *nif, const uint8_t *src_mac, const uint8_t *pkt, size_t len);
	/* IPv6 sending for UDP and TCP (net/ip_output.c), set by ipv6_enable() too (ipv6_source_for, ipv6_tx). */
	int (*ipv6_source)(const struct netif *nif, const uint8_t dst[16], uint8_t src[16]);
	int (*ipv6_output)(struct netif *nif, uint8_t *frame, size_t payload_len, const uint8_t src[16],
			   const uint8_t dst[16], uint8_t proto, uint8_t hop_limit, const uint8_t *dst_mac);
	struct netif_ipv6 ip6;
	struct netif_stats stats;
	uint16_t next_ephemeral_port;
	uint16_t ip_id;
	void *reassembly;            /* fragment reassembly state (net/ip_reasm.c) */
	struct icmp_echo_wait *echo_wait; /* a ping waiting for its reply (net/icmp.c) */
	uint32_t rng;                /* state of netif_random() */
	unsigned rx_depth;           /* net_poll() nesting (a receive handler that sends) */
};

/* Bind a netif to a device; no address yet. */
void netif_init(struct netif *nif, struct netdev *dev);
/* Release what the stack allocated (reassembly buffers); sockets stay their owners'. */
void netif_shutdown(struct netif *nif);

/* Set the IPv4 configuration (network order; 0 = none).  ip 0 makes the netif unconfigured. */
void netif_configure(struct netif *nif, uint32_t ip, uint32_t netmask, uint32_t gateway);

/* Receive and dispatch every pending frame; returns how many were processed. */
int net_poll(struct netif *nif);

/* Feed one received frame through the stack (what net_poll does per frame; tests call it). */
void net_rx_frame(struct netif *nif, const uint8_t *frame, size_t len);

/* Allocate a local UDP port from the ephemeral range (49152..65535). */
uint16_t netif_ephemeral_port(struct netif *nif);

/* Pseudo-random numbers for ids, ports and jitter (xorshift seeded from the MAC and clock). */
uint32_t netif_random(struct netif *nif);

#endif
