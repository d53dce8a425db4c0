// SPDX-License-Identifier: GPL-2.0-or-later
/* Stub resolver: see net/dns.h. */
#include "net/dns.h"

#include "core/errors.h"
#include "core/printf.h"
#include "core/string.h"
#include "core/time.h"
#include "net/netif.h"
#include "net/udp.h"

static struct {
	struct ip_addr servers[DNS_SERVERS_MAX];
	unsigned count;
	char domain[DNS_NAME_MAX];
	char cached_name[DNS_NAME_MAX]; /* the last name resolved, and its addresses */
	struct ip_addr cached_ips[DNS_ADDRS_MAX];
	unsigned cached_count;
} dns;

/* Forget everything; keep the first word of domain (NULL: none); the caller adds servers. */
static unsigned configure(unsigned count, const char *domain)
{
	memset(&dns, 0, sizeof(dns));
	if (domain) {
		wb_strlcpy(dns.domain, domain, sizeof(dns.domain));
		char *space = strchr(dns.domain, ' ');
		if (space)
			*space = '\0';
	}
	return dns.count = count > DNS_SERVERS_MAX ? DNS_SERVERS_MAX : count;
}

void dns_configure(const uint32_t *servers, unsigned count, const char *domain)
{
	for (unsigned i = 0, n = configure(count, domain); i < n; i++)
		dns.servers[i] = ip_addr_v4(servers[i]);
}

void dns_configure_v6(const uint8_t (*servers)[IPV6_ALEN], unsigned count, const char *domains)
{
	for (unsigned i = 0, n = configure(count, domains); i < n; i++)
		dns.servers[i] = ip_addr_v6(servers[i]);
}

/* One outstanding query. */
struct query {
	const char *name;
	uint16_t id, qtype;
	bool answered;
	struct dns_result result;
};

/* A datagram on the query's socket: the first valid answer to the question is kept. */
static void on_reply(struct udp_sock *s, const struct ip_addr *src, uint16_t src_port,
		     const struct ip_addr *dst, const uint8_t *data, size_t len)
{
	struct query *q = s->ctx;
	(void)src; /* the socket only accepts the server's address and port 53 */
	(void)src_port;
	(void)dst;
	if (!q->answered && !dns_parse_response(data, len, q->id, q->name, q->qtype, &q->result))
		q->answered = true;
}

/* Ask one server once, from a fresh port with a fresh id: 0 (q->result holds the answer),
 * -WB_ETIMEDOUT, or a send error. */
static int ask(struct netif *nif, struct query *q, const struct ip_addr *server, uint32_t timeout_ms)
{
	uint8_t pkt[DNS_QUERY_MAX];
	q->id = (uint16_t)netif_random(nif);
	q->answered = false;
	int n = dns_build_query(pkt, sizeof(pkt), q->id, q->name, q->qtype);
	if (n < 0)
		return n;
	struct udp_sock s = {.peer = *server, .peer_port = DNS_PORT, .rx = on_reply, .ctx = q};
	int err = udp_open(&s, nif, 0);
	if (err < 0)
		return err;
	err = udp_sendto(&s, &s.peer, DNS_PORT, pkt, (size_t)n);
	uint64_t deadline = time_now_us() + (uint64_t)timeout_ms * 1000;
	while (!err && !q->answered && !time_after_us(time_now_us(), deadline))
		net_poll(nif);
	udp_close(&s);
	return err < 0 ? err : q->answered ? 0 : -WB_ETIMEDOUT;
}

/* The qtype records of name on every server, DNS_TRIES rounds; the first definite answer
 * ends it.  Its addresses are added to out's (up to DNS_ADDRS_MAX). */
