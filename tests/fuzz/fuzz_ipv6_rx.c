// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The IPv6 receive path: arbitrary IPv6 packets (extension headers, fragments, ICMPv6 echo,
 * neighbour discovery, UDP) into a netif with IPv6 up (link-local and global address, a
 * router) and a bound UDP socket.  Input: records of a 2-byte big-endian length and that many
 * bytes of IPv6 packet; each goes out in an Ethernet frame to our MAC, or to the IPv6 group
 * MAC when the length's top bit is set.  Between packets the fake clock moves on.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "net/ipv6.h"
#include "net/netif.h"
#include "net/udp.h"
#include "tests/unit/fake_platform.h"
/* Neighbour discovery and DHCPv6 timers are slower than ARP: let more time pass. */
#define FUZZ_IDLE_MS 50
#include "tests/fuzz/fuzz_netdev.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct netdev dev = {.name = "fuzz0", .mac = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56},
				    .mtu = 1500, .transmit = null_transmit, .receive = idle_receive};
	static struct netif nif;
	static struct udp_sock sock;
	static const uint8_t ll[16] = {0xfe, 0x80, [8] = 0x50, 0x54, 0, 0xff, 0xfe, 0x12, 0x34, 0x56};
	static const uint8_t global[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 1, [8] = 0x50, 0x54, 0, 0xff,
					   0xfe, 0x12, 0x34, 0x56};
	static const uint8_t router[16] = {0xfe, 0x80, [15] = 1};

	fake_time_us = 1000000; /* the same run for the same input */
	netif_init(&nif, &dev);
	ipv6_enable(&nif);
	memcpy(nif.ip6.link_local, ll, 16);
	memcpy(nif.ip6.global, global, 16);
	nif.ip6.ll_state = nif.ip6.global_state = IPV6_ADDR_PREFERRED;
	memcpy(nif.ip6.router, router, 16);
	nif.ip6.have_router = true;
	memset(&sock, 0, sizeof(sock));
	sock.rx = sock_rx;
	if (udp_open(&sock, &nif, 546) < 0)
		abort();

	static uint8_t frame[ETH_FRAME_MAX];
	static const uint8_t peer_mac[6] = {0x52, 0x54, 0x00, 0xab, 0xcd, 0xef};
	while (size >= 2) {
		size_t len = (size_t)(data[0] & 0x7f) << 8 | data[1];
		bool group = data[0] & 0x80;
		data += 2;
		size -= 2;
		if (len > size)
			len = size;
		if (len <= ETH_FRAME_MAX - 14) {
			static const uint8_t group_mac[6] = {0x33, 0x33, 0, 0, 0, 1};
			memcpy(frame, group ? group_mac : dev.mac, 6);
			memcpy(frame + 6, peer_mac, 6);
			frame[12] = 0x86;
			frame[13] = 0xdd;
			memcpy(frame + 14, data, len);
			net_rx_frame(&nif, frame, 14 + len);
		}
		data += len;
		size -= len;
		fake_time_advance_ms(700);
		net_poll(&nif);
	}
	udp_close(&sock);
	netif_shutdown(&nif);
	return 0;
}
