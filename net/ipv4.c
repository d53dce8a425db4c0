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
#include "net/netif.h"
#include "net/udp.h"

#define IP_FLAG_DF 0x4000
#define IP_FLAG_MF 0x2000
#define IP_OFFSET_MASK 0x1fff
#define REASM_UNITS ((IPV4_REASM_MAX_LEN + 7) / 8)

/* One datagram being reassembled; `map` has a bit per 8-byte unit received. */
struct reasm_slot {
	bool used;
	uint32_t src, dst;
	uint16_t id;
	uint8_t proto, ttl;
	uint8_t src_mac[ETH_ALEN];
	uint64_t started_us;
	uint8_t *buf;
	size_t cap;
	size_t total;      /* payload length, known once the last fragment came; else 0 */
	size_t max_end;    /* highest byte received so far */
	unsigned frags;
	uint8_t map[(REASM_UNITS + 7) / 8];
};

struct reasm {
	struct reasm_slot slot[IPV4_REASM_SLOTS];
};

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
	case IP_PROTO_UDP: {
		struct ip_addr src = {.family = IP_ADDR_V4, .v4 = info->src};
		struct ip_addr dst = {.family = IP_ADDR_V4, .v4 = info->dst};
		udp_rx(nif, &src, &dst, data, len);
		break;
	}
	case IP_PROTO_TCP:
		if (nif->tcp_input)
			nif->tcp_input(nif, info, data, len);
		else
			nif->stats.rx_dropped++;
		break;
	default:
		nif->stats.rx_dropped++;
		break;
	}
}

/* ---- reassembly ------------------------------------------------------------------------ */

static void slot_free(struct reasm_slot *s)
{
	wb_free(s->buf);
	memset(s, 0, sizeof(*s));
}

static bool unit_set(const struct reasm_slot *s, size_t u) { return s->map[u / 8] & (1u << (u % 8)); }

void ipv4_reasm_expire(struct netif *nif)
{
	struct reasm *r = nif->reassembly;
	if (!r)
		return;
	uint64_t now = time_now_us();
	for (int i = 0; i < IPV4_REASM_SLOTS; i++) {
		struct reasm_slot *s = &r->slot[i];
		if (s->used && now - s->started_us >= (uint64_t)IPV4_REASM_TIMEOUT_MS * 1000) {
			slot_free(s);
			nif->stats.rx_dropped++;
		}
	}
}

void ipv4_reasm_free(struct netif *nif)
{
	struct reasm *r = nif->reassembly;
	if (!r)
		return;
	for (int i = 0; i < IPV4_REASM_SLOTS; i++)
		slot_free(&r->slot[i]);
	wb_free(r);
	nif->reassembly = NULL;
}

/* The slot for this datagram: its own, a free one, or the oldest one evicted. */
static struct reasm_slot *slot_for(struct reasm *r, const struct ipv4_rx_info *info, uint16_t id)
{
	struct reasm_slot *victim = NULL;
	for (int i = 0; i < IPV4_REASM_SLOTS; i++) {
		struct reasm_slot *s = &r->slot[i];
		if (s->used && s->src == info->src && s->dst == info->dst && s->id == id &&
		    s->proto == info->proto)
			return s;
		if (!victim || (victim->used && (!s->used || s->started_us < victim->started_us)))
			victim = s;
	}
	slot_free(victim);
	victim->used = true;
	victim->src = info->src;
	victim->dst = info->dst;
	victim->id = id;
	victim->proto = info->proto;
	victim->ttl = info->ttl;
	memcpy(victim->src_mac, info->src_mac, ETH_ALEN);
	victim->started_us = time_now_us();
	return victim;
}

/* Add one fragment; when the datagram is complete, deliver it. */
static void reassemble(struct netif *nif, const struct ipv4_rx_info *info, uint16_t id,
		       uint16_t frag, const uint8_t *data, size_t len)
{
	size_t off = (size_t)(frag & IP_OFFSET_MASK) * 8;
	bool more = frag & IP_FLAG_MF;
	size_t end = off + len;
	ipv4_reasm_expire(nif);
	/* Every fragment but the last carries a multiple of 8 bytes. */
	if (len == 0 || (more && len % 8) || end > IPV4_REASM_MAX_LEN) {
		nif->stats.rx_dropped++;
		return;
	}
	if (!nif->reassembly && !(nif->reassembly = wb_zalloc(sizeof(struct reasm)))) {
		nif->stats.rx_dropped++;
		return;
	}
	struct reasm_slot *s = slot_for(nif->reassembly, info, id);

	/* Inconsistent lengths, too many pieces, or overlapping data: drop the datagram. */
	bool bad = ++s->frags > IPV4_REASM_MAX_FRAGS || (s->total && end > s->total) ||
		   (!more && (s->max_end > end || (s->total && s->total != end)));
	size_t first = off / 8, last = (end + 7) / 8, have = 0;
	for (size_t u = first; !bad && u < last; u++)
		have += unit_set(s, u);
	if (!bad && have == last - first) /* an exact duplicate: keep what we have */
		return;
	if (bad || have) {
		slot_free(s);
		nif->stats.rx_dropped++;
		return;
	}
	if (end > s->cap) {
		size_t cap = s->cap ? s->cap : 2048;
		while (cap < end)
			cap *= 2;
		if (cap > IPV4_REASM_MAX_LEN)
			cap = IPV4_REASM_MAX_LEN;
		uint8_t *nb = wb_realloc(s->buf, cap);
		if (!nb) {
			slot_free(s);
			nif->stats.rx_dropped++;
			return;
		}
		s->buf = nb;
		s->cap = cap;
	}
	memcpy(s->buf + off, data, len);
	for (size_t u = first; u < last; u++)
		s->map[u / 8] |= (uint8_t)(1u << (u % 8));
	if (end > s->max_end)
		s->max_end = end;
	if (!more)
		s->total = end;
	if (!s->total)
		return;
	for (size_t u = 0; u < (s->total + 7) / 8; u++)
		if (!unit_set(s, u))
			return;

	/* Complete: detach the buffer first, the handler may poll (and reassemble) again. */
	struct ipv4_rx_info whole = *info;
	uint8_t src_mac[ETH_ALEN];
	memcpy(src_mac, s->src_mac, ETH_ALEN);
	whole.src_mac = src_mac;
	whole.ttl = s->ttl;
	uint8_t *buf = s->buf;
	size_t total = s->total;
	s->buf = NULL;
	slot_free(s);
	deliver(nif, &whole, buf, total);
	wb_free(buf);
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
	if (frag & (IP_FLAG_MF | IP_OFFSET_MASK))
		reassemble(nif, &info, get_be16(pkt + 4), frag, pkt + ihl, total - ihl);
	else
		deliver(nif, &info, pkt + ihl, total - ihl);
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
