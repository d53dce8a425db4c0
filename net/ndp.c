// SPDX-License-Identifier: GPL-2.0-or-later
/* Neighbour discovery and SLAAC: see net/ndp.h. */
#include "net/ndp.h"

#include "core/byteorder.h"
#include "core/errors.h"
#include "core/string.h"
#include "core/time.h"
#include "net/icmpv6.h"
#include "net/ipv6.h"
#include "net/netif.h"

#define OPT_SLLA 1     /* source link-layer address */
#define OPT_TLLA 2     /* target link-layer address */
#define OPT_PREFIX 3
#define NS_NA_LEN 24   /* header + reserved/flags + target */
#define RA_LEN 16
#define NA_FLAG_SOLICITED 0x40
#define NA_FLAG_OVERRIDE 0x20
#define PREFIX_FLAG_ONLINK 0x80
#define PREFIX_FLAG_AUTO 0x40
/* Nested net_poll() levels at which ndp_resolve() may still poll (as for ARP). */
#define ND_MAX_POLL_DEPTH 2

/* ---- neighbour cache ------------------------------------------------------------------- */

int ndp_lookup(struct netif *nif, const uint8_t ip[IPV6_ALEN], uint8_t mac[ETH_ALEN])
{
	uint64_t now = time_now_us();
	for (int i = 0; i < ND_CACHE_SIZE; i++) {
		struct nd_entry *e = &nif->ip6.nd[i];
		if (!memcmp(e->ip, ip, IPV6_ALEN) && !ipv6_is_unspecified(e->ip) &&
		    now - e->updated_us < (uint64_t)ND_MAX_AGE_MS * 1000) {
			memcpy(mac, e->mac, ETH_ALEN);
			return 0;
		}
	}
	return -WB_ENOENT;
}

void ndp_cache_update(struct netif *nif, const uint8_t ip[IPV6_ALEN], const uint8_t mac[ETH_ALEN])
{
	struct nd_entry *slot = NULL;
	for (int i = 0; i < ND_CACHE_SIZE; i++) {
		struct nd_entry *e = &nif->ip6.nd[i];
		if (!memcmp(e->ip, ip, IPV6_ALEN)) {
			slot = e;
			break;
		}
		if (!slot || ipv6_is_unspecified(e->ip) ||
		    (!ipv6_is_unspecified(slot->ip) && e->updated_us < slot->updated_us))
			slot = e;
	}
	memcpy(slot->ip, ip, IPV6_ALEN);
	memcpy(slot->mac, mac, ETH_ALEN);
	slot->updated_us = time_now_us();
}

/* ---- sending --------------------------------------------------------------------------- */

/* A link-layer address option (type OPT_SLLA or OPT_TLLA) with our MAC at p. */
static size_t put_lla(const struct netif *nif, uint8_t *p, uint8_t type)
{
	p[0] = type;
	p[1] = 1;
	memcpy(p + 2, nif->dev->mac, ETH_ALEN);
	return 8;
}

/* NS for target: from src (NULL = unspecified, for DAD) to the target's solicited-node group. */
static int send_ns(struct netif *nif, const uint8_t *src, const uint8_t target[IPV6_ALEN])
{
	static const uint8_t unspecified[IPV6_ALEN];
	uint8_t msg[NS_NA_LEN + 8] = {ICMPV6_NS}, group[IPV6_ALEN];
	memcpy(msg + 8, target, IPV6_ALEN);
	size_t len = NS_NA_LEN;
	if (src) /* never with the unspecified source (RFC 4861 4.3) */
		len += put_lla(nif, msg + len, OPT_SLLA);
	ipv6_solicited_node(target, group);
	return icmpv6_send(nif, src ? src : unspecified, group, 255, NULL, msg, len);
}

