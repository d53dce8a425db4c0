/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The TFTP boot servers of a lease.  DHCP option 66 may name the server by host name; that
 * name is resolved by DNS (option 6 servers, option 15 domain) into every address it has,
 * and a file that gets no answer at all from one address (a stopped or unreachable server)
 * is asked of the next, which then stays the boot server.  A dotted-quad option 66, or
 * next-server (siaddr) / option 54, is the one and only server, as before.
 */
#ifndef WB_LOADERS_BOOT_SERVERS_H
#define WB_LOADERS_BOOT_SERVERS_H

#include <stdbool.h>
#include <stdint.h>

#include "net/dns.h"

struct dhcp_lease;
struct netif;

struct boot_servers {
	struct ip_addr addrs[DNS_ADDRS_MAX]; /* addrs[current] is the boot server */
	unsigned count, current;
	char name[64];                 /* option 66's host name, "" when it was an address */
};

/* From the lease (DNS configured first): prints what a name resolved to, or why the lease's
 * next-server is used instead.  nif NULL: no network stack of ours (no DNS), as before. */
void boot_servers_from_lease(struct boot_servers *bs, struct netif *nif, const struct dhcp_lease *l);

/*
 * A fetch from the current server failed with err before it answered anything: when err
 * means "no answer" (timed out, no ARP reply) and the name has another address, make that
 * the current server, say so, and return true.
 */
bool boot_servers_next(struct boot_servers *bs, int err, const char *file);

#endif
