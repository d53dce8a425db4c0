// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * net/tftp_client against a scripted TFTP server behind the fake netdev: normal transfers,
 * option fallbacks, loss, duplicates, reordering (blocks ahead of a gap are kept), gap ACKs,
 * the retransmission timeout following the round trip, block number rollover, size
 * mismatches, ERROR messages, timeouts with backoff, and strangers.  Time is the fake clock.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/byteorder.h"
#include "core/errors.h"
#include "net/netif.h"
#include "net/tftp_blocks.h"
#include "net/tftp_client.h"
#include "net/tftp_packet.h"
#include "tests/unit/fake_netdev.h"
#include "tests/unit/fake_platform.h"

#define SERVER_TID 3456
#define MAX_SENT 200000

static const uint8_t server_mac[6] = { 0x52, 0x54, 0x00, 0xaa, 0xbb, 0xcc };

enum server_mode { HONOR_OPTIONS, IGNORE_OPTIONS, REFUSE_OPTIONS };

/* A TFTP server played by the test: answers through fake_netdev_inject, with faults. */
struct server {
	struct fake_netdev *fd;
	uint32_t ip, client_ip;
	uint16_t client_port;
	const uint8_t *file;
	size_t file_len;
	bool missing;              /* answer ERROR 1 */
	bool silent;               /* never answer */
	enum server_mode mode;
	uint32_t max_window;       /* the server's own limit */
	int64_t tsize_lie;         /* added to the announced tsize */
	bool oversize;             /* block 2 is one byte longer than blksize */
	bool no_tsize;             /* leave tsize out of the OACK */
	bool no_window;            /* leave windowsize out of the OACK (lock-step, as tftpd-hpa) */
	bool lose_fragments;       /* lose the second IP fragment of every fragmented datagram */
	bool echo_utimeout;        /* the OACK repeats the RRQ's "utimeout" (as tftpd-hpa does) */
	unsigned fragmented;       /* datagrams sent in IP fragments */
	uint32_t blksize, windowsize;
	uint64_t nblocks;          /* blocks in the file, the last one shorter than blksize */
	uint64_t base;             /* last block acknowledged (64-bit index) */
	uint64_t sent_to;          /* highest block sent */
	bool done;
	/* faults, by 64-bit block index, each applied to the first transmission only */
	uint64_t drop[8];
	uint64_t dup_every;        /* send every block twice when 1 */
	uint64_t swap_first;       /* send this block after the next one */
	uint64_t stall_after;      /* once: stop the window after this block (no timeout of
				    * its own: the client's re-ACK makes it go on) */
	bool stalled;
	uint64_t vanish_after;     /* never send blocks after this one */
	bool stranger;             /* a DATA 1 from another port follows the OACK */
	uint32_t delay_ms;         /* every answer arrives this late: the round-trip time */
	bool skip_delivered;       /* never resend a block that got through (a SACK-like server) */
	uint32_t tail_keep;        /* lose every block past this position of each burst (a NIC
				    * with a small receive buffer); 0 = none */
	uint32_t loss_rng;         /* lose about one block in 6, anywhere (pseudo-random); 0 = none */
	bool delivered[4096];      /* by block, with skip_delivered */
	uint64_t first_sent[8];    /* blocks already sent once (for one-shot faults) */
	/* what the client did */
	unsigned rrqs, acks, data_sent, errors_received, strangers_answered;
	uint16_t ack_log[64];      /* the first ACKs' block numbers */
	uint16_t last_error_code;
	struct tftp_packet rrq;    /* the last RRQ (pointers into rrq_buf) */
	uint8_t rrq_buf[600];
	uint64_t rrq_time[8];
};

static struct server srv;

/* One UDP datagram to the client; larger than a frame holds: in IP fragments of 1480 bytes. */
static void inject_udp(struct server *s, uint16_t sport, const void *payload, size_t len)
{
	static uint8_t dgram[8 + 65536];
	static uint16_t ip_id;
	uint8_t frame[ETH_FRAME_MAX];
	if (len + 8 <= 1480) {
		size_t n = fake_build_udp(frame, s->fd->dev.mac, server_mac, s->ip, s->client_ip,
					  sport, s->client_port, payload, len);
		fake_netdev_inject_delayed(s->fd, s->delay_ms, frame, n);
		return;
	}
	size_t dlen = fake_build_udp_datagram(dgram, s->ip, s->client_ip, sport, s->client_port,
					      payload, len);
	s->fragmented++;
	ip_id++;
	for (size_t off = 0; off < dlen; off += 1480) {
		size_t chunk = dlen - off < 1480 ? dlen - off : 1480;
		if (s->lose_fragments && off == 1480)
			continue;
		uint16_t frag = (uint16_t)((off + chunk < dlen ? 0x2000 : 0) | off / 8);
		size_t n = fake_build_ipv4(frame, s->fd->dev.mac, server_mac, s->ip, s->client_ip, 17,
					   ip_id, frag, dgram + off, chunk);
		fake_netdev_inject_delayed(s->fd, s->delay_ms, frame, n);
	}
}

static bool once(struct server *s, uint64_t block, const uint64_t *set)
{
	for (int i = 0; i < 8; i++) {
		if (set[i] == block) {
			for (int j = 0; j < 8; j++)
				if (s->first_sent[j] == block)
					return false;
			for (int j = 0; j < 8; j++)
				if (!s->first_sent[j]) {
					s->first_sent[j] = block;
					break;
				}
			return true;
		}
	}
	return false;
}

