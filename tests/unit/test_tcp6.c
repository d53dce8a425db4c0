// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * net/: TCP and HTTP over IPv6 and names by AAAA, through a fake netdev whose "server"
 * (2001:db8:1::10, on-link) answers with canned segments.  Checksums of what the test
 * injects are computed by tests/unit/fake_netdev.c, independently of net/checksum.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/byteorder.h"
#include "core/errors.h"
#include "net/checksum.h"
#include "net/dns.h"
#include "net/http_client.h"
#include "net/ipv6.h"
#include "net/ndp.h"
#include "net/netif.h"
#include "net/tcp.h"
#include "tests/unit/fake_netdev.h"
#include "tests/unit/fake_platform.h"

static const uint8_t srv_mac[6] = {0x52, 0x54, 0x00, 0xab, 0xcd, 0xef};
static const uint8_t our_ll[16] = {0xfe, 0x80, [8] = 0x50, 0x54, 0x00, 0xff, 0xfe, 0x12, 0x34, 0x56};
static const uint8_t our_ip[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 1, [8] = 0x50, 0x54, 0x00, 0xff,
				   0xfe, 0x12, 0x34, 0x56};
static const uint8_t srv_ip[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 1, [15] = 0x10};
static const uint8_t dns_ip[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 1, [15] = 0x53};

#define SRV_ISS 1000u
static const char response[] = "HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\nhello over6";

static struct fake_netdev fd;
static struct netif nif;
static uint8_t frame[ETH_FRAME_MAX];

/* What the fake server saw. */
static struct {
	unsigned syns, fins, dns_queries, refuse;
	uint16_t client_port, mss, dns_qtype;
	uint32_t client_iss;
	bool csum_ok;            /* every TCP segment from the client had a right checksum */
	uint8_t src[16];         /* the client's source address */
	char request[512];
	char dns_name[64];
} srv;

/* A TCP segment from the server to us (checksum by fake_csum6), in a frame, injected. */
static void send_seg(uint32_t seq, uint32_t ack, uint8_t flags, const uint8_t *opts, size_t olen,
		     const void *data, size_t len)
{
	uint8_t t[1500];
	size_t n = 20 + olen + len;
	memset(t, 0, 20);
	put_be16(t, 8080);
	put_be16(t + 2, srv.client_port);
	put_be32(t + 4, seq);
	put_be32(t + 8, ack);
	t[12] = (uint8_t)((20 + olen) / 4) << 4;
	t[13] = flags;
	put_be16(t + 14, 65535);
	if (olen)
		memcpy(t + 20, opts, olen);
	if (len)
		memcpy(t + 20 + olen, data, len);
	put_be16(t + 16, fake_csum6(srv_ip, our_ip, 6, t, n));
	fake_netdev_inject(&fd, frame, fake_build_ipv6(frame, fd.dev.mac, srv_mac, srv_ip, our_ip, 6, 64, t, n));
}

/* An AAAA (or A) answer for the one question of query q: srv_ip, or no record for an A. */
static void answer_dns(const uint8_t *u, size_t len)
{
	const uint8_t *q = u + 8;
	size_t qlen = len - 8, end = 12;
	while (end < qlen && q[end])
		end += q[end] + 1u;
	end += 5; /* root label, type, class */
	assert_true(end <= qlen);
	uint8_t a[512];
	memcpy(a, q, end);
	srv.dns_queries++;
	srv.dns_qtype = get_be16(q + end - 4);
	size_t n = 0;
	for (size_t i = 12; q[i]; i += q[i] + 1u) {
		if (n)
			srv.dns_name[n++] = '.';
		memcpy(srv.dns_name + n, q + i + 1, q[i]);
		n += q[i];
	}
	srv.dns_name[n] = 0;
	a[2] = 0x81, a[3] = 0x80; /* response, RD, RA, NOERROR */
	bool aaaa = srv.dns_qtype == DNS_TYPE_AAAA;
	put_be16(a + 6, aaaa ? 1 : 0);
	if (aaaa) {
		static const uint8_t rr[12] = {0xc0, 0x0c, 0, 28, 0, 1, 0, 0, 0, 60, 0, 16};
		memcpy(a + end, rr, sizeof(rr));
		memcpy(a + end + 12, srv_ip, 16);
		end += 28;
	}
	uint8_t d[600];
	size_t dn = fake_build_udp6(d, dns_ip, our_ip, 53, get_be16(u), a, end);
	fake_netdev_inject(&fd, frame, fake_build_ipv6(frame, fd.dev.mac, srv_mac, dns_ip, our_ip, 17, 64, d, dn));
}

