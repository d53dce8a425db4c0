/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SHA-256 (FIPS 180-4), for checksums of fetched files in reports and tests. */
#ifndef WB_CORE_SHA256_H
#define WB_CORE_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_LEN 32
#define SHA256_HEX_LEN 65

struct sha256 {
	uint32_t state[8];
	uint64_t length;
	uint8_t block[64];
	size_t used;
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t len);
void sha256_final(struct sha256 *s, uint8_t digest[SHA256_DIGEST_LEN]);
/* One shot, as lower-case hex. */
void sha256_hex(const void *data, size_t len, char out[SHA256_HEX_LEN]);

#endif
