// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A netdev over an AF_PACKET socket bound to an existing interface (see
 * linux/linux_platform.h): wireboot's own Ethernet/IP stack on a real or virtual NIC, the
 * host's stack not involved.  Promiscuous mode stays off; a MAC other than the interface's
 * is added to its unicast filter.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/if_arp.h>
#include <linux/if_ether.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/byteorder.h"
#include "core/errors.h"
#include "linux/linux_platform.h"
#include "linux/netdev_fd.h"
#include "net/checksum.h"
#include "net/ip_addr.h"

static int packet_transmit(struct netdev *dev, const void *frame, size_t len)
{
	struct linux_netdev *ln = dev->priv;
	ssize_t n = send(ln->fd, frame, len, 0);
	if (n == (ssize_t)len)
		return 0;
	return n < 0 && errno != EAGAIN && errno != ENOBUFS ? -WB_EIO : 0;
}

/*
 * Frames that another namespace sent through a veth (or the local host sent) may carry a
 * checksum the kernel never finished (offload: TP_STATUS_CSUMNOTREADY).  Complete the
 * UDP/TCP checksum of such an IPv4 or IPv6 frame (IPv6: UDP/TCP right after the fixed header,
 * as the kernel sends them) so the stack's verification sees what a real wire would carry.
 */
static void complete_checksum(uint8_t *f, size_t len)
{
	if (len < 14 + 20)
		return;
	uint8_t *ip = f + 14, *l4, proto;
	size_t l4len;
	struct ip_addr src, dst;
	if (get_be16(f + 12) == 0x0800) {
		size_t ihl = (size_t)(ip[0] & 0xF) * 4, tot = get_be16(ip + 2);
		if ((ip[0] >> 4) != 4 || ihl < 20 || tot < ihl || tot > len - 14 ||
		    (get_be16(ip + 6) & 0x3FFF) != 0) /* fragments are complete already */
			return;
		l4len = tot - ihl;
		l4 = ip + ihl;
		proto = ip[9];
		src = (struct ip_addr){.family = IP_ADDR_V4};
		dst = src;
		memcpy(&src.v4, ip + 12, 4);
		memcpy(&dst.v4, ip + 16, 4);
	} else if (get_be16(f + 12) == 0x86dd && len >= 14 + 40 && (ip[0] >> 4) == 6 &&
		   get_be16(ip + 4) <= len - 14 - 40) {
		l4len = get_be16(ip + 4);
		l4 = ip + 40;
		proto = ip[6];
		src = ip_addr_v6(ip + 8);
		dst = ip_addr_v6(ip + 24);
	} else {
		return;
	}
	size_t csum_off;
	if (proto == 17 && l4len >= 8)
		csum_off = 6;
	else if (proto == 6 && l4len >= 20)
		csum_off = 16;
	else
		return;
	put_be16(l4 + csum_off, 0);
	uint16_t sum = inet_csum_fold(inet_csum_add(ip_pseudo_sum(&src, &dst, proto,
								  (uint32_t)l4len), l4, l4len));
	if (proto == 17 && sum == 0)
		sum = 0xFFFF;
	put_be16(l4 + csum_off, sum);
}

/*
 * One frame from the interface into buf: its length, or 0 when none is waiting (after an idle
 * wait, see linux_netdev_wait()).  Our own transmissions and frames longer than cap are
 * dropped; checksums left to the NIC's offload are completed, as the stack checks them.
 */
static int packet_receive(struct netdev *dev, void *buf, size_t cap)
{
	struct linux_netdev *ln = dev->priv;
	for (;;) {
		struct sockaddr_ll from;
		union {
			struct cmsghdr align;
			char buf[CMSG_SPACE(sizeof(struct tpacket_auxdata))];
		} control;
		struct iovec iov = { .iov_base = buf, .iov_len = cap };
		struct msghdr msg = {
			.msg_name = &from, .msg_namelen = sizeof(from),
			.msg_iov = &iov, .msg_iovlen = 1,
			.msg_control = &control, .msg_controllen = sizeof(control),
		};
		ssize_t n = recvmsg(ln->fd, &msg, MSG_DONTWAIT | MSG_TRUNC);
		if (n < 0) {
			if (errno != EAGAIN && errno != EINTR)
				return -WB_EIO;
			if (!linux_netdev_wait(ln))
				return 0;
			continue;
		}
		ln->idle = false;
		if (from.sll_pkttype == PACKET_OUTGOING || (size_t)n > cap)
			continue; /* our own transmissions, and frames too large for the stack */
		for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
			if (c->cmsg_level != SOL_PACKET || c->cmsg_type != PACKET_AUXDATA)
				continue;
			struct tpacket_auxdata aux;
			memcpy(&aux, CMSG_DATA(c), sizeof(aux));
			if (aux.tp_status & TP_STATUS_CSUMNOTREADY)
				complete_checksum(buf, (size_t)n);
		}
		return (int)n;
	}
}

