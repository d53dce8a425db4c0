// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A netdev over a Linux tap device (see linux/linux_platform.h).  Frames are read and
 * written whole, without the packet-information prefix (IFF_NO_PI) and without offloads, so
 * every checksum the host sends us is complete.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "core/errors.h"
#include "linux/linux_platform.h"
#include "linux/netdev_fd.h"

static int tap_transmit(struct netdev *dev, const void *frame, size_t len)
{
	struct linux_netdev *ln = dev->priv;
	ssize_t n = write(ln->fd, frame, len);
	if (n == (ssize_t)len)
		return 0;
	/* A full queue or a tap nobody reads is a lost frame: the protocols retransmit. */
	return n < 0 && errno != EAGAIN && errno != EIO ? -WB_EIO : 0;
}

static int tap_receive(struct netdev *dev, void *buf, size_t cap)
{
	struct linux_netdev *ln = dev->priv;
	for (;;) {
		ssize_t n = read(ln->fd, buf, cap);
		if (n > 0) {
			ln->idle = false;
			return (int)n;
		}
		if (n < 0 && errno != EAGAIN && errno != EINTR)
			return -WB_EIO;
		if (!linux_netdev_wait(ln))
			return 0;
	}
}

/* A stable locally administered MAC for a name: 52:54:00 + 24 bits of FNV-1a. */
static void mac_from_name(const char *name, uint8_t mac[ETH_ALEN])
{
	uint32_t h = 2166136261u;
	for (const char *p = name; *p; p++)
		h = (h ^ (uint8_t)*p) * 16777619u;
	mac[0] = 0x52;
	mac[1] = 0x54;
	mac[2] = 0x00;
	mac[3] = (uint8_t)(h >> 16);
	mac[4] = (uint8_t)(h >> 8);
	mac[5] = (uint8_t)h;
}

bool netdev_is_tap(const char *ifname)
{
	char path[64 + IFNAMSIZ], text[32];
	unsigned long flags;

	if (strchr(ifname, '/') || strlen(ifname) >= IFNAMSIZ)
		return false;
	snprintf(path, sizeof(path), "/sys/class/net/%s/tun_flags", ifname);
	FILE *f = fopen(path, "re");
	if (!f)
		return false;
	bool ok = fgets(text, sizeof(text), f) && sscanf(text, "%lx", &flags) == 1;
	fclose(f);
	return ok && (flags & IFF_TAP);
}

int netdev_tap_open(const char *ifname, const uint8_t *mac, struct netdev **out, char *errbuf,
		    size_t errlen)
{
	struct ifreq ifr;
	struct linux_netdev *ln;

	if (strlen(ifname) >= IF_NAMESIZE) {
		snprintf(errbuf, errlen, "%s: interface name too long", ifname);
		return -WB_EINVAL;
	}
	if (!(ln = linux_netdev_new(ifname)))
		return -WB_ENOMEM;
	ln->fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (ln->fd < 0) {
		snprintf(errbuf, errlen, "/dev/net/tun: %s", strerror(errno));
		linux_netdev_free(&ln->dev);
		return -WB_ENODEV;
	}
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
	memcpy(ifr.ifr_name, ifname, strlen(ifname));
	if (ioctl(ln->fd, TUNSETIFF, &ifr) < 0) {
		int e = errno;
		snprintf(errbuf, errlen, "tap %s: %s%s", ifname, strerror(e),
			 e == EPERM ? " (needs CAP_NET_ADMIN, or a tap owned by this user)" : "");
		linux_netdev_free(&ln->dev);
		return e == EPERM ? -WB_EACCES : -WB_ENODEV;
	}
	if (mac)
		memcpy(ln->dev.mac, mac, ETH_ALEN);
	else
		mac_from_name(ifname, ln->dev.mac);
	ln->dev.transmit = tap_transmit;
	ln->dev.receive = tap_receive;
	*out = &ln->dev;
	return 0;
}
