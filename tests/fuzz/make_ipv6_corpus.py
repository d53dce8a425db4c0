#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Write the seed corpora of fuzz_dhcpv6_packet and fuzz_ipv6_rx.

Run from anywhere: python3 tests/fuzz/make_ipv6_corpus.py
"""
import os
import struct

from make_net_corpus import csum

HERE = os.path.dirname(os.path.abspath(__file__))
OUR_LL = bytes.fromhex("fe80000000000000505400fffe123456")
OUR_GLOBAL = bytes.fromhex("20010db8000100005054 00fffe123456".replace(" ", ""))
PEER_LL = bytes.fromhex("fe800000000000000000000000000001")
PEER = bytes.fromhex("20010db8000100000000000000000010")
ALL_NODES = bytes.fromhex("ff020000000000000000000000000001")
SOLICITED = bytes.fromhex("ff0200000000000000000001ff123456")


def opt(code, val):
    return struct.pack("!HH", code, len(val)) + val


def dhcpv6(mtype, xid, options):
    return bytes([mtype]) + xid.to_bytes(3, "big") + options


DUID = opt(1, bytes.fromhex("00030001525400123456"))
SID = opt(2, bytes.fromhex("000100010000000952540000aabb"))
IA = opt(3, struct.pack("!III", 0x123456, 100, 160)
         + opt(5, bytes.fromhex("20010db8000000000000000000000042") + struct.pack("!II", 3600, 7200)))
BOOT = (opt(23, bytes.fromhex("20010db8000000000000000000000053"))
        + opt(24, b"\x03lab\x07example\x00")
        + opt(59, b"tftp://[2001:db8::1]/wireboot/k")
        + opt(60, b"\x00\x05quiet\x00\x07console"))
REPLY = dhcpv6(7, 0xabcdef, DUID + SID + IA + BOOT)
SOLICIT = dhcpv6(1, 0xabcdef, DUID + opt(8, b"\x00\x00") + opt(6, b"\x00\x17\x00\x18\x00\x3b\x00\x3c")
                 + opt(3, struct.pack("!III", 0x123456, 0, 0)) + opt(14, b"") + opt(61, b"\x00\x07")
                 + opt(62, b"\x01\x03\x10")
                 + opt(16, struct.pack("!IH", 343, 32) + b"PXEClient:Arch:00007:UNDI:003016"))
RELAY = bytes([12, 0]) + PEER + PEER_LL + opt(18, b"eth0") + opt(79, b"\x00\x01\x52\x54\x00\x12\x34\x56") \
    + opt(9, SOLICIT)
NOADDR = dhcpv6(7, 0xabcdef, DUID + SID + opt(3, struct.pack("!III", 1, 0, 0) + opt(13, b"\x00\x02no")))


def csum6(src, dst, nh, payload):
    """Upper-layer checksum over the IPv6 pseudo header."""
    return csum(src + dst + struct.pack("!IxxxB", len(payload), nh) + payload)


def icmp6(src, dst, msg):
    c = csum6(src, dst, 58, msg)
    return msg[:2] + struct.pack("!H", c) + msg[4:]


def ipv6(src, dst, nh, payload, hop=64):
    return struct.pack("!IHBB", 0x60000000, len(payload), nh, hop) + src + dst + payload


def udp6(src, dst, sport, dport, data):
    u = struct.pack("!HHHH", sport, dport, 8 + len(data), 0) + data
    return u[:6] + struct.pack("!H", csum6(src, dst, 17, u)) + u[8:]


def record(pkt, group=False):
    return struct.pack("!H", len(pkt) | (0x8000 if group else 0)) + pkt


def rx_seeds():
    ra = icmp6(PEER_LL, ALL_NODES, bytes([134, 0, 0, 0, 64, 0xc0, 0x07, 0x08]) + b"\0" * 8
               + bytes([1, 1]) + bytes.fromhex("525400abcdef")
               + bytes([3, 4, 64, 0xc0]) + b"\xff" * 8 + b"\0" * 4 + PEER[:8] + b"\0" * 8)
    ns = icmp6(PEER, SOLICITED, bytes([135, 0, 0, 0, 0, 0, 0, 0]) + OUR_GLOBAL
               + bytes([1, 1]) + bytes.fromhex("525400abcdef"))
    na = icmp6(PEER, OUR_GLOBAL, bytes([136, 0, 0, 0, 0x60, 0, 0, 0]) + PEER
               + bytes([2, 1]) + bytes.fromhex("525400abcdef"))
    echo = icmp6(PEER, OUR_GLOBAL, bytes([128, 0, 0, 0, 0x12, 0x34, 0, 1]) + b"ping")
    yield "ndp", (record(ipv6(PEER_LL, ALL_NODES, 58, ra, 255), True)
                  + record(ipv6(PEER, SOLICITED, 58, ns, 255), True)
                  + record(ipv6(PEER, OUR_GLOBAL, 58, na, 255)))
    yield "echo", record(ipv6(PEER, OUR_GLOBAL, 58, echo))
    dgram = udp6(PEER, OUR_GLOBAL, 547, 546, bytes(range(256)) * 8)
    frags = b""
    for off in range(0, len(dgram), 1024):
        more = off + 1024 < len(dgram)
        hdr = struct.pack("!BBHI", 17, 0, off | more, 77)
        frags += record(ipv6(PEER, OUR_GLOBAL, 44, hdr + dgram[off:off + 1024]))
    yield "fragments", frags
    hbh = bytes([17, 0, 5, 2, 0, 0, 1, 0])
    yield "udp_hbh", record(ipv6(PEER, OUR_GLOBAL, 0, hbh + udp6(PEER, OUR_GLOBAL, 547, 546, REPLY)))


def write(target, name, data):
    d = os.path.join(HERE, "corpus", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def main():
    for name, msg in (("reply", REPLY), ("solicit", SOLICIT), ("relay_forw", RELAY),
                      ("no_addrs", NOADDR)):
        write("fuzz_dhcpv6_packet", name, msg)
    for name, data in rx_seeds():
        write("fuzz_ipv6_rx", name, data)


if __name__ == "__main__":
    main()
