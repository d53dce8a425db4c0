// SPDX-License-Identifier: GPL-2.0-or-later
/* The internet checksum: see net/checksum.h. */
#include "net/checksum.h"

#include "core/byteorder.h"
#include "net/ip_addr.h"

uint32_t inet_csum_add(uint32_t sum, const void *data, size_t len)
{
	const uint8_t *p = data;
	uint64_t s = sum;
	while (len >= 2) {
		s += get_be16(p);
		p += 2;
		len -= 2;
	}
	if (len)
		s += (uint32_t)p[0] << 8;
	while (s >> 32)
		s = (s & 0xffffffff) + (s >> 32);
	return (uint32_t)s;
}

uint16_t inet_csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

uint16_t inet_checksum(const void *data, size_t len)
{
	return inet_csum_fold(inet_csum_add(0, data, len));
}

uint32_t inet_pseudo_sum(uint32_t src_be, uint32_t dst_be, uint8_t proto, uint16_t len)
{
	uint8_t ph[12];
	const uint8_t *s = (const uint8_t *)&src_be, *d = (const uint8_t *)&dst_be;
	for (int i = 0; i < 4; i++) {
		ph[i] = s[i];
		ph[4 + i] = d[i];
	}
	ph[8] = 0;
	ph[9] = proto;
	put_be16(ph + 10, len);
	return inet_csum_add(0, ph, sizeof(ph));
}

uint32_t ip_pseudo_sum(const struct ip_addr *src, const struct ip_addr *dst, uint8_t proto,
		       uint32_t len)
{
	if (src->family != IP_ADDR_V6)
		return inet_pseudo_sum(src->v4, dst->v4, proto, (uint16_t)len);
	uint8_t tail[8] = {0};
	put_be32(tail, len);
	tail[7] = proto;
	uint32_t sum = inet_csum_add(0, src->v6, IPV6_ALEN);
	sum = inet_csum_add(sum, dst->v6, IPV6_ALEN);
	return inet_csum_add(sum, tail, sizeof(tail));
}
