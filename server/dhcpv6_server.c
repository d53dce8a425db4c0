// SPDX-License-Identifier: GPL-2.0-or-later
/* The DHCPv6 service (see server/dhcpv6_server.h). */
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/byteorder.h"
#include "core/errors.h"
#include "core/printf.h"
#include "core/string.h"
#include "net/dhcp_packet.h"
#include "net/ip_addr.h"
#include "server/dhcpv6_bindings_file.h"
#include "server/dhcpv6_server.h"
#include "server/log.h"
#include "server/log_limit.h"
#include "server/sock_addr.h"

/* Everything about the (inner) request the answer depends on. */
struct request6 {
	struct dhcpv6_packet pkt;
	const struct dhcpv6_packet *relay; /* the Relay-forward around it, or NULL */
	uint8_t mac[6];
	bool has_mac;
	const struct dhcp_host *host;
	struct dhcp_scope scope;           /* the host's (with its groups) > the file's global */
	int arch;                          /* option 61, or -1 */
	bool http;                         /* UEFI HTTP Boot client */
	char url[DHCPD_NAME_MAX + 64];
	char who[64];                      /* for the log: the MAC or "DUID of N bytes" */
};

/* What the answer carries. */
struct answer6 {
	uint8_t type;                      /* DHCPV6_ADVERTISE or DHCPV6_REPLY */
	bool ia;                           /* an IA_NA for the request's IAID */
	bool has_addr;
	uint8_t addr[16];
	uint32_t lifetime;                 /* preferred = valid; 0 with has_addr: "invalid" */
	int ia_status;                     /* -1: none, else a status in the IA */
	int status;                        /* -1: none, else the message's own status */
	bool rapid_commit;
	bool options;                      /* DNS, boot file URL, vendor class */
};

static const char *msg_name(uint8_t type)
{
	static const char *const names[] = { "?", "SOLICIT", "ADVERTISE", "REQUEST", "CONFIRM",
					      "RENEW", "REBIND", "REPLY", "RELEASE", "DECLINE",
					      "RECONFIGURE", "INFORMATION-REQUEST", "RELAY-FORW",
					      "RELAY-REPL" };
	return type < sizeof(names) / sizeof(names[0]) ? names[type] : "?";
}

static uint64_t low64(const uint8_t a[16])
{
	return (uint64_t)get_be32(a + 8) << 32 | get_be32(a + 12);
}

static void set_low64(uint8_t a[16], uint64_t v)
{
	put_be32(a + 8, (uint32_t)(v >> 32));
	put_be32(a + 12, (uint32_t)v);
}

static bool in_range(const struct dhcpv6_server_config *cfg, const uint8_t a[16])
{
	return cfg->has_range && !memcmp(a, cfg->range_lo, 8) && low64(a) >= low64(cfg->range_lo) &&
	       low64(a) <= low64(cfg->range_hi);
}

/* Is `a` on the link (inside server_addr/prefix_len, or the range)? */
static bool on_link(const struct dhcpv6_server_config *cfg, const uint8_t a[16])
{
	unsigned bits = cfg->prefix_len;
	if (in_range(cfg, a))
		return true;
	if (!bits)
		return false;
	if (memcmp(a, cfg->server_addr, bits / 8))
		return false;
	uint8_t mask = (uint8_t)(0xff00u >> (bits % 8));
	return bits % 8 == 0 || !((a[bits / 8] ^ cfg->server_addr[bits / 8]) & mask);
}

static bool same_client(const struct dhcpv6_binding *b, const struct request6 *r)
{
	return b->duid_len == r->pkt.client_id.len && b->iaid == r->pkt.iaid &&
	       !memcmp(b->duid, r->pkt.client_id.p, b->duid_len);
}

static struct dhcpv6_binding *find_binding(struct dhcpv6_core *core, const struct request6 *r)
{
	for (unsigned i = 0; i < core->n_bindings; i++)
		if (same_client(&core->bindings[i], r))
			return &core->bindings[i];
	return NULL;
}

