// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * TFTP client (see net/tftp_client.h).
 *
 * The receive callback only updates the transfer's state and notes what must be sent
 * (an ACK, an ERROR to the server or to a stranger, a new request); the poll loop sends it
 * after net_poll() returns.  Sending may poll the interface again (ARP), so nothing is ever
 * sent from inside the receive path.
 */
#include <stdarg.h>

#include "core/errors.h"
#include "core/heap.h"
#include "core/printf.h"
#include "core/progress.h"
#include "core/string.h"
#include "core/time.h"
#include "net/netif.h"
#include "net/tftp_blocks.h"
#include "net/tftp_client.h"
#include "net/udp.h"

enum tftp_state { ST_REQUEST, ST_DATA, ST_DONE, ST_FAILED };

struct tftp_conn {
	struct netif *nif;
	const struct tftp_request *req;
	struct tftp_result *res;
	struct udp_sock sock;
	bool sock_open;
	enum tftp_state state;
	int err;
	char server[IP_ADDR_STRLEN];

	bool with_options;        /* the current RRQ carries options */
	uint32_t ask_blksize;
	uint16_t ask_window;      /* 0: not asked */
	uint32_t mtu_blksize;     /* the largest block without IP fragments */
	uint16_t normal_window;   /* what is asked when big blocks are not */
	bool big;                 /* asked for TFTP_BIG_BLKSIZE (net/tftp_blocks.h) */
	unsigned big_timeouts;
	uint16_t tid;             /* the server's port for this transfer, once known */
	bool have_tid;

	size_t cap;               /* bytes res->data can hold */
	uint64_t tsize;
	uint64_t received;        /* blocks received in order */
	uint64_t ahead;           /* bit k: block received + 1 + k arrived (ahead of a gap) */
	uint32_t accept;          /* blocks after `received` that are kept: min(window, 64) */
	uint64_t end_block;       /* the last block (shorter than blksize) once seen, else 0 */
	size_t end_len;
	uint64_t last_ack;        /* the block the last ACK named */
	bool gap_acked;           /* an early ACK was sent since the last window ACK */

	/* Round-trip time (RFC 6298 style, integers): sampled from an ACK or RRQ sent once
	 * to the first new packet it brings, never across a retransmission (Karn). */
	bool rtt_armed, rtt_valid;
	uint64_t rtt_sent_us, rtt_block;
	uint32_t srtt_us, rttvar_us, rto_us;
	uint64_t progress_us;     /* when a block last moved the transfer forward */

	/* What the poll loop must send next. */
	bool ack_pending;
	uint16_t ack_block;
	bool error_pending;       /* an ERROR to the server before giving up */
	uint16_t error_code;
	const char *error_text;
	bool stranger_pending;    /* ERROR 5 to a packet from a foreign transfer ID */
	struct ip_addr stranger;
	uint16_t stranger_port;
	bool restart_pending;     /* send the request again without options */
	bool retune_pending;      /* start over asking for the smaller window ask_window */

	uint64_t start_us, deadline_us;
	uint32_t timeout_us;      /* the current wait (backed off on each timeout) */
	unsigned tries;
	struct progress progress;
	bool progress_started;

	/* Window autotuning: of the first windows, how many lost their tail, and the fewest
	 * and most blocks that arrived in order before the first loss. */
	unsigned tune_windows, tune_gapped;
	uint32_t tune_min, tune_max;
};

/* Window hints learnt per netif (a firmware has one or two). */
#define TFTP_HINT_SLOTS 4
static struct {
	const struct netif *nif;
	uint16_t window;
} window_hints[TFTP_HINT_SLOTS];

uint16_t tftp_window_hint(const struct netif *nif)
{
	for (unsigned i = 0; i < TFTP_HINT_SLOTS; i++)
		if (window_hints[i].nif == nif)
			return window_hints[i].window;
	return 0;
}

void tftp_window_hint_forget(const struct netif *nif)
{
	tftp_block_hints_forget(nif);
	for (unsigned i = 0; i < TFTP_HINT_SLOTS; i++)
		if (window_hints[i].nif == nif)
			window_hints[i].nif = NULL;
}

