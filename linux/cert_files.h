/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Certificates from files, for build-time tools (wireboot-mkanchors): PEM (any number of
 * "CERTIFICATE" blocks; other blocks skipped) or one DER certificate, decoded with
 * BearSSL's PEM and X.509 decoders.  Fuzzed (tests/fuzz/fuzz_cert_files.c).
 */
#ifndef WB_LINUX_CERT_FILES_H
#define WB_LINUX_CERT_FILES_H

#include <stddef.h>
#include <stdint.h>

#include "bearssl.h"

/* A certificate's subject DN and public key, in memory owned by the caller's array. */
struct cert_key {
	uint8_t *dn;
	size_t dn_len;
	br_x509_pkey pkey;      /* its pointers point into key_data */
	uint8_t key_data[BR_X509_BUFSIZE_KEY];
	int is_ca;
};

/*
 * Decode every certificate in buf (PEM or DER) into out[0..max): returns how many, or a
 * negative WB_E*: WB_EPROTO (not a certificate, or a PEM block cut short), WB_ETOOBIG (more
 * than max), WB_ENOMEM.  Free with cert_keys_free().
 */
int cert_keys_parse(const uint8_t *buf, size_t len, struct cert_key *out, size_t max);
void cert_keys_free(struct cert_key *keys, size_t n);

#endif
