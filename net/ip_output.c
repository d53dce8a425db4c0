// SPDX-License-Identifier: GPL-2.0-or-later
/* Transport payloads over either family: see net/ip_output.h. */
#include "net/ip_output.h"

#include "core/errors.h"
#include "net/netif.h"

int ip_source(const struct netif *nif, const struct ip_addr *dst, struct ip_addr *src)
{
	*src = ip_addr_v4(nif->ip);
	if (dst->family == IP_ADDR_V4)
		return 0;
	if (dst->family != IP_ADDR_V6)
		return -WB_EINVAL;
	if (!nif->ipv6_source) /* IPv6 is off (or not linked: IPv4-only BIOS images) */
		return -WB_ENETUNREACH;
	src->family = IP_ADDR_V6;
	return nif->ipv6_source(nif, dst->v6, src->v6);
}

int ip_output(struct netif *nif, uint8_t *frame, size_t len, const struct ip_addr *src,
	      const struct ip_addr *dst, uint8_t proto, const uint8_t *dst_mac)
{
	if (dst->family == IP_ADDR_V6)
		return nif->ipv6_output(nif, frame, len, src->v6, dst->v6, proto, 0, dst_mac);
	return ipv4_tx(nif, frame, len, dst->v4, proto, dst_mac);
}
