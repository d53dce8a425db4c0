// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * linux/cert_files.c: the PEM/DER certificate files `make TRUST=` and wireboot-check --trust
 * read (our loop around BearSSL's PEM and X.509 decoders).  Checks: the count is within the
 * array, each key is RSA or EC with its bytes inside the entry, and each DN is present.
 */
#include <stdint.h>
#include <stdlib.h>

#include "linux/cert_files.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct cert_key keys[4];
	int n = cert_keys_parse(data, size, keys, 4);
	if (n > 4)
		abort();
	for (int i = 0; i < n; i++) {
		const br_x509_pkey *k = &keys[i].pkey;
		const uint8_t *lo = keys[i].key_data, *hi = lo + sizeof(keys[i].key_data);
		if (k->key_type == BR_KEYTYPE_RSA) {
			if (k->key.rsa.n < lo || k->key.rsa.n + k->key.rsa.nlen > hi ||
			    k->key.rsa.e < lo || k->key.rsa.e + k->key.rsa.elen > hi)
				abort();
		} else if (k->key_type != BR_KEYTYPE_EC || k->key.ec.q < lo ||
			   k->key.ec.q + k->key.ec.qlen > hi) {
			abort();
		}
		if (!keys[i].dn && keys[i].dn_len)
			abort();
	}
	if (n > 0)
		cert_keys_free(keys, (size_t)n);
	return 0;
}
