// SPDX-License-Identifier: GPL-2.0-or-later
/* The harmless IPv6 router advertisement: decision, messages, sender (see server/ra.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "core/byteorder.h"
#include "core/errors.h"
#include "core/string.h"
#include "server/event_loop.h"
#include "server/log.h"
#include "server/ra.h"

/* ---- The decision ---- */

void ra_policy_start(struct ra_policy *p, enum ra_mode mode, bool serves_dhcp, bool host_forwards,
		     uint64_t now)
{
	memset(p, 0, sizeof(*p));
	p->mode = mode;
	if (mode == RA_OFF || (mode == RA_AUTO && (!serves_dhcp || host_forwards))) {
		p->state = RA_STATE_OFF;
	} else if (mode == RA_ON) {
		p->state = RA_STATE_ADVERTISING;
		p->next_advert = now;
	} else {
		p->state = RA_STATE_LISTENING;
		p->listen_until = now + RA_LISTEN_MS;
		p->next_solicit = now;
		p->solicits_left = 2;
	}
}

bool ra_policy_foreign_advert(struct ra_policy *p)
{
	if (p->mode != RA_AUTO || p->state == RA_STATE_OFF || p->state == RA_STATE_STOPPED)
		return false;
	p->state = RA_STATE_STOPPED;
	return true;
}

void ra_policy_solicited(struct ra_policy *p, uint64_t now)
{
	if (p->state != RA_STATE_ADVERTISING)
		return;
	uint64_t earliest = p->ever_sent ? p->last_advert + RA_MIN_GAP_MS : now;
	uint64_t when = earliest > now ? earliest : now;
	if (when < p->next_advert)
		p->next_advert = when;
}

enum ra_due ra_policy_due(struct ra_policy *p, uint64_t now)
{
	if (p->state == RA_STATE_LISTENING) {
		if (now < p->listen_until)
			return p->solicits_left && now >= p->next_solicit ? RA_DUE_SOLICIT : RA_DUE_NONE;
		p->state = RA_STATE_ADVERTISING;
		p->next_advert = now;
	}
	return p->state == RA_STATE_ADVERTISING && now >= p->next_advert ? RA_DUE_ADVERT : RA_DUE_NONE;
}

void ra_policy_sent(struct ra_policy *p, enum ra_due what, bool ok, uint64_t now)
{
	if (what == RA_DUE_SOLICIT) {
		p->solicits_left--;
		p->next_solicit = now + RA_SOLICIT_GAP_MS;
	} else if (what == RA_DUE_ADVERT) {
		if (ok) {
			p->ever_sent = true;
			p->last_advert = now;
		}
		p->next_advert = now + (ok ? RA_INTERVAL_MS : RA_RETRY_MS);
	}
}

static int ms_until(uint64_t when, uint64_t now)
{
	return when <= now ? 0 : (int)(when - now);
}

int ra_policy_timeout(const struct ra_policy *p, uint64_t now)
{
	if (p->state == RA_STATE_LISTENING) {
		uint64_t when = p->listen_until;
		if (p->solicits_left && p->next_solicit < when)
			when = p->next_solicit;
		return ms_until(when, now);
	}
	return p->state == RA_STATE_ADVERTISING ? ms_until(p->next_advert, now) : -1;
}

/* ---- Messages ---- */

#define ND_OPT_PREFIX 3

size_t ra_build_advert(uint8_t buf[RA_ADVERT_MAX], const struct ra_dhcpv6 *v6)
{
	memset(buf, 0, RA_ADVERT_MAX);
	buf[0] = ICMPV6_ROUTER_ADVERT; /* code, checksum (the kernel's), all fields 0 */
	if (!v6)
		return RA_ADVERT_LEN;
	buf[5] = RA_FLAG_MANAGED | RA_FLAG_OTHER;
	uint8_t *o = buf + RA_ADVERT_LEN; /* RFC 4861 4.6.2 */
	o[0] = ND_OPT_PREFIX;
	o[1] = RA_PREFIX_OPT_LEN / 8;
	o[2] = v6->prefix_len;
	o[3] = 0x80; /* L: on-link; A clear: addresses come from DHCPv6 */
	put_be32(o + 4, RA_PREFIX_VALID_S);
	put_be32(o + 8, RA_PREFIX_PREFERRED_S);
	memcpy(o + 16, v6->prefix, 16);
	return RA_ADVERT_MAX;
}

