/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the Linux netdevs (tap, AF_PACKET) share: a netdev over one non-blocking descriptor.
 * receive() never waits after it delivered a frame, so the stack's poll loop gets to send
 * its ACKs right after a burst; only when a whole poll found nothing does the next receive
 * sleep in poll(2) for up to LINUX_NETDEV_IDLE_MS, so an idle loop does not spin a CPU.
 * A frame ends the sleep at once; only timers wait up to that long.  10 ms, not 1: 512
 * wireboot-check clients on one 2-core machine (make reliability, the fleet tests) waking
 * every millisecond took ~0.5 % of a core each, more than both cores, and starved the server.
 */
#ifndef WB_LINUX_NETDEV_FD_H
#define WB_LINUX_NETDEV_FD_H

#include <net/if.h>
#include <stdbool.h>

#include "net/netdev.h"

#define LINUX_NETDEV_IDLE_MS 10

struct linux_netdev {
	struct netdev dev;
	int fd;
	bool idle;              /* the last receive() found nothing */
	int ifindex;            /* AF_PACKET: the interface bound to */
	bool unicast_added;     /* AF_PACKET: our MAC was added to the interface's filter */
	char ifname[IF_NAMESIZE];
};

/* A zeroed netdev named ifname with fd -1; NULL when out of memory. */
struct linux_netdev *linux_netdev_new(const char *ifname);

/* Called by receive() when nothing was read: sleep briefly if the previous call found nothing
 * too, and report whether the descriptor became readable. */
bool linux_netdev_wait(struct linux_netdev *ln);

#endif