/* Is `a` live for another client, a host's fixed address, or ours? */
static bool taken(const struct dhcpv6_core *core, const uint8_t a[16], const struct request6 *r,
		  uint64_t now)
{
	const struct dhcpd_conf *conf = core->cfg.conf;
	if (!memcmp(a, core->cfg.server_addr, 16))
		return true;
	for (unsigned i = 0; i < core->n_bindings; i++) {
		const struct dhcpv6_binding *b = &core->bindings[i];
		if (b->expires > now && !memcmp(b->addr, a, 16) && !same_client(b, r))
			return true;
	}
	for (unsigned i = 0; conf && i < conf->n_hosts; i++)
		if (conf->hosts[i].has_fixed_address6 && &conf->hosts[i] != r->host &&
		    !memcmp(conf->hosts[i].fixed_address6, a, 16))
			return true;
	return false;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/*
 * The low 64 bits of every address of the range's /64 that is taken for r (as taken()
 * says), sorted, so that the range walk costs a binary search per address, not a scan of
 * every binding and host: a flood of Solicits must not make allocation quadratic.
 * NULL when memory is short.
 */
static uint64_t *taken_in_range(const struct dhcpv6_core *core, const struct request6 *r,
				uint64_t now, size_t *n)
{
	const struct dhcpv6_server_config *cfg = &core->cfg;
	const struct dhcpd_conf *conf = cfg->conf;
	size_t cap = 1 + core->n_bindings + (conf ? conf->n_hosts : 0);
	uint64_t *v = malloc(cap * sizeof(*v));

	*n = 0;
	if (!v)
		return NULL;
	if (!memcmp(cfg->server_addr, cfg->range_lo, 8))
		v[(*n)++] = low64(cfg->server_addr);
	for (unsigned i = 0; i < core->n_bindings; i++) {
		const struct dhcpv6_binding *b = &core->bindings[i];
		if (b->expires > now && !memcmp(b->addr, cfg->range_lo, 8) && !same_client(b, r))
			v[(*n)++] = low64(b->addr);
	}
	for (unsigned i = 0; conf && i < conf->n_hosts; i++) {
		const struct dhcp_host *h = &conf->hosts[i];
		if (h->has_fixed_address6 && h != r->host && !memcmp(h->fixed_address6, cfg->range_lo, 8))
			v[(*n)++] = low64(h->fixed_address6);
	}
	qsort(v, *n, sizeof(*v), cmp_u64);
	return v;
}

/* FNV-1a over the DUID and IAID: where the client's search of the range starts. */
static uint64_t client_hash(const struct request6 *r)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (uint16_t i = 0; i < r->pkt.client_id.len; i++)
		h = (h ^ r->pkt.client_id.p[i]) * 0x100000001b3ull;
	for (int i = 0; i < 4; i++)
		h = (h ^ (uint8_t)(r->pkt.iaid >> (8 * i))) * 0x100000001b3ull;
	return h;
}

/* The address for this client's IA_NA: its binding, its host's, or a free one of the range. */
static bool choose_address(struct dhcpv6_core *core, const struct request6 *r, uint64_t now,
			   uint8_t out[16])
{
	const struct dhcpv6_server_config *cfg = &core->cfg;
	if (r->host && r->host->has_fixed_address6) {
		memcpy(out, r->host->fixed_address6, 16);
		return true;
	}
	const struct dhcpv6_binding *b = find_binding(core, r);
	if (b && b->expires > now && in_range(cfg, b->addr) && !taken(core, b->addr, r, now)) {
		memcpy(out, b->addr, 16);
		return true;
	}
	if (!cfg->has_range)
		return false;
	size_t n_used;
	uint64_t *used = taken_in_range(core, r, now, &n_used);
	uint64_t lo = low64(cfg->range_lo), size = low64(cfg->range_hi) - lo + 1;
	uint64_t start = size ? client_hash(r) % size : 0; /* size 0: the whole 2^64 */
	bool found = false;
	for (uint64_t i = 0; used && i < DHCPV6_RANGE_SCAN_MAX && (!size || i < size); i++) {
		uint64_t off = start + i;
		if (size && off >= size)
			off -= size;
		uint64_t cand = lo + off;
		if (!bsearch(&cand, used, n_used, sizeof(*used), cmp_u64)) {
			memcpy(out, cfg->range_lo, 8);
			set_low64(out, cand);
			found = true;
			break;
		}
	}
	free(used);
	return found;
}

