// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * net/: IPv6 (headers, extension headers, reassembly), ICMPv6 echo, neighbour discovery
 * (NS/NA, DAD, RS/RA, SLAAC) and UDP over IPv6, through a fake netdev.  Frames the test
 * injects carry checksums computed here, independently of net/checksum.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdint.h>
#include <string.h>

#include "core/errors.h"
#include "net/icmpv6.h"
#include "net/ip_reasm.h"
#include "net/ipv6.h"
#include "net/ndp.h"
#include "net/netif.h"
#include "net/udp.h"
#include "tests/unit/fake_netdev.h"
#include "tests/unit/fake_platform.h"

static const uint8_t rtr_mac[6] = {0x52, 0x54, 0x00, 0x99, 0x99, 0x01};
static const uint8_t srv_mac[6] = {0x52, 0x54, 0x00, 0xab, 0xcd, 0xef};
/* Our MAC is 52:54:00:12:34:56: link-local fe80::5054:ff:fe12:3456. */
static const uint8_t our_ll[16] = {0xfe, 0x80, [8] = 0x50, 0x54, 0x00, 0xff, 0xfe, 0x12, 0x34, 0x56};
static const uint8_t our_global[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 1, [8] = 0x50, 0x54, 0x00, 0xff,
				       0xfe, 0x12, 0x34, 0x56};
static const uint8_t rtr_ll[16] = {0xfe, 0x80, [15] = 1};
static const uint8_t srv_ip[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 1, [15] = 0x10}; /* on-link */
static const uint8_t far_ip[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 9, [15] = 0x20}; /* off-link */
static const uint8_t unspec[16];

static struct fake_netdev fd;
static struct netif nif;
static uint8_t frame[ETH_FRAME_MAX], out[ETH_FRAME_MAX];
static uint8_t ra_flags = 0x80;          /* what the fake router advertises */
static bool defend_ll;                   /* a fake host already owns our link-local address */

static struct {
	int count;
	uint8_t src[16];
	uint16_t sport;
	uint8_t data[4096];
	size_t len;
} got;

static size_t pop6(struct fake_parsed6 *s)
{
	size_t n = fake_netdev_pop_tx(&fd, out, sizeof(out), NULL);
	if (n)
		assert_int_equal(fake_parse6(out, n, s), 0);
	return n;
}

/* ---- a fake router and hosts answering what the stack sends ---------------------------- */

static void responder(struct fake_netdev *d, const uint8_t *f, size_t len)
{
	(void)len;
	if (f[12] != 0x86 || f[13] != 0xdd || f[14 + 6] != 58)
		return;
	const uint8_t *h = f + 14, *src = h + 8, *m = h + 40;
	uint8_t msg[128] = {0}, mac[6];
	if (m[0] == 133) { /* RS -> RA: M/O flags, SLLA, prefix 2001:db8:1::/64 (L, A) */
		msg[0] = 134;
		msg[4] = 64;
		msg[5] = ra_flags;
		msg[6] = 0x07, msg[7] = 0x08; /* router lifetime 1800 s */
		msg[16] = 1, msg[17] = 1;
		memcpy(msg + 18, rtr_mac, 6);
		uint8_t *p = msg + 24;
		p[0] = 3, p[1] = 4, p[2] = 64, p[3] = 0xc0;
		p[4] = p[5] = p[8] = p[9] = 0xff, p[6] = p[7] = p[10] = p[11] = 0xff;
		static const uint8_t pfx[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 1};
		memcpy(p + 16, pfx, 16);
		fake_netdev_inject(d, frame, fake_build_icmpv6(frame, f + 6, rtr_mac, rtr_ll, ipv6_all_nodes,
							 255, msg, 24 + 32));
	} else if (m[0] == 135) { /* NS -> NA for the router, the server, or (DAD) our address */
		const uint8_t *target = m + 8;
		const uint8_t *mac_of = !memcmp(target, rtr_ll, 16) ? rtr_mac
				      : !memcmp(target, srv_ip, 16) ? srv_mac
				      : (defend_ll && !memcmp(target, our_ll, 16)) ? srv_mac : NULL;
		if (!mac_of)
			return;
		bool dad = !memcmp(src, unspec, 16);
		msg[0] = 136;
		msg[4] = dad ? 0x20 : 0x60;
		memcpy(msg + 8, target, 16);
		msg[24] = 2, msg[25] = 1;
		memcpy(msg + 26, mac_of, 6);
		fake_group_mac(ipv6_all_nodes, mac);
		fake_netdev_inject(d, frame, fake_build_icmpv6(frame, dad ? mac : f + 6, mac_of, target,
							 dad ? ipv6_all_nodes : src, 255, msg, 32));
	}
}

