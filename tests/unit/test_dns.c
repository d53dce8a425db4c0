// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * net/dns_packet (query bytes, answers with compression and CNAME chains, hostile replies)
 * and net/dns (the stub resolver against DNS servers played by the test behind the fake
 * netdev: server order, timeouts with backoff, spoofed replies, NXDOMAIN, SERVFAIL, search
 * domain, cache).  Time is the fake clock.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/byteorder.h"
#include "core/errors.h"
#include "net/dns.h"
#include "net/dns_packet.h"
#include "net/netif.h"
#include "tests/unit/fake_netdev.h"
#include "tests/unit/fake_platform.h"

/* ---- building answers --------------------------------------------------------------------- */

/* "a.b" as labels at p; returns the length written. */
static size_t put_name(uint8_t *p, const char *name)
{
	size_t n = 0;
	while (*name) {
		const char *dot = strchr(name, '.');
		size_t l = dot ? (size_t)(dot - name) : strlen(name);
		p[n++] = (uint8_t)l;
		memcpy(p + n, name, l);
		n += l;
		name += l + (dot ? 1 : 0);
	}
	p[n++] = 0;
	return n;
}

/* Header + question (qname, type A, class IN).  flags: byte 2 and 3 of the header. */
static size_t put_header(uint8_t *p, uint16_t id, uint8_t f2, uint8_t f3, uint16_t ancount,
			 const char *qname)
{
	memset(p, 0, DNS_HLEN);
	put_be16(p, id);
	p[2] = f2;
	p[3] = f3;
	put_be16(p + 4, 1);
	put_be16(p + 6, ancount);
	size_t n = DNS_HLEN + put_name(p + DNS_HLEN, qname);
	put_be16(p + n, DNS_TYPE_A);
	put_be16(p + n + 2, DNS_CLASS_IN);
	return n + 4;
}

/* A resource record: owner as raw bytes (labels or a pointer), then type, class, TTL, rdata. */
static size_t put_rr(uint8_t *p, const uint8_t *owner, size_t owner_len, uint16_t type,
		     const uint8_t *rdata, size_t rdlen)
{
	memcpy(p, owner, owner_len);
	size_t n = owner_len;
	put_be16(p + n, type);
	put_be16(p + n + 2, DNS_CLASS_IN);
	put_be32(p + n + 4, 300);
	put_be16(p + n + 8, (uint16_t)rdlen);
	memcpy(p + n + 10, rdata, rdlen);
	return n + 10 + rdlen;
}

static const uint8_t ptr_q[2] = {0xc0, DNS_HLEN}; /* the question's name */
static const uint8_t addr_a[4] = {10, 77, 0, 1};

static uint32_t ip4(uint8_t a, uint8_t b, uint8_t c, uint8_t d) { return fake_ip(a, b, c, d); }

/* ---- dns_packet --------------------------------------------------------------------------- */

static void test_build_query(void **state)
{
	(void)state;
	uint8_t q[DNS_QUERY_MAX];
	static const uint8_t want[] = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0,
				       4, 'b', 'o', 'o', 't', 3, 'l', 'a', 'b', 0, 0, 1, 0, 1};
	assert_int_equal(dns_build_query(q, sizeof(q), 0x1234, "boot.lab", DNS_TYPE_A), sizeof(want));
	assert_memory_equal(q, want, sizeof(want));

	assert_int_equal(dns_build_query(q, sizeof(q), 1, "", DNS_TYPE_A), -WB_EINVAL);
	assert_int_equal(dns_build_query(q, sizeof(q), 1, "a..b", DNS_TYPE_A), -WB_EINVAL);
	assert_int_equal(dns_build_query(q, sizeof(q), 1, ".a", DNS_TYPE_A), -WB_EINVAL);
	assert_int_equal(dns_build_query(q, sizeof(q), 1, "a.", DNS_TYPE_A), -WB_EINVAL);
	char name[300];
	memset(name, 'x', 64);
	name[64] = '\0';
	assert_int_equal(dns_build_query(q, sizeof(q), 1, name, DNS_TYPE_A), -WB_EINVAL); /* 64-byte label */
	name[63] = '\0';
	assert_int_equal(dns_build_query(q, sizeof(q), 1, name, DNS_TYPE_A), DNS_HLEN + 63 + 6);
	/* 253 characters is the longest name; 254 is refused. */
	for (int i = 0; i < 253; i++)
		name[i] = i % 50 == 49 ? '.' : 'a';
	name[253] = '\0';
	assert_int_equal(dns_build_query(q, sizeof(q), 1, name, DNS_TYPE_A), DNS_HLEN + 253 + 6);
	assert_true(DNS_HLEN + 253 + 6 <= DNS_QUERY_MAX);
	name[253] = 'a';
	name[254] = '\0';
	assert_int_equal(dns_build_query(q, sizeof(q), 1, name, DNS_TYPE_A), -WB_EINVAL);
	assert_int_equal(dns_build_query(q, DNS_HLEN + 8 + 5, 1, "boot.lab", DNS_TYPE_A), -WB_ETOOBIG);
}

