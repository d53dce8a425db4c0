// SPDX-License-Identifier: GPL-2.0-or-later
/* The DHCP/BOOTP service (see server/dhcp_server.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/errors.h"
#include "core/printf.h"
#include "core/string.h"
#include "server/boot_choice.h"
#include "server/dhcp_server.h"
#include "server/log.h"
#include "server/log_limit.h"

/* The address pool and options for the link a request came from. */
struct pool {
	uint32_t network, netmask;
	uint32_t lo, hi; /* host order; lo > hi: no range */
	bool dynamic_bootp;
	struct dhcp_scope scope; /* command line > dhcpd.conf subnet > global */
};

/* What one request is answered with. */
struct answer {
	uint8_t type;         /* DHCPOFFER/ACK/NAK, or 0 for a BOOTP reply */
	uint32_t yiaddr;
	uint32_t lease_time;  /* 0: none in the reply */
	const char *bootfile; /* NULL: none */
	const char *message;  /* option 56 for a NAK */
};

/* Everything about the request the reply depends on. */
struct request {
	struct dhcp_packet pkt;
	int type;
	bool pxe;            /* vendor class starts with "PXEClient" */
	bool http;           /* vendor class starts with "HTTPClient" (UEFI HTTP Boot) */
	int arch;            /* option 93, or -1 */
	char mac_str[WB_MAC_STRLEN];
	const struct dhcp_host *host;
	struct pool pool;
	struct dhcp_scope scope; /* host > pool */
	char bootfile_buf[DHCPD_NAME_MAX]; /* a boot file rewritten by replace_pxelinux */
};

static const char *msg_name(int type)
{
	static const char *const names[] = { "BOOTP", "DISCOVER", "OFFER", "REQUEST", "DECLINE",
					      "ACK", "NAK", "RELEASE", "INFORM" };
	return type >= 0 && type <= DHCPINFORM ? names[type] : "UNKNOWN";
}

/* Build the pool for `link` (giaddr, or our own address); false when no subnet serves it. */
static bool select_pool(const struct dhcp_core *core, uint32_t link, struct pool *p)
{
	const struct dhcp_server_config *cfg = &core->cfg;
	const struct dhcp_subnet *sn = cfg->conf ? dhcpd_conf_find_subnet(cfg->conf, link) : NULL;
	bool on_iface = cfg->netmask && (link & cfg->netmask) == (cfg->server_ip & cfg->netmask);

	memset(p, 0, sizeof(*p));
	p->lo = 1;
	if (on_iface) {
		/* A subnet declared for this link describes it better than the interface mask. */
		p->netmask = sn ? sn->netmask : cfg->netmask;
		p->network = cfg->server_ip & p->netmask;
		p->scope = cfg->scope;
		if (cfg->range_lo) {
			p->lo = ntohl(cfg->range_lo);
			p->hi = ntohl(cfg->range_hi);
		}
	} else if (sn) {
		p->network = sn->network;
		p->netmask = sn->netmask;
	} else {
		return false;
	}
	if (sn) {
		dhcp_scope_merge(&p->scope, &sn->scope);
		if (p->lo > p->hi && (sn->range_lo || sn->range_hi)) {
			p->lo = ntohl(sn->range_lo);
			p->hi = ntohl(sn->range_hi);
			p->dynamic_bootp = sn->dynamic_bootp;
		}
	}
	if (cfg->conf)
		dhcp_scope_merge(&p->scope, &cfg->conf->global);
	return true;
}

static bool in_range(const struct pool *p, uint32_t ip)
{
	uint32_t h = ntohl(ip);
	return p->lo <= p->hi && h >= p->lo && h <= p->hi;
}

/* True when `ip` is some other host's fixed address. */
static bool reserved_for_other(const struct dhcp_core *core, uint32_t ip, const uint8_t mac[6])
{
	const struct dhcpd_conf *c = core->cfg.conf;
	for (unsigned i = 0; c && i < c->n_hosts; i++)
		if (c->hosts[i].fixed_address == ip && memcmp(c->hosts[i].mac, mac, 6) != 0)
			return true;
	return false;
}

