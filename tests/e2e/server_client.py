#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Test clients for wireboot-server, run inside a client namespace by tests/e2e/test_server.py.
Each prints one result line; the exit status is non-zero only when the tool itself failed.

  tftp HOST NAME [--blksize N] [--windowsize N] [--mode M] [--wrq]
       [--truncate-at-block K --truncate-path P]
        -> "sha256 HEX bytes N oack k=v,... wrapped W complete" or "ERROR code message"
  flood HOST NAME COUNT     -> "sent N errors E data D" (COUNT requests, 500 source ports)
  dhcp [--pxe] [--arch N] [--relay GIADDR] [--binl SERVER] [--expect-none]
  garbage HOST COUNT [--port 69] -> malformed datagrams to HOST:67 (DHCP), or read
                            requests without their terminating NULs to HOST:69 (TFTP)
"""
import argparse
import hashlib
import os
import random
import select
import socket
import struct
import sys
import time


# ---- TFTP ---------------------------------------------------------------------------------

def rrq(name, mode="octet", opts=(), opcode=1):
    pkt = struct.pack("!H", opcode) + name.encode("latin-1") + b"\0" + mode.encode() + b"\0"
    for k, v in opts:
        pkt += k.encode() + b"\0" + str(v).encode() + b"\0"
    return pkt


def parse_oack(data):
    fields = data[2:].split(b"\0")
    return {fields[i].decode(): fields[i + 1].decode() for i in range(0, len(fields) - 1, 2)}


def tftp_get(a):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(2.0)
    opts = []
    if a.blksize:
        opts.append(("blksize", a.blksize))
    if a.windowsize:
        opts.append(("windowsize", a.windowsize))
    if opts:
        opts.append(("tsize", 0))
    req = rrq(a.name, a.mode, opts, 2 if a.wrq else 1)
    s.sendto(req, (a.host, 69))
    blksize, window = 512, 1
    peer = None
    got = bytearray()
    expect = 1           # next block number (16-bit)
    in_window = 0
    wrapped = 0
    oack = {}
    tries = 0
    last_ack = None
    while True:
        try:
            data, addr = s.recvfrom(70000)
        except socket.timeout:
            tries += 1
            if tries > 8:
                print("TIMEOUT")
                return 1
            if peer is None:
                s.sendto(req, (a.host, 69))
            elif last_ack is not None:
                s.sendto(last_ack, peer)
            continue
        if peer is None:
            peer = addr
        elif addr != peer:
            continue
        op = struct.unpack("!H", data[:2])[0]
        if op == 5:
            code = struct.unpack("!H", data[2:4])[0]
            msg = data[4:].rstrip(b"\0").decode(errors="replace")
            print(f"ERROR {code} {msg}")
            return 0
        if op == 6:
            oack = parse_oack(data)
            blksize = int(oack.get("blksize", 512))
            window = int(oack.get("windowsize", 1))
            last_ack = struct.pack("!HH", 4, 0)
            s.sendto(last_ack, peer)
            continue
        if op != 3:
            continue
        block = struct.unpack("!H", data[2:4])[0]
        if block != expect:
            if last_ack is not None:
                s.sendto(last_ack, peer)   # out of order: ack the last block in order
            in_window = 0
            continue
        tries = 0
        got += data[4:]
        if expect == 0xFFFF:
            wrapped += 1
        expect = (expect + 1) & 0xFFFF
        in_window += 1
        last = len(data) - 4 < blksize
        if a.truncate_at_block and len(got) // blksize == a.truncate_at_block:
            os.truncate(a.truncate_path, 600)
        if in_window >= window or last:
            last_ack = struct.pack("!HH", 4, block)
            s.sendto(last_ack, peer)
            in_window = 0
        if last:
            break
    oack_s = ",".join(f"{k}={v}" for k, v in sorted(oack.items())) or "-"
    print(f"sha256 {hashlib.sha256(got).hexdigest()} bytes {len(got)} oack {oack_s} "
          f"wrapped {wrapped} complete")
    return 0


def flood(a):
    socks = [socket.socket(socket.AF_INET, socket.SOCK_DGRAM) for _ in range(500)]
    for s in socks:
        s.setblocking(False)
        s.bind(("", 0))
    counts = {"errors": 0, "data": 0}
    req = rrq(a.name)

    def drain(timeout):
        end = time.monotonic() + timeout
        while True:
            left = end - time.monotonic()
            r, _, _ = select.select(socks, [], [], max(left, 0))
            if not r:
                return
            for s in r:
                try:
                    while True:
                        data = s.recv(70000)
                        op = struct.unpack("!H", data[:2])[0]
                        counts["errors" if op == 5 else "data"] += 1
                except (BlockingIOError, ConnectionRefusedError):
                    pass

    for i in range(a.count):
        socks[i % len(socks)].sendto(req, (a.host, 69))
        if i % 50 == 49:
            drain(0.002)
    drain(1.5)
    print(f"sent {a.count} errors {counts['errors']} data {counts['data']}")
    return 0


# ---- DHCP ---------------------------------------------------------------------------------

def dhcp_packet(mac, msg_type, a, ciaddr="0.0.0.0", giaddr="0.0.0.0", hops=0):
    xid = random.getrandbits(32)
    hdr = struct.pack("!BBBBIHH4s4s4s4s16s64s128s", 1, 1, 6, hops, xid, 0, 0x8000,
                      socket.inet_aton(ciaddr), bytes(4), bytes(4), socket.inet_aton(giaddr),
                      mac + bytes(10), bytes(64), bytes(128))
    opts = bytes([53, 1, msg_type]) + bytes([55, 6, 1, 3, 6, 43, 60, 67])
    if a.pxe:
        vc = f"PXEClient:Arch:{a.arch:05d}:UNDI:002001".encode()
        opts += bytes([60, len(vc)]) + vc
        opts += bytes([93, 2]) + struct.pack("!H", a.arch)
        opts += bytes([97, 17, 0]) + bytes(range(16))
    return xid, hdr + b"\x63\x82\x53\x63" + opts + b"\xff"


def dhcp_options(data):
    opts, i = {}, 240
    while i < len(data) and data[i] != 255:
        if data[i] == 0:
            i += 1
            continue
        code, n = data[i], data[i + 1]
        opts[code] = opts.get(code, b"") + data[i + 2:i + 2 + n]
        i += 2 + n
    return opts


def describe(data):
    yiaddr = socket.inet_ntoa(data[16:20])
    siaddr = socket.inet_ntoa(data[20:24])
    file = data[108:236].rstrip(b"\0").decode()
    o = dhcp_options(data)
    types = {2: "OFFER", 5: "ACK", 6: "NAK"}
    t = types.get(o.get(53, b"\0")[0], "?")
    s = f"{t} yiaddr {yiaddr} file {file or '-'} siaddr {siaddr}"
    if 60 in o:
        s += f" opt60 {o[60].decode()} opt43 {o.get(43, b'').hex()}"
    return t, s


def receive(sock, xid, timeout=3.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        sock.settimeout(max(end - time.monotonic(), 0.01))
        try:
            data, addr = sock.recvfrom(4096)
        except socket.timeout:
            break
        if len(data) >= 240 and data[0] == 2 and struct.unpack("!I", data[4:8])[0] == xid:
            return data, addr
    return None, None


def dhcp(a):
    mac = bytes([2, 0x77, random.getrandbits(8), random.getrandbits(8), random.getrandbits(8), 1])
    if a.relay:
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind(("", 67))
        xid, pkt = dhcp_packet(mac, 1, a, giaddr=a.relay, hops=1)
        s.sendto(pkt, (a.server, 67))
        data, addr = receive(s, xid)
        if data is None:
            print("no reply")
            return 0
        _, d = describe(data)
        print(f"{d.split()[0]} to-port 67 giaddr {socket.inet_ntoa(data[24:28])} "
              + " ".join(d.split()[1:]))
        return 0
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, b"eth0")
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("", 68))
    xid, pkt = dhcp_packet(mac, 1, a)
    s.sendto(pkt, ("255.255.255.255", 67))
    data, _ = receive(s, xid, 2.0 if a.expect_none else 3.0)
    if data is None:
        print("no reply")
        return 0
    print(describe(data)[1])
    if a.binl:
        ip = [l for l in os.popen("ip -4 -o addr show eth0").read().split() if "/" in l][0]
        xid, pkt = dhcp_packet(mac, 3, a, ciaddr=ip.split("/")[0])
        s.sendto(pkt, (a.binl, 4011))
        data, addr = receive(s, xid)
        print("BINL no reply" if data is None else f"BINL {describe(data)[1]} from-port {addr[1]}")
    return 0


def garbage(a):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("", 68))
    rnd = random.Random(7)
    _, valid = dhcp_packet(bytes([2, 0, 0, 0, 0, 9]), 1, argparse.Namespace(pxe=True, arch=0))
    for i in range(a.count):
        kind = i % 4
        if a.port == 69:
            pkt = b"\0\1" + bytes(rnd.randrange(1, 256) for _ in range(rnd.randrange(1, 64)))
        elif kind == 0:
            pkt = rnd.randbytes(rnd.randrange(0, 1500))
        elif kind == 1:
            pkt = valid[:rnd.randrange(0, len(valid))]
        elif kind == 2:  # an option whose length runs past the end
            pkt = valid[:240] + bytes([53, 1, 1, 60, 200]) + b"PXE"
        else:            # valid header, hlen 200, random option soup
            pkt = bytearray(valid[:240] + rnd.randbytes(200))
            pkt[2] = 200
            pkt = bytes(pkt)
        s.sendto(pkt, (a.host, a.port))
    print(f"sent {a.count}")
    return 0


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("tftp")
    t.add_argument("host")
    t.add_argument("name")
    t.add_argument("--blksize", type=int)
    t.add_argument("--windowsize", type=int)
    t.add_argument("--mode", default="octet")
    t.add_argument("--wrq", action="store_true")
    t.add_argument("--truncate-at-block", type=int)
    t.add_argument("--truncate-path")
    f = sub.add_parser("flood")
    f.add_argument("host")
    f.add_argument("name")
    f.add_argument("count", type=int)
    d = sub.add_parser("dhcp")
    d.add_argument("--pxe", action="store_true")
    d.add_argument("--arch", type=int, default=0)
    d.add_argument("--relay")
    d.add_argument("--binl")
    d.add_argument("--server", default="10.77.0.1")
    d.add_argument("--expect-none", action="store_true")
    g = sub.add_parser("garbage")
    g.add_argument("host")
    g.add_argument("count", type=int)
    g.add_argument("--port", type=int, default=67)
    a = p.parse_args()
    return {"tftp": tftp_get, "flood": flood, "dhcp": dhcp, "garbage": garbage}[a.cmd](a)


if __name__ == "__main__":
    sys.exit(main())
