// SPDX-License-Identifier: GPL-2.0-or-later
/* IPv4: see net/ipv4.h. */
#include "net/ipv4.h"

#include "core/byteorder.h"
#include "core/errors.h"
#include "core/heap.h"
#include "core/string.h"
#include "core/time.h"
#include "net/arp.h"
#include "net/checksum.h"
#include "net/icmp.h"
#include "net/ip_reasm.h"
#include "net/netif.h"
#include "net/udp.h"

#define IP_FLAG_DF 0x4000
#define IP_FLAG_MF 0x2000
#define IP_OFFSET_MASK 0x1fff

bool ipv4_is_broadcast(const struct netif *nif, uint32_t ip)
{
	return ip == IPV4_BROADCAST || (nif->ip && nif->netmask && ip == (nif->ip | ~nif->netmask));
}

static bool accept_dst(const struct netif *nif, uint32_t dst)
{
	return !nif->ip || dst == nif->ip || ipv4_is_broadcast(nif, dst);
}

/* Hand a complete datagram to its protocol. */
static void deliver(struct netif *nif, const struct ipv4_rx_info *info, const uint8_t *data,
		    size_t len)
{
	switch (info->proto) {
	case IP_PROTO_ICMP:
		icmp_rx(nif, info, data, len);
		break;
	case IP_PROTO_UDP:
	case IP_PROTO_TCP: {
		struct ip_addr src = {.family = IP_ADDR_V4, .v4 = info->src};
		struct ip_addr dst = {.family = IP_ADDR_V4, .v4 = info->dst};
		if (info->proto == IP_PROTO_UDP)
			udp_rx(nif, &src, &dst, data, len);
		else if (nif->tcp_input)
			nif->tcp_input(nif, &src, &dst, info->src_mac, data, len);
		else
			nif->stats.rx_dropped++;
		break;
	}
	default:
		nif->stats.rx_dropped++;
		break;
	}
}

/* ---- receive and send ------------------------------------------------------------------ */

void ipv4_rx(struct netif *nif, const uint8_t *src_mac, const uint8_t *pkt, size_t len)
{
	if (len < IPV4_HLEN || pkt[0] >> 4 != 4)
		goto drop;
	size_t ihl = (size_t)(pkt[0] & 0x0f) * 4;
	size_t total = get_be16(pkt + 2);
	/* The frame may carry Ethernet padding after the datagram: trust total, not len. */
	if (ihl < IPV4_HLEN || total < ihl || total > len || inet_checksum(pkt, ihl) != 0)
		goto drop;
	struct ipv4_rx_info info = {.proto = pkt[9], .ttl = pkt[8], .src_mac = src_mac};
	memcpy(&info.src, pkt + 12, 4);
	memcpy(&info.dst, pkt + 16, 4);
	/* Never from a broadcast or multicast source; only to us, unless unconfigured. */
	if (info.src == IPV4_BROADCAST || (pkt[12] & 0xf0) == 0xe0 || !accept_dst(nif, info.dst))
		goto drop;
	uint16_t frag = get_be16(pkt + 6);
	if (!(frag & (IP_FLAG_MF | IP_OFFSET_MASK))) {
		deliver(nif, &info, pkt + ihl, total - ihl);
		return;
	}
	struct ip_frag f = {.src = {.family = IP_ADDR_V4, .v4 = info.src},
			    .dst = {.family = IP_ADDR_V4, .v4 = info.dst}, .id = get_be16(pkt + 4),
			    .proto = info.proto, .ttl = info.ttl, .src_mac = src_mac,
			    .off = (size_t)(frag & IP_OFFSET_MASK) * 8, .more = frag & IP_FLAG_MF,
			    .data = pkt + ihl, .len = total - ihl};
	struct ip_reasm_done done;
	if (!ip_reasm_add(nif, &f, &done))
		return;
	info.ttl = done.ttl;
	info.src_mac = done.src_mac;
	deliver(nif, &info, done.data, done.len);
	wb_free(done.data);
	return;
drop:
	nif->stats.rx_dropped++;
}

int ipv4_next_hop(const struct netif *nif, uint32_t dst, uint32_t *hop)
{
	if (!nif->ip || !nif->netmask || ((dst ^ nif->ip) & nif->netmask) == 0) {
		*hop = dst;
		return 0;
	}
	if (!nif->gateway)
		return -WB_ENETUNREACH;
	*hop = nif->gateway;
	return 0;
}

int ipv4_tx(struct netif *nif, uint8_t *frame, size_t payload_len, uint32_t dst, uint8_t proto,
	    const uint8_t *dst_mac)
{
	if (payload_len + IPV4_HLEN > nif->dev->mtu)
		return -WB_ETOOBIG;
	uint8_t mac[ETH_ALEN];
	if (!dst_mac) {
		if (ipv4_is_broadcast(nif, dst)) {
			dst_mac = eth_broadcast;
		} else {
			uint32_t hop;
			int err = ipv4_next_hop(nif, dst, &hop);
			if (!err)
				err = arp_resolve(nif, hop, mac);
			if (err < 0)
				return err;
			dst_mac = mac;
		}
	}
	uint8_t *h = frame + ETH_HLEN;
	h[0] = 0x45;
	h[1] = 0;
	put_be16(h + 2, (uint16_t)(IPV4_HLEN + payload_len));
	put_be16(h + 4, nif->ip_id++);
	put_be16(h + 6, IP_FLAG_DF);
	h[8] = IPV4_TTL;
	h[9] = proto;
	put_be16(h + 10, 0);
	memcpy(h + 12, &nif->ip, 4);
	memcpy(h + 16, &dst, 4);
	put_be16(h + 10, inet_checksum(h, IPV4_HLEN));
	return eth_tx(nif, frame, IPV4_HLEN + payload_len, dst_mac, ETH_P_IPV4);
}