static void test_parse_a_record(void **state)
{
	(void)state;
	uint8_t p[512];
	struct dns_result r;
	size_t n = put_header(p, 0xbeef, 0x81, 0x80, 1, "bootserver.lab");
	n += put_rr(p + n, ptr_q, 2, DNS_TYPE_A, addr_a, 4);
	assert_int_equal(dns_parse_response(p, n, 0xbeef, "bootserver.lab", DNS_TYPE_A, &r), 0);
	assert_int_equal(r.rcode, 0);
	assert_false(r.truncated);
	assert_int_equal(r.addrs[0].v4, ip4(10, 77, 0, 1));
	assert_int_equal(r.cnames, 0);
	/* Names compare without regard to case (servers may echo 0x20-mixed case). */
	assert_int_equal(dns_parse_response(p, n, 0xbeef, "BootServer.LAB", DNS_TYPE_A, &r), 0);
	assert_int_equal(r.addrs[0].v4, ip4(10, 77, 0, 1));

	/* Every shorter prefix fails: nothing is read past the end. */
	for (size_t i = 0; i < n; i++)
		assert_true(dns_parse_response(p, i, 0xbeef, "bootserver.lab", DNS_TYPE_A, &r) < 0);

	/* Not our answer: id, QR, opcode, question count, question name, type, class. */
	assert_int_equal(dns_parse_response(p, n, 0xbeee, "bootserver.lab", DNS_TYPE_A, &r), -WB_EPROTO);
	assert_int_equal(dns_parse_response(p, n, 0xbeef, "other.lab", DNS_TYPE_A, &r), -WB_EPROTO);
	p[2] = 0x01;
	assert_int_equal(dns_parse_response(p, n, 0xbeef, "bootserver.lab", DNS_TYPE_A, &r), -WB_EPROTO);
	p[2] = 0x81 | 0x10; /* opcode 2 */
	assert_int_equal(dns_parse_response(p, n, 0xbeef, "bootserver.lab", DNS_TYPE_A, &r), -WB_EPROTO);
	p[2] = 0x81;
	put_be16(p + 4, 2);
	assert_int_equal(dns_parse_response(p, n, 0xbeef, "bootserver.lab", DNS_TYPE_A, &r), -WB_EPROTO);
	put_be16(p + 4, 1);
	size_t qt = DNS_HLEN + 16;
	put_be16(p + qt, 28); /* AAAA */
	assert_int_equal(dns_parse_response(p, n, 0xbeef, "bootserver.lab", DNS_TYPE_A, &r), -WB_EPROTO);
	put_be16(p + qt, DNS_TYPE_A);
	put_be16(p + qt + 2, 3);
	assert_int_equal(dns_parse_response(p, n, 0xbeef, "bootserver.lab", DNS_TYPE_A, &r), -WB_EPROTO);
}

/* Several A records: all kept in the answer's order (up to DNS_ADDRS_MAX), also behind a
 * CNAME whatever the record order. */
