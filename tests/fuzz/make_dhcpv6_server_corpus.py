#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Write the seed corpus of fuzz_dhcpv6_server: client messages of every kind the server
answers (the first byte of each seed is the fuzzer's clock step), built with the helpers of
make_ipv6_corpus.py.

Run from anywhere: python3 tests/fuzz/make_dhcpv6_server_corpus.py
"""
import struct

from make_ipv6_corpus import DUID, IA, RELAY, SOLICIT, dhcpv6, opt, write

# The fuzzer's server identifier: DUID-LL of 02:00:00:00:00:01.
OUR_SID = opt(2, bytes.fromhex("00030001020000000001"))
ORO = opt(6, b"\x00\x17\x00\x3b")
LLT_LAB = opt(1, bytes.fromhex("00010001112233440200000000aa"))  # DUID-LLT of host lab
HTTP = opt(61, b"\x00\x10") + opt(16, struct.pack("!IH", 343, 10) + b"HTTPClient")


def main():
    seeds = {
        "solicit": SOLICIT,
        "solicit_http": dhcpv6(1, 1, DUID + opt(3, struct.pack("!III", 1, 0, 0)) + ORO + HTTP),
        "request": dhcpv6(3, 2, DUID + OUR_SID + IA + ORO + opt(61, b"\x00\x07")),
        "renew": dhcpv6(5, 3, DUID + OUR_SID + IA),
        "rebind": dhcpv6(6, 4, DUID + IA),
        "confirm": dhcpv6(4, 5, DUID + IA),
        "release": dhcpv6(8, 6, DUID + OUR_SID + IA),
        "information_request": dhcpv6(11, 7, DUID + ORO + opt(61, b"\x00\x00")),
        "host_llt": dhcpv6(1, 8, LLT_LAB + opt(3, struct.pack("!III", 9, 0, 0)) + opt(14, b"")),
        "relay_forw": RELAY,
    }
    for name, msg in seeds.items():
        write("fuzz_dhcpv6_server", name, b"\x01" + msg)


if __name__ == "__main__":
    main()
