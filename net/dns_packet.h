/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DNS messages for a stub resolver (RFC 1035): an A (or AAAA, RFC 3596) query with recursion
 * desired, and the answer to it taken apart.  Every length and offset is checked; compression pointers must
 * point strictly backwards (so a name can never loop), and a CNAME chain inside one answer
 * is followed at most DNS_MAX_CNAMES steps.
 */
#ifndef WB_NET_DNS_PACKET_H
#define WB_NET_DNS_PACKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/ip_addr.h"

#define DNS_PORT 53
#define DNS_HLEN 12
#define DNS_NAME_MAX 254                 /* a dotted name (253 characters) and its NUL */
#define DNS_QUERY_MAX (DNS_HLEN + DNS_NAME_MAX + 1 + 4)
#define DNS_MAX_CNAMES 8
#define DNS_ADDRS_MAX 4                  /* addresses kept per name (the rest are ignored) */
#define DNS_TYPE_A 1
#define DNS_TYPE_CNAME 5
#define DNS_TYPE_AAAA 28
#define DNS_CLASS_IN 1
#define DNS_RCODE_NXDOMAIN 3

/*
 * Build a query for the qtype (DNS_TYPE_A or DNS_TYPE_AAAA) records of name ("host.example",
 * no trailing dot).  Returns its length, -WB_EINVAL (an empty label, a label over 63 bytes,
 * a name over 253) or -WB_ETOOBIG (cap too small).
 */
int dns_build_query(uint8_t *buf, size_t cap, uint16_t id, const char *name, uint16_t qtype);

/* What an answer to our question says. */
struct dns_result {
	unsigned rcode;       /* 0 NOERROR, 2 SERVFAIL, 3 NXDOMAIN, 5 REFUSED, ... */
	bool truncated;       /* TC: the server had more to say than fits */
	struct ip_addr addrs[DNS_ADDRS_MAX]; /* of the asked type, in the answer's order */
	unsigned n_addrs;     /* 0 when the answer holds no address for the name */
	unsigned cnames;      /* aliases followed to reach it */
};

/*
 * Take apart a reply to the query (id, name, qtype) we sent.  0 when it answers that question
 * (then see r->rcode and r->addrs), -WB_EPROTO when it is not such an answer (wrong id,
 * not a response, another question) or is malformed, -WB_ETRUNCATED when it ends early.
 */
int dns_parse_response(const uint8_t *p, size_t len, uint16_t id, const char *name,
		       uint16_t qtype, struct dns_result *r);

#endif
