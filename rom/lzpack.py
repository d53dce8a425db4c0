#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Compress the body of a BIOS image (everything after .text16) so it fits the 64 KiB cap.

  lzpack.py IN.bin TEXT16_LEN BODY_OFFSET OUT   pack a flat image (the build)
  lzpack.py --raw IN OUT                        pack a whole file (tests: the bare stream)

IN.bin is the flat image from objcopy (loaded at 0x7C00).  Its first TEXT16_LEN bytes (the
prefix, the real-mode thunk and the unpacker) stay as they are; the body from BODY_OFFSET on
(.data16 onwards, page-aligned) is compressed.  OUT is:

  TEXT16 | u32 packed length | u32 unpacked length | packed bytes

Before compression, the x86 "BCJ" transform rewrites branch targets: after E8 (CALL), E9
(JMP) or 0F 80-8F (Jcc), a rel32 operand in [-2^24, 2^24) (top byte 00 or FF: a plausible
branch) becomes the target's offset from the start of the body, as a 25-bit number
sign-extended (so its top byte is again 00 or FF); the scan goes on after every branch operand,
rewritten or not, so no operand overlaps one rewritten later and both directions see the same
branches (bcj()).  Calls and jumps to one place then look alike and compress better;
unpack() in rom/unpack.c decodes the packed bytes and undoes the transform.

The packed format is our own: a sequence of LZ77 items (literal bytes and matches of earlier
output), every decision coded as one bit by an adaptive binary range coder.
  Range coder: 32-bit range and code; a probability p is a 12-bit P(bit = 0); a bit splits the
    range at bound = (range >> 12) * p (0 below, 1 above) and p moves 1/32 of the way towards
    the bit.  Before each bit, while range < 2^24, range and code shift left by 8 and the next
    input byte enters code.  The decoder starts with range = 1, code = 0 (so it reads 3 bytes
    first); the stream has exactly as many bytes as the decoder reads.
  State: the kinds of the last two items (literal 0, match with a new distance 1, match at
    the last distance again 2), 2 bits each, the last in the low bits; 0 at the start.
  Items, until the output is complete:
    bit MATCH[state]: 0 = literal, 1 = match
    literal: 8 bits, most significant first, down a binary tree of probabilities chosen by
      the top 3 bits of the previous output byte (0 at the start); 0x300 per context: the
      plain tree at 0, and right after a match, while the bits so far agree with those of
      the byte at the last distance (the "match byte"), the tree at 0x100 (its next bit is 0)
      or 0x200 (it is 1); from the first disagreement on, the plain tree
    match: right after a literal, bit REP[state]: 1 = the last distance again; then the
      length - 1 as a number (model REP_LEN after REP, else LEN), then, unless REP, the
      distance as a number (model DIST[length > 2]); distance 1 = the previous byte.
  A number n >= 1 with k bits after its leading 1: k as unary (k ones, then a zero; the i-th
    bit with its own probability; k < 24), then those k bits, most significant first, each
    with a probability of its own per (k, bit position).
The probabilities' layout (all start at 1/2) is in rom/unpack.h; the P_* constants below mirror it.