static void build_data(struct server *s, uint64_t block, uint8_t *pkt, size_t *len)
{
	uint64_t off = (block - 1) * s->blksize;
	size_t n = off + s->blksize <= s->file_len ? s->blksize : s->file_len - off;
	if (s->oversize && block == 2)
		n = s->blksize + 1;
	tftp_build_data_header(pkt, 4, (uint16_t)block); /* wraps to 0 after 65535 */
	memcpy(pkt + 4, s->file + off, n <= s->file_len - off ? n : s->file_len - off);
	*len = 4 + n;
}

/* Send the window after s->base, as an RFC 7440 server does on every ACK. */
static void send_window(struct server *s)
{
	static uint8_t pkt[4 + 65536];
	uint8_t held[4 + 65536];
	size_t held_len = 0;

	for (uint64_t b = s->base + 1; b <= s->nblocks && b <= s->base + s->windowsize; b++) {
		size_t len;
		if (s->stall_after && b > s->stall_after && !s->stalled) {
			s->stalled = true;
			return;
		}
		if (s->vanish_after && b > s->vanish_after)
			return;
		if (s->skip_delivered && b < 4096 && s->delivered[b])
			continue;
		build_data(s, b, pkt, &len);
		s->sent_to = b > s->sent_to ? b : s->sent_to;
		s->data_sent++;
		assert_true(s->data_sent < MAX_SENT);
		if (once(s, b, s->drop))
			continue;
		if (s->tail_keep && b - s->base > s->tail_keep)
			continue;
		if (s->loss_rng) {
			s->loss_rng = s->loss_rng * 1103515245 + 12345;
			if ((s->loss_rng >> 16) % 6 == 0)
				continue;
		}
		if (b < 4096)
			s->delivered[b] = true;
		if (s->swap_first == b) {
			memcpy(held, pkt, len);
			held_len = len;
			s->swap_first = 0;
			continue;
		}
		inject_udp(s, SERVER_TID, pkt, len);
		if (s->dup_every)
			inject_udp(s, SERVER_TID, pkt, len);
		if (held_len) {
			inject_udp(s, SERVER_TID, held, held_len);
			held_len = 0;
		}
	}
	if (held_len)
		inject_udp(s, SERVER_TID, held, held_len);
}

/* The value of option `name` in the last RRQ (after the filename and the mode), or NULL. */
static const char *rrq_option(const struct server *s, const char *name)
{
	size_t len = sizeof(s->rrq_buf), pos = 2;
	const char *b = (const char *)s->rrq_buf;

	for (int field = 0; pos < len && b[pos]; field++) {
		const char *str = b + pos;
		pos += strnlen(str, len - pos) + 1;
		if (field >= 2 && field % 2 == 0 && pos < len && strcasecmp(str, name) == 0)
			return b + pos;
	}
	return NULL;
}

static void server_rx(struct server *s, const struct fake_parsed *p)
{
	struct tftp_packet pkt;
	uint8_t out[600];
	int n;

	if (p->dport == TFTP_PORT) {
		assert_true(p->payload_len <= sizeof(s->rrq_buf));
		memset(s->rrq_buf, 0, sizeof(s->rrq_buf));
		memcpy(s->rrq_buf, p->payload, p->payload_len);
		assert_int_equal(tftp_parse(s->rrq_buf, p->payload_len, &s->rrq), 0);
		assert_int_equal(s->rrq.opcode, TFTP_RRQ);
		assert_string_equal(s->rrq.mode, "octet");
		if (s->rrqs < 8)
			s->rrq_time[s->rrqs] = fake_time_us;
		s->rrqs++;
		s->client_port = p->sport;
		if (s->silent)
			return;
		s->base = 0;
		s->sent_to = 0;
		if (s->missing) {
			n = tftp_build_error(out, sizeof(out), TFTP_ERR_NOT_FOUND, "File not found");
			inject_udp(s, SERVER_TID, out, (size_t)n);
			return;
		}
		bool opts = s->rrq.opts.blksize || s->rrq.opts.has_tsize || s->rrq.opts.windowsize;
		if (opts && s->mode == REFUSE_OPTIONS) {
			n = tftp_build_error(out, sizeof(out), TFTP_ERR_OPTION_REFUSED, "no options");
			inject_udp(s, SERVER_TID, out, (size_t)n);
			return;
		}
		s->blksize = TFTP_DEFAULT_BLKSIZE;
		s->windowsize = 1;
		if (opts && s->mode == HONOR_OPTIONS) {
			struct tftp_options o = { 0 };
			if (s->rrq.opts.blksize)
				o.blksize = s->blksize = s->rrq.opts.blksize;
			if (s->rrq.opts.windowsize && !s->no_window)
				o.windowsize = s->windowsize = s->rrq.opts.windowsize < s->max_window
					? s->rrq.opts.windowsize : s->max_window;
			if (s->rrq.opts.has_tsize && !s->no_tsize) {
				o.has_tsize = true;
				o.tsize = (uint64_t)((int64_t)s->file_len + s->tsize_lie);
			}
			s->nblocks = s->file_len / s->blksize + 1;
			n = tftp_build_oack(out, sizeof(out), &o);
			const char *ut = rrq_option(s, "utimeout");
			if (s->echo_utimeout && ut) {
				memcpy(out + n, "utimeout", 9);
				n += 9;
				memcpy(out + n, ut, strlen(ut) + 1);
				n += (int)strlen(ut) + 1;
			}
			inject_udp(s, SERVER_TID, out, (size_t)n);
			if (s->stranger) {
				uint8_t junk[4 + 10] = { 0, TFTP_DATA, 0, 1 };
				memset(junk + 4, 'X', 10);
				inject_udp(s, 7777, junk, sizeof(junk));
			}
			return;
		}
		s->nblocks = s->file_len / s->blksize + 1;
		send_window(s);
		return;
	}
	if (p->dport != SERVER_TID) {
		s->strangers_answered++;
		assert_int_equal(tftp_parse(p->payload, p->payload_len, &pkt), 0);
		assert_int_equal(pkt.opcode, TFTP_ERROR);
		assert_int_equal(pkt.error_code, TFTP_ERR_UNKNOWN_TID);
		return;
	}
	assert_int_equal(tftp_parse(p->payload, p->payload_len, &pkt), 0);
	if (pkt.opcode == TFTP_ERROR) {
		s->errors_received++;
		s->last_error_code = pkt.error_code;
		return;
	}
	assert_int_equal(pkt.opcode, TFTP_ACK);
	if (s->acks < 64)
		s->ack_log[s->acks] = pkt.block;
	s->acks++;
	uint16_t delta = (uint16_t)(pkt.block - (uint16_t)s->base);
	assert_true(delta <= s->sent_to - s->base); /* never ACKs what was not sent */
	s->base += delta;
	if (s->base == s->nblocks) {
		s->done = true;
		return;
	}
	send_window(s);
}

