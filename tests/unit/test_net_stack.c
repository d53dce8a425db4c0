// SPDX-License-Identifier: GPL-2.0-or-later
/* net/: checksum, Ethernet, ARP, IPv4 (+ reassembly), ICMP echo and UDP through a fake netdev. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdint.h>
#include <string.h>

#include "core/byteorder.h"
#include "core/errors.h"
#include "net/arp.h"
#include "net/checksum.h"
#include "net/icmp.h"
#include "net/ip_reasm.h"
#include "net/ipv4.h"
#include "net/netif.h"
#include "net/udp.h"
#include "tests/unit/fake_netdev.h"
#include "tests/unit/fake_platform.h"

static const uint8_t srv_mac[6] = {0x52, 0x54, 0x00, 0xab, 0xcd, 0xef};
static const uint8_t gw_mac[6] = {0x52, 0x54, 0x00, 0x99, 0x99, 0x01};
static const uint8_t bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
#define OUR_IP fake_ip(10, 0, 0, 50)
#define SRV_IP fake_ip(10, 0, 0, 1)
#define GW_IP fake_ip(10, 0, 0, 254)
#define MASK fake_ip(255, 255, 255, 0)

static struct fake_netdev fd;
static struct netif nif;
static uint8_t frame[ETH_FRAME_MAX], out[ETH_FRAME_MAX];

/* What the test socket received. */
static struct {
	int count;
	uint32_t src, dst;
	uint16_t sport;
	uint8_t data[70000];
	size_t len;
} got;

static void sock_rx(struct udp_sock *s, const struct ip_addr *src, uint16_t src_port,
		    const struct ip_addr *dst, const uint8_t *data, size_t len)
{
	(void)s;
	got.count++;
	got.src = src->v4;
	got.dst = dst->v4;
	got.sport = src_port;
	memcpy(got.data, data, len);
	got.len = len;
}

static struct udp_sock sock;

/* Send from the test socket to an IPv4 address. */
static int send4(uint32_t ip, uint16_t port, const void *data, size_t len)
{
	return udp_sendto(&sock, &(struct ip_addr){.family = IP_ADDR_V4, .v4 = ip}, port, data, len);
}

