/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One TFTP read transfer, as a state machine without sockets or clocks of its own: the
 * caller feeds it the client's packets and the time, and it sends through a callback.
 * server/tftp_server.c owns the sockets; unit tests and the fuzz target drive it directly.
 *
 * Protocol: RFC 1350 in octet mode, options per RFC 2347 (blksize 2348, tsize and timeout
 * 2349, windowsize 7440).  Blocks are counted with 64 bits internally and wrap to 0 on the
 * wire after 65535 (as tftpd-hpa does), so files of any size transfer.
 *
 * Acknowledgements: an ACK that moves forward means "I have everything up to here": the
 * sender slides its window to start right after it (for windowsize > 1 that also resends
 * what the client missed, RFC 7440 section 4).  An ACK that repeats the last one means the
 * block after it was lost (the first block of the window, or the client's timer fired):
 * the window is resent from there at once, but only once per window, so duplicated ACKs
 * never snowball (the Sorcerer's Apprentice, RFC 1123 4.2.3.1).  Anything else is resent
 * when the timer fires: the timeout comes from the measured round trip (SRTT + 4 RTTVAR
 * over whole windows acknowledged without a resend, RFC 6298 with Karn's rule, at least
 * TFTP_RTO_MIN_MS, at most the configured one), doubles per timeout up to TFTP_RTO_MAX_MS,
 * and the transfer fails after as long without progress as the configured backoff
 * schedule (rto_ms doubled max_retries times).  A client's "timeout" option fixes it.
 *
 * A transfer the client never acknowledged (maybe a spoofed request) is "embryonic": it
 * gives up after TFTP_FIRST_PACKET_RETRIES retransmissions.
 *
 * Data is read with pread() straight into the packet buffer, behind its 4-byte header.  The
 * size is fixed when the transfer starts (it is the tsize announced): a file that grows is
 * sent up to that size, a file that shrinks ends the transfer with an ERROR instead of
 * sending a short block that would look like the end.
 */
#ifndef WB_SERVER_TFTP_XFER_H
#define WB_SERVER_TFTP_XFER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/tftp_packet.h"

#define TFTP_RTO_MIN_MS 50
#define TFTP_RTO_MAX_MS 8000
#define TFTP_FIRST_PACKET_RETRIES 2 /* embryonic transfers: 1 + 2 + 4 s at the default RTO */
#define TFTP_OACK_MAX 128 /* four options with the largest values fit */

/* What a transfer may negotiate and how hard it retries. */
struct tftp_limits {
	uint32_t max_blksize;    /* cap for blksize (from the MTU or the configuration) */
	uint32_t max_windowsize; /* cap for windowsize */
	uint32_t rto_ms;         /* first retransmission timeout */
	unsigned max_retries;    /* retransmissions of one packet before giving up */
};

enum tftp_xfer_state {
	XFER_RUNNING,
	XFER_DONE,   /* the last block was acknowledged */
	XFER_FAILED, /* error sent or received, timed out, or the client went away */
};

/* Sends one datagram; returns 0, -WB_EAGAIN (buffer full: retry later) or another error. */
typedef int (*tftp_send_fn)(void *ctx, const void *buf, size_t len);

struct tftp_xfer {
	enum tftp_xfer_state state;
	char outcome[96];      /* "ok", or why it failed, for the log line */
	int fd;                /* the file; owned by the caller */
	uint64_t size;         /* bytes to send (fixed at start) */
	uint32_t blksize, windowsize;
	uint64_t nblocks;      /* size / blksize + 1: the last block is shorter than blksize */
	uint64_t acked;        /* highest block acknowledged (0: the OACK, or nothing yet) */
	uint64_t next;         /* next block to send */
	uint64_t window_end;   /* last block the current window may send */
	bool oack_pending;     /* OACK sent, ACK 0 not yet received */
	bool blocked;          /* the send callback said -WB_EAGAIN: call tftp_xfer_pump() */
	bool any_ack;          /* the client has acknowledged something (not embryonic) */
	bool resent;           /* the current window was resent on a repeated ACK */
	uint8_t oack[TFTP_OACK_MAX];
	size_t oack_len;
	uint32_t rto_ms, rto_initial_ms;
	bool adaptive;         /* the RTO follows the round trip (no "timeout" option) */
	bool rtt_valid, rtt_ok; /* rtt_ok: the window in flight was sent once (Karn) */
	uint32_t srtt_ms, rttvar_ms;
	uint64_t window_ms;    /* when the window in flight was sent */
	uint64_t progress_ms;  /* when the client last acknowledged something new */
	uint64_t give_up_ms;   /* fail after this long without progress */
	unsigned retries, max_retries;
	uint64_t deadline_ms;  /* when to retransmit */
	uint8_t *buf;          /* scratch for one packet (TFTP_MAX_BLKSIZE + 4), caller's */
	tftp_send_fn send;
	void *send_ctx;
};

/*
 * Check a parsed request: 0 for an octet RRQ; otherwise fills the ERROR to send back
 * (code, message) and returns -WB_EACCES (WRQ: read-only server) or -WB_ENOTSUP (a mode
 * other than octet; netascii would need per-block offsets for the CR/LF rewriting).
 */
int tftp_check_request(const struct tftp_packet *req, uint16_t *code, const char **msg);

/*
 * The options to acknowledge for `req` with a file of `size` bytes; returns true when an
 * OACK is due (the client asked for at least one option we honour).
 */
bool tftp_negotiate(const struct tftp_packet *req, uint64_t size, const struct tftp_limits *lim,
		    struct tftp_options *ack);

/*
 * Start sending: OACK or DATA 1.  x->buf, x->send and x->send_ctx must be set; fd stays
 * the caller's.  The request was checked with tftp_check_request().
 */
void tftp_xfer_start(struct tftp_xfer *x, const struct tftp_packet *req, int fd, uint64_t size,
		     const struct tftp_limits *lim, uint64_t now_ms);
/* A datagram from the client. */
void tftp_xfer_input(struct tftp_xfer *x, const void *pkt, size_t len, uint64_t now_ms);
/* Call when now_ms >= x->deadline_ms. */
void tftp_xfer_timeout(struct tftp_xfer *x, uint64_t now_ms);
/* The same request came again while nothing was acknowledged: resend the first packet. */
void tftp_xfer_resend_first(struct tftp_xfer *x, uint64_t now_ms);
/* Send what the window allows (after -WB_EAGAIN, when the socket is writable again). */
void tftp_xfer_pump(struct tftp_xfer *x, uint64_t now_ms);
/* Payload bytes the client has acknowledged. */
uint64_t tftp_xfer_bytes_done(const struct tftp_xfer *x);
/* Abort with an ERROR to the client (e.g. the server shuts down). */
void tftp_xfer_abort(struct tftp_xfer *x, uint16_t code, const char *msg);

#endif