static void test_parse_several_a_records(void **state)
{
	(void)state;
	uint8_t p[512];
	struct dns_result r;
	size_t n = put_header(p, 7, 0x81, 0x80, 6, "www.lab");
	for (uint8_t i = 1; i <= 5; i++) {
		const uint8_t a[4] = {10, 77, 0, i};
		n += put_rr(p + n, ptr_q, 2, DNS_TYPE_A, a, 4);
	}
	static const uint8_t other[] = {5, 'o', 't', 'h', 'e', 'r', 0};
	n += put_rr(p + n, other, sizeof(other), DNS_TYPE_A, addr_a, 4); /* not ours: ignored */
	assert_int_equal(dns_parse_response(p, n, 7, "www.lab", DNS_TYPE_A, &r), 0);
	assert_int_equal(r.n_addrs, DNS_ADDRS_MAX);
	for (unsigned i = 0; i < DNS_ADDRS_MAX; i++)
		assert_int_equal(r.addrs[i].v4, ip4(10, 77, 0, (uint8_t)(i + 1)));

	/* www.lab CNAME web.lab, with web.lab's two A records before the CNAME. */
	uint8_t web[16];
	size_t wl = put_name(web, "web.lab");
	n = put_header(p, 8, 0x81, 0x80, 3, "www.lab");
	const uint8_t a2[4] = {10, 77, 0, 2}, a3[4] = {10, 77, 0, 3};
	n += put_rr(p + n, web, wl, DNS_TYPE_A, a2, 4);
	n += put_rr(p + n, web, wl, DNS_TYPE_A, a3, 4);
	n += put_rr(p + n, ptr_q, 2, DNS_TYPE_CNAME, web, wl);
	assert_int_equal(dns_parse_response(p, n, 8, "www.lab", DNS_TYPE_A, &r), 0);
	assert_int_equal(r.cnames, 1);
	assert_int_equal(r.n_addrs, 2);
	assert_int_equal(r.addrs[0].v4, ip4(10, 77, 0, 2));
	assert_int_equal(r.addrs[1].v4, ip4(10, 77, 0, 3));
}

static void test_parse_cname_chain(void **state)
{
	(void)state;
	uint8_t p[512], rd[64], owner[64];
	struct dns_result r;
	/* www.lab CNAME web.lab, web.lab CNAME srv.lab, srv.lab A: given A first, then in reverse. */
	size_t n = put_header(p, 7, 0x81, 0x80, 3, "www.lab");
	size_t ol = put_name(owner, "srv.lab");
	n += put_rr(p + n, owner, ol, DNS_TYPE_A, addr_a, 4);
	ol = put_name(owner, "web.lab");
	size_t rl = put_name(rd, "srv.lab");
	n += put_rr(p + n, owner, ol, DNS_TYPE_CNAME, rd, rl);
	rl = put_name(rd, "web.lab");
	n += put_rr(p + n, ptr_q, 2, DNS_TYPE_CNAME, rd, rl);
	assert_int_equal(dns_parse_response(p, n, 7, "www.lab", DNS_TYPE_A, &r), 0);
	assert_int_equal(r.addrs[0].v4, ip4(10, 77, 0, 1));
	assert_int_equal(r.cnames, 2);

	/* An alias whose rdata is one compression pointer back to an owner name. */
	n = put_header(p, 8, 0x81, 0x80, 2, "alias.lab");
	size_t target_at = n;
	ol = put_name(owner, "real.lab");
	n += put_rr(p + n, owner, ol, DNS_TYPE_A, addr_a, 4);
	uint8_t ptr_target[2] = {0xc0, (uint8_t)target_at};
	n += put_rr(p + n, ptr_q, 2, DNS_TYPE_CNAME, ptr_target, 2);
	assert_int_equal(dns_parse_response(p, n, 8, "alias.lab", DNS_TYPE_A, &r), 0);
	assert_int_equal(r.addrs[0].v4, ip4(10, 77, 0, 1));
	assert_int_equal(r.cnames, 1);

	/* A loop a -> b -> a ends: no address, after DNS_MAX_CNAMES + 1 steps. */
	n = put_header(p, 9, 0x81, 0x80, 2, "a.lab");
	ol = put_name(owner, "b.lab");
	rl = put_name(rd, "a.lab");
	n += put_rr(p + n, owner, ol, DNS_TYPE_CNAME, rd, rl);
	rl = put_name(rd, "b.lab");
	n += put_rr(p + n, ptr_q, 2, DNS_TYPE_CNAME, rd, rl);
	assert_int_equal(dns_parse_response(p, n, 9, "a.lab", DNS_TYPE_A, &r), 0);
	assert_int_equal(r.n_addrs, 0);
	assert_int_equal(r.cnames, DNS_MAX_CNAMES + 1);

	/* A CNAME whose rdata has bytes after the name is malformed. */
	n = put_header(p, 10, 0x81, 0x80, 1, "a.lab");
	rl = put_name(rd, "b.lab");
	rd[rl++] = 0;
	n += put_rr(p + n, ptr_q, 2, DNS_TYPE_CNAME, rd, rl);
	assert_int_equal(dns_parse_response(p, n, 10, "a.lab", DNS_TYPE_A, &r), -WB_EPROTO);
}