/* After a change a client relies on (bound, renewed, released): the file, when there is one. */
static void save_bindings(const struct dhcpv6_core *core)
{
	const char *path = core->cfg.bindings_file;
	int err = path ? dhcpv6_bindings_save(core, path) : 0;
	if (err)
		log_error("dhcpv6: cannot save the bindings file %s: %s", path, wb_strerror(err));
}

/*
 * Record (or refresh) the client's binding: its own record, an expired one, a new one, or
 * (the table full) the advertised-but-never-requested one that expires first, so that a
 * flood of Solicits from made-up DUIDs cannot lock real clients out; false when every
 * record is a live bound lease.
 */
static bool bind_addr(struct dhcpv6_core *core, const struct request6 *r, const uint8_t addr[16],
		      bool bound, uint64_t expires, uint64_t now)
{
	struct dhcpv6_binding *b = find_binding(core, r), *held = NULL;
	for (unsigned i = 0; !b && i < core->n_bindings; i++) {
		struct dhcpv6_binding *c = &core->bindings[i];
		if (c->expires <= now)
			b = c;
		else if (!c->bound && (!held || c->expires < held->expires))
			held = c;
	}
	if (!b && core->n_bindings < DHCPV6_BINDINGS_MAX)
		b = &core->bindings[core->n_bindings++];
	if (!b)
		b = held;
	if (!b)
		return false;
	memset(b, 0, sizeof(*b));
	memcpy(b->duid, r->pkt.client_id.p, r->pkt.client_id.len);
	b->duid_len = (uint8_t)r->pkt.client_id.len;
	b->iaid = r->pkt.iaid;
	memcpy(b->addr, addr, 16);
	b->bound = bound;
	b->expires = expires;
	return true;
}

static uint32_t lease_time(const struct request6 *r)
{
	return r->scope.default_lease_time ? r->scope.default_lease_time : DHCPV6_DEFAULT_LEASE_S;
}

/* Does the vendor class (option 16) carry "HTTPClient..." as its first data item? */
static bool is_http_client(const struct dhcpv6_bytes *vc)
{
	if (vc->len < 6)
		return false;
	uint16_t n = get_be16(vc->p + 4);
	return n >= 10 && n <= vc->len - 6 && !memcmp(vc->p + 6, "HTTPClient", 10);
}

/* The boot file URL for this client (see dhcpv6_server.h), or NULL. */
static const char *boot_url(const struct dhcpv6_core *core, struct request6 *r)
{
	const struct dhcpv6_server_config *cfg = &core->cfg;
	const struct dhcp_scope *own = r->host ? &r->host->scope : NULL;
	const struct dhcp_scope *global = cfg->conf ? &cfg->conf->global : NULL;
	char ip[IP_ADDR_STRLEN], server[IP_ADDR_STRLEN + 2], file_buf[DHCPD_NAME_MAX];
	struct ip_addr a = ip_addr_v6(cfg->server_addr);

	if (cfg->conf && !cfg->conf->allow_booting)
		return NULL;
	/* The host's URL, else its own filename, else a global URL, else by architecture. */
	if (r->scope.has_boot_url6 && !(own && own->has_filename && !own->has_boot_url6))
		return r->scope.boot_url6;
	wb_snprintf(server, sizeof(server), "[%s]", ip_addr_fmt(ip, &a));
	const char *file = boot_choice(&cfg->files, r->host, global, r->arch, r->http, server,
				       file_buf, sizeof(file_buf));
	if (!file)
		return NULL;
	if (strstr(file, "://"))
		wb_strlcpy(r->url, file, sizeof(r->url));
	else
		wb_snprintf(r->url, sizeof(r->url), "tftp://%s/%s", server, file + (file[0] == '/'));
	return r->url;
}

static void put_status(struct dhcpv6_builder *b, uint16_t status, const char *msg)
{
	size_t h = dhcpv6_open(b, DHCPV6_OPT_STATUS_CODE);
	uint8_t code[2];
	put_be16(code, status);
	dhcpv6_put_raw(b, code, 2);
	dhcpv6_put_raw(b, msg, strlen(msg));
	dhcpv6_close(b, h);
}

