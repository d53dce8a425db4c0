/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Linux host platform (linux/platform.c implements core/platform.h on Linux): clock from
 * clock_gettime, image memory from mmap, netdevs given on the command line, console on
 * stdout, and a boot that prints the plan or, when enabled, loads it with kexec_file_load.
 * Network devices over a tap (linux/netdev_tap.c) or an AF_PACKET socket on an existing
 * interface (linux/netdev_packet.c): raw Ethernet, wireboot's own stack, not the host's.
 */
#ifndef WB_LINUX_PLATFORM_H
#define WB_LINUX_PLATFORM_H

#include <stdbool.h>
#include <stdint.h>

struct netdev;

/* Register the stdout console sink. */
void linux_platform_init(void);

/* Add a netdev to what platform_netdevs() reports (at most 8); 0 or -WB_ENOMEM. */
int linux_platform_add_netdev(struct netdev *dev);

/* Let platform_boot() really boot the plan with kexec_file_load + reboot (root only). */
void linux_platform_enable_kexec(bool enable);

/*
 * Open a tap device (created if it does not exist, which needs CAP_NET_ADMIN; it must be up
 * and bridged by whoever set up the network).  wireboot is the far end of the tap, like a
 * virtual machine: its MAC is `mac`, or when NULL 52:54:00 followed by three bytes derived
 * from the name.  Returns 0 and *out, or a negative WB_E* with a message in errbuf.
 */
int netdev_tap_open(const char *ifname, const uint8_t *mac, struct netdev **out,
		    char *errbuf, size_t errlen);

/*
 * Whether ifname is an existing tap device (its /sys/class/net/IF/tun_flags has IFF_TAP):
 * an AF_PACKET socket there would sit on the host side and never meet the far end's DHCP.
 */
bool netdev_is_tap(const char *ifname);

/*
 * Open an AF_PACKET socket bound to an existing interface (needs CAP_NET_RAW; promiscuous
 * mode stays off).  The MAC is the interface's own unless `mac` is given (then it is added
 * to the interface's unicast filter).  The interface should have no IPv4 address of its own
 * in the subnet, or the host's stack answers too.
 */
int netdev_packet_open(const char *ifname, const uint8_t *mac, struct netdev **out,
		       char *errbuf, size_t errlen);

/* Close the descriptor and free a netdev from netdev_tap_open / netdev_packet_open. */
void linux_netdev_free(struct netdev *dev);

#endif
