/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A stub resolver: the addresses of a host name (A records, AAAA records on an interface with
 * a global IPv6 address, both on dual stack: AAAA first), asked over UDP from the DNS servers
 * DHCP (option 6) or DHCPv6 (option 23) gave, in order, DNS_TRIES rounds with a timeout doubling from
 * DNS_TIMEOUT_MS.  A name without a dot is first tried in the DHCP domain (option 15, or the
 * first of DHCPv6 option 24).
 * Each query has a random id and source port; replies from another address or port, with
 * another id or question, are ignored.  The last answer is remembered until the next
 * dns_configure().
 */
#ifndef WB_NET_DNS_H
#define WB_NET_DNS_H

#include <stddef.h>
#include <stdint.h>

#include "net/dns_packet.h"
#include "net/ip_addr.h"

struct netif;

#define DNS_SERVERS_MAX 3
#define DNS_TRIES 3
#define DNS_TIMEOUT_MS 1000

/* Servers (network order; extra ones beyond DNS_SERVERS_MAX are ignored) and the search
 * domain ("" or NULL: none), e.g. from the DHCP lease.  Forgets the remembered answer. */
void dns_configure(const uint32_t *servers, unsigned count, const char *domain);
/* The same from a DHCPv6 lease: IPv6 servers (option 23) and the search list (option 24,
 * "a.example b.example": its first domain is used). */
void dns_configure_v6(const uint8_t (*servers)[IPV6_ALEN], unsigned count, const char *domains);

/*
 * The address of name (an IPv4 or IPv6 address is taken as it is; a trailing dot means no
 * search domain).  0 with *ip set, or a negative WB_E* with err set to a sentence:
 *   -WB_ENOCONFIG  no DNS server known (DHCP gave no option 6, DHCPv6 no option 23)
 *   -WB_ENOENT     NXDOMAIN, or the name has no record of the types asked
 *   -WB_ETIMEDOUT  no server answered
 *   -WB_EIO        the servers answered with an error (SERVFAIL, REFUSED...)
 *   -WB_EINVAL     not a valid host name
 * or what sending returned (-WB_EHOSTUNREACH...).
 */
int dns_resolve(struct netif *nif, const char *name, struct ip_addr *ip, char *err, size_t err_cap);

/*
 * The same with every address of the name (AAAA then A records, each in the answer's order,
 * at most DNS_ADDRS_MAX): ips has room for DNS_ADDRS_MAX, *count is set (>= 1) on success.  A
 * client tries them in order when one does not answer (net/http_client.c, loaders/).
 */
int dns_resolve_all(struct netif *nif, const char *name, struct ip_addr *ips, unsigned *count,
		    char *err, size_t err_cap);

#endif
