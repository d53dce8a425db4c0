// SPDX-License-Identifier: GPL-2.0-or-later
/* The network interface and its poll loop: see net/netif.h. */
#include "net/netif.h"

#include "core/string.h"
#include "core/time.h"
#include "net/ethernet.h"
#include "net/ip_reasm.h"

/* Frames handled per net_poll() call at most, so a flood cannot starve the caller. */
#define NET_POLL_BUDGET 256

void netif_init(struct netif *nif, struct netdev *dev)
{
	memset(nif, 0, sizeof(*nif));
	nif->dev = dev;
	/* Seed from the MAC and the clock: different machines and runs pick different ids. */
	uint32_t seed = (uint32_t)time_now_us() ^ 0x9e3779b9u;
	for (int i = 0; i < ETH_ALEN; i++)
		seed = (seed ^ dev->mac[i]) * 0x01000193u;
	nif->rng = seed ? seed : 1;
	nif->ip_id = (uint16_t)netif_random(nif);
	nif->next_ephemeral_port = (uint16_t)(49152 + netif_random(nif) % 16384);
}

void netif_shutdown(struct netif *nif)
{
	ip_reasm_free(nif);
}

void netif_configure(struct netif *nif, uint32_t ip, uint32_t netmask, uint32_t gateway)
{
	nif->ip = ip;
	nif->netmask = ip ? netmask : 0;
	nif->gateway = ip ? gateway : 0;
}

uint32_t netif_random(struct netif *nif)
{
	uint32_t x = nif->rng; /* xorshift32 */
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	nif->rng = x;
	return x;
}

uint16_t netif_ephemeral_port(struct netif *nif)
{
	uint16_t p = nif->next_ephemeral_port;
	nif->next_ephemeral_port = p >= 65535 ? 49152 : (uint16_t)(p + 1);
	return p < 49152 ? 49152 : p;
}

void net_rx_frame(struct netif *nif, const uint8_t *frame, size_t len)
{
	nif->stats.rx_frames++;
	nif->stats.rx_bytes += len;
	nif->rx_depth++;
	eth_rx(nif, frame, len);
	nif->rx_depth--;
}

int net_poll(struct netif *nif)
{
	/* On the stack: a receive handler that sends may poll again (ARP) without clobbering. */
	uint8_t frame[ETH_FRAME_MAX];
	int n = 0;
	ip_reasm_expire(nif);
	while (n < NET_POLL_BUDGET) {
		int len = nif->dev->receive(nif->dev, frame, sizeof(frame));
		if (len <= 0)
			break;
		n++;
		net_rx_frame(nif, frame, (size_t)len > sizeof(frame) ? sizeof(frame) : (size_t)len);
	}
	return n;
}