/* May `ip` be given to `mac` now? */
static bool available(struct dhcp_core *core, uint32_t ip, const uint8_t mac[6], uint64_t now)
{
	if (ip == core->cfg.server_ip || reserved_for_other(core, ip, mac))
		return false;
	struct lease *l = lease_find_ip(core->leases, ip);
	if (!l || !lease_live(l, now))
		return true;
	return l->state != LEASE_DECLINED && memcmp(l->mac, mac, 6) == 0;
}

/* An address from the pool for `mac`: its current one, the one asked for, or the first free. */
static uint32_t allocate(struct dhcp_core *core, const struct pool *p, const uint8_t mac[6],
			 uint32_t requested, uint64_t now)
{
	struct lease *l = lease_find_mac(core->leases, mac);

	if (p->lo > p->hi)
		return 0;
	if (l && in_range(p, l->ip) && available(core, l->ip, mac, now))
		return l->ip;
	if (requested && in_range(p, requested) && available(core, requested, mac, now))
		return requested;

	uint32_t n = p->hi - p->lo + 1 > DHCP_RANGE_SCAN_MAX || p->hi - p->lo + 1 == 0
			     ? DHCP_RANGE_SCAN_MAX : p->hi - p->lo + 1;
	uint8_t *used = calloc(n / 8 + 1, 1);
	if (!used)
		return 0;
	/* Mark what is taken, in one pass over the leases, then take the first gap. */
	for (unsigned i = 0; i < core->leases->n; i++) {
		const struct lease *x = &core->leases->v[i];
		uint32_t off = ntohl(x->ip) - p->lo;
		if (in_range(p, x->ip) && off < n && lease_live(x, now) && memcmp(x->mac, mac, 6))
			used[off / 8] |= (uint8_t)(1u << (off % 8));
	}
	uint32_t found = 0;
	for (uint32_t off = 0; off < n && !found; off++) {
		uint32_t ip = htonl(p->lo + off);
		if (!(used[off / 8] & (1u << (off % 8))) && ip != core->cfg.server_ip &&
		    !reserved_for_other(core, ip, mac))
			found = ip;
	}
	free(used);
	return found;
}

/* Lease time for the reply: the client's wish within max, else the default. */
static uint32_t lease_time(const struct request *r)
{
	uint32_t def = r->scope.default_lease_time ? r->scope.default_lease_time : DHCP_DEFAULT_LEASE_S;
	uint32_t max = r->scope.max_lease_time ? r->scope.max_lease_time : DHCP_MAX_LEASE_S;
	uint32_t want;

	if (max < def)
		max = def;
	if (dhcp_get_u32(&r->pkt, DHCP_OPT_LEASE_TIME, &want) == 0 && want)
		return want < max ? want : max;
	return def;
}

/* The boot file for this client (see server/boot_choice.h); NULL when none applies. */
static const char *boot_file(const struct dhcp_core *core, struct request *r)
{
	const struct dhcp_server_config *cfg = &core->cfg;
	const struct boot_files files = {
		.bios_file = cfg->bios_file, .efi64_file = cfg->efi64_file, .efi32_file = cfg->efi32_file,
		.replace_pxelinux = cfg->replace_pxelinux, .http_port = cfg->http_port,
	};
	char server[WB_IPV4_STRLEN];

	if (cfg->conf && !cfg->conf->allow_booting)
		return NULL;
	wb_fmt_ipv4(server, r->scope.has_next_server ? r->scope.next_server : cfg->server_ip);
	return boot_choice(&files, r->host, &r->pool.scope, r->arch, r->http, server, r->bootfile_buf,
			   sizeof(r->bootfile_buf));
}

static bool requested_param(const struct dhcp_packet *p, uint8_t code)
{
	size_t n;
	const uint8_t *prl = dhcp_get_option(p, DHCP_OPT_PARAM_REQUEST, &n);
	return prl && memchr(prl, code, n) != NULL;
}

