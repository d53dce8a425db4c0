// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The receive path: arbitrary Ethernet frames into net_rx_frame() on a configured netif with
 * a bound UDP socket and a DHCP client in progress.  Input: records of a 2-byte big-endian
 * length and that many bytes of frame (so one input can hold several fragments).  Between
 * frames the fake clock moves on, so timeouts (reassembly, DHCP retransmission) fire too.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/errors.h"
#include "net/dhcp_client.h"
#include "net/netif.h"
#include "net/udp.h"
#include "tests/unit/fake_platform.h"
#include "tests/fuzz/fuzz_netdev.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct netdev dev = {.name = "fuzz0", .mac = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56},
				    .mtu = 1500, .transmit = null_transmit, .receive = idle_receive};
	static struct netif nif;
	static struct udp_sock sock;
	static struct dhcp_client client;
	static struct dhcp_lease lease;
	static const struct dhcp_client_config cfg = {.client_arch = DHCP_ARCH_BIOS};

	fake_time_us = 1000000; /* the same run for the same input */
	netif_init(&nif, &dev);
	if (dhcp_client_start(&client, &nif, &cfg, &lease) < 0)
		abort();
	client.xid = 0x1a2b3c4d; /* the transaction of the seed corpus */
	dhcp_client_step(&client); /* DISCOVER out */
	/* Configured after the client started, so both paths are live: 10.0.0.50/24 gw .254. */
	netif_configure(&nif, 0x3200000a, 0x00ffffff, 0xfe00000a);
	memset(&sock, 0, sizeof(sock));
	sock.rx = sock_rx;
	if (udp_open(&sock, &nif, 1234) < 0)
		abort();

	while (size >= 2) {
		size_t len = (size_t)data[0] << 8 | data[1];
		data += 2;
		size -= 2;
		if (len > size)
			len = size;
		if (len <= ETH_FRAME_MAX)
			net_rx_frame(&nif, data, len);
		data += len;
		size -= len;
		fake_time_advance_ms(700);
		dhcp_client_step(&client);
	}
	udp_close(&sock);
	dhcp_client_stop(&client);
	netif_shutdown(&nif);
	return 0;
}
