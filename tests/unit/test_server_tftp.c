// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * server/tftp_xfer: the transfer state machine driven packet by packet (the fake clock is
 * the now_ms argument): plain RFC 1350, options and OACK, windows and partial ACKs,
 * repeated ACKs resent once per window, block rollover, the RTO following the round trip,
 * retransmission backoff, embryonic transfers timing out fast, a repeated request, a file
 * changing size, request checks.  server/tftp_admit: duplicates, eviction of embryonic
 * transfers, established ones never evicted, limits.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "core/byteorder.h"
#include "core/errors.h"
#include "net/tftp_packet.h"
#include "server/tftp_admit.h"
#include "server/tftp_xfer.h"

/* Every datagram the transfer sent, kept whole. */
struct capture {
	unsigned n;
	uint8_t pkt[16][2100];
	size_t len[16];
	int fail_after; /* return -WB_EAGAIN once n reaches this (0: never) */
};

static int capture_send(void *ctx, const void *buf, size_t len)
{
	struct capture *c = ctx;
	if (c->fail_after && c->n >= (unsigned)c->fail_after)
		return -WB_EAGAIN;
	unsigned i = c->n++ % 16;
	assert_true(len <= sizeof(c->pkt[0]) || get_be16(buf) == TFTP_DATA);
	c->len[i] = len;
	memcpy(c->pkt[i], buf, len < sizeof(c->pkt[0]) ? len : sizeof(c->pkt[0]));
	return 0;
}

static const uint8_t *last(struct capture *c, size_t *len)
{
	unsigned i = (c->n - 1) % 16;
	*len = c->len[i];
	return c->pkt[i];
}

static uint8_t txbuf[TFTP_MAX_BLKSIZE + 4];
static const struct tftp_limits lim = { .max_blksize = 1400, .max_windowsize = 8, .rto_ms = 1000,
					.max_retries = 5 };

/* A file of `size` bytes whose byte i is (i * 7 + i / 251) & 0xff. */
static int make_file(uint64_t size)
{
	int fd = memfd_create("tftp-test", 0);
	assert_true(fd >= 0);
	uint8_t chunk[4096];
	for (uint64_t off = 0; off < size; off += sizeof(chunk)) {
		size_t n = size - off < sizeof(chunk) ? (size_t)(size - off) : sizeof(chunk);
		for (size_t i = 0; i < n; i++)
			chunk[i] = (uint8_t)((off + i) * 7 + (off + i) / 251);
		assert_int_equal(pwrite(fd, chunk, n, (off_t)off), (ssize_t)n);
	}
	return fd;
}

static uint8_t expected_byte(uint64_t i)
{
	return (uint8_t)(i * 7 + i / 251);
}

/* Parse an RRQ built from raw bytes (options as name/value pairs). */
static void make_rrq(struct tftp_packet *p, uint8_t *buf, size_t cap, const char *const *opts)
{
	size_t n = 0;
	put_be16(buf, TFTP_RRQ);
	n = 2;
	memcpy(buf + n, "file\0octet", 11);
	n += 11;
	for (; opts && *opts; opts++) {
		size_t l = strlen(*opts) + 1;
		memcpy(buf + n, *opts, l);
		n += l;
	}
	assert_true(n <= cap);
	assert_int_equal(tftp_parse(buf, n, p), 0);
}

static void ack(struct tftp_xfer *x, uint16_t block, uint64_t now)
{
	uint8_t b[4];
	tftp_build_ack(b, sizeof(b), block);
	tftp_xfer_input(x, b, 4, now);
}

static void start(struct tftp_xfer *x, struct capture *c, const char *const *opts, int fd,
		  uint64_t size)
{
	static uint8_t reqbuf[512];
	struct tftp_packet req;

	memset(x, 0, sizeof(*x));
	memset(c, 0, sizeof(*c));
	x->buf = txbuf;
	x->send = capture_send;
	x->send_ctx = c;
	make_rrq(&req, reqbuf, sizeof(reqbuf), opts);
	tftp_xfer_start(x, &req, fd, size, &lim, 1000);
}