/* Remember `window` for `nif`: in its slot, else a free one, else the first. */
static void set_window_hint(const struct netif *nif, uint16_t window)
{
	unsigned slot = TFTP_HINT_SLOTS;

	for (unsigned i = 0; i < TFTP_HINT_SLOTS && slot == TFTP_HINT_SLOTS; i++)
		if (window_hints[i].nif == nif)
			slot = i;
	for (unsigned i = 0; i < TFTP_HINT_SLOTS && slot == TFTP_HINT_SLOTS; i++)
		if (!window_hints[i].nif)
			slot = i;
	if (slot == TFTP_HINT_SLOTS)
		slot = 0;
	window_hints[slot].nif = nif;
	window_hints[slot].window = window;
}

/* Record the first failure: state, code and the message naming the file and the server. */
static void fail(struct tftp_conn *c, int err, const char *fmt, ...) WB_PRINTF(3, 4);
static void fail(struct tftp_conn *c, int err, const char *fmt, ...)
{
	va_list ap;

	if (c->state == ST_FAILED)
		return;
	c->state = ST_FAILED;
	c->err = err;
	va_start(ap, fmt);
	wb_vsnprintf(c->res->error, sizeof(c->res->error), fmt, ap);
	va_end(ap);
}

/* Fail and tell the server why (an ERROR packet), so it stops sending. */
static void fail_tell_server(struct tftp_conn *c, uint16_t code, const char *text, int err,
			     const char *what)
{
	c->error_pending = true;
	c->error_code = code;
	c->error_text = text;
	fail(c, err, "%s: %s from %s", c->req->filename, what, c->server);
}

/* ACK block `block` (64-bit count; wraps on the wire). */
static void queue_ack(struct tftp_conn *c, uint64_t block)
{
	c->ack_pending = true;
	c->ack_block = (uint16_t)block;
	c->last_ack = block;
}

/* An ACK that asks for the next window: the first new block it brings is an RTT sample. */
static void queue_window_ack(struct tftp_conn *c, uint64_t block)
{
	queue_ack(c, block);
	c->gap_acked = false;
	c->rtt_armed = true;
	c->rtt_block = block;
	c->rtt_sent_us = time_now_us();
}

static void arm_timer(struct tftp_conn *c, uint32_t timeout_us)
{
	c->timeout_us = timeout_us;
	c->deadline_us = time_now_us() + timeout_us;
}

/*
 * One window of the first TFTP_TUNE_WINDOWS ended: `intact` blocks arrived in order after the
 * window's start, `gapped` when a loss followed them.  After the last watched window: when
 * most lost their tail after a nearly constant count (spread <= max(2, fewest / 2)), which
 * random loss does not do, later requests ask for the largest power of two <= that count.
 */
static void tune_window(struct tftp_conn *c, uint32_t intact, bool gapped)
{
	if (c->tune_windows >= TFTP_TUNE_WINDOWS || c->res->windowsize < 2)
		return;
	c->tune_windows++;
	if (gapped) {
		if (!c->tune_gapped || intact < c->tune_min)
			c->tune_min = intact;
		if (!c->tune_gapped || intact > c->tune_max)
			c->tune_max = intact;
		c->tune_gapped++;
	}
	if (c->tune_windows < TFTP_TUNE_WINDOWS || c->tune_gapped < TFTP_TUNE_GAPPED ||
	    c->tune_min < 1 || c->tune_min >= c->res->windowsize)
		return;
	uint32_t spread = c->tune_min / 2 > 2 ? c->tune_min / 2 : 2;
	if (c->tune_max - c->tune_min > spread)
		return;
	uint16_t w = 1;
	while (w * 2u <= c->tune_min)
		w = (uint16_t)(w * 2);
	set_window_hint(c->nif, w);
	wb_printf("tftp: NIC drops the tail of %u-block windows: using windowsize %u\n",
		  (unsigned)c->res->windowsize, (unsigned)w);
	/* Early in a large file: start over with the smaller window (the buffer is kept). */
	uint64_t total = c->tsize / c->res->blksize + 1;
	if (c->res->size_known && c->received * 10 < total &&
	    c->tsize - c->received * c->res->blksize > TFTP_TUNE_RESTART_MIN_BYTES &&
	    c->ask_window > w) {
		c->ask_window = w;
		c->retune_pending = true;
	}
}

