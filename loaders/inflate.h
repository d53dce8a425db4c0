/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * gzip (RFC 1952) around DEFLATE (RFC 1951): Xen ships xen.gz, and mboot.c32 / GRUB
 * decompress gzip'd Multiboot kernels and modules before loading them.  Small rather than
 * fast (it lives in the 64 KiB BIOS images): canonical Huffman codes decoded bit by bit.
 * Every read and write is bounds-checked; the output buffer is the caller's.
 */
#ifndef WB_LOADERS_INFLATE_H
#define WB_LOADERS_INFLATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* CRC-32 (IEEE 802.3, as gzip and zlib compute it), continued from crc (0 to start). */
uint32_t wb_crc32(uint32_t crc, const uint8_t *data, size_t len);

/* Does data start with the gzip magic 1f 8b? */
bool gzip_is(const uint8_t *data, size_t len);

/*
 * The inflated size a gzip file announces (ISIZE, its last 4 bytes: the size mod 2^32).
 * -WB_ETRUNCATED when the file is too short to be gzip.
 */
int gzip_isize(const uint8_t *data, size_t len, size_t *size);

/*
 * Inflate one gzip member into out (cap bytes); *out_len = bytes produced.  Checks the
 * header (method 8, no reserved flags), the CRC-32 and ISIZE of the trailer.  Errors:
 * -WB_EBADMAGIC (not gzip / not DEFLATE), -WB_ETRUNCATED (input ends early),
 * -WB_ETOOBIG (output larger than cap), -WB_ECORRUPT (invalid DEFLATE data, or the CRC /
 * size in the trailer do not match).
 */
int gzip_inflate(const uint8_t *in, size_t in_len, uint8_t *out, size_t cap, size_t *out_len);

/* Raw DEFLATE data (RFC 1951) into out; *used = input bytes consumed.  Errors as above. */
int inflate_raw(const uint8_t *in, size_t in_len, size_t *used, uint8_t *out, size_t cap,
		size_t *out_len);

#endif