static void build_addr_list(struct dhcp_builder *b, uint8_t code, const uint32_t *ips, unsigned n)
{
	uint8_t v[4 * DHCPD_MAX_ADDRS];
	for (unsigned i = 0; i < n; i++)
		memcpy(v + 4 * i, &ips[i], 4);
	if (n)
		dhcp_build_option(b, code, v, 4 * n);
}

/* Assemble the reply packet and choose where it goes. */
static int build_reply(struct dhcp_core *core, const struct request *r, const struct answer *a,
		       const struct dhcp_source *src, struct dhcp_reply *out)
{
	const struct dhcp_packet *q = &r->pkt;
	const struct dhcp_scope *s = &r->scope;
	struct dhcp_packet hdr;
	struct dhcp_builder b;
	uint32_t next_server = s->has_next_server ? s->next_server : core->cfg.server_ip;
	size_t cap = sizeof(out->buf);
	uint16_t max_size;

	if (dhcp_get_u16(q, DHCP_OPT_MAX_SIZE, &max_size) == 0 && max_size >= 576 &&
	    (size_t)max_size - 28 < cap)
		cap = (size_t)max_size - 28;
	memset(&hdr, 0, sizeof(hdr));
	hdr.op = BOOTP_REPLY;
	hdr.htype = q->htype;
	hdr.hlen = q->hlen;
	hdr.xid = q->xid;
	hdr.flags = q->flags;
	hdr.giaddr = q->giaddr;
	memcpy(hdr.chaddr, q->chaddr, sizeof(hdr.chaddr));
	if (a->type == DHCPACK)
		hdr.ciaddr = q->ciaddr;
	hdr.yiaddr = a->yiaddr;
	if (a->bootfile && a->type != DHCPNAK) {
		hdr.siaddr = next_server;
		wb_strlcpy(hdr.file, a->bootfile, sizeof(hdr.file));
	}
	dhcp_build_start(&b, out->buf, cap, &hdr);
	if (a->type) {
		dhcp_build_u8(&b, DHCP_OPT_MSG_TYPE, a->type);
		dhcp_build_ipv4(&b, DHCP_OPT_SERVER_ID, core->cfg.server_ip);
	}
	if (a->type == DHCPNAK) {
		dhcp_build_string(&b, DHCP_OPT_MESSAGE, a->message);
	} else {
		if (a->lease_time) {
			dhcp_build_u32(&b, DHCP_OPT_LEASE_TIME, a->lease_time);
			dhcp_build_u32(&b, DHCP_OPT_RENEWAL_TIME, a->lease_time / 2);
			dhcp_build_u32(&b, DHCP_OPT_REBINDING_TIME, a->lease_time / 8 * 7);
		}
		if (!core->cfg.proxy) {
			uint32_t mask = s->has_subnet_mask ? s->subnet_mask : r->pool.netmask;
			dhcp_build_ipv4(&b, DHCP_OPT_SUBNET_MASK, mask);
			build_addr_list(&b, DHCP_OPT_ROUTER, s->routers, s->n_routers);
			build_addr_list(&b, DHCP_OPT_DNS, s->dns, s->n_dns);
			if (s->has_host_name)
				dhcp_build_string(&b, DHCP_OPT_HOSTNAME, s->host_name);
			if (s->has_domain_name)
				dhcp_build_string(&b, DHCP_OPT_DOMAIN_NAME, s->domain_name);
			dhcp_build_ipv4(&b, DHCP_OPT_BROADCAST,
					s->has_broadcast ? s->broadcast : (r->pool.network | ~mask));
		}
		if (r->pxe) {
			/* Option 60 "PXEClient" makes this offer the PXE offer too: iPXE ROMs then
			 * request at once instead of waiting ~3 s for ProxyDHCP offers
			 * (docs/bios-images.md, "Where a PXE ROM's seconds go"). */
			static const uint8_t pxe_vendor[] = { PXE_VENDOR_DISCOVERY_CONTROL, 1, 8, 255 };
			dhcp_build_string(&b, DHCP_OPT_VENDOR_CLASS, "PXEClient");
			dhcp_build_option(&b, DHCP_OPT_VENDOR, pxe_vendor, sizeof(pxe_vendor));
			size_t ulen;
			const uint8_t *uuid = dhcp_get_option(q, DHCP_OPT_CLIENT_UUID, &ulen);
			if (uuid && core->cfg.proxy)
				dhcp_build_option(&b, DHCP_OPT_CLIENT_UUID, uuid, ulen);
		}
		if (r->http) {
			/* UEFI HTTP Boot takes only offers that say "HTTPClient" (UEFI 2.x 24.7). */
			dhcp_build_string(&b, DHCP_OPT_VENDOR_CLASS, "HTTPClient");
			if (a->bootfile)
				dhcp_build_string(&b, DHCP_OPT_BOOTFILE, a->bootfile);
		}
		if (a->bootfile && !r->http && requested_param(q, DHCP_OPT_TFTP_SERVER)) {
			char ip[WB_IPV4_STRLEN];
			dhcp_build_string(&b, DHCP_OPT_TFTP_SERVER, wb_fmt_ipv4(ip, next_server));
		}
		if (a->bootfile && !r->http && requested_param(q, DHCP_OPT_BOOTFILE))
			dhcp_build_string(&b, DHCP_OPT_BOOTFILE, a->bootfile);
		const char *cf = s->has_pxe_config_file ? s->pxe_config_file : core->cfg.pxe_config_file;
		const char *pp = s->has_pxe_path_prefix ? s->pxe_path_prefix : core->cfg.pxe_path_prefix;
		if (a->bootfile && cf && *cf && (r->pxe || requested_param(q, DHCP_OPT_PXELINUX_CONFIGFILE)))
			dhcp_build_string(&b, DHCP_OPT_PXELINUX_CONFIGFILE, cf);
		if (a->bootfile && pp && *pp && (r->pxe || requested_param(q, DHCP_OPT_PXELINUX_PATHPREFIX)))
			dhcp_build_string(&b, DHCP_OPT_PXELINUX_PATHPREFIX, pp);
	}
	int len = dhcp_build_finish(&b);
	if (len < 0)
		return len;
	out->len = (size_t)len;

	/* RFC 2131 4.1: relay first, then a client that has an address, else broadcast. */
	if (src->binl_port) {
		out->dst_ip = src->ip;
		out->dst_port = src->port;
	} else if (q->giaddr) {
		out->dst_ip = q->giaddr;
		out->dst_port = DHCP_SERVER_PORT;
	} else if (q->ciaddr && a->type != DHCPNAK && a->type != DHCPOFFER) {
		out->dst_ip = q->ciaddr;
		out->dst_port = DHCP_CLIENT_PORT;
	} else {
		out->dst_ip = htonl(INADDR_BROADCAST);
		out->dst_port = DHCP_CLIENT_PORT;
	}
	return 1;
}