/* A gap shows (a block ahead of a missing one): once per window, ACK the last block in order. */
static void gap_ack(struct tftp_conn *c)
{
	if (c->gap_acked)
		return;
	c->res->gaps++;
	c->gap_acked = true;
	tune_window(c, (uint32_t)(c->received - c->last_ack), true);
	queue_ack(c, c->received);
}

/* The answer to an ACK or RRQ sent once arrived: update SRTT, RTTVAR and the RTO. */
static void rtt_sample(struct tftp_conn *c)
{
	if (!c->rtt_armed)
		return;
	c->rtt_armed = false;
	uint64_t d = time_now_us() - c->rtt_sent_us;
	uint32_t r = d < TFTP_CLIENT_RTO_MAX_MS * 1000u ? (uint32_t)d : TFTP_CLIENT_RTO_MAX_MS * 1000u;
	if (!c->rtt_valid) {
		c->rtt_valid = true;
		c->srtt_us = r;
		c->rttvar_us = r / 2;
	} else {
		uint32_t diff = c->srtt_us > r ? c->srtt_us - r : r - c->srtt_us;
		c->rttvar_us = (3 * c->rttvar_us + diff) / 4;
		c->srtt_us = (7 * c->srtt_us + r) / 8;
	}
	uint32_t rto = c->srtt_us + 4 * c->rttvar_us;
	uint32_t floor = (c->state == ST_DATA && c->res->windowsize <= 1 ? TFTP_CLIENT_RTO_MIN_LOCKSTEP_MS
									 : TFTP_CLIENT_RTO_MIN_MS) * 1000u;
	if (rto < floor)
		rto = floor;
	if (rto > TFTP_CLIENT_RTO_MAX_MS * 1000u)
		rto = TFTP_CLIENT_RTO_MAX_MS * 1000u;
	c->rto_us = rto;
}

/* Map an ERROR packet to a code and "file not found: NAME on SERVER" (plus the server's words). */
static void fail_server_error(struct tftp_conn *c, uint16_t code, const char *msg)
{
	static const struct {
		uint16_t code;
		int err;
	} map[] = {
		{ TFTP_ERR_NOT_FOUND, WB_ENOENT },
		{ TFTP_ERR_ACCESS, WB_EACCES },
	};
	const char *name = tftp_error_name(code);
	int err = WB_ETFTP;

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (map[i].code == code)
			err = map[i].err;
	c->res->tftp_error = code;
	if (msg[0] && strcasecmp(msg, name) != 0)
		fail(c, -err, "%s: %s on %s (server: \"%s\")", name, c->req->filename, c->server, msg);
	else
		fail(c, -err, "%s: %s on %s", name, c->req->filename, c->server);
}

/* Once the size is known: ask the caller for the file's final place. */
static void reserve_exact(struct tftp_conn *c)
{
	if (c->tsize == 0)
		return;
	if (c->res->data) { /* a restart (retune_pending): the same file, the same place */
		if (c->tsize > c->cap)
			fail_tell_server(c, TFTP_ERR_DISK_FULL, "file changed", -WB_EPROTO,
					 "a larger size after the restart");
		return;
	}
	if (c->tsize > SIZE_MAX) {
		fail_tell_server(c, TFTP_ERR_DISK_FULL, "file too large", -WB_ETOOBIG,
				 "file too large for this machine's address space");
		return;
	}
	uint8_t *buf = c->req->dest.reserve(c->req->dest.ctx, NULL, 0, (size_t)c->tsize, true,
					   &c->cap);
	if (!buf) {
		c->error_pending = true;
		c->error_code = TFTP_ERR_DISK_FULL;
		c->error_text = "no room for the file";
		fail(c, -WB_ETOOBIG, "%s on %s: no room for %llu bytes", c->req->filename,
		     c->server, (unsigned long long)c->tsize);
		return;
	}
	c->res->data = buf;
}

