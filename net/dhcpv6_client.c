// SPDX-License-Identifier: GPL-2.0-or-later
/* DHCPv6 client: see net/dhcpv6_client.h. */
#include "net/dhcpv6_client.h"

#include "core/byteorder.h"
#include "core/errors.h"
#include "core/heap.h"
#include "core/printf.h"
#include "core/string.h"
#include "core/time.h"
#include "net/dhcp_client.h"
#include "net/ipv6.h"
#include "net/ndp.h"
#include "net/netif.h"

#define PREFERENCE_MAX 255

/* ff02::1:2, All_DHCP_Relay_Agents_and_Servers. */
static const uint8_t all_dhcp_agents[IPV6_ALEN] = {0xff, 0x02, [13] = 1, 0, 2};

/* The exchange in progress. */
struct dhcpv6_client {
	struct netif *nif;
	const struct dhcpv6_client_config *cfg;
	struct udp_sock sock;
	uint8_t duid[DHCPV6_DUID_LL_LEN];
	uint32_t xid;
	uint8_t sending;            /* the message type being (re)transmitted */
	uint64_t start_us;          /* first transmission, for the elapsed time option */
	/* The best Advertise so far and the Reply, copied out of the receive buffer. */
	uint8_t adv[DHCPV6_MAX_LEN], reply[DHCPV6_MAX_LEN];
	size_t adv_len, reply_len;
	int adv_pref;               /* -1: none yet */
	uint8_t adv_from[16], reply_from[16];
};

/* Is this answer for our transaction, from a server, and addressed to our DUID? */
static bool ours(const struct dhcpv6_client *c, const struct dhcpv6_packet *p)
{
	return p->xid == c->xid && p->server_id.len && p->client_id.len == sizeof(c->duid) &&
	       !memcmp(p->client_id.p, c->duid, sizeof(c->duid));
}

/* An IA_NA with a usable address and no refusal. */
static bool offers_address(const struct dhcpv6_packet *p)
{
	return p->has_ia_na && p->has_addr && p->valid &&
	       (!p->has_ia_status || p->ia_status == DHCPV6_STATUS_SUCCESS) &&
	       (!p->has_status || p->status == DHCPV6_STATUS_SUCCESS);
}

/* Receive callback: keep the best Advertise and the first matching Reply. */
static void on_rx(struct udp_sock *s, const struct ip_addr *src, uint16_t src_port,
		  const struct ip_addr *dst, const uint8_t *data, size_t len)
{
	struct dhcpv6_client *c = s->ctx;
	struct dhcpv6_packet p;
	(void)src_port;
	(void)dst;
	if (src->family != IP_ADDR_V6 || len > DHCPV6_MAX_LEN || dhcpv6_parse(data, len, &p) < 0 ||
	    !ours(c, &p))
		return;
	if (p.type == DHCPV6_ADVERTISE && c->sending == DHCPV6_SOLICIT && offers_address(&p)) {
		int pref = p.has_preference ? p.preference : 0;
		if (pref > c->adv_pref) {
			memcpy(c->adv, data, len);
			c->adv_len = len;
			c->adv_pref = pref;
			memcpy(c->adv_from, src->v6, 16);
		}
	} else if (p.type == DHCPV6_REPLY && !c->reply_len &&
		   (c->sending != DHCPV6_SOLICIT || p.rapid_commit)) {
		memcpy(c->reply, data, len);
		c->reply_len = len;
		memcpy(c->reply_from, src->v6, 16);
	}
}

