// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * net/tcp + net/http_client against a simulated web server on the fake segment: handshake
 * options, large window, lost / reordered segments, a lost request, refusal, silence, reset,
 * Content-Length and chunked bodies, redirects and error statuses.
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
#include "net/checksum.h"
#include "net/dns.h"
#include "net/http_client.h"
#include "net/netif.h"
#include "net/tcp.h"
#include "tests/unit/fake_netdev.h"
#include "tests/unit/fake_platform.h"

#define OUR_IP fake_ip(10, 0, 0, 50)
#define SRV_IP fake_ip(10, 0, 0, 1)

static struct fake_netdev fd;
static struct netif nif;

/* ---- the simulated server ----------------------------------------------------------------- */

struct sim {
	uint8_t mac[6];
	bool wscale;             /* offer window scaling (7) */
	bool sack;               /* allow SACK */
	bool refuse, silent;     /* RST the SYN / never answer */
	int refuse_syns;         /* RST this many SYNs, then accept */
	bool dns_twice;          /* DNS answers with two A records (both this server) */
	int drop_requests;       /* ignore this many request segments */
	int drop_seg, swap_seg;  /* data segment to lose once / to swap with the next, -1 none */
	bool reset_midway;       /* RST after half the body instead of finishing */
	/* connection */
	uint16_t cport;
	uint32_t iss, snd_una, snd_nxt, rcv_nxt;
	char request[4096];
	size_t request_len;
	uint8_t *resp;
	size_t resp_len;
	bool responded, fin_sent;
	uint64_t last_send_us;
	uint32_t last_ack;
	unsigned same_ack;
	/* what it saw */
	unsigned syns, requests, fast_retransmits, timeouts, client_fins, rsts;
	uint16_t syn_mss;
	int syn_wscale;          /* -1: none */
	bool syn_sack_ok;        /* the SYN carried SACK-permitted */
	uint16_t last_window;    /* window field of the client's last segment */
	char paths[8][128];
	char dns_query[256];     /* the last name asked, in wire form ("\3web\3lab" as "web\3lab") */
};
static struct sim sim;

