/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Admission of TFTP read requests: which request starts a transfer, which one is a
 * duplicate of a running transfer, and which running transfer makes room for it.  Pure
 * decisions over a snapshot of the live transfers, so that unit tests pin them; the
 * sockets are server/tftp_server.c's.
 *
 * Policy (so that a flood of requests from spoofed addresses cannot lock real clients out):
 *  - The same request again from the same address and port while its transfer runs is a
 *    duplicate (a retransmitted or duplicated RRQ): it never replaces the transfer.  A
 *    different file from the same port replaces it (the client gave up on the old one).
 *  - A transfer whose client has acknowledged nothing yet is "embryonic" (spoofed requests
 *    stay embryonic forever).  An address keeps at most max_embryonic_per_client of them:
 *    its oldest makes room for its next request.  When all max_transfers slots are taken,
 *    the oldest embryonic transfer of anyone makes room.
 *  - Established transfers are never evicted: an address with max_per_client established
 *    transfers, or a server whose every slot is established, refuses the request.
 */
#ifndef WB_SERVER_TFTP_ADMIT_H
#define WB_SERVER_TFTP_ADMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/ip_addr.h"

/* One live transfer as admission sees it. */
struct tftp_slot {
	struct ip_addr ip;    /* the client's */
	uint16_t port;
	const char *filename;
	bool established;     /* the client acknowledged something */
	uint64_t started_ms;
};

struct tftp_admit_limits {
	unsigned max_transfers;
	unsigned max_per_client;
	unsigned max_embryonic_per_client;
};

enum tftp_admit_verdict {
	TFTP_ADMIT_START,         /* start it, after evicting evict[0..n_evict) */
	TFTP_ADMIT_DUPLICATE,     /* the transfer slots[dup] already serves it */
	TFTP_ADMIT_CLIENT_LIMIT,  /* refuse: too many transfers from this address */
	TFTP_ADMIT_BUSY,          /* refuse: every slot holds an established transfer */
};

#define TFTP_ADMIT_MAX_EVICT 3

struct tftp_admission {
	enum tftp_admit_verdict verdict;
	size_t dup;
	size_t evict[TFTP_ADMIT_MAX_EVICT];
	unsigned n_evict;
	bool replaced;            /* evict[0] is the same port's transfer of another file */
};

/* Decide about a request for `filename` from ip:port given the n live transfers. */
void tftp_admit(const struct tftp_slot *slots, size_t n, const struct ip_addr *ip, uint16_t port,
		const char *filename, const struct tftp_admit_limits *lim,
		struct tftp_admission *out);

#endif
