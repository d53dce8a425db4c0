/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The TFTP service: two sockets on port 69 for requests, IPv4 and IPv6 (a separate AF_INET6
 * socket with IPV6_V6ONLY, so IPv4 peers keep their plain addresses), then one ephemeral
 * socket per transfer (its own TID, bound to the address the request reached, connect()ed
 * to the client so the kernel filters other senders), all in the server's epoll loop.
 * Transfers are keyed by the client's full address and port.  The protocol itself is
 * server/tftp_xfer.c.
 *
 * Errors to requests that start no transfer (file not found, write request, limits) are sent
 * from port 69: clients take the server's TID from the first answer, whichever port it has.
 * Which request starts a transfer is server/tftp_admit.h's decision: a repeated request
 * from the same client port for the same file never replaces its transfer (the first
 * packet is resent while nothing was acknowledged), and transfers nobody acknowledged
 * (spoofed requests) make room for new requests, so a flood cannot lock real clients out.
 */
#ifndef WB_SERVER_TFTP_SERVER_H
#define WB_SERVER_TFTP_SERVER_H

#include <stdint.h>

#include "server/event_loop.h"

struct tftp_server_config {
	int root_fd;             /* the served tree (see server/path.h) */
	uint16_t port;           /* 69 */
	const char *interface;   /* SO_BINDTODEVICE, or NULL */
	uint32_t bind_addr;      /* IPv4, network order; 0 = any (IPv6 is always any) */
	uint32_t max_blksize;    /* 0: the route MTU - 32, at most 65464 */
	uint32_t max_windowsize; /* 0: 64 */
	unsigned max_transfers;  /* 0: 256 */
	unsigned max_per_client; /* 0: 8 */
	uint32_t rto_ms;         /* 0: 1000 */
	unsigned max_retries;    /* 0: 5 */
};

struct tftp_server;

/* Bind the request socket and register it.  0 or -WB_EACCES/-WB_EBUSY/-WB_EIO/-WB_ENOMEM. */
int tftp_server_open(struct tftp_server **out, const struct tftp_server_config *cfg,
		     struct event_loop *loop);
/* Retransmit what is due, end what timed out, free finished transfers.  This and
 * tftp_server_next_timeout() accept NULL (no TFTP server: --no-tftp). */
void tftp_server_tick(struct tftp_server *s, uint64_t now_ms);
/* Milliseconds until the next deadline, or -1 when idle. */
int tftp_server_next_timeout(const struct tftp_server *s, uint64_t now_ms);
/* End every transfer (ERROR to the clients) and close. */
void tftp_server_close(struct tftp_server *s);

#endif
