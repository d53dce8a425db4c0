/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Which TLS versions, cipher suites and algorithms a client offers and accepts (net/tls.c):
 *   net/tls_profile_full.c   BearSSL's "full" profile, TLS 1.0-1.2 and every suite it
 *                            implements (wireboot.efi, wireboot-check)
 *   net/tls_profile_small.c  TLS 1.2 with ECDHE only, ChaCha20-Poly1305 or AES-GCM, SHA-2,
 *                            RSA and ECDSA certificates: the BIOS image with TLS, where the
 *                            code is packed into base memory (docs/bios-images.md)
 */
#ifndef WB_NET_TLS_PROFILE_H
#define WB_NET_TLS_PROFILE_H

#include <stddef.h>

#include "bearssl.h"

/* Initialise cc and its X.509 engine xc (BearSSL's minimal one) for these trust anchors. */
void tls_profile_init(br_ssl_client_context *cc, br_x509_minimal_context *xc,
		      const br_x509_trust_anchor *anchors, size_t anchor_count);

#endif
