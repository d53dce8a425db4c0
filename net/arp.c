// SPDX-License-Identifier: GPL-2.0-or-later
/* ARP: see net/arp.h. */
#include "net/arp.h"

#include "core/byteorder.h"
#include "core/errors.h"
#include "core/string.h"
#include "core/time.h"
#include "net/ethernet.h"
#include "net/netif.h"

#define ARP_HTYPE_ETHER 1
#define ARP_OP_REQUEST 1
#define ARP_OP_REPLY 2

/* Nested net_poll() levels at which arp_resolve() may still poll. */
#define ARP_MAX_POLL_DEPTH 2

static bool entry_fresh(const struct arp_entry *e, uint64_t now)
{
	return e->ip && now - e->updated_us < (uint64_t)ARP_MAX_AGE_MS * 1000;
}

int arp_lookup(struct netif *nif, uint32_t ip, uint8_t mac[ETH_ALEN])
{
	uint64_t now = time_now_us();
	for (int i = 0; i < ARP_CACHE_SIZE; i++) {
		struct arp_entry *e = &nif->arp[i];
		if (e->ip == ip && entry_fresh(e, now)) {
			memcpy(mac, e->mac, ETH_ALEN);
			return 0;
		}
	}
	return -WB_ENOENT;
}

void arp_cache_update(struct netif *nif, uint32_t ip, const uint8_t mac[ETH_ALEN])
{
	uint64_t now = time_now_us();
	struct arp_entry *slot = NULL;
	for (int i = 0; i < ARP_CACHE_SIZE; i++) {
		struct arp_entry *e = &nif->arp[i];
		if (e->ip == ip) {
			slot = e;
			break;
		}
		if (!slot || !e->ip || (slot->ip && e->updated_us < slot->updated_us))
			slot = e;
	}
	slot->ip = ip;
	memcpy(slot->mac, mac, ETH_ALEN);
	slot->updated_us = now;
}

static int arp_send(struct netif *nif, uint16_t op, const uint8_t eth_dst[ETH_ALEN],
		    const uint8_t tha[ETH_ALEN], uint32_t tpa)
{
	uint8_t frame[ETH_ZLEN];
	uint8_t *p = frame + ETH_HLEN;
	put_be16(p, ARP_HTYPE_ETHER);
	put_be16(p + 2, ETH_P_IPV4);
	p[4] = ETH_ALEN;
	p[5] = 4;
	put_be16(p + 6, op);
	memcpy(p + 8, nif->dev->mac, ETH_ALEN);
	memcpy(p + 14, &nif->ip, 4);
	memcpy(p + 18, tha, ETH_ALEN);
	memcpy(p + 24, &tpa, 4);
	return eth_tx(nif, frame, ARP_PKT_LEN, eth_dst, ETH_P_ARP);
}

void arp_rx(struct netif *nif, const uint8_t *pkt, size_t len)
{
	if (len < ARP_PKT_LEN || get_be16(pkt) != ARP_HTYPE_ETHER || get_be16(pkt + 2) != ETH_P_IPV4 ||
	    pkt[4] != ETH_ALEN || pkt[5] != 4) {
		nif->stats.rx_dropped++;
		return;
	}
	uint16_t op = get_be16(pkt + 6);
	const uint8_t *sha = pkt + 8;
	uint32_t spa, tpa;
	memcpy(&spa, pkt + 14, 4);
	memcpy(&tpa, pkt + 24, 4);
	if (sha[0] & 1) { /* a group address never owns an IP address */
		nif->stats.rx_dropped++;
		return;
	}
	bool for_us = nif->ip && tpa == nif->ip;
	bool reply_to_us = op == ARP_OP_REPLY && !memcmp(pkt + 18, nif->dev->mac, ETH_ALEN);
	/* RFC 826 merge: refresh a known sender; learn the sender of a packet for us. */
	if (spa && spa != 0xffffffff) {
		uint8_t old[ETH_ALEN];
		if (for_us || reply_to_us || arp_lookup(nif, spa, old) == 0)
			arp_cache_update(nif, spa, sha);
	}
	if (op == ARP_OP_REQUEST && for_us)
		arp_send(nif, ARP_OP_REPLY, sha, sha, spa);
}

int arp_resolve(struct netif *nif, uint32_t ip, uint8_t mac[ETH_ALEN])
{
	if (arp_lookup(nif, ip, mac) == 0)
		return 0;
	if (nif->rx_depth >= ARP_MAX_POLL_DEPTH)
		return -WB_EHOSTUNREACH;
	static const uint8_t zero[ETH_ALEN];
	for (int t = 0; t < ARP_TRIES; t++) {
		int err = arp_send(nif, ARP_OP_REQUEST, eth_broadcast, zero, ip);
		if (err < 0)
			return err;
		uint64_t deadline = time_now_us() + (uint64_t)ARP_RETRY_MS * 1000;
		do {
			net_poll(nif);
			if (arp_lookup(nif, ip, mac) == 0)
				return 0;
		} while (!time_after_us(time_now_us(), deadline));
	}
	return -WB_EHOSTUNREACH;
}