/* The last packet is DATA `block` with the file's bytes from `off`, `len` long. */
static void assert_data(struct capture *c, uint16_t block, uint64_t off, size_t len)
{
	size_t plen;
	const uint8_t *p = last(c, &plen);
	assert_int_equal(get_be16(p), TFTP_DATA);
	assert_int_equal(get_be16(p + 2), block);
	assert_int_equal(plen, 4 + len);
	for (size_t i = 0; i < len && 4 + i < sizeof(c->pkt[0]); i++)
		if (p[4 + i] != expected_byte(off + i))
			fail_msg("block %u byte %zu differs", block, i);
}

static void test_plain_rfc1350(void **state)
{
	struct tftp_xfer x;
	struct capture c;
	int fd = make_file(1300);

	start(&x, &c, NULL, fd, 1300);
	assert_int_equal(x.state, XFER_RUNNING);
	assert_int_equal(c.n, 1);
	assert_data(&c, 1, 0, 512);
	ack(&x, 1, 1010);
	assert_data(&c, 2, 512, 512);
	ack(&x, 1, 1020); /* repeated: block 2 was lost, resent at once */
	assert_int_equal(c.n, 3);
	assert_data(&c, 2, 512, 512);
	ack(&x, 1, 1021); /* and again: once per window, no Sorcerer's Apprentice */
	assert_int_equal(c.n, 3);
	ack(&x, 7, 1022); /* never sent: ignored */
	assert_int_equal(c.n, 3);
	ack(&x, 2, 1030);
	assert_data(&c, 3, 1024, 276);
	assert_int_equal(x.state, XFER_RUNNING);
	ack(&x, 3, 1040);
	assert_int_equal(x.state, XFER_DONE);
	assert_int_equal(tftp_xfer_bytes_done(&x), 1300);
	assert_int_equal(c.n, 4);

	/* A multiple of the block size ends with an empty block. */
	start(&x, &c, NULL, fd, 1024);
	ack(&x, 1, 1001);
	ack(&x, 2, 1002);
	assert_data(&c, 3, 1024, 0);
	ack(&x, 3, 1003);
	assert_int_equal(x.state, XFER_DONE);
	close(fd);
}

static void test_options_and_windows(void **state)
{
	static const char *const opts[] = { "blksize", "1468", "tsize", "0", "timeout", "3",
					    "windowsize", "4", "x-unknown", "1", NULL };
	struct tftp_xfer x;
	struct capture c;
	struct tftp_packet oack;
	size_t len;
	int fd = make_file(10000);

	start(&x, &c, opts, fd, 10000);
	assert_int_equal(c.n, 1);
	const uint8_t *p = last(&c, &len);
	assert_int_equal(tftp_parse(p, len, &oack), 0);
	assert_int_equal(oack.opcode, TFTP_OACK);
	assert_int_equal(oack.opts.blksize, 1400); /* capped */
	assert_true(oack.opts.has_tsize);
	assert_int_equal(oack.opts.tsize, 10000);
	assert_int_equal(oack.opts.timeout, 3);
	assert_int_equal(oack.opts.windowsize, 4);
	assert_int_equal(x.nblocks, 8); /* 7 full blocks of 1400, then 200 bytes */

	ack(&x, 1, 1100); /* not the OACK's ACK 0 */
	assert_int_equal(c.n, 1);
	ack(&x, 0, 1100);
	assert_int_equal(c.n, 5);
	assert_data(&c, 4, 3 * 1400, 1400);
	assert_int_equal(x.deadline_ms, 1100 + 3000); /* the client's timeout */

	/* The client lost block 3: it acknowledges 2, and the window restarts at 3. */
	ack(&x, 2, 1200);
	assert_int_equal(c.n, 9);
	assert_data(&c, 6, 5 * 1400, 1400);
	ack(&x, 2, 1210); /* repeated: 3 was lost again, 3-6 resent once */
	assert_int_equal(c.n, 13);
	assert_data(&c, 6, 5 * 1400, 1400);
	ack(&x, 2, 1211);
	assert_int_equal(c.n, 13);
	ack(&x, 6, 1300);
	assert_int_equal(c.n, 15); /* blocks 7 and 8: the window stops at the end */
	assert_data(&c, 8, 7 * 1400, 200);
	ack(&x, 8, 1400);
	assert_int_equal(x.state, XFER_DONE);
	assert_int_equal(tftp_xfer_bytes_done(&x), 10000);

	/* Negotiation alone: windowsize capped, no OACK without options. */
	struct tftp_packet req;
	struct tftp_options a;
	uint8_t buf[128];
	static const char *const big[] = { "windowsize", "100", NULL };
	make_rrq(&req, buf, sizeof(buf), big);
	assert_true(tftp_negotiate(&req, 5, &lim, &a));
	assert_int_equal(a.windowsize, 8);
	assert_int_equal(a.blksize, 0);
	assert_false(a.has_tsize);
	make_rrq(&req, buf, sizeof(buf), NULL);
	assert_false(tftp_negotiate(&req, 5, &lim, &a));
	close(fd);
}