/* What the server answers for a path: a response in a heap buffer. */
static uint8_t body[200000];
static size_t make_response(const char *path, uint8_t **out)
{
	char *r = malloc(sizeof(body) + 512);
	size_t n;
	if (!strcmp(path, "/boot/vmlinuz")) {
		n = (size_t)sprintf(r, "HTTP/1.1 200 OK\r\nContent-Length: %zu\r\n\r\n", (size_t)100000);
		memcpy(r + n, body, 100000);
		n += 100000;
	} else if (!strcmp(path, "/chunked")) {
		n = (size_t)sprintf(r, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
		for (size_t off = 0; off < 30000; off += 7000) {
			size_t c = 30000 - off < 7000 ? 30000 - off : 7000;
			n += (size_t)sprintf(r + n, "%zx\r\n", c);
			memcpy(r + n, body + off, c);
			n += c;
			n += (size_t)sprintf(r + n, "\r\n");
		}
		n += (size_t)sprintf(r + n, "0\r\n\r\n");
	} else if (!strcmp(path, "/a")) {
		n = (size_t)sprintf(r, "HTTP/1.1 302 Found\r\nLocation: /b\r\nContent-Length: 5\r\n\r\nmoved");
	} else if (!strcmp(path, "/b")) {
		n = (size_t)sprintf(r, "HTTP/1.1 301 Moved\r\nLocation: http://10.0.0.1/boot/vmlinuz\r\n\r\n");
	} else if (!strcmp(path, "/loop")) {
		n = (size_t)sprintf(r, "HTTP/1.1 307 Again\r\nLocation: /loop\r\nContent-Length: 0\r\n\r\n");
	} else {
		n = (size_t)sprintf(r, "HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\nnot found");
	}
	*out = (uint8_t *)r;
	return n;
}

/* A segment from the server to the client. */
static void sim_send(uint32_t seq, uint8_t flags, const uint8_t *data, size_t len, uint32_t delay_ms)
{
	uint8_t seg[ETH_FRAME_MAX];
	size_t hlen = (flags & TCP_SYN) ? 32 : 20;
	memset(seg, 0, hlen);
	put_be16(seg, 80);
	put_be16(seg + 2, sim.cport);
	put_be32(seg + 4, seq);
	put_be32(seg + 8, sim.rcv_nxt);
	seg[12] = (uint8_t)(hlen / 4) << 4;
	seg[13] = flags | ((flags & TCP_RST) && !(flags & TCP_SYN) ? 0 : TCP_ACK);
	put_be16(seg + 14, 65535);
	if (flags & TCP_SYN) {
		static const uint8_t opts[12] = {2, 4, 0x05, 0xb4, 1, 1, 1, 1, 1, 1, 1, 1};
		memcpy(seg + 20, opts, 12);
		if (sim.wscale)
			memcpy(seg + 24, "\x01\x03\x03\x07", 4);
		if (sim.sack)
			memcpy(seg + 28, "\x01\x01\x04\x02", 4);
	}
	if (len)
		memcpy(seg + hlen, data, len);
	uint16_t total = (uint16_t)(hlen + len);
	put_be16(seg + 16, inet_csum_fold(inet_csum_add(inet_pseudo_sum(SRV_IP, OUR_IP, 6, total), seg, total)));
	uint8_t frame[ETH_FRAME_MAX];
	fake_netdev_inject_delayed(&fd, delay_ms, frame,
				   fake_build_ipv4(frame, fd.dev.mac, sim.mac, SRV_IP, OUR_IP, 6, 1, 0x4000, seg, total));
	sim.last_send_us = fake_time_us;
}

/*
 * Send response bytes [from, end) as 1460-byte segments, then FIN.  first_time applies the
 * planned loss/reordering; `one` sends a single segment (fast retransmit).
 */
static void sim_send_data(uint32_t from, bool first_time, bool one)
{
	size_t k = 0;
	for (size_t off = from; off < sim.resp_len; off += 1460, k++) {
		size_t n = sim.resp_len - off < 1460 ? sim.resp_len - off : 1460;
		if (first_time && sim.reset_midway && off >= sim.resp_len / 2) {
			sim_send(sim.iss + 1 + (uint32_t)off, TCP_RST, NULL, 0, 1);
			sim.snd_nxt = sim.iss + 1 + (uint32_t)off;
			return;
		}
		if (first_time && (int)k == sim.drop_seg)
			continue;
		if (first_time && (int)k == sim.swap_seg && off + 1460 < sim.resp_len) {
			size_t n2 = sim.resp_len - off - 1460 < 1460 ? sim.resp_len - off - 1460 : 1460;
			sim_send(sim.iss + 1 + (uint32_t)(off + 1460), TCP_PSH, sim.resp + off + 1460, n2, 1);
			sim_send(sim.iss + 1 + (uint32_t)off, TCP_PSH, sim.resp + off, n, 1);
			off += 1460;
			k++;
			continue;
		}
		sim_send(sim.iss + 1 + (uint32_t)off, TCP_PSH, sim.resp + off, n, 1);
		if (one)
			return;
	}
	sim.snd_nxt = sim.iss + 1 + (uint32_t)sim.resp_len;
	if (!sim.fin_sent || !first_time) {
		sim_send(sim.snd_nxt, TCP_FIN, NULL, 0, 1);
		sim.fin_sent = true;
	}
}

/* The server is also the DNS server: every A query is answered with its own address. */
static void sim_dns_answer(const struct fake_parsed *p)
{
	uint8_t msg[512];
	if (p->payload_len < 17 || p->payload_len > sizeof(msg) - 16)
		return;
	memcpy(msg, p->payload, p->payload_len);
	snprintf(sim.dns_query, sizeof(sim.dns_query), "%.*s", (int)(p->payload_len - 16 - 2),
		 (const char *)p->payload + 13);
	msg[2] = 0x81;
	msg[3] = 0x80;
	put_be16(msg + 6, 1);
	size_t n = p->payload_len;
	static const uint8_t rr[] = {0xc0, 12, 0, 1, 0, 1, 0, 0, 1, 0, 0, 4, 10, 0, 0, 1};
	unsigned count = sim.dns_twice ? 2 : 1;
	put_be16(msg + 6, (uint16_t)count);
	for (unsigned i = 0; i < count; i++)
		memcpy(msg + n + i * sizeof(rr), rr, sizeof(rr));
	uint8_t frame[ETH_FRAME_MAX];
	fake_netdev_inject(&fd, frame, fake_build_udp(frame, fd.dev.mac, sim.mac, SRV_IP, OUR_IP, 53,
						      p->sport, msg, n + count * sizeof(rr)));
}

static void sim_rx(struct fake_netdev *d, const uint8_t *f, size_t len)
{
	struct fake_parsed p;
	if (fake_parse(f, len, &p))
		return;
	if (p.ethertype == 0x0806 && p.arp_op == 1 && p.arp_tpa == SRV_IP) {
		uint8_t r[64];
		fake_netdev_inject(d, r, fake_build_arp(r, p.arp_sha, 2, sim.mac, SRV_IP, p.arp_sha, p.arp_spa));
		return;
	}
	if (p.ethertype == 0x0800 && p.proto == 17 && p.dst == SRV_IP && p.dport == 53) {
		sim_dns_answer(&p);
		return;
	}
	if (p.ethertype != 0x0800 || p.proto != 6 || p.dst != SRV_IP)
		return;
	const uint8_t *t = p.ip_payload;
	assert_int_equal(inet_csum_fold(inet_csum_add(inet_pseudo_sum(p.src, p.dst, 6, (uint16_t)p.ip_payload_len),
						      t, p.ip_payload_len)), 0);
	size_t hlen = (size_t)(t[12] >> 4) * 4;
	uint32_t seq = get_be32(t + 4), ack = get_be32(t + 8);
	uint8_t flags = t[13];
	const uint8_t *data = t + hlen;
	size_t dlen = p.ip_payload_len - hlen;
	sim.last_window = get_be16(t + 14);
	if (flags & TCP_RST) {
		sim.rsts++;
		return;
	}
	if (flags & TCP_SYN) {
		sim.syns++;
		sim.syn_mss = 0;
		sim.syn_wscale = -1;
		for (size_t i = 20; i + 1 < hlen;) {
			if (t[i] == 1) {
				i++;
				continue;
			}
			if (t[i] == 2)
				sim.syn_mss = get_be16(t + i + 2);
			if (t[i] == 3)
				sim.syn_wscale = t[i + 2];
			if (t[i] == 4 && t[i + 1] == 2)
				sim.syn_sack_ok = true;
			i += t[i + 1];
		}
		if (sim.silent)
			return;
		sim.cport = get_be16(t);
		sim.rcv_nxt = seq + 1;
		if (sim.refuse || sim.refuse_syns > 0) {
			sim.refuse_syns--;
			sim_send(0, TCP_RST | TCP_ACK, NULL, 0, 1);
			return;
		}
		sim.iss = 0x40000000u + sim.syns * 0x1000000u;
		sim.snd_una = sim.snd_nxt = sim.iss + 1;
		sim.request_len = 0;
		sim.responded = sim.fin_sent = false;
		free(sim.resp);
		sim.resp = NULL;
		sim.same_ack = 0;
		sim_send(sim.iss, TCP_SYN, NULL, 0, 1);
		return;
	}
	if (flags & TCP_ACK) {
		if ((int32_t)(ack - sim.snd_una) > 0) {
			sim.snd_una = ack;
			sim.same_ack = 0;
		} else if (ack == sim.snd_una && !dlen && sim.snd_una != sim.snd_nxt && sim.responded) {
			if (++sim.same_ack == 3) {
				sim.fast_retransmits++;
				sim_send_data(ack - sim.iss - 1, false, true);
			}
		}
	}
	if (dlen) {
		if (sim.drop_requests > 0) {
			sim.drop_requests--;
			return;
		}
		if (seq == sim.rcv_nxt && sim.request_len + dlen < sizeof(sim.request)) {
			memcpy(sim.request + sim.request_len, data, dlen);
			sim.request_len += dlen;
			sim.rcv_nxt += (uint32_t)dlen;
		}
		sim.request[sim.request_len] = '\0';
		if (!sim.responded && strstr(sim.request, "\r\n\r\n")) {
			char path[128] = "";
			sscanf(sim.request, "GET %127s ", path);
			if (sim.requests < 8)
				strcpy(sim.paths[sim.requests], path);
			sim.requests++;
			sim.resp_len = make_response(path, &sim.resp);
			sim.responded = true;
			sim_send_data(0, true, false);
		} else {
			sim_send(sim.snd_nxt, 0, NULL, 0, 1);
		}
	}
	if (flags & TCP_FIN) {
		sim.client_fins++;
		sim.rcv_nxt = seq + (uint32_t)dlen + 1;
		sim_send(sim.snd_nxt, 0, NULL, 0, 1);
	}
}

/* The server's retransmission timer: 300 ms without progress. */
static void sim_idle(struct fake_netdev *d)
{
	(void)d;
	if (sim.responded && sim.snd_una != sim.snd_nxt && fake_time_us - sim.last_send_us > 300000) {
		sim.timeouts++;
		sim_send_data(sim.snd_una - sim.iss - 1, false, false); /* go back N */
	}
}

/* ---- fixtures ----------------------------------------------------------------------------- */

static struct {
	int calls, exact_calls;
	size_t exact_size;
} reserve_log;

static uint8_t *test_reserve(void *ctx, uint8_t *old, size_t used, size_t size, bool exact, size_t *cap)
{
	(void)ctx;
	(void)used;
	reserve_log.calls++;
	if (exact) {
		reserve_log.exact_calls++;
		reserve_log.exact_size = size;
	}
	size_t c = exact ? size : size * 2;
	uint8_t *p = realloc(old, c);
	*cap = c;
	return p;
}

static const struct tftp_dest dest = {.reserve = test_reserve};
static struct http_result res;

static int setup(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(body); i++)
		body[i] = (uint8_t)(i * 31 + (i >> 8));
	fake_netdev_init(&fd, "eth0", 0x56);
	fd.on_transmit = sim_rx;
	fd.on_idle = sim_idle;
	netif_init(&nif, &fd.dev);
	netif_configure(&nif, OUR_IP, fake_ip(255, 255, 255, 0), 0);
	memset(&sim, 0, sizeof(sim));
	static const uint8_t mac[6] = {0x52, 0x54, 0x00, 0xab, 0xcd, 0xef};
	memcpy(sim.mac, mac, 6);
	sim.wscale = true;
	sim.drop_seg = sim.swap_seg = -1;
	memset(&reserve_log, 0, sizeof(reserve_log));
	memset(&res, 0, sizeof(res));
	dns_configure(NULL, 0, NULL);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(res.data);
	free(sim.resp);
	sim.resp = NULL;
	assert_null(nif.tcp_state); /* every connection was forgotten */
	netif_shutdown(&nif);
	fake_netdev_free(&fd);
	return 0;
}

