/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The netdev of the receive-path fuzzers (fuzz_net_rx, fuzz_ipv6_rx): frames sent are only
 * checked, nothing is ever received while the stack polls (time passes instead), and what a
 * bound UDP socket gets is touched at both ends.  Header-only: each fuzzer is one program.
 */
#ifndef WB_TESTS_FUZZ_NETDEV_H
#define WB_TESTS_FUZZ_NETDEV_H

#include <stdint.h>
#include <stdlib.h>

#include "net/netdev.h"
#include "net/udp.h"
#include "tests/unit/fake_platform.h"

/* Milliseconds the fake clock moves on each idle poll. */
#ifndef FUZZ_IDLE_MS
#define FUZZ_IDLE_MS 1
#endif

static int null_transmit(struct netdev *dev, const void *frame, size_t len)
{
	(void)dev;
	(void)frame;
	if (len < 14 || len > ETH_FRAME_MAX)
		abort(); /* the stack must never build such a frame */
	return 0;
}

/* Nothing to receive while the stack polls (ARP or neighbour resolution); time passes. */
static int idle_receive(struct netdev *dev, void *buf, size_t cap)
{
	(void)dev;
	(void)buf;
	(void)cap;
	fake_time_advance_ms(FUZZ_IDLE_MS);
	return 0;
}

static size_t udp_bytes;

/* Unused by fuzzers that bind no socket of their own. */
static __attribute__((unused)) void sock_rx(struct udp_sock *s, const struct ip_addr *src,
					    uint16_t src_port, const struct ip_addr *dst,
					    const uint8_t *payload, size_t len)
{
	(void)s;
	(void)src;
	(void)src_port;
	(void)dst;
	if (len)
		udp_bytes += payload[0] + payload[len - 1]; /* touch both ends */
}

#endif
