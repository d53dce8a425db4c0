#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""TFTP read requests from spoofed sources (raw IPv4, IP_HDRINCL), for
tests/e2e/test_reliability.py: COUNT requests for NAME to SERVER:69, from source addresses
PREFIX.FIRST .. PREFIX.LAST (nobody has them, so nothing answers the server) and ports
2000.., round robin.  Run inside a client namespace; prints "sent N".

  spoof_flood.py SERVER NAME COUNT PREFIX FIRST LAST
"""
import socket
import struct
import sys


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def packet(src, dst, sport, payload):
    udp_len = 8 + len(payload)
    pseudo = socket.inet_aton(src) + socket.inet_aton(dst) + struct.pack("!BBH", 0, 17, udp_len)
    udp = struct.pack("!HHHH", sport, 69, udp_len, 0) + payload
    csum = checksum(pseudo + udp) or 0xFFFF
    udp = udp[:6] + struct.pack("!H", csum) + udp[8:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + udp_len, sport, 0, 64, 17, 0,
                     socket.inet_aton(src), socket.inet_aton(dst))
    return ip + udp


def main(argv):
    server, name, count, prefix, first, last = argv
    count, first, last = int(count), int(first), int(last)
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    rrq = b"\0\1" + name.encode() + b"\0octet\0blksize\0" + b"1468\0tsize\0" + b"0\0"
    hosts = last - first + 1
    for i in range(count):
        src = f"{prefix}.{first + i % hosts}"
        s.sendto(packet(src, server, 2000 + i // hosts, rrq), (server, 0))
    print(f"sent {count}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