static void on_transmit(struct fake_netdev *fd, const uint8_t *frame, size_t len)
{
	struct fake_parsed p;
	uint8_t reply[ETH_FRAME_MAX];

	assert_int_equal(fake_parse(frame, len, &p), 0);
	if (p.ethertype == 0x0806 && p.arp_op == 1 && p.arp_tpa == srv.ip) {
		size_t n = fake_build_arp(reply, p.src_mac, 2, server_mac, srv.ip, p.src_mac, p.arp_spa);
		fake_netdev_inject(fd, reply, n);
	} else if (p.ethertype == 0x0800 && p.proto == 17) {
		assert_true(p.udp_csum_ok);
		srv.client_ip = p.src;
		server_rx(&srv, &p);
	}
	fake_netdev_clear_tx(fd);
}

/* ---- fixtures --------------------------------------------------------------------------- */

static struct fake_netdev fdev;
static struct netif nif;
static uint8_t *file;

/* A destination that records how it was asked. */
struct dest_log {
	unsigned exact_calls, grow_calls;
	size_t exact_size;
	uint8_t *exact_buf;
};

static uint8_t *logging_reserve(void *ctx, uint8_t *old, size_t used, size_t size, bool exact,
				size_t *cap)
{
	struct dest_log *log = ctx;
	uint8_t *p = tftp_reserve_heap(NULL, old, used, size, exact, cap);
	if (exact) {
		log->exact_calls++;
		log->exact_size = size;
		log->exact_buf = p;
	} else {
		log->grow_calls++;
	}
	return p;
}

static int setup(void **state)
{
	(void)state;
	memset(&srv, 0, sizeof(srv));
	fake_netdev_init(&fdev, "fake0", 1);
	fdev.on_transmit = on_transmit;
	netif_init(&nif, &fdev.dev);
	netif_configure(&nif, fake_ip(10, 0, 0, 2), fake_ip(255, 255, 255, 0), 0);
	srv.fd = &fdev;
	srv.ip = fake_ip(10, 0, 0, 1);
	srv.max_window = 64;
	tftp_window_hint_forget(&nif);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	netif_shutdown(&nif);
	fake_netdev_free(&fdev);
	free(file);
	file = NULL;
	return 0;
}

/* A file of n pseudo-random bytes as the server's. */
static void make_file(size_t n)
{
	file = malloc(n ? n : 1);
	uint32_t x = 12345;
	for (size_t i = 0; i < n; i++) {
		x = x * 1103515245 + 12345;
		file[i] = (uint8_t)(x >> 16);
	}
	srv.file = file;
	srv.file_len = n;
}

static int fetch(const char *name, struct dest_log *log, struct tftp_result *res,
		 uint32_t blksize, bool no_options)
{
	struct tftp_request req = {
		.server = {.family = IP_ADDR_V4, .v4 = srv.ip},
		.filename = name,
		.blksize = blksize,
		.no_options = no_options,
		.dest = { logging_reserve, log },
	};
	return tftp_fetch(&nif, &req, res);
}

static void assert_file(const struct tftp_result *res)
{
	assert_int_equal(res->len, srv.file_len);
	if (srv.file_len)
		assert_memory_equal(res->data, srv.file, srv.file_len);
}

/* ---- tests ------------------------------------------------------------------------------ */

static void test_normal_transfer_lands_in_place(void **state)
{
	(void)state;
	struct dest_log log = { 0 };
	struct tftp_result res;
	make_file(100000);

	assert_int_equal(fetch("bzImage", &log, &res, 0, false), 0);
	assert_file(&res);
	/* Asked: the largest block for a 1500 MTU, tsize 0, window 16. */
	assert_string_equal(srv.rrq.filename, "bzImage");
	assert_int_equal(srv.rrq.opts.blksize, 1468);
	assert_true(srv.rrq.opts.has_tsize);
	assert_int_equal(srv.rrq.opts.tsize, 0);
	assert_int_equal(srv.rrq.opts.windowsize, 16);
	/* The size came first: one exact reservation, and the data is in that buffer. */
	assert_int_equal(log.exact_calls, 1);
	assert_int_equal(log.grow_calls, 0);
	assert_int_equal(log.exact_size, 100000);
	assert_ptr_equal(res.data, log.exact_buf);
	assert_true(res.negotiated && res.size_known);
	assert_int_equal(res.blksize, 1468);
	assert_int_equal(res.windowsize, 16);
	/* 100000 / 1468 = 68 full blocks + 1: ACK 0, one per window of 16 (4), the last one. */
	assert_true(srv.done);
	assert_int_equal(srv.acks, 1 + 4 + 1);
	assert_int_equal(srv.data_sent, 69);
	assert_int_equal(res.timeouts, 0);
	assert_int_equal(srv.rrqs, 1);
	free(res.data);
}

