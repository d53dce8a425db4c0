/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The far end of a link for fuzz targets that drive a whole client (TFTP transfer, TCP
 * connection): a netdev whose receive() answers ARP for the peer and otherwise hands the
 * client the next record of the fuzz input, wrapped by the target into a well-formed frame
 * (checksums right, so the input reaches the protocol rather than dying in the checksum).
 *
 * Input records: a 2-byte big-endian length, then that many bytes.  Every receive() call
 * moves the fake clock on, so retransmission timers fire and every loop ends.  With
 * peer_start_v6() the frames are IPv6 from PEER_IP6 to CLIENT_IP6 (the target configures the
 * client's addresses and the peer's neighbour entry itself).
 */
#ifndef WB_TESTS_FUZZ_PEER_H
#define WB_TESTS_FUZZ_PEER_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/byteorder.h"
#include "net/checksum.h"
#include "net/ip_addr.h"
#include "net/netdev.h"
#include "tests/unit/fake_platform.h"

#define PEER_IP 0x0100000au   /* 10.0.0.1, network order on little-endian hosts */
#define CLIENT_IP 0x3200000au /* 10.0.0.50 */

static const uint8_t peer_mac[6] = { 0x52, 0x54, 0x00, 0xaa, 0xbb, 0xcc };
/* 2001:db8::1 and 2001:db8::32, on-link (2001:db8::/64) */
static const uint8_t PEER_IP6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 0x01 };
static const uint8_t CLIENT_IP6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 0x32 };

/* Turns a record into the transport payload of a frame; returns the IP protocol. */
typedef uint8_t (*peer_wrap_fn)(const uint8_t *rec, size_t len, uint8_t *out, size_t *out_len);

static struct {
	const uint8_t *data;
	size_t size;
	peer_wrap_fn wrap;
	uint8_t arp_reply[42];
	bool arp_pending;
	uint32_t step_ms;
	uint16_t ip_id;
	uint16_t client_port; /* UDP source port of the client's last datagram */
	bool v6;              /* frames from the peer are IPv6 */
} peer;

static inline void peer_start(const uint8_t *data, size_t size, peer_wrap_fn wrap, uint32_t step_ms)
{
	peer.data = data;
	peer.size = size;
	peer.wrap = wrap;
	peer.arp_pending = false;
	peer.step_ms = step_ms;
	peer.client_port = 0;
	peer.v6 = false;
}

/* The same, the peer speaking IPv6. */
static inline void peer_start_v6(const uint8_t *data, size_t size, peer_wrap_fn wrap, uint32_t step_ms)
{
	peer_start(data, size, wrap, step_ms);
	peer.v6 = true;
}

static inline bool peer_input_left(void) { return peer.size >= 2; }

/* Next record, or NULL when the input is used up. */
static inline const uint8_t *peer_next(size_t *len)
{
	if (peer.size < 2)
		return NULL;
	size_t n = (size_t)peer.data[0] << 8 | peer.data[1];
	peer.data += 2;
	peer.size -= 2;
	if (n > peer.size)
		n = peer.size;
	const uint8_t *rec = peer.data;
	peer.data += n;
	peer.size -= n;
	*len = n;
	return rec;
}

static inline int peer_transmit(struct netdev *dev, const void *frame, size_t len)
{
	const uint8_t *f = frame;
	if (len < 14 || len > ETH_FRAME_MAX)
		abort(); /* the stack must never build such a frame */
	if (len >= 42 && get_be16(f + 12) == 0x0806 && get_be16(f + 20) == 1) {
		uint8_t *r = peer.arp_reply; /* "10.0.0.1 is at peer_mac" */
		memcpy(r, f + 6, 6);
		memcpy(r + 6, peer_mac, 6);
		put_be16(r + 12, 0x0806);
		memcpy(r + 14, f + 14, 6);  /* htype, ptype, hlen, plen */
		put_be16(r + 20, 2);
		memcpy(r + 22, peer_mac, 6);
		memcpy(r + 28, f + 38, 4);  /* the address asked for */
		memcpy(r + 32, dev->mac, 6);
		memcpy(r + 38, f + 28, 4);
		peer.arp_pending = true;
	}
	if (len >= 42 && get_be16(f + 12) == 0x0800 && f[23] == 17 && (f[14] & 0x0f) == 5)
		peer.client_port = get_be16(f + 34);
	return 0;
}

static inline int peer_receive(struct netdev *dev, void *buf, size_t cap)
{
	fake_time_advance_ms(peer.step_ms);
	if (peer.arp_pending) {
		peer.arp_pending = false;
		memcpy(buf, peer.arp_reply, sizeof(peer.arp_reply));
		return (int)sizeof(peer.arp_reply);
	}
	size_t len, plen = 0;
	const uint8_t *rec = peer_next(&len);
	if (!rec)
		return 0;
	uint8_t *f = buf;
	if (cap < ETH_FRAME_MAX)
		abort();
	size_t hdrs = peer.v6 ? 54 : 34;
	uint8_t proto = peer.wrap(rec, len, f + hdrs, &plen);
	if (plen > ETH_FRAME_MAX - hdrs)
		abort();
	memcpy(f, dev->mac, 6);
	memcpy(f + 6, peer_mac, 6);
	uint8_t *ip = f + 14;
	if (peer.v6) {
		put_be16(f + 12, 0x86dd);
		memset(ip, 0, 8);
		ip[0] = 0x60;
		put_be16(ip + 4, (uint16_t)plen);
		ip[6] = proto;
		ip[7] = 64;
		memcpy(ip + 8, PEER_IP6, 16);
		memcpy(ip + 24, CLIENT_IP6, 16);
		return (int)(54 + plen);
	}
	put_be16(f + 12, 0x0800);
	memset(ip, 0, 20);
	ip[0] = 0x45;
	put_be16(ip + 2, (uint16_t)(20 + plen));
	put_be16(ip + 4, peer.ip_id++);
	ip[8] = 64;
	ip[9] = proto;
	memcpy(ip + 12, &(uint32_t){ PEER_IP }, 4);
	memcpy(ip + 16, &(uint32_t){ CLIENT_IP }, 4);
	put_be16(ip + 10, inet_checksum(ip, 20));
	return (int)(34 + plen);
}

/* The checksum of a UDP or TCP segment at seg (len bytes) from the peer to the client. */
static inline uint16_t peer_l4_checksum(const uint8_t *seg, size_t len, uint8_t proto)
{
	struct ip_addr src = ip_addr_v4(PEER_IP), dst = ip_addr_v4(CLIENT_IP);
	if (peer.v6) {
		src = ip_addr_v6(PEER_IP6);
		dst = ip_addr_v6(CLIENT_IP6);
	}
	uint32_t sum = ip_pseudo_sum(&src, &dst, proto, (uint32_t)len);
	return inet_csum_fold(inet_csum_add(sum, seg, len));
}

#endif