static const char *status_text(int status)
{
	switch (status) {
	case DHCPV6_STATUS_SUCCESS:
		return "success";
	case DHCPV6_STATUS_NO_ADDRS_AVAIL:
		return "no addresses available";
	case DHCPV6_STATUS_NO_BINDING:
		return "no binding for this IA";
	case DHCPV6_STATUS_NOT_ON_LINK:
		return "not on link";
	default:
		return "failed";
	}
}

/* The answer to r's inner message, into buf: its length or <0. */
static int build_answer(const struct dhcpv6_core *core, struct request6 *r, const struct answer6 *a,
			uint8_t *buf, size_t cap, const char **url)
{
	const struct dhcpv6_server_config *cfg = &core->cfg;
	struct dhcpv6_builder b;

	dhcpv6_build_start(&b, buf, cap, a->type, r->pkt.xid);
	dhcpv6_put(&b, DHCPV6_OPT_SERVERID, cfg->duid, sizeof(cfg->duid));
	if (r->pkt.client_id.len)
		dhcpv6_put(&b, DHCPV6_OPT_CLIENTID, r->pkt.client_id.p, r->pkt.client_id.len);
	if (a->status >= 0)
		put_status(&b, (uint16_t)a->status, status_text(a->status));
	if (a->ia) {
		uint8_t ia[12];
		put_be32(ia, r->pkt.iaid);
		put_be32(ia + 4, a->lifetime / 2);
		put_be32(ia + 8, (uint32_t)((uint64_t)a->lifetime * 4 / 5));
		size_t h = dhcpv6_open(&b, DHCPV6_OPT_IA_NA);
		dhcpv6_put_raw(&b, ia, sizeof(ia));
		if (a->has_addr) {
			uint8_t ad[24];
			memcpy(ad, a->addr, 16);
			put_be32(ad + 16, a->lifetime);
			put_be32(ad + 20, a->lifetime);
			dhcpv6_put(&b, DHCPV6_OPT_IAADDR, ad, sizeof(ad));
		}
		if (a->ia_status >= 0)
			put_status(&b, (uint16_t)a->ia_status, status_text(a->ia_status));
		dhcpv6_close(&b, h);
	}
	if (a->rapid_commit)
		dhcpv6_put(&b, DHCPV6_OPT_RAPID_COMMIT, NULL, 0);
	if (a->options && cfg->n_dns && dhcpv6_requested(&r->pkt, DHCPV6_OPT_DNS_SERVERS))
		dhcpv6_put(&b, DHCPV6_OPT_DNS_SERVERS, cfg->dns, 16 * (size_t)cfg->n_dns);
	if (a->options && (r->arch >= 0 || dhcpv6_requested(&r->pkt, DHCPV6_OPT_BOOTFILE_URL)) &&
	    (*url = boot_url(core, r)))
		dhcpv6_put(&b, DHCPV6_OPT_BOOTFILE_URL, *url, strlen(*url));
	if (a->options && r->http) {
		uint8_t vc[4 + 2 + 10];
		put_be32(vc, DHCPV6_ENTERPRISE_PXE);
		put_be16(vc + 4, 10);
		memcpy(vc + 6, "HTTPClient", 10);
		dhcpv6_put(&b, DHCPV6_OPT_VENDOR_CLASS, vc, sizeof(vc));
	}
	return dhcpv6_build_finish(&b);
}

/* Wrap the answer into a Relay-reply when the request came through a relay; log it. */
static int send_answer(const struct dhcpv6_core *core, struct request6 *r, const struct answer6 *a,
		       struct dhcpv6_reply *out)
{
	uint8_t inner[DHCPV6_MAX_LEN];
	const char *url = NULL;
	char addr[IP_ADDR_STRLEN];
	int n = build_answer(core, r, a, r->relay ? inner : out->buf, sizeof(inner), &url);
	if (n < 0)
		return n;
	out->len = (size_t)n;
	if (r->relay) {
		struct dhcpv6_builder b = { out->buf, sizeof(out->buf), 0, false };
		uint8_t h[2] = { DHCPV6_RELAY_REPL, r->relay->hop_count };
		dhcpv6_put_raw(&b, h, 2);
		dhcpv6_put_raw(&b, r->relay->link_addr, 16);
		dhcpv6_put_raw(&b, r->relay->peer_addr, 16);
		if (r->relay->interface_id.p)
			dhcpv6_put(&b, DHCPV6_OPT_INTERFACE_ID, r->relay->interface_id.p,
				   r->relay->interface_id.len);
		dhcpv6_put(&b, DHCPV6_OPT_RELAY_MSG, inner, (size_t)n);
		if ((n = dhcpv6_build_finish(&b)) < 0)
			return n;
		out->len = (size_t)n;
	}
	struct ip_addr ia = ip_addr_v6(a->addr);
	size_t used = strlen(out->log);
	wb_snprintf(out->log + used, sizeof(out->log) - used, ": %s%s%s%s%s%s%s%s",
		    msg_name(a->type), a->rapid_commit ? " (rapid commit)" : "",
		    a->has_addr ? " " : "", a->has_addr ? ip_addr_fmt(addr, &ia) : "",
		    a->ia_status > 0 ? " IA: " : a->status > 0 ? " " : "",
		    a->ia_status > 0 ? status_text(a->ia_status) : a->status > 0 ? status_text(a->status) : "",
		    url ? " url " : "", url ? url : "");
	return 1;
}

