/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The internet checksum (RFC 1071), the one implementation used by IPv4, ICMP, ICMPv6, UDP and
 * TCP, with the pseudo headers of both IP families.
 * Sums are accumulated over 16-bit big-endian words; only the last piece may be odd-sized.
 */
#ifndef WB_NET_CHECKSUM_H
#define WB_NET_CHECKSUM_H

#include <stddef.h>
#include <stdint.h>

struct ip_addr;

/* Add len bytes to a running sum (start with 0); an odd last byte is padded with zero. */
uint32_t inet_csum_add(uint32_t sum, const void *data, size_t len);
/* Fold a running sum to the 16-bit one's complement checksum (what goes into a header). */
uint16_t inet_csum_fold(uint32_t sum);
/* Checksum of one buffer; 0 when the buffer already contains a correct checksum field. */
uint16_t inet_checksum(const void *data, size_t len);
/* Sum of the IPv4 pseudo header (addresses in network order) for UDP and TCP. */
uint32_t inet_pseudo_sum(uint32_t src_be, uint32_t dst_be, uint8_t proto, uint16_t len);
/* Sum of the pseudo header of either family (RFC 8200 8.1 for IPv6: addresses, 32-bit upper
 * layer length, next header), for UDP, TCP and ICMPv6.  src and dst have the same family. */
uint32_t ip_pseudo_sum(const struct ip_addr *src, const struct ip_addr *dst, uint8_t proto,
		       uint32_t len);

#endif
