// SPDX-License-Identifier: GPL-2.0-or-later
/* Detached signatures of fetched files, with BearSSL: see loaders/signature.h. */
#include "loaders/signature.h"

#include "core/errors.h"
#include "core/heap.h"
#include "core/printf.h"
#include "core/string.h"
#include "loaders/boot_session.h"
#include "loaders/signature_keys.h"

int signature_valid(const br_x509_pkey *key, const uint8_t *data, size_t len, const uint8_t *sig,
		    size_t sig_len)
{
	uint8_t hash[32];
	br_sha256_context h;
	br_sha256_init(&h);
	br_sha256_update(&h, data, len);
	br_sha256_out(&h, hash);
	if (key->key_type == BR_KEYTYPE_RSA) {
		uint8_t signed_hash[32];
		br_rsa_pkcs1_vrfy vrfy = br_rsa_pkcs1_vrfy_get_default();
		return vrfy(sig, sig_len, BR_HASH_OID_SHA256, sizeof(signed_hash), &key->key.rsa,
			    signed_hash) && !memcmp(signed_hash, hash, sizeof(hash));
	}
	if (key->key_type == BR_KEYTYPE_EC) {
		br_ecdsa_vrfy vrfy = br_ecdsa_vrfy_asn1_get_default();
		return vrfy(br_ec_get_default(), hash, sizeof(hash), &key->key.ec, sig, sig_len) == 1;
	}
	return 0;
}

int signature_require(struct boot_session *s, const char *path, struct fetch_result *res)
{
	static const struct tftp_dest heap = { .reserve = tftp_reserve_heap };
	if (!signature_key_count)
		return 0;
	char sig_path[PXECFG_PATH_MAX];
	int n = wb_snprintf(sig_path, sizeof(sig_path), "%s.sig", path);
	struct fetch_result *sig = wb_zalloc(sizeof(*sig));
	if (!sig)
		return -WB_ENOMEM;
	int err = n < 0 || (size_t)n >= sizeof(sig_path) ? -WB_ETOOBIG
		  : boot_fetch_unchecked(s, sig_path, &heap, false, sig);
	if (err) {
		wb_snprintf(res->error, sizeof(res->error), "%s: refused: no signature (%s); this "
			    "wireboot accepts only files signed by its %u built-in signer(s) "
			    "(scripts/wireboot-sign)", path, sig->error[0] ? sig->error : sig_path,
			    (unsigned)signature_key_count);
	} else {
		bool ok = false;
		for (size_t i = 0; i < signature_key_count && !ok; i++)
			ok = sig->len <= SIGNATURE_MAX &&
			     signature_valid(&signature_keys[i], res->data, res->len, sig->data, sig->len);
		if (!ok) {
			err = -WB_ESIG;
			wb_snprintf(res->error, sizeof(res->error), "%s: refused: %s is not a valid "
				    "signature of this file by any of the %u built-in signer(s) (the "
				    "file was modified, or signed with another key)", path, sig_path,
				    (unsigned)signature_key_count);
		}
	}
	wb_free(sig->data);
	wb_free(sig);
	return err ? -WB_ESIG : 0;
}