static void test_exact_multiple_of_blksize_and_empty_file(void **state)
{
	(void)state;
	struct dest_log log = { 0 };
	struct tftp_result res;
	make_file(1468 * 32); /* two full windows, then an empty final block */

	assert_int_equal(fetch("f", &log, &res, 0, false), 0);
	assert_file(&res);
	assert_int_equal(srv.data_sent, 33);
	free(res.data);
	free(file);

	struct dest_log log2 = { 0 };
	make_file(0);
	assert_int_equal(fetch("empty", &log2, &res, 0, false), 0);
	assert_int_equal(res.len, 0);
	assert_int_equal(log2.exact_calls + log2.grow_calls, 0);
	assert_null(res.data);
}

static void test_server_ignores_options(void **state)
{
	(void)state;
	struct dest_log log = { 0 };
	struct tftp_result res;
	make_file(300000);
	srv.mode = IGNORE_OPTIONS;

	assert_int_equal(fetch("initrd", &log, &res, 0, false), 0);
	assert_file(&res);
	assert_false(res.negotiated);
	assert_false(res.size_known);
	assert_int_equal(res.blksize, 512);
	assert_int_equal(res.windowsize, 1);
	assert_int_equal(log.exact_calls, 0);
	assert_true(log.grow_calls >= 1 && log.grow_calls <= 4); /* doubling, not per block */
	assert_int_equal(srv.acks, 300000 / 512 + 1);
	free(res.data);
}

static void test_option_refused_retries_plain(void **state)
{
	(void)state;
	struct dest_log log = { 0 };
	struct tftp_result res;
	make_file(5000);
	srv.mode = REFUSE_OPTIONS;

	assert_int_equal(fetch("k", &log, &res, 0, false), 0);
	assert_file(&res);
	assert_int_equal(srv.rrqs, 2);
	assert_int_equal(srv.rrq.opts.blksize, 0); /* the second request has no options */
	assert_false(srv.rrq.opts.has_tsize);
	assert_false(res.negotiated);
	free(res.data);
}

static void test_no_options_flag(void **state)
{
	(void)state;
	struct dest_log log = { 0 };
	struct tftp_result res;
	make_file(2000);

	assert_int_equal(fetch("k", &log, &res, 0, true), 0);
	assert_file(&res);
	assert_int_equal(srv.rrq.unknown_options, 0);
	assert_int_equal(srv.rrq.opts.blksize, 0);
	assert_false(res.negotiated);
	free(res.data);
}

static void test_lost_block_inside_window(void **state)
{
	(void)state;
	struct dest_log log = { 0 };
	struct tftp_result res;
	make_file(1468 * 40 + 7);
	srv.drop[0] = 5;  /* in the 1st window */
	srv.drop[1] = 25; /* in the window sent after ACK 20 */

	assert_int_equal(fetch("k", &log, &res, 0, false), 0);
	assert_file(&res);
	assert_int_equal(res.gaps, 2);
	assert_int_equal(res.timeouts, 0); /* the gap ACKs recovered at once */
	/* 1-16 (5 lost), ACK 4 as soon as 6 came: 5-20, ACK 20: 21-36 (25 lost), ACK 24: 25-40,
	 * ACK 40: 41.  6-16 and 26-36 were kept the first time: their resends are duplicates. */
	assert_int_equal(srv.data_sent, 16 * 4 + 1);
	assert_int_equal(srv.acks, 6);
	static const uint16_t want[] = { 0, 4, 20, 24, 40, 41 };
	for (int i = 0; i < 6; i++)
		assert_int_equal(srv.ack_log[i], want[i]);
	assert_int_equal(res.duplicates, 22);
	free(res.data);
}

static void test_lost_last_block_of_window_recovered_by_timer(void **state)
{
	(void)state;
	struct dest_log log = { 0 };
	struct tftp_result res;
	make_file(1468 * 40 + 7);
	srv.drop[0] = 16;
	uint64_t t0 = fake_time_us;

	assert_int_equal(fetch("k", &log, &res, 0, false), 0);
	assert_file(&res);
	assert_int_equal(res.timeouts, 1);
	assert_int_equal(res.gaps, 0);
	/* The fake server answers within a poll: the timeout is the floor, 50 ms, not 300. */
	assert_int_equal(res.rto_us, TFTP_CLIENT_RTO_MIN_MS * 1000);
	assert_true(fake_time_us - t0 >= TFTP_CLIENT_RTO_MIN_MS * 1000);
	assert_true(fake_time_us - t0 < 2 * TFTP_CLIENT_RTO_MIN_MS * 1000);
	free(res.data);
}