/* Start the data phase (after an OACK, or on DATA 1 when options were ignored). */
static void begin_data(struct tftp_conn *c)
{
	c->state = ST_DATA;
	c->res->blksize = c->res->blksize ? c->res->blksize : TFTP_DEFAULT_BLKSIZE;
	c->res->windowsize = c->res->windowsize ? c->res->windowsize : 1;
	c->accept = c->res->windowsize < 64 ? c->res->windowsize : 64;
	c->progress_us = time_now_us();
	if (c->req->show_progress && !c->progress_started) {
		progress_start(&c->progress, c->req->filename, c->res->size_known ? c->tsize : 0);
		c->progress_started = true;
	}
	c->tries = 0;
	arm_timer(c, c->rto_us);
}

/*
 * The OACK of a lock-step server (we asked for a windowsize, it gave none): ask it for big
 * blocks from now on (net/tftp_blocks.h), and start this file over with them when it is
 * large.  A big request it granted only MTU-sized blocks for: never ask it again.
 */
static void lockstep_blocks(struct tftp_conn *c, const struct tftp_options *o)
{
	const struct ip_addr *server = &c->req->server;
	if (c->big) {
		if (o->blksize <= c->mtu_blksize)
			tftp_block_hint_set(c->nif, server, TFTP_BLOCKS_MTU);
		return;
	}
	if (c->req->blksize || !c->ask_window || o->windowsize ||
	    tftp_block_hint(c->nif, server) != TFTP_BLOCKS_UNKNOWN)
		return;
	tftp_block_hint_set(c->nif, server, TFTP_BLOCKS_BIG);
	wb_printf("tftp: %s sends one block per ACK (no windowsize): asking it for %u-byte blocks\n",
		  c->server, TFTP_BIG_BLKSIZE);
	if (c->res->size_known && c->tsize >= TFTP_BIG_RESTART_MIN_BYTES) {
		c->ask_blksize = TFTP_BIG_BLKSIZE;
		c->ask_window = 0;
		c->big = c->retune_pending = true;
	}
}

/*
 * A timeout while big blocks arrive in IP fragments: when they keep getting lost, remember
 * to use MTU-sized blocks with this server and start the file over with them.
 */
static bool big_blocks_fail(struct tftp_conn *c)
{
	if (!c->big || c->res->blksize <= c->mtu_blksize || ++c->big_timeouts < TFTP_BIG_GIVE_UP_TIMEOUTS ||
	    c->big_timeouts * TFTP_BIG_GIVE_UP_RATIO <= c->received)
		return false;
	tftp_block_hint_set(c->nif, &c->req->server, TFTP_BLOCKS_MTU);
	wb_printf("tftp: %u-byte blocks from %s keep losing IP fragments: starting over with "
		  "%u-byte blocks\n", (unsigned)c->res->blksize, c->server, (unsigned)c->mtu_blksize);
	c->ask_blksize = c->mtu_blksize;
	c->ask_window = c->normal_window;
	c->big = false;
	c->retune_pending = true;
	return true;
}

/* Check the options the server accepted: never more than asked for. */
static void handle_oack(struct tftp_conn *c, const struct tftp_options *o)
{
	if (o->blksize > c->ask_blksize || (o->windowsize && o->windowsize > c->ask_window)) {
		fail_tell_server(c, TFTP_ERR_OPTION_REFUSED, "option larger than requested",
				 -WB_EPROTO, "OACK with an option larger than requested");
		return;
	}
	rtt_sample(c);
	c->res->negotiated = true;
	c->res->blksize = o->blksize;
	c->res->windowsize = o->windowsize;
	if (o->has_tsize) {
		c->res->size_known = true;
		c->tsize = o->tsize;
		reserve_exact(c);
		if (c->state == ST_FAILED)
			return;
	}
	lockstep_blocks(c, o);
	begin_data(c);
	queue_window_ack(c, 0);
}

