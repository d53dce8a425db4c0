/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fragment reassembly for IPv4 (RFC 791) and IPv6 (RFC 8200 4.5) within fixed limits: a few
 * datagrams in progress per netif (the oldest is evicted), a bounded number of fragments
 * each, a lifetime.  Overlapping fragments drop the whole datagram (RFC 5722); an exact
 * duplicate is ignored.  One pool serves both families: the key holds the family.
 */
#ifndef WB_NET_IP_REASM_H
#define WB_NET_IP_REASM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/ip_addr.h"
#include "net/netdev.h"

struct netif;

#define IP_REASM_SLOTS 2
#define IP_REASM_MAX_FRAGS 64
#define IP_REASM_MAX_LEN 65535   /* largest payload put back together */
#define IP_REASM_TIMEOUT_MS 5000

/* One received fragment (src_mac: the frame's sender; ttl: TTL or hop limit). */
struct ip_frag {
	struct ip_addr src, dst;
	uint32_t id;
	uint8_t proto, ttl;
	const uint8_t *src_mac;
	size_t off;                 /* byte offset in the datagram's payload */
	bool more;                  /* more fragments follow */
	const uint8_t *data;
	size_t len;
};

/* The datagram a last fragment completed: the caller delivers data and then wb_free()s it. */
struct ip_reasm_done {
	uint8_t *data;
	size_t len;
	uint8_t ttl;
	uint8_t src_mac[ETH_ALEN];  /* of the first fragment */
};

/* Add one fragment: true when it completed its datagram (*done filled), else false. */
bool ip_reasm_add(struct netif *nif, const struct ip_frag *f, struct ip_reasm_done *done);
/* Drop reassemblies older than IP_REASM_TIMEOUT_MS (called from net_poll). */
void ip_reasm_expire(struct netif *nif);
/* Free all reassembly state. */
void ip_reasm_free(struct netif *nif);

#endif