The encoder parses optimally (shortest path over every literal and match choice, priced
with the probabilities the previous pass ended up with), starting from a lazy parse.
"""
import os
import struct
import sys

BODY_ADDR_MIN = 0x8000
LOAD_ADDR = 0x7C00

# rom/unpack.h
PROB_BITS = 12
ADAPT_SHIFT = 5
LIT_CTX_BITS = 3
NUM_MAX_BITS = 24
NUM_PROBS = NUM_MAX_BITS + NUM_MAX_BITS * 32
STATES = 16          # the kinds of the last two items, 2 bits each
KIND_LIT, KIND_MATCH, KIND_REP = 0, 1, 2
P_MATCH = 0
P_REP = P_MATCH + STATES
P_LEN = P_REP + STATES
P_REP_LEN = P_LEN + NUM_PROBS
P_DIST = P_REP_LEN + NUM_PROBS
P_LIT = P_DIST + 2 * NUM_PROBS
LIT_PROBS = 0x300    # per context: the plain tree, then the trees for a match bit 0 / 1
P_TOTAL = P_LIT + (LIT_PROBS << LIT_CTX_BITS)

MIN_MATCH = 2
HASH_CHAIN = 1024       # candidates per position
NICE_LEN = 128        # a match this long is taken without looking further
PASSES = 2            # optimal-parse passes after the lazy one
PRICE_FRAC = 8        # prices in 1/256 bit


def lit_ctx(data, i):
    """Literal context (rom/unpack.c): probability base for the byte at i."""
    prev = data[i - 1] if i else 0
    return P_LIT + (prev >> (8 - LIT_CTX_BITS)) * LIT_PROBS


def next_state(state, kind):
    """The state after an item of this kind."""
    return (state << 2 | kind) & (STATES - 1)


def literal_bits(data, i, match_byte):
    """The (probability index, bit) pairs of the byte at i; match_byte: the byte at the last
    distance, when the last item was a match (else None).  While the byte's bits agree with
    match_byte's, each bit has a probability per match bit value; from the first
    disagreement on (and without a match_byte), those of the plain tree."""
    base, node, byte = lit_ctx(data, i), 1, data[i]
    offs, mb = (0x100, match_byte) if match_byte is not None else (0, 0)
    bits = []
    for k in range(7, -1, -1):
        b, m = (byte >> k) & 1, ((mb >> k) & 1) * offs
        bits.append((base + offs + m + node, b))
        node = node * 2 + b
        if (m != 0) != b:
            offs = 0
    return bits


def dist_model(length):
    """The distance model of a match: one for length 2, one for longer matches."""
    return P_DIST + (NUM_PROBS if length > 2 else 0)


def number_bits(base, n):
    """The (probability index, bit) pairs that code the number n >= 1 with model base."""
    k = n.bit_length() - 1
    assert 1 <= n and k < NUM_MAX_BITS
    bits = [(base + i, 1) for i in range(k)] + [(base + k, 0)]
    row = base + NUM_MAX_BITS + k * 32
    bits += [(row + i, (n >> i) & 1) for i in range(k - 1, -1, -1)]
    return bits


def item_bits(data, pos, item, state, rep):
    """The (probability index, bit) pairs of one item at pos: ('L',) or ('M', length, dist),
    and its kind."""
    after_match = state & 3
    if item[0] == "L":
        return [(P_MATCH + state, 0)] + literal_bits(data, pos, data[pos - rep] if after_match else None), KIND_LIT
    _, length, dist = item
    bits = [(P_MATCH + state, 1)]
    is_rep = not after_match and dist == rep
    if not after_match:
        bits.append((P_REP + state, int(is_rep)))
    if is_rep:
        return bits + number_bits(P_REP_LEN, length - 1), KIND_REP
    return bits + number_bits(P_LEN, length - 1) + number_bits(dist_model(length), dist), KIND_MATCH


class RangeEncoder:
    """The encoder side of rom/unpack.c's decode_bit()."""

    def __init__(self):
        # The decoder's first 3 reads leave range = 2^24 below a virtual 0 byte: start there.
        self.low, self.range = 0, 1 << 24
        self.cache, self.pending = None, 0  # last byte not yet final; 0xFF bytes after it
        self.out = bytearray()
        self.probs = [1 << (PROB_BITS - 1)] * P_TOTAL

    def _shift(self):
        if self.low < 0xFF000000 or self.low >= 1 << 32:
            carry = self.low >> 32
            if self.cache is not None:
                self.out.append((self.cache + carry) & 0xFF)
            self.out += bytes([(0xFF + carry) & 0xFF]) * self.pending
            self.pending = 0
            self.cache = (self.low >> 24) & 0xFF
        else:
            self.pending += 1
        self.low = (self.low << 8) & 0xFFFFFFFF

    def bit(self, index, bit):
        while self.range < 1 << 24:
            self.range <<= 8
            self._shift()
        p = self.probs[index]
        bound = (self.range >> PROB_BITS) * p
        if bit:
            self.low += bound
            self.range -= bound
            self.probs[index] = p - (p >> ADAPT_SHIFT)
        else:
            self.range = bound
            self.probs[index] = p + (((1 << PROB_BITS) - p) >> ADAPT_SHIFT)

    def finish(self):
        for _ in range(5):
            self._shift()
        assert self.out[0] == 0, "the virtual first byte"
        return bytes(self.out[1:])


def encode(data, items):
    """The packed stream of a parse; also the count of each bit per probability."""
    enc = RangeEncoder()
    counts = [[0, 0] for _ in range(P_TOTAL)]
    pos, state, rep = 0, 0, 0
    for item in items:
        bits, kind = item_bits(data, pos, item, state, rep)
        for index, bit in bits:
            enc.bit(index, bit)
            counts[index][bit] += 1
        state = next_state(state, kind)
        if item[0] == "L":
            pos += 1
        else:
            pos, rep = pos + item[1], item[2]
    assert pos == len(data)
    return enc.finish(), counts