static void assert_vmlinuz(void)
{
	assert_int_equal(res.status, 200);
	assert_int_equal(res.len, 100000);
	assert_memory_equal(res.data, body, 100000);
}

/* ---- tests -------------------------------------------------------------------------------- */

static void test_get_content_length(void **state)
{
	(void)state;
	assert_int_equal(http_get(&nif, "http://10.0.0.1/boot/vmlinuz", &dest, &res), 0);
	assert_vmlinuz();
	assert_string_equal(sim.request, "GET /boot/vmlinuz HTTP/1.1\r\nHost: 10.0.0.1\r\nUser-Agent: wireboot\r\n"
					 "Accept: */*\r\nConnection: close\r\n\r\n");
	/* One exact reservation from Content-Length: the body lands in its final place. */
	assert_int_equal(reserve_log.calls, 1);
	assert_int_equal(reserve_log.exact_size, 100000);
	/* SYN options: MSS for a 1500 MTU, window scale 3; the window after it: 65535 << 3. */
	assert_int_equal(sim.syns, 1);
	assert_int_equal(sim.syn_mss, 1460);
	assert_int_equal(sim.syn_wscale, TCP_WINDOW_SHIFT);
	assert_true(sim.syn_sack_ok);
	assert_int_equal(sim.last_window, 65535);
	assert_true((65535u << TCP_WINDOW_SHIFT) >= 64 * 1024);
	/* Clean close: our FIN, no RST, nothing retransmitted. */
	assert_int_equal(sim.client_fins, 1);
	assert_int_equal(sim.rsts, 0);
	assert_int_equal(sim.timeouts + sim.fast_retransmits, 0);
	assert_int_equal(res.redirects, 0);
	assert_string_equal(res.url, "http://10.0.0.1/boot/vmlinuz");
}

