/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The keys of `make SIGNERS=a.pem,b.pem` (certificates or their keys, RSA or EC), generated
 * by wireboot-mkanchors into the same file as the TLS trust anchors (net/tls_trust.h).
 * Variables, so that wireboot-check --signer can set them.
 */
#ifndef WB_LOADERS_SIGNATURE_KEYS_H
#define WB_LOADERS_SIGNATURE_KEYS_H

#include <stddef.h>
#include <stdint.h>

#include "bearssl.h"

extern const br_x509_pkey *signature_keys;
extern size_t signature_key_count;

/* 1 when sig is a valid signature of data (len bytes) by key: RSA PKCS#1 v1.5 or ECDSA
 * (DER) over SHA-256; 0 otherwise. */
int signature_valid(const br_x509_pkey *key, const uint8_t *data, size_t len, const uint8_t *sig,
		    size_t sig_len);

#endif