/* Make room for bytes up to `end` when the size is unknown (keeps all `cap` bytes so far). */
static bool grow(struct tftp_conn *c, size_t end)
{
	size_t want = end;
	if (c->cap <= SIZE_MAX / 2 && c->cap * 2 > want) /* double: few moves for big files */
		want = c->cap * 2;
	if (want < 65536)
		want = 65536;
	uint8_t *buf = c->req->dest.reserve(c->req->dest.ctx, c->res->data, c->cap, want, false,
					   &c->cap);
	if (!buf) {
		c->error_pending = true;
		c->error_code = TFTP_ERR_DISK_FULL;
		c->error_text = "no room for the file";
		fail(c, -WB_ENOMEM, "%s on %s: no room for more than %zu bytes", c->req->filename,
		     c->server, c->res->len);
		return false;
	}
	c->res->data = buf;
	return true;
}

/* Check that block n (`len` bytes) fits the file as announced; store it at its offset. */
static bool store_block(struct tftp_conn *c, uint64_t n, const uint8_t *data, size_t len)
{
	uint32_t bs = c->res->blksize;
	uint64_t off = (n - 1) * bs;

	if (len > bs) {
		fail_tell_server(c, TFTP_ERR_ILLEGAL_OP, "block larger than blksize", -WB_EPROTO,
				 "a block larger than the negotiated block size");
		return false;
	}
	if ((c->end_block && n > c->end_block) || (len < bs && c->end_block && n != c->end_block)) {
		fail_tell_server(c, TFTP_ERR_ILLEGAL_OP, "data after the last block", -WB_EPROTO,
				 "data after the last block");
		return false;
	}
	if (c->res->size_known) {
		if (off > c->tsize || len > c->tsize - off) {
			fail_tell_server(c, TFTP_ERR_DISK_FULL, "more data than tsize", -WB_EPROTO,
					 "more data than the size it announced");
			return false;
		}
		if (len < bs && off + len != c->tsize) {
			fail(c, -WB_EPROTO, "%s: %s announced %llu bytes but sent %llu",
			     c->req->filename, c->server, (unsigned long long)c->tsize,
			     (unsigned long long)(off + len));
			return false;
		}
	} else if (off > SIZE_MAX - bs) {
		fail_tell_server(c, TFTP_ERR_DISK_FULL, "file too large", -WB_ETOOBIG,
				 "file too large for this machine's address space");
		return false;
	} else if (off + len > c->cap && !grow(c, (size_t)off + bs)) {
		return false;
	}
	if (len)
		memcpy(c->res->data + off, data, len);
	if (len < bs) {
		c->end_block = n;
		c->end_len = len;
	}
	return true;
}

/*
 * A DATA packet in the data phase.  Every block of the current window is kept, in order or
 * not (it goes to its final offset anyway); the first block after a gap makes the client
 * ACK the last block it has in order, once per window, so the server resends from there.
 */
static void handle_data(struct tftp_conn *c, uint16_t block, const uint8_t *data, size_t len)
{
	uint16_t k = (uint16_t)(block - (uint16_t)(c->received + 1));

	if (k >= 0x8000 || (k < 64 && (c->ahead >> k) & 1)) {
		c->res->duplicates++; /* already here: the timer repeats a lost ACK */
		return;
	}
	if (k >= c->accept) {
		/* Beyond what is kept: the server is ahead of a gap; tell it where we are. */
		gap_ack(c);
		return;
	}
	uint64_t n = c->received + 1 + k;
	if (!store_block(c, n, data, len))
		return;
	if (n > c->rtt_block)
		rtt_sample(c);
	c->ahead |= (uint64_t)1 << k;
	if (!(c->ahead & 1)) {
		gap_ack(c);
		return;
	}
	while (c->ahead & 1) {
		c->received++;
		c->ahead >>= 1;
	}
	uint64_t bytes = c->received == c->end_block
				 ? (c->end_block - 1) * c->res->blksize + c->end_len
				 : c->received * c->res->blksize;
	c->res->len = (size_t)bytes; /* checked against tsize or the buffer by store_block() */
	c->tries = 0;
	c->progress_us = time_now_us();
	arm_timer(c, c->rto_us);
	if (c->progress_started)
		progress_update(&c->progress, c->res->len);

	if (c->end_block && c->received == c->end_block) {
		queue_ack(c, c->received);
		c->res->elapsed_us = time_now_us() - c->start_us;
		c->state = ST_DONE;
	} else if (!c->ahead && c->received - c->last_ack >= c->res->windowsize) {
		if (!c->gap_acked)
			tune_window(c, c->res->windowsize, false);
		queue_window_ack(c, c->received);
	}
}