static void test_get_chunked_unknown_size(void **state)
{
	(void)state;
	sim.wscale = false; /* and no window scaling: 65535 unscaled */
	assert_int_equal(http_get(&nif, "http://10.0.0.1:80/chunked", &dest, &res), 0);
	assert_int_equal(res.len, 30000);
	assert_memory_equal(res.data, body, 30000);
	assert_int_equal(reserve_log.exact_calls, 0);
	assert_true(reserve_log.calls >= 2);
	assert_int_equal(sim.last_window, 65535);
}

static void test_redirects(void **state)
{
	(void)state;
	assert_int_equal(http_get(&nif, "http://10.0.0.1/a", &dest, &res), 0);
	assert_vmlinuz();
	assert_int_equal(res.redirects, 2);
	assert_int_equal(sim.requests, 3);
	assert_string_equal(sim.paths[0], "/a");
	assert_string_equal(sim.paths[1], "/b");
	assert_string_equal(sim.paths[2], "/boot/vmlinuz");
	assert_string_equal(res.url, "http://10.0.0.1/boot/vmlinuz");
	free(res.data);
	memset(&res, 0, sizeof(res));
	assert_int_equal(http_get(&nif, "http://10.0.0.1/loop", &dest, &res), -WB_EHTTP);
	assert_int_equal(res.redirects, HTTP_MAX_REDIRECTS + 1);
	assert_string_equal(res.error, "http://10.0.0.1/loop: more than 5 redirects");
}