size_t ra_build_solicit(uint8_t buf[RA_SOLICIT_LEN])
{
	memset(buf, 0, RA_SOLICIT_LEN);
	buf[0] = ICMPV6_ROUTER_SOLICIT;
	return RA_SOLICIT_LEN;
}

int ra_parse(const uint8_t *data, size_t len, int hop_limit, struct ra_message *m)
{
	memset(m, 0, sizeof(*m));
	if (len < RA_SOLICIT_LEN)
		return -WB_ETRUNCATED;
	if (hop_limit != 255 || data[1] != 0 ||
	    (data[0] != ICMPV6_ROUTER_SOLICIT && data[0] != ICMPV6_ROUTER_ADVERT))
		return -WB_EPROTO;
	m->type = data[0];
	size_t off = RA_SOLICIT_LEN;
	if (m->type == ICMPV6_ROUTER_ADVERT) {
		if (len < RA_ADVERT_LEN)
			return -WB_ETRUNCATED;
		m->flags = data[5];
		m->router_lifetime = (uint16_t)(data[6] << 8 | data[7]);
		off = RA_ADVERT_LEN;
	}
	while (off < len) { /* options: type, length in units of 8 bytes (never 0) */
		if (len - off < 2)
			return -WB_ETRUNCATED;
		size_t opt_len = (size_t)data[off + 1] * 8;
		if (opt_len == 0)
			return -WB_EPROTO;
		if (opt_len > len - off)
			return -WB_ETRUNCATED;
		if (data[off] == ND_OPT_PREFIX)
			m->n_prefixes++;
		off += opt_len;
	}
	return 0;
}

/* ---- The sender ---- */

struct ra_sender {
	struct ev_handler sock_h, timer_h;
	struct event_loop *loop;
	int sock, timer;
	unsigned ifindex;
	char ifname[IF_NAMESIZE];
	struct ra_policy policy;
	bool dhcpv6;
	struct ra_dhcpv6 v6;
	char solicitor[INET6_ADDRSTRLEN]; /* the solicitation the next advertisement answers */
};

/* Does this host forward IPv6 on `ifname` (then it is a router there, radvd's business)? */
static bool host_forwards_ipv6(const char *ifname)
{
	char path[96], c = '0';
	snprintf(path, sizeof(path), "/proc/sys/net/ipv6/conf/%s/forwarding", ifname);
	FILE *f = fopen(path, "re");
	if (f) {
		if (fread(&c, 1, 1, f) != 1)
			c = '0';
		fclose(f);
	}
	return c == '1';
}

static bool send_to(struct ra_sender *s, const char *group, const uint8_t *msg, size_t len)
{
	struct sockaddr_in6 to = { .sin6_family = AF_INET6, .sin6_scope_id = s->ifindex };
	inet_pton(AF_INET6, group, &to.sin6_addr);
	if (sendto(s->sock, msg, len, 0, (struct sockaddr *)&to, sizeof(to)) == (ssize_t)len)
		return true;
	/* Typically EADDRNOTAVAIL: no link-local address until the link has carrier. */
	log_debug("ra: cannot send to %s on %s (%s): retrying", group, s->ifname, strerror(errno));
	return false;
}

/* Send whatever the policy says is due, then arm the timer for the next thing. */
static void ra_run(struct ra_sender *s)
{
	uint64_t now = ev_now_ms();
	enum ra_due due;
	uint8_t msg[RA_ADVERT_MAX];

	while ((due = ra_policy_due(&s->policy, now)) != RA_DUE_NONE) {
		bool first = !s->policy.ever_sent, ok;
		if (due == RA_DUE_SOLICIT) {
			ok = send_to(s, "ff02::2", msg, ra_build_solicit(msg));
		} else {
			ok = send_to(s, "ff02::1", msg, ra_build_advert(msg, s->dhcpv6 ? &s->v6 : NULL));
			if (ok && first)
				log_info("ra: %s: sending router advertisements on %s (router lifetime 0: "
					 "not a default router; %s)%s",
					 s->policy.mode == RA_ON ? "forced on (--ra)" : "no IPv6 router answered",
					 s->ifname, s->dhcpv6 ? "M and O set: DHCPv6; on-link prefix, A clear"
							      : "no prefixes; M/O clear: no DHCPv6",
					 s->policy.mode == RA_ON ? "" : "; --no-ra turns this off");
			if (ok && *s->solicitor)
				log_info("ra: answered the router solicitation from %s", s->solicitor);
			if (ok)
				*s->solicitor = '\0';
		}
		ra_policy_sent(&s->policy, due, ok, now);
	}
	int ms = ra_policy_timeout(&s->policy, now);
	struct itimerspec its = { 0 };
	if (ms >= 0) { /* an it_value of 0 would disarm: wake in 1 ns for "now" */
		its.it_value.tv_sec = ms / 1000;
		its.it_value.tv_nsec = ms % 1000 * 1000000L + (ms ? 0 : 1);
	}
	timerfd_settime(s->timer, 0, &its, NULL);
}

