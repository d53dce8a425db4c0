// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * gzip / DEFLATE decoder (loaders/inflate.h).  Huffman codes are kept canonically (a count
 * of codes per length and the symbols sorted by code) and decoded one bit at a time, as
 * RFC 1951 section 3.2.2 describes them: small tables, little code.  Input past the end
 * reads as zero bits and sets a sticky error, so the decoding loops only check it once per
 * symbol.
 */
#include "loaders/inflate.h"

#include "core/byteorder.h"
#include "core/errors.h"
#include "core/heap.h"
#include "core/string.h"

#define MAX_BITS 15
#define NLEN 288 /* literal/length symbols (286 used, 288 in the fixed code) */
#define NDIST 30

struct huff {
	uint16_t count[MAX_BITS + 1]; /* codes of each length */
	uint16_t sym[NLEN];           /* symbols ordered by code */
};

struct inflate_state {
	const uint8_t *in;
	size_t in_len, pos;
	uint32_t bitbuf;
	unsigned bitcnt;
	int err;                     /* sticky: the first error met */
	uint8_t *out;
	size_t cap, n;
	struct huff lit, dist;
	uint16_t lbase[29], dbase[NDIST];
	uint8_t lext[29], dext[NDIST];
};

/* The next `need` (<= 16) bits, LSB first; zeros and -WB_ETRUNCATED past the input. */
static unsigned bits(struct inflate_state *s, unsigned need)
{
	uint32_t v = s->bitbuf;
	while (s->bitcnt < need) {
		if (s->pos >= s->in_len) {
			s->err = s->err ? s->err : -WB_ETRUNCATED;
			s->bitcnt = need;
			break;
		}
		v |= (uint32_t)s->in[s->pos++] << s->bitcnt;
		s->bitcnt += 8;
	}
	s->bitbuf = v >> need;
	s->bitcnt -= need;
	return v & ((1u << need) - 1);
}

/* Record the first error; returns it. */
static int fail(struct inflate_state *s, int err)
{
	if (!s->err)
		s->err = err;
	return s->err;
}

/* Build a canonical code from n code lengths; -WB_ECORRUPT when over-subscribed. */
static int build(struct huff *h, const uint8_t *lens, unsigned n)
{
	uint16_t offs[MAX_BITS + 1];
	int left = 1;

	memset(h->count, 0, sizeof(h->count));
	for (unsigned i = 0; i < n; i++)
		h->count[lens[i]]++;
	offs[1] = 0;
	for (unsigned len = 1; len <= MAX_BITS; len++) {
		left = (left << 1) - h->count[len];
		if (left < 0)
			return -WB_ECORRUPT;
		if (len < MAX_BITS)
			offs[len + 1] = (uint16_t)(offs[len] + h->count[len]);
	}
	for (unsigned i = 0; i < n; i++)
		if (lens[i])
			h->sym[offs[lens[i]]++] = (uint16_t)i;
	return 0;
}

/* One symbol of code h; -1 for a code the (incomplete) table does not have. */
static int decode(struct inflate_state *s, const struct huff *h)
{
	int code = 0, first = 0, index = 0;
	for (unsigned len = 1; len <= MAX_BITS; len++) {
		code |= (int)bits(s, 1);
		int count = h->count[len];
		if (code - first < count)
			return h->sym[index + code - first];
		index += count;
		first = (first + count) << 1;
		code <<= 1;
	}
	return -1;
}

/* A block coded with s->lit / s->dist, up to its end-of-block symbol. */
static int codes(struct inflate_state *s)
{
	for (;;) {
		int sym = decode(s, &s->lit);
		if (s->err)
			return s->err;
		if (sym < 0)
			return fail(s, -WB_ECORRUPT);
		if (sym < 256) {
			if (s->n >= s->cap)
				return fail(s, -WB_ETOOBIG);
			s->out[s->n++] = (uint8_t)sym;
			continue;
		}
		if (sym == 256)
			return 0;
		sym -= 257;
		if (sym >= 29)
			return fail(s, -WB_ECORRUPT);
		size_t len = s->lbase[sym] + bits(s, s->lext[sym]);
		int d = decode(s, &s->dist);
		if (d < 0 || d >= NDIST)
			return fail(s, -WB_ECORRUPT);
		size_t dist = s->dbase[d] + bits(s, s->dext[d]);
		if (s->err)
			return s->err;
		if (dist > s->n)
			return fail(s, -WB_ECORRUPT);
		if (len > s->cap - s->n)
			return fail(s, -WB_ETOOBIG);
		for (; len; len--, s->n++)
			s->out[s->n] = s->out[s->n - dist];
	}
}

