/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Ethernet II framing: the bottom of the stack's send and receive paths. */
#ifndef WB_NET_ETHERNET_H
#define WB_NET_ETHERNET_H

#include <stddef.h>
#include <stdint.h>

#include "net/netdev.h"

struct netif;

#define ETH_HLEN 14
#define ETH_ZLEN 60 /* minimum frame without FCS; shorter frames are padded */
#define ETH_P_IPV4 0x0800
#define ETH_P_ARP 0x0806
#define ETH_P_IPV6 0x86dd

extern const uint8_t eth_broadcast[ETH_ALEN];

/*
 * Fill the Ethernet header at frame[0..ETH_HLEN) (source: our MAC) and transmit the frame
 * (header + len bytes of payload; frame must have room for ETH_ZLEN bytes).
 */
int eth_tx(struct netif *nif, uint8_t *frame, size_t payload_len, const uint8_t dst[ETH_ALEN],
	   uint16_t ethertype);

/* Demultiplex one received frame: ours, broadcast or (with IPv6 on) IPv6 multicast; IPv4, ARP
 * or IPv6; anything else is dropped. */
void eth_rx(struct netif *nif, const uint8_t *frame, size_t len);

#endif
