/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DHCP client for network boot (RFC 2131/2132, PXE 2.1 / RFC 4578, proxyDHCP).
 *
 * Typical use (loaders/boot.c):
 *
 *     struct dhcp_client_config cfg = { .client_arch = opts->client_arch,
 *                                       .vendor_class = opts->vendor_class,
 *                                       .uuid = opts->uuid };
 *     struct dhcp_lease *lease = wb_zalloc(sizeof(*lease));
 *     int err = opts->cached_ack
 *             ? dhcp_lease_from_ack(opts->cached_ack, opts->cached_ack_len, lease)
 *             : -WB_ENOENT;
 *     if (err == 0)
 *             dhcp_lease_apply(nif, lease);          // no traffic at all
 *     else
 *             err = dhcp_configure(nif, &cfg, lease); // prints progress and errors
 *     // nif is now configured; TFTP goes to lease->tftp_server, config search uses
 *     // lease->config_file / path_prefix (options 209/210), IPAPPEND uses lease->client_ip...
 *
 * dhcp_configure() blocks, polling the netif, until the lease is bound or it gives up:
 *   -WB_ENOOFFER    no usable offer after DHCP_TRIES DISCOVERs (1-2-4-8 s, with jitter);
 *   -WB_ETIMEDOUT   the chosen server never ACKed our REQUEST;
 *   -WB_EPROTO      the server kept answering NAK (after DHCP_MAX_RESTARTS restarts).
 * The message printed (and kept in dhcp_client.error) names the NIC and the tries.
 *
 * The state machine underneath is usable on its own (the fuzz target and unit tests do):
 * dhcp_client_start(), then repeatedly net_poll(nif) + dhcp_client_step() until the step
 * returns something other than -WB_EAGAIN, then dhcp_client_stop().  Received packets are
 * only recorded by the socket callback; all sending happens in dhcp_client_step().
 *
 * Server choice: an offer that carries boot information (a boot file in `file`/option 67,
 * option 66, 209 or 210) is taken at once; an address-only offer waits up to
 * DHCP_OFFER_WAIT_MS for a better one or for a proxyDHCP offer.  A proxyDHCP offer (no
 * yiaddr, option 60 "PXEClient") supplies the boot information when the address server has
 * none; when it carries no boot file either, the client asks the proxy on UDP port 4011
 * (a DHCPREQUEST unicast from port 68) once its address is bound.  Plain BOOTP replies are
 * accepted as a bound lease without a REQUEST.
 */
#ifndef WB_NET_DHCP_CLIENT_H
#define WB_NET_DHCP_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/dhcp_packet.h"
#include "net/udp.h"

struct netif;

#define DHCP_TRIES 4              /* transmissions of each message */
#define DHCP_FIRST_TIMEOUT_MS 1000 /* then 2000, 4000, 8000; each plus 0..25% jitter */
#define DHCP_OFFER_WAIT_MS 1000   /* how long an address-only offer waits for a better one */
#define DHCP_MAX_RESTARTS 3       /* NAKs tolerated before giving up */
#define DHCP_LEASE_DNS_MAX 3

/* What the client asks for and identifies itself with. */
struct dhcp_client_config {
	uint8_t client_arch;      /* option 93: DHCP_ARCH_BIOS, DHCP_ARCH_EFI_X64, ... */
	const char *vendor_class; /* option 60; NULL: "PXEClient:Arch:0000N:UNDI:00MmmM" for the arch */
	const uint8_t *uuid;      /* 16 bytes for option 97 (sent as type 0 + UUID), or NULL: omitted */
	unsigned tries;           /* 0: DHCP_TRIES */
	/* Polled by dhcp_configure() while no offer is held: a reason to stop (the run ends
	 * with -WB_ECANCELED and the reason printed), or NULL to go on.  May be NULL. */
	const char *(*give_up)(void *ctx);
	void *give_up_ctx;
};

/*
 * The outcome: addresses in network order, 0 when the server gave none; strings are
 * NUL-terminated ("" when absent).
 */