static int send_na(struct netif *nif, const uint8_t target[IPV6_ALEN], const uint8_t dst[IPV6_ALEN],
		   const uint8_t *dst_mac, bool solicited)
{
	uint8_t msg[NS_NA_LEN + 8] = {ICMPV6_NA};
	msg[4] = (uint8_t)(NA_FLAG_OVERRIDE | (solicited ? NA_FLAG_SOLICITED : 0));
	memcpy(msg + 8, target, IPV6_ALEN);
	size_t len = NS_NA_LEN + put_lla(nif, msg + NS_NA_LEN, OPT_TLLA);
	return icmpv6_send(nif, target, dst, 255, dst_mac, msg, len);
}

/* RS from our link-local address with our MAC, or from :: without (RFC 4861 4.1). */
static int send_rs(struct netif *nif, bool unspecified)
{
	static const uint8_t none[IPV6_ALEN];
	uint8_t msg[8 + 8] = {ICMPV6_RS};
	size_t len = unspecified ? 8 : 8 + put_lla(nif, msg + 8, OPT_SLLA);
	return icmpv6_send(nif, unspecified ? none : nif->ip6.link_local, ipv6_all_routers, 255,
			   NULL, msg, len);
}

int ndp_solicit_routers(struct netif *nif)
{
	ipv6_enable(nif);
	return send_rs(nif, true);
}

/* ---- receiving ------------------------------------------------------------------------- */

/*
 * Check the options from `opts` to the end (each a non-zero number of 8-byte units that
 * fits) and find the first of `type`: its start, or NULL.  *ok is false when they are malformed.
 */
static const uint8_t *find_option(const uint8_t *opts, size_t len, uint8_t type, bool *ok)
{
	const uint8_t *found = NULL;
	*ok = true;
	while (len) {
		if (len < 2 || !opts[1] || (size_t)opts[1] * 8 > len) {
			*ok = false;
			return NULL;
		}
		if (opts[0] == type && !found)
			found = opts;
		len -= (size_t)opts[1] * 8;
		opts += (size_t)opts[1] * 8;
	}
	return found;
}

/* Which of our addresses is target, and its state (NULL: none of ours). */
static uint8_t *our_state(struct netif *nif, const uint8_t target[IPV6_ALEN])
{
	struct netif_ipv6 *c = &nif->ip6;
	if (c->ll_state && !memcmp(target, c->link_local, IPV6_ALEN))
		return &c->ll_state;
	if (c->global_state && !memcmp(target, c->global, IPV6_ALEN))
		return &c->global_state;
	return NULL;
}

static void on_ns(struct netif *nif, const struct ipv6_rx_info *info, const uint8_t *data,
		  size_t len)
{
	bool ok, from_dad = ipv6_is_unspecified(info->src.v6);
	const uint8_t *target = data + 8;
	const uint8_t *slla = find_option(data + NS_NA_LEN, len - NS_NA_LEN, OPT_SLLA, &ok);
	if (!ok || ipv6_is_multicast(target) || (from_dad && slla) ||
	    (from_dad && !ipv6_is_multicast(info->dst.v6)))
		goto drop;
	uint8_t *state = our_state(nif, target);
	if (!state || *state == IPV6_ADDR_DUPLICATE)
		return;
	if (*state == IPV6_ADDR_TENTATIVE) {
		/* Someone else probes the address we probe: neither may have it (RFC 4862 5.4.3). */
		if (from_dad)
			*state = IPV6_ADDR_DUPLICATE;
		return;
	}
	if (from_dad) {
		send_na(nif, target, ipv6_all_nodes, NULL, false);
		return;
	}
	if (slla && slla[1] == 1)
		ndp_cache_update(nif, info->src.v6, slla + 2);
	send_na(nif, target, info->src.v6, slla && slla[1] == 1 ? slla + 2 : info->src_mac, true);
	return;
drop:
	nif->stats.rx_dropped++;
}