static void udp_got(struct udp_sock *s, const struct ip_addr *src, uint16_t sport,
		    const struct ip_addr *dst, const uint8_t *data, size_t len)
{
	(void)s;
	(void)dst;
	got.count++;
	memcpy(got.src, src->v6, 16);
	got.sport = sport;
	memcpy(got.data, data, len);
	got.len = len;
}

static struct udp_sock sock;

static int setup(void **state)
{
	(void)state;
	fake_netdev_init(&fd, "eth0", 0x56);
	netif_init(&nif, &fd.dev);
	fd.on_transmit = responder;
	ra_flags = 0x80;
	defend_ll = false;
	memset(&got, 0, sizeof(got));
	memset(&sock, 0, sizeof(sock));
	sock.rx = udp_got;
	assert_int_equal(udp_open(&sock, &nif, 546), 0);
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

/* Configured through the fake router, sent frames forgotten. */
static int setup_configured(void **state)
{
	setup(state);
	assert_int_equal(ndp_configure(&nif, 10000), 0);
	fake_netdev_clear_tx(&fd);
	return 0;
}

/* ---- tests ----------------------------------------------------------------------------- */

static void test_configure_slaac(void **state)
{
	(void)state;
	uint64_t t0 = fake_time_us;
	assert_int_equal(ndp_configure(&nif, 10000), 0);
	struct fake_parsed6 s;
	uint8_t group[16] = {0xff, 0x02, [11] = 1, 0xff, 0x12, 0x34, 0x56}, mac[6];
	/* 1: DAD for the link-local address, from ::, to its solicited-node group, no SLLA. */
	assert_true(pop6(&s));
	fake_group_mac(group, mac);
	assert_memory_equal(s.dmac, mac, 6);
	assert_memory_equal(s.src, unspec, 16);
	assert_memory_equal(s.dst, group, 16);
	assert_int_equal(s.hop, 255);
	assert_true(s.csum_ok);
	assert_int_equal(s.payload[0], 135);
	assert_memory_equal(s.payload + 8, our_ll, 16);
	assert_int_equal(s.len, 24);
	/* 2: RS from the link-local address to all routers, with our MAC. */
	assert_true(pop6(&s));
	assert_int_equal(s.payload[0], 133);
	assert_memory_equal(s.src, our_ll, 16);
	assert_int_equal(s.dst[0], 0xff);
	assert_int_equal(s.dst[15], 2);
	assert_true(s.csum_ok);
	assert_memory_equal(s.payload + 10, fd.dev.mac, 6);
	/* 3: DAD for the SLAAC address (same solicited-node group). */
	assert_true(pop6(&s));
	assert_int_equal(s.payload[0], 135);
	assert_memory_equal(s.payload + 8, our_global, 16);
	assert_int_equal(pop6(&s), 0);

	assert_int_equal(nif.ip6.ll_state, IPV6_ADDR_PREFERRED);
	assert_int_equal(nif.ip6.global_state, IPV6_ADDR_PREFERRED);
	assert_memory_equal(nif.ip6.link_local, our_ll, 16);
	assert_memory_equal(nif.ip6.global, our_global, 16);
	assert_true(nif.ip6.have_router);
	assert_memory_equal(nif.ip6.router, rtr_ll, 16);
	assert_int_equal(nif.ip6.ra_flags, 0x80);
	assert_int_equal(nif.ip6.prefix_len, 64);
	/* Two DADs of ND_RETRANS_MS each, the RA at once. */
	assert_true(fake_time_us - t0 < 2500 * 1000);
}

static void test_no_router(void **state)
{
	(void)state;
	fd.on_transmit = NULL;
	uint64_t t0 = fake_time_us;
	assert_int_equal(ndp_configure(&nif, 6000), -WB_ETIMEDOUT);
	assert_int_equal(nif.ip6.ll_state, IPV6_ADDR_PREFERRED);
	assert_int_equal(nif.ip6.global_state, IPV6_ADDR_NONE);
	/* DAD 1 s + the RA wait of 6 s (two RS, ND_RS_INTERVAL_MS apart). */
	uint64_t ms = (fake_time_us - t0) / 1000;
	assert_true(ms >= 7000 && ms < 7100);
	struct fake_parsed6 s;
	int rs = 0;
	while (pop6(&s))
		rs += s.payload[0] == 133;
	assert_int_equal(rs, 2);
}

static void test_dad_conflict(void **state)
{
	(void)state;
	defend_ll = true;
	assert_int_equal(ndp_configure(&nif, 1000), -WB_EEXIST);
	assert_int_equal(nif.ip6.ll_state, IPV6_ADDR_DUPLICATE);
	/* With no usable address nothing is sent. */
	assert_int_equal(udp_sendto(&sock, &(struct ip_addr){.family = IP_ADDR_V6, .v6 = {0xfe, 0x80, [15] = 9}},
				    547, "x", 1), -WB_ENETUNREACH);
}

static void test_ns_answered(void **state)
{
	(void)state;
	uint8_t msg[32] = {135}, mac[6];
	memcpy(msg + 8, our_global, 16);
	msg[24] = 1, msg[25] = 1;
	memcpy(msg + 26, srv_mac, 6);
	uint8_t group[16] = {0xff, 0x02, [11] = 1, 0xff, 0x12, 0x34, 0x56};
	fake_group_mac(group, mac);
	/* Hop limit 254: not from this link, ignored. */
	fake_netdev_inject(&fd, frame, fake_build_icmpv6(frame, mac, srv_mac, srv_ip, group, 254, msg, 32));
	net_poll(&nif);
	struct fake_parsed6 s;
	assert_int_equal(pop6(&s), 0);
	fake_netdev_inject(&fd, frame, fake_build_icmpv6(frame, mac, srv_mac, srv_ip, group, 255, msg, 32));
	net_poll(&nif);
	assert_true(pop6(&s));
	assert_memory_equal(s.dmac, srv_mac, 6);
	assert_int_equal(s.payload[0], 136);
	assert_int_equal(s.payload[4], 0x60); /* solicited, override */
	assert_memory_equal(s.payload + 8, our_global, 16);
	assert_memory_equal(s.src, our_global, 16);
	assert_memory_equal(s.dst, srv_ip, 16);
	assert_int_equal(s.payload[24], 2);
	assert_memory_equal(s.payload + 26, fd.dev.mac, 6);
	assert_true(s.csum_ok);
	/* The sender was learnt from its SLLA. */
	assert_int_equal(ndp_lookup(&nif, srv_ip, mac), 0);
	assert_memory_equal(mac, srv_mac, 6);
	/* A bad option length (0) drops the message. */
	msg[25] = 0;
	fake_netdev_inject(&fd, frame, fake_build_icmpv6(frame, fd.dev.mac, srv_mac, srv_ip, our_global, 255, msg, 32));
	net_poll(&nif);
	assert_int_equal(pop6(&s), 0);
	/* A solicitation for a group's MAC we did not join never reaches us. */
	uint8_t other[16] = {0xff, 0x02, [11] = 1, 0xff, 0x99, 0x99, 0x99};
	msg[25] = 1;
	fake_group_mac(other, mac);
	fake_netdev_inject(&fd, frame, fake_build_icmpv6(frame, mac, srv_mac, srv_ip, other, 255, msg, 32));
	net_poll(&nif);
	assert_int_equal(pop6(&s), 0);
}

static void test_echo(void **state)
{
	(void)state;
	uint8_t msg[12] = {128, 0, 0, 0, 0x12, 0x34, 0, 7, 'p', 'i', 'n', 'g'};
	fake_netdev_inject(&fd, frame, fake_build_icmpv6(frame, fd.dev.mac, srv_mac, srv_ip, our_global, 64, msg, 12));
	net_poll(&nif);
	struct fake_parsed6 s;
	assert_true(pop6(&s));
	assert_memory_equal(s.dmac, srv_mac, 6);
	assert_int_equal(s.payload[0], 129);
	assert_memory_equal(s.payload + 4, msg + 4, 8);
	assert_memory_equal(s.dst, srv_ip, 16);
	assert_true(s.csum_ok);
	/* A damaged checksum: no answer. */
	fake_build_icmpv6(frame, fd.dev.mac, srv_mac, srv_ip, our_global, 64, msg, 12);
	frame[54 + 2] ^= 1;
	fake_netdev_inject(&fd, frame, 66);
	net_poll(&nif);
	assert_int_equal(pop6(&s), 0);
	/* Our ping: the server's reply (injected after the request) completes it. */
	uint64_t rtt;
	fd.on_transmit = NULL;
	ndp_cache_update(&nif, srv_ip, srv_mac);
	uint8_t reply[12] = {129, 0, 0, 0, 0x57, 0x42, 0, 1, 'a', 'b', 'c', 'd'};
	fake_netdev_inject_delayed(&fd, 5, frame, fake_build_icmpv6(frame, fd.dev.mac, srv_mac, srv_ip, our_global, 64, reply, 12));
	assert_int_equal(icmpv6_ping(&nif, srv_ip, 0x5742, 1, "abcd", 4, 1000, &rtt), 0);
	assert_true(rtt >= 5000);
	assert_int_equal(icmpv6_ping(&nif, srv_ip, 0x5742, 2, "abcd", 4, 100, &rtt), -WB_ETIMEDOUT);
}

static void test_udp_send(void **state)
{
	(void)state;
	struct ip_addr srv = ip_addr_v6(srv_ip), far = ip_addr_v6(far_ip);
	/* On-link: neighbour solicitation for the server, then the datagram to its MAC. */
	assert_int_equal(udp_sendto(&sock, &srv, 547, "hello", 5), 0);
	struct fake_parsed6 s;
	assert_true(pop6(&s));
	assert_int_equal(s.payload[0], 135);
	assert_memory_equal(s.payload + 8, srv_ip, 16);
	assert_memory_equal(s.src, our_global, 16);
	assert_true(pop6(&s));
	assert_memory_equal(s.dmac, srv_mac, 6);
	assert_int_equal(s.nh, 17);
	assert_memory_equal(s.src, our_global, 16);
	assert_int_equal(s.len, 13);
	assert_true(s.csum_ok);
	assert_memory_equal(s.payload + 8, "hello", 5);
	/* Off-link: through the router (its MAC came with the RA). */
	assert_int_equal(udp_sendto(&sock, &far, 547, "far", 3), 0);
	assert_true(pop6(&s));
	assert_memory_equal(s.dmac, rtr_mac, 6);
	assert_memory_equal(s.dst, far_ip, 16);
	/* Link-scoped multicast: from the link-local address to the group MAC. */
	static const uint8_t dhcp_group[16] = {0xff, 0x02, [13] = 1, 0, 2};
	assert_int_equal(udp_sendto(&sock, &(struct ip_addr){.family = IP_ADDR_V6, .v6 = {0xff, 0x02, [13] = 1, 0, 2}}, 547, "s", 1), 0);
	assert_true(pop6(&s));
	assert_memory_equal(s.src, our_ll, 16);
	assert_memory_equal(s.dst, dhcp_group, 16);
	assert_int_equal(s.dmac[0], 0x33);
	assert_int_equal(s.dmac[5], 2);
	assert_true(s.csum_ok);
	/* Too big for one packet: 1500 - 48. */
	static uint8_t big[1453];
	assert_int_equal(udp_max_payload(&nif, IP_ADDR_V6), 1452);
	assert_int_equal(udp_sendto(&sock, &srv, 547, big, sizeof(big)), -WB_ETOOBIG);
}

static void test_udp_receive(void **state)
{
	(void)state;
	uint8_t u[64];
	size_t n = fake_build_udp6(u, srv_ip, our_global, 547, 546, "reply", 5);
	fake_netdev_inject(&fd, frame, fake_build_ipv6(frame, fd.dev.mac, srv_mac, srv_ip, our_global, 17, 64, u, n));
	net_poll(&nif);
	assert_int_equal(got.count, 1);
	assert_int_equal(got.len, 5);
	assert_memory_equal(got.src, srv_ip, 16);
	assert_int_equal(got.sport, 547);
	/* A zero UDP checksum is not allowed over IPv6. */
	u[6] = u[7] = 0;
	fake_netdev_inject(&fd, frame, fake_build_ipv6(frame, fd.dev.mac, srv_mac, srv_ip, our_global, 17, 64, u, n));
	/* Not to one of our addresses. */
	n = fake_build_udp6(u, srv_ip, far_ip, 547, 546, "reply", 5);
	fake_netdev_inject(&fd, frame, fake_build_ipv6(frame, fd.dev.mac, srv_mac, srv_ip, far_ip, 17, 64, u, n));
	/* A hop-by-hop header in front is skipped. */
	uint8_t hbh[8 + 64] = {17, 0, 5, 2, 0, 0, 1, 0};
	n = fake_build_udp6(hbh + 8, srv_ip, our_global, 547, 546, "hbh", 3);
	fake_netdev_inject(&fd, frame, fake_build_ipv6(frame, fd.dev.mac, srv_mac, srv_ip, our_global, 0, 64, hbh, 8 + n));
	/* A routing header with segments left is refused. */
	uint8_t rh[8 + 64] = {17, 0, 0, 1};
	n = fake_build_udp6(rh + 8, srv_ip, our_global, 547, 546, "rh", 2);
	fake_netdev_inject(&fd, frame, fake_build_ipv6(frame, fd.dev.mac, srv_mac, srv_ip, our_global, 43, 64, rh, 8 + n));
	/* A header length beyond the packet. */
	hbh[1] = 200;
	fake_netdev_inject(&fd, frame, fake_build_ipv6(frame, fd.dev.mac, srv_mac, srv_ip, our_global, 0, 64, hbh, 16));
	net_poll(&nif);
	assert_int_equal(got.count, 2);
	assert_memory_equal(got.data, "hbh", 3);
}

/* Send datagram bytes [off, off+len) as one fragment with id and the M flag. */
static void inject_frag(const uint8_t *dgram, size_t off, size_t len, bool more, uint32_t id)
{
	uint8_t p[1500];
	p[0] = 17;
	p[1] = 0;
	p[2] = (uint8_t)(off >> 8);
	p[3] = (uint8_t)((off & 0xf8) | more);
	p[4] = (uint8_t)(id >> 24), p[5] = (uint8_t)(id >> 16), p[6] = (uint8_t)(id >> 8), p[7] = (uint8_t)id;
	memcpy(p + 8, dgram + off, len);
	fake_netdev_inject(&fd, frame, fake_build_ipv6(frame, fd.dev.mac, srv_mac, srv_ip, our_global, 44, 64, p, 8 + len));
}

static void test_reassembly(void **state)
{
	(void)state;
	static uint8_t data[3000], dgram[3100];
	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 7);
	size_t n = fake_build_udp6(dgram, srv_ip, our_global, 547, 546, data, sizeof(data));
	/* Out of order, with a duplicate: delivered once, whole. */
	inject_frag(dgram, 1448, 1448, true, 7);
	inject_frag(dgram, 2896, n - 2896, false, 7);
	inject_frag(dgram, 1448, 1448, true, 7);
	inject_frag(dgram, 0, 1448, true, 7);
	net_poll(&nif);
	assert_int_equal(got.count, 1);
	assert_int_equal(got.len, sizeof(data));
	assert_memory_equal(got.data, data, sizeof(data));
	/* Overlapping pieces drop the datagram (RFC 5722). */
	inject_frag(dgram, 0, 1448, true, 8);
	inject_frag(dgram, 1440, 1448, true, 8);
	inject_frag(dgram, 2888, n - 2888, false, 8);
	inject_frag(dgram, 1448, 1440, true, 8);
	net_poll(&nif);
	assert_int_equal(got.count, 1);
	/* An atomic fragment (offset 0, no M) is an ordinary datagram. */
	uint8_t small[64];
	size_t sn = fake_build_udp6(small, srv_ip, our_global, 547, 546, "atomic", 6);
	inject_frag(small, 0, sn, false, 9);
	net_poll(&nif);
	assert_int_equal(got.count, 2);
	assert_memory_equal(got.data, "atomic", 6);
	/* A first piece whose rest never comes times out. */
	inject_frag(dgram, 0, 1448, true, 10);
	net_poll(&nif);
	fake_time_advance_ms(IP_REASM_TIMEOUT_MS);
	inject_frag(dgram, 1448, 1448, true, 10);
	inject_frag(dgram, 2896, n - 2896, false, 10);
	net_poll(&nif);
	assert_int_equal(got.count, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_configure_slaac, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_router, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dad_conflict, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ns_answered, setup_configured, teardown),
		cmocka_unit_test_setup_teardown(test_echo, setup_configured, teardown),
		cmocka_unit_test_setup_teardown(test_udp_send, setup_configured, teardown),
		cmocka_unit_test_setup_teardown(test_udp_receive, setup_configured, teardown),
		cmocka_unit_test_setup_teardown(test_reassembly, setup_configured, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
