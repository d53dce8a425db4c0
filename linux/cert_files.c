// SPDX-License-Identifier: GPL-2.0-or-later
/* Certificates from PEM or DER files: see linux/cert_files.h. */
#include "linux/cert_files.h"

#include <stdlib.h>
#include <string.h>

#include "core/errors.h"

/* A growing byte buffer for the PEM decoder's output and the DN callback. */
struct bytes {
	uint8_t *data;
	size_t len, cap;
	int failed;
};

static void bytes_add(void *ctx, const void *p, size_t len)
{
	struct bytes *b = ctx;
	if (b->failed || !len)
		return;
	if (len > b->cap - b->len) {
		size_t cap = (b->cap + len) * 2;
		uint8_t *n = realloc(b->data, cap);
		if (!n) {
			b->failed = 1;
			return;
		}
		b->data = n;
		b->cap = cap;
	}
	memcpy(b->data + b->len, p, len);
	b->len += len;
}

/* Copy a decoded key into k (its pointers then point into k->key_data). */
static int copy_key(struct cert_key *k, const br_x509_pkey *pk)
{
	k->pkey.key_type = pk->key_type;
	if (pk->key_type == BR_KEYTYPE_RSA) {
		const br_rsa_public_key *r = &pk->key.rsa;
		if (r->nlen + r->elen > sizeof(k->key_data))
			return -WB_ETOOBIG;
		memcpy(k->key_data, r->n, r->nlen);
		memcpy(k->key_data + r->nlen, r->e, r->elen);
		k->pkey.key.rsa = (br_rsa_public_key){ k->key_data, r->nlen, k->key_data + r->nlen, r->elen };
		return 0;
	}
	if (pk->key_type == BR_KEYTYPE_EC) {
		const br_ec_public_key *e = &pk->key.ec;
		if (e->qlen > sizeof(k->key_data))
			return -WB_ETOOBIG;
		memcpy(k->key_data, e->q, e->qlen);
		k->pkey.key.ec = (br_ec_public_key){ e->curve, k->key_data, e->qlen };
		return 0;
	}
	return -WB_ENOTSUP;
}

/* One DER certificate into k. */
static int decode_der(const uint8_t *der, size_t len, struct cert_key *k)
{
	struct bytes dn = { 0 };
	br_x509_decoder_context dec;
	br_x509_decoder_init(&dec, bytes_add, &dn);
	br_x509_decoder_push(&dec, der, len);
	const br_x509_pkey *pk = br_x509_decoder_get_pkey(&dec);
	int err = !pk ? -WB_EPROTO : dn.failed ? -WB_ENOMEM : copy_key(k, pk);
	if (err < 0) {
		free(dn.data);
		return err;
	}
	k->dn = dn.data;
	k->dn_len = dn.len;
	k->is_ca = br_x509_decoder_isCA(&dec);
	return 0;
}

/* Add one DER certificate to out[*n]. */
static int add_cert(const uint8_t *der, size_t len, struct cert_key *out, size_t max, size_t *n)
{
	if (*n >= max)
		return -WB_ETOOBIG;
	memset(&out[*n], 0, sizeof(out[*n]));
	int err = decode_der(der, len, &out[*n]);
	if (!err)
		(*n)++;
	return err;
}

int cert_keys_parse(const uint8_t *buf, size_t len, struct cert_key *out, size_t max)
{
	size_t n = 0;
	if (len && buf[0] == 0x30) { /* DER */
		int err = add_cert(buf, len, out, max, &n);
		return err < 0 ? err : (int)n;
	}
	br_pem_decoder_context pc;
	br_pem_decoder_init(&pc);
	struct bytes obj = { 0 };
	int in_cert = 0, in_obj = 0, err = 0;
	while (len && !err) {
		size_t used = br_pem_decoder_push(&pc, buf, len);
		buf += used;
		len -= used;
		int ev = br_pem_decoder_event(&pc);
		if (!used && !ev)
			break; /* cannot happen: the decoder stops only for an event */
		switch (ev) {
		case BR_PEM_BEGIN_OBJ:
			in_obj = 1;
			in_cert = !strcmp(br_pem_decoder_name(&pc), "CERTIFICATE") ||
				  !strcmp(br_pem_decoder_name(&pc), "X509 CERTIFICATE");
			obj.len = 0;
			br_pem_decoder_setdest(&pc, in_cert ? bytes_add : NULL, &obj);
			break;
		case BR_PEM_END_OBJ:
			if (in_cert)
				err = obj.failed ? -WB_ENOMEM : add_cert(obj.data, obj.len, out, max, &n);
			in_obj = in_cert = 0;
			break;
		case BR_PEM_ERROR:
			err = -WB_EPROTO;
			break;
		default:
			break;
		}
	}
	free(obj.data);
	if (!err && in_obj)
		err = -WB_EPROTO; /* a block without its END line */
	if (!err && !n)
		err = -WB_EPROTO;
	if (err < 0) {
		cert_keys_free(out, n);
		return err;
	}
	return (int)n;
}

void cert_keys_free(struct cert_key *keys, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(keys[i].dn);
		keys[i].dn = NULL;
	}
}
