// SPDX-License-Identifier: GPL-2.0-or-later
/* wireboot-check --trust: see linux/trust_option.h. */
#include "linux/trust_option.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/errors.h"
#include "linux/cert_files.h"
#include "net/tls_trust.h"

#define TRUST_OPTION_MAX 64

static struct cert_key keys[TRUST_OPTION_MAX];
static br_x509_trust_anchor anchors[TRUST_OPTION_MAX];
static size_t count;

int trust_option_add(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "wireboot-check: --trust %s: %s\n", path, strerror(errno));
		return -1;
	}
	static uint8_t buf[1 << 20];
	size_t len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	int n = cert_keys_parse(buf, len, keys + count, TRUST_OPTION_MAX - count);
	if (n < 0) {
		fprintf(stderr, "wireboot-check: --trust %s: %s (want PEM or DER CA certificates)\n",
			path, wb_strerror(n));
		return -1;
	}
	for (int i = 0; i < n; i++, count++)
		anchors[count] = (br_x509_trust_anchor){ { keys[count].dn, keys[count].dn_len },
							 BR_X509_TA_CA, keys[count].pkey };
	tls_trust_anchors = anchors;
	tls_trust_anchor_count = count;
	return 0;
}