static void test_not_found(void **state)
{
	(void)state;
	assert_int_equal(http_get(&nif, "http://10.0.0.1/missing", &dest, &res), -WB_ENOENT);
	assert_int_equal(res.status, 404);
	assert_string_equal(res.error, "HTTP 404 Not Found: http://10.0.0.1/missing");
	assert_int_equal(res.len, 0);
	assert_int_equal(http_get(&nif, "https://10.0.0.1/x", &dest, &res), -WB_ENOTSUP);
	assert_string_equal(res.error, "https://10.0.0.1: this image has no TLS: boot wireboot.efi "
			    "(or chainload it) for https://, or use http://"); /* net/tls_absent.c */
	assert_int_equal(http_get(&nif, "http://bad name/x", &dest, &res), -WB_EINVAL);
	/* A host name with no DNS server from DHCP. */
	assert_int_equal(http_get(&nif, "http://server.example/x", &dest, &res), -WB_ENOCONFIG);
	assert_string_equal(res.error, "DNS: no server from DHCP (option 6) or DHCPv6 (option 23) to look up server.example");
}

/* A host name: resolved through the DHCP domain, then fetched with the name in Host:. */
static void test_get_by_name(void **state)
{
	(void)state;
	const uint32_t dns_server = SRV_IP;
	dns_configure(&dns_server, 1, "lab");
	assert_int_equal(http_get(&nif, "http://web:80/boot/vmlinuz", &dest, &res), 0);
	assert_vmlinuz();
	assert_string_equal(sim.dns_query, "web\3lab");
	assert_non_null(strstr(sim.request, "\r\nHost: web:80\r\n"));
	struct http_url u;
	assert_int_equal(http_parse_url("http://Boot-Server_1.lab:8080/x", &u), 0);
	assert_int_equal(u.addr.family, IP_ADDR_NONE);
	assert_string_equal(u.name, "Boot-Server_1.lab");
	assert_string_equal(u.host, "Boot-Server_1.lab:8080");
	assert_int_equal(u.port, 8080);
	assert_int_equal(http_parse_url("http://10.1.2.3/x", &u), 0);
	assert_int_equal(u.addr.v4, fake_ip(10, 1, 2, 3));
}