static void test_block_rollover(void **state)
{
	static const char *const opts[] = { "blksize", "8", NULL };
	struct tftp_xfer x;
	struct capture c;
	uint64_t size = 8ull * 70000 + 3;
	int fd = make_file(size);
	size_t len;

	start(&x, &c, opts, fd, size);
	ack(&x, 0, 1000);
	uint64_t blocks = 0;
	while (x.state == XFER_RUNNING) {
		const uint8_t *p = last(&c, &len);
		assert_int_equal(get_be16(p), TFTP_DATA);
		blocks++;
		assert_int_equal(get_be16(p + 2), (uint16_t)blocks);
		uint64_t off = (blocks - 1) * 8;
		for (size_t i = 4; i < len; i++)
			assert_int_equal(p[i], expected_byte(off + i - 4));
		if (blocks == 65536)
			assert_int_equal(get_be16(p + 2), 0); /* wrapped to 0 */
		ack(&x, get_be16(p + 2), 1000);
	}
	assert_int_equal(x.state, XFER_DONE);
	assert_int_equal(blocks, 70001);
	assert_int_equal(tftp_xfer_bytes_done(&x), size);
	close(fd);
}

static void test_retransmission_backoff(void **state)
{
	struct tftp_xfer x;
	struct capture c;
	int fd = make_file(2000);

	/* Nothing ever acknowledged (embryonic, maybe spoofed): two retransmissions (1 and
	 * 2 s apart), then give up 7 s after the start. */
	start(&x, &c, NULL, fd, 2000);
	assert_int_equal(x.deadline_ms, 2000);
	tftp_xfer_timeout(&x, 2000);
	assert_int_equal(c.n, 2);
	assert_data(&c, 1, 0, 512);
	assert_int_equal(x.deadline_ms, 4000);
	tftp_xfer_timeout(&x, 4000);
	assert_int_equal(x.deadline_ms, 8000);
	assert_int_equal(c.n, 3);
	tftp_xfer_timeout(&x, 8000);
	assert_int_equal(x.state, XFER_FAILED);
	assert_non_null(strstr(x.outcome, "no acknowledgement"));
	assert_int_equal(c.n, 3);

	/* After progress: the timeout resets (the 500 ms round trip gives more than the
	 * configured 1 s, so 1 s), backs off to 8 s, and the transfer fails after the
	 * configured schedule's 1+2+4+8+8+8 s without progress. */
	start(&x, &c, NULL, fd, 2000);
	ack(&x, 1, 1500);
	assert_int_equal(x.deadline_ms, 2500);
	uint64_t now = 2500;
	for (int i = 0; i < 5; i++) {
		tftp_xfer_timeout(&x, now);
		assert_int_equal(x.state, XFER_RUNNING);
		assert_data(&c, 2, 512, 512);
		now = x.deadline_ms;
	}
	assert_int_equal(x.rto_ms, TFTP_RTO_MAX_MS);
	assert_int_equal(now, 1500 + 31000);
	tftp_xfer_timeout(&x, now);
	assert_int_equal(x.state, XFER_FAILED);
	assert_non_null(strstr(x.outcome, "stopped acknowledging"));

	/* OACK lost: resent on timeout. */
	static const char *const opts[] = { "tsize", "0", NULL };
	start(&x, &c, opts, fd, 2000);
	tftp_xfer_timeout(&x, 2000);
	size_t len;
	assert_int_equal(get_be16(last(&c, &len)), TFTP_OACK);
	assert_int_equal(c.n, 2);
	close(fd);
}

