#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Compress the body of a BIOS image (everything after .text16) so it fits the 64 KiB cap.

  lzpack.py IN.bin TEXT16_LEN OUT

IN.bin is the flat image from objcopy (loaded at 0x7C00).  Its first TEXT16_LEN bytes (the
prefix, the real-mode thunk and the unpacker) stay as they are; the rest - .data16 onwards,
which runs at 0x8000 - is compressed.  OUT is:

  TEXT16 | u32 packed length | u32 unpacked length | packed bytes

Before compression, the x86 "BCJ" transform turns the rel32 operand of every E8 (CALL) byte
into an absolute address (calls to one function then look alike and compress better).  The
format is then a byte-oriented LZ77 (sequences as in LZ4, our own encoder), decoded by
unpack() in rom/unpack.c, which also undoes the transform:
  token: high nibble = literal count, low nibble = match length - 4 (15 = more follows:
         extra bytes added while they are 255)
  literals
  u16 little-endian match offset (1..65535), unless the output is complete after the literals
"""
import os
import struct
import sys

MIN_MATCH = 4
MAX_OFFSET = 0xFFFF
BODY_ADDR = 0x8000
LOAD_ADDR = 0x7C00
HASH_BITS = 16
MAX_CHAIN = 256


def put_len(out, n):
    while n >= 255:
        out.append(255)
        n -= 255
    out.append(n)


def emit(out, lits, match_len, offset):
    ln = len(lits)
    ml = match_len - MIN_MATCH if match_len else 0
    out.append((min(ln, 15) << 4) | min(ml, 15))
    if ln >= 15:
        put_len(out, ln - 15)
    out += lits
    if match_len:
        out += struct.pack("<H", offset)
        if ml >= 15:
            put_len(out, ml - 15)


def compress(data):
    n = len(data)
    head = {}
    prev = [-1] * n

    def key(i):
        return data[i:i + MIN_MATCH]

    def insert(i):
        if i + MIN_MATCH <= n:
            k = key(i)
            prev[i] = head.get(k, -1)
            head[k] = i

    def longest(i):
        best_len, best_off = 0, 0
        if i + MIN_MATCH > n:
            return 0, 0
        j = head.get(key(i), -1)
        chain = 0
        while j >= 0 and i - j <= MAX_OFFSET and chain < MAX_CHAIN:
            l = MIN_MATCH
            while i + l < n and data[j + l] == data[i + l]:
                l += 1
            if l > best_len:
                best_len, best_off = l, i - j
            j = prev[j]
            chain += 1
        return best_len, best_off

    out = bytearray()
    lits = bytearray()
    inserted = 0
    i = 0
    while i < n:
        while inserted < i:  # positions before i are searchable
            insert(inserted)
            inserted += 1
        ml, off = longest(i)
        if ml >= MIN_MATCH and i + 1 < n:
            # Lazy matching: emit a literal when the next position has a longer match.
            insert(i)
            inserted = i + 1
            if longest(i + 1)[0] > ml:
                lits.append(data[i])
                i += 1
                continue
        if ml >= MIN_MATCH:
            emit(out, lits, ml, off)
            lits = bytearray()
            i += ml
        else:
            lits.append(data[i])
            i += 1
    emit(out, lits, 0, 0)
    return bytes(out)


def bcj(data, base, direction):
    """The CALL transform, scanning as rom/unpack.c does (skip the 4 operand bytes):
    direction +1 turns E8 rel32 into E8 abs32, -1 turns it back."""
    d = bytearray(data)
    i = 0
    while i + 5 <= len(d):
        if d[i] == 0xE8:
            v = struct.unpack_from("<I", d, i + 1)[0]
            struct.pack_into("<I", d, i + 1, (v + direction * (base + i + 5)) & 0xFFFFFFFF)
            i += 5
        else:
            i += 1
    return bytes(d)


def decompress(packed, size):
    """Reference decoder, the same algorithm as rom/unpack.c: checks every build."""
    out = bytearray()
    p = 0

    def length(n, nibble):
        """n, continued in extra bytes while they are 255 when the nibble is 15."""
        nonlocal p
        while nibble == 15:
            nibble = packed[p]
            p += 1
            n += nibble
            nibble = 15 if nibble == 255 else 0
        return n

    while True:
        t = packed[p]
        p += 1
        ln = length(t >> 4, t >> 4)
        out += packed[p:p + ln]
        p += ln
        if len(out) >= size:
            return bytes(out)
        off = packed[p] | packed[p + 1] << 8
        p += 2
        ml = length((t & 15) + MIN_MATCH, t & 15)
        for _ in range(ml):
            out.append(out[-off])


def main(argv):
    if len(argv) != 4:
        sys.exit(__doc__)
    data = open(argv[1], "rb").read()
    text16_len = int(argv[2], 0)
    body_start = BODY_ADDR - LOAD_ADDR
    if text16_len > body_start:
        sys.exit(f"lzpack: .text16 is {text16_len} bytes, more than fit below {BODY_ADDR:#x}")
    body = data[body_start:]
    packed = compress(bcj(body, BODY_ADDR, +1))
    if bcj(decompress(packed, len(body)), BODY_ADDR, -1) != body:
        sys.exit("lzpack: internal error: the packed body does not unpack to the original")
    # Replace OUT atomically: a test may be serving the previous one.
    tmp = argv[3] + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data[:text16_len])
        f.write(struct.pack("<II", len(packed), len(body)))
        f.write(packed)
    os.replace(tmp, argv[3])
    print(f"  LZPACK  {argv[3]}: body {len(body)} -> {len(packed)} bytes "
          f"({100 * len(packed) // max(len(body), 1)}%)")


if __name__ == "__main__":
    main(sys.argv)