/* Lock-step: a lost block is asked for again after the lower floor, 10 ms, not 50. */
static void test_lockstep_lost_block_recovered_sooner(void **state)
{
	(void)state;
	struct dest_log log = { 0 };
	struct tftp_result res;
	make_file(1468 * 40 + 7);
	srv.no_window = true;
	srv.drop[0] = 16;

	assert_int_equal(fetch("k", &log, &res, 0, false), 0);
	assert_file(&res);
	assert_int_equal(res.windowsize, 1);
	assert_int_equal(res.timeouts, 1); /* the timer (armed with rto_us) asked again */
	assert_int_equal(res.rto_us, TFTP_CLIENT_RTO_MIN_LOCKSTEP_MS * 1000);
	free(res.data);
}

static void test_duplicates_ignored_without_extra_acks(void **state)
{
	(void)state;
	struct dest_log log = { 0 };
	struct tftp_result res;
	make_file(1468 * 50 + 3);
	srv.dup_every = 1;

	assert_int_equal(fetch("k", &log, &res, 0, false), 0);
	assert_file(&res);
	assert_int_equal(res.duplicates, 50); /* the last one's twin comes after the end */
	/* ACK 0, 3 full windows, the last block: duplicates never caused an ACK. */
	assert_int_equal(srv.acks, 1 + 3 + 1);
	assert_int_equal(srv.data_sent, 51);
	free(res.data);
}

static void test_windowsize_one_duplicates_do_not_double(void **state)
{
	(void)state;
	struct dest_log log = { 0 };
	struct tftp_result res;
	make_file(512 * 30 + 1);
	srv.mode = IGNORE_OPTIONS; /* lock-step, the classic sorcerer's apprentice setting */
	srv.dup_every = 1;

	assert_int_equal(fetch("k", &log, &res, 0, false), 0);
	assert_file(&res);
	assert_int_equal(srv.acks, 31);      /* one ACK per block, not two */
	assert_int_equal(srv.data_sent, 31); /* so the server never sends a block twice */
	free(res.data);
}

/*
 * Every request with options asks tftp-hpa for a 100 ms retransmission timer ("utimeout",
 * in microseconds); tftpd-hpa's OACK repeats it, which the client accepts as an option it
 * does not need to know.  The request without options (RFC 1350) has none.
 */
static void test_rrq_asks_lockstep_server_for_short_timer(void **state)
{
	(void)state;
	struct dest_log log = { 0 };
	struct tftp_result res;
	make_file(1468 * 20 + 5);
	srv.no_window = true;
	srv.echo_utimeout = true;

	assert_int_equal(fetch("k", &log, &res, 0, false), 0);
	assert_file(&res);
	assert_non_null(rrq_option(&srv, "utimeout"));
	assert_string_equal(rrq_option(&srv, "utimeout"), "100000");
	assert_int_equal(TFTP_SERVER_UTIMEOUT_MS * 1000, 100000);
	assert_int_equal(srv.rrq.unknown_options, 1);
	assert_string_equal(rrq_option(&srv, "blksize"), "1468"); /* the others are intact */
	assert_int_equal(res.windowsize, 1);
	assert_int_equal(srv.acks, 1 + 21); /* lock-step: ACK 0, then one per block */
	free(res.data);
	free(file);

	memset(&srv.rrq_buf, 0, sizeof(srv.rrq_buf));
	make_file(100);
	assert_int_equal(fetch("k", &log, &res, 0, true), 0);
	assert_file(&res);
	assert_null(rrq_option(&srv, "utimeout"));
	free(res.data);
}

static void test_reordered_blocks(void **state)
{
	(void)state;
	struct dest_log log = { 0 };
	struct tftp_result res;
	make_file(1468 * 30 + 100);
	srv.swap_first = 3; /* 1 2 4 3 5 ... */

	/* 4 before 3: 4 is kept and ACK 2 goes out at once; 3 fills the gap, 5-16 follow.  The
	 * server resends 3-18 after ACK 2: 3-16 are duplicates, 18 completes the window. */
	assert_int_equal(fetch("k", &log, &res, 0, false), 0);
	assert_file(&res);
	assert_int_equal(res.gaps, 1);
	assert_int_equal(res.duplicates, 14);
	assert_int_equal(res.timeouts, 0);
	assert_int_equal(srv.ack_log[1], 2);
	assert_int_equal(srv.ack_log[2], 18);
	free(res.data);
}

static void test_out_of_order_blocks_kept(void **state)
{
	(void)state;
	struct dest_log log = { 0 };
	struct tftp_result res;
	make_file(1468 * 40 + 7);
	srv.drop[0] = 5;
	srv.drop[1] = 30;
	srv.skip_delivered = true; /* resends only what was lost: 6-16 must have been kept */

	assert_int_equal(fetch("k", &log, &res, 0, false), 0);
	assert_file(&res);
	assert_int_equal(res.timeouts, 0);
	assert_int_equal(res.duplicates, 0);
	assert_int_equal(res.gaps, 2);
	assert_int_equal(srv.data_sent, 41 + 2); /* every block once, the two lost ones twice */
	free(res.data);
}

static void test_out_of_order_without_tsize(void **state)
{
	(void)state;
	struct dest_log log = { 0 };
	struct tftp_result res;
	make_file(1468 * 100 + 9);
	srv.tsize_lie = 0;
	srv.drop[0] = 44; /* the buffer grows while 45.. wait ahead of the gap */
	srv.drop[1] = 101; /* the short last block comes after a gap too */
	srv.skip_delivered = true;

	struct tftp_request req = { .server = {.family = IP_ADDR_V4, .v4 = srv.ip}, .filename = "k", .windowsize = 64,
				    .no_options = false, .dest = { logging_reserve, &log } };
	srv.mode = HONOR_OPTIONS;
	srv.no_tsize = true;
	assert_int_equal(tftp_fetch(&nif, &req, &res), 0);
	assert_file(&res);
	assert_false(res.size_known);
	assert_int_equal(res.windowsize, 64);
	assert_int_equal(res.timeouts, 1); /* 101 is the last block: only the timer tells */
	assert_true(log.grow_calls >= 2);
	free(res.data);
}