/* Build and send the current message; adv: the chosen Advertise (Request), else NULL. */
static int send_msg(struct dhcpv6_client *c, const struct dhcpv6_packet *adv)
{
	uint8_t buf[512];
	struct dhcpv6_builder b;
	dhcpv6_build_start(&b, buf, sizeof(buf), c->sending, c->xid);
	dhcpv6_put(&b, DHCPV6_OPT_CLIENTID, c->duid, sizeof(c->duid));
	if (adv)
		dhcpv6_put(&b, DHCPV6_OPT_SERVERID, adv->server_id.p, adv->server_id.len);
	uint64_t cs = (time_now_us() - c->start_us) / 10000;
	dhcpv6_put_u16(&b, DHCPV6_OPT_ELAPSED_TIME, (uint16_t)(cs > 0xffff ? 0xffff : cs));
	static const uint8_t oro[] = {0, DHCPV6_OPT_DNS_SERVERS, 0, DHCPV6_OPT_DOMAIN_LIST,
				      0, DHCPV6_OPT_BOOTFILE_URL, 0, DHCPV6_OPT_BOOTFILE_PARAM};
	dhcpv6_put(&b, DHCPV6_OPT_ORO, oro, sizeof(oro));
	if (c->sending != DHCPV6_INFORMATION_REQUEST) {
		/* IAID: the MAC's last four bytes, the same on every boot. */
		size_t ia = dhcpv6_open(&b, DHCPV6_OPT_IA_NA);
		uint8_t hdr[12] = {0};
		memcpy(hdr, c->nif->dev->mac + 2, 4);
		dhcpv6_put_raw(&b, hdr, sizeof(hdr));
		if (adv) {
			uint8_t a[24] = {0};
			memcpy(a, adv->addr, 16);
			dhcpv6_put(&b, DHCPV6_OPT_IAADDR, a, sizeof(a));
		}
		dhcpv6_close(&b, ia);
	}
	if (c->sending == DHCPV6_SOLICIT)
		dhcpv6_put(&b, DHCPV6_OPT_RAPID_COMMIT, NULL, 0);
	dhcpv6_put_u16(&b, DHCPV6_OPT_CLIENT_ARCH, c->cfg->client_arch);
	static const uint8_t nii_bios[] = {1, 2, 1}, nii_efi[] = {1, 3, 16};
	dhcpv6_put(&b, DHCPV6_OPT_NII, c->cfg->client_arch == DHCP_ARCH_BIOS ? nii_bios : nii_efi, 3);
	const char *vc = c->cfg->vendor_class ? c->cfg->vendor_class
					      : dhcp_default_vendor_class((uint8_t)c->cfg->client_arch);
	size_t vo = dhcpv6_open(&b, DHCPV6_OPT_VENDOR_CLASS);
	uint8_t vh[6];
	put_be32(vh, DHCPV6_ENTERPRISE_PXE);
	put_be16(vh + 4, (uint16_t)strlen(vc));
	dhcpv6_put_raw(&b, vh, sizeof(vh));
	dhcpv6_put_raw(&b, vc, strlen(vc));
	dhcpv6_close(&b, vo);
	int n = dhcpv6_build_finish(&b);
	if (n < 0)
		return n;
	struct ip_addr dst = ip_addr_v6(all_dhcp_agents);
	return udp_sendto(&c->sock, &dst, DHCPV6_SERVER_PORT, buf, (size_t)n);
}

/* The next retransmission timeout (RFC 8415 15): rt 0 gives the first one. */
static uint32_t next_rt(struct dhcpv6_client *c, uint32_t rt)
{
	uint32_t base = rt ? 2 * rt : DHCPV6_IRT_MS;
	if (base > DHCPV6_MRT_MS)
		base = DHCPV6_MRT_MS;
	int32_t span = (int32_t)(base / 10);
	/* RAND in -0.1..+0.1; the first Solicit timeout must exceed IRT, so 0..+0.1 there. */
	int32_t r = (int32_t)(netif_random(c->nif) % (uint32_t)(2 * span + 1)) - span;
	if (!rt && c->sending == DHCPV6_SOLICIT && r < 0)
		r = -r;
	return (uint32_t)((int32_t)base + r);
}

/*
 * Send c->sending (tries times at most) until `done` says the answer is in: 0, or -WB_ETIMEDOUT.
 * A Solicit waits out its first timeout for more Advertises unless one has preference 255.
 */