def ilog2(x):
    """log2(x) in 1/2^PRICE_FRAC units, integers only (the same parse on every host)."""
    n = x.bit_length() - 1
    r, y = n, (x << 32) >> n  # y in [1, 2) as a 32-bit fraction
    for _ in range(PRICE_FRAC):
        y = (y * y) >> 32
        r <<= 1
        if y >= 2 << 32:
            y >>= 1
            r |= 1
    return r


def price_table(counts):
    """Cost in 1/256 bit of each bit value per probability, from how often it occurred."""
    return [(ilog2(2 * (c0 + c1) + 2) - ilog2(2 * c0 + 1), ilog2(2 * (c0 + c1) + 2) - ilog2(2 * c1 + 1))
            for c0, c1 in counts]


class MatchFinder:
    """Hash chains over 3-byte prefixes, plus the nearest earlier 2-byte pair.  Positions are
    visited in order, each either searched (find) or only made searchable (skip)."""

    def __init__(self, data):
        self.data, self.head, self.head2 = data, {}, {}
        self.prev = [-1] * len(data)
        self.next = 0

    def _insert(self, i):
        data, n = self.data, len(self.data)
        if i + 3 <= n:
            key = data[i:i + 3]
            self.prev[i] = self.head.get(key, -1)
            self.head[key] = i
        if i + 2 <= n:
            self.head2[data[i:i + 2]] = i
        self.next = i + 1

    def skip(self, end):
        """Make the positions up to end (exclusive) searchable without searching them."""
        for i in range(self.next, end):
            self._insert(i)

    def find(self, i):
        """Matches at i as (length, distance), longer ones later, each the closest of its
        length; a match of NICE_LEN or more is the last."""
        assert i == self.next
        data, n = self.data, len(self.data)
        found = []
        j = self.head2.get(data[i:i + 2], -1) if i + 2 <= n else -1
        if j >= 0 and i - j < 256:
            found.append((2, i - j))
        best = 2
        j, chain = self.head.get(data[i:i + 3], -1) if i + 3 <= n else -1, 0
        while j >= 0 and chain < HASH_CHAIN:
            if i + best < n and data[j + best] == data[i + best]:
                length = 3
                while i + length < n and data[j + length] == data[i + length]:
                    length += 1
                if length > best:
                    found.append((length, i - j))
                    best = length
                    if length >= NICE_LEN:
                        break
            j, chain = self.prev[j], chain + 1
        self._insert(i)
        return found


def rep_length(data, i, dist, limit):
    """How many bytes from i repeat those dist earlier, at most limit."""
    n = 0
    end = min(len(data), i + limit)
    while i + n < end and data[i + n] == data[i + n - dist]:
        n += 1
    return n


def lazy_parse(data):
    """A first parse to price the optimal one: the longest match, unless the next position
    has a longer one."""
    finder = MatchFinder(data)
    searched = {}

    def matches_at(i):
        if i not in searched:
            finder.skip(i)
            searched.clear()
            searched[i] = finder.find(i)
        return searched[i]

    items, i, rep, after_match = [], 0, 0, 0
    while i < len(data):
        found = matches_at(i)
        length, dist = found[-1] if found else (0, 0)
        rl = rep_length(data, i, rep, len(data)) if rep and not after_match else 0
        if rl >= MIN_MATCH and rl + 1 >= length:
            length, dist = rl, rep
        elif length < NICE_LEN and i + 1 < len(data):
            ahead = matches_at(i + 1)
            if ahead and ahead[-1][0] > length + 1:
                length = 0
        if length >= 3 or (length == MIN_MATCH and dist == rep):
            items.append(("M", length, dist))
            i, rep, after_match = i + length, dist, 1
        else:
            items.append(("L",))
            i, after_match = i + 1, 0
    return items


