#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Write the seed corpora of fuzz_dhcp_packet, fuzz_net_rx and fuzz_http_response.

Run from anywhere: python3 tests/fuzz/make_net_corpus.py
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
MAC = bytes.fromhex("525400123456")
SERVER_MAC = bytes.fromhex("525400abcdef")
UUID = bytes.fromhex("8a1f4b3c00112233445566778899aabb")


def ip(s):
    return bytes(int(x) for x in s.split("."))


def opt(code, val):
    out = b""
    while True:  # RFC 3396 split
        out += bytes([code, min(len(val), 255)]) + val[:255]
        val = val[255:]
        if not val:
            return out


def bootp(op, xid, yiaddr="0.0.0.0", siaddr="0.0.0.0", sname=b"", file=b"", options=b"",
          cookie=True, flags=0):
    p = struct.pack("!BBBBIHH", op, 1, 6, 0, xid, 0, flags)
    p += b"\0" * 4 + ip(yiaddr) + ip(siaddr) + b"\0" * 4
    p += MAC + b"\0" * 10 + sname.ljust(64, b"\0") + file.ljust(128, b"\0")
    if cookie:
        p += struct.pack("!I", 0x63825363) + options + b"\xff"
    return p.ljust(300, b"\0")


VC = b"PXEClient:Arch:00000:UNDI:002001"
DISCOVER = bootp(1, 0x1a2b3c4d, flags=0x8000, options=opt(53, b"\x01") + opt(57, b"\x05\xc0")
                 + opt(93, b"\0\0") + opt(94, b"\x01\x02\x01") + opt(97, b"\0" + UUID)
                 + opt(55, bytes([1, 3, 6, 12, 15, 28, 43, 51, 54, 60, 66, 67, 97, 208, 209, 210, 211]))
                 + opt(60, VC))
OFFER = bootp(2, 0x1a2b3c4d, "10.0.0.50", "10.0.0.1", file=b"pxelinux.0",
              options=opt(53, b"\x02") + opt(54, ip("10.0.0.1")) + opt(1, ip("255.255.255.0"))
              + opt(3, ip("10.0.0.254")) + opt(6, ip("10.0.0.1") + ip("10.0.0.2"))
              + opt(51, b"\0\0\x0e\x10") + opt(12, b"node1") + opt(15, b"lab.example")
              + opt(209, b"pxelinux.cfg/special") + opt(210, b"/tftpboot/"))
ACK_OVERLOAD = bootp(2, 0x01020304, "192.168.10.50", "192.168.10.1",
                     sname=b"\x42\x0c192.168.10.1\xff",
                     file=b"\x43\x02.0\x03\x04\xc0\xa8\x0a\xfe\xff",
                     options=opt(53, b"\x05") + opt(54, ip("192.168.10.1")) + opt(52, b"\x03")
                     + opt(1, ip("255.255.255.0")) + opt(67, b"pxelinux"))
PROXY_OFFER = bootp(2, 0x1a2b3c4d, "0.0.0.0", "10.0.0.3", file=b"wireboot.pxe",
                    options=opt(53, b"\x02") + opt(54, ip("10.0.0.3")) + opt(60, b"PXEClient")
                    + opt(43, b"\x06\x01\x08" + b"\x08\x07\x80\x00\x01" + ip("10.0.0.3") + b"\xff"))
ACK = bootp(2, 0x1a2b3c4d, "10.0.0.50", "10.0.0.1", file=b"pxelinux.0",
            options=opt(53, b"\x05") + opt(54, ip("10.0.0.1")) + opt(1, ip("255.255.255.0"))
            + opt(3, ip("10.0.0.254")))
OFFER_NOBOOT = bootp(2, 0x1a2b3c4d, "10.0.0.50", options=opt(53, b"\x02") + opt(54, ip("10.0.0.1")))
ACK_NOBOOT = bootp(2, 0x1a2b3c4d, "10.0.0.50", options=opt(53, b"\x05") + opt(54, ip("10.0.0.1")))
PROXY_OFFER_NOFILE = bootp(2, 0x1a2b3c4d, "0.0.0.0", "10.0.0.3",
                           options=opt(53, b"\x02") + opt(54, ip("10.0.0.3")) + opt(60, b"PXEClient")
                           + opt(43, b"\x06\x01\x03\x09\x07\x80\x01\x04wbot\xff"))
BINL_ACK = bootp(2, 0x1a2b3c4d, "0.0.0.0", "10.0.0.3", file=b"boot/wireboot.0",
                 options=opt(53, b"\x05") + opt(54, ip("10.0.0.3")) + opt(60, b"PXEClient"))
LONG_OPT = bootp(2, 5, "10.0.0.9", options=opt(53, b"\x05") + opt(43, bytes(range(256)) * 2))
PLAIN_BOOTP = bootp(2, 6, "10.1.1.7", "10.1.1.1", file=b"boot/bzImage", cookie=False)

DHCP = {"discover": DISCOVER, "offer": OFFER, "ack_overload": ACK_OVERLOAD,
        "proxy_offer": PROXY_OFFER, "long_option": LONG_OPT, "plain_bootp": PLAIN_BOOTP}


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def ipv4(src, dst, proto, payload, ident=1, frag=0x4000, ttl=64):
    h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), ident, frag, ttl, proto, 0,
                    ip(src), ip(dst))
    h = h[:10] + struct.pack("!H", csum(h)) + h[12:]
    return h + payload