/* A stored block: LEN, NLEN (its complement), LEN bytes, from the next byte boundary. */
static int stored(struct inflate_state *s)
{
	s->bitbuf = 0;
	s->bitcnt = 0;
	if (s->in_len - s->pos < 4)
		return fail(s, -WB_ETRUNCATED);
	size_t len = get_le16(s->in + s->pos);
	if ((len ^ 0xFFFF) != get_le16(s->in + s->pos + 2))
		return fail(s, -WB_ECORRUPT);
	s->pos += 4;
	if (s->in_len - s->pos < len)
		return fail(s, -WB_ETRUNCATED);
	if (s->cap - s->n < len)
		return fail(s, -WB_ETOOBIG);
	memcpy(s->out + s->n, s->in + s->pos, len);
	s->pos += len;
	s->n += len;
	return 0;
}

/* The fixed literal/length and distance codes (RFC 1951 3.2.6). */
static int fixed(struct inflate_state *s)
{
	uint8_t lens[NLEN];
	for (unsigned i = 0; i < NLEN; i++)
		lens[i] = i < 144 ? 8 : i < 256 ? 9 : i < 280 ? 7 : 8;
	build(&s->lit, lens, NLEN);
	memset(lens, 5, NDIST);
	build(&s->dist, lens, NDIST);
	return codes(s);
}

/* A block with its own codes, themselves sent with a code-length code (RFC 1951 3.2.7). */
static int dynamic(struct inflate_state *s)
{
	static const uint8_t order[19] = { 16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2,
					   14, 1, 15 };
	uint8_t lens[NLEN + NDIST];
	unsigned nlen = bits(s, 5) + 257, ndist = bits(s, 5) + 1, ncode = bits(s, 4) + 4;

	if (nlen > 286 || ndist > NDIST)
		return fail(s, -WB_ECORRUPT);
	memset(lens, 0, sizeof(lens));
	for (unsigned i = 0; i < ncode; i++)
		lens[order[i]] = (uint8_t)bits(s, 3);
	if (s->err || build(&s->lit, lens, 19))
		return fail(s, -WB_ECORRUPT);
	for (unsigned i = 0; i < nlen + ndist;) {
		int sym = decode(s, &s->lit);
		unsigned rep = 1;
		uint8_t val = 0;
		if (s->err)
			return s->err;
		if (sym < 0)
			return fail(s, -WB_ECORRUPT);
		if (sym < 16) {
			val = (uint8_t)sym;
		} else if (sym == 16) {
			if (i == 0)
				return fail(s, -WB_ECORRUPT);
			val = lens[i - 1];
			rep = 3 + bits(s, 2);
		} else {
			rep = sym == 17 ? 3 + bits(s, 3) : 11 + bits(s, 7);
		}
		if (rep > nlen + ndist - i)
			return fail(s, -WB_ECORRUPT);
		while (rep--)
			lens[i++] = val;
	}
	if (lens[256] == 0 || build(&s->lit, lens, nlen) || build(&s->dist, lens + nlen, ndist))
		return fail(s, -WB_ECORRUPT);
	return codes(s);
}

/* Length and distance bases from their extra-bit counts (RFC 1951 3.2.5). */
static void init_tables(struct inflate_state *s)
{
	unsigned base = 3;
	for (unsigned i = 0; i < 29; i++) {
		s->lext[i] = (uint8_t)(i < 8 || i == 28 ? 0 : (i - 4) / 4);
		s->lbase[i] = (uint16_t)(i == 28 ? 258 : base);
		base += 1u << s->lext[i];
	}
	base = 1;
	for (unsigned i = 0; i < NDIST; i++) {
		s->dext[i] = (uint8_t)(i < 4 ? 0 : (i - 2) / 2);
		s->dbase[i] = (uint16_t)base;
		base += 1u << s->dext[i];
	}
}

