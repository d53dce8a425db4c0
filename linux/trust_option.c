// SPDX-License-Identifier: GPL-2.0-or-later
/* wireboot-check --trust and --signer: see linux/trust_option.h. */
#include "linux/trust_option.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/errors.h"
#include "linux/cert_files.h"
#include "loaders/signature_keys.h"
#include "net/tls_trust.h"

#define OPTION_CERTS_MAX 64

static struct cert_key anchor_certs[OPTION_CERTS_MAX], signer_certs[OPTION_CERTS_MAX];
static br_x509_trust_anchor anchors[OPTION_CERTS_MAX];
static br_x509_pkey signers[OPTION_CERTS_MAX];
static size_t anchor_count, signer_count;

/* Parse path's certificates into certs[*count...]: how many, or -1 after a message. */
static int load(const char *option, const char *path, struct cert_key *certs, size_t count)
{
	static uint8_t buf[1 << 20];
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "wireboot-check: %s %s: %s\n", option, path, strerror(errno));
		return -1;
	}
	size_t len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	int n = cert_keys_parse(buf, len, certs + count, OPTION_CERTS_MAX - count);
	if (n < 0)
		fprintf(stderr, "wireboot-check: %s %s: %s (want PEM or DER certificates)\n", option,
			path, wb_strerror(n));
	return n < 0 ? -1 : n;
}

int trust_option_add(const char *path)
{
	int n = load("--trust", path, anchor_certs, anchor_count);
	for (int i = 0; i < n; i++, anchor_count++) {
		struct cert_key *k = &anchor_certs[anchor_count];
		anchors[anchor_count] = (br_x509_trust_anchor){ { k->dn, k->dn_len }, BR_X509_TA_CA,
								k->pkey };
	}
	tls_trust_anchors = anchors;
	tls_trust_anchor_count = anchor_count;
	return n < 0 ? -1 : 0;
}

int signer_option_add(const char *path)
{
	int n = load("--signer", path, signer_certs, signer_count);
	for (int i = 0; i < n; i++, signer_count++)
		signers[signer_count] = signer_certs[signer_count].pkey;
	signature_keys = signers;
	signature_key_count = signer_count;
	return n < 0 ? -1 : 0;
}
