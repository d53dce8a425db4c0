// SPDX-License-Identifier: GPL-2.0-or-later
/* One TFTP read transfer (see server/tftp_xfer.h). */
#include <errno.h>
#include <unistd.h>

#include "core/byteorder.h"
#include "core/errors.h"
#include "core/string.h"
#include "server/tftp_xfer.h"

int tftp_check_request(const struct tftp_packet *req, uint16_t *code, const char **msg)
{
	if (req->opcode == TFTP_WRQ) {
		*code = TFTP_ERR_ACCESS;
		*msg = "this server is read-only: write requests are refused";
		return -WB_EACCES;
	}
	if (req->opcode != TFTP_RRQ) {
		*code = TFTP_ERR_ILLEGAL_OP;
		*msg = "expected a read request";
		return -WB_EPROTO;
	}
	if (strcasecmp(req->mode, "octet") == 0)
		return 0;
	*code = TFTP_ERR_UNDEFINED;
	*msg = strcasecmp(req->mode, "netascii") == 0
		       ? "netascii mode is not supported: use binary (octet) mode"
		       : "unknown transfer mode: use octet";
	return -WB_ENOTSUP;
}

bool tftp_negotiate(const struct tftp_packet *req, uint64_t size, const struct tftp_limits *lim,
		    struct tftp_options *ack)
{
	const struct tftp_options *o = &req->opts;
	bool any = false;

	memset(ack, 0, sizeof(*ack));
	if (o->blksize) {
		ack->blksize = o->blksize < lim->max_blksize ? o->blksize : lim->max_blksize;
		any = true;
	}
	if (o->has_tsize) {
		ack->tsize = size;
		ack->has_tsize = true;
		any = true;
	}
	if (o->timeout) {
		ack->timeout = o->timeout;
		any = true;
	}
	if (o->windowsize) {
		ack->windowsize = o->windowsize < lim->max_windowsize ? o->windowsize
								      : lim->max_windowsize;
		any = true;
	}
	return any;
}

/* End the transfer; `why` goes to the log line. */
static void fail(struct tftp_xfer *x, const char *why)
{
	x->state = XFER_FAILED;
	wb_strlcpy(x->outcome, why, sizeof(x->outcome));
}

/* Send an ERROR to the client (best effort) and end the transfer. */
static void fail_with_error(struct tftp_xfer *x, uint16_t code, const char *msg)
{
	int len = tftp_build_error(x->buf, TFTP_MAX_BLKSIZE + 4, code, msg);
	if (len > 0)
		x->send(x->send_ctx, x->buf, (size_t)len);
	fail(x, msg);
}

void tftp_xfer_abort(struct tftp_xfer *x, uint16_t code, const char *msg)
{
	if (x->state == XFER_RUNNING)
		fail_with_error(x, code, msg);
}

/* Read block `n` (1-based) behind the header; its payload length, or -1 (file shrank). */
static long read_block(struct tftp_xfer *x, uint64_t n)
{
	uint64_t off = (n - 1) * x->blksize;
	size_t want = x->size - off < x->blksize ? (size_t)(x->size - off) : x->blksize;
	size_t got = 0;

	while (got < want) {
		ssize_t r = pread(x->fd, x->buf + 4 + got, want - got, (off_t)(off + got));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		got += (size_t)r;
	}
	return (long)want;
}

void tftp_xfer_pump(struct tftp_xfer *x, uint64_t now_ms)
{
	bool sent = false;

	while (x->state == XFER_RUNNING && !x->oack_pending && x->next <= x->window_end) {
		long len = read_block(x, x->next);
		if (len < 0) {
			fail_with_error(x, TFTP_ERR_UNDEFINED, "file changed size during the transfer");
			return;
		}
		tftp_build_data_header(x->buf, 4, (uint16_t)x->next);
		int err = x->send(x->send_ctx, x->buf, 4 + (size_t)len);
		if (err == -WB_EAGAIN) {
			x->blocked = true;
			break;
		}
		if (err) {
			fail(x, "client unreachable");
			return;
		}
		x->next++;
		sent = true;
	}
	if (x->next > x->window_end)
		x->blocked = false;
	if (sent)
		x->deadline_ms = now_ms + x->rto_ms;
}