/* The server: SYN -> SYN-ACK (MSS 1440), request -> response + FIN, FIN -> ACK. */
static void server(struct fake_netdev *d, const uint8_t *f, size_t len)
{
	(void)d;
	struct fake_parsed6 p;
	if (fake_parse6(f, len, &p) < 0)
		return;
	if (p.nh == 17 && get_be16(p.payload + 2) == 53) {
		assert_memory_equal(p.dst, dns_ip, 16);
		answer_dns(p.payload, p.len);
		return;
	}
	if (p.nh != 6)
		return;
	const uint8_t *t = p.payload;
	size_t hlen = (size_t)(t[12] >> 4) * 4;
	srv.csum_ok &= fake_csum6(p.src, p.dst, 6, t, p.len) == 0;
	memcpy(srv.src, p.src, 16);
	uint32_t seq = get_be32(t + 4);
	uint8_t flags = t[13];
	if (flags & TCP_SYN) {
		srv.syns++;
		srv.client_port = get_be16(t);
		srv.client_iss = seq;
		assert_int_equal(t[20], 2); /* MSS first */
		srv.mss = get_be16(t + 22);
		if (srv.refuse) {
			send_seg(0, seq + 1, TCP_RST | TCP_ACK, NULL, 0, NULL, 0);
			return;
		}
		static const uint8_t mss[4] = {2, 4, 0x05, 0xa0};
		send_seg(SRV_ISS, seq + 1, TCP_SYN | TCP_ACK, mss, 4, NULL, 0);
		return;
	}
	size_t plen = p.len - hlen;
	if (plen) {
		memcpy(srv.request, t + hlen, plen < sizeof(srv.request) - 1 ? plen : sizeof(srv.request) - 1);
		send_seg(SRV_ISS + 1, seq + (uint32_t)plen, TCP_ACK | TCP_PSH | TCP_FIN, NULL, 0, response,
			 sizeof(response) - 1);
	}
	if (flags & TCP_FIN) {
		srv.fins++;
		send_seg(SRV_ISS + 2 + sizeof(response) - 1, seq + 1, TCP_ACK, NULL, 0, NULL, 0);
	}
}

/* Bodies go into one static buffer. */
static uint8_t body[64];
static uint8_t *to_body(void *ctx, uint8_t *old, size_t used, size_t size, bool exact, size_t *cap)
{
	(void)ctx, (void)old, (void)used, (void)exact;
	*cap = sizeof(body);
	return size <= sizeof(body) ? body : NULL;
}
static const struct tftp_dest dest = {.reserve = to_body};

static int setup(void **state)
{
	(void)state;
	fake_netdev_init(&fd, "eth0", 0x56);
	netif_init(&nif, &fd.dev);
	fd.on_transmit = server;
	/* Addresses as ndp_configure() leaves them (tests/unit/test_ipv6.c covers that), the
	 * server's MAC known. */
	ipv6_enable(&nif);
	memcpy(nif.ip6.link_local, our_ll, 16);
	memcpy(nif.ip6.global, our_ip, 16);
	nif.ip6.ll_state = nif.ip6.global_state = IPV6_ADDR_PREFERRED;
	memcpy(nif.ip6.prefix, our_ip, 8);
	nif.ip6.prefix_len = 64;
	ndp_cache_update(&nif, srv_ip, srv_mac);
	ndp_cache_update(&nif, dns_ip, srv_mac);
	memset(&srv, 0, sizeof(srv));
	srv.csum_ok = true;
	dns_configure_v6(&dns_ip, 1, "lab example.org");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	assert_null(nif.tcp_state); /* every connection was forgotten */
	netif_shutdown(&nif);
	fake_netdev_free(&fd);
	return 0;
}

/* The IPv6 pseudo header (RFC 8200 8.1) by hand: 2001:db8::1 -> 2001:db8::2, TCP, 20 bytes:
 * 0x2001 + 0x0db8 + 0x0001 + 0x2001 + 0x0db8 + 0x0002 + 0x0014 + 0x0006 = 0x5b8f. */
static void test_pseudo_header_checksum(void **state)
{
	(void)state;
	struct ip_addr a = {.family = IP_ADDR_V6, .v6 = {0x20, 0x01, 0x0d, 0xb8, [15] = 1}};
	struct ip_addr b = {.family = IP_ADDR_V6, .v6 = {0x20, 0x01, 0x0d, 0xb8, [15] = 2}};
	assert_int_equal(inet_csum_fold(ip_pseudo_sum(&a, &b, 6, 20)), 0xffff - 0x5b8f);
	/* A canned SYN-ACK 2001:db8::2:80 -> 2001:db8::1:49152, seq 1, ack 2, window 8192,
	 * no options: its checksum field (0x740a = ~(0x5b8f + 0x3066), its header words
	 * summed by hand) makes the whole sum zero. */
	static const uint8_t synack[20] = {0x00, 0x50, 0xc0, 0x00, 0, 0, 0, 1, 0, 0, 0, 2,
					   0x50, 0x12, 0x20, 0x00, 0x74, 0x0a, 0, 0};
	assert_int_equal(inet_csum_fold(inet_csum_add(ip_pseudo_sum(&b, &a, 6, 20), synack, 20)), 0);
	assert_int_equal(fake_csum6(b.v6, a.v6, 6, synack, 20), 0);
}

