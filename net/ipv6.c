// SPDX-License-Identifier: GPL-2.0-or-later
/* IPv6: see net/ipv6.h. */
#include "net/ipv6.h"

#include "core/byteorder.h"
#include "core/errors.h"
#include "core/heap.h"
#include "core/string.h"
#include "net/icmpv6.h"
#include "net/ip_reasm.h"
#include "net/ipv4.h"
#include "net/ndp.h"
#include "net/netif.h"
#include "net/udp.h"

#define NH_HOP_BY_HOP 0
#define NH_ROUTING 43
#define NH_FRAGMENT 44
#define NH_DEST_OPTS 60
#define FRAG_HLEN 8

const uint8_t ipv6_all_nodes[IPV6_ALEN] = {0xff, 0x02, [15] = 1};
const uint8_t ipv6_all_routers[IPV6_ALEN] = {0xff, 0x02, [15] = 2};

bool ipv6_is_unspecified(const uint8_t a[IPV6_ALEN])
{
	static const uint8_t zero[IPV6_ALEN];
	return !memcmp(a, zero, IPV6_ALEN);
}

void ipv6_solicited_node(const uint8_t addr[IPV6_ALEN], uint8_t group[IPV6_ALEN])
{
	static const uint8_t prefix[13] = {0xff, 0x02, [11] = 1, [12] = 0xff};
	memcpy(group, prefix, sizeof(prefix));
	memcpy(group + 13, addr + 13, 3);
}

void ipv6_multicast_mac(const uint8_t group[IPV6_ALEN], uint8_t mac[ETH_ALEN])
{
	mac[0] = mac[1] = 0x33;
	memcpy(mac + 2, group + 12, 4);
}

void ipv6_enable(struct netif *nif)
{
	nif->ipv6_input = ipv6_rx;
	nif->ipv6_source = ipv6_source_for;
	nif->ipv6_output = ipv6_tx;
}

/* Is addr one of ours in state at least `min` (TENTATIVE: also the ones under DAD)? */
static bool is_ours(const struct netif *nif, const uint8_t addr[IPV6_ALEN], uint8_t min)
{
	const struct netif_ipv6 *c = &nif->ip6;
	return (c->ll_state >= min && c->ll_state != IPV6_ADDR_DUPLICATE &&
		!memcmp(addr, c->link_local, IPV6_ALEN)) ||
	       (c->global_state >= min && c->global_state != IPV6_ADDR_DUPLICATE &&
		!memcmp(addr, c->global, IPV6_ALEN));
}

/* Our unicast addresses (DAD passed), all-nodes, and the solicited-node groups of ours. */
static bool accept_dst(const struct netif *nif, const uint8_t dst[IPV6_ALEN])
{
	if (!ipv6_is_multicast(dst))
		return is_ours(nif, dst, IPV6_ADDR_PREFERRED);
	if (!memcmp(dst, ipv6_all_nodes, IPV6_ALEN))
		return true;
	const struct netif_ipv6 *c = &nif->ip6;
	uint8_t g[IPV6_ALEN];
	if (c->ll_state) {
		ipv6_solicited_node(c->link_local, g);
		if (!memcmp(dst, g, IPV6_ALEN))
			return true;
	}
	if (c->global_state) {
		ipv6_solicited_node(c->global, g);
		if (!memcmp(dst, g, IPV6_ALEN))
			return true;
	}
	return false;
}

/*
 * Walk the extension headers from next header `nh` and hand the upper-layer payload to its
 * protocol.  A fragment header sends the rest to reassembly; a reassembled datagram comes back
 * here with `whole` set and may not hold another fragment header.
 */
static void deliver(struct netif *nif, const struct ipv6_rx_info *info, uint8_t nh,
		    const uint8_t *data, size_t len, bool whole)
{
	for (;;) {
		switch (nh) {
		case NH_HOP_BY_HOP:
		case NH_DEST_OPTS:
		case NH_ROUTING: {
			if (len < 8 || (size_t)(data[1] + 1) * 8 > len)
				goto drop;
			/* A routing header with segments left asks us to forward: we do not. */
			if (nh == NH_ROUTING && data[3])
				goto drop;
			size_t hl = (size_t)(data[1] + 1) * 8;
			nh = data[0];
			data += hl;
			len -= hl;
			continue;
		}
		case NH_FRAGMENT: {
			if (whole || len < FRAG_HLEN)
				goto drop;
			uint16_t off = get_be16(data + 2);
			struct ip_frag f = {.src = info->src, .dst = info->dst, .id = get_be32(data + 4),
					    .proto = data[0], .ttl = info->hop_limit,
					    .src_mac = info->src_mac, .off = off & 0xfff8u,
					    .more = off & 1, .data = data + FRAG_HLEN,
					    .len = len - FRAG_HLEN};
			if (!f.more && !f.off) { /* an atomic fragment (RFC 6946): not fragmented */
				nh = data[0];
				data += FRAG_HLEN;
				len -= FRAG_HLEN;
				continue;
			}
			struct ip_reasm_done done;
			if (!ip_reasm_add(nif, &f, &done))
				return;
			struct ipv6_rx_info w = *info;
			w.src_mac = done.src_mac;
			deliver(nif, &w, f.proto, done.data, done.len, true);
			wb_free(done.data);
			return;
		}
		case IP_PROTO_ICMPV6:
			icmpv6_rx(nif, info, data, len);
			return;
		case IP_PROTO_UDP:
			udp_rx(nif, &info->src, &info->dst, data, len);
			return;
		case IP_PROTO_TCP:
			if (!nif->tcp_input || ipv6_is_multicast(info->dst.v6))
				goto drop;
			nif->tcp_input(nif, &info->src, &info->dst, info->src_mac, data, len);
			return;
		default: /* no next header; unknown */
			goto drop;
		}
	}
drop:
	nif->stats.rx_dropped++;
}

