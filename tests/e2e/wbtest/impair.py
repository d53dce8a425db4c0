#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""A user-space impairing link: forwards Ethernet frames between two interfaces, dropping,
duplicating, delaying and reordering them as told.  The e2e harness uses it instead of
`tc qdisc netem`, which this machine's kernel does not have (sch_netem is not built; `tc`
answers "Specified qdisc kind is unknown").

  impair.py --a-packet IFACE | --a-tap NAME   the endpoint side (a VM's tap, or a tap this
                                             process creates and the harness moves into a
                                             client's namespace)
            --b-tap NAME                     a tap this process creates; the harness puts it
                                             on the bridge
            --params FILE                    JSON {"up": {...}, "down": {...}}; up = a->b
                                             (client to server), down = b->a.  Keys: loss,
                                             duplicate, reorder (probabilities 0..1),
                                             delay_ms, jitter_ms.  Re-read on SIGHUP.
            --seed N                         random seed (runs are repeatable)

Prints `IMPAIR READY` once both sides are open, and per-direction counters on SIGTERM.
A VM's tap must be opened by QEMU with vnet_hdr=off so no frame exceeds the MTU.
"""
import argparse
import fcntl
import heapq
import json
import os
import random
import select
import signal
import socket
import struct
import sys
import time

TUNSETIFF = 0x400454CA
IFF_TAP = 0x0002
IFF_NO_PI = 0x1000
ETH_P_ALL = 0x0003
PACKET_OUTGOING = 4
KEYS = ("loss", "duplicate", "reorder", "delay_ms", "jitter_ms")


def open_tap(name):
    """Create (or attach to) tap `name`; return its fd (frames without packet info)."""
    fd = os.open("/dev/net/tun", os.O_RDWR | os.O_NONBLOCK)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH22x", name.encode(), IFF_TAP | IFF_NO_PI))
    return fd


class TapEnd:
    def __init__(self, name):
        self.fd = open_tap(name)

    def fileno(self):
        return self.fd

    def recv(self):
        try:
            return os.read(self.fd, 65536)
        except BlockingIOError:
            return None

    def send(self, frame):
        try:
            os.write(self.fd, frame)
        except OSError:
            pass  # the interface is down or gone: a lost frame, as on a wire


class PacketEnd:
    """An existing interface seen through an AF_PACKET socket (a VM's tap)."""

    def __init__(self, ifname):
        self.sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
        self.sock.bind((ifname, ETH_P_ALL))
        self.sock.setblocking(False)

    def fileno(self):
        return self.sock.fileno()

    def recv(self):
        try:
            frame, addr = self.sock.recvfrom(65536)
        except BlockingIOError:
            return None
        return None if addr[2] == PACKET_OUTGOING else frame

    def send(self, frame):
        try:
            self.sock.send(frame)
        except OSError:
            pass


class Direction:
    def __init__(self, name):
        self.name = name
        self.params = dict.fromkeys(KEYS, 0)
        self.counts = {"in": 0, "out": 0, "dropped": 0, "duplicated": 0, "reordered": 0}


def load_params(path, dirs):
    with open(path) as f:
        data = json.load(f)
    for d in dirs.values():
        p = data.get(d.name, {})
        d.params = {k: float(p.get(k, 0)) for k in KEYS}


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    side_a = ap.add_mutually_exclusive_group(required=True)
    side_a.add_argument("--a-packet")
    side_a.add_argument("--a-tap")
    ap.add_argument("--b-tap", required=True)
    ap.add_argument("--params", required=True)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args(argv)

    rng = random.Random(a.seed)
    end_a = PacketEnd(a.a_packet) if a.a_packet else TapEnd(a.a_tap)
    end_b = TapEnd(a.b_tap)
    dirs = {"up": Direction("up"), "down": Direction("down")}
    load_params(a.params, dirs)
    reload = [False]
    stop = [False]
    signal.signal(signal.SIGHUP, lambda *_: reload.__setitem__(0, True))
    signal.signal(signal.SIGTERM, lambda *_: stop.__setitem__(0, True))
    signal.signal(signal.SIGINT, lambda *_: stop.__setitem__(0, True))
    print("IMPAIR READY", flush=True)

    queue = []  # (due time, sequence, output end, frame)
    seq = 0
    routes = {end_a.fileno(): (end_a, end_b, dirs["up"]), end_b.fileno(): (end_b, end_a, dirs["down"])}
    while not stop[0]:
        if reload[0]:
            reload[0] = False
            load_params(a.params, dirs)
            print("IMPAIR reloaded " + json.dumps({d.name: d.params for d in dirs.values()}),
                  flush=True)
        now = time.monotonic()
        while queue and queue[0][0] <= now:
            _, _, out, frame = heapq.heappop(queue)
            out.send(frame)
        timeout = max(0.0, queue[0][0] - now) if queue else 0.5
        try:
            ready, _, _ = select.select(list(routes), [], [], timeout)
        except InterruptedError:
            continue
        for fd in ready:
            src, dst, d = routes[fd]
            for _ in range(64):  # drain a burst, but let the other side have its turn
                frame = src.recv()
                if frame is None:
                    break
                d.counts["in"] += 1
                p = d.params
                if rng.random() < p["loss"]:
                    d.counts["dropped"] += 1
                    continue
                copies = 2 if rng.random() < p["duplicate"] else 1
                d.counts["duplicated"] += copies - 1
                for _ in range(copies):
                    delay = p["delay_ms"] + rng.uniform(-p["jitter_ms"], p["jitter_ms"])
                    if rng.random() < p["reorder"]:
                        delay += 5 + p["delay_ms"] + p["jitter_ms"]
                        d.counts["reordered"] += 1
                    d.counts["out"] += 1
                    if delay <= 0 and not queue:
                        dst.send(frame)
                    else:
                        seq += 1
                        heapq.heappush(queue, (time.monotonic() + max(delay, 0) / 1000, seq, dst, frame))
    print("IMPAIR counts " + json.dumps({d.name: d.counts for d in dirs.values()}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