static void test_parse_negative(void **state)
{
	(void)state;
	uint8_t p[512], owner[64];
	struct dns_result r;
	/* NXDOMAIN, with an SOA in authority that is never read. */
	size_t n = put_header(p, 1, 0x81, 0x83, 0, "nothing.lab");
	assert_int_equal(dns_parse_response(p, n, 1, "nothing.lab", DNS_TYPE_A, &r), 0);
	assert_int_equal(r.rcode, DNS_RCODE_NXDOMAIN);
	assert_int_equal(r.n_addrs, 0);
	/* SERVFAIL, truncated flag. */
	n = put_header(p, 2, 0x83, 0x82, 0, "x.lab");
	assert_int_equal(dns_parse_response(p, n, 2, "x.lab", DNS_TYPE_A, &r), 0);
	assert_int_equal(r.rcode, 2);
	assert_true(r.truncated);
	/* An A record for another owner, and one with a wrong length: no address. */
	n = put_header(p, 3, 0x81, 0x80, 2, "x.lab");
	size_t ol = put_name(owner, "y.lab");
	n += put_rr(p + n, owner, ol, DNS_TYPE_A, addr_a, 4);
	static const uint8_t six[6] = {1, 2, 3, 4, 5, 6};
	n += put_rr(p + n, ptr_q, 2, DNS_TYPE_A, six, 6);
	assert_int_equal(dns_parse_response(p, n, 3, "x.lab", DNS_TYPE_A, &r), 0);
	assert_int_equal(r.rcode, 0);
	assert_int_equal(r.n_addrs, 0);
}

static void test_parse_hostile(void **state)
{
	(void)state;
	uint8_t p[1024];
	struct dns_result r;
	size_t n = put_header(p, 5, 0x81, 0x80, 1, "x.lab");
	size_t rr = n;
	/* Owner: a pointer to itself; a forward pointer; two pointers pointing at each other. */
	uint8_t self[2] = {0xc0, (uint8_t)rr};
	size_t m = rr + put_rr(p + rr, self, 2, DNS_TYPE_A, addr_a, 4);
	assert_int_equal(dns_parse_response(p, m, 5, "x.lab", DNS_TYPE_A, &r), -WB_EPROTO);
	uint8_t fwd[2] = {0xc0, (uint8_t)(rr + 2)};
	m = rr + put_rr(p + rr, fwd, 2, DNS_TYPE_A, addr_a, 4);
	assert_int_equal(dns_parse_response(p, m, 5, "x.lab", DNS_TYPE_A, &r), -WB_EPROTO);
	/* At rr: 1 'a' then a pointer to rr: a loop through a label. */
	uint8_t loop[4] = {1, 'a', 0xc0, (uint8_t)rr};
	m = rr + put_rr(p + rr, loop, 4, DNS_TYPE_A, addr_a, 4);
	assert_int_equal(dns_parse_response(p, m, 5, "x.lab", DNS_TYPE_A, &r), -WB_EPROTO);
	/* Question name pointing into itself. */
	uint8_t q[64] = {0, 5, 0x81, 0x80, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 12, 0, 1, 0, 1};
	assert_int_equal(dns_parse_response(q, 18, 5, "x.lab", DNS_TYPE_A, &r), -WB_EPROTO);
	/* Extended label types 0x40 / 0x80. */
	q[12] = 0x41;
	assert_int_equal(dns_parse_response(q, 18, 5, "x.lab", DNS_TYPE_A, &r), -WB_EPROTO);
	/* A label with a dot or NUL in it. */
	static const uint8_t dotted[] = {0, 5, 0x81, 0x80, 0, 1, 0, 0, 0, 0, 0, 0,
					 3, 'x', '.', 'l', 0, 0, 1, 0, 1};
	assert_int_equal(dns_parse_response(dotted, sizeof(dotted), 5, "x.l", DNS_TYPE_A, &r), -WB_EPROTO);
	/* rdlength past the end. */
	m = rr + put_rr(p + rr, ptr_q, 2, DNS_TYPE_A, addr_a, 4);
	put_be16(p + m - 6, 5);
	assert_int_equal(dns_parse_response(p, m, 5, "x.lab", DNS_TYPE_A, &r), -WB_ETRUNCATED);
	/* More answers announced than present. */
	uint8_t other[16];
	m = put_header(p, 5, 0x81, 0x80, 2, "x.lab");
	m += put_rr(p + m, other, put_name(other, "y.lab"), DNS_TYPE_A, addr_a, 4);
	assert_int_equal(dns_parse_response(p, m, 5, "x.lab", DNS_TYPE_A, &r), -WB_ETRUNCATED);
	/* A name over 253 characters built from pointers to 63-byte labels, which sit in the
	 * rdata of a record for another owner. */
	size_t k = put_header(p, 6, 0x81, 0x80, 2, "x.lab");
	k += put_name(p + k, "y");
	put_be16(p + k, 16); /* TXT */
	put_be16(p + k + 2, DNS_CLASS_IN);
	put_be32(p + k + 4, 0);
	size_t rdlen_at = k + 8;
	k += 10;
	size_t rdata = k, lab = k;
	p[k++] = 63;
	memset(p + k, 'a', 63);
	k += 63;
	p[k++] = 0;
	for (int i = 0; i < 4; i++) { /* each: a 63-byte label, then a pointer to the previous */
		size_t here = k;
		p[k++] = 63;
		memset(p + k, 'b', 63);
		k += 63;
		p[k++] = (uint8_t)(0xc0 | lab >> 8);
		p[k++] = (uint8_t)lab;
		lab = here;
	}
	put_be16(p + rdlen_at, (uint16_t)(k - rdata));
	uint8_t ptr_long[2] = {(uint8_t)(0xc0 | lab >> 8), (uint8_t)lab};
	k += put_rr(p + k, ptr_long, 2, DNS_TYPE_A, addr_a, 4);
	assert_int_equal(dns_parse_response(p, k, 6, "x.lab", DNS_TYPE_A, &r), -WB_EPROTO);
	/* From the fourth node: 4 labels, 255 characters, still too long; from the third,
	 * 3 labels (191): a name, just not ours. */
	size_t node3 = rdata + 65 + 66 + 66, node2 = rdata + 65 + 66;
	p[k - 16] = (uint8_t)(0xc0 | node3 >> 8);
	p[k - 15] = (uint8_t)node3;
	assert_int_equal(dns_parse_response(p, k, 6, "x.lab", DNS_TYPE_A, &r), -WB_EPROTO);
	p[k - 16] = (uint8_t)(0xc0 | node2 >> 8);
	p[k - 15] = (uint8_t)node2;
	assert_int_equal(dns_parse_response(p, k, 6, "x.lab", DNS_TYPE_A, &r), 0);
	assert_int_equal(r.n_addrs, 0);
}