/* A name with two addresses whose first refuses the connection: the second is tried. */
static void test_next_address_after_refusal(void **state)
{
	(void)state;
	const uint32_t dns_server = SRV_IP;
	dns_configure(&dns_server, 1, "lab");
	sim.dns_twice = true;
	sim.refuse_syns = 1;
	assert_int_equal(http_get(&nif, "http://web/boot/vmlinuz", &dest, &res), 0);
	assert_vmlinuz();
	assert_int_equal(sim.syns, 2);
	free(res.data);
	/* Both refuse: the error is the last address's. */
	sim.refuse_syns = 2;
	sim.syns = 0;
	assert_int_equal(http_get(&nif, "http://web/boot/vmlinuz", &dest, &res), -WB_EIO);
	assert_int_equal(sim.syns, 2);
}

/* A segment lost in the middle: duplicate ACKs make the server resend it. */
static void test_lost_segment(void **state)
{
	(void)state;
	sim.drop_seg = 20;
	assert_int_equal(http_get(&nif, "http://10.0.0.1/boot/vmlinuz", &dest, &res), 0);
	assert_vmlinuz();
	assert_true(sim.fast_retransmits + sim.timeouts >= 1);
	assert_true(sim.fast_retransmits >= 1);
}

/* Two segments swapped: the later one is kept until the earlier arrives; nothing resent. */
static void test_reordered_segments(void **state)
{
	(void)state;
	sim.swap_seg = 10;
	assert_int_equal(http_get(&nif, "http://10.0.0.1/boot/vmlinuz", &dest, &res), 0);
	assert_vmlinuz();
	assert_int_equal(sim.fast_retransmits + sim.timeouts, 0);
}

/* ---- reassembly, segment by segment ------------------------------------------------------- */

static struct {
	uint8_t data[8192];
	size_t len;
	unsigned eofs;
} got;

static int collect(struct tcp_conn *c, const uint8_t *data, size_t len)
{
	(void)c;
	if (!len) {
		got.eofs++;
		return 0;
	}
	assert_true(got.len + len <= sizeof(got.data));
	memcpy(got.data + got.len, data, len);
	got.len += len;
	return 0;
}

/* Send body bytes [from, to) as one segment (sequence numbers relative to the first byte). */
static void seg(struct tcp_conn *c, uint32_t from, uint32_t to, uint8_t flags)
{
	sim_send(sim.iss + 1 + from, flags | TCP_PSH, body + from, to - from, 0);
	tcp_poll(c);
}

/* SACK blocks of the last segment the client sent (relative), how many. */
static uint32_t sack_blocks[8];
static unsigned sack_count;

/* The ack field of the last segment the client sent, relative, and its SACK blocks; and
 * forget what it sent. */
static uint32_t last_ack(void)
{
	uint8_t f[ETH_FRAME_MAX];
	size_t n;
	uint32_t ack = 0;
	struct fake_parsed p;
	while ((n = fake_netdev_pop_tx(&fd, f, sizeof(f), NULL))) {
		if (fake_parse(f, n, &p) || p.proto != 6)
			continue;
		const uint8_t *t = p.ip_payload;
		ack = get_be32(t + 8) - sim.iss - 1;
		sack_count = 0;
		for (size_t i = 20; i < (size_t)(t[12] >> 4) * 4;) {
			if (t[i] <= 1) {
				i++;
				continue;
			}
			if (t[i] == 5)
				for (size_t b = i + 2; b + 8 <= i + t[i + 1] && sack_count < 4; b += 8, sack_count++) {
					sack_blocks[2 * sack_count] = get_be32(t + b) - sim.iss - 1;
					sack_blocks[2 * sack_count + 1] = get_be32(t + b + 4) - sim.iss - 1;
				}
			i += t[i + 1];
		}
	}
	return ack;
}