/* UDP receive callback: every datagram to our port. */
static void tftp_rx(struct udp_sock *s, const struct ip_addr *src, uint16_t src_port,
		    const struct ip_addr *dst, const uint8_t *data, size_t len)
{
	struct tftp_conn *c = s->ctx;
	struct tftp_packet pkt;

	(void)dst;
	if (c->state != ST_REQUEST && c->state != ST_DATA)
		return;
	if (!ip_addr_eq(src, &c->req->server) || (c->have_tid && src_port != c->tid)) {
		c->stranger_pending = true;
		c->stranger = *src;
		c->stranger_port = src_port;
		return;
	}
	if (tftp_parse(data, len, &pkt) != 0)
		return; /* damaged: the timer recovers */
	if (!c->have_tid) {
		c->have_tid = true;
		c->tid = src_port;
	}

	switch (pkt.opcode) {
	case TFTP_ERROR:
		if (pkt.error_code == TFTP_ERR_OPTION_REFUSED && c->with_options &&
		    c->state == ST_REQUEST)
			c->restart_pending = true;
		else
			fail_server_error(c, pkt.error_code, pkt.error_msg);
		break;
	case TFTP_OACK:
		if (c->state == ST_REQUEST && c->with_options)
			handle_oack(c, &pkt.opts);
		else
			c->res->duplicates++; /* a repeated OACK: our ACK 0 is repeated by the timer */
		break;
	case TFTP_DATA:
		if (c->state == ST_REQUEST)
			begin_data(c); /* options ignored: RFC 1350 defaults */
		handle_data(c, pkt.block, pkt.data, pkt.data_len);
		break;
	default:
		fail_tell_server(c, TFTP_ERR_ILLEGAL_OP, "unexpected packet", -WB_EPROTO,
				 "unexpected packet");
		break;
	}
}

/*
 * Append tftp-hpa's "utimeout" option (its retransmission timer, in microseconds) to the
 * request of `len` bytes in pkt[cap]: a lock-step tftpd-hpa then resends a lost DATA block
 * after TFTP_SERVER_UTIMEOUT_MS instead of 1 s.  RFC 2347 option negotiation: a server that
 * does not know the option ignores it.  Returns the new length, or -WB_ETOOBIG.
 */
static int append_utimeout(uint8_t *pkt, size_t cap, int len)
{
	static const char name[] = "utimeout";
	char value[16];
	int n = wb_snprintf(value, sizeof(value), "%u", (unsigned)TFTP_SERVER_UTIMEOUT_MS * 1000u);
	if (n < 0 || sizeof(name) + (size_t)n + 1 > cap - (size_t)len)
		return -WB_ETOOBIG;
	memcpy(pkt + len, name, sizeof(name)); /* both with their NUL */
	memcpy(pkt + len + sizeof(name), value, (size_t)n + 1);
	return len + (int)sizeof(name) + n + 1;
}

/* Send the read request (again) from the current socket. */
static int send_rrq(struct tftp_conn *c)
{
	uint8_t pkt[TFTP_FILENAME_MAX + 128];
	struct tftp_options opts = { .blksize = c->ask_blksize, .windowsize = c->ask_window,
				     .has_tsize = true };
	int n = tftp_build_rrq(pkt, sizeof(pkt), c->req->filename, c->with_options ? &opts : NULL);
	if (n >= 0 && c->with_options)
		n = append_utimeout(pkt, sizeof(pkt), n);
	if (n < 0)
		return n;
	return udp_sendto(&c->sock, &c->req->server,
			  c->req->server_port ? c->req->server_port : TFTP_PORT, pkt, (size_t)n);
}

