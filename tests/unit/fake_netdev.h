/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A netdev for unit tests: frames the test injects are received by the stack, frames the
 * stack transmits are queued for the test to inspect (and can be answered from a hook).
 * When the stack polls and nothing is queued, the fake clock moves on by idle_advance_ms,
 * so that every timeout loop in the stack makes progress in fake time.
 *
 * Also builders of Ethernet/ARP/IPv4/UDP frames and a parser of sent frames, so tests can
 * play the part of servers and routers.
 */
#ifndef WB_TESTS_FAKE_NETDEV_H
#define WB_TESTS_FAKE_NETDEV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/netdev.h"

struct fake_frame {
	uint8_t data[ETH_FRAME_MAX];
	size_t len;
	uint64_t time_us;        /* fake time when it was queued */
	uint64_t due_us;         /* not received before this fake time */
	struct fake_frame *next;
};

struct fake_netdev {
	struct netdev dev;
	struct fake_frame *rx_head, *rx_tail; /* to be received by the stack */
	struct fake_frame *tx_head, *tx_tail; /* sent by the stack, oldest first */
	unsigned rx_count, tx_count;          /* queued now */
	unsigned tx_total;                    /* ever transmitted */
	uint32_t idle_advance_ms;             /* default 1 */
	/* Called for every transmitted frame after it is queued; may inject answers. */
	void (*on_transmit)(struct fake_netdev *fd, const uint8_t *frame, size_t len);
	/* Called when the stack polls and nothing is due (after the clock moved); may inject. */
	void (*on_idle)(struct fake_netdev *fd);
	void *ctx;
};

/* name, MAC 52:54:00:12:34:56 + `last` as the last byte, MTU 1500. */
void fake_netdev_init(struct fake_netdev *fd, const char *name, uint8_t last);
void fake_netdev_free(struct fake_netdev *fd);
/* Queue a frame for the stack to receive. */
void fake_netdev_inject(struct fake_netdev *fd, const void *frame, size_t len);
/* The same, received no earlier than delay_ms from now (frames stay in order). */
void fake_netdev_inject_delayed(struct fake_netdev *fd, uint32_t delay_ms, const void *frame, size_t len);
/* Take the oldest transmitted frame: its length, or 0 when none. */
size_t fake_netdev_pop_tx(struct fake_netdev *fd, uint8_t *buf, size_t cap, uint64_t *time_us);
/* Forget every transmitted frame. */
void fake_netdev_clear_tx(struct fake_netdev *fd);

/* ---- frames ----------------------------------------------------------------------------- */

/* Network-order address from four bytes. */
uint32_t fake_ip(uint8_t a, uint8_t b, uint8_t c, uint8_t d);

/* An IPv4 packet in an Ethernet frame; returns the frame length.  frag: flags + offset field. */
size_t fake_build_ipv4(uint8_t *frame, const uint8_t dst_mac[6], const uint8_t src_mac[6],
		       uint32_t src, uint32_t dst, uint8_t proto, uint16_t id, uint16_t frag,
		       const void *payload, size_t len);
/* A UDP datagram (with checksum) in IPv4 in Ethernet. */
size_t fake_build_udp(uint8_t *frame, const uint8_t dst_mac[6], const uint8_t src_mac[6],
		      uint32_t src, uint32_t dst, uint16_t sport, uint16_t dport,
		      const void *payload, size_t len);
/* The UDP datagram alone (header + payload, checksum over the pseudo header). */
size_t fake_build_udp_datagram(uint8_t *out, uint32_t src, uint32_t dst, uint16_t sport,
			       uint16_t dport, const void *payload, size_t len);
/* An ARP packet (op 1 request, 2 reply) in Ethernet. */
size_t fake_build_arp(uint8_t *frame, const uint8_t dst_mac[6], uint16_t op, const uint8_t sha[6],
		      uint32_t spa, const uint8_t tha[6], uint32_t tpa);

/* A sent frame taken apart; checksums verified (ip_csum_ok / udp_csum_ok). */
struct fake_parsed {
	uint8_t dst_mac[6], src_mac[6];
	uint16_t ethertype;
	/* IPv4 */
	uint32_t src, dst;
	uint8_t proto, ttl;
	uint16_t frag;
	bool ip_csum_ok;
	const uint8_t *ip_payload;
	size_t ip_payload_len;
	/* UDP */
	uint16_t sport, dport;
	uint16_t udp_csum;
	bool udp_csum_ok;
	const uint8_t *payload;
	size_t payload_len;
	/* ARP */
	uint16_t arp_op;
	uint8_t arp_sha[6], arp_tha[6];
	uint32_t arp_spa, arp_tpa;
};
/* 0, or -1 when the frame is not a well-formed Ethernet/ARP/IPv4 frame. */
int fake_parse(const uint8_t *frame, size_t len, struct fake_parsed *p);

/* ---- IPv6 (checksums computed here, independently of net/checksum.c) -------------------- */

/* Upper-layer checksum over the IPv6 pseudo header; 0 over a message with a correct one. */
uint16_t fake_csum6(const uint8_t *src, const uint8_t *dst, uint8_t nh, const uint8_t *p, size_t n);
/* An IPv6 packet (next header nh, hop limit hop) in Ethernet; returns the frame length. */
size_t fake_build_ipv6(uint8_t *frame, const uint8_t *dst_mac, const uint8_t *src_mac,
		       const uint8_t *src, const uint8_t *dst, uint8_t nh, uint8_t hop,
		       const void *payload, size_t len);
/* An ICMPv6 message (its checksum filled in here) in IPv6 in Ethernet. */
size_t fake_build_icmpv6(uint8_t *frame, const uint8_t *dst_mac, const uint8_t *src_mac,
			 const uint8_t *src, const uint8_t *dst, uint8_t hop, uint8_t *msg, size_t len);
/* A UDP datagram (header, payload, checksum) from src to dst into out; returns its length. */
size_t fake_build_udp6(uint8_t *out, const uint8_t *src, const uint8_t *dst, uint16_t sport,
		       uint16_t dport, const void *data, size_t len);
/* The Ethernet address of an IPv6 group. */
void fake_group_mac(const uint8_t *group, uint8_t *mac);

/* A sent IPv6 frame taken apart; csum_ok: its ICMPv6 / UDP checksum is right. */
struct fake_parsed6 {
	uint8_t dmac[6], src[16], dst[16], nh, hop;
	const uint8_t *payload;  /* upper-layer (or first extension) header */
	size_t len;
	bool csum_ok;
};
/* 0, or -1 when the frame is not IPv6 in Ethernet. */
int fake_parse6(const uint8_t *frame, size_t len, struct fake_parsed6 *p);

#endif
