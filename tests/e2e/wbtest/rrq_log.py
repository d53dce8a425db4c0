#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Log every TFTP read request that reaches one interface, with the time it arrived, for
timings that start at a boot program's request (scripts/bench: a lock-step server's log has
no such times).  The time is time.monotonic() (CLOCK_MONOTONIC, the same clock in every
process of the machine), so the caller compares it with its own.

  rrq_log.py IFACE      (inside the namespace; prints `RRQ READY`, then
                         `RRQ <monotonic seconds> <client address> <file name>` per request)
"""
import socket
import struct
import sys
import time

ETH_P_IP = 0x0800


def main(argv):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM, socket.htons(ETH_P_IP))
    s.bind((argv[0], ETH_P_IP))
    print("RRQ READY", flush=True)
    while True:
        pkt = s.recv(2048)
        now = time.monotonic()
        if len(pkt) < 20 or pkt[9] != 17 or struct.unpack("!H", pkt[6:8])[0] & 0x1fff:
            continue  # not UDP, or a later fragment
        ihl = (pkt[0] & 15) * 4
        udp = pkt[ihl:]
        if len(udp) < 12 or struct.unpack("!H", udp[2:4])[0] != 69 or udp[8:10] != b"\0\1":
            continue
        name = udp[10:].split(b"\0", 1)[0].decode("ascii", "replace")
        print(f"RRQ {now:.6f} {socket.inet_ntoa(pkt[12:16])} {name}", flush=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