static void test_rto_follows_round_trip(void **state)
{
	static const char *const opts[] = { "windowsize", "4", NULL };
	struct tftp_xfer x;
	struct capture c;
	int fd = make_file(100000);
	uint64_t now = 1000;

	/* OACK at 1000, ACK 0 20 ms later: SRTT 20, RTTVAR 10, RTO 20 + 40 = 60 ms. */
	start(&x, &c, opts, fd, 100000);
	ack(&x, 0, now += 20);
	assert_int_equal(x.srtt_ms, 20);
	assert_int_equal(x.rto_ms, 60);
	assert_int_equal(x.deadline_ms, now + 60);
	/* Whole windows acknowledged 20 ms after they left: RTTVAR decays, RTO floors at 50. */
	for (uint16_t b = 4; b <= 40; b += 4)
		ack(&x, b, now += 20);
	assert_int_equal(x.srtt_ms, 20);
	assert_int_equal(x.rto_ms, TFTP_RTO_MIN_MS);
	assert_int_equal(x.deadline_ms, now + TFTP_RTO_MIN_MS);
	/* A timeout doubles it and resends the window; the ACK of a resent window is no
	 * sample (Karn): SRTT stays although this one came 500 ms later. */
	now = x.deadline_ms;
	tftp_xfer_timeout(&x, now);
	assert_int_equal(x.rto_ms, 2 * TFTP_RTO_MIN_MS);
	assert_data(&c, 44, 43 * 512, 512);
	ack(&x, 44, now += 500);
	assert_int_equal(x.srtt_ms, 20);
	assert_int_equal(x.rto_ms, TFTP_RTO_MIN_MS);
	/* A slower path: 300 ms round trips pull SRTT up and the RTO with it. */
	for (uint16_t b = 48; b <= 80; b += 4)
		ack(&x, b, now += 300);
	assert_true(x.srtt_ms > 200 && x.srtt_ms < 300);
	assert_true(x.rto_ms > x.srtt_ms && x.rto_ms <= 1000);
	close(fd);
}

static void test_repeated_ack_resends_once_per_window(void **state)
{
	static const char *const opts[] = { "windowsize", "4", NULL };
	struct tftp_xfer x;
	struct capture c;
	int fd = make_file(100000);

	start(&x, &c, opts, fd, 100000);
	ack(&x, 0, 1010);
	assert_int_equal(c.n, 5);
	/* Block 1 was lost: the client's gap ACK repeats ACK 0; 1-4 go out at once. */
	ack(&x, 0, 1020);
	assert_int_equal(c.n, 9);
	assert_data(&c, 4, 3 * 512, 512);
	ack(&x, 0, 1021); /* duplicated by the network, or the client's timer: nothing */
	ack(&x, 0, 1022);
	assert_int_equal(c.n, 9);
	/* After the server's own timeout resent the window, one more repeat is answered. */
	tftp_xfer_timeout(&x, x.deadline_ms);
	assert_int_equal(c.n, 13);
	ack(&x, 0, x.deadline_ms);
	assert_int_equal(c.n, 17);
	ack(&x, 0, x.deadline_ms);
	assert_int_equal(c.n, 17);
	/* Progress re-arms it: ACK 4 opens 5-8, a repeated ACK 4 resends them once. */
	ack(&x, 4, 1100);
	assert_int_equal(c.n, 21);
	ack(&x, 4, 1101);
	assert_int_equal(c.n, 25);
	assert_data(&c, 8, 7 * 512, 512);
	ack(&x, 4, 1102);
	assert_int_equal(c.n, 25);
	close(fd);
}