static void on_timer(struct ev_handler *h, uint32_t events)
{
	struct ra_sender *s = (struct ra_sender *)((char *)h - offsetof(struct ra_sender, timer_h));
	uint64_t expirations;
	(void)events;
	if (read(s->timer, &expirations, sizeof(expirations)) < 0 && errno != EAGAIN)
		log_debug("ra: timer: %s", strerror(errno));
	ra_run(s);
}

/* One received RS or RA: another router's RA ends auto mode, an RS gets an answer. */
static void on_message(struct ra_sender *s, const uint8_t *data, size_t len, int hop_limit,
		       const struct sockaddr_in6 *from)
{
	struct ra_message m;
	char src[INET6_ADDRSTRLEN];

	inet_ntop(AF_INET6, &from->sin6_addr, src, sizeof(src));
	if (ra_parse(data, len, hop_limit, &m) < 0) {
		log_debug("ra: ignoring an invalid ICMPv6 message (%zu bytes) from %s", len, src);
		return;
	}
	if (m.type == ICMPV6_ROUTER_SOLICIT) {
		if (s->policy.state == RA_STATE_ADVERTISING) {
			wb_strlcpy(s->solicitor, src, sizeof(s->solicitor));
			ra_policy_solicited(&s->policy, ev_now_ms());
		}
		return;
	}
	if (!IN6_IS_ADDR_LINKLOCAL(&from->sin6_addr)) /* RFC 4861 6.1.2: not a valid RA */
		return;
	char what[192];
	snprintf(what, sizeof(what), "router advertisement from %s on %s (router lifetime %u s, M=%u "
		 "O=%u, %u prefixes)", src, s->ifname, m.router_lifetime, m.flags >> 7 & 1,
		 m.flags >> 6 & 1, m.n_prefixes);
	if (ra_policy_foreign_advert(&s->policy))
		log_info("ra: %s: another router serves IPv6 here, so wireboot-server does not "
			 "advertise (now or later)", what);
	else if (s->policy.mode == RA_ON)
		log_debug("ra: %s; advertising anyway (--ra)", what);
}

static void on_socket(struct ev_handler *h, uint32_t events)
{
	struct ra_sender *s = (struct ra_sender *)((char *)h - offsetof(struct ra_sender, sock_h));
	uint8_t buf[1500];
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(int))];
	} ctl;
	(void)events;
	for (;;) {
		struct sockaddr_in6 from;
		struct iovec iov = { buf, sizeof(buf) };
		struct msghdr mh = { .msg_name = &from, .msg_namelen = sizeof(from), .msg_iov = &iov,
				     .msg_iovlen = 1, .msg_control = ctl.buf, .msg_controllen = sizeof(ctl.buf) };
		ssize_t n = recvmsg(s->sock, &mh, 0);
		if (n < 0)
			break;
		int hop_limit = -1;
		for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c))
			if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_HOPLIMIT &&
			    c->cmsg_len >= CMSG_LEN(sizeof(int)))
				memcpy(&hop_limit, CMSG_DATA(c), sizeof(int));
		on_message(s, buf, (size_t)n, hop_limit, &from);
	}
	ra_run(s);
}

