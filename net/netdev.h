/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A network device: the only thing a driver or platform provides to the stack.
 * Polled, no interrupts: the stack calls receive() from its poll loop until it returns 0.
 */
#ifndef WB_NET_NETDEV_H
#define WB_NET_NETDEV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ETH_ALEN 6
#define ETH_FRAME_MAX 1518 /* without FCS: 14 header + 1500 payload (+4 VLAN slack) */

struct netdev {
	const char *name;        /* "virtio0", "undi0", "tap0" */
	uint8_t mac[ETH_ALEN];
	uint16_t mtu;            /* IP MTU, normally 1500 */
	/* Send one Ethernet frame (header included, no FCS); 0 or negative WB_E*. */
	int (*transmit)(struct netdev *dev, const void *frame, size_t len);
	/*
	 * Copy one received frame into buf (at most cap bytes) and return its length,
	 * 0 when nothing is pending, or a negative WB_E*.
	 */
	int (*receive)(struct netdev *dev, void *buf, size_t cap);
	/* Link state; NULL means "assume up". */
	bool (*link_up)(struct netdev *dev);
	/* Quiesce the device (DMA stopped) before handing over to a kernel; may be NULL. */
	void (*close)(struct netdev *dev);
	void *priv;              /* driver state */
};

#endif