static void test_handshake_and_get(void **state)
{
	(void)state;
	struct http_result res;
	assert_int_equal(http_get(&nif, "http://[2001:db8:1::10]:8080/boot/vmlinuz", &dest, &res), 0);
	assert_int_equal(res.status, 200);
	assert_int_equal(res.len, 11);
	assert_memory_equal(res.data, "hello over6", 11);
	assert_int_equal(srv.syns, 1);
	assert_int_equal(srv.mss, 1500 - 40 - 20); /* the IPv6 MSS */
	assert_true(srv.csum_ok);
	assert_memory_equal(srv.src, our_ip, 16); /* the global address towards a global one */
	assert_string_equal(srv.request, "GET /boot/vmlinuz HTTP/1.1\r\nHost: [2001:db8:1::10]:8080\r\n"
					 "User-Agent: wireboot\r\nAccept: */*\r\nConnection: close\r\n\r\n");
	assert_int_equal(srv.fins, 1);
	assert_int_equal(srv.dns_queries, 0);
}

static void test_bad_checksum_dropped(void **state)
{
	(void)state;
	struct tcp_conn *c = calloc(1, sizeof(*c));
	struct ip_addr dst = ip_addr_v6(srv_ip);
	assert_int_equal(tcp_connect(c, &nif, &dst, 8080), 0);
	assert_int_equal(c->state, TCP_ESTABLISHED);
	assert_int_equal(c->mss, 1440);
	assert_int_equal(c->rcv_nxt, SRV_ISS + 1);
	/* A segment whose checksum is one off never reaches the connection. */
	uint64_t dropped = nif.stats.rx_dropped;
	fd.on_transmit = NULL;
	uint8_t t[24] = {0x1f, 0x90};
	put_be16(t + 2, c->local_port);
	put_be32(t + 4, SRV_ISS + 1);
	put_be32(t + 8, c->snd_nxt);
	t[12] = 0x50, t[13] = TCP_ACK | TCP_PSH;
	put_be16(t + 14, 1000);
	memcpy(t + 20, "evil", 4);
	put_be16(t + 16, (uint16_t)(fake_csum6(srv_ip, our_ip, 6, t, 24) + 1));
	fake_netdev_inject(&fd, frame, fake_build_ipv6(frame, fd.dev.mac, srv_mac, srv_ip, our_ip, 6, 64, t, 24));
	tcp_poll(c);
	assert_int_equal(nif.stats.rx_dropped, dropped + 1);
	assert_int_equal(c->rcv_nxt, SRV_ISS + 1);
	tcp_abort(c);
	free(c);
}

static void test_refused(void **state)
{
	(void)state;
	srv.refuse = 1;
	struct tcp_conn *c = calloc(1, sizeof(*c));
	struct ip_addr dst = ip_addr_v6(srv_ip);
	assert_int_equal(tcp_connect(c, &nif, &dst, 8080), -WB_EIO);
	free(c);
}

static void test_ipv6_off(void **state)
{
	(void)state;
	struct netif off;
	netif_init(&off, &fd.dev);
	struct tcp_conn *c = calloc(1, sizeof(*c));
	struct ip_addr dst = ip_addr_v6(srv_ip);
	assert_int_equal(tcp_connect(c, &off, &dst, 8080), -WB_ENETUNREACH);
	assert_null(off.tcp_state);
	free(c);
}

/* On an IPv6-only interface a name is asked as AAAA, of the DHCPv6 DNS server, in the
 * first domain of the search list. */
static void test_get_by_aaaa_name(void **state)
{
	(void)state;
	struct http_result res;
	assert_int_equal(http_get(&nif, "http://boot:8080/x", &dest, &res), 0);
	assert_int_equal(res.len, 11);
	assert_int_equal(srv.dns_queries, 1);
	assert_int_equal(srv.dns_qtype, DNS_TYPE_AAAA);
	assert_string_equal(srv.dns_name, "boot.lab");
	assert_int_equal(srv.syns, 1);
	assert_string_equal(srv.request, "GET /x HTTP/1.1\r\nHost: boot:8080\r\nUser-Agent: wireboot\r\n"
					 "Accept: */*\r\nConnection: close\r\n\r\n");
	/* Dual stack: AAAA first, then A; the A query finds none, the AAAA address is used. */
	netif_configure(&nif, fake_ip(10, 0, 0, 50), fake_ip(255, 255, 255, 0), 0);
	struct ip_addr ips[DNS_ADDRS_MAX];
	unsigned n = 0;
	char err[160];
	assert_int_equal(dns_resolve_all(&nif, "other.lab", ips, &n, err, sizeof(err)), 0);
	assert_int_equal(srv.dns_queries, 3);
	assert_int_equal(srv.dns_qtype, DNS_TYPE_A);
	assert_int_equal(n, 1);
	assert_int_equal(ips[0].family, IP_ADDR_V6);
	assert_memory_equal(ips[0].v6, srv_ip, 16);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pseudo_header_checksum),
		T(test_handshake_and_get),
		T(test_bad_checksum_dropped),
		T(test_refused),
		T(test_ipv6_off),
		T(test_get_by_aaaa_name),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