static int lookup(struct netif *nif, const char *name, uint16_t qtype, struct dns_result *out,
		  char *msg, size_t cap)
{
	struct query q = {.name = name, .qtype = qtype};
	char srv[IP_ADDR_STRLEN];
	int last = -WB_ETIMEDOUT;
	uint32_t timeout = DNS_TIMEOUT_MS;
	for (unsigned round = 0; round < DNS_TRIES; round++, timeout *= 2) {
		for (unsigned i = 0; i < dns.count; i++) {
			ip_addr_fmt(srv, &dns.servers[i]);
			int err = ask(nif, &q, &dns.servers[i], timeout);
			const struct dns_result *r = &q.result;
			if (err == -WB_EINVAL) {
				wb_snprintf(msg, cap, "DNS: \"%s\" is not a valid host name", name);
				return err;
			}
			if (err == -WB_ETIMEDOUT)
				continue;
			last = err < 0 ? err : -WB_EIO;
			if (err < 0) {
				wb_snprintf(msg, cap, "DNS: cannot ask %s about %s: %s", srv, name, wb_strerror(err));
			} else if (!r->rcode && r->n_addrs) {
				for (unsigned k = 0; k < r->n_addrs && out->n_addrs < DNS_ADDRS_MAX; k++)
					out->addrs[out->n_addrs++] = r->addrs[k];
				return 0;
			} else if (r->rcode == DNS_RCODE_NXDOMAIN || (!r->rcode && !r->truncated)) {
				if (r->rcode)
					wb_snprintf(msg, cap, "DNS: %s not found (NXDOMAIN) from %s", name, srv);
				else
					wb_snprintf(msg, cap, "DNS: %s has no %s at %s", name,
						    qtype == DNS_TYPE_AAAA ? "IPv6 address (AAAA record)"
									   : "IPv4 address (A record)", srv);
				return -WB_ENOENT;
			} else {
				wb_snprintf(msg, cap, "DNS: %s answered %s for %s (rcode %u): check the server",
					    srv, r->rcode == 2 ? "SERVFAIL" : r->rcode == 5 ? "REFUSED"
								    : r->rcode ? "an error" : "a truncated reply",
					    name, r->rcode);
			}
		}
	}
	if (last == -WB_ETIMEDOUT)
		wb_snprintf(msg, cap, "DNS: no answer about %s from %s%s (%u tries)", name,
			    ip_addr_fmt(srv, &dns.servers[0]), dns.count > 1 ? " and the other servers" : "",
			    DNS_TRIES);
	return last;
}

/*
 * name's addresses of the families we can reach: AAAA when the interface has a usable
 * global IPv6 address, A when it has an IPv4 address, both on dual stack (AAAA first, as
 * RFC 6724 prefers IPv6), A when it has neither.  A type without records is no failure
 * when the other gives some.
 */
static int lookup_reachable(struct netif *nif, const char *name, struct dns_result *out,
			    char *msg, size_t cap)
{
	bool v6 = nif->ip6.global_state == IPV6_ADDR_PREFERRED;
	int rc = v6 ? lookup(nif, name, DNS_TYPE_AAAA, out, msg, cap) : -WB_ENOENT;
	if (nif->ip || !v6)
		rc = lookup(nif, name, DNS_TYPE_A, out, msg, cap);
	return out->n_addrs ? 0 : rc;
}

int dns_resolve_all(struct netif *nif, const char *name, struct ip_addr *ips, unsigned *count,
		    char *err, size_t err_cap)
{
	struct dns_result r = { 0 };
	if (!ip_addr_parse(name, strlen(name), &ips[0])) {
		*count = 1;
		return 0;
	}
	if (dns.cached_count && !strcasecmp(name, dns.cached_name)) {
		memcpy(ips, dns.cached_ips, sizeof(dns.cached_ips));
		*count = dns.cached_count;
		return 0;
	}
	if (!dns.count) {
		wb_snprintf(err, err_cap, "DNS: no server from DHCP (option 6) or DHCPv6 (option 23) "
			    "to look up %s", name);
		return -WB_ENOCONFIG;
	}
	char fqdn[DNS_NAME_MAX];
	size_t n = strlen(name);
	int rc = -WB_ENOENT;
	if (n && n < sizeof(fqdn) && name[n - 1] == '.') { /* absolute: exactly this name */
		memcpy(fqdn, name, n - 1);
		fqdn[n - 1] = '\0';
		rc = lookup_reachable(nif, fqdn, &r, err, err_cap);
	} else {
		if (!strchr(name, '.') && dns.domain[0] &&
		    wb_snprintf(fqdn, sizeof(fqdn), "%s.%s", name, dns.domain) < (int)sizeof(fqdn))
			rc = lookup_reachable(nif, fqdn, &r, err, err_cap);
		if (rc == -WB_ENOENT)
			rc = lookup_reachable(nif, name, &r, err, err_cap);
	}
	if (rc < 0)
		return rc;
	char a[IP_ADDR_STRLEN];
	wb_printf("DNS: %s is %s", name, ip_addr_fmt(a, &r.addrs[0]));
	for (unsigned i = 1; i < r.n_addrs; i++)
		wb_printf(", %s", ip_addr_fmt(a, &r.addrs[i]));
	wb_printf("\n");
	wb_strlcpy(dns.cached_name, name, sizeof(dns.cached_name));
	memcpy(dns.cached_ips, r.addrs, sizeof(dns.cached_ips));
	memcpy(ips, r.addrs, sizeof(r.addrs));
	*count = dns.cached_count = r.n_addrs;
	return 0;
}

int dns_resolve(struct netif *nif, const char *name, struct ip_addr *ip, char *err, size_t err_cap)
{
	struct ip_addr ips[DNS_ADDRS_MAX];
	unsigned count;
	int rc = dns_resolve_all(nif, name, ips, &count, err, err_cap);
	if (rc == 0)
		*ip = ips[0];
	return rc;
}