static void test_repeated_request(void **state)
{
	static const char *const opts[] = { "tsize", "0", NULL };
	struct tftp_xfer x;
	struct capture c;
	size_t len;
	int fd = make_file(3000);

	/* Nothing acknowledged yet: the same request again resends the OACK. */
	start(&x, &c, opts, fd, 3000);
	tftp_xfer_resend_first(&x, 1100);
	assert_int_equal(c.n, 2);
	assert_int_equal(get_be16(last(&c, &len)), TFTP_OACK);
	/* Established: a late copy of the request changes nothing. */
	ack(&x, 0, 1200);
	assert_int_equal(c.n, 3);
	tftp_xfer_resend_first(&x, 1300);
	assert_int_equal(c.n, 3);
	assert_int_equal(x.state, XFER_RUNNING);
	ack(&x, 1, 1400);
	assert_data(&c, 2, 512, 512);

	/* Plain RFC 1350: DATA 1 again. */
	start(&x, &c, NULL, fd, 3000);
	tftp_xfer_resend_first(&x, 1100);
	assert_int_equal(c.n, 2);
	assert_data(&c, 1, 0, 512);
	close(fd);
}

/* ---- admission --------------------------------------------------------------------------- */

static const struct tftp_admit_limits admit_lim = { .max_transfers = 8, .max_per_client = 4,
						    .max_embryonic_per_client = 2 };

/* An IPv4 client address for tftp_admit(). */
#define V4(x) (&(struct ip_addr){ IP_ADDR_V4, { (x) } })

static struct tftp_slot slot(uint32_t ip, uint16_t port, const char *file, bool established,
			     uint64_t started)
{
	return (struct tftp_slot){ .ip = ip_addr_v4(ip), .port = port, .filename = file,
				   .established = established, .started_ms = started };
}

static void test_admit_duplicate_request_never_replaces(void **state)
{
	struct tftp_slot s[2] = { slot(1, 1000, "bzImage", true, 10), slot(1, 1001, "initrd", false, 20) };
	struct tftp_admission a;

	/* Same address, port and file: the running transfer (established or not) serves it. */
	tftp_admit(s, 2, V4(1), 1000, "bzImage", &admit_lim, &a);
	assert_int_equal(a.verdict, TFTP_ADMIT_DUPLICATE);
	assert_int_equal(a.dup, 0);
	assert_int_equal(a.n_evict, 0);
	tftp_admit(s, 2, V4(1), 1001, "initrd", &admit_lim, &a);
	assert_int_equal(a.verdict, TFTP_ADMIT_DUPLICATE);
	assert_int_equal(a.dup, 1);
	/* Another file from that port: the client moved on, the old transfer is replaced. */
	tftp_admit(s, 2, V4(1), 1000, "other", &admit_lim, &a);
	assert_int_equal(a.verdict, TFTP_ADMIT_START);
	assert_true(a.replaced);
	assert_int_equal(a.n_evict, 1);
	assert_int_equal(a.evict[0], 0);
	/* Another port: a new transfer, nothing evicted. */
	tftp_admit(s, 2, V4(1), 1002, "bzImage", &admit_lim, &a);
	assert_int_equal(a.verdict, TFTP_ADMIT_START);
	assert_int_equal(a.n_evict, 0);
}

