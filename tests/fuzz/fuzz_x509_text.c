// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * net/x509_text.c, our DER walk over names BearSSL hands us and over whole certificates
 * (the issuer for "unknown CA" messages).  The first byte picks the entry point: even, the
 * data is a Name; odd, a certificate whose issuer is then rendered.  Checks: the text is
 * NUL-terminated within its buffer, and a found issuer lies inside the input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "net/x509_text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char text[96];
	if (size < 1)
		return 0;
	const uint8_t *der = data + 1;
	size_t len = size - 1;
	if (data[0] & 1) {
		const uint8_t *name;
		size_t name_len;
		if (x509_cert_issuer(der, len, &name, &name_len) == 0) {
			if (name < der || name_len > len || name + name_len > der + len)
				abort();
			der = name;
			len = name_len;
		}
	}
	memset(text, 'x', sizeof(text));
	x509_dn_text(der, len, text, sizeof(text));
	if (!memchr(text, 0, sizeof(text)))
		abort();
	if (len >= 8) {
		uint32_t days, secs;
		memcpy(&days, der, 4);
		memcpy(&secs, der + 4, 4);
		memset(text, 'x', sizeof(text));
		x509_date_text(days, secs, text, sizeof(text));
		if (!memchr(text, 0, sizeof(text)))
			abort();
	}
	return 0;
}
