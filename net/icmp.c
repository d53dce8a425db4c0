// SPDX-License-Identifier: GPL-2.0-or-later
/* ICMP echo: see net/icmp.h. */
#include "net/icmp.h"

#include "core/byteorder.h"
#include "core/errors.h"
#include "core/string.h"
#include "core/time.h"
#include "net/checksum.h"
#include "net/ipv4.h"
#include "net/netif.h"

/* Build an echo message in a frame and send it. */
static int echo_send(struct netif *nif, uint8_t type, uint32_t dst, const uint8_t *dst_mac,
		     uint16_t id, uint16_t seq, const void *data, size_t len)
{
	uint8_t frame[ETH_FRAME_MAX];
	if (len > sizeof(frame) - IPV4_HEADROOM - ICMP_HLEN)
		return -WB_ETOOBIG;
	uint8_t *p = frame + IPV4_HEADROOM;
	p[0] = type;
	p[1] = 0;
	put_be16(p + 2, 0);
	put_be16(p + 4, id);
	put_be16(p + 6, seq);
	memcpy(p + ICMP_HLEN, data, len);
	put_be16(p + 2, inet_checksum(p, ICMP_HLEN + len));
	return ipv4_tx(nif, frame, ICMP_HLEN + len, dst, IP_PROTO_ICMP, dst_mac);
}

void icmp_rx(struct netif *nif, const struct ipv4_rx_info *info, const uint8_t *data, size_t len)
{
	if (len < ICMP_HLEN || inet_checksum(data, len) != 0) {
		nif->stats.rx_dropped++;
		return;
	}
	uint16_t id = get_be16(data + 4), seq = get_be16(data + 6);
	switch (data[0]) {
	case ICMP_ECHO_REQUEST:
		/* Only pings to our own address: no answers to broadcasts (smurf), none unconfigured. */
		if (nif->ip && info->dst == nif->ip)
			echo_send(nif, ICMP_ECHO_REPLY, info->src, info->src_mac, id, seq,
				  data + ICMP_HLEN, len - ICMP_HLEN);
		break;
	case ICMP_ECHO_REPLY: {
		struct icmp_echo_wait *w = nif->echo_wait;
		if (w && w->peer.family == IP_ADDR_V4 && w->peer.v4 == info->src && w->id == id &&
		    w->seq == seq)
			w->answered = true;
		break;
	}
	default:
		break;
	}
}

int icmp_echo_await(struct netif *nif, struct icmp_echo_wait *w, uint32_t timeout_ms,
		    uint64_t *rtt_us)
{
	uint64_t start = time_now_us();
	uint64_t deadline = start + (uint64_t)timeout_ms * 1000;
	nif->echo_wait = w;
	while (!w->answered && !time_after_us(time_now_us(), deadline))
		net_poll(nif);
	nif->echo_wait = NULL;
	if (!w->answered)
		return -WB_ETIMEDOUT;
	if (rtt_us)
		*rtt_us = time_now_us() - start;
	return 0;
}

int icmp_ping(struct netif *nif, uint32_t dst, uint16_t id, uint16_t seq, const void *data,
	      size_t len, uint32_t timeout_ms, uint64_t *rtt_us)
{
	if (len > ICMP_PING_DATA_MAX)
		return -WB_EINVAL;
	struct icmp_echo_wait w = {.peer = {.family = IP_ADDR_V4, .v4 = dst}, .id = id, .seq = seq};
	int err = echo_send(nif, ICMP_ECHO_REQUEST, dst, NULL, id, seq, data, len);
	/* Measured from after ARP resolution: the time on the wire, not the lookup. */
	return err < 0 ? err : icmp_echo_await(nif, &w, timeout_ms, rtt_us);
}