/* ---- the resolver against scripted servers ------------------------------------------------ */

#define OUR_IP fake_ip(10, 0, 0, 50)
#define DNS1 fake_ip(10, 0, 0, 53)
#define DNS2 fake_ip(10, 0, 0, 54)

enum reply { ANSWER, SILENT, NXDOMAIN, SERVFAIL, SPOOF_FIRST };

static struct fake_netdev fd;
static struct netif nif;
static const uint8_t srv_mac[6] = {0x52, 0x54, 0x00, 0x0d, 0x0e, 0x0f};
static struct {
	enum reply mode[2];             /* per server */
	unsigned queries[2];
	char last_qname[DNS_NAME_MAX];
	uint16_t last_id;
	uint8_t last_flags;
	uint64_t query_time_us[8];
	unsigned nq;
} srv;

static void reply_from(uint32_t from, uint16_t sport, uint16_t dport, const uint8_t *msg, size_t n)
{
	uint8_t frame[ETH_FRAME_MAX];
	fake_netdev_inject(&fd, frame, fake_build_udp(frame, fd.dev.mac, srv_mac, from, OUR_IP, sport,
						      dport, msg, n));
}

static void dns_server(struct fake_netdev *d, const uint8_t *f, size_t len)
{
	struct fake_parsed p;
	if (fake_parse(f, len, &p))
		return;
	if (p.ethertype == 0x0806 && p.arp_op == 1) {
		uint8_t r[64];
		fake_netdev_inject(d, r, fake_build_arp(r, p.arp_sha, 2, srv_mac, p.arp_tpa, p.arp_sha, p.arp_spa));
		return;
	}
	if (p.ethertype != 0x0800 || p.proto != 17 || p.dport != DNS_PORT)
		return;
	assert_true(p.udp_csum_ok);
	int which = p.dst == DNS1 ? 0 : 1;
	srv.queries[which]++;
	if (srv.nq < 8)
		srv.query_time_us[srv.nq++] = fake_time_us;
	/* Take the question apart with the test's own reading. */
	uint16_t id = get_be16(p.payload);
	srv.last_id = id;
	srv.last_flags = p.payload[2];
	char name[DNS_NAME_MAX] = "";
	size_t off = DNS_HLEN, n = 0;
	while (p.payload[off]) {
		if (n)
			name[n++] = '.';
		memcpy(name + n, p.payload + off + 1, p.payload[off]);
		n += p.payload[off];
		off += p.payload[off] + 1u;
	}
	name[n] = '\0';
	strcpy(srv.last_qname, name);
	uint8_t msg[512];
	size_t m;
	switch (srv.mode[which]) {
	case SILENT:
		return;
	case NXDOMAIN:
		m = put_header(msg, id, 0x81, 0x83, 0, name);
		break;
	case SERVFAIL:
		m = put_header(msg, id, 0x81, 0x82, 0, name);
		break;
	case SPOOF_FIRST: /* wrong id, wrong source port, wrong source address, then the answer */
		m = put_header(msg, (uint16_t)(id + 1), 0x81, 0x80, 1, name);
		static const uint8_t evil[4] = {6, 6, 6, 6};
		m += put_rr(msg + m, ptr_q, 2, DNS_TYPE_A, evil, 4);
		reply_from(p.dst, DNS_PORT, p.sport, msg, m);
		put_be16(msg, id);
		reply_from(p.dst, 5353, p.sport, msg, m);
		reply_from(fake_ip(10, 0, 0, 66), DNS_PORT, p.sport, msg, m);
		/* fall through */
	case ANSWER:
	default:
		m = put_header(msg, id, 0x81, 0x80, 1, name);
		m += put_rr(msg + m, ptr_q, 2, DNS_TYPE_A, addr_a, 4);
		break;
	}
	reply_from(p.dst, DNS_PORT, p.sport, msg, m);
}

