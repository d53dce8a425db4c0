// SPDX-License-Identifier: GPL-2.0-or-later
/* UDP sockets: see net/udp.h. */
#include "net/udp.h"

#include "core/byteorder.h"
#include "core/errors.h"
#include "core/string.h"
#include "net/checksum.h"
#include "net/ip_output.h"
#include "net/netif.h"

static struct udp_sock *find_port(struct netif *nif, uint16_t port)
{
	for (struct udp_sock *s = nif->udp_socks; s; s = s->next)
		if (s->local_port == port)
			return s;
	return NULL;
}

int udp_open(struct udp_sock *s, struct netif *nif, uint16_t local_port)
{
	if (!local_port) {
		/* The ephemeral range is large; give up only if it is (nearly) all taken. */
		for (int i = 0; i < 64 && !local_port; i++) {
			uint16_t p = netif_ephemeral_port(nif);
			if (!find_port(nif, p))
				local_port = p;
		}
		if (!local_port)
			return -WB_EBUSY;
	} else if (find_port(nif, local_port)) {
		return -WB_EBUSY;
	}
	s->nif = nif;
	s->local_port = local_port;
	s->next = nif->udp_socks;
	nif->udp_socks = s;
	return 0;
}

void udp_close(struct udp_sock *s)
{
	if (!s->nif)
		return;
	for (struct udp_sock **pp = &s->nif->udp_socks; *pp; pp = &(*pp)->next) {
		if (*pp == s) {
			*pp = s->next;
			break;
		}
	}
	s->next = NULL;
	s->nif = NULL;
}

size_t udp_max_payload(const struct netif *nif, int family)
{
	size_t hdrs = ip_hlen(family) + UDP_HLEN;
	return nif->dev->mtu > hdrs ? nif->dev->mtu - hdrs : 0;
}

int udp_sendto_mac(struct udp_sock *s, const struct ip_addr *dst, uint16_t dst_port,
		   const uint8_t *dst_mac, const void *data, size_t len)
{
	struct netif *nif = s->nif;
	if (!nif)
		return -WB_EINVAL;
	struct ip_addr src;
	int err = ip_source(nif, dst, &src);
	if (err < 0)
		return err;
	if (len > udp_max_payload(nif, dst->family))
		return -WB_ETOOBIG;
	uint8_t frame[ETH_FRAME_MAX];
	uint8_t *u = frame + ip_headroom(dst->family);
	uint16_t ulen = (uint16_t)(UDP_HLEN + len);
	put_be16(u, s->local_port);
	put_be16(u + 2, dst_port);
	put_be16(u + 4, ulen);
	put_be16(u + 6, 0);
	memcpy(u + UDP_HLEN, data, len);
	uint16_t sum = inet_csum_fold(inet_csum_add(ip_pseudo_sum(&src, dst, IP_PROTO_UDP, ulen), u,
						    ulen));
	put_be16(u + 6, sum ? sum : 0xffff); /* 0 means "no checksum": send all ones instead */
	return ip_output(nif, frame, ulen, &src, dst, IP_PROTO_UDP, dst_mac);
}

int udp_sendto(struct udp_sock *s, const struct ip_addr *dst, uint16_t dst_port, const void *data,
	       size_t len)
{
	return udp_sendto_mac(s, dst, dst_port, NULL, data, len);
}

void udp_rx(struct netif *nif, const struct ip_addr *src, const struct ip_addr *dst,
	    const uint8_t *data, size_t len)
{
	if (len < UDP_HLEN)
		goto drop;
	size_t ulen = get_be16(data + 4);
	if (ulen < UDP_HLEN || ulen > len)
		goto drop;
	/* A zero checksum means the sender computed none: allowed over IPv4 only (RFC 8200 8.1). */
	uint16_t csum = get_be16(data + 6);
	if ((!csum && src->family == IP_ADDR_V6) ||
	    (csum && inet_csum_fold(inet_csum_add(ip_pseudo_sum(src, dst, IP_PROTO_UDP, ulen), data,
						  ulen)) != 0))
		goto drop;
	uint16_t sport = get_be16(data), dport = get_be16(data + 2);
	/* The most specific socket wins: one bound to this peer over a wildcard one. */
	struct udp_sock *best = NULL;
	for (struct udp_sock *s = nif->udp_socks; s; s = s->next) {
		if (s->local_port != dport || (ip_addr_is_set(&s->peer) && !ip_addr_eq(&s->peer, src)) ||
		    (s->peer_port && s->peer_port != sport))
			continue;
		if (!best || (ip_addr_is_set(&s->peer) && !ip_addr_is_set(&best->peer)))
			best = s;
	}
	if (!best || !best->rx)
		goto drop;
	best->rx(best, src, sport, dst, data + UDP_HLEN, ulen - UDP_HLEN);
	return;
drop:
	nif->stats.rx_dropped++;
}