/* Append " -> TYPE ip file F" to the log line and build the reply. */
static int answer(struct dhcp_core *core, const struct request *r, const struct answer *a,
		  const struct dhcp_source *src, struct dhcp_reply *out)
{
	char ip[WB_IPV4_STRLEN], ns[WB_IPV4_STRLEN];
	size_t n = strlen(out->log);
	uint32_t next_server = r->scope.has_next_server ? r->scope.next_server : core->cfg.server_ip;

	wb_snprintf(out->log + n, sizeof(out->log) - n, " -> %s %s%s%s%s%s%s",
		    a->type ? msg_name(a->type) : "BOOTREPLY", wb_fmt_ipv4(ip, a->yiaddr),
		    a->bootfile ? " file " : "", a->bootfile ? a->bootfile : "",
		    a->bootfile ? " next-server " : "", a->bootfile ? wb_fmt_ipv4(ns, next_server) : "",
		    a->message ? a->message : "");
	return build_reply(core, r, a, src, out);
}

/*
 * Append the client's UUID (option 97, type 0) to the log line, its bytes in the order they
 * came: the name a pxelinux.cfg/<UUID> file for it would have when the client sends what
 * SMBIOS stores (wireboot, EDK2; iPXE sends the first three fields swapped).
 */
static void log_client_uuid(const struct request *r, struct dhcp_reply *out)
{
	size_t len, n = strlen(out->log);
	const uint8_t *u = dhcp_get_option(&r->pkt, DHCP_OPT_CLIENT_UUID, &len);
	char text[WB_UUID_STRLEN];
	if (u && len == 17 && u[0] == 0)
		wb_snprintf(out->log + n, sizeof(out->log) - n, " uuid %s", wb_fmt_uuid(text, u + 1));
}