static void test_rto_follows_round_trip(void **state)
{
	(void)state;
	struct dest_log log = { 0 };
	struct tftp_result res;
	make_file(1468 * 320 + 5);
	srv.delay_ms = 100;
	srv.drop[0] = 160; /* the last block of the 10th window: only the timer recovers it */
	uint64_t t0 = fake_time_us;

	assert_int_equal(fetch("k", &log, &res, 0, false), 0);
	assert_file(&res);
	/* Every answer took 100 ms (+ a poll): SRTT converges there, RTTVAR decays, and no
	 * timer fired early: the one timeout is the lost block's. */
	assert_int_equal(res.timeouts, 1);
	assert_true(res.srtt_us >= 100000 && res.srtt_us <= 103000);
	assert_true(res.rto_us >= 100000 && res.rto_us <= 130000);
	/* 21 windows and the OACK at 100 ms each, plus one timeout well under 300 ms + RTT. */
	uint64_t ms = (fake_time_us - t0) / 1000;
	assert_true(ms >= 2200 + 100 && ms < 2200 + 100 + 300);
	free(res.data);
}

static void test_block_number_rollover(void **state)
{
	(void)state;
	struct dest_log log = { 0 };
	struct tftp_result res;
	size_t len = (size_t)65536 * 8 + 100; /* 65548 blocks of 8 bytes: wraps past 65535 */
	make_file(len);
	srv.max_window = 64;

	struct tftp_request req = { .server = {.family = IP_ADDR_V4, .v4 = srv.ip}, .filename = "big", .blksize = 8,
				    .windowsize = 64, .dest = { logging_reserve, &log } };
	assert_int_equal(tftp_fetch(&nif, &req, &res), 0);
	assert_file(&res);
	assert_int_equal(res.blksize, 8);
	assert_int_equal(srv.nblocks, 65549);
	assert_int_equal(srv.data_sent, 65549);
	assert_int_equal(res.duplicates, 0);
	free(res.data);
}

static void test_more_data_than_tsize(void **state)
{
	(void)state;
	struct dest_log log = { 0 };
	struct tftp_result res;
	make_file(10000);
	srv.tsize_lie = -1000;

	assert_int_equal(fetch("k", &log, &res, 0, false), -WB_EPROTO);
	assert_string_equal(res.error, "k: more data than the size it announced from 10.0.0.1");
	assert_int_equal(log.exact_size, 9000);
	assert_int_equal(srv.errors_received, 1); /* the server was told to stop */
	assert_true(res.len <= 9000);
	free(res.data);
}

static void test_less_data_than_tsize(void **state)
{
	(void)state;
	struct dest_log log = { 0 };
	struct tftp_result res;
	make_file(10000);
	srv.tsize_lie = 1000;

	assert_int_equal(fetch("k", &log, &res, 0, false), -WB_EPROTO);
	assert_string_equal(res.error, "k: 10.0.0.1 announced 11000 bytes but sent 10000");
	free(res.data);
}

static void test_block_larger_than_blksize(void **state)
{
	(void)state;
	struct dest_log log = { 0 };
	struct tftp_result res;
	make_file(10000);
	srv.oversize = true;

	assert_int_equal(fetch("k", &log, &res, 1024, false), -WB_EPROTO);
	assert_string_equal(res.error,
			    "k: a block larger than the negotiated block size from 10.0.0.1");
	assert_int_equal(srv.last_error_code, TFTP_ERR_ILLEGAL_OP);
	free(res.data);
}

static void test_file_not_found_message(void **state)
{
	(void)state;
	struct dest_log log = { 0 };
	struct tftp_result res;
	make_file(10);
	srv.missing = true;

	assert_int_equal(fetch("pxelinux.cfg/01-52-54-00-12-34-56", &log, &res, 0, false),
			 -WB_ENOENT);
	assert_string_equal(res.error, "file not found: pxelinux.cfg/01-52-54-00-12-34-56 on 10.0.0.1");
	assert_int_equal(res.tftp_error, TFTP_ERR_NOT_FOUND);
	assert_int_equal(srv.errors_received, 0); /* no ERROR answers an ERROR */
	assert_null(res.data);
}

static void test_timeout_with_backoff(void **state)
{
	(void)state;
	struct dest_log log = { 0 };
	struct tftp_result res;
	make_file(10);
	srv.silent = true;
	uint64_t t0 = fake_time_us;

	assert_int_equal(fetch("k", &log, &res, 0, false), -WB_ETIMEDOUT);
	assert_string_equal(res.error, "k: no answer from 10.0.0.1");
	assert_int_equal(srv.rrqs, TFTP_REQUEST_TRIES);
	/* 1 s, 2 s, 4 s between the requests, then 8 s before giving up (1 ms polling slack). */
	uint64_t want[] = { 0, 1000, 3000, 7000 };
	for (int i = 0; i < TFTP_REQUEST_TRIES; i++) {
		uint64_t ms = (srv.rrq_time[i] - t0) / 1000;
		if (ms < want[i] || ms > want[i] + 5)
			fail_msg("RRQ %d at %llu ms, want %llu", i, (unsigned long long)ms,
				 (unsigned long long)want[i]);
	}
	uint64_t total = (fake_time_us - t0) / 1000;
	assert_true(total >= 15000 && total <= 15010);
}