/* Change our MAC's membership in the interface's unicast filter. */
static int unicast_filter(struct linux_netdev *ln, int op)
{
	struct packet_mreq mr = { .mr_ifindex = ln->ifindex, .mr_type = PACKET_MR_UNICAST,
				  .mr_alen = ETH_ALEN };
	memcpy(mr.mr_address, ln->dev.mac, ETH_ALEN);
	return setsockopt(ln->fd, SOL_PACKET, op, &mr, sizeof(mr));
}

static void packet_close(struct netdev *dev)
{
	struct linux_netdev *ln = dev->priv;
	if (ln->unicast_added && ln->fd >= 0)
		unicast_filter(ln, PACKET_DROP_MEMBERSHIP);
	ln->unicast_added = false;
}

/* Describe a failed system call in errbuf, release the netdev, return a WB_E* code. */
static int fail(struct linux_netdev *ln, char *errbuf, size_t errlen, const char *what)
{
	int e = errno;
	snprintf(errbuf, errlen, "%s: %s: %s%s", ln->ifname, what, strerror(e),
		 e == EPERM ? " (needs CAP_NET_RAW)" : "");
	linux_netdev_free(&ln->dev);
	return e == EPERM ? -WB_EACCES : e == ENODEV ? -WB_ENODEV : -WB_EIO;
}

int netdev_packet_open(const char *ifname, const uint8_t *mac, struct netdev **out,
		       char *errbuf, size_t errlen)
{
	struct linux_netdev *ln;
	struct ifreq ifr;
	int one = 1;

	if (strlen(ifname) >= IF_NAMESIZE) {
		snprintf(errbuf, errlen, "%s: interface name too long", ifname);
		return -WB_EINVAL;
	}
	if (!(ln = linux_netdev_new(ifname)))
		return -WB_ENOMEM;
	ln->fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, htons(ETH_P_ALL));
	if (ln->fd < 0)
		return fail(ln, errbuf, errlen, "AF_PACKET socket");
	memset(&ifr, 0, sizeof(ifr));
	memcpy(ifr.ifr_name, ifname, strlen(ifname));
	if (ioctl(ln->fd, SIOCGIFINDEX, &ifr) < 0)
		return fail(ln, errbuf, errlen, "no such interface");
	ln->ifindex = ifr.ifr_ifindex;
	if (ioctl(ln->fd, SIOCGIFHWADDR, &ifr) < 0)
		return fail(ln, errbuf, errlen, "reading the MAC");
	if (ifr.ifr_hwaddr.sa_family != ARPHRD_ETHER) {
		snprintf(errbuf, errlen, "%s: not an Ethernet interface", ifname);
		linux_netdev_free(&ln->dev);
		return -WB_ENODEV;
	}
	uint8_t own_mac[ETH_ALEN];
	memcpy(own_mac, ifr.ifr_hwaddr.sa_data, ETH_ALEN);
	memcpy(ln->dev.mac, mac ? mac : own_mac, ETH_ALEN);
	if (ioctl(ln->fd, SIOCGIFMTU, &ifr) == 0 && ifr.ifr_mtu < 1500 && ifr.ifr_mtu >= 576)
		ln->dev.mtu = (uint16_t)ifr.ifr_mtu; /* larger MTUs: frames stay within ETH_FRAME_MAX */

	struct sockaddr_ll sll = { .sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_ALL),
				   .sll_ifindex = ln->ifindex };
	if (bind(ln->fd, (struct sockaddr *)&sll, sizeof(sll)) < 0)
		return fail(ln, errbuf, errlen, "bind");
	if (setsockopt(ln->fd, SOL_PACKET, PACKET_AUXDATA, &one, sizeof(one)) < 0)
		return fail(ln, errbuf, errlen, "PACKET_AUXDATA");
#ifdef PACKET_IGNORE_OUTGOING
	(void)setsockopt(ln->fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof(one));
#endif
	if (memcmp(ln->dev.mac, own_mac, ETH_ALEN) != 0) {
		if (unicast_filter(ln, PACKET_ADD_MEMBERSHIP) < 0)
			return fail(ln, errbuf, errlen, "adding the MAC to the unicast filter");
		ln->unicast_added = true;
	}
	*out = &ln->dev;
	ln->dev.transmit = packet_transmit;
	ln->dev.receive = packet_receive;
	ln->dev.close = packet_close;
	return 0;
}
