/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A harmless IPv6 router advertisement on DHCP-served links that have no IPv6 router.
 *
 * Why: iPXE (QEMU's stock ROM, many NIC ROMs) configures IPv4 and IPv6 at once and waits
 * ~13 s for IPv6 autoconfiguration before it boots anything when nothing answers its router
 * solicitations.  An RA with router lifetime 0 ("I am not a default router"), no options and
 * the M/O flags clear ("no DHCPv6") ends that wait and configures nothing.
 *
 * When the server serves DHCPv6 (--dhcp6, --range6) the advertisement says so instead: M and
 * O set ("addresses and options from DHCPv6") and the link's prefix as on-link (L=1) but not
 * for SLAAC (A=0), still with router lifetime 0 (wireboot-server routes nothing), so clients
 * run DHCPv6 and reach the server on the link.
 *
 * It never changes what a host with a real IPv6 router does: in the default (auto) mode the
 * server first solicits and listens for RA_LISTEN_MS, advertises only if no other router
 * answered, and stops for good as soon as any other router advertisement is seen.  It also
 * stays silent when this host forwards IPv6 on the interface (it is a router itself) or does
 * not serve DHCP there.  --no-ra (`ra no`) turns it off; --ra (`ra yes`) advertises at once
 * and keeps doing so whatever else is on the link.
 */
#ifndef WB_SERVER_RA_H
#define WB_SERVER_RA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct event_loop;

enum ra_mode { RA_AUTO, RA_ON, RA_OFF };

/* Auto mode: listen this long (soliciting at start and after RA_SOLICIT_GAP_MS) first. */
#define RA_LISTEN_MS 3500u
#define RA_SOLICIT_GAP_MS 1000u
/* Unsolicited advertisements while advertising; solicitations are answered at once. */
#define RA_INTERVAL_MS 10000u
/* At most one advertisement in this interval (a burst of solicitations gets one answer). */
#define RA_MIN_GAP_MS 200u
/* A send that failed (no link-local address yet, link down) is retried after this. */
#define RA_RETRY_MS 1000u

/* ---- The decision (pure: times are monotonic ms given by the caller) ---- */

enum ra_state {
	RA_STATE_OFF,         /* never advertises */
	RA_STATE_LISTENING,   /* auto: waiting to see whether a router is present */
	RA_STATE_ADVERTISING, /* sending */
	RA_STATE_STOPPED,     /* auto: another router was seen; silent for good */
};

struct ra_policy {
	enum ra_mode mode;
	enum ra_state state;
	uint64_t listen_until, next_solicit, next_advert, last_advert;
	unsigned solicits_left;
	bool ever_sent;
};

/* Start in `mode`.  Auto goes OFF when DHCP is not served or this host routes IPv6 there. */
void ra_policy_start(struct ra_policy *p, enum ra_mode mode, bool serves_dhcp, bool host_forwards,
		     uint64_t now);
/* Another router's advertisement: auto mode stops (returns true when that just happened). */
bool ra_policy_foreign_advert(struct ra_policy *p);
/* A router solicitation: while advertising, schedule an answer as soon as RA_MIN_GAP_MS allows. */
void ra_policy_solicited(struct ra_policy *p, uint64_t now);
/* What is due now: RA_DUE_NONE, RA_DUE_SOLICIT (ours, while listening) or RA_DUE_ADVERT. */
enum ra_due { RA_DUE_NONE, RA_DUE_SOLICIT, RA_DUE_ADVERT };
enum ra_due ra_policy_due(struct ra_policy *p, uint64_t now);
/* Record the outcome of sending what ra_policy_due() asked for. */
void ra_policy_sent(struct ra_policy *p, enum ra_due what, bool ok, uint64_t now);
/* Milliseconds until something is due (0: now), or -1 when nothing ever will be. */
int ra_policy_timeout(const struct ra_policy *p, uint64_t now);

/* ---- ICMPv6 messages (RFC 4861 section 4) ---- */

#define RA_ADVERT_LEN 16   /* the header */
#define RA_PREFIX_OPT_LEN 32
#define RA_ADVERT_MAX (RA_ADVERT_LEN + RA_PREFIX_OPT_LEN)
#define RA_FLAG_MANAGED 0x80
#define RA_FLAG_OTHER 0x40
/* Lifetimes of the advertised on-link prefix (seconds). */
#define RA_PREFIX_VALID_S 86400u
#define RA_PREFIX_PREFERRED_S 14400u
#define RA_SOLICIT_LEN 8
#define ICMPV6_ROUTER_SOLICIT 133
#define ICMPV6_ROUTER_ADVERT 134

/* What an RA for a DHCPv6-served link announces: the on-link prefix. */
struct ra_dhcpv6 {
	uint8_t prefix[16];
	uint8_t prefix_len;
};

/*
 * The RA.  v6 NULL: the harmless one (hop limit, flags, router lifetime, reachable time,
 * retrans timer all 0, no options: RA_ADVERT_LEN bytes).  Else the same with M and O set and
 * a prefix information option (L=1, A=0): RA_ADVERT_MAX bytes.
 */
size_t ra_build_advert(uint8_t buf[RA_ADVERT_MAX], const struct ra_dhcpv6 *v6);
/* A router solicitation without options (sent from the link-local address). */
size_t ra_build_solicit(uint8_t buf[RA_SOLICIT_LEN]);

/* What a received RS/RA says (only what the log and the decision need). */
struct ra_message {
	uint8_t type;             /* ICMPV6_ROUTER_SOLICIT or ICMPV6_ROUTER_ADVERT */
	uint8_t flags;            /* RA: M (0x80), O (0x40), ... */
	uint16_t router_lifetime; /* RA: seconds */
	unsigned n_prefixes;      /* RA: prefix information options */
};

/*
 * Validate an ICMPv6 message as RFC 4861 6.1 asks (hop limit 255, code 0, long enough,
 * every option of non-zero length inside the message) and fill *m.  0, -WB_EPROTO (not
 * valid or not an RS/RA) or -WB_ETRUNCATED.
 */
int ra_parse(const uint8_t *data, size_t len, int hop_limit, struct ra_message *m);

/* ---- The sender in the server's event loop ---- */

struct ra_config {
	const char *interface;
	enum ra_mode mode;
	bool serves_dhcp;
	const struct ra_dhcpv6 *dhcpv6; /* NULL: no DHCPv6 here (the harmless RA) */
};

struct ra_sender;

/*
 * Decide, log the decision, and (unless off) open the ICMPv6 socket on the interface and
 * register it with the loop.  *out is NULL when off.  Needs CAP_NET_RAW (call before
 * dropping privileges): without it auto mode logs a warning and stays off; forced mode
 * fails with -WB_EACCES.
 */
int ra_open(struct ra_sender **out, const struct ra_config *cfg, struct event_loop *loop);
void ra_close(struct ra_sender *s);

#endif