int inflate_raw(const uint8_t *in, size_t in_len, size_t *used, uint8_t *out, size_t cap,
		size_t *out_len)
{
	struct inflate_state *s = wb_zalloc(sizeof(*s));
	unsigned last;
	int err;

	if (!s)
		return -WB_ENOMEM;
	*s = (struct inflate_state){ .in = in, .in_len = in_len, .out = out, .cap = cap };
	init_tables(s);
	do {
		last = bits(s, 1);
		unsigned type = bits(s, 2);
		if (s->err)
			break;
		if (type == 0)
			stored(s);
		else if (type == 1)
			fixed(s);
		else if (type == 2)
			dynamic(s);
		else
			fail(s, -WB_ECORRUPT);
	} while (!last && !s->err);
	err = s->err;
	*used = s->pos;
	*out_len = s->n;
	wb_free(s);
	return err;
}

uint32_t wb_crc32(uint32_t crc, const uint8_t *data, size_t len)
{
	static const uint32_t nibble[16] = {
		0x00000000, 0x1DB71064, 0x3B6E20C8, 0x26D930AC, 0x76DC4190, 0x6B6B51F4,
		0x4DB26158, 0x5005713C, 0xEDB88320, 0xF00F9344, 0xD6D6A3E8, 0xCB61B38C,
		0x9B64C2B0, 0x86D3D2D4, 0xA00AE278, 0xBDBDF21C,
	};
	crc = ~crc;
	for (size_t i = 0; i < len; i++) {
		crc ^= data[i];
		crc = (crc >> 4) ^ nibble[crc & 15];
		crc = (crc >> 4) ^ nibble[crc & 15];
	}
	return ~crc;
}

bool gzip_is(const uint8_t *data, size_t len)
{
	return len >= 2 && data[0] == 0x1F && data[1] == 0x8B;
}

#define GZIP_MIN 18 /* 10-byte header, an empty DEFLATE stream needs 2, 8-byte trailer */

int gzip_isize(const uint8_t *data, size_t len, size_t *size)
{
	if (len < GZIP_MIN)
		return -WB_ETRUNCATED;
	*size = get_le32(data + len - 4);
	return 0;
}

/* Skip a zero-terminated header field from *pos; false when it runs past the end. */
static bool skip_string(const uint8_t *in, size_t len, size_t *pos)
{
	while (*pos < len && in[*pos])
		(*pos)++;
	return ++*pos <= len;
}

int gzip_inflate(const uint8_t *in, size_t in_len, uint8_t *out, size_t cap, size_t *out_len)
{
	enum { FHCRC = 2, FEXTRA = 4, FNAME = 8, FCOMMENT = 16, FRESERVED = 0xE0 };
	size_t pos = 10, used;

	*out_len = 0;
	if (!gzip_is(in, in_len))
		return -WB_EBADMAGIC;
	if (in_len < GZIP_MIN)
		return -WB_ETRUNCATED;
	uint8_t flags = in[3];
	if (in[2] != 8 || (flags & FRESERVED))
		return -WB_EBADMAGIC;
	if (flags & FEXTRA)
		pos += 2 + (size_t)get_le16(in + 10);
	if (((flags & FNAME) && !skip_string(in, in_len, &pos)) ||
	    ((flags & FCOMMENT) && !skip_string(in, in_len, &pos)))
		return -WB_ETRUNCATED;
	if (flags & FHCRC)
		pos += 2;
	if (pos > in_len)
		return -WB_ETRUNCATED;
	int err = inflate_raw(in + pos, in_len - pos, &used, out, cap, out_len);
	if (err)
		return err;
	pos += used;
	if (in_len - pos < 8)
		return -WB_ETRUNCATED;
	if (get_le32(in + pos) != wb_crc32(0, out, *out_len) ||
	    get_le32(in + pos + 4) != (uint32_t)*out_len)
		return -WB_ECORRUPT;
	return 0;
}
