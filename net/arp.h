/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ARP for IPv4 over Ethernet (RFC 826): answers requests for our address, keeps a small
 * cache (struct netif.arp) whose entries age out, and resolves next hops by sending requests
 * and polling the interface.  No gratuitous ARP is ever sent.
 */
#ifndef WB_NET_ARP_H
#define WB_NET_ARP_H

#include <stddef.h>
#include <stdint.h>

#include "net/netdev.h"

struct netif;

#define ARP_PKT_LEN 28
#define ARP_MAX_AGE_MS 60000   /* a cache entry is trusted this long */
#define ARP_TRIES 4            /* requests per resolution */
#define ARP_RETRY_MS 500       /* wait for an answer this long after each request */

/* Handle one ARP packet (the Ethernet payload). */
void arp_rx(struct netif *nif, const uint8_t *pkt, size_t len);

/* Cached MAC of ip (network order): 0 or -WB_ENOENT (absent or aged out). */
int arp_lookup(struct netif *nif, uint32_t ip, uint8_t mac[ETH_ALEN]);

/* Enter or refresh ip -> mac in the cache (the oldest entry makes room). */
void arp_cache_update(struct netif *nif, uint32_t ip, const uint8_t mac[ETH_ALEN]);

/*
 * MAC for ip: from the cache, or by up to ARP_TRIES requests ARP_RETRY_MS apart while
 * polling the interface.  0 or -WB_EHOSTUNREACH.  Inside a deeply nested receive handler
 * it does not poll and fails at once unless the address is cached.
 */
int arp_resolve(struct netif *nif, uint32_t ip, uint8_t mac[ETH_ALEN]);

#endif