/* Start a transfer: a fresh local port (so nothing of an earlier attempt reaches it), an RRQ. */
static int start_request(struct tftp_conn *c)
{
	int err;

	if (c->sock_open)
		udp_close(&c->sock);
	c->sock_open = false;
	memset(&c->sock, 0, sizeof(c->sock));
	c->sock.rx = tftp_rx;
	c->sock.ctx = c;
	if ((err = udp_open(&c->sock, c->nif, 0)))
		return err;
	c->sock_open = true;
	c->have_tid = false;
	c->rtt_armed = true;
	c->rtt_sent_us = time_now_us();
	return send_rrq(c);
}

/*
 * Start the file over with the smaller window: tell the old transfer to stop (ERROR 0), then
 * a new request from a new port, so that nothing the old one still sends reaches the new one.
 */
static void retune(struct tftp_conn *c)
{
	uint8_t pkt[4 + 64];
	int n = tftp_build_error(pkt, sizeof(pkt), TFTP_ERR_UNDEFINED,
				 "restarting with other options");

	c->retune_pending = false;
	c->ack_pending = false;
	if (n > 0)
		udp_sendto(&c->sock, &c->req->server, c->tid, pkt, (size_t)n);
	c->state = ST_REQUEST;
	c->received = c->ahead = c->end_block = c->last_ack = 0;
	c->end_len = 0;
	c->gap_acked = false;
	c->res->negotiated = c->res->size_known = false;
	c->res->blksize = c->res->windowsize = 0;
	c->res->len = 0;
	int err = start_request(c);
	if (err)
		fail(c, err, "%s: cannot send the request to %s: %s", c->req->filename, c->server,
		     wb_strerror(err));
	c->tries = 0;
	arm_timer(c, TFTP_REQUEST_TIMEOUT_MS * 1000u);
}

/* Send what the receive path queued. */
static void flush(struct tftp_conn *c)
{
	uint8_t pkt[4 + 64];
	int n;

	if (c->retune_pending && c->state == ST_DATA)
		retune(c);

	if (c->restart_pending) {
		c->restart_pending = false;
		c->with_options = false;
		int err = start_request(c);
		if (err)
			fail(c, err, "%s: cannot send the request to %s: %s", c->req->filename,
			     c->server, wb_strerror(err));
		c->tries = 0;
		arm_timer(c, TFTP_REQUEST_TIMEOUT_MS * 1000u);
	}
	if (c->stranger_pending) {
		c->stranger_pending = false;
		n = tftp_build_error(pkt, sizeof(pkt), TFTP_ERR_UNKNOWN_TID, "unknown transfer ID");
		if (n > 0)
			udp_sendto(&c->sock, &c->stranger, c->stranger_port, pkt, (size_t)n);
	}
	if (c->ack_pending) {
		c->ack_pending = false;
		n = tftp_build_ack(pkt, sizeof(pkt), c->ack_block);
		if (n > 0) /* a lost or unsent ACK is repeated by the timer */
			udp_sendto(&c->sock, &c->req->server, c->tid, pkt, (size_t)n);
	}
	if (c->error_pending && c->have_tid) {
		c->error_pending = false;
		n = tftp_build_error(pkt, sizeof(pkt), c->error_code, c->error_text);
		if (n > 0)
			udp_sendto(&c->sock, &c->req->server, c->tid, pkt, (size_t)n);
	}
}

/* The deadline passed: repeat the request or the last ACK, with backoff, or give up. */
static void on_timeout(struct tftp_conn *c)
{
	c->tries++;
	c->rtt_armed = false; /* what answers a repeated packet is no RTT sample (Karn) */
	if (c->state == ST_REQUEST) {
		if (c->tries >= TFTP_REQUEST_TRIES) {
			fail(c, -WB_ETIMEDOUT, "%s: no answer from %s", c->req->filename, c->server);
			return;
		}
		c->res->timeouts++;
		int err = send_rrq(c); /* same port: whichever answer comes first wins */
		if (err) {
			fail(c, err, "%s: cannot send the request to %s: %s", c->req->filename,
			     c->server, wb_strerror(err));
			return;
		}
		arm_timer(c, c->timeout_us * 2);
		return;
	}
	uint64_t now = time_now_us();
	if (now - c->progress_us >= TFTP_DATA_SILENCE_MS * 1000ull) {
		fail(c, -WB_ETIMEDOUT, "%s: %s stopped sending after %zu bytes", c->req->filename,
		     c->server, c->res->len);
		return;
	}
	c->res->timeouts++;
	if (big_blocks_fail(c))
		return;
	if (c->received > c->last_ack) /* the window stopped short: its tail was lost */
		tune_window(c, (uint32_t)(c->received - c->last_ack), true);
	queue_ack(c, c->received);
	c->gap_acked = false;
	uint32_t next = c->timeout_us < TFTP_CLIENT_RTO_MAX_MS * 1000u / 2 ? c->timeout_us * 2
								    : TFTP_CLIENT_RTO_MAX_MS * 1000u;
	uint64_t left = TFTP_DATA_SILENCE_MS * 1000ull - (now - c->progress_us);
	arm_timer(c, next < left ? next : (uint32_t)left);
}

