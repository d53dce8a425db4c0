/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ICMP (RFC 792): we answer echo requests sent to our address, and can send echo requests
 * and wait for the reply (the `ping` command).  Other messages are counted and ignored.
 */
#ifndef WB_NET_ICMP_H
#define WB_NET_ICMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/ip_addr.h"

struct netif;
struct ipv4_rx_info;

#define ICMP_ECHO_REPLY 0
#define ICMP_ECHO_REQUEST 8
#define ICMP_HLEN 8
#define ICMP_PING_DATA_MAX 1024

/* Handle one ICMP message (the IPv4 payload). */
void icmp_rx(struct netif *nif, const struct ipv4_rx_info *info, const uint8_t *data, size_t len);

/*
 * Send one echo request (id, seq, len bytes of data) to dst and poll until the matching
 * reply arrives or timeout_ms passes.  Returns 0 and *rtt_us, -WB_ETIMEDOUT, or a send
 * error (-WB_EHOSTUNREACH when the next hop does not answer ARP).
 */
int icmp_ping(struct netif *nif, uint32_t dst, uint16_t id, uint16_t seq, const void *data,
	      size_t len, uint32_t timeout_ms, uint64_t *rtt_us);

/* The reply icmp_ping() and icmpv6_ping() wait for (hooked on struct netif while they wait). */
struct icmp_echo_wait {
	struct ip_addr peer;
	uint16_t id, seq;
	bool answered;
};

/*
 * After the request went out: poll until w is answered or timeout_ms passes (both families).
 * 0 and *rtt_us (from the call), or -WB_ETIMEDOUT.
 */
int icmp_echo_await(struct netif *nif, struct icmp_echo_wait *w, uint32_t timeout_ms,
		    uint64_t *rtt_us);

#endif