/* The raw ICMPv6 socket on the interface: RS and RA only, hop limit 255, ff02::2 joined. */
static int open_icmp6(struct ra_sender *s)
{
	int one = 1, zero = 0, hops = 255;
	struct icmp6_filter filter;
	struct ipv6_mreq all_routers = { .ipv6mr_interface = s->ifindex };

	s->sock = socket(AF_INET6, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_ICMPV6);
	if (s->sock < 0)
		return errno == EPERM || errno == EACCES ? -WB_EACCES : -WB_EIO;
	ICMP6_FILTER_SETBLOCKALL(&filter);
	ICMP6_FILTER_SETPASS(ICMPV6_ROUTER_SOLICIT, &filter);
	ICMP6_FILTER_SETPASS(ICMPV6_ROUTER_ADVERT, &filter);
	inet_pton(AF_INET6, "ff02::2", &all_routers.ipv6mr_multiaddr);
	if (setsockopt(s->sock, SOL_SOCKET, SO_BINDTODEVICE, s->ifname, (socklen_t)strlen(s->ifname)) < 0 ||
	    setsockopt(s->sock, IPPROTO_ICMPV6, ICMP6_FILTER, &filter, sizeof(filter)) < 0 ||
	    setsockopt(s->sock, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, &one, sizeof(one)) < 0 ||
	    setsockopt(s->sock, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &hops, sizeof(hops)) < 0 ||
	    setsockopt(s->sock, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &hops, sizeof(hops)) < 0 ||
	    setsockopt(s->sock, IPPROTO_IPV6, IPV6_MULTICAST_IF, &s->ifindex, sizeof(s->ifindex)) < 0 ||
	    /* Our own messages are not "another router". */
	    setsockopt(s->sock, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, &zero, sizeof(zero)) < 0 ||
	    setsockopt(s->sock, IPPROTO_IPV6, IPV6_ADD_MEMBERSHIP, &all_routers, sizeof(all_routers)) < 0)
		return errno == EPERM || errno == EACCES ? -WB_EACCES : -WB_EIO;
	return 0;
}

int ra_open(struct ra_sender **out, const struct ra_config *cfg, struct event_loop *loop)
{
	struct ra_policy policy;
	bool forwards = host_forwards_ipv6(cfg->interface);

	*out = NULL;
	ra_policy_start(&policy, cfg->mode, cfg->serves_dhcp, forwards, ev_now_ms());
	if (policy.state == RA_STATE_OFF) {
		if (cfg->mode == RA_OFF)
			log_info("ra: off (--no-ra / ra no): no IPv6 router advertisements");
		else if (!cfg->serves_dhcp)
			log_info("ra: off: DHCP is not served here (--ra would advertise anyway)");
		else
			log_info("ra: off: this host forwards IPv6 on %s, so it is a router there "
				 "(--ra would advertise anyway)", cfg->interface);
		return 0;
	}

	struct ra_sender *s = calloc(1, sizeof(*s));
	int err;
	if (!s)
		return -WB_ENOMEM;
	s->loop = loop;
	s->timer = -1;
	s->sock_h.fn = on_socket;
	s->timer_h.fn = on_timer;
	wb_strlcpy(s->ifname, cfg->interface, sizeof(s->ifname));
	if (cfg->dhcpv6) {
		s->dhcpv6 = true;
		s->v6 = *cfg->dhcpv6;
	}
	s->ifindex = if_nametoindex(cfg->interface);
	if (!s->ifindex) {
		free(s);
		return -WB_ENODEV;
	}
	if ((err = open_icmp6(s)) < 0 ||
	    (s->timer = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC)) < 0 ||
	    ev_add(loop, s->sock, EPOLLIN, &s->sock_h) < 0 ||
	    ev_add(loop, s->timer, EPOLLIN, &s->timer_h) < 0) {
		err = err < 0 ? err : -WB_EIO;
		if (s->sock >= 0)
			close(s->sock);
		if (s->timer >= 0)
			close(s->timer);
		free(s);
		if (cfg->mode == RA_AUTO) {
			log_warn("ra: cannot open an ICMPv6 socket on %s (%s): no router advertisements; "
				 "iPXE clients may wait ~13 s for IPv6 (start as root or with CAP_NET_RAW)",
				 cfg->interface, wb_strerror(err));
			return 0;
		}
		return err;
	}
	s->policy = policy;
	if (cfg->mode == RA_AUTO)
		log_info("ra: listening %u ms for an IPv6 router on %s before advertising "
			 "(--no-ra: never advertise, --ra: always)", RA_LISTEN_MS, s->ifname);
	ra_run(s);
	*out = s;
	return 0;
}

void ra_close(struct ra_sender *s)
{
	if (!s)
		return;
	ev_del(s->loop, s->sock);
	ev_del(s->loop, s->timer);
	close(s->sock);
	close(s->timer);
	free(s);
}
