// SPDX-License-Identifier: GPL-2.0-or-later
/* SHA-256 per FIPS 180-4 (core/sha256.h). */
#include "core/byteorder.h"
#include "core/sha256.h"
#include "core/string.h"

static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static uint32_t ror(uint32_t x, unsigned n) { return x >> n | x << (32 - n); }

static void compress(uint32_t st[8], const uint8_t blk[64])
{
	uint32_t w[64];
	for (int i = 0; i < 16; i++)
		w[i] = get_be32(blk + 4 * i);
	for (int i = 16; i < 64; i++) {
		uint32_t s0 = ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ w[i - 15] >> 3;
		uint32_t s1 = ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ w[i - 2] >> 10;
		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	uint32_t a = st[0], b = st[1], c = st[2], d = st[3];
	uint32_t e = st[4], f = st[5], g = st[6], h = st[7];
	for (int i = 0; i < 64; i++) {
		uint32_t t1 = h + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
		uint32_t t2 = (ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
		h = g;
		g = f;
		f = e;
		e = d + t1;
		d = c;
		c = b;
		b = a;
		a = t1 + t2;
	}
	st[0] += a;
	st[1] += b;
	st[2] += c;
	st[3] += d;
	st[4] += e;
	st[5] += f;
	st[6] += g;
	st[7] += h;
}

void sha256_init(struct sha256 *s)
{
	static const uint32_t iv[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
					0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
	memcpy(s->state, iv, sizeof(iv));
	s->length = 0;
	s->used = 0;
}

void sha256_update(struct sha256 *s, const void *data, size_t len)
{
	const uint8_t *p = data;
	s->length += len;
	while (len) {
		if (s->used == 0 && len >= 64) { /* whole blocks straight from the input */
			compress(s->state, p);
			p += 64;
			len -= 64;
			continue;
		}
		size_t k = 64 - s->used < len ? 64 - s->used : len;
		memcpy(s->block + s->used, p, k);
		s->used += k;
		p += k;
		len -= k;
		if (s->used == 64) {
			compress(s->state, s->block);
			s->used = 0;
		}
	}
}

void sha256_final(struct sha256 *s, uint8_t digest[SHA256_DIGEST_LEN])
{
	uint64_t bits = s->length << 3;
	s->block[s->used++] = 0x80;
	if (s->used > 56) {
		memset(s->block + s->used, 0, 64 - s->used);
		compress(s->state, s->block);
		s->used = 0;
	}
	memset(s->block + s->used, 0, 56 - s->used);
	put_be32(s->block + 56, (uint32_t)(bits >> 32));
	put_be32(s->block + 60, (uint32_t)bits);
	compress(s->state, s->block);
	for (int i = 0; i < 8; i++)
		put_be32(digest + 4 * i, s->state[i]);
	memset(s, 0, sizeof(*s));
}

void sha256_hex(const void *data, size_t len, char out[SHA256_HEX_LEN])
{
	static const char hex[] = "0123456789abcdef";
	struct sha256 s;
	uint8_t d[SHA256_DIGEST_LEN];
	sha256_init(&s);
	sha256_update(&s, data, len);
	sha256_final(&s, d);
	for (int i = 0; i < SHA256_DIGEST_LEN; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[64] = '\0';
}