static void test_admit_flood_evicts_oldest_embryonic(void **state)
{
	struct tftp_slot s[8];
	struct tftp_admission a;

	/* Every slot taken by spoofed requests (never acknowledged) from 8 addresses. */
	for (int i = 0; i < 8; i++)
		s[i] = slot(100 + i, 2000, "f", false, (uint64_t)(50 - i));
	tftp_admit(s, 8, V4(7), 3000, "bzImage", &admit_lim, &a);
	assert_int_equal(a.verdict, TFTP_ADMIT_START);
	assert_int_equal(a.n_evict, 1);
	assert_int_equal(a.evict[0], 7); /* the oldest: started at 43 */
	assert_false(a.replaced);

	/* Established transfers are never evicted, however old: only embryonic ones go. */
	for (int i = 0; i < 8; i++)
		s[i].established = i != 3;
	tftp_admit(s, 8, V4(7), 3000, "bzImage", &admit_lim, &a);
	assert_int_equal(a.verdict, TFTP_ADMIT_START);
	assert_int_equal(a.n_evict, 1);
	assert_int_equal(a.evict[0], 3);
	s[3].established = true;
	tftp_admit(s, 8, V4(7), 3000, "bzImage", &admit_lim, &a);
	assert_int_equal(a.verdict, TFTP_ADMIT_BUSY);
	assert_int_equal(a.n_evict, 0);
}

static void test_admit_per_client_caps(void **state)
{
	struct tftp_slot s[4];
	struct tftp_admission a;

	/* Two embryonic transfers from one address: its third request evicts its oldest. */
	s[0] = slot(5, 1, "a", false, 30);
	s[1] = slot(5, 2, "b", false, 20);
	s[2] = slot(6, 3, "c", false, 10);
	tftp_admit(s, 3, V4(5), 4, "d", &admit_lim, &a);
	assert_int_equal(a.verdict, TFTP_ADMIT_START);
	assert_int_equal(a.n_evict, 1);
	assert_int_equal(a.evict[0], 1);

	/* max_per_client established transfers: refused, nothing evicted. */
	for (int i = 0; i < 4; i++)
		s[i] = slot(5, (uint16_t)(10 + i), "a", true, (uint64_t)i);
	tftp_admit(s, 4, V4(5), 99, "b", &admit_lim, &a);
	assert_int_equal(a.verdict, TFTP_ADMIT_CLIENT_LIMIT);
	assert_int_equal(a.n_evict, 0);
	/* ... unless one of them is embryonic: that one makes room. */
	s[2].established = false;
	tftp_admit(s, 4, V4(5), 99, "b", &admit_lim, &a);
	assert_int_equal(a.verdict, TFTP_ADMIT_START);
	assert_int_equal(a.n_evict, 1);
	assert_int_equal(a.evict[0], 2);
	/* Another address is not affected by this one's limit. */
	s[2].established = true;
	tftp_admit(s, 4, V4(6), 99, "b", &admit_lim, &a);
	assert_int_equal(a.verdict, TFTP_ADMIT_START);
	assert_int_equal(a.n_evict, 0);
}

/* IPv6 clients: keyed by the full address, never confused with an IPv4 one. */
static void test_admit_ipv6_clients(void **state)
{
	static const uint8_t a6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 5 };
	static const uint8_t b6[16] = { 0x20, 0x01, 0x0d, 0xb8, [14] = 1, [15] = 5 };
	struct tftp_slot s[2] = { slot(5, 1000, "bzImage", true, 10), slot(5, 1000, "bzImage", true, 20) };
	struct tftp_admission a;

	s[1].ip = ip_addr_v6(a6);
	tftp_admit(s, 2, &s[1].ip, 1000, "bzImage", &admit_lim, &a);
	assert_int_equal(a.verdict, TFTP_ADMIT_DUPLICATE);
	assert_int_equal(a.dup, 1);
	struct ip_addr other = ip_addr_v6(b6);
	tftp_admit(s, 2, &other, 1000, "bzImage", &admit_lim, &a);
	assert_int_equal(a.verdict, TFTP_ADMIT_START);
	assert_int_equal(a.n_evict, 0);
}