static void on_na(struct netif *nif, const struct ipv6_rx_info *info, const uint8_t *data,
		  size_t len)
{
	bool ok;
	const uint8_t *target = data + 8;
	const uint8_t *tlla = find_option(data + NS_NA_LEN, len - NS_NA_LEN, OPT_TLLA, &ok);
	if (!ok || ipv6_is_multicast(target) ||
	    (ipv6_is_multicast(info->dst.v6) && (data[4] & NA_FLAG_SOLICITED))) {
		nif->stats.rx_dropped++;
		return;
	}
	uint8_t *state = our_state(nif, target);
	if (state) {
		/* Another host answers for our address: taken while we probe it. */
		if (*state == IPV6_ADDR_TENTATIVE)
			*state = IPV6_ADDR_DUPLICATE;
		return;
	}
	/* Learn from answers to our solicitations and refresh known neighbours only. */
	uint8_t old[ETH_ALEN];
	if (tlla && tlla[1] == 1 &&
	    ((data[4] & NA_FLAG_SOLICITED) || ndp_lookup(nif, target, old) == 0))
		ndp_cache_update(nif, target, tlla + 2);
}

/* A prefix information option: on-link prefix and SLAAC candidate. */
static void on_prefix(struct netif_ipv6 *c, const uint8_t *o)
{
	uint8_t plen = o[2], flags = o[3];
	uint32_t valid = get_be32(o + 4), preferred = get_be32(o + 8);
	const uint8_t *prefix = o + 16;
	if (plen > 128 || ipv6_is_link_local(prefix) || ipv6_is_multicast(prefix) || !valid)
		return;
	if (flags & PREFIX_FLAG_ONLINK) {
		memcpy(c->prefix, prefix, IPV6_ALEN);
		c->prefix_len = plen;
	}
	if ((flags & PREFIX_FLAG_AUTO) && plen == 64 && preferred && preferred <= valid && !c->slaac) {
		memcpy(c->slaac_prefix, prefix, 8);
		c->slaac = true;
	}
}

static void on_ra(struct netif *nif, const struct ipv6_rx_info *info, const uint8_t *data,
		  size_t len)
{
	bool ok;
	if (len < RA_LEN || !ipv6_is_link_local(info->src.v6) ||
	    (find_option(data + RA_LEN, len - RA_LEN, 0xff, &ok), !ok)) {
		nif->stats.rx_dropped++;
		return;
	}
	struct netif_ipv6 *c = &nif->ip6;
	c->ra_seen = true;
	/* Any router offering DHCPv6 counts: another's RA with clear flags does not undo it. */
	c->ra_flags |= data[5] & (RA_FLAG_MANAGED | RA_FLAG_OTHER);
	if (get_be16(data + 6)) { /* router lifetime: a default router */
		memcpy(c->router, info->src.v6, IPV6_ALEN);
		c->have_router = true;
	}
	for (size_t off = RA_LEN; off < len; off += (size_t)data[off + 1] * 8) {
		const uint8_t *o = data + off;
		if (o[0] == OPT_SLLA && o[1] == 1)
			ndp_cache_update(nif, info->src.v6, o + 2);
		else if (o[0] == OPT_PREFIX && o[1] == 4)
			on_prefix(c, o);
	}
}

void ndp_rx(struct netif *nif, const struct ipv6_rx_info *info, const uint8_t *data, size_t len)
{
	uint8_t type = data[0];
	if (type < ICMPV6_RS || type > ICMPV6_NA + 1)
		return;
	/* RFC 4861 validation: only from this link (hop limit 255), code 0. */
	if (info->hop_limit != 255 || data[1] != 0 ||
	    ((type == ICMPV6_NS || type == ICMPV6_NA) && len < NS_NA_LEN)) {
		nif->stats.rx_dropped++;
		return;
	}
	if (type == ICMPV6_NS)
		on_ns(nif, info, data, len);
	else if (type == ICMPV6_NA)
		on_na(nif, info, data, len);
	else if (type == ICMPV6_RA)
		on_ra(nif, info, data, len);
	/* RS (we are no router) and redirects are ignored. */
}

/* ---- resolution, DAD and configuration ------------------------------------------------- */

