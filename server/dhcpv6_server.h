/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The DHCPv6 service (RFC 8415; boot file URL RFC 5970; client link-layer address RFC 6939).
 *
 * dhcpv6_handle() is the whole protocol, free of sockets: a datagram in, the answer out;
 * it goes back to the address and port the datagram came from (a client's link-local
 * address and port 546, or a relay's port 547).  dhcpv6_server_open() adds the socket:
 * UDP [::]:547 (IPV6_V6ONLY) bound to the interface, joined to ff02::1:2.
 *
 * Messages: Solicit -> Advertise (Reply at once with Rapid Commit), Request -> Reply,
 * Renew/Rebind -> Reply extending the binding, Confirm -> Reply Success or NotOnLink,
 * Information-request -> Reply with options only, Release -> Reply Success.  Relay-forward
 * (one relay level) -> Relay-reply carrying the answer and the relay's Interface-Id.
 * Only the first IA_NA of a message is served.  Decline is logged and not answered.
 *
 * Addresses: a host of the --hosts dhcpd.conf whose `hardware ethernet` is the MAC in the
 * client's DUID-LL or DUID-LLT, or in the client link-layer address option (79) a relay
 * added, gets its `fixed-address6`; other clients get an address of the dynamic range
 * (range6), picked by a hash of DUID and IAID (the same client gets the same address after
 * a restart of the server; bound ones are also kept in `bindings_file`), skipping addresses bound
 * to others, held for an Advertise (DHCPV6_OFFER_HOLD_S) or fixed for a host.  With the
 * table of DHCPV6_BINDINGS_MAX full, the held (advertised, never requested) record that
 * expires first makes room: a Solicit flood cannot lock real clients out.
 *
 * Boot file URL (option 59, sent when the client asks for it in its ORO or sends a client
 * architecture, option 61): the host's `option dhcp6.bootfile-url`, else its own
 * `filename`, else the file's global `option dhcp6.bootfile-url`, else server/boot_choice.h's
 * file by architecture; a plain file name becomes
 * "tftp://[server]/file".  UEFI HTTP Boot clients (architecture 15/16, or vendor class
 * "HTTPClient") get "http://[server]:port/file" and vendor class "HTTPClient" back.
 * DNS servers (option 23) when configured.  The server identifier is a DUID-LL of the
 * interface's MAC.
 */
#ifndef WB_SERVER_DHCPV6_SERVER_H
#define WB_SERVER_DHCPV6_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/dhcpv6_packet.h"
#include "server/boot_choice.h"
#include "server/dhcpd_conf.h"
#include "server/event_loop.h"

#define DHCPV6_OFFER_HOLD_S 60      /* an advertised address is kept this long for the Request */
#define DHCPV6_DEFAULT_LEASE_S 3600 /* preferred = valid lifetime; T1 1/2, T2 4/5 of it */
#define DHCPV6_BINDINGS_MAX 4096
#define DHCPV6_RANGE_SCAN_MAX 65536 /* addresses of a range tried for one client */

struct dhcpv6_server_config {
	uint8_t server_addr[16];       /* our global address on the link: in boot URLs */
	uint8_t prefix_len;            /* of server_addr's prefix: Confirm's on-link test */
	uint8_t duid[DHCPV6_DUID_LL_LEN]; /* our server identifier */
	bool has_range;
	uint8_t range_lo[16], range_hi[16]; /* the first 8 bytes equal (one /64) */
	uint8_t dns[DHCPD_MAX_ADDRS][16];
	unsigned n_dns;
	const struct dhcpd_conf *conf; /* --hosts file, or NULL */
	struct boot_files files;
	const char *bindings_file;     /* server/dhcpv6_bindings_file.h; NULL: memory only */
};

/* A client's IA_NA and its address: advertised (held) or bound. */
struct dhcpv6_binding {
	uint8_t duid[DHCPV6_DUID_MAX];
	uint8_t duid_len;
	uint32_t iaid;
	uint8_t addr[16];
	uint64_t expires;              /* Unix seconds */
	bool bound;
};

/* The protocol state: configuration and bindings. */
struct dhcpv6_core {
	struct dhcpv6_server_config cfg;
	struct dhcpv6_binding bindings[DHCPV6_BINDINGS_MAX];
	unsigned n_bindings;
};

struct dhcpv6_reply {
	uint8_t buf[DHCPV6_MAX_LEN];
	size_t len;
	char log[320];                 /* one line describing the exchange */
};

/*
 * Answer one datagram: 1 with *reply filled (send it back to the sender), 0 when nothing
 * is to be sent (reply->log may say why), or a negative WB_E* for a malformed message.
 * `now` is Unix seconds.
 */
int dhcpv6_handle(struct dhcpv6_core *core, const uint8_t *pkt, size_t len, uint64_t now,
		  struct dhcpv6_reply *reply);

struct dhcpv6_server;
/* Open port 547 on `interface` and join ff02::1:2 there. */
int dhcpv6_server_open(struct dhcpv6_server **out, struct dhcpv6_core *core, const char *interface,
		       struct event_loop *loop);
void dhcpv6_server_close(struct dhcpv6_server *s);

#endif
