#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Answer IPv6 Router Solicitations on one interface with a minimal Router Advertisement
(router lifetime 0, no prefix, M and O flags clear: "no IPv6 router, nothing to configure").

Why: the iPXE ROM QEMU ships configures IPv4 and IPv6 at once and, on a link without any
router advertisement, shows `Configuring (net0 ...)....` for about 13 s before it boots
anything.  Real lab networks either have a router or a PXE ROM that does not wait for one, so
the e2e namespaces run this responder to keep every network boot ~13 s shorter.

  ra.py IFACE     (run inside the namespace; prints `RA READY`, one line per answer)
"""
import socket
import struct
import sys

ICMPV6_RS, ICMPV6_RA = 133, 134


def main(argv):
    ifname = argv[0]
    s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, ifname.encode())
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_HOPS, 255)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_UNICAST_HOPS, 255)
    ifindex = socket.if_nametoindex(ifname)
    # Solicitations go to all-routers (ff02::2), which a host that does not forward has not
    # joined: join it on this socket.
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_JOIN_GROUP,
                 socket.inet_pton(socket.AF_INET6, "ff02::2") + struct.pack("@I", ifindex))
    # type, code, checksum (the kernel fills it), cur hop limit, flags, router lifetime,
    # reachable time, retrans timer.
    ra = struct.pack("!BBHBBHII", ICMPV6_RA, 0, 0, 64, 0, 0, 0, 0)
    print("RA READY", flush=True)
    while True:
        data, addr = s.recvfrom(2048)
        if data and data[0] == ICMPV6_RS:
            try:
                s.sendto(ra, ("ff02::1", 0, 0, ifindex))
                print(f"RA sent for RS from {addr[0]}", flush=True)
            except OSError as e:  # link-local address not ready yet: the client retries
                print(f"RA not sent: {e}", flush=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