static void test_reassembly(void **state)
{
	(void)state;
	memset(&got, 0, sizeof(got));
	sim.sack = true;
	struct tcp_conn *c = calloc(1, sizeof(*c));
	c->rx = collect;
	assert_int_equal(tcp_connect(c, &nif, &(struct ip_addr){.family = IP_ADDR_V4, .v4 = SRV_IP}, 80), 0);
	assert_true(c->sack_ok);
	last_ack();

	seg(c, 1000, 2000, 0); /* after a gap: kept, duplicate ACK for 0 with a SACK block */
	assert_int_equal(got.len, 0);
	assert_int_equal(c->ooo_queued, 1);
	assert_int_equal(last_ack(), 0);
	assert_int_equal(sack_count, 1);
	assert_int_equal(sack_blocks[0], 1000);
	assert_int_equal(sack_blocks[1], 2000);
	seg(c, 1000, 2000, 0); /* the same again: a duplicate */
	seg(c, 1200, 1800, 0); /* inside it: a duplicate */
	assert_int_equal(c->ooo_queued, 1);
	seg(c, 1500, 2500, 0); /* overlapping its end: kept, the block grows */
	assert_int_equal(c->ooo_queued, 2);
	assert_int_equal(last_ack(), 0);
	assert_int_equal(sack_count, 1);
	assert_int_equal(sack_blocks[1], 2500);
	seg(c, 2600, 2700, 0); /* a second run: its block first (the newest) */
	assert_int_equal(last_ack(), 0);
	assert_int_equal(sack_count, 2);
	assert_int_equal(sack_blocks[0], 2600);
	assert_int_equal(sack_blocks[1], 2700);
	assert_int_equal(sack_blocks[2], 1000);
	assert_int_equal(sack_blocks[3], 2500);
	/* Beyond the window we advertised (65535 << 3): refused. */
	uint32_t wnd = 65535u << TCP_WINDOW_SHIFT;
	sim_send(sim.iss + 1 + wnd - 100, TCP_PSH, body, 200, 0);
	tcp_poll(c);
	assert_int_equal(c->ooo_dropped, 1);
	assert_int_equal(c->ooo_queued, 3);
	assert_int_equal(got.len, 0);

	seg(c, 0, 1000, 0); /* fills the gap: everything up to 2500 follows, in order, once */
	assert_int_equal(got.len, 2500);
	assert_memory_equal(got.data, body, 2500);
	assert_int_equal(last_ack(), 2500);
	assert_int_equal(sack_count, 1); /* 2600-2700 is still kept */
	seg(c, 2500, 2600, 0);
	assert_int_equal(got.len, 2700);
	assert_int_equal(last_ack(), 2700);
	assert_int_equal(sack_count, 0);
	for (unsigned i = 0; i < TCP_OOO_SEGS; i++)
		assert_int_equal(c->ooo[i].len, 0);

	/* One more segment after a gap than there are slots: the last is dropped. */
	const uint32_t end = 3000 + (TCP_OOO_SEGS + 1) * 100;
	for (uint32_t off = 3000; off < end; off += 100)
		seg(c, off, off + 100, 0);
	assert_int_equal(c->ooo_queued, 3 + TCP_OOO_SEGS);
	assert_int_equal(c->ooo_dropped, 2);
	seg(c, 2700, 3000, 0);
	assert_int_equal(got.len, end - 100);
	assert_memory_equal(got.data, body, end - 100);
	assert_int_equal(last_ack(), end - 100);
	/* A FIN after a gap is remembered with its segment. */
	seg(c, end, end + 100, TCP_FIN);
	assert_int_equal(got.eofs, 0);
	seg(c, end - 100, end, 0);
	assert_int_equal(got.len, end + 100);
	assert_memory_equal(got.data, body, end + 100);
	assert_int_equal(got.eofs, 1);
	assert_int_equal(c->state, TCP_CLOSE_WAIT);
	assert_int_equal(last_ack(), end + 101);
	tcp_abort(c);
	free(c);
}

/* Without SACK from the peer, ACKs carry no blocks. */
static void test_no_sack_blocks(void **state)
{
	(void)state;
	struct tcp_conn *c = calloc(1, sizeof(*c));
	c->rx = collect;
	memset(&got, 0, sizeof(got));
	assert_int_equal(tcp_connect(c, &nif, &(struct ip_addr){.family = IP_ADDR_V4, .v4 = SRV_IP}, 80), 0);
	assert_false(c->sack_ok);
	last_ack();
	seg(c, 1000, 2000, 0);
	assert_int_equal(last_ack(), 0);
	assert_int_equal(sack_count, 0);
	assert_int_equal(c->ooo_queued, 1);
	tcp_abort(c);
	free(c);
}