/* Note why nothing is sent. */
static int ignore(struct dhcp_reply *out, const char *why)
{
	size_t n = strlen(out->log);
	wb_snprintf(out->log + n, sizeof(out->log) - n, ": ignored (%s)", why);
	return 0;
}

static int nak(struct dhcp_core *core, struct request *r, const struct dhcp_source *src,
	       struct dhcp_reply *out, const char *why)
{
	struct answer a = { .type = DHCPNAK, .message = why };
	return answer(core, r, &a, src, out);
}

/* proxyDHCP: boot information only, for PXE clients. */
static int handle_proxy(struct dhcp_core *core, struct request *r, const struct dhcp_source *src,
			struct dhcp_reply *out)
{
	struct answer a = { 0 };

	if (!r->pxe && !r->http)
		return ignore(out, "proxy mode answers PXE and UEFI HTTP Boot clients only");
	if (!(a.bootfile = boot_file(core, r)))
		return ignore(out, "no boot file for this client architecture");
	if (!src->binl_port && r->type == DHCPDISCOVER)
		a.type = DHCPOFFER;
	else if (src->binl_port && (r->type == DHCPREQUEST || r->type == DHCPINFORM))
		a.type = DHCPACK;
	else
		return ignore(out, "proxy mode");
	return answer(core, r, &a, src, out);
}

/* Record a bound lease and save the table before the ACK leaves. */
static void bind_lease(struct dhcp_core *core, const struct request *r, uint32_t ip, uint32_t secs,
		       uint64_t now)
{
	struct lease *l = lease_take(core->leases, ip, r->pkt.chaddr, now);
	if (!l) {
		log_error("dhcp: lease table full (%u leases): %s not recorded", LEASES_MAX, r->mac_str);
		return;
	}
	l->state = LEASE_BOUND;
	l->expires = now + secs;
	int err = lease_db_save(core->leases);
	if (err)
		log_error("dhcp: cannot save the lease file %s: %s", core->leases->path, wb_strerror(err));
}

static int handle_discover(struct dhcp_core *core, struct request *r, const struct dhcp_source *src,
			   uint64_t now, struct dhcp_reply *out)
{
	struct answer a = { .type = DHCPOFFER };
	uint32_t requested = 0;

	dhcp_get_ipv4(&r->pkt, DHCP_OPT_REQUESTED_IP, &requested);
	if (r->host && r->host->fixed_address &&
	    (r->host->fixed_address & r->pool.netmask) == r->pool.network) {
		a.yiaddr = r->host->fixed_address;
	} else {
		if (!(a.yiaddr = allocate(core, &r->pool, r->pkt.chaddr, requested, now)))
			return ignore(out, r->pool.lo > r->pool.hi ? "unknown client and no range"
								   : "no free address in the range");
		struct lease *l = lease_take(core->leases, a.yiaddr, r->pkt.chaddr, now);
		if (!l)
			return ignore(out, "lease table full");
		if (l->state != LEASE_BOUND || !lease_live(l, now)) {
			l->state = LEASE_OFFERED;
			l->expires = now + DHCP_OFFER_HOLD_S;
		}
	}
	a.lease_time = lease_time(r);
	a.bootfile = boot_file(core, r);
	return answer(core, r, &a, src, out);
}