struct dhcp_lease {
	uint32_t client_ip;       /* yiaddr (or ciaddr of a cached ACK) */
	uint32_t netmask;         /* option 1; classful default when absent */
	uint32_t gateway;         /* first router of option 3 */
	uint32_t dns[DHCP_LEASE_DNS_MAX]; /* option 6 */
	unsigned dns_count;
	uint32_t server_id;       /* option 54 of the address server (its siaddr for BOOTP) */
	uint32_t lease_time;      /* option 51 in seconds; 0 = unknown/BOOTP */
	/*
	 * Where to fetch from: option 66 when it is a dotted quad, else the boot reply's siaddr
	 * (next-server), else the server that sent the boot information.
	 */
	uint32_t tftp_server;
	char tftp_server_name[256]; /* option 66 as given (may be a host name), or "" */
	char boot_file[256];        /* option 67, else the BOOTP `file` field */
	char config_file[256];      /* option 209 (PXELINUX config file) */
	char path_prefix[256];      /* option 210 (PXELINUX path prefix) */
	uint32_t reboot_time;       /* option 211 in seconds, 0 = absent */
	char hostname[64];          /* option 12 */
	char domain[256];           /* option 15 */
	bool bootp;                 /* the address came in a plain BOOTP reply */
	bool boot_from_proxy;       /* boot information came from a proxyDHCP server */
	uint32_t proxy_server;      /* that server, or 0 */
	/* The raw ACK that gave the address (for IPAPPEND, chainloaded programs, logs). */
	uint8_t ack[DHCP_MAX_LEN];
	size_t ack_len;
	/* The raw proxyDHCP reply the boot information came from, when there was one. */
	uint8_t proxy_ack[DHCP_MAX_LEN];
	size_t proxy_ack_len;
};

enum dhcp_client_state {
	DHCP_STATE_IDLE,
	DHCP_STATE_SELECTING,  /* DISCOVER sent, collecting offers */
	DHCP_STATE_REQUESTING, /* REQUEST sent to the chosen server */
	DHCP_STATE_PROXY,      /* bound; asking the proxyDHCP server on port 4011 */
	DHCP_STATE_BOUND,
	DHCP_STATE_FAILED,
};

/* A client run in progress.  Large (raw offers); allocate it, do not put it on a small stack. */
struct dhcp_client {
	struct netif *nif;
	struct dhcp_client_config cfg;
	struct dhcp_lease *lease;
	struct udp_sock sock;
	enum dhcp_client_state state;
	int result;                  /* final result once BOUND/FAILED */
	char error[160];             /* what went wrong, naming the NIC; "" on success */
	uint32_t xid;
	unsigned tries;              /* transmissions of the current message so far */
	unsigned restarts;           /* NAKs seen */
	uint64_t start_us;           /* of this run, for the `secs` field */
	uint64_t deadline_us;        /* next retransmission (or give-up) time */
	uint64_t select_deadline_us; /* end of the wait for better offers; 0 = none */
	bool send_now;               /* transmit at the next step */
	bool nak;                    /* a NAK arrived for our REQUEST */
	bool acked;                  /* the ACK arrived (lease->ack holds it) */
	bool proxy_acked;            /* the port 4011 answer arrived */
	/* Offers kept while selecting (raw packets). */
	uint8_t offer[DHCP_MAX_LEN];
	size_t offer_len;            /* 0: no address offer yet */
	bool offer_has_boot;
	uint32_t offer_ip;           /* its yiaddr */
	uint32_t offer_server;       /* its option 54 (or siaddr, or source address) */
	uint8_t proxy[DHCP_MAX_LEN];
	size_t proxy_len;            /* 0: no proxyDHCP offer */
	uint32_t proxy_server;
	uint16_t proxy_item;         /* boot server type from its menu (option 43.9), 0 = none */
	struct dhcp_packet scratch;  /* parse space */
};

/* Begin: bind UDP port 68 and send the first DISCOVER at the next step.  0 or -WB_EBUSY. */
int dhcp_client_start(struct dhcp_client *c, struct netif *nif, const struct dhcp_client_config *cfg,
		      struct dhcp_lease *lease);

/*
 * Send and retransmit as the clock says; call after each net_poll().  Returns -WB_EAGAIN
 * while in progress, 0 once bound (the netif is configured and the lease filled), or the
 * failure (see above).  Repeating the call after the end returns the same result.
 */
int dhcp_client_step(struct dhcp_client *c);

/* Unbind the socket (the netif keeps its configuration). */
void dhcp_client_stop(struct dhcp_client *c);

/* The whole exchange, blocking; prints one progress line and the outcome. */
int dhcp_configure(struct netif *nif, const struct dhcp_client_config *cfg, struct dhcp_lease *lease);

/*
 * Turn a DHCP ACK / BOOTP reply (e.g. the firmware's cached packet) into a lease without any
 * traffic.  0, -WB_ENOENT when it carries no address (yiaddr and ciaddr 0), or a parse error.
 */
int dhcp_lease_from_ack(const void *ack, size_t len, struct dhcp_lease *lease);

/* Configure the netif from a lease (address, netmask, gateway). */
void dhcp_lease_apply(struct netif *nif, const struct dhcp_lease *lease);

/* Option 60 for an architecture: "PXEClient:Arch:00000:UNDI:002001" (BIOS), ":00007:UNDI:003016" (EFI). */
const char *dhcp_default_vendor_class(uint8_t client_arch);

#endif
