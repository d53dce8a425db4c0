/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * TFTP client: one read request (RFC 1350) with option negotiation (RFC 2347: blksize 2348,
 * tsize 2349, windowsize 7440), received straight into memory the caller provides.
 *
 * Placement: the client asks for tsize, so that before the first data block it knows the
 * file's size and asks the caller, once, for the file's final place (struct tftp_dest,
 * exact = true).  When the server does not tell the size, the client asks the caller to grow
 * the buffer as data arrives (exact = false).  Data is written from the received frame to
 * that buffer and nowhere else.
 *
 * Robustness: falls back to plain RFC 1350 when the server ignores options (DATA 1 instead
 * of OACK) or refuses them (ERROR 8: the request is sent again without options).  Blocks
 * that arrive out of order within the window (up to 64 blocks after the last one in order)
 * are kept: each goes to its final offset, a 64-bit mask remembers which arrived.  ACKs the
 * last block of each window and, when a gap shows (a block ahead of a missing one), at once
 * and once per window the last block received in order, so that the server resends from
 * there (RFC 7440 section 4); never ACKs a duplicate, so traffic never doubles.  Lost ACKs
 * and tail losses are covered by a retransmission timer from the measured round trip
 * (SRTT + 4 RTTVAR as in RFC 6298, integers, Karn's rule, bounded by TFTP_CLIENT_RTO_MIN_MS
 * and TFTP_CLIENT_RTO_MAX_MS, doubled per timeout); the client gives up after TFTP_DATA_SILENCE_MS without progress.
 * Window autotuning: the first TFTP_TUNE_WINDOWS windows of a transfer are watched; when
 * at least TFTP_TUNE_GAPPED of them lose their tail after a nearly constant number of intact
 * blocks (a NIC whose receive buffer holds only a few frames, e.g. rtl8139 through UNDI), the
 * client remembers, per netif, the largest power of two <= the fewest intact blocks, says so on
 * the console, and later requests on that netif ask for that windowsize.  When that happens
 * in the first tenth of a file of known size with more than TFTP_TUNE_RESTART_MIN_BYTES left,
 * the transfer starts over at once with the smaller window: ERROR 0 to the old transfer ID, a
 * new RRQ from a new port, the same buffer (reserve() is still called once).
 * Lock-step servers (an OACK without the windowsize asked for: tftpd-hpa, dnsmasq) are asked
 * for 65464-byte blocks in IP fragments from then on, a large file at once by starting over;
 * when fragments keep getting lost the client goes back to MTU-sized blocks for good
 * (net/tftp_blocks.h).  Neither server answers a repeated ACK (both keep RFC 1123's rule
 * against the Sorcerer's Apprentice): a lost DATA block waits for the server's own timer
 * (dnsmasq 1-2 s, then backing off; tftpd-hpa 1 s by default, but every request with options
 * also carries tftp-hpa's "utimeout" option, which sets that timer to
 * TFTP_SERVER_UTIMEOUT_MS; other servers ignore an option they do not know, RFC 2347).  The
 * client's timer only repeats lost ACKs, in lock-step from a lower floor
 * (TFTP_CLIENT_RTO_MIN_LOCKSTEP_MS), since such a server ignores an ACK it already had, and
 * a duplicate DATA block (the server's timer firing while our ACK was under way) is never
 * ACKed again, so a short server timer costs a spare block now and then, never a doubling.
 * Block numbers wrap to 0 after 65535; answers packets from a foreign port with ERROR 5;
 * refuses blocks larger than the negotiated size, data beyond the announced size and data
 * after the last (short) block.
 *
 * Poll-driven: tftp_fetch() loops on net_poll() and core/time.h deadlines until done.
 */
#ifndef WB_NET_TFTP_CLIENT_H
#define WB_NET_TFTP_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/ip_addr.h"
#include "net/tftp_packet.h"

struct netif;

#define TFTP_CLIENT_WINDOWSIZE 16       /* asked for by default */
#define TFTP_REQUEST_TIMEOUT_MS 1000    /* first wait for an answer to the RRQ, doubled per retry */
#define TFTP_REQUEST_TRIES 4            /* RRQs sent before giving up (1+2+4+8 s) */
#define TFTP_CLIENT_RTO_INITIAL_MS 300  /* wait for the next block before any RTT sample */
#define TFTP_CLIENT_RTO_MIN_MS 50       /* bounds of the measured timeout and its backoff */
#define TFTP_CLIENT_RTO_MAX_MS 2000
#define TFTP_CLIENT_RTO_MIN_LOCKSTEP_MS 10 /* the floor in lock-step: a repeated ACK is all
					   * it costs a server that ignores it */
#define TFTP_DATA_SILENCE_MS 15000      /* no progress for this long: give up */
/* The retransmission timer asked of tftpd-hpa ("utimeout"): its 6 tries per block double it,
 * so it gives up on a client after 63 x this (6.3 s; its default 1 s gives 63 s). */
#define TFTP_SERVER_UTIMEOUT_MS 100
#define TFTP_ERROR_TEXT_MAX 256
#define TFTP_TUNE_WINDOWS 8             /* windows watched at the start of a transfer */
#define TFTP_TUNE_GAPPED 6              /* of those, windows with a lost tail to act */
#define TFTP_TUNE_RESTART_MIN_BYTES (1024u * 1024u) /* left to fetch to start over */

/*
 * Where the file goes.  reserve() returns a buffer of at least `size` bytes (*cap receives
 * its real size, >= size) or NULL when there is no room.
 *  - exact = true: called once, before any data, with the whole file's size (from tsize).
 *  - exact = false: the size is unknown; called whenever a block does not fit.  `used` is
 *    the size of `old` (blocks that came out of order may sit anywhere in it); the returned
 *    buffer must hold those `used` bytes at the same offsets (grow in place, or move them)
 *    and `old` becomes the caller's to release.
 * An empty file (size 0) calls nothing.  The buffer belongs to the caller, also on failure.
 */
struct tftp_dest {
	uint8_t *(*reserve)(void *ctx, uint8_t *old, size_t used, size_t size, bool exact,
			    size_t *cap);
	void *ctx;
};

/* A destination on the small-object heap (config files): wb_realloc; free data with wb_free. */
uint8_t *tftp_reserve_heap(void *ctx, uint8_t *old, size_t used, size_t size, bool exact,
			   size_t *cap);

struct tftp_request {
	struct ip_addr server;     /* either family */
	uint16_t server_port;      /* 0 = 69 */
	const char *filename;
	uint32_t blksize;          /* 0 = the largest one datagram carries (1468 on a 1500 MTU) */
	uint16_t windowsize;       /* 0 = TFTP_CLIENT_WINDOWSIZE; 1 = do not ask */
	bool no_options;           /* plain RFC 1350: 512-byte blocks, no size, no window */
	bool show_progress;        /* draw a core/progress.h line while receiving */
	struct tftp_dest dest;
};

struct tftp_result {
	uint8_t *data;             /* the caller's buffer (see tftp_dest); set even on failure */
	size_t len;                /* bytes received (the file's size on success) */
	bool negotiated;           /* the server answered with OACK */
	bool size_known;           /* tsize came before the data */
	uint32_t blksize, windowsize; /* in effect */
	uint64_t elapsed_us;       /* RRQ sent -> last block received */
	unsigned timeouts;         /* retransmissions (RRQ or ACK) caused by the timer */
	unsigned gaps;             /* out-of-order blocks that triggered an early ACK */
	unsigned duplicates;       /* duplicate blocks ignored */
	uint32_t srtt_us, rto_us;  /* smoothed round trip and retransmission timeout at the end */
	uint16_t tftp_error;       /* error code the server sent, when it sent one */
	/* On failure: "file not found: pxelinux.cfg/01-52-54-00-12-34-56 on 10.0.0.1". */
	char error[TFTP_ERROR_TEXT_MAX];
};

/*
 * Fetch one file.  Returns 0, or a negative WB_E* with res->error saying what and where:
 * WB_ENOENT (ERROR 1), WB_EACCES (ERROR 2), WB_ETFTP (any other ERROR), WB_ETIMEDOUT,
 * WB_EPROTO (a block larger than negotiated, a bad OACK, size mismatch), WB_ETOOBIG / WB_ENOMEM
 * (no room: reserve() returned NULL), or what sending failed with (WB_EHOSTUNREACH).
 */
int tftp_fetch(struct netif *nif, const struct tftp_request *req, struct tftp_result *res);

/* The windowsize later requests on `nif` ask for at most (0: no hint, the default). */
uint16_t tftp_window_hint(const struct netif *nif);
/* Forget what was learnt about `nif` (a new link; tests). */
void tftp_window_hint_forget(const struct netif *nif);

#endif
