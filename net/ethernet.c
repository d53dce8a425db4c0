// SPDX-License-Identifier: GPL-2.0-or-later
/* Ethernet II: see net/ethernet.h. */
#include "net/ethernet.h"

#include "core/byteorder.h"
#include "core/errors.h"
#include "core/string.h"
#include "net/arp.h"
#include "net/ipv4.h"
#include "net/netif.h"

const uint8_t eth_broadcast[ETH_ALEN] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

int eth_tx(struct netif *nif, uint8_t *frame, size_t payload_len, const uint8_t dst[ETH_ALEN],
	   uint16_t ethertype)
{
	size_t len = ETH_HLEN + payload_len;
	if (len > ETH_FRAME_MAX)
		return -WB_ETOOBIG;
	memcpy(frame, dst, ETH_ALEN);
	memcpy(frame + ETH_ALEN, nif->dev->mac, ETH_ALEN);
	put_be16(frame + 2 * ETH_ALEN, ethertype);
	if (len < ETH_ZLEN) {
		memset(frame + len, 0, ETH_ZLEN - len);
		len = ETH_ZLEN;
	}
	int err = nif->dev->transmit(nif->dev, frame, len);
	if (err < 0)
		return err;
	nif->stats.tx_frames++;
	nif->stats.tx_bytes += len;
	return 0;
}

void eth_rx(struct netif *nif, const uint8_t *frame, size_t len)
{
	if (len < ETH_HLEN) {
		nif->stats.rx_dropped++;
		return;
	}
	const uint8_t *dst = frame, *src = frame + ETH_ALEN;
	/* Ours or broadcast, or IPv6 multicast (33:33:...) while IPv6 is on (net/ipv6.c picks the
	 * groups); other unicast (a promiscuous device) and multicast are not. */
	bool v6_group = nif->ipv6_input && dst[0] == 0x33 && dst[1] == 0x33;
	if (memcmp(dst, nif->dev->mac, ETH_ALEN) && memcmp(dst, eth_broadcast, ETH_ALEN) && !v6_group) {
		nif->stats.rx_dropped++;
		return;
	}
	/* Our own frames looped back, and frames with a group source address. */
	if (!memcmp(src, nif->dev->mac, ETH_ALEN) || (src[0] & 1)) {
		nif->stats.rx_dropped++;
		return;
	}
	const uint8_t *payload = frame + ETH_HLEN;
	size_t plen = len - ETH_HLEN;
	switch (get_be16(frame + 2 * ETH_ALEN)) {
	case ETH_P_IPV4:
		ipv4_rx(nif, src, payload, plen);
		break;
	case ETH_P_ARP:
		arp_rx(nif, payload, plen);
		break;
	case ETH_P_IPV6:
		if (nif->ipv6_input)
			nif->ipv6_input(nif, src, payload, plen);
		else
			nif->stats.rx_dropped++; /* IPv6 is off */
		break;
	default: /* 802.3 lengths, VLAN tags, ... */
		nif->stats.rx_dropped++;
		break;
	}
}