/*
 * Block `acked` is acknowledged: send the window that follows it.  `fresh`: none of its
 * blocks was sent before, so the ACK of its last block measures the round trip.
 */
static void open_window(struct tftp_xfer *x, uint64_t acked, bool fresh, uint64_t now_ms)
{
	x->acked = acked;
	x->next = acked + 1;
	x->window_end = acked + x->windowsize < x->nblocks ? acked + x->windowsize : x->nblocks;
	x->rtt_ok = fresh;
	x->window_ms = now_ms;
	tftp_xfer_pump(x, now_ms);
}

/* One round-trip sample: SRTT, RTTVAR (RFC 6298, in ms) and the RTO that follows. */
static void rtt_sample(struct tftp_xfer *x, uint64_t rtt_ms)
{
	uint32_t r = rtt_ms < TFTP_RTO_MAX_MS ? (uint32_t)rtt_ms : TFTP_RTO_MAX_MS;

	if (!x->rtt_valid) {
		x->rtt_valid = true;
		x->srtt_ms = r;
		x->rttvar_ms = r / 2;
	} else {
		uint32_t d = x->srtt_ms > r ? x->srtt_ms - r : r - x->srtt_ms;
		x->rttvar_ms = (3 * x->rttvar_ms + d) / 4;
		x->srtt_ms = (7 * x->srtt_ms + r) / 8;
	}
}

/* The timeout after progress: from the round trip, or the configured one. */
static uint32_t base_rto(const struct tftp_xfer *x)
{
	if (!x->adaptive || !x->rtt_valid)
		return x->rto_initial_ms;
	uint32_t rto = x->srtt_ms + 4 * x->rttvar_ms;
	if (rto < TFTP_RTO_MIN_MS)
		rto = TFTP_RTO_MIN_MS;
	return rto < x->rto_initial_ms ? rto : x->rto_initial_ms;
}

void tftp_xfer_start(struct tftp_xfer *x, const struct tftp_packet *req, int fd, uint64_t size,
		     const struct tftp_limits *lim, uint64_t now_ms)
{
	struct tftp_options ack;
	bool want_oack = tftp_negotiate(req, size, lim, &ack);

	x->state = XFER_RUNNING;
	wb_strlcpy(x->outcome, "ok", sizeof(x->outcome));
	x->fd = fd;
	x->size = size;
	x->blksize = ack.blksize ? ack.blksize : TFTP_DEFAULT_BLKSIZE;
	x->windowsize = ack.windowsize ? ack.windowsize : 1;
	x->nblocks = size / x->blksize + 1;
	x->acked = 0;
	x->next = 1;
	x->window_end = 0;
	x->blocked = false;
	x->any_ack = false;
	x->resent = false;
	x->oack_pending = false;
	x->rto_initial_ms = ack.timeout ? ack.timeout * 1000u : lim->rto_ms;
	x->rto_ms = x->rto_initial_ms;
	x->adaptive = !ack.timeout;
	x->rtt_valid = false;
	x->rtt_ok = true; /* the OACK's ACK 0 is the first sample */
	x->retries = 0;
	x->max_retries = lim->max_retries;
	x->give_up_ms = 0;
	for (unsigned i = 0, rto = x->rto_initial_ms; i <= x->max_retries; i++) {
		x->give_up_ms += rto;
		rto = rto * 2 < TFTP_RTO_MAX_MS ? rto * 2 : TFTP_RTO_MAX_MS;
	}
	x->progress_ms = now_ms;
	x->window_ms = now_ms;
	x->deadline_ms = now_ms + x->rto_ms;

	if (want_oack) {
		int len = tftp_build_oack(x->oack, sizeof(x->oack), &ack);
		if (len < 0) {
			fail_with_error(x, TFTP_ERR_OPTION_REFUSED, "options could not be acknowledged");
			return;
		}
		x->oack_len = (size_t)len;
		x->oack_pending = true;
		/* A failed send is a lost datagram: the timer resends it. */
		x->send(x->send_ctx, x->oack, x->oack_len);
		return;
	}
	open_window(x, 0, true, now_ms);
}

