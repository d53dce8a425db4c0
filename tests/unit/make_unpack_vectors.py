#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Test vectors for tests/unit/test_unpack.c: pairs NAME.raw (the original) and NAME.z (the
packed stream, what unpack() takes), from rom/lzpack.py.

  make_unpack_vectors.py --image PACKED.bin TEXT16_LEN BODY_OFFSET OUT_PREFIX
      the body of a real image as the build packed it (PACKED.bin.unpacked is its input)
  make_unpack_vectors.py --edge-cases DIR
      empty, 1 byte, incompressible, long runs, far matches, branch opcodes (E8/E9/0F 8x)
      in and out of range and near the end, and
      overlong-length (a stream that must be refused)
"""
import os
import random
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "rom"))
import lzpack  # noqa: E402


def write(prefix, raw, packed):
    with open(prefix + ".raw", "wb") as f:
        f.write(raw)
    with open(prefix + ".z", "wb") as f:
        f.write(packed)


def image(packed_bin, text16_len, body_offset, prefix):
    """Split the image's header and stream, and check them against the unpacked input."""
    data = open(packed_bin, "rb").read()
    body = open(packed_bin + ".unpacked", "rb").read()[body_offset:]
    packed_len, unpacked_len = struct.unpack_from("<II", data, text16_len)
    packed = data[text16_len + 8:]
    if packed_len != len(packed) or unpacked_len != len(body):
        sys.exit(f"{packed_bin}: header {packed_len}/{unpacked_len} != {len(packed)}/{len(body)}")
    write(prefix, body, packed)


def edge_cases(out_dir):
    rng = random.Random(20261125)
    noise = bytes(rng.getrandbits(8) for _ in range(70000))
    block = bytes(rng.getrandbits(8) for _ in range(300))
    cases = {
        "empty": b"",
        "one-byte": b"\xE8",
        "call-at-end": b"\x90" * 7 + b"\xE8\x01\x02\x03",      # too short to transform
        "call-exact": b"\xE8\x10\x00\x00\x00",
        "calls": b"".join(b"\xE8" + struct.pack("<i", -i) + b"\x90" for i in range(2000)),
        "branches": branches(rng),                              # E8/E9/0F 8x, operands in and out of range
        "incompressible": noise[:8192],
        "zeros": bytes(100000),                                 # lengths beyond 2^16
        "pattern": b"wireboot " * 5000,
        "far-match": block + noise + block,                     # distance > 64 KiB
    }
    for name, raw in cases.items():
        write(os.path.join(out_dir, name), raw, lzpack.pack(raw))
    write(os.path.join(out_dir, "overlong-length"), b"AA", overlong_length())


def branches(rng):
    """Branch opcodes with operands in and out of the transformed range, overlapping and cut
    off at the end, between random bytes."""
    parts = []
    for _ in range(3000):
        op = rng.choice([b"\xE8", b"\xE9", b"\x0F\x85", b"\x0F", b"\x0F\x0F", b"\x90"])
        operand = rng.choice([rng.randrange(-(1 << 24), 1 << 24), rng.getrandbits(32) - (1 << 31)])
        parts.append(op + struct.pack("<i", operand)[:rng.choice([1, 2, 4, 4, 4])])
    return b"".join(parts) + b"\x0F\x84\x00\x00\x00"


def overlong_length():
    """A stream no packer writes: the literal 'A', then a match whose length number has 24
    leading ones (too long: decode_number() gives 0, a length of 1) at distance 1.  It
    decodes to exactly "AA", so only the length check can refuse it."""
    enc = lzpack.RangeEncoder()
    enc.bit(lzpack.P_MATCH, 0)  # state 0: at the start, and after a literal
    for index, bit in lzpack.literal_bits(b"A", 0, None):
        enc.bit(index, bit)
    enc.bit(lzpack.P_MATCH, 1)  # a match, right after a literal
    enc.bit(lzpack.P_REP, 0)  # with a new distance
    for k in range(lzpack.NUM_MAX_BITS):
        enc.bit(lzpack.P_LEN + k, 1)
    enc.bit(lzpack.dist_model(1), 0)  # distance 1 (no bits after the leading 1)
    packed = enc.finish()
    assert lzpack.decompress(packed, 2) is None, "the reference decoder must refuse it too"
    return packed


def main(argv):
    if len(argv) == 6 and argv[1] == "--image":
        image(argv[2], int(argv[3], 0), int(argv[4], 0), argv[5])
    elif len(argv) == 3 and argv[1] == "--edge-cases":
        edge_cases(argv[2])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