static void test_file_changes_size(void **state)
{
	struct tftp_xfer x;
	struct capture c;
	size_t len;
	int fd = make_file(2000);

	/* Grows: only the size announced at the start is sent. */
	start(&x, &c, NULL, fd, 2000);
	assert_int_equal(ftruncate(fd, 5000), 0);
	for (uint16_t b = 1; x.state == XFER_RUNNING && b < 10; b++)
		ack(&x, b, 1000 + b);
	assert_int_equal(x.state, XFER_DONE);
	assert_int_equal(tftp_xfer_bytes_done(&x), 2000);
	assert_int_equal(c.len[(c.n - 1) % 16], 4 + 2000 - 3 * 512);

	/* Shrinks under the next block: an ERROR, never a short block posing as the end. */
	assert_int_equal(ftruncate(fd, 2000), 0);
	start(&x, &c, NULL, fd, 2000);
	assert_int_equal(ftruncate(fd, 600), 0);
	ack(&x, 1, 1001);
	const uint8_t *p = last(&c, &len);
	assert_int_equal(get_be16(p), TFTP_ERROR);
	assert_int_equal(x.state, XFER_FAILED);
	assert_non_null(strstr(x.outcome, "changed size"));
	close(fd);
}

static void test_blocked_socket_and_client_error(void **state)
{
	static const char *const opts[] = { "windowsize", "8", NULL };
	struct tftp_xfer x;
	struct capture c;
	int fd = make_file(8000);

	start(&x, &c, opts, fd, 8000);
	c.fail_after = 4; /* OACK + 3 blocks, then the socket is full */
	ack(&x, 0, 1000);
	assert_true(x.blocked);
	assert_int_equal(x.next, 4);
	c.fail_after = 0;
	tftp_xfer_pump(&x, 1001);
	assert_false(x.blocked);
	assert_int_equal(x.next, 9);
	assert_data(&c, 8, 7 * 512, 512);

	uint8_t err[64];
	int n = tftp_build_error(err, sizeof(err), TFTP_ERR_UNDEFINED, "user cancelled");
	tftp_xfer_input(&x, err, (size_t)n, 1002);
	assert_int_equal(x.state, XFER_FAILED);
	assert_string_equal(x.outcome, "client sent ERROR: user cancelled");
	close(fd);
}

static void test_request_checks(void **state)
{
	struct tftp_packet p;
	uint16_t code;
	const char *msg;
	static const uint8_t wrq[] = "\0\2file\0octet";
	static const uint8_t ascii[] = "\0\1file\0NetASCII";
	static const uint8_t mail[] = "\0\1file\0mail";
	static const uint8_t octet[] = "\0\1file\0OCTET";

	assert_int_equal(tftp_parse(wrq, sizeof(wrq), &p), 0);
	assert_int_equal(tftp_check_request(&p, &code, &msg), -WB_EACCES);
	assert_int_equal(code, TFTP_ERR_ACCESS);
	assert_int_equal(tftp_parse(ascii, sizeof(ascii), &p), 0);
	assert_int_equal(tftp_check_request(&p, &code, &msg), -WB_ENOTSUP);
	assert_non_null(strstr(msg, "netascii"));
	assert_int_equal(tftp_parse(mail, sizeof(mail), &p), 0);
	assert_int_equal(tftp_check_request(&p, &code, &msg), -WB_ENOTSUP);
	assert_int_equal(tftp_parse(octet, sizeof(octet), &p), 0);
	assert_int_equal(tftp_check_request(&p, &code, &msg), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_rfc1350),
		cmocka_unit_test(test_options_and_windows),
		cmocka_unit_test(test_block_rollover),
		cmocka_unit_test(test_retransmission_backoff),
		cmocka_unit_test(test_rto_follows_round_trip),
		cmocka_unit_test(test_repeated_ack_resends_once_per_window),
		cmocka_unit_test(test_repeated_request),
		cmocka_unit_test(test_admit_duplicate_request_never_replaces),
		cmocka_unit_test(test_admit_flood_evicts_oldest_embryonic),
		cmocka_unit_test(test_admit_per_client_caps),
		cmocka_unit_test(test_admit_ipv6_clients),
		cmocka_unit_test(test_file_changes_size),
		cmocka_unit_test(test_blocked_socket_and_client_error),
		cmocka_unit_test(test_request_checks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
