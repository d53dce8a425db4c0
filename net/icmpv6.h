/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ICMPv6 (RFC 4443): checks the checksum, answers echo requests to our unicast addresses,
 * matches echo replies for icmpv6_ping(), and hands neighbour discovery messages to net/ndp.c.
 * Error messages are counted and ignored.
 */
#ifndef WB_NET_ICMPV6_H
#define WB_NET_ICMPV6_H

#include <stddef.h>
#include <stdint.h>

#include "net/ip_addr.h"

struct netif;
struct ipv6_rx_info;

#define ICMPV6_ECHO_REQUEST 128
#define ICMPV6_ECHO_REPLY 129
#define ICMPV6_HLEN 4

/* Handle one ICMPv6 message (the upper-layer payload). */
void icmpv6_rx(struct netif *nif, const struct ipv6_rx_info *info, const uint8_t *data, size_t len);

/*
 * Send one ICMPv6 message: msg (type, code, zero checksum, body) of len bytes; the checksum
 * is filled in.  src NULL: chosen for dst.  hop_limit and dst_mac as for ipv6_tx().
 */
int icmpv6_send(struct netif *nif, const uint8_t *src, const uint8_t dst[IPV6_ALEN],
		uint8_t hop_limit, const uint8_t *dst_mac, const void *msg, size_t len);

/* An echo request to dst, then the reply awaited as icmp_ping() does (net/icmp.h). */
int icmpv6_ping(struct netif *nif, const uint8_t dst[IPV6_ALEN], uint16_t id, uint16_t seq,
		const void *data, size_t len, uint32_t timeout_ms, uint64_t *rtt_us);

#endif
