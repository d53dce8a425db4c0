/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The DHCP/BOOTP service (RFC 2131, 2132, 951; PXE per RFC 4578 and the PXE 2.1 spec).
 *
 * dhcp_handle() is the whole protocol, free of sockets: a request and where it came from
 * in, a reply and where it goes out.  dhcp_server_open() adds the sockets: port 67 bound to
 * the interface with SO_BINDTODEVICE, and 4011 in proxy mode.  Clients without an address
 * get their replies broadcast to 255.255.255.255:68 on that interface, which every PXE ROM
 * accepts; this avoids a raw socket or writing the ARP cache (dnsmasq's unicast trick) at
 * the cost of a broadcast per reply on a boot network.  Relayed requests (giaddr) go back
 * to the relay's port 67; renewing clients (ciaddr) are answered by unicast.
 *
 * Boot file: server/boot_choice.h (the host's `filename`, else by client architecture,
 * option 93; replace_pxelinux).
 * PXELINUX options 209 (config file) and 210 (path prefix): the host's (or its group's or
 * subnet's) `option pxelinux.configfile/pathprefix`, else pxe_config_file/pxe_path_prefix;
 * sent with the boot file to PXE clients and to clients that list them in option 55.  PXE clients (option 60
 * "PXEClient...") also get option 60 "PXEClient" back and option 43 with discovery control
 * 8 ("boot the file named in this offer"), so PXE ROMs do not wait for a boot server.
 *
 * UEFI HTTP Boot: a client whose vendor class starts with "HTTPClient" (option 93 16 for x64,
 * 15 for IA32) gets vendor class "HTTPClient" back and its boot file as a URL on our web
 * server (server/boot_choice.h; the server part is next-server or ours), in `file` and
 * option 67; none when the HTTP server is off.  The same in proxy mode (a proxy offer with
 * the URL).
 *
 * proxyDHCP (proxy = true): no addresses are handed out.  A PXE client's DISCOVER on port
 * 67 gets an offer carrying only boot information, and its REQUEST to port 4011 an ACK
 * with the same, unicast back to it.
 */
#ifndef WB_SERVER_DHCP_SERVER_H
#define WB_SERVER_DHCP_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/dhcp_packet.h"
#include "server/boot_choice.h"
#include "server/dhcpd_conf.h"
#include "server/event_loop.h"
#include "server/leases.h"

#define DHCP_OFFER_HOLD_S 60     /* an offered address is kept this long for the REQUEST */
#define DHCP_DECLINE_HOLD_S 600  /* a declined address is not offered for this long */
#define DHCP_DEFAULT_LEASE_S 3600
#define DHCP_MAX_LEASE_S 86400
#define DHCP_RANGE_SCAN_MAX 65536 /* addresses of a range considered for allocation */

struct dhcp_server_config {
	uint32_t server_ip, netmask;  /* the interface's address (network order) */
	uint32_t range_lo, range_hi;  /* dynamic range from the command line; 0 = none */
	struct dhcp_scope scope;      /* command-line options for the interface's subnet */
	const struct dhcpd_conf *conf; /* --hosts file, or NULL */
	bool proxy;
	const char *bios_file;        /* defaults: wireboot.pxe */
	const char *efi64_file;       /* wireboot.efi */
	const char *efi32_file;       /* NULL: IA32 EFI clients get no file */
	bool replace_pxelinux;        /* pxelinux.0 -> bios_file (see above) */
	const char *pxe_config_file;  /* option 209 default; NULL = none */
	const char *pxe_path_prefix;  /* option 210 default; NULL = none */
	const char *interface;        /* for the sockets */
	uint16_t http_port;           /* our HTTP server, for UEFI HTTP Boot URLs; 0 = off */
};

/* The protocol state: configuration and leases. */
struct dhcp_core {
	struct dhcp_server_config cfg;
	struct lease_db *leases;
};

/* Where a request came from. */
struct dhcp_source {
	uint32_t ip;      /* network order */
	uint16_t port;    /* host order */
	bool binl_port;   /* arrived on 4011 (proxyDHCP boot server) */
};

struct dhcp_reply {
	uint8_t buf[DHCP_MAX_LEN];
	size_t len;
	uint32_t dst_ip;  /* network order; INADDR_BROADCAST for broadcast */
	uint16_t dst_port;
	char log[256];    /* one line describing the exchange */
};

/*
 * Answer one datagram.  Returns 1 with *reply filled, 0 when nothing is to be sent
 * (reply->log may still say why), or a negative WB_E* for a malformed packet.
 * `now` is Unix seconds (leases outlive restarts).  Lease changes are saved before
 * returning an ACK.
 */
int dhcp_handle(struct dhcp_core *core, const void *pkt, size_t len,
		const struct dhcp_source *src, uint64_t now, struct dhcp_reply *reply);

struct dhcp_server;
/* Open the sockets (port 67, and 4011 in proxy mode) on cfg->interface. */
int dhcp_server_open(struct dhcp_server **out, struct dhcp_core *core, struct event_loop *loop);
void dhcp_server_close(struct dhcp_server *s);

#endif