static int setup(void **state)
{
	(void)state;
	fake_netdev_init(&fd, "eth0", 0x56);
	netif_init(&nif, &fd.dev);
	netif_configure(&nif, OUR_IP, MASK, GW_IP);
	memset(&got, 0, sizeof(got));
	memset(&sock, 0, sizeof(sock));
	sock.rx = sock_rx;
	assert_int_equal(udp_open(&sock, &nif, 1234), 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	udp_close(&sock);
	netif_shutdown(&nif);
	fake_netdev_free(&fd);
	return 0;
}

/* Answer ARP requests for the server and the gateway, like hosts on the segment would. */
static void arp_responder(struct fake_netdev *d, const uint8_t *f, size_t len)
{
	struct fake_parsed p;
	if (fake_parse(f, len, &p) || p.ethertype != 0x0806 || p.arp_op != 1)
		return;
	uint8_t reply[64];
	if (p.arp_tpa == SRV_IP)
		fake_netdev_inject(d, reply, fake_build_arp(reply, p.arp_sha, 2, srv_mac, SRV_IP, p.arp_sha, p.arp_spa));
	else if (p.arp_tpa == GW_IP)
		fake_netdev_inject(d, reply, fake_build_arp(reply, p.arp_sha, 2, gw_mac, GW_IP, p.arp_sha, p.arp_spa));
}

static size_t pop(struct fake_parsed *p, uint64_t *t)
{
	size_t n = fake_netdev_pop_tx(&fd, out, sizeof(out), t);
	if (n)
		assert_int_equal(fake_parse(out, n, p), 0);
	return n;
}

static void inject_udp(uint32_t src, uint32_t dst, uint16_t sport, uint16_t dport, const void *data,
		       size_t len)
{
	fake_netdev_inject(&fd, frame, fake_build_udp(frame, fd.dev.mac, srv_mac, src, dst, sport, dport, data, len));
}

/* ---- checksum ---------------------------------------------------------------------------- */

static void test_checksum_known_values(void **state)
{
	(void)state;
	/* RFC 1071 section 3: the sum of these words is ddf2. */
	static const uint8_t rfc[] = {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};
	assert_int_equal(inet_checksum(rfc, sizeof(rfc)), 0x220d);
	/* A real IPv4 header (192.168.0.1 -> 192.168.0.199, UDP) with checksum b861. */
	uint8_t ip[] = {0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11,
			0x00, 0x00, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7};
	assert_int_equal(inet_checksum(ip, sizeof(ip)), 0xb861);
	ip[10] = 0xb8;
	ip[11] = 0x61;
	assert_int_equal(inet_checksum(ip, sizeof(ip)), 0);
	/* Odd length: the last byte is the high half of a word. */
	assert_int_equal(inet_checksum("\x01", 1), (uint16_t)~0x0100);
	/* Sums accumulate across pieces of even length. */
	uint32_t s = inet_csum_add(0, rfc, 4);
	assert_int_equal(inet_csum_fold(inet_csum_add(s, rfc + 4, 4)), 0x220d);
}

/* ---- ARP --------------------------------------------------------------------------------- */

static void test_arp_answers_requests_for_us(void **state)
{
	(void)state;
	static const uint8_t zero[6];
	fake_netdev_inject(&fd, frame, fake_build_arp(frame, bcast, 1, srv_mac, SRV_IP, zero, OUR_IP));
	assert_int_equal(net_poll(&nif), 1);
	struct fake_parsed p;
	assert_int_equal(pop(&p, NULL), 60);
	assert_int_equal(p.ethertype, 0x0806);
	assert_memory_equal(p.dst_mac, srv_mac, 6);
	assert_memory_equal(p.src_mac, fd.dev.mac, 6);
	assert_int_equal(p.arp_op, 2);
	assert_memory_equal(p.arp_sha, fd.dev.mac, 6);
	assert_int_equal(p.arp_spa, OUR_IP);
	assert_memory_equal(p.arp_tha, srv_mac, 6);
	assert_int_equal(p.arp_tpa, SRV_IP);
	/* The asker was learned. */
	uint8_t mac[6];
	assert_int_equal(arp_lookup(&nif, SRV_IP, mac), 0);
	assert_memory_equal(mac, srv_mac, 6);

	/* A request for someone else: no answer, nothing learned. */
	fake_netdev_inject(&fd, frame, fake_build_arp(frame, bcast, 1, gw_mac, GW_IP, zero, fake_ip(10, 0, 0, 77)));
	net_poll(&nif);
	assert_int_equal(fd.tx_count, 0);
	assert_int_equal(arp_lookup(&nif, GW_IP, mac), -WB_ENOENT);

	/* Unconfigured: we own no address, so we answer nothing. */
	netif_configure(&nif, 0, 0, 0);
	fake_netdev_inject(&fd, frame, fake_build_arp(frame, bcast, 1, srv_mac, SRV_IP, zero, 0));
	net_poll(&nif);
	assert_int_equal(fd.tx_count, 0);

	/* Malformed: wrong hardware length. */
	netif_configure(&nif, OUR_IP, MASK, GW_IP);
	size_t n = fake_build_arp(frame, bcast, 1, srv_mac, SRV_IP, zero, OUR_IP);
	frame[14 + 4] = 8;
	uint64_t dropped = nif.stats.rx_dropped;
	fake_netdev_inject(&fd, frame, n);
	net_poll(&nif);
	assert_int_equal(fd.tx_count, 0);
	assert_int_equal(nif.stats.rx_dropped, dropped + 1);
}

static void test_arp_resolve_and_cache_aging(void **state)
{
	(void)state;
	fd.on_transmit = arp_responder;
	assert_int_equal(send4(SRV_IP, 69, "hello", 5), 0);
	struct fake_parsed p;
	assert_int_equal(pop(&p, NULL), 60);
	assert_int_equal(p.ethertype, 0x0806);
	assert_int_equal(p.arp_op, 1);
	assert_memory_equal(p.dst_mac, bcast, 6);
	assert_int_equal(p.arp_tpa, SRV_IP);
	assert_int_equal(p.arp_spa, OUR_IP);
	assert_int_equal(pop(&p, NULL), 60); /* 14 + 20 + 8 + 5, padded */
	assert_int_equal(p.ethertype, 0x0800);
	assert_memory_equal(p.dst_mac, srv_mac, 6);
	assert_int_equal(p.dst, SRV_IP);
	assert_int_equal(p.src, OUR_IP);
	assert_int_equal(p.ttl, 64);
	assert_true(p.ip_csum_ok);
	assert_int_equal(p.sport, 1234);
	assert_int_equal(p.dport, 69);
	assert_int_equal(p.udp_csum, 0xa2b8); /* computed independently */
	assert_int_equal(p.payload_len, 5);
	assert_memory_equal(p.payload, "hello", 5);

	/* Cached: no second request. */
	assert_int_equal(send4(SRV_IP, 69, "again", 5), 0);
	assert_int_equal(pop(&p, NULL), 60);
	assert_int_equal(p.ethertype, 0x0800);
	assert_int_equal(fd.tx_count, 0);

	/* Aged out after ARP_MAX_AGE_MS: asked again. */
	fake_time_advance_ms(ARP_MAX_AGE_MS + 1);
	assert_int_equal(send4(SRV_IP, 69, "later", 5), 0);
	assert_int_equal(pop(&p, NULL), 60);
	assert_int_equal(p.ethertype, 0x0806);
	fake_netdev_clear_tx(&fd);

	/* Off-link: ARP for the gateway, the datagram to its MAC with the far address. */
	assert_int_equal(send4(fake_ip(192, 0, 2, 9), 69, "far", 3), 0);
	assert_int_equal(pop(&p, NULL), 60);
	assert_int_equal(p.arp_tpa, GW_IP);
	pop(&p, NULL);
	assert_memory_equal(p.dst_mac, gw_mac, 6);
	assert_int_equal(p.dst, fake_ip(192, 0, 2, 9));

	/* Off-link without a gateway. */
	netif_configure(&nif, OUR_IP, MASK, 0);
	assert_int_equal(send4(fake_ip(192, 0, 2, 9), 69, "far", 3), -WB_ENETUNREACH);
}

static void test_arp_resolve_gives_up(void **state)
{
	(void)state;
	uint64_t start = fake_time_us;
	assert_int_equal(send4(fake_ip(10, 0, 0, 99), 69, "x", 1), -WB_EHOSTUNREACH);
	struct fake_parsed p;
	uint64_t t;
	for (int i = 0; i < ARP_TRIES; i++) {
		assert_int_equal(pop(&p, &t), 60);
		assert_int_equal(p.arp_op, 1);
		assert_int_equal(p.arp_tpa, fake_ip(10, 0, 0, 99));
		/* One request every ARP_RETRY_MS (the fake clock moves 1 ms per idle poll). */
		uint64_t want = start + (uint64_t)i * ARP_RETRY_MS * 1000;
		assert_true(t >= want && t <= want + 5000);
	}
	assert_int_equal(fd.tx_count, 0);
	assert_true(fake_time_us - start >= (uint64_t)ARP_TRIES * ARP_RETRY_MS * 1000);
	assert_true(fake_time_us - start < (uint64_t)ARP_TRIES * ARP_RETRY_MS * 1000 + 20000);
}

/* The cache keeps ARP_CACHE_SIZE entries and replaces the oldest. */
static void test_arp_cache_replacement(void **state)
{
	(void)state;
	uint8_t mac[6] = {2, 0, 0, 0, 0, 0};
	for (int i = 0; i < ARP_CACHE_SIZE + 1; i++) {
		mac[5] = (uint8_t)i;
		arp_cache_update(&nif, fake_ip(10, 0, 0, (uint8_t)(100 + i)), mac);
		fake_time_advance_ms(1);
	}
	uint8_t m[6];
	assert_int_equal(arp_lookup(&nif, fake_ip(10, 0, 0, 100), m), -WB_ENOENT);
	for (int i = 1; i < ARP_CACHE_SIZE + 1; i++) {
		assert_int_equal(arp_lookup(&nif, fake_ip(10, 0, 0, (uint8_t)(100 + i)), m), 0);
		assert_int_equal(m[5], i);
	}
}

/* ---- IPv4 and UDP receive --------------------------------------------------------------- */

static void test_ipv4_acceptance_and_header_checks(void **state)
{
	(void)state;
	inject_udp(SRV_IP, OUR_IP, 69, 1234, "data", 4);
	net_poll(&nif);
	assert_int_equal(got.count, 1);
	assert_int_equal(got.src, SRV_IP);
	assert_int_equal(got.dst, OUR_IP);
	assert_int_equal(got.sport, 69);
	assert_int_equal(got.len, 4); /* not the Ethernet padding */
	assert_memory_equal(got.data, "data", 4);

	/* Limited and directed broadcast are accepted; another host's address is not. */
	inject_udp(SRV_IP, 0xffffffff, 69, 1234, "b1", 2);
	inject_udp(SRV_IP, fake_ip(10, 0, 0, 255), 69, 1234, "b2", 2);
	inject_udp(SRV_IP, fake_ip(10, 0, 0, 51), 69, 1234, "no", 2);
	net_poll(&nif);
	assert_int_equal(got.count, 3);
	assert_int_equal(got.dst, fake_ip(10, 0, 0, 255));

	/* Broken headers: each is dropped. */
	uint64_t dropped = nif.stats.rx_dropped;
	size_t n = fake_build_udp(frame, fd.dev.mac, srv_mac, SRV_IP, OUR_IP, 69, 1234, "x", 1);
	frame[14 + 10] ^= 1; /* header checksum */
	fake_netdev_inject(&fd, frame, n);
	n = fake_build_udp(frame, fd.dev.mac, srv_mac, SRV_IP, OUR_IP, 69, 1234, "x", 1);
	frame[14] = 0x44; /* ihl 4 */
	fake_netdev_inject(&fd, frame, n);
	n = fake_build_udp(frame, fd.dev.mac, srv_mac, SRV_IP, OUR_IP, 69, 1234, "x", 1);
	fake_netdev_inject(&fd, frame, n - 1); /* total length beyond the frame */
	n = fake_build_udp(frame, fd.dev.mac, srv_mac, SRV_IP, OUR_IP, 69, 1234, "x", 1);
	frame[14] = 0x65; /* version 6 */
	fake_netdev_inject(&fd, frame, n);
	n = fake_build_udp(frame, fd.dev.mac, srv_mac, SRV_IP, OUR_IP, 69, 1234, "x", 1);
	frame[0] ^= 2; /* another host's MAC */
	fake_netdev_inject(&fd, frame, n);
	fake_netdev_inject(&fd, frame, 13); /* runt */
	net_poll(&nif);
	assert_int_equal(got.count, 3);
	assert_int_equal(nif.stats.rx_dropped, dropped + 6);

	/* Unconfigured, anything is accepted (DHCP offers unicast to the offered address). */
	netif_configure(&nif, 0, 0, 0);
	inject_udp(SRV_IP, fake_ip(10, 0, 0, 77), 67, 1234, "offer", 5);
	net_poll(&nif);
	assert_int_equal(got.count, 4);
	assert_int_equal(got.dst, fake_ip(10, 0, 0, 77));
}

static void test_udp_checksum_and_demux(void **state)
{
	(void)state;
	/* A datagram whose checksum was computed independently (see test_arp_resolve...). */
	uint8_t d[13] = {0x00, 0x45, 0x04, 0xd2, 0x00, 0x0d, 0xa2, 0xb8, 'h', 'e', 'l', 'l', 'o'};
	fake_netdev_inject(&fd, frame, fake_build_ipv4(frame, fd.dev.mac, srv_mac, SRV_IP, OUR_IP, 17, 5, 0, d, sizeof(d)));
	net_poll(&nif);
	assert_int_equal(got.count, 1);
	assert_memory_equal(got.data, "hello", 5);
	/* One bit off: dropped. */
	d[8] ^= 1;
	fake_netdev_inject(&fd, frame, fake_build_ipv4(frame, fd.dev.mac, srv_mac, SRV_IP, OUR_IP, 17, 5, 0, d, sizeof(d)));
	net_poll(&nif);
	assert_int_equal(got.count, 1);
	/* Checksum 0: none computed, accepted. */
	d[6] = d[7] = 0;
	fake_netdev_inject(&fd, frame, fake_build_ipv4(frame, fd.dev.mac, srv_mac, SRV_IP, OUR_IP, 17, 5, 0, d, sizeof(d)));
	net_poll(&nif);
	assert_int_equal(got.count, 2);
	assert_memory_equal(got.data, "iello", 5);
	/* UDP length beyond the IP payload; and shorter than the header. */
	d[5] = 14;
	fake_netdev_inject(&fd, frame, fake_build_ipv4(frame, fd.dev.mac, srv_mac, SRV_IP, OUR_IP, 17, 5, 0, d, sizeof(d)));
	d[5] = 7;
	fake_netdev_inject(&fd, frame, fake_build_ipv4(frame, fd.dev.mac, srv_mac, SRV_IP, OUR_IP, 17, 5, 0, d, sizeof(d)));
	/* UDP length shorter than the IP payload: the rest is ignored. */
	d[5] = 10;
	fake_netdev_inject(&fd, frame, fake_build_ipv4(frame, fd.dev.mac, srv_mac, SRV_IP, OUR_IP, 17, 5, 0, d, sizeof(d)));
	net_poll(&nif);
	assert_int_equal(got.count, 3);
	assert_int_equal(got.len, 2);

	/* No socket on the port: dropped. A peer-bound socket wins over the wildcard one. */
	inject_udp(SRV_IP, OUR_IP, 69, 999, "z", 1);
	net_poll(&nif);
	assert_int_equal(got.count, 3);
	struct udp_sock peer = {.rx = sock_rx, .peer = {.family = IP_ADDR_V4, .v4 = SRV_IP}, .peer_port = 70};
	assert_int_equal(udp_open(&peer, &nif, 1234), -WB_EBUSY);
	assert_int_equal(udp_open(&peer, &nif, 0), 0);
	assert_true(peer.local_port >= 49152);
	uint16_t port = peer.local_port;
	inject_udp(SRV_IP, OUR_IP, 69, port, "wrong peer port", 15);
	inject_udp(fake_ip(10, 0, 0, 2), OUR_IP, 70, port, "wrong peer", 10);
	net_poll(&nif);
	assert_int_equal(got.count, 3);
	inject_udp(SRV_IP, OUR_IP, 70, port, "right", 5);
	net_poll(&nif);
	assert_int_equal(got.count, 4);
	udp_close(&peer);
	inject_udp(SRV_IP, OUR_IP, 70, port, "closed", 6);
	net_poll(&nif);
	assert_int_equal(got.count, 4);

	/* Too big for one frame. */
	static uint8_t big[1473];
	assert_int_equal(udp_max_payload(&nif, IP_ADDR_V4), 1472);
	assert_int_equal(send4(0xffffffff, 69, big, sizeof(big)), -WB_ETOOBIG);
	/* The largest one goes out as a 1514-byte broadcast frame, no ARP. */
	assert_int_equal(send4(0xffffffff, 69, big, 1472), 0);
	struct fake_parsed p;
	assert_int_equal(pop(&p, NULL), 1514);
	assert_memory_equal(p.dst_mac, bcast, 6);
	assert_true(p.udp_csum_ok);
}

/* ---- reassembly --------------------------------------------------------------------------- */

static uint8_t dgram[4000];
static size_t dgram_len;

/* A 3000-byte UDP payload from the server, as a datagram (header + payload). */
static void make_dgram(void)
{
	static uint8_t payload[3000];
	for (size_t i = 0; i < sizeof(payload); i++)
		payload[i] = (uint8_t)(i * 13 + 1);
	dgram_len = fake_build_udp_datagram(dgram, SRV_IP, OUR_IP, 69, 1234, payload, sizeof(payload));
}

/* Inject bytes [off, off+len) of dgram as a fragment. */
static void inject_frag(uint16_t id, size_t off, size_t len, bool more)
{
	uint16_t frag = (uint16_t)(off / 8) | (more ? 0x2000 : 0);
	fake_netdev_inject(&fd, frame, fake_build_ipv4(frame, fd.dev.mac, srv_mac, SRV_IP, OUR_IP, 17, id, frag, dgram + off, len));
}

static void assert_dgram_delivered(int count)
{
	assert_int_equal(got.count, count);
	assert_int_equal(got.len, 3000);
	assert_memory_equal(got.data, dgram + 8, 3000);
}

static void test_reassembly_orders(void **state)
{
	(void)state;
	make_dgram(); /* 3008 bytes: 1480 + 1480 + 48 */
	inject_frag(1, 0, 1480, true);
	inject_frag(1, 1480, 1480, true);
	inject_frag(1, 2960, 48, false);
	net_poll(&nif);
	assert_dgram_delivered(1);

	inject_frag(2, 2960, 48, false);
	inject_frag(2, 1480, 1480, true);
	inject_frag(2, 0, 1480, true);
	net_poll(&nif);
	assert_dgram_delivered(2);

	/* Duplicates are ignored, the datagram is delivered once. */
	inject_frag(3, 0, 1480, true);
	inject_frag(3, 0, 1480, true);
	inject_frag(3, 2960, 48, false);
	inject_frag(3, 2960, 48, false);
	inject_frag(3, 1480, 1480, true);
	inject_frag(3, 1480, 1480, true);
	net_poll(&nif);
	assert_dgram_delivered(3);

	/* Two datagrams interleaved. */
	inject_frag(4, 0, 1480, true);
	inject_frag(5, 2960, 48, false);
	inject_frag(5, 0, 1480, true);
	inject_frag(4, 1480, 1480, true);
	inject_frag(5, 1480, 1480, true);
	inject_frag(4, 2960, 48, false);
	net_poll(&nif);
	assert_dgram_delivered(5);
}

static void test_reassembly_rejects(void **state)
{
	(void)state;
	make_dgram();
	/* Overlapping fragments: the datagram is dropped, even once the rest arrives. */
	inject_frag(10, 0, 1480, true);
	inject_frag(10, 1472, 1480, true); /* overlaps the first by 8 bytes */
	inject_frag(10, 1480, 1480, true);
	inject_frag(10, 2960, 48, false);
	net_poll(&nif);
	assert_int_equal(got.count, 0);

	/* 8-byte pieces: IP_REASM_MAX_FRAGS of them make a datagram, one more is too many. */
	for (int extra = 0; extra <= 1; extra++) {
		size_t total = 8 * (IP_REASM_MAX_FRAGS + extra);
		static uint8_t small[1024];
		memset(small + 8, 'f', total - 8);
		dgram_len = fake_build_udp_datagram(dgram, SRV_IP, OUR_IP, 69, 1234, small + 8, total - 8);
		for (size_t off = 0; off < total; off += 8)
			inject_frag((uint16_t)(20 + extra), off, 8, off + 8 < total);
		net_poll(&nif);
		assert_int_equal(got.count, 1); /* the first one only */
		assert_int_equal(got.len, 8 * IP_REASM_MAX_FRAGS - 8);
	}
	got.count = 0;
	make_dgram();

	/* Timeout: the last fragment comes after IP_REASM_TIMEOUT_MS. */
	inject_frag(12, 0, 1480, true);
	inject_frag(12, 1480, 1480, true);
	net_poll(&nif);
	fake_time_advance_ms(IP_REASM_TIMEOUT_MS);
	inject_frag(12, 2960, 48, false);
	net_poll(&nif);
	assert_int_equal(got.count, 0);

	/* A middle fragment whose length is not a multiple of 8; one beyond the maximum size. */
	inject_frag(13, 0, 1476, true);
	fake_netdev_inject(&fd, frame, fake_build_ipv4(frame, fd.dev.mac, srv_mac, SRV_IP, OUR_IP, 17, 14, 0x1fff, dgram, 16));
	net_poll(&nif);
	assert_int_equal(got.count, 0);

	/* After all that, a good datagram still gets through (slots were recycled). */
	inject_frag(15, 2960, 48, false);
	inject_frag(15, 0, 1480, true);
	inject_frag(15, 1480, 1480, true);
	net_poll(&nif);
	assert_dgram_delivered(1);
}

/* ---- ICMP ------------------------------------------------------------------------------- */

static size_t make_echo(uint8_t *buf, uint8_t type, uint16_t id, uint16_t seq, const char *data)
{
	size_t len = 8 + strlen(data);
	buf[0] = type;
	buf[1] = 0;
	put_be16(buf + 2, 0);
	put_be16(buf + 4, id);
	put_be16(buf + 6, seq);
	memcpy(buf + 8, data, strlen(data));
	put_be16(buf + 2, inet_checksum(buf, len));
	return len;
}

static void test_icmp_echo_reply(void **state)
{
	(void)state;
	uint8_t icmp[64];
	/* From a far host via the gateway: answered to the gateway's MAC, no ARP. */
	size_t n = make_echo(icmp, 8, 0x1234, 7, "wireboot-ping");
	fake_netdev_inject(&fd, frame, fake_build_ipv4(frame, fd.dev.mac, gw_mac, fake_ip(192, 0, 2, 1), OUR_IP, 1, 9, 0, icmp, n));
	net_poll(&nif);
	struct fake_parsed p;
	assert_int_equal(pop(&p, NULL), 60); /* 14 + 20 + 21, padded */
	assert_memory_equal(p.dst_mac, gw_mac, 6);
	assert_int_equal(p.proto, 1);
	assert_int_equal(p.dst, fake_ip(192, 0, 2, 1));
	assert_int_equal(p.src, OUR_IP);
	assert_true(p.ip_csum_ok);
	assert_int_equal(p.ip_payload_len, n);
	assert_int_equal(p.ip_payload[0], 0);
	assert_int_equal(get_be16(p.ip_payload + 4), 0x1234);
	assert_int_equal(get_be16(p.ip_payload + 6), 7);
	assert_memory_equal(p.ip_payload + 8, "wireboot-ping", 13);
	assert_int_equal(inet_checksum(p.ip_payload, n), 0);

	/* Broadcast ping, a bad checksum, an unconfigured interface: no answers. */
	fake_netdev_inject(&fd, frame, fake_build_ipv4(frame, bcast, srv_mac, SRV_IP, 0xffffffff, 1, 9, 0, icmp, n));
	icmp[9] ^= 1;
	fake_netdev_inject(&fd, frame, fake_build_ipv4(frame, fd.dev.mac, srv_mac, SRV_IP, OUR_IP, 1, 9, 0, icmp, n));
	net_poll(&nif);
	netif_configure(&nif, 0, 0, 0);
	n = make_echo(icmp, 8, 1, 1, "x");
	fake_netdev_inject(&fd, frame, fake_build_ipv4(frame, fd.dev.mac, srv_mac, SRV_IP, OUR_IP, 1, 9, 0, icmp, n));
	net_poll(&nif);
	assert_int_equal(fd.tx_count, 0);
}

/* The server answers our pings 3 ms later. */
static void echo_responder(struct fake_netdev *d, const uint8_t *f, size_t len)
{
	arp_responder(d, f, len);
	struct fake_parsed p;
	if (fake_parse(f, len, &p) || p.ethertype != 0x0800 || p.proto != 1 || p.ip_payload[0] != 8)
		return;
	uint8_t icmp[128];
	memcpy(icmp, p.ip_payload, p.ip_payload_len);
	icmp[0] = 0;
	put_be16(icmp + 2, 0);
	put_be16(icmp + 2, inet_checksum(icmp, p.ip_payload_len));
	uint8_t r[ETH_FRAME_MAX];
	fake_netdev_inject_delayed(d, 3, r, fake_build_ipv4(r, p.src_mac, srv_mac, p.dst, p.src, 1, 2, 0, icmp, p.ip_payload_len));
}

static void test_icmp_ping(void **state)
{
	(void)state;
	fd.on_transmit = echo_responder;
	uint64_t rtt = 0;
	assert_int_equal(icmp_ping(&nif, SRV_IP, 0x77, 1, "abc", 3, 1000, &rtt), 0);
	assert_true(rtt >= 3000 && rtt < 5000);
	/* Nobody answers 10.0.0.1 pings now: timeout after 1000 ms. */
	fd.on_transmit = arp_responder;
	uint64_t start = fake_time_us;
	assert_int_equal(icmp_ping(&nif, SRV_IP, 0x77, 2, "abc", 3, 1000, &rtt), -WB_ETIMEDOUT);
	assert_true(fake_time_us - start >= 1000000 && fake_time_us - start < 1010000);
	assert_null(nif.echo_wait);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_checksum_known_values),
		cmocka_unit_test_setup_teardown(test_arp_answers_requests_for_us, setup, teardown),
		cmocka_unit_test_setup_teardown(test_arp_resolve_and_cache_aging, setup, teardown),
		cmocka_unit_test_setup_teardown(test_arp_resolve_gives_up, setup, teardown),
		cmocka_unit_test_setup_teardown(test_arp_cache_replacement, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ipv4_acceptance_and_header_checks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_udp_checksum_and_demux, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reassembly_orders, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reassembly_rejects, setup, teardown),
		cmocka_unit_test_setup_teardown(test_icmp_echo_reply, setup, teardown),
		cmocka_unit_test_setup_teardown(test_icmp_ping, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
