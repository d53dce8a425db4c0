// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * net/tls_profile.h for the BIOS image with TLS: what any current HTTPS server offers, and
 * nothing else, so that the rest of BearSSL stays out of the image (the linker keeps only
 * what is named here).  TLS 1.2; ECDHE (forward secrecy) with an ECDSA or RSA server key;
 * ChaCha20-Poly1305 first (fast in software, which is all a BIOS machine may have), then
 * AES-GCM; SHA-256/384/512 for the handshake and for certificate signatures (no MD5/SHA-1
 * signed certificates, no CBC, no RSA key exchange, no TLS 1.0/1.1).
 */
#include "net/tls_profile.h"

static const uint16_t suites[] = {
	BR_TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
	BR_TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
	BR_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
	BR_TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
	BR_TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
	BR_TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
};

void tls_profile_init(br_ssl_client_context *cc, br_x509_minimal_context *xc,
		      const br_x509_trust_anchor *anchors, size_t anchor_count)
{
	static const struct {
		int id;
		const br_hash_class *impl;
	} hashes[] = {
		{ br_sha256_ID, &br_sha256_vtable },
		{ br_sha384_ID, &br_sha384_vtable },
		{ br_sha512_ID, &br_sha512_vtable },
	};
	br_ssl_client_zero(cc);
	br_ssl_engine_set_versions(&cc->eng, BR_TLS12, BR_TLS12);
	br_x509_minimal_init(xc, &br_sha256_vtable, anchors, anchor_count);
	br_ssl_engine_set_suites(&cc->eng, suites, sizeof(suites) / sizeof(suites[0]));
	br_ssl_engine_set_default_rsavrfy(&cc->eng);
	br_ssl_engine_set_default_ecdsa(&cc->eng);
	br_x509_minimal_set_rsa(xc, br_ssl_engine_get_rsavrfy(&cc->eng));
	br_x509_minimal_set_ecdsa(xc, br_ssl_engine_get_ec(&cc->eng),
				  br_ssl_engine_get_ecdsa(&cc->eng));
	for (size_t i = 0; i < sizeof(hashes) / sizeof(hashes[0]); i++) {
		br_ssl_engine_set_hash(&cc->eng, hashes[i].id, hashes[i].impl);
		br_x509_minimal_set_hash(xc, hashes[i].id, hashes[i].impl);
	}
	br_ssl_engine_set_x509(&cc->eng, &xc->vtable);
	br_ssl_engine_set_prf_sha256(&cc->eng, &br_tls12_sha256_prf);
	br_ssl_engine_set_prf_sha384(&cc->eng, &br_tls12_sha384_prf);
	br_ssl_engine_set_default_aes_gcm(&cc->eng);
	br_ssl_engine_set_default_chapol(&cc->eng);
}