static int setup(void **state)
{
	(void)state;
	fake_netdev_init(&fd, "eth0", 0x57);
	fd.on_transmit = dns_server;
	netif_init(&nif, &fd.dev);
	netif_configure(&nif, OUR_IP, fake_ip(255, 255, 255, 0), 0);
	memset(&srv, 0, sizeof(srv));
	const uint32_t servers[2] = {DNS1, DNS2};
	dns_configure(servers, 2, "lab");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	assert_null(nif.udp_socks); /* every query's socket was closed */
	netif_shutdown(&nif);
	fake_netdev_free(&fd);
	return 0;
}

static void test_resolve_and_cache(void **state)
{
	(void)state;
	struct ip_addr ip = {0};
	char err[160] = "";
	srv.mode[0] = SPOOF_FIRST;
	assert_int_equal(dns_resolve(&nif, "bootserver.lab", &ip, err, sizeof(err)), 0);
	assert_int_equal(ip.v4, ip4(10, 77, 0, 1)); /* not 6.6.6.6 from the spoofed replies */
	assert_int_equal(srv.queries[0], 1);
	assert_int_equal(srv.queries[1], 0);
	assert_string_equal(srv.last_qname, "bootserver.lab");
	assert_int_equal(srv.last_flags, 0x01); /* a query, recursion desired */
	/* The answer is remembered; other names are asked. */
	assert_int_equal(dns_resolve(&nif, "BOOTSERVER.lab", &ip, err, sizeof(err)), 0);
	assert_int_equal(srv.queries[0], 1);
	uint16_t first_id = srv.last_id;
	assert_int_equal(dns_resolve(&nif, "other.lab", &ip, err, sizeof(err)), 0);
	assert_int_equal(srv.queries[0], 2);
	assert_int_not_equal(srv.last_id, first_id);
	/* A dotted quad needs no server. */
	assert_int_equal(dns_resolve(&nif, "192.168.7.8", &ip, err, sizeof(err)), 0);
	assert_int_equal(ip.v4, ip4(192, 168, 7, 8));
	assert_int_equal(srv.queries[0], 2);
}