void ipv6_rx(struct netif *nif, const uint8_t *src_mac, const uint8_t *pkt, size_t len)
{
	if (len < IPV6_HLEN || pkt[0] >> 4 != 6)
		goto drop;
	size_t plen = get_be16(pkt + 4);
	/* The frame may carry Ethernet padding after the packet: trust the payload length. */
	if (plen > len - IPV6_HLEN)
		goto drop;
	struct ipv6_rx_info info = {.src = ip_addr_v6(pkt + 8), .dst = ip_addr_v6(pkt + 24),
				    .hop_limit = pkt[7], .src_mac = src_mac};
	/* Never from a multicast source or from ourselves; only to us. */
	if (ipv6_is_multicast(info.src.v6) || is_ours(nif, info.src.v6, IPV6_ADDR_PREFERRED) ||
	    !accept_dst(nif, info.dst.v6))
		goto drop;
	deliver(nif, &info, pkt[6], pkt + IPV6_HLEN, plen, false);
	return;
drop:
	nif->stats.rx_dropped++;
}

/* Is dst on our link: link-local, or inside the on-link prefix the router announced? */
static bool on_link(const struct netif *nif, const uint8_t dst[IPV6_ALEN])
{
	const struct netif_ipv6 *c = &nif->ip6;
	if (ipv6_is_link_local(dst) || !c->have_router)
		return true;
	unsigned bits = c->prefix_len;
	if (!bits)
		return false;
	if (memcmp(dst, c->prefix, bits / 8))
		return false;
	uint8_t mask = (uint8_t)(0xff00u >> (bits % 8));
	return bits % 8 == 0 || ((dst[bits / 8] ^ c->prefix[bits / 8]) & mask) == 0;
}

int ipv6_next_hop(const struct netif *nif, const uint8_t dst[IPV6_ALEN], uint8_t hop[IPV6_ALEN])
{
	memcpy(hop, on_link(nif, dst) ? dst : nif->ip6.router, IPV6_ALEN);
	return 0;
}

int ipv6_source_for(const struct netif *nif, const uint8_t dst[IPV6_ALEN], uint8_t src[IPV6_ALEN])
{
	const struct netif_ipv6 *c = &nif->ip6;
	bool link_scope = ipv6_is_link_local(dst) || (ipv6_is_multicast(dst) && (dst[1] & 0x0f) <= 2);
	if (!link_scope && c->global_state == IPV6_ADDR_PREFERRED)
		memcpy(src, c->global, IPV6_ALEN);
	else if (c->ll_state == IPV6_ADDR_PREFERRED)
		memcpy(src, c->link_local, IPV6_ALEN);
	else
		return -WB_ENETUNREACH;
	return 0;
}

int ipv6_tx(struct netif *nif, uint8_t *frame, size_t payload_len, const uint8_t src[IPV6_ALEN],
	    const uint8_t dst[IPV6_ALEN], uint8_t proto, uint8_t hop_limit, const uint8_t *dst_mac)
{
	if (payload_len + IPV6_HLEN > nif->dev->mtu)
		return -WB_ETOOBIG;
	uint8_t mac[ETH_ALEN];
	if (!dst_mac) {
		if (ipv6_is_multicast(dst)) {
			ipv6_multicast_mac(dst, mac);
		} else {
			uint8_t hop[IPV6_ALEN];
			ipv6_next_hop(nif, dst, hop);
			int err = ndp_resolve(nif, hop, mac);
			if (err < 0)
				return err;
		}
		dst_mac = mac;
	}
	uint8_t *h = frame + ETH_HLEN;
	put_be32(h, 0x60000000u);
	put_be16(h + 4, (uint16_t)payload_len);
	h[6] = proto;
	h[7] = hop_limit ? hop_limit : IPV6_HOP_LIMIT;
	memcpy(h + 8, src, IPV6_ALEN);
	memcpy(h + 24, dst, IPV6_ALEN);
	return eth_tx(nif, frame, IPV6_HLEN + payload_len, dst_mac, ETH_P_IPV6);
}
