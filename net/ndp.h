/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Neighbour discovery (RFC 4861) and stateless address autoconfiguration (RFC 4862) for an
 * end host: the neighbour cache and address resolution (NS / NA), answers to solicitations
 * for our addresses, duplicate address detection, router solicitation, and learning from
 * router advertisements (default router, on-link prefix, the M and O flags that tell
 * net/dhcpv6_client.c what to ask, and a /64 prefix for a SLAAC address).
 * Messages that fail RFC 4861 validation (hop limit not 255, bad lengths) are dropped.
 */
#ifndef WB_NET_NDP_H
#define WB_NET_NDP_H

#include <stddef.h>
#include <stdint.h>

#include "net/ip_addr.h"
#include "net/netdev.h"

struct netif;
struct ipv6_rx_info;

#define ND_MAX_AGE_MS 60000         /* a neighbour cache entry is trusted this long */
#define ND_SOLICITS 3               /* MAX_MULTICAST_SOLICIT: NS per resolution */
#define ND_RETRANS_MS 1000          /* RETRANS_TIMER: wait after each NS (and for DAD) */
#define ND_RS_INTERVAL_MS 4000      /* RTR_SOLICITATION_INTERVAL between RS */
#define ND_RS_MAX 3                 /* MAX_RTR_SOLICITATIONS */

#define ICMPV6_RS 133
#define ICMPV6_RA 134
#define ICMPV6_NS 135
#define ICMPV6_NA 136
#define RA_FLAG_MANAGED 0x80
#define RA_FLAG_OTHER 0x40

/* Handle a neighbour discovery message (ICMPv6 types 133..137); others are ignored. */
void ndp_rx(struct netif *nif, const struct ipv6_rx_info *info, const uint8_t *data, size_t len);

/* MAC of a neighbour from the cache: 0 or -WB_ENOENT. */
int ndp_lookup(struct netif *nif, const uint8_t ip[IPV6_ALEN], uint8_t mac[ETH_ALEN]);
void ndp_cache_update(struct netif *nif, const uint8_t ip[IPV6_ALEN], const uint8_t mac[ETH_ALEN]);

/*
 * MAC for an on-link address: from the cache, or by up to ND_SOLICITS solicitations
 * ND_RETRANS_MS apart while polling.  0 or -WB_EHOSTUNREACH.
 */
int ndp_resolve(struct netif *nif, const uint8_t ip[IPV6_ALEN], uint8_t mac[ETH_ALEN]);

/* The modified EUI-64 interface identifier of a MAC (RFC 4291 appendix A). */
void ndp_interface_id(const uint8_t mac[ETH_ALEN], uint8_t iid[8]);

/*
 * Duplicate address detection for addr (one NS from ::, ND_RETRANS_MS wait).  *state goes
 * TENTATIVE, then PREFERRED (0) or DUPLICATE (-WB_EEXIST: another host uses the address).
 */
int ndp_dad(struct netif *nif, const uint8_t addr[IPV6_ALEN], uint8_t *state);

/* One router solicitation from the unspecified address (before any address of ours exists:
 * RFC 4861 6.3.7), so that an RA arrives while something else runs; 0 or a send error. */
int ndp_solicit_routers(struct netif *nif);

/*
 * Bring IPv6 up on nif: the receive path, a link-local address from the MAC (with DAD), then
 * router solicitations (ND_RS_MAX, ND_RS_INTERVAL_MS apart) until a router advertisement
 * arrives or ra_wait_ms pass; then a SLAAC address from the RA's prefix (with DAD).
 * 0 (an RA came), -WB_ETIMEDOUT (no router: link-local only), -WB_EEXIST (the link-local
 * address is taken), or a send error.
 */
int ndp_configure(struct netif *nif, uint32_t ra_wait_ms);

#endif