def udp(src, dst, sport, dport, payload):
    u = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload
    pseudo = ip(src) + ip(dst) + struct.pack("!BBH", 0, 17, len(u))
    c = csum(pseudo + u) or 0xffff
    return u[:6] + struct.pack("!H", c) + u[8:]


def eth(dst, src, etype, payload):
    return dst + src + struct.pack("!H", etype) + payload


BCAST = b"\xff" * 6
OUR_IP, SRV_IP = "10.0.0.50", "10.0.0.1"


def arp(op, sha, spa, tha, tpa):
    return struct.pack("!HHBBH", 1, 0x0800, 6, 4, op) + sha + ip(spa) + tha + ip(tpa)


def frames():
    yield "arp_request", eth(BCAST, SERVER_MAC, 0x0806,
                             arp(1, SERVER_MAC, SRV_IP, b"\0" * 6, OUR_IP))
    yield "arp_reply", eth(MAC, SERVER_MAC, 0x0806, arp(2, SERVER_MAC, SRV_IP, MAC, OUR_IP))
    yield "arp_reply_proxy", eth(MAC, SERVER_MAC, 0x0806, arp(2, SERVER_MAC, "10.0.0.3", MAC, OUR_IP))
    icmp = b"\x08\x00\x00\x00\x12\x34\x00\x01" + b"wireboot-ping"
    icmp = icmp[:2] + struct.pack("!H", csum(icmp)) + icmp[4:]
    yield "icmp_echo", eth(MAC, SERVER_MAC, 0x0800, ipv4(SRV_IP, OUR_IP, 1, icmp))
    yield "udp_to_socket", eth(MAC, SERVER_MAC, 0x0800,
                               ipv4(SRV_IP, OUR_IP, 17, udp(SRV_IP, OUR_IP, 69, 1234, b"hello")))
    for name, pkt in (("dhcp_offer", OFFER), ("dhcp_ack", ACK), ("dhcp_offer_noboot", OFFER_NOBOOT),
                      ("dhcp_proxy_offer", PROXY_OFFER_NOFILE)):
        yield name, eth(BCAST, SERVER_MAC, 0x0800,
                        ipv4(SRV_IP, "255.255.255.255", 17, udp(SRV_IP, "255.255.255.255", 67, 68, pkt)))
    yield "dhcp_binl_ack", eth(MAC, SERVER_MAC, 0x0800,
                               ipv4("10.0.0.3", OUR_IP, 17, udp("10.0.0.3", OUR_IP, 4011, 68, BINL_ACK)))
    # Two fragments of one UDP datagram (offsets 0 and 8 units).
    dgram = udp(SRV_IP, OUR_IP, 69, 1234, bytes(range(40)))
    yield "frag_1", eth(MAC, SERVER_MAC, 0x0800,
                        ipv4(SRV_IP, OUR_IP, 17, dgram[:24], ident=7, frag=0x2000))
    yield "frag_2", eth(MAC, SERVER_MAC, 0x0800,
                        ipv4(SRV_IP, OUR_IP, 17, dgram[24:], ident=7, frag=3))


def records(*frames_):
    """fuzz_net_rx input: each frame preceded by its 2-byte big-endian length."""
    return b"".join(struct.pack("!H", len(f)) + f for f in frames_)


def net_rx_inputs():
    fr = dict(frames())
    for name, f in fr.items():
        if not name.startswith("frag"):
            yield name, records(f)
    yield "fragments", records(fr["frag_1"], fr["frag_2"])
    yield "dhcp_exchange", records(fr["dhcp_offer"], fr["dhcp_ack"], fr["icmp_echo"])
    ack_noboot = eth(BCAST, SERVER_MAC, 0x0800, ipv4(SRV_IP, "255.255.255.255", 17,
                                                     udp(SRV_IP, "255.255.255.255", 67, 68, ACK_NOBOOT)))
    yield "dhcp_proxy_exchange", records(fr["dhcp_offer_noboot"], fr["dhcp_proxy_offer"], ack_noboot,
                                         fr["arp_reply_proxy"], fr["dhcp_binl_ack"])
    yield "fragments_reversed", records(fr["frag_2"], fr["frag_1"])


HTTP = {
    "content_length": b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
    "chunked": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
               b"5\r\nhello\r\n1;x=y\r\n!\r\n0\r\nT: 1\r\n\r\n",
    "continue_eof": b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.0 200 OK\r\n\r\nto the end",
    "redirect": b"HTTP/1.1 302 Found\r\nLocation: /boot/vmlinuz\r\nContent-Length: 0\r\n\r\n",
    "not_found": b"HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\nnot found",
}


def write(dirname, items):
    d = os.path.join(HERE, "corpus", dirname)
    os.makedirs(d, exist_ok=True)
    for name, data in items:
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    write("fuzz_dhcp_packet", DHCP.items())
    write("fuzz_net_rx", net_rx_inputs())
    write("fuzz_http_response", HTTP.items())
