// SPDX-License-Identifier: GPL-2.0-or-later
/* ICMPv6: see net/icmpv6.h. */
#include "net/icmpv6.h"

#include "core/byteorder.h"
#include "core/errors.h"
#include "core/string.h"
#include "net/checksum.h"
#include "net/icmp.h"
#include "net/ipv6.h"
#include "net/ndp.h"
#include "net/netif.h"

#define ECHO_HLEN 8

int icmpv6_send(struct netif *nif, const uint8_t *src, const uint8_t dst[IPV6_ALEN],
		uint8_t hop_limit, const uint8_t *dst_mac, const void *msg, size_t len)
{
	uint8_t frame[ETH_FRAME_MAX];
	if (len < ICMPV6_HLEN || len > sizeof(frame) - IPV6_HEADROOM)
		return -WB_ETOOBIG;
	struct ip_addr s = {.family = IP_ADDR_V6}, d = ip_addr_v6(dst);
	if (src)
		memcpy(s.v6, src, IPV6_ALEN);
	else if (ipv6_source_for(nif, dst, s.v6) < 0)
		return -WB_ENETUNREACH;
	uint8_t *p = frame + IPV6_HEADROOM;
	memcpy(p, msg, len);
	put_be16(p + 2, 0);
	put_be16(p + 2, inet_csum_fold(inet_csum_add(ip_pseudo_sum(&s, &d, IP_PROTO_ICMPV6,
								   (uint32_t)len), p, len)));
	return ipv6_tx(nif, frame, len, s.v6, dst, IP_PROTO_ICMPV6, hop_limit, dst_mac);
}

/* An echo request or reply: type, id, seq and data. */
static int echo_send(struct netif *nif, uint8_t type, const uint8_t *src, const uint8_t *dst,
		     const uint8_t *dst_mac, uint16_t id, uint16_t seq, const void *data, size_t len)
{
	uint8_t msg[ECHO_HLEN + ICMP_PING_DATA_MAX];
	if (len > ICMP_PING_DATA_MAX)
		return -WB_EINVAL;
	memset(msg, 0, ECHO_HLEN);
	msg[0] = type;
	put_be16(msg + 4, id);
	put_be16(msg + 6, seq);
	memcpy(msg + ECHO_HLEN, data, len);
	return icmpv6_send(nif, src, dst, 0, dst_mac, msg, ECHO_HLEN + len);
}

void icmpv6_rx(struct netif *nif, const struct ipv6_rx_info *info, const uint8_t *data, size_t len)
{
	if (len < ICMPV6_HLEN ||
	    inet_csum_fold(inet_csum_add(ip_pseudo_sum(&info->src, &info->dst, IP_PROTO_ICMPV6,
						       (uint32_t)len), data, len)) != 0) {
		nif->stats.rx_dropped++;
		return;
	}
	switch (data[0]) {
	case ICMPV6_ECHO_REQUEST:
		/* Only to our own address (not to groups), and only with a usable source. */
		if (len >= ECHO_HLEN && !ipv6_is_multicast(info->dst.v6) &&
		    !ipv6_is_unspecified(info->src.v6) && len - ECHO_HLEN <= ICMP_PING_DATA_MAX)
			echo_send(nif, ICMPV6_ECHO_REPLY, info->dst.v6, info->src.v6, info->src_mac,
				  get_be16(data + 4), get_be16(data + 6), data + ECHO_HLEN,
				  len - ECHO_HLEN);
		break;
	case ICMPV6_ECHO_REPLY: {
		struct icmp_echo_wait *w = nif->echo_wait;
		if (len >= ECHO_HLEN && w && ip_addr_eq(&w->peer, &info->src) &&
		    w->id == get_be16(data + 4) && w->seq == get_be16(data + 6))
			w->answered = true;
		break;
	}
	default:
		ndp_rx(nif, info, data, len);
		break;
	}
}

int icmpv6_ping(struct netif *nif, const uint8_t dst[IPV6_ALEN], uint16_t id, uint16_t seq,
		const void *data, size_t len, uint32_t timeout_ms, uint64_t *rtt_us)
{
	struct icmp_echo_wait w = {.peer = ip_addr_v6(dst), .id = id, .seq = seq};
	int err = echo_send(nif, ICMPV6_ECHO_REQUEST, NULL, dst, NULL, id, seq, data, len);
	return err < 0 ? err : icmp_echo_await(nif, &w, timeout_ms, rtt_us);
}