static int ignore(struct dhcpv6_reply *out, const char *why)
{
	size_t used = strlen(out->log);
	wb_snprintf(out->log + used, sizeof(out->log) - used, ": ignored (%s)", why);
	return 0;
}

/* Solicit, Request, Renew, Rebind: an address for the IA_NA. */
static int handle_ia(struct dhcpv6_core *core, struct request6 *r, uint64_t now,
		     struct dhcpv6_reply *out)
{
	struct answer6 a = { .type = DHCPV6_REPLY, .ia = true, .ia_status = -1, .status = -1,
			     .options = true };
	uint8_t type = r->pkt.type;
	uint32_t life = lease_time(r);
	bool have = choose_address(core, r, now, a.addr);

	if (type == DHCPV6_SOLICIT && !r->pkt.rapid_commit)
		a.type = DHCPV6_ADVERTISE;
	a.rapid_commit = type == DHCPV6_SOLICIT && r->pkt.rapid_commit;
	if ((type == DHCPV6_RENEW || type == DHCPV6_REBIND) && r->pkt.has_addr &&
	    memcmp(r->pkt.addr, a.addr, 16)) {
		/* Not the address this client may have: Renew gets NoBinding, Rebind has it
		 * invalidated (lifetimes 0, RFC 8415 18.3.5) so the client starts over. */
		if (type == DHCPV6_RENEW) {
			a.ia_status = DHCPV6_STATUS_NO_BINDING;
		} else {
			memcpy(a.addr, r->pkt.addr, 16);
			a.has_addr = true;
			a.lifetime = 0;
		}
		return send_answer(core, r, &a, out);
	}
	if (!have) {
		a.ia_status = DHCPV6_STATUS_NO_ADDRS_AVAIL;
		a.lifetime = 0;
		if (type == DHCPV6_SOLICIT && !a.rapid_commit && !r->host)
			return ignore(out, "no address available");
		return send_answer(core, r, &a, out);
	}
	bool bound = a.type == DHCPV6_REPLY;
	if (!bind_addr(core, r, a.addr, bound, now + (bound ? life : DHCPV6_OFFER_HOLD_S), now)) {
		a.ia_status = DHCPV6_STATUS_NO_ADDRS_AVAIL;
		return send_answer(core, r, &a, out);
	}
	a.has_addr = true;
	a.lifetime = life;
	if (bound)
		save_bindings(core);
	return send_answer(core, r, &a, out);
}

/* Confirm: are the client's addresses still on this link? */
static int handle_confirm(struct dhcpv6_core *core, struct request6 *r, struct dhcpv6_reply *out)
{
	struct answer6 a = { .type = DHCPV6_REPLY, .ia_status = -1, .status = DHCPV6_STATUS_SUCCESS };
	if (!r->pkt.has_addr)
		return ignore(out, "Confirm without an address");
	if (!on_link(&core->cfg, r->pkt.addr))
		a.status = DHCPV6_STATUS_NOT_ON_LINK;
	return send_answer(core, r, &a, out);
}