/*
 * DHCPREQUEST (RFC 2131 4.3.2): silence when the client chose another server or names no
 * address; ACK for the host's fixed address or a free address of the pool (binding the
 * lease), NAK otherwise.
 */
static int handle_request(struct dhcp_core *core, struct request *r, const struct dhcp_source *src,
			  uint64_t now, struct dhcp_reply *out)
{
	struct answer a = { .type = DHCPACK };
	uint32_t server_id = 0, ip = 0;
	bool selecting = dhcp_get_ipv4(&r->pkt, DHCP_OPT_SERVER_ID, &server_id) == 0;

	if (selecting && server_id != core->cfg.server_ip) {
		struct lease *l = lease_find_mac(core->leases, r->pkt.chaddr);
		if (l && l->state == LEASE_OFFERED)
			l->expires = now; /* the client chose another server */
		return ignore(out, "client chose another server");
	}
	if (dhcp_get_ipv4(&r->pkt, DHCP_OPT_REQUESTED_IP, &ip) != 0)
		ip = r->pkt.ciaddr;
	if (!ip)
		return ignore(out, "no address requested");

	if (r->host && r->host->fixed_address &&
	    (r->host->fixed_address & r->pool.netmask) == r->pool.network) {
		if (ip != r->host->fixed_address)
			return nak(core, r, src, out, "not this host's fixed address");
		a.yiaddr = ip;
		a.lease_time = lease_time(r);
		a.bootfile = boot_file(core, r);
		return answer(core, r, &a, src, out);
	}
	if ((ip & r->pool.netmask) != r->pool.network)
		return nak(core, r, src, out, "wrong network");
	if (!in_range(&r->pool, ip) || !available(core, ip, r->pkt.chaddr, now))
		return nak(core, r, src, out, "address not available");
	struct lease *l = lease_find_ip(core->leases, ip);
	if (selecting && (!l || memcmp(l->mac, r->pkt.chaddr, 6) != 0))
		return nak(core, r, src, out, "address not offered to this client");
	a.yiaddr = ip;
	a.lease_time = lease_time(r);
	a.bootfile = boot_file(core, r);
	bind_lease(core, r, ip, a.lease_time, now);
	return answer(core, r, &a, src, out);
}

/* BOOTP (RFC 951): fixed addresses, and the range when it allows dynamic-bootp. */
static int handle_bootp(struct dhcp_core *core, struct request *r, const struct dhcp_source *src,
			uint64_t now, struct dhcp_reply *out)
{
	struct answer a = { 0 };

	if (core->cfg.conf && !core->cfg.conf->allow_bootp)
		return ignore(out, "BOOTP not allowed");
	if (r->host && r->host->fixed_address &&
	    (r->host->fixed_address & r->pool.netmask) == r->pool.network) {
		a.yiaddr = r->host->fixed_address;
	} else if (r->pkt.ciaddr) {
		a.yiaddr = r->pkt.ciaddr;
	} else {
		if (!r->pool.dynamic_bootp && core->cfg.conf)
			return ignore(out, "BOOTP client without a fixed address (no dynamic-bootp range)");
		if (!(a.yiaddr = allocate(core, &r->pool, r->pkt.chaddr, 0, now)))
			return ignore(out, "no free address in the range");
		r->scope.max_lease_time = r->scope.max_lease_time ? r->scope.max_lease_time : DHCP_MAX_LEASE_S;
		bind_lease(core, r, a.yiaddr, r->scope.max_lease_time, now);
	}
	a.bootfile = boot_file(core, r);
	return answer(core, r, &a, src, out);
}