/* The client acknowledged something new: the transfer is established, timers restart. */
static void progress(struct tftp_xfer *x, uint64_t now_ms)
{
	x->any_ack = true;
	x->retries = 0;
	x->resent = false;
	x->progress_ms = now_ms;
	x->rto_ms = base_rto(x);
}

void tftp_xfer_input(struct tftp_xfer *x, const void *pkt, size_t len, uint64_t now_ms)
{
	struct tftp_packet p;

	if (x->state != XFER_RUNNING || tftp_parse(pkt, len, &p) < 0)
		return;
	if (p.opcode == TFTP_ERROR) {
		char why[96];
		wb_strlcpy(why, "client sent ERROR: ", sizeof(why));
		wb_strlcat(why, p.error_msg[0] ? p.error_msg : tftp_error_name(p.error_code),
			   sizeof(why));
		fail(x, why);
		return;
	}
	if (p.opcode != TFTP_ACK)
		return;
	if (x->oack_pending) {
		if (p.block != 0)
			return;
		x->oack_pending = false;
		if (x->rtt_ok)
			rtt_sample(x, now_ms - x->window_ms);
		progress(x, now_ms);
		open_window(x, 0, true, now_ms);
		return;
	}
	/* The one block in [acked, next) that has this number on the wire, if any. */
	uint64_t b = x->acked + (uint16_t)(p.block - (uint16_t)x->acked);
	if (b == x->acked && x->any_ack) {
		/* Repeated: the block after it was lost.  Resend from there, once per window. */
		if (!x->resent && x->next > x->acked + 1) {
			x->resent = true;
			open_window(x, x->acked, false, now_ms);
		}
		return;
	}
	if (b <= x->acked || b >= x->next)
		return; /* old or never sent: ignored */
	if (x->rtt_ok && b + 1 == x->next)
		rtt_sample(x, now_ms - x->window_ms); /* a whole window sent once: a clean sample */
	progress(x, now_ms);
	if (b == x->nblocks) {
		x->acked = b;
		x->state = XFER_DONE;
		return;
	}
	/* A gap ACK (b short of the window's end) resends what followed: no RTT sample then. */
	open_window(x, b, b + 1 == x->next, now_ms);
}

void tftp_xfer_timeout(struct tftp_xfer *x, uint64_t now_ms)
{
	if (x->state != XFER_RUNNING)
		return;
	if (x->any_ack ? now_ms - x->progress_ms >= x->give_up_ms
		       : x->retries >= (x->max_retries < TFTP_FIRST_PACKET_RETRIES
						? x->max_retries : TFTP_FIRST_PACKET_RETRIES)) {
		fail(x, x->any_ack ? "timed out: the client stopped acknowledging"
				   : "timed out: no acknowledgement from the client");
		return;
	}
	x->retries++;
	x->rto_ms = x->rto_ms * 2 < TFTP_RTO_MAX_MS ? x->rto_ms * 2 : TFTP_RTO_MAX_MS;
	x->deadline_ms = now_ms + x->rto_ms;
	x->resent = false;
	if (x->oack_pending) {
		x->rtt_ok = false;
		x->send(x->send_ctx, x->oack, x->oack_len);
		return;
	}
	open_window(x, x->acked, false, now_ms);
	x->deadline_ms = now_ms + x->rto_ms; /* also when the resend was blocked */
}

void tftp_xfer_resend_first(struct tftp_xfer *x, uint64_t now_ms)
{
	if (x->state != XFER_RUNNING || x->any_ack)
		return;
	x->rtt_ok = false;
	if (x->oack_pending)
		x->send(x->send_ctx, x->oack, x->oack_len);
	else
		open_window(x, 0, false, now_ms);
}

uint64_t tftp_xfer_bytes_done(const struct tftp_xfer *x)
{
	uint64_t b = x->acked * x->blksize;
	return b < x->size ? b : x->size;
}
