#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Write the seed corpora of fuzz_tftp_client and fuzz_tcp (record formats: see
tests/fuzz/fuzz_peer.h and the comments at the top of each target).

Run from anywhere: python3 tests/fuzz/make_client_corpus.py
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
TID, STRANGER, PORT69 = 0, 2, 3  # source port selectors of fuzz_tftp_client


def rec(payload):
    return struct.pack("!H", len(payload)) + payload


def oack(**opts):
    return struct.pack("!H", 6) + b"".join(k.encode() + b"\0" + str(v).encode() + b"\0"
                                           for k, v in opts.items())


def data(block, payload):
    return struct.pack("!HH", 3, block & 0xFFFF) + payload


def error(code, msg):
    return struct.pack("!HH", 5, code) + msg.encode() + b"\0"


def tftp_seed(blksize, window, no_options, packets):
    out = struct.pack("!HBB", blksize, window, 1 if no_options else 0)
    return out + b"".join(rec(bytes([sel]) + p) for sel, p in packets)


def tcp_seg(flags, seq, ack, window=65535, options=b"", payload=b""):
    return rec(struct.pack("!BiiHB", flags, seq, ack, window, len(options)) + options + payload)


def write(target, name, blob):
    d = os.path.join(HERE, "corpus", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(blob)


def body(n, seed):
    return bytes((i * 7 + seed) & 0xFF for i in range(n))


def main():
    f = body(1500, 1)
    write("fuzz_tftp_client", "oack_window", tftp_seed(512, 4, False, [
        (TID, oack(blksize=512, tsize=1500, windowsize=4)),
        (TID, data(1, f[:512])), (TID, data(2, f[512:1024])), (TID, data(3, f[1024:]))]))
    write("fuzz_tftp_client", "plain", tftp_seed(0, 0, True, [
        (TID, data(1, f[:512])), (TID, data(2, f[512:612]))]))
    write("fuzz_tftp_client", "not_found", tftp_seed(0, 0, False, [
        (PORT69, error(1, "File not found"))]))
    write("fuzz_tftp_client", "option_refused", tftp_seed(1468, 16, False, [
        (PORT69, error(8, "no options")), (TID, data(1, f[:100]))]))
    write("fuzz_tftp_client", "stranger_and_gap", tftp_seed(512, 4, False, [
        (TID, oack(blksize=512, tsize=1500)), (STRANGER, data(1, f[:512])),
        (TID, data(2, f[512:1024])), (TID, data(1, f[:512])), (TID, data(1, f[:512])),
        (TID, data(2, f[512:1024])), (TID, data(3, f[1024:]))]))
    write("fuzz_tftp_client", "tsize_lie", tftp_seed(512, 1, False, [
        (TID, oack(blksize=512, tsize=600)), (TID, data(1, f[:512])), (TID, data(2, f[:512]))]))

    # TCP: SYN-ACK (MSS 1460, window scale 7), the ACK of the 41-byte request, a response
    # in two segments, FIN.  seq is relative to what the client expects (raw ISN in the
    # SYN-ACK); ack relative to the client's oldest unacknowledged byte.
    syn_opts = bytes([2, 4, 0x05, 0xB4, 1, 3, 3, 7])
    head = b"HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\n"
    synack = tcp_seg(0x12, 1000, 1, 65535, syn_opts)
    write("fuzz_tcp", "response_fin", synack + tcp_seg(0x10, 0, 41, 512) +
          tcp_seg(0x18, 0, 0, 512, payload=head) + tcp_seg(0x18, 0, 0, 512, payload=body(20, 3)) +
          tcp_seg(0x11, 0, 0, 512))
    write("fuzz_tcp", "out_of_order", synack + tcp_seg(0x10, 0, 41, 512) +
          tcp_seg(0x18, len(head), 0, 512, payload=body(20, 3)) +
          tcp_seg(0x18, 0, 0, 512, payload=head) + tcp_seg(0x18, 0, 0, 512, payload=head) +
          tcp_seg(0x11, 20, 0, 512))
    write("fuzz_tcp", "reset", synack + tcp_seg(0x04, 0, 0))
    write("fuzz_tcp", "refused", tcp_seg(0x14, 0, 1))
    write("fuzz_tcp", "no_options_dup_acks", tcp_seg(0x12, 77, 1, 8192) +
          tcp_seg(0x10, 0, 0, 8192) + tcp_seg(0x10, 0, 0, 8192) + tcp_seg(0x10, 0, 0, 8192) +
          tcp_seg(0x10, 0, 41, 0) + tcp_seg(0x19, 0, 0, 8192, payload=b"x"))


if __name__ == "__main__":
    main()