int tftp_fetch(struct netif *nif, const struct tftp_request *req, struct tftp_result *res)
{
	struct tftp_conn c = { .nif = nif, .req = req, .res = res, .state = ST_REQUEST,
			       .rto_us = TFTP_CLIENT_RTO_INITIAL_MS * 1000u };
	int err;

	memset(res, 0, sizeof(*res));
	ip_addr_fmt(c.server, &req->server);
	c.with_options = !req->no_options;
	if (req->blksize) {
		c.ask_blksize = req->blksize;
	} else {
		size_t max = udp_max_payload(nif, req->server.family);
		c.ask_blksize = max > 4 ? (uint32_t)(max - 4) : TFTP_DEFAULT_BLKSIZE;
	}
	if (c.ask_blksize > TFTP_MAX_BLKSIZE)
		c.ask_blksize = TFTP_MAX_BLKSIZE;
	if (c.ask_blksize < TFTP_MIN_BLKSIZE)
		c.ask_blksize = TFTP_MIN_BLKSIZE;
	c.ask_window = req->windowsize ? req->windowsize : TFTP_CLIENT_WINDOWSIZE;
	uint16_t hint = tftp_window_hint(nif);
	if (hint && c.ask_window > hint)
		c.ask_window = hint;
	if (c.ask_window == 1)
		c.ask_window = 0;
	size_t mtu = udp_max_payload(nif, req->server.family);
	c.mtu_blksize = mtu > 4 ? (uint32_t)(mtu - 4) : TFTP_DEFAULT_BLKSIZE;
	c.normal_window = c.ask_window;
	if (!req->blksize && c.with_options &&
	    tftp_block_hint(nif, &req->server) == TFTP_BLOCKS_BIG) {
		c.ask_blksize = TFTP_BIG_BLKSIZE;
		c.ask_window = 0;
		c.big = true;
	}

	c.start_us = time_now_us();
	if ((err = start_request(&c)))
		fail(&c, err, "%s: cannot send the request to %s: %s", req->filename, c.server,
		     wb_strerror(err));
	arm_timer(&c, TFTP_REQUEST_TIMEOUT_MS * 1000u);

	while (c.state == ST_REQUEST || c.state == ST_DATA) {
		net_poll(nif);
		flush(&c);
		if ((c.state == ST_REQUEST || c.state == ST_DATA) &&
		    time_after_us(time_now_us(), c.deadline_us))
			on_timeout(&c);
	}
	flush(&c); /* the final ACK, or the ERROR that tells the server we stopped */
	if (c.sock_open)
		udp_close(&c.sock);
	if (c.progress_started)
		progress_finish(&c.progress, c.state == ST_DONE ? 0 : c.err);
	res->srtt_us = c.srtt_us;
	res->rto_us = c.rto_us;
	if (c.state == ST_DONE) {
		res->error[0] = '\0';
		return 0;
	}
	return c.err;
}

uint8_t *tftp_reserve_heap(void *ctx, uint8_t *old, size_t used, size_t size, bool exact,
			   size_t *cap)
{
	(void)ctx;
	(void)used;
	(void)exact;
	uint8_t *p = wb_realloc(old, size);
	if (p)
		*cap = size;
	return p;
}