/* Release: forget the binding. */
static int handle_release(struct dhcpv6_core *core, struct request6 *r, struct dhcpv6_reply *out)
{
	struct answer6 a = { .type = DHCPV6_REPLY, .ia_status = -1, .status = DHCPV6_STATUS_SUCCESS };
	struct dhcpv6_binding *b = find_binding(core, r);
	if (b && r->pkt.has_addr && !memcmp(b->addr, r->pkt.addr, 16)) {
		b->expires = 0;
		save_bindings(core);
	}
	return send_answer(core, r, &a, out);
}

/* Who the client is: MAC (DUID-LL/LLT, else a relay's option 79), host, architecture. */
static void identify(const struct dhcpv6_core *core, struct request6 *r)
{
	const struct dhcpv6_bytes *ll = r->relay ? &r->relay->linklayer : NULL;

	r->has_mac = dhcpv6_duid_mac(&r->pkt.client_id, r->mac) == 0;
	if (!r->has_mac && ll && ll->len == 8 && get_be16(ll->p) == 1) {
		memcpy(r->mac, ll->p + 2, 6);
		r->has_mac = true;
	}
	if (r->has_mac)
		wb_fmt_mac(r->who, r->mac, ':');
	else
		wb_snprintf(r->who, sizeof(r->who), "DUID of %u bytes", r->pkt.client_id.len);
	r->host = r->has_mac && core->cfg.conf ? dhcpd_conf_find_host(core->cfg.conf, r->mac) : NULL;
	if (r->host)
		r->scope = r->host->scope;
	if (core->cfg.conf)
		dhcp_scope_merge(&r->scope, &core->cfg.conf->global);
	r->arch = r->pkt.has_arch ? r->pkt.arch : -1;
	r->http = is_http_client(&r->pkt.vendor_class) || r->arch == DHCP_ARCH_EFI_X64_HTTP ||
		  r->arch == DHCP_ARCH_EFI_IA32_HTTP;
}

/* Is the server identifier absent (want_ours false) or ours (true), as `type` requires? */
static bool server_id_ok(const struct dhcpv6_core *core, const struct request6 *r, bool want_ours)
{
	const struct dhcpv6_bytes *sid = &r->pkt.server_id;
	if (!want_ours)
		return sid->len == 0;
	return sid->len == sizeof(core->cfg.duid) && !memcmp(sid->p, core->cfg.duid, sid->len);
}

int dhcpv6_handle(struct dhcpv6_core *core, const uint8_t *pkt, size_t len, uint64_t now,
		  struct dhcpv6_reply *out)
{
	struct dhcpv6_packet outer;
	struct request6 *r = calloc(1, sizeof(*r));
	int err;

	out->len = 0;
	out->log[0] = '\0';
	if (!r)
		return -WB_ENOMEM;
	r->arch = -1;
	if ((err = dhcpv6_parse(pkt, len, &r->pkt)) < 0)
		goto done;
	if (r->pkt.type == DHCPV6_RELAY_FORW) {
		outer = r->pkt;
		r->relay = &outer;
		if (!outer.relay_msg.p) {
			err = -WB_EPROTO;
			goto done;
		}
		if ((err = dhcpv6_parse(outer.relay_msg.p, outer.relay_msg.len, &r->pkt)) < 0)
			goto done;
	}
	identify(core, r);
	wb_snprintf(out->log, sizeof(out->log), "dhcpv6 %s from %s%s%s%s%s", msg_name(r->pkt.type),
		    r->who, r->relay ? " via relay" : "", r->http ? " HTTPClient" : "", r->host ? " host " : "",
		    r->host ? r->host->name : "");
	if (r->arch >= 0) {
		size_t used = strlen(out->log);
		wb_snprintf(out->log + used, sizeof(out->log) - used, " arch %d", r->arch);
	}
	uint8_t type = r->pkt.type;
	bool needs_client = type != DHCPV6_INFORMATION_REQUEST;
	if (needs_client && !r->pkt.client_id.len) {
		err = ignore(out, "no client identifier");
		goto done;
	}
	switch (type) {
	case DHCPV6_SOLICIT:
	case DHCPV6_REBIND:
	case DHCPV6_REQUEST:
	case DHCPV6_RENEW:
		if (!server_id_ok(core, r, type == DHCPV6_REQUEST || type == DHCPV6_RENEW))
			err = ignore(out, type == DHCPV6_REQUEST || type == DHCPV6_RENEW
						  ? "for another server" : "carries a server identifier");
		else if (!r->pkt.has_ia_na)
			err = ignore(out, "no IA_NA: only addresses (IA_NA) are served");
		else
			err = handle_ia(core, r, now, out);
		break;
	case DHCPV6_CONFIRM:
		err = server_id_ok(core, r, false) ? handle_confirm(core, r, out)
						   : ignore(out, "carries a server identifier");
		break;
	case DHCPV6_RELEASE:
		err = server_id_ok(core, r, true) ? handle_release(core, r, out)
						  : ignore(out, "for another server");
		break;
	case DHCPV6_INFORMATION_REQUEST: {
		struct answer6 a = { .type = DHCPV6_REPLY, .ia_status = -1, .status = -1, .options = true };
		err = !r->pkt.server_id.len || server_id_ok(core, r, true) ? send_answer(core, r, &a, out)
									   : ignore(out, "for another server");
		break;
	}
	case DHCPV6_RELAY_FORW:
		err = ignore(out, "relayed through more than one relay: not supported");
		break;
	case DHCPV6_DECLINE:
		err = ignore(out, "Decline: the address is in use elsewhere, check the network");
		break;
	default:
		err = ignore(out, "not a client message");
	}
done:
	free(r);
	return err;
}

