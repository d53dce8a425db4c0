/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DHCPv6 client for network boot (RFC 8415, boot options of RFC 5970).
 *
 * Which exchange follows the router advertisement net/ndp.c saw: M (managed) set, or no RA
 * at all: stateful, Solicit -> Advertise -> Request -> Reply for an address (IA_NA), or
 * Solicit -> Reply when the server honours Rapid Commit; only O (other configuration) set:
 * stateless, Information-request -> Reply (the address comes from SLAAC); neither flag:
 * no DHCPv6 on this link, -WB_ENOCONFIG with an error naming the router.
 *
 * Every message carries the client identifier (DUID-LL from the MAC), the elapsed time, an
 * option request for DNS servers (23), domain search list (24), boot file URL (59) and boot
 * file parameters (60), and, as UEFI firmware sends them, the client architecture (61), the
 * network interface identifier (62: UNDI 3.16, or 2.1 for BIOS) and the vendor class (16,
 * enterprise 343, "PXEClient:Arch:0000N:UNDI:003016").
 *
 * Retransmission (RFC 8415 15): the first timeout is DHCPV6_IRT_MS plus 0..10% (Solicit) or
 * -10..+10% (the others), then doubled with the same jitter, up to DHCPV6_MRT_MS; each
 * message is sent at most `tries` times (DHCPV6_TRIES: about 1 + 2 + 4 + 8 s).  Advertisements
 * are collected for the whole first timeout; the highest preference wins, preference 255 at
 * once.  A Reply whose IA_NA says NoAddrsAvail or NotOnLink fails the exchange.
 */
#ifndef WB_NET_DHCPV6_CLIENT_H
#define WB_NET_DHCPV6_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/dhcpv6_packet.h"
#include "net/udp.h"

struct netif;

#define DHCPV6_TRIES 4
#define DHCPV6_IRT_MS 1000        /* SOL_TIMEOUT, REQ_TIMEOUT, INF_TIMEOUT */
#define DHCPV6_MRT_MS 8000        /* our cap of the doubled timeout */
#define DHCPV6_LEASE_DNS_MAX 3
#define DHCPV6_TEXT_MAX 256

struct dhcpv6_client_config {
	uint16_t client_arch;      /* option 61: DHCP_ARCH_BIOS, DHCP_ARCH_EFI_X64, ... */
	const char *vendor_class;  /* option 16 string; NULL: "PXEClient:Arch:0000N:UNDI:003016" */
	unsigned tries;            /* 0: DHCPV6_TRIES */
};

/* The outcome; strings are NUL-terminated, "" when absent. */
struct dhcpv6_lease {
	bool has_addr;             /* stateful: an address came in the IA_NA */
	uint8_t addr[16];
	uint32_t preferred, valid, t1, t2;
	uint8_t server[16];        /* where the Reply came from (link-local, or a relay's) */
	uint8_t server_id[DHCPV6_DUID_MAX];
	uint16_t server_id_len;
	uint8_t dns[DHCPV6_LEASE_DNS_MAX][16];
	unsigned dns_count;
	char domains[DHCPV6_TEXT_MAX];     /* option 24, "a.example b.example" */
	char boot_url[DHCPV6_TEXT_MAX];    /* option 59 */
	char boot_params[DHCPV6_TEXT_MAX]; /* option 60, the parameters joined by spaces */
};

/* Fill a lease from a parsed Reply (or Advertise): 0, or -WB_EPROTO (malformed option 24/60
 * or an IA_NA refused with a status). */
int dhcpv6_lease_from_reply(const struct dhcpv6_packet *p, struct dhcpv6_lease *lease);

/*
 * Make the lease's address (if any) nif's global address, after duplicate address detection:
 * 0, or -WB_EEXIST with *error (cap bytes) naming the address.
 */
int dhcpv6_lease_apply(struct netif *nif, const struct dhcpv6_lease *lease, char *error,
		       size_t cap);

/*
 * Run the exchange the RA asks for (see above) and apply the result: the address becomes
 * nif's global IPv6 address after duplicate address detection.  Prints one progress line.
 * 0, -WB_ENOOFFER (no server answered), -WB_ETIMEDOUT (no Reply to our Request),
 * -WB_ENOCONFIG (the RA rules DHCPv6 out), -WB_EPROTO (the server refused), -WB_EEXIST
 * (the address is in use), or a send error; *error (cap bytes) then says what and where.
 */
int dhcpv6_configure(struct netif *nif, const struct dhcpv6_client_config *cfg,
		     struct dhcpv6_lease *lease, char *error, size_t cap);

#endif