static int transact(struct dhcpv6_client *c, const struct dhcpv6_packet *adv)
{
	unsigned tries = c->cfg->tries ? c->cfg->tries : DHCPV6_TRIES;
	uint32_t rt = 0;
	for (unsigned n = 0; n < tries; n++) {
		int err = send_msg(c, adv);
		if (err < 0)
			return err;
		rt = next_rt(c, rt);
		uint64_t deadline = time_now_us() + (uint64_t)rt * 1000;
		bool soliciting = c->sending == DHCPV6_SOLICIT;
		while (!time_after_us(time_now_us(), deadline)) {
			net_poll(c->nif);
			if (c->reply_len || (soliciting && c->adv_pref == PREFERENCE_MAX))
				return 0;
		}
		if (soliciting && c->adv_pref >= 0)
			return 0;
	}
	return -WB_ETIMEDOUT;
}

/* Option 60: parameters, each a 16-bit length and the text, joined by spaces. */
static int boot_params(const struct dhcpv6_bytes *b, char *out, size_t cap)
{
	size_t n = 0;
	out[0] = 0;
	for (size_t i = 0; i < b->len;) {
		if (b->len - i < 2 || get_be16(b->p + i) > b->len - i - 2)
			return -WB_EPROTO;
		size_t l = get_be16(b->p + i);
		if (n + (n > 0) + l + 1 > cap)
			return -WB_ETOOBIG;
		if (n)
			out[n++] = ' ';
		memcpy(out + n, b->p + i + 2, l);
		n += l;
		out[n] = 0;
		i += 2 + l;
	}
	return 0;
}

/* A byte string option as a C string; NULs or too long: -WB_EPROTO. */
static int text(const struct dhcpv6_bytes *b, char *out, size_t cap)
{
	if (b->len >= cap)
		return -WB_EPROTO;
	if (b->len) {
		if (memchr(b->p, 0, b->len))
			return -WB_EPROTO;
		memcpy(out, b->p, b->len);
	}
	out[b->len] = 0;
	return 0;
}

int dhcpv6_lease_from_reply(const struct dhcpv6_packet *p, struct dhcpv6_lease *lease)
{
	memset(lease, 0, sizeof(*lease));
	if ((p->has_status && p->status != DHCPV6_STATUS_SUCCESS) ||
	    (p->has_ia_status && p->ia_status != DHCPV6_STATUS_SUCCESS))
		return -WB_EPROTO;
	if (p->has_ia_na && p->has_addr && p->valid) {
		lease->has_addr = true;
		memcpy(lease->addr, p->addr, 16);
		lease->preferred = p->preferred;
		lease->valid = p->valid;
		lease->t1 = p->t1;
		lease->t2 = p->t2;
	}
	if (p->server_id.len) {
		memcpy(lease->server_id, p->server_id.p, p->server_id.len);
		lease->server_id_len = p->server_id.len;
	}
	for (size_t i = 0; i < p->dns.len / 16 && lease->dns_count < DHCPV6_LEASE_DNS_MAX; i++)
		memcpy(lease->dns[lease->dns_count++], p->dns.p + 16 * i, 16);
	if (dhcpv6_domain_list(&p->domains, lease->domains, sizeof(lease->domains)) < 0 ||
	    text(&p->boot_url, lease->boot_url, sizeof(lease->boot_url)) < 0 ||
	    boot_params(&p->boot_params, lease->boot_params, sizeof(lease->boot_params)) < 0)
		return -WB_EPROTO;
	return 0;
}

