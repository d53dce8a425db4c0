// SPDX-License-Identifier: GPL-2.0-or-later
/* Shared parts of the Linux netdevs: see linux/netdev_fd.h. */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "linux/linux_platform.h"
#include "linux/netdev_fd.h"

struct linux_netdev *linux_netdev_new(const char *ifname)
{
	struct linux_netdev *ln = calloc(1, sizeof(*ln));
	if (!ln)
		return NULL;
	ln->fd = -1;
	snprintf(ln->ifname, sizeof(ln->ifname), "%s", ifname);
	ln->dev.name = ln->ifname;
	ln->dev.mtu = 1500;
	ln->dev.priv = ln;
	return ln;
}

bool linux_netdev_wait(struct linux_netdev *ln)
{
	if (!ln->idle) {
		ln->idle = true;
		return false;
	}
	struct pollfd pfd = { .fd = ln->fd, .events = POLLIN };
	return poll(&pfd, 1, LINUX_NETDEV_IDLE_MS) > 0;
}

void linux_netdev_free(struct netdev *dev)
{
	if (!dev)
		return;
	struct linux_netdev *ln = dev->priv;
	if (dev->close)
		dev->close(dev);
	if (ln->fd >= 0)
		close(ln->fd);
	free(ln);
}