static void test_server_stalls_once(void **state)
{
	(void)state;
	struct dest_log log = { 0 };
	struct tftp_result res;
	make_file(1468 * 40);
	srv.stall_after = 20; /* the 2nd window stops after 4 blocks */

	/* The client re-ACKs block 20 after its timeout and the server goes on from there. */
	assert_int_equal(fetch("k", &log, &res, 0, false), 0);
	assert_file(&res);
	assert_int_equal(res.timeouts, 1);
	assert_int_equal(srv.data_sent, 41);
	free(res.data);
}

static void test_server_vanishes(void **state)
{
	(void)state;
	struct dest_log log = { 0 };
	struct tftp_result res;
	make_file(1468 * 40);
	srv.vanish_after = 16;
	uint64_t t0 = fake_time_us;

	assert_int_equal(fetch("vmlinuz", &log, &res, 0, false), -WB_ETIMEDOUT);
	assert_string_equal(res.error, "vmlinuz: 10.0.0.1 stopped sending after 23488 bytes");
	/* ACK 16 repeated after 50, 100, 200, ... 1600, then every 2000 ms; gives up after
	 * TFTP_DATA_SILENCE_MS without progress: 11 repeats. */
	assert_int_equal(res.timeouts, 11);
	assert_int_equal(srv.acks, 1 + 1 + 11);
	uint64_t ms = (fake_time_us - t0) / 1000;
	assert_true(ms >= TFTP_DATA_SILENCE_MS && ms < TFTP_DATA_SILENCE_MS + 100);
	free(res.data);
}

static void test_stranger_gets_error_5(void **state)
{
	(void)state;
	struct dest_log log = { 0 };
	struct tftp_result res;
	make_file(1468 * 3);
	srv.stranger = true;

	assert_int_equal(fetch("k", &log, &res, 0, false), 0);
	assert_file(&res); /* the stranger's 'X' bytes were not taken */
	assert_int_equal(srv.strangers_answered, 1);
	free(res.data);
}

static void test_tail_drop_reduces_window_for_next_request(void **state)
{
	(void)state;
	struct dest_log log = { 0 };
	struct tftp_result res;
	make_file(1468 * 200 + 11);
	srv.tail_keep = 5; /* 5 frames fit the NIC's buffer: 6-16 of every burst are lost */

	assert_int_equal(tftp_window_hint(&nif), 0);
	assert_int_equal(fetch("k", &log, &res, 0, false), 0);
	assert_file(&res);
	assert_int_equal(srv.rrq.opts.windowsize, 16);
	assert_int_equal(res.windowsize, 16);
	assert_true(res.timeouts > 0);
	assert_int_equal(tftp_window_hint(&nif), 4);
	free(res.data);

	/* The next request asks for 4: every burst fits, nothing is lost. */
	memset(&log, 0, sizeof(log));
	srv.done = false;
	srv.acks = srv.data_sent = 0;
	assert_int_equal(fetch("initrd", &log, &res, 0, false), 0);
	assert_file(&res);
	assert_int_equal(srv.rrq.opts.windowsize, 4);
	assert_int_equal(res.windowsize, 4);
	assert_int_equal(res.timeouts, 0);
	assert_int_equal(res.gaps, 0);
	assert_int_equal(srv.data_sent, 201);
	assert_int_equal(tftp_window_hint(&nif), 4);
	free(res.data);

	/* Forgetting restores the default. */
	tftp_window_hint_forget(&nif);
	assert_int_equal(fetch("k", &log, &res, 0, false), 0);
	assert_int_equal(srv.rrq.opts.windowsize, 16);
	free(res.data);
}

static void test_tail_drop_early_in_large_file_restarts(void **state)
{
	(void)state;
	struct dest_log log = { 0 };
	struct tftp_result res;
	make_file(1468 * 2000 + 11); /* 2.9 MB: the 8 watched windows are well under a tenth */
	srv.tail_keep = 5;

	assert_int_equal(fetch("bzImage", &log, &res, 0, false), 0);
	assert_file(&res);
	/* The old transfer was told to stop, the new request asked for 4 from a new port. */
	assert_int_equal(srv.rrqs, 2);
	assert_int_equal(srv.errors_received, 1);
	assert_int_equal(srv.last_error_code, TFTP_ERR_UNDEFINED);
	assert_int_equal(srv.rrq.opts.windowsize, 4);
	assert_int_equal(res.windowsize, 4);
	assert_true(res.negotiated && res.size_known);
	/* One exact reservation, kept across the restart. */
	assert_int_equal(log.exact_calls, 1);
	assert_int_equal(log.grow_calls, 0);
	assert_ptr_equal(res.data, log.exact_buf);
	/* 8 short windows before, then none lost: only the 8 timeouts of the watched ones. */
	assert_int_equal(res.timeouts, TFTP_TUNE_WINDOWS);
	assert_int_equal(tftp_window_hint(&nif), 4);
	free(res.data);
}

/*
 * A lock-step server (no windowsize in its OACK) and a large file: the transfer starts over
 * at once asking for 65464-byte blocks (IP fragments, reassembled), and the next request to
 * that server asks for them straight away.
 */