int dhcp_handle(struct dhcp_core *core, const void *pkt, size_t len,
		const struct dhcp_source *src, uint64_t now, struct dhcp_reply *out)
{
	struct request *r = calloc(1, sizeof(*r));
	char vc[64] = "", via[WB_IPV4_STRLEN + 8] = "";
	uint8_t arch[2];
	size_t alen;
	int ret;

	out->len = 0;
	out->log[0] = '\0';
	if (!r)
		return -WB_ENOMEM;
	if ((ret = dhcp_parse(pkt, len, &r->pkt)) < 0)
		goto done;
	ret = 0;
	if (r->pkt.op != BOOTP_REQUEST || r->pkt.htype != 1 || r->pkt.hlen != 6)
		goto done; /* replies from other servers, non-Ethernet: not for us */
	r->type = dhcp_msg_type(&r->pkt);
	dhcp_get_string(&r->pkt, DHCP_OPT_VENDOR_CLASS, vc, sizeof(vc));
	r->pxe = strncmp(vc, "PXEClient", 9) == 0;
	r->http = strncmp(vc, "HTTPClient", 10) == 0;
	const uint8_t *av = dhcp_get_option(&r->pkt, DHCP_OPT_CLIENT_ARCH, &alen);
	r->arch = -1;
	if (av && alen >= 2) {
		memcpy(arch, av, 2);
		r->arch = arch[0] << 8 | arch[1];
	}
	wb_fmt_mac(r->mac_str, r->pkt.chaddr, ':');
	if (r->pkt.giaddr) {
		char g[WB_IPV4_STRLEN];
		wb_snprintf(via, sizeof(via), " via %s", wb_fmt_ipv4(g, r->pkt.giaddr));
	}
	char arch_str[16] = "";
	if (r->arch >= 0)
		wb_snprintf(arch_str, sizeof(arch_str), " arch %d", r->arch);
	wb_snprintf(out->log, sizeof(out->log), "dhcp %s %s%s%s%s%s", msg_name(r->type), r->mac_str,
		    via, r->pxe ? " PXEClient" : r->http ? " HTTPClient" : "", arch_str,
		    src->binl_port ? " port 4011" : "");

	uint32_t link = r->pkt.giaddr ? r->pkt.giaddr : core->cfg.server_ip;
	if (!select_pool(core, link, &r->pool)) {
		ret = ignore(out, "no subnet declared for this link");
		goto done;
	}
	r->host = core->cfg.conf ? dhcpd_conf_find_host(core->cfg.conf, r->pkt.chaddr) : NULL;
	if (r->host)
		r->scope = r->host->scope;
	dhcp_scope_merge(&r->scope, &r->pool.scope);

	if (core->cfg.proxy) {
		ret = handle_proxy(core, r, src, out);
		goto done;
	}
	if (src->binl_port) {
		ret = ignore(out, "port 4011 is for proxy mode");
		goto done;
	}
	switch (r->type) {
	case 0:
		ret = handle_bootp(core, r, src, now, out);
		break;
	case DHCPDISCOVER:
		ret = handle_discover(core, r, src, now, out);
		break;
	case DHCPREQUEST:
		ret = handle_request(core, r, src, now, out);
		break;
	case DHCPDECLINE:
	case DHCPRELEASE: {
		uint32_t sid = 0, ip = r->pkt.ciaddr;
		dhcp_get_ipv4(&r->pkt, DHCP_OPT_SERVER_ID, &sid);
		if (r->type == DHCPDECLINE)
			dhcp_get_ipv4(&r->pkt, DHCP_OPT_REQUESTED_IP, &ip);
		struct lease *l = lease_find_ip(core->leases, ip);
		if (sid != core->cfg.server_ip || !l || memcmp(l->mac, r->pkt.chaddr, 6) != 0) {
			ret = ignore(out, "not our lease");
			break;
		}
		if (r->type == DHCPDECLINE) {
			l->state = LEASE_DECLINED;
			l->expires = now + DHCP_DECLINE_HOLD_S;
		} else {
			l->expires = now;
		}
		lease_db_save(core->leases);
		ret = ignore(out, r->type == DHCPDECLINE ? "address marked unusable" : "lease released");
		break;
	}
	case DHCPINFORM: {
		struct answer a = { .type = DHCPACK, .bootfile = boot_file(core, r) };
		ret = answer(core, r, &a, src, out);
		break;
	}
	default:
		ret = ignore(out, "not a client message");
	}
done:
	log_client_uuid(r, out);
	free(r);
	return ret;
}