def optimal_parse(data, prices):
    """The cheapest parse under fixed prices: a shortest path over positions x {after a
    literal, after a match}, each node remembering the distance and the state its best path
    ends with.  A match of NICE_LEN or more is taken as it is (the positions it covers are
    skipped)."""
    n = len(data)
    inf = float("inf")
    cost = [[inf, inf] for _ in range(n + 1)]
    back = [[None, None] for _ in range(n + 1)]  # (previous node, length, distance)
    reps = [[0, 0] for _ in range(n + 1)]
    states = [[0, 0] for _ in range(n + 1)]
    cost[0][0] = 0
    num_cache = {}

    def num_price(base, x):
        v = num_cache.get((base, x))
        if v is None:
            v = num_cache[(base, x)] = sum(prices[i][b] for i, b in number_bits(base, x))
        return v

    lit_cache = {}

    def lit_price(i, match_byte):
        key = (lit_ctx(data, i), data[i], match_byte)
        v = lit_cache.get(key)
        if v is None:
            v = lit_cache[key] = sum(prices[j][b] for j, b in literal_bits(data, i, match_byte))
        return v

    def relax(i, node, c, length, dist, kind):
        if c < cost[i + length][1]:
            cost[i + length][1], back[i + length][1] = c, (node, length, dist)
            reps[i + length][1], states[i + length][1] = dist, next_state(states[i][node], kind)

    finder = MatchFinder(data)
    i = 0
    while i < n:
        found = finder.find(i)
        forced = found[-1] if found and found[-1][0] >= NICE_LEN else None
        for node in (0, 1):
            c0 = cost[i][node]
            if c0 == inf:
                continue
            rep, state = reps[i][node], states[i][node]
            cm = c0 + prices[P_MATCH + state][1]
            if forced:
                length, dist = forced
                if not node and dist == rep:
                    relax(i, node, cm + prices[P_REP + state][1] + num_price(P_REP_LEN, length - 1),
                          length, dist, KIND_REP)
                else:
                    relax(i, node, cm + (0 if node else prices[P_REP + state][0]) + num_price(P_LEN, length - 1)
                          + num_price(dist_model(length), dist), length, dist, KIND_MATCH)
                continue
            c = c0 + prices[P_MATCH + state][0] + lit_price(i, data[i - rep] if node else None)
            if c < cost[i + 1][0]:
                cost[i + 1][0], back[i + 1][0], reps[i + 1][0] = c, (node, 1, 0), rep
                states[i + 1][0] = next_state(state, KIND_LIT)
            if not node and rep:
                base = cm + prices[P_REP + state][1]
                for length in range(MIN_MATCH, rep_length(data, i, rep, NICE_LEN) + 1):
                    relax(i, node, base + num_price(P_REP_LEN, length - 1), length, rep, KIND_REP)
            base = cm + (0 if node else prices[P_REP + state][0])
            shortest = MIN_MATCH
            for longest, dist in found:
                if not node and dist == rep:  # coded as a repeat above
                    shortest = longest + 1
                    continue
                for length in range(shortest, longest + 1):
                    relax(i, node, base + num_price(P_LEN, length - 1) + num_price(dist_model(length), dist),
                          length, dist, KIND_MATCH)
                shortest = longest + 1
        if forced:
            finder.skip(i + forced[0])
            i += forced[0]
        else:
            i += 1
    items, i, node = [], n, 0 if cost[n][0] <= cost[n][1] else 1
    while i > 0:
        prev_node, length, dist = back[i][node]
        items.append(("M", length, dist) if dist else ("L",))
        i, node = i - length, prev_node
    return items[::-1]


def compress(data):
    """The packed stream of data: the shortest of a lazy parse and PASSES optimal parses."""
    if not data:
        return b""  # the decoder reads nothing
    best, counts = encode(data, lazy_parse(data))
    for _ in range(PASSES):
        packed, counts = encode(data, optimal_parse(data, price_table(counts)))
        best = min(best, packed, key=len)
    return best