/* Poll until *done turns true or ms pass. */
static void poll_for(struct netif *nif, uint32_t ms, const bool *done)
{
	uint64_t deadline = time_now_us() + (uint64_t)ms * 1000;
	while (!*done && !time_after_us(time_now_us(), deadline))
		net_poll(nif);
}

int ndp_resolve(struct netif *nif, const uint8_t ip[IPV6_ALEN], uint8_t mac[ETH_ALEN])
{
	if (ndp_lookup(nif, ip, mac) == 0)
		return 0;
	uint8_t src[IPV6_ALEN];
	if (nif->rx_depth >= ND_MAX_POLL_DEPTH || ipv6_source_for(nif, ip, src) < 0)
		return -WB_EHOSTUNREACH;
	for (int t = 0; t < ND_SOLICITS; t++) {
		int err = send_ns(nif, src, ip);
		if (err < 0)
			return err;
		uint64_t deadline = time_now_us() + (uint64_t)ND_RETRANS_MS * 1000;
		do {
			net_poll(nif);
			if (ndp_lookup(nif, ip, mac) == 0)
				return 0;
		} while (!time_after_us(time_now_us(), deadline));
	}
	return -WB_EHOSTUNREACH;
}

void ndp_interface_id(const uint8_t mac[ETH_ALEN], uint8_t iid[8])
{
	iid[0] = mac[0] ^ 0x02; /* the universal/local bit, inverted */
	iid[1] = mac[1];
	iid[2] = mac[2];
	iid[3] = 0xff;
	iid[4] = 0xfe;
	memcpy(iid + 5, mac + 3, 3);
}

int ndp_dad(struct netif *nif, const uint8_t addr[IPV6_ALEN], uint8_t *state)
{
	*state = IPV6_ADDR_TENTATIVE;
	int err = send_ns(nif, NULL, addr);
	if (err < 0) {
		*state = IPV6_ADDR_NONE;
		return err;
	}
	bool dup = false;
	uint64_t deadline = time_now_us() + (uint64_t)ND_RETRANS_MS * 1000;
	while (!dup && !time_after_us(time_now_us(), deadline)) {
		net_poll(nif);
		dup = *state == IPV6_ADDR_DUPLICATE;
	}
	if (dup)
		return -WB_EEXIST;
	*state = IPV6_ADDR_PREFERRED;
	return 0;
}

int ndp_configure(struct netif *nif, uint32_t ra_wait_ms)
{
	struct netif_ipv6 *c = &nif->ip6;
	int err;
	ipv6_enable(nif);
	if (c->ll_state != IPV6_ADDR_PREFERRED) {
		static const uint8_t ll_prefix[8] = {0xfe, 0x80};
		memcpy(c->link_local, ll_prefix, 8);
		ndp_interface_id(nif->dev->mac, c->link_local + 8);
		if ((err = ndp_dad(nif, c->link_local, &c->ll_state)) < 0)
			return err;
	}
	uint64_t deadline = time_now_us() + (uint64_t)ra_wait_ms * 1000;
	for (int n = 0; n < ND_RS_MAX && !c->ra_seen && !time_after_us(time_now_us(), deadline); n++) {
		if ((err = send_rs(nif, false)) < 0)
			return err;
		uint64_t left = deadline - time_now_us();
		uint32_t ms = (uint32_t)(left / 1000);
		poll_for(nif, ms < ND_RS_INTERVAL_MS ? ms : ND_RS_INTERVAL_MS, &c->ra_seen);
	}
	if (!c->ra_seen)
		return -WB_ETIMEDOUT;
	if (c->slaac && c->global_state == IPV6_ADDR_NONE) {
		memcpy(c->global, c->slaac_prefix, 8);
		ndp_interface_id(nif->dev->mac, c->global + 8);
		ndp_dad(nif, c->global, &c->global_state); /* a duplicate: DHCPv6 may still give one */
	}
	return 0;
}