/* The exchange itself, on an open socket: 0 with the Reply in c->reply, or an error. */
static int exchange(struct dhcpv6_client *c, bool stateful, char *error, size_t cap)
{
	const char *dev = c->nif->dev->name;
	c->start_us = time_now_us();
	c->adv_pref = -1;
	if (!stateful) {
		c->sending = DHCPV6_INFORMATION_REQUEST;
		if (transact(c, NULL) < 0) {
			wb_snprintf(error, cap, "no DHCPv6 server answered %u Information-requests on %s",
				    c->cfg->tries ? c->cfg->tries : DHCPV6_TRIES, dev);
			return -WB_ENOOFFER;
		}
		return 0;
	}
	c->sending = DHCPV6_SOLICIT;
	int err = transact(c, NULL);
	if (err < 0) {
		wb_snprintf(error, cap, "no DHCPv6 server offered an address to %u Solicits on %s",
			    c->cfg->tries ? c->cfg->tries : DHCPV6_TRIES, dev);
		return err == -WB_ETIMEDOUT ? -WB_ENOOFFER : err;
	}
	if (c->reply_len) /* Rapid Commit */
		return 0;
	struct dhcpv6_packet adv;
	dhcpv6_parse(c->adv, c->adv_len, &adv); /* parsed once already */
	c->sending = DHCPV6_REQUEST;
	if (transact(c, &adv) < 0) {
		char a[IP_ADDR_STRLEN];
		struct ip_addr from = ip_addr_v6(c->adv_from);
		wb_snprintf(error, cap, "the DHCPv6 server %s never answered our Request on %s",
			    ip_addr_fmt(a, &from), dev);
		return -WB_ETIMEDOUT;
	}
	return 0;
}

int dhcpv6_configure(struct netif *nif, const struct dhcpv6_client_config *cfg,
		     struct dhcpv6_lease *lease, char *error, size_t cap)
{
	const struct netif_ipv6 *ip6 = &nif->ip6;
	error[0] = 0;
	if (ip6->ra_seen && !(ip6->ra_flags & (RA_FLAG_MANAGED | RA_FLAG_OTHER))) {
		char r[IP_ADDR_STRLEN];
		struct ip_addr router = ip_addr_v6(ip6->router);
		wb_snprintf(error, cap, "the router advertisement on %s (from %s) has neither the M "
			    "nor the O flag: no DHCPv6 on this link, so no boot file URL (option 59); "
			    "set one of them on the router (dnsmasq: dhcp-range with an IPv6 range or "
			    "ra-stateless)", nif->dev->name, ip6->have_router ? ip_addr_fmt(r, &router) : "a router");
		return -WB_ENOCONFIG;
	}
	bool stateful = !ip6->ra_seen || (ip6->ra_flags & RA_FLAG_MANAGED);
	struct dhcpv6_client *c = wb_zalloc(sizeof(*c));
	if (!c)
		return -WB_ENOMEM;
	c->nif = nif;
	c->cfg = cfg;
	dhcpv6_duid_ll(nif->dev->mac, c->duid);
	c->xid = netif_random(nif) & 0xffffff;
	c->sock.rx = on_rx;
	c->sock.ctx = c;
	int err = udp_open(&c->sock, nif, DHCPV6_CLIENT_PORT);
	if (err == 0)
		err = exchange(c, stateful, error, cap);
	udp_close(&c->sock);
	struct dhcpv6_packet p;
	if (err == 0 && (dhcpv6_parse(c->reply, c->reply_len, &p) < 0 ||
			 dhcpv6_lease_from_reply(&p, lease) < 0 || (stateful && !lease->has_addr))) {
		wb_snprintf(error, cap, "the DHCPv6 Reply on %s gave no usable %s (status %u)",
			    nif->dev->name, stateful ? "address" : "configuration",
			    p.has_ia_status ? p.ia_status : p.status);
		err = -WB_EPROTO;
	}
	if (err == 0) {
		memcpy(lease->server, c->reply_from, 16);
		err = dhcpv6_lease_apply(nif, lease, error, cap);
	}
	wb_free(c);
	return err;
}

int dhcpv6_lease_apply(struct netif *nif, const struct dhcpv6_lease *lease, char *error,
		       size_t cap)
{
	struct netif_ipv6 *w = &nif->ip6;
	if (!lease->has_addr)
		return 0;
	memcpy(w->global, lease->addr, 16);
	if (ndp_dad(nif, w->global, &w->global_state) == 0)
		return 0;
	char a[IP_ADDR_STRLEN];
	struct ip_addr addr = ip_addr_v6(lease->addr);
	wb_snprintf(error, cap, "the DHCPv6 address %s is already used by another host on %s",
		    ip_addr_fmt(a, &addr), nif->dev->name);
	return -WB_EEXIST;
}