/* ---- The socket ---- */

struct dhcpv6_server {
	struct ev_handler h;
	struct dhcpv6_core *core;
	struct event_loop *loop;
	int sock;
	uint8_t rx[DHCPV6_MAX_LEN * 2];
	struct dhcpv6_reply reply;
};

static void port_event(struct ev_handler *h, uint32_t events)
{
	struct dhcpv6_server *s = (struct dhcpv6_server *)h;

	for (int i = 0; i < 64; i++) {
		union sock_addr from;
		socklen_t fl = sizeof(from);
		ssize_t n = recvfrom(s->sock, s->rx, sizeof(s->rx), 0, &from.sa, &fl);
		if (n < 0)
			return;
		if (!sock_addr_valid(&from, fl) || from.sa.sa_family != AF_INET6)
			continue;
		char who[SOCK_ADDR_STRLEN];
		int r = dhcpv6_handle(s->core, s->rx, (size_t)n, (uint64_t)time(NULL), &s->reply);
		if (r < 0) {
			struct ip_addr ip = sock_addr_ip(&from);
			if (log_limited_pass(LOG_KIND_DHCP_MALFORMED, &ip))
				log_info("dhcpv6: malformed message from %s: %s", sock_addr_fmt(who, &from),
					 wb_strerror(r));
			continue;
		}
		if (s->reply.log[0])
			log_info("%s", s->reply.log);
		if (r == 1 && sendto(s->sock, s->reply.buf, s->reply.len, 0, &from.sa, sizeof(from.in6)) < 0)
			log_warn("dhcpv6: cannot answer %s: %s", sock_addr_fmt(who, &from), strerror(errno));
	}
}

int dhcpv6_server_open(struct dhcpv6_server **out, struct dhcpv6_core *core, const char *interface,
		       struct event_loop *loop)
{
	struct dhcpv6_server *s = calloc(1, sizeof(*s));
	struct ipv6_mreq all_servers = { .ipv6mr_multiaddr = { { { 0xff, 0x02, [13] = 1, [15] = 2 } } },
					 .ipv6mr_interface = if_nametoindex(interface) };

	if (!s)
		return -WB_ENOMEM;
	s->core = core;
	s->loop = loop;
	s->h.fn = port_event;
	s->sock = ev_open_socket(AF_INET6, SOCK_DGRAM, interface, 0, DHCPV6_SERVER_PORT);
	if (s->sock >= 0 &&
	    (setsockopt(s->sock, IPPROTO_IPV6, IPV6_ADD_MEMBERSHIP, &all_servers, sizeof(all_servers)) < 0 ||
	     ev_add(loop, s->sock, EPOLLIN, &s->h) < 0)) {
		close(s->sock);
		s->sock = -WB_EIO;
	}
	if (s->sock < 0) {
		int err = s->sock;
		free(s);
		return err;
	}
	*out = s;
	return 0;
}

void dhcpv6_server_close(struct dhcpv6_server *s)
{
	if (!s)
		return;
	ev_del(s->loop, s->sock);
	close(s->sock);
	free(s);
}