/* ---- sockets ------------------------------------------------------------------------- */

struct dhcp_port {
	struct ev_handler h;
	struct dhcp_server *srv;
	int sock;
	bool binl;
};

struct dhcp_server {
	struct dhcp_core *core;
	struct event_loop *loop;
	struct dhcp_port p67, p4011;
	uint8_t rx[DHCP_MAX_LEN + 512];
	struct dhcp_reply reply;
};

/* Port 67 or 4011 is readable: answer up to 64 waiting datagrams, one at a time. */
static void port_event(struct ev_handler *h, uint32_t events)
{
	struct dhcp_port *p = (struct dhcp_port *)h;
	struct dhcp_server *s = p->srv;

	for (int i = 0; i < 64; i++) {
		struct sockaddr_in from;
		socklen_t fl = sizeof(from);
		ssize_t n = recvfrom(p->sock, s->rx, sizeof(s->rx), 0, (struct sockaddr *)&from, &fl);
		if (n < 0)
			return;
		struct dhcp_source src = { .ip = from.sin_addr.s_addr, .port = ntohs(from.sin_port),
					   .binl_port = p->binl };
		int r = dhcp_handle(s->core, s->rx, (size_t)n, &src, (uint64_t)time(NULL), &s->reply);
		if (r < 0) {
			char ip[WB_IPV4_STRLEN];
			if (log_limited_pass(LOG_KIND_DHCP_MALFORMED, &(struct ip_addr){ IP_ADDR_V4, { src.ip } }))
				log_info("dhcp: malformed packet from %s:%u: %s", wb_fmt_ipv4(ip, src.ip), src.port,
				 wb_strerror(r));
			continue;
		}
		if (s->reply.log[0])
			log_info("%s", s->reply.log);
		if (r == 0)
			continue;
		struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(s->reply.dst_port),
					  .sin_addr.s_addr = s->reply.dst_ip };
		if (sendto(p->sock, s->reply.buf, s->reply.len, 0, (struct sockaddr *)&to, sizeof(to)) < 0)
			log_warn("dhcp: sending the reply failed: %s", wb_strerror(-WB_EIO));
	}
}

/* A UDP socket on `port`, bound to the interface, allowed to broadcast. */
static int open_port(struct dhcp_server *s, struct dhcp_port *p, uint16_t port, bool binl)
{
	int one = 1;
	int sock = ev_open_socket(AF_INET, SOCK_DGRAM, s->core->cfg.interface, 0, port);

	p->h.fn = port_event;
	p->srv = s;
	p->binl = binl;
	if (sock < 0)
		return sock;
	if (setsockopt(sock, SOL_SOCKET, SO_BROADCAST, &one, sizeof(one)) < 0 ||
	    ev_add(s->loop, sock, EPOLLIN, &p->h) < 0) {
		close(sock);
		return -WB_EIO;
	}
	p->sock = sock;
	return 0;
}

int dhcp_server_open(struct dhcp_server **out, struct dhcp_core *core, struct event_loop *loop)
{
	struct dhcp_server *s = calloc(1, sizeof(*s));
	int err;

	if (!s)
		return -WB_ENOMEM;
	s->core = core;
	s->loop = loop;
	s->p67.sock = s->p4011.sock = -1;
	if ((err = open_port(s, &s->p67, DHCP_SERVER_PORT, false)) ||
	    (core->cfg.proxy && (err = open_port(s, &s->p4011, PXE_BINL_PORT, true)))) {
		dhcp_server_close(s);
		return err;
	}
	*out = s;
	return 0;
}

void dhcp_server_close(struct dhcp_server *s)
{
	if (!s)
		return;
	struct dhcp_port *ports[] = { &s->p67, &s->p4011 };
	for (unsigned i = 0; i < 2; i++) {
		if (ports[i]->sock >= 0) {
			ev_del(s->loop, ports[i]->sock);
			close(ports[i]->sock);
		}
	}
	free(s);
}