/* The request is lost once: our retransmission timer (1 s at first) sends it again. */
static void test_lost_request(void **state)
{
	(void)state;
	sim.drop_requests = 1;
	assert_int_equal(http_get(&nif, "http://10.0.0.1/boot/vmlinuz", &dest, &res), 0);
	assert_vmlinuz();
	assert_true(res.elapsed_us >= 1000000 && res.elapsed_us < 1500000);
}

static void test_refused_silent_reset(void **state)
{
	(void)state;
	sim.refuse = true;
	assert_int_equal(http_get(&nif, "http://10.0.0.1/boot/vmlinuz", &dest, &res), -WB_EIO);
	assert_int_equal(sim.syns, 1);

	/* Nobody answers: TCP_SYN_TRIES SYNs at 0, 1, 3, 7, 15 s, failure at 23 s. */
	sim.refuse = false;
	sim.silent = true;
	sim.syns = 0;
	uint64_t start = fake_time_us;
	assert_int_equal(http_get(&nif, "http://10.0.0.1/boot/vmlinuz", &dest, &res), -WB_ETIMEDOUT);
	assert_int_equal(sim.syns, TCP_SYN_TRIES);
	uint64_t took = fake_time_us - start;
	assert_true(took >= 23000000 && took < 23100000);

	/* Reset half way through the body. */
	sim.silent = false;
	sim.reset_midway = true;
	assert_int_equal(http_get(&nif, "http://10.0.0.1/boot/vmlinuz", &dest, &res), -WB_EIO);
	assert_true(res.len > 0 && res.len < 100000);
	assert_memory_equal(res.data, body, res.len);
}

/*
 * Before TCP was ever used, segments are dropped unanswered (TCP is not even linked into
 * programs that never connect).  Afterwards a segment for no connection gets a RST, and
 * one with a bad checksum gets nothing.
 */
static void test_stray_segments(void **state)
{
	(void)state;
	sim.cport = 40000;
	sim.rcv_nxt = 1234;
	sim_send(777, TCP_PSH, (const uint8_t *)"stray", 5, 0);
	net_poll(&nif);
	uint8_t out[ETH_FRAME_MAX];
	assert_int_equal(fake_netdev_pop_tx(&fd, out, sizeof(out), NULL), 0);
	assert_int_equal(http_get(&nif, "http://10.0.0.1/missing", &dest, &res), -WB_ENOENT);
	fake_netdev_clear_tx(&fd);
	sim.rsts = 0;

	sim.cport = 40000;
	sim.rcv_nxt = 1234;
	sim_send(777, TCP_PSH, (const uint8_t *)"stray", 5, 0);
	net_poll(&nif);
	size_t n = fake_netdev_pop_tx(&fd, out, sizeof(out), NULL);
	assert_true(n > 0);
	struct fake_parsed p;
	assert_int_equal(fake_parse(out, n, &p), 0);
	assert_int_equal(p.proto, 6);
	assert_int_equal(p.ip_payload[13], TCP_RST);
	assert_int_equal(get_be32(p.ip_payload + 4), 1234); /* seq = their ack */
	assert_int_equal(sim.rsts, 1);
	/* Corrupt checksum: dropped silently. */
	sim_send(777, TCP_PSH, (const uint8_t *)"stray", 5, 0);
	fd.rx_tail->data[14 + 20 + 20] ^= 1;
	uint64_t dropped = nif.stats.rx_dropped;
	net_poll(&nif);
	assert_int_equal(fake_netdev_pop_tx(&fd, out, sizeof(out), NULL), 0);
	assert_int_equal(nif.stats.rx_dropped, dropped + 1);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_get_content_length),
		T(test_get_chunked_unknown_size),
		T(test_redirects),
		T(test_not_found),
		T(test_lost_segment),
		T(test_reordered_segments),
		T(test_reassembly),
		T(test_no_sack_blocks),
		T(test_get_by_name),
		T(test_next_address_after_refusal),
		T(test_lost_request),
		T(test_refused_silent_reset),
		T(test_stray_segments),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