def decompress(packed, size):
    """Reference decoder, the same algorithm as rom/unpack.c: checks every build.  Returns
    the data, or None when the stream is corrupt or not read exactly to its end."""
    probs = [1 << (PROB_BITS - 1)] * P_TOTAL
    st = {"range": 1, "code": 0, "pos": 0}

    def bit(index):
        while st["range"] < 1 << 24:
            st["range"] <<= 8
            byte = packed[st["pos"]] if st["pos"] < len(packed) else 0
            st["code"] = ((st["code"] << 8) | byte) & 0xFFFFFFFF
            st["pos"] += 1
        p = probs[index]
        bound = (st["range"] >> PROB_BITS) * p
        if st["code"] >= bound:
            st["code"] -= bound
            st["range"] -= bound
            probs[index] = p - (p >> ADAPT_SHIFT)
            return 1
        st["range"] = bound
        probs[index] = p + (((1 << PROB_BITS) - p) >> ADAPT_SHIFT)
        return 0

    def number(base):
        k = 0
        while bit(base + k):
            k += 1
            if k == NUM_MAX_BITS:
                return 0
        n = 1
        for i in range(k - 1, -1, -1):
            n = n * 2 + bit(base + NUM_MAX_BITS + k * 32 + i)
        return n

    out = bytearray()
    dist, state = 0, 0
    while len(out) < size:
        if not bit(P_MATCH + state):
            base, node = lit_ctx(out, len(out)), 1
            offs, mb = (0x100, out[-dist]) if state & 3 else (0, 0)
            while node < 256:
                mb <<= 1
                m = mb & offs
                b = bit(base + offs + m + node)
                node = node * 2 + b
                if (m != 0) != b:
                    offs = 0
            out.append(node & 0xFF)
            state = next_state(state, KIND_LIT)
            continue
        kind = KIND_MATCH if state & 3 or not bit(P_REP + state) else KIND_REP
        length = number(P_LEN if kind == KIND_MATCH else P_REP_LEN) + 1
        if kind == KIND_MATCH:
            dist = number(dist_model(length))
        if length < MIN_MATCH or not 1 <= dist <= len(out) or length > size - len(out):
            return None
        for _ in range(length):
            out.append(out[-dist])
        state = next_state(state, kind)
    return bytes(out) if st["pos"] == len(packed) else None


def branch_operand(d, i):
    """Where the rel32 operand of a branch at i starts, or None: E8 (CALL), E9 (JMP) and
    0F 80-8F (Jcc), with the whole operand inside d."""
    if d[i] in (0xE8, 0xE9) and i + 5 <= len(d):
        return i + 1
    if d[i] == 0x0F and i + 6 <= len(d) and d[i + 1] & 0xF0 == 0x80:
        return i + 2
    return None


def bcj(data, direction):
    """The branch transform, scanning as rom/unpack.c does: the rel32 operand of a branch
    (branch_operand) in [-2^24, 2^24) (top byte 00 or FF) becomes, with direction +1, the
    offset of the target from the start of data as a 25-bit number sign-extended (so again in
    that range; -1 turns it back).  The scan goes on after every branch operand, transformed
    or not (so no operand overlaps one transformed later: both directions see the same
    branches and the same top bytes), and after any other byte."""
    d = bytearray(data)
    i = 0
    while i < len(d):
        op = branch_operand(d, i)
        if op is None:
            i += 1
            continue
        v = struct.unpack_from("<I", d, op)[0]
        if (v + 0x01000000) & 0xFFFFFFFF < 0x02000000:
            v = (v + direction * (op + 4)) & 0x01FFFFFF
            struct.pack_into("<i", d, op, v - (v & 0x01000000) * 2)
        i = op + 4
    return bytes(d)


def pack(body):
    """The body transformed and compressed, checked by unpacking it again."""
    packed = compress(bcj(body, +1))
    unpacked = decompress(packed, len(body))
    if unpacked is None or bcj(unpacked, -1) != body:
        sys.exit("lzpack: internal error: the packed body does not unpack to the original")
    return packed


def write_atomically(path, parts):
    """Replace path atomically: a test may be serving the previous file."""
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        for part in parts:
            f.write(part)
    os.replace(tmp, path)


def main(argv):
    if len(argv) == 4 and argv[1] == "--raw":
        data = open(argv[2], "rb").read()
        write_atomically(argv[3], [pack(data)])
        return
    if len(argv) != 5:
        sys.exit(__doc__)
    data = open(argv[1], "rb").read()
    text16_len, body_offset = int(argv[2], 0), int(argv[3], 0)
    if not (text16_len <= body_offset <= len(data) and LOAD_ADDR + body_offset >= BODY_ADDR_MIN):
        sys.exit(f"lzpack: .text16 ({text16_len} bytes) must end before the body "
                 f"(offset {body_offset:#x} of {len(data)} bytes)")
    body = data[body_offset:]
    packed = pack(body)
    write_atomically(argv[4], [data[:text16_len], struct.pack("<II", len(packed), len(body)), packed])
    print(f"  LZPACK  {argv[4]}: body {len(body)} -> {len(packed)} bytes "
          f"({100 * len(packed) // max(len(body), 1)}%)")


if __name__ == "__main__":
    main(sys.argv)
