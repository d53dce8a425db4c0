/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A minimal but honest TCP client (RFC 9293): active open only; MSS, window scale (RFC 7323)
 * and SACK (RFC 2018) negotiated; a large receive window (TCP_RCV_WINDOW, so one connection
 * can run at line rate); in-order delivery straight to a callback.  A segment after a gap is
 * kept in one of TCP_OOO_SEGS slots when it lies inside the advertised window and answered
 * at once with a duplicate ACK whose SACK blocks describe what is kept, so the sender resends
 * only what is missing; once the gap fills, the kept segments follow it to the callback.
 * Either IP family: the peer is a struct ip_addr; the checksum covers the pseudo header of
 * its family and the MSS we offer is the MTU less the IPv4 or IPv6 and TCP headers.
 * Retransmission with an RFC 6298 timer and exponential backoff, fast retransmit after three
 * duplicate ACKs, FIN in both directions, RST on errors.  Poll-driven like the rest of net/.
 *
 * The receive callback gets the payload of each in-order segment as it is taken off the
 * wire: only segments after a gap are buffered (in the connection, TCP_OOO_SEGS *
 * TCP_OOO_SEG_MAX bytes), so the advertised window never closes.  Sending keeps up to
 * TCP_SNDBUF unacknowledged bytes (an HTTP request) for retransmission.
 */
#ifndef WB_NET_TCP_H
#define WB_NET_TCP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/ip_addr.h"

struct netif;

#define TCP_HLEN 20
#define TCP_WINDOW_SHIFT 3               /* window scale we offer */
#define TCP_RCV_WINDOW (512u * 1024)     /* receive window we advertise (when scaling works) */
#define TCP_SNDBUF 4096                  /* unacknowledged bytes kept for retransmission */
#define TCP_RTO_INITIAL_MS 1000
#define TCP_RTO_MIN_MS 200
#define TCP_RTO_MAX_MS 8000
#define TCP_SYN_TRIES 5                  /* SYNs sent before the connect fails */
#define TCP_MAX_RETRIES 8                /* retransmissions of one segment before giving up */
#define TCP_CLOSE_WAIT_MS 2000           /* how long tcp_close() waits for the FIN exchange */
#define TCP_OOO_SEGS 32                  /* segments after a gap kept for reassembly (47 KiB) */
#define TCP_OOO_SEG_MAX 1460             /* bytes kept of each (a 1500-byte MTU's MSS) */
#define TCP_SACK_BLOCKS 3                /* SACK blocks in one ACK (RFC 2018) */

#define TCP_FIN 0x01
#define TCP_SYN 0x02
#define TCP_RST 0x04
#define TCP_PSH 0x08
#define TCP_ACK 0x10

enum tcp_state {
	TCP_CLOSED,
	TCP_SYN_SENT,
	TCP_ESTABLISHED,
	TCP_FIN_WAIT_1,  /* our FIN sent */
	TCP_FIN_WAIT_2,  /* our FIN acknowledged, theirs awaited */
	TCP_CLOSING,     /* both FINs sent, ours not yet acknowledged */
	TCP_CLOSE_WAIT,  /* their FIN received; we may still send */
	TCP_LAST_ACK,    /* their FIN received and ours sent */
	TCP_DONE,        /* both directions closed and acknowledged */
};

/* A segment received after a gap, waiting for the gap to fill. */
struct tcp_ooo_seg {
	uint32_t seq;
	uint16_t len;                    /* 0: the slot is free */
	uint8_t data[TCP_OOO_SEG_MAX];
};

struct tcp_conn {
	struct netif *nif;
	struct ip_addr peer;             /* IPv4 or IPv6 */
	struct ip_addr local;            /* our address towards it (picked at connect) */
	uint16_t peer_port, local_port;  /* host order */
	enum tcp_state state;
	int error;                       /* 0, or why the connection failed (negative WB_E*) */
	/*
	 * In-order payload, as it arrives; len 0 (data NULL) once when the peer's FIN arrives.
	 * A negative return aborts the connection (RST) with that error.
	 */
	int (*rx)(struct tcp_conn *c, const uint8_t *data, size_t len);
	void *ctx;

	/* Send sequence space. */
	uint32_t iss, snd_una, snd_nxt, snd_wnd;
	uint8_t snd_shift;               /* the peer's window scale */
	uint16_t mss;                    /* the peer's MSS (536 if it sent none) */
	uint8_t sndbuf[TCP_SNDBUF];      /* bytes from snd_una on */
	size_t snd_len;
	bool fin_queued, fin_sent, fin_acked;
	uint32_t fin_seq;
	/* Receive sequence space. */
	uint32_t rcv_nxt;
	uint8_t rcv_shift;               /* our scale, when the peer agreed to scaling */
	bool fin_received;
	unsigned segs_unacked;           /* in-order segments received since our last ACK */
	struct tcp_ooo_seg ooo[TCP_OOO_SEGS];
	unsigned ooo_newest;             /* the slot filled last (its SACK block goes first) */
	bool sack_ok;                    /* the peer's SYN allowed SACK: our ACKs carry blocks */
	bool ooo_fin;                    /* a FIN came after a gap, at ooo_fin_seq */
	uint32_t ooo_fin_seq;

	/* Retransmission (RFC 6298, in ms). */
	uint64_t rto_deadline_us;        /* 0 = timer off */
	uint32_t rto_ms, srtt_ms, rttvar_ms;
	bool rtt_valid, rtt_timing;
	uint32_t rtt_seq;
	uint64_t rtt_start_us;
	unsigned retries;
	unsigned dupacks;

	/* Counters for diagnostics and tests. */
	unsigned retransmits, dupacks_sent;
	unsigned ooo_queued, ooo_dropped; /* segments after a gap kept / dropped (window, no slot) */
	struct tcp_conn *next;           /* the netif's list */
};

/*
 * Open a connection to ip:port (either family; host-order port), blocking until it is
 * established: 0, -WB_ETIMEDOUT (no answer to TCP_SYN_TRIES SYNs), -WB_EIO (refused: RST),
 * -WB_EHOSTUNREACH / -WB_ENETUNREACH (no route; IPv6 off or without an address), -WB_EINVAL
 * (ip unset).  Fill c->rx and c->ctx before calling.
 */
int tcp_connect(struct tcp_conn *c, struct netif *nif, const struct ip_addr *ip, uint16_t port);

/* Queue bytes for sending and transmit what the window allows: 0, or -WB_ETOOBIG when they
 * do not fit the send buffer, or c->error. */
int tcp_send(struct tcp_conn *c, const void *data, size_t len);

/* One round of work: poll the interface, run the timers, send pending ACKs.  Returns
 * c->error (0 while the connection is healthy). */
int tcp_poll(struct tcp_conn *c);

/* Send FIN, wait up to TCP_CLOSE_WAIT_MS for the exchange to finish, and forget the
 * connection (RST if it did not finish). */
void tcp_close(struct tcp_conn *c);

/* Send RST and forget the connection. */
void tcp_abort(struct tcp_conn *c);

/* The receive path for either family (called through netif.tcp_input, hooked by
 * tcp_connect()); src_mac is the frame's sender. */
void tcp_rx(struct netif *nif, const struct ip_addr *src, const struct ip_addr *dst,
	    const uint8_t *src_mac, const uint8_t *data, size_t len);

#endif