static void test_search_domain(void **state)
{
	(void)state;
	struct ip_addr ip = {0};
	char err[160] = "";
	assert_int_equal(dns_resolve(&nif, "bootserver", &ip, err, sizeof(err)), 0);
	assert_string_equal(srv.last_qname, "bootserver.lab");
	/* The domain does not answer: the bare name is tried next. */
	srv.mode[0] = NXDOMAIN;
	assert_int_equal(dns_resolve(&nif, "printer", &ip, err, sizeof(err)), -WB_ENOENT);
	assert_int_equal(srv.queries[0], 3);
	assert_string_equal(srv.last_qname, "printer");
	assert_string_equal(err, "DNS: printer not found (NXDOMAIN) from 10.0.0.53");
	/* A trailing dot: exactly that name. */
	srv.mode[0] = ANSWER;
	assert_int_equal(dns_resolve(&nif, "abs.", &ip, err, sizeof(err)), 0);
	assert_string_equal(srv.last_qname, "abs");
	assert_int_equal(srv.queries[0], 4);
}

static void test_failover_and_timeouts(void **state)
{
	(void)state;
	struct ip_addr ip = {0};
	char err[160] = "";
	/* The first server is silent: the second answers after its 1 s timeout. */
	srv.mode[0] = SILENT;
	uint64_t start = fake_time_us;
	assert_int_equal(dns_resolve(&nif, "a.lab", &ip, err, sizeof(err)), 0);
	assert_int_equal(ip.v4, ip4(10, 77, 0, 1));
	assert_int_equal(srv.queries[0], 1);
	assert_int_equal(srv.queries[1], 1);
	assert_true(srv.query_time_us[1] - start >= 1000000 && srv.query_time_us[1] - start < 1100000);

	/* SERVFAIL from the first: the second is asked at once. */
	srv.mode[0] = SERVFAIL;
	srv.nq = 0;
	start = fake_time_us;
	assert_int_equal(dns_resolve(&nif, "b.lab", &ip, err, sizeof(err)), 0);
	assert_true(srv.query_time_us[1] - start < 100000);

	/* Both silent: 3 rounds, 1 + 2 + 4 s per server. */
	srv.mode[0] = srv.mode[1] = SILENT;
	srv.queries[0] = srv.queries[1] = 0;
	start = fake_time_us;
	assert_int_equal(dns_resolve(&nif, "c.lab", &ip, err, sizeof(err)), -WB_ETIMEDOUT);
	assert_int_equal(srv.queries[0], DNS_TRIES);
	assert_int_equal(srv.queries[1], DNS_TRIES);
	uint64_t took = fake_time_us - start;
	assert_true(took >= 14000000 && took < 14200000);
	assert_string_equal(err, "DNS: no answer about c.lab from 10.0.0.53 and the other servers (3 tries)");

	/* Both fail: the error names the server and the code. */
	srv.mode[0] = srv.mode[1] = SERVFAIL;
	assert_int_equal(dns_resolve(&nif, "d.lab", &ip, err, sizeof(err)), -WB_EIO);
	assert_string_equal(err, "DNS: 10.0.0.54 answered SERVFAIL for d.lab (rcode 2): check the server");
}

static void test_no_server_and_bad_names(void **state)
{
	(void)state;
	struct ip_addr ip = {0};
	char err[160] = "";
	dns_configure(NULL, 0, NULL);
	assert_int_equal(dns_resolve(&nif, "bootserver.lab", &ip, err, sizeof(err)), -WB_ENOCONFIG);
	assert_string_equal(err, "DNS: no server from DHCP (option 6) or DHCPv6 (option 23) to look up bootserver.lab");
	assert_int_equal(fd.tx_total, 0);
	const uint32_t one = DNS1;
	dns_configure(&one, 1, "");
	assert_int_equal(dns_resolve(&nif, "bad..name", &ip, err, sizeof(err)), -WB_EINVAL);
	assert_string_equal(err, "DNS: \"bad..name\" is not a valid host name");
	assert_int_equal(srv.queries[0], 0);
	/* Without a domain an unqualified name is asked as it is. */
	assert_int_equal(dns_resolve(&nif, "bootserver", &ip, err, sizeof(err)), 0);
	assert_string_equal(srv.last_qname, "bootserver");
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_build_query),
		cmocka_unit_test(test_parse_a_record),
		cmocka_unit_test(test_parse_cname_chain),
		cmocka_unit_test(test_parse_several_a_records),
		cmocka_unit_test(test_parse_negative),
		cmocka_unit_test(test_parse_hostile),
		T(test_resolve_and_cache),
		T(test_search_domain),
		T(test_failover_and_timeouts),
		T(test_no_server_and_bad_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