static void test_lockstep_server_gets_big_blocks(void **state)
{
	(void)state;
	struct dest_log log = { 0 };
	struct tftp_result res;
	make_file(TFTP_BIG_RESTART_MIN_BYTES + 100000);
	srv.no_window = true;
	assert_int_equal(fetch("bzImage", &log, &res, 0, false), 0);
	assert_file(&res);
	assert_int_equal(srv.rrqs, 2);
	assert_int_equal(srv.errors_received, 1); /* the first transfer was told to stop */
	assert_int_equal(srv.rrq.opts.blksize, TFTP_BIG_BLKSIZE);
	assert_int_equal(srv.rrq.opts.windowsize, 0);
	assert_int_equal(res.blksize, TFTP_BIG_BLKSIZE);
	assert_int_equal(res.timeouts, 0);
	assert_int_equal(srv.fragmented, srv.file_len / TFTP_BIG_BLKSIZE + 1); /* all blocks */
	assert_int_equal(log.exact_calls, 1); /* the buffer was kept across the restart */
	assert_int_equal(tftp_block_hint(&nif, &(struct ip_addr){ .family = IP_ADDR_V4, .v4 = srv.ip }), TFTP_BLOCKS_BIG);
	free(res.data);
	struct tftp_result small;
	free(file);
	make_file(5000);
	assert_int_equal(fetch("cfg", &log, &small, 0, false), 0);
	assert_file(&small);
	assert_int_equal(srv.rrqs, 3);
	assert_int_equal(srv.rrq.opts.blksize, TFTP_BIG_BLKSIZE);
	free(small.data);
}

/* Big blocks whose fragments keep getting lost: back to MTU-sized blocks, for good. */
static void test_big_blocks_losing_fragments_fall_back(void **state)
{
	(void)state;
	struct dest_log log = { 0 };
	struct tftp_result res;
	make_file(300000);
	srv.no_window = true;
	srv.lose_fragments = true;
	tftp_block_hint_set(&nif, &(struct ip_addr){ .family = IP_ADDR_V4, .v4 = srv.ip }, TFTP_BLOCKS_BIG);
	assert_int_equal(fetch("bzImage", &log, &res, 0, false), 0);
	assert_file(&res);
	assert_int_equal(srv.rrqs, 2);
	assert_int_equal(res.timeouts, TFTP_BIG_GIVE_UP_TIMEOUTS);
	assert_int_equal(srv.rrq.opts.blksize, 1468);
	assert_int_equal(srv.rrq.opts.windowsize, TFTP_CLIENT_WINDOWSIZE);
	assert_int_equal(res.blksize, 1468);
	assert_int_equal(tftp_block_hint(&nif, &(struct ip_addr){ .family = IP_ADDR_V4, .v4 = srv.ip }), TFTP_BLOCKS_MTU);
	free(res.data);
}

static void test_clean_link_keeps_window(void **state)
{
	(void)state;
	struct dest_log log = { 0 };
	struct tftp_result res;
	make_file(1468 * 300 + 5);

	assert_int_equal(fetch("k", &log, &res, 0, false), 0);
	assert_file(&res);
	assert_int_equal(res.gaps + res.timeouts, 0);
	assert_int_equal(tftp_window_hint(&nif), 0);
	free(res.data);
	assert_int_equal(fetch("k", &log, &res, 0, false), 0);
	assert_int_equal(srv.rrq.opts.windowsize, 16);
	free(res.data);
}

static void test_random_loss_keeps_window(void **state)
{
	(void)state;
	struct dest_log log = { 0 };
	struct tftp_result res;
	make_file(1468 * 300 + 5);
	srv.loss_rng = 777; /* about 1 block in 6 lost, at any position of a window */

	assert_int_equal(fetch("k", &log, &res, 0, false), 0);
	assert_file(&res);
	assert_true(res.gaps + res.timeouts >= TFTP_TUNE_GAPPED); /* the loss was seen */
	uint16_t hint = tftp_window_hint(&nif);
	assert_true(hint == 0 || hint >= 8);
	free(res.data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_normal_transfer_lands_in_place, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exact_multiple_of_blksize_and_empty_file, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_server_ignores_options, setup, teardown),
		cmocka_unit_test_setup_teardown(test_option_refused_retries_plain, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_options_flag, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rrq_asks_lockstep_server_for_short_timer, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_lost_block_inside_window, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lost_last_block_of_window_recovered_by_timer,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicates_ignored_without_extra_acks, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_windowsize_one_duplicates_do_not_double, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_reordered_blocks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_out_of_order_blocks_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(test_out_of_order_without_tsize, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rto_follows_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_block_number_rollover, setup, teardown),
		cmocka_unit_test_setup_teardown(test_more_data_than_tsize, setup, teardown),
		cmocka_unit_test_setup_teardown(test_less_data_than_tsize, setup, teardown),
		cmocka_unit_test_setup_teardown(test_block_larger_than_blksize, setup, teardown),
		cmocka_unit_test_setup_teardown(test_file_not_found_message, setup, teardown),
		cmocka_unit_test_setup_teardown(test_timeout_with_backoff, setup, teardown),
		cmocka_unit_test_setup_teardown(test_server_stalls_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_server_vanishes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stranger_gets_error_5, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tail_drop_reduces_window_for_next_request,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_tail_drop_early_in_large_file_restarts, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_lockstep_server_gets_big_blocks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lockstep_lost_block_recovered_sooner, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_big_blocks_losing_fragments_fall_back, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_clean_link_keeps_window, setup, teardown),
		cmocka_unit_test_setup_teardown(test_random_loss_keeps_window, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
