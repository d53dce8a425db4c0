// SPDX-License-Identifier: GPL-2.0-or-later
/* --check --signer: see server/check_signature.h. */
#include "server/check_signature.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/errors.h"
#include "core/heap.h"
#include "core/printf.h"
#include "server/path.h"
#include "server/read_file.h"

#define SIGNERS_MAX 16
#define SIGNED_FILE_MAX (1ull << 31) /* what a client could load at all */

struct signers {
	EVP_PKEY *keys[SIGNERS_MAX];
	size_t n;
};

int signers_load(struct signers **out, const char *pem_path, char *err, size_t cap)
{
	FILE *f = fopen(pem_path, "r");
	if (!f) {
		wb_snprintf(err, cap, "--signer %s: cannot open it", pem_path);
		return -WB_ENOENT;
	}
	struct signers *s = calloc(1, sizeof(*s));
	X509 *x;
	while (s && s->n < SIGNERS_MAX && (x = PEM_read_X509(f, NULL, NULL, NULL))) {
		s->keys[s->n] = X509_get_pubkey(x);
		if (s->keys[s->n])
			s->n++;
		X509_free(x);
	}
	fclose(f);
	if (!s || !s->n) {
		signers_free(s);
		wb_snprintf(err, cap, "--signer %s: no PEM certificate with a key in it", pem_path);
		return -WB_EINVAL;
	}
	*out = s;
	return 0;
}

void signers_free(struct signers *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++)
		EVP_PKEY_free(s->keys[i]);
	free(s);
}

int signers_verify(const struct signers *s, int root_fd, const char *name)
{
	char sig_name[PATH_REQUEST_MAX + 8], *data = NULL, *sig = NULL;
	size_t len, sig_len;
	snprintf(sig_name, sizeof(sig_name), "%s.sig", name);
	int err = read_confined_file(root_fd, sig_name, 4096, &sig, &sig_len);
	if (err == 0)
		err = read_confined_file(root_fd, name, SIGNED_FILE_MAX, &data, &len);
	else if (err != -WB_ETOOBIG)
		err = -WB_ENOENT;
	bool ok = false;
	for (size_t i = 0; !err && i < s->n && !ok; i++) {
		EVP_MD_CTX *md = EVP_MD_CTX_new();
		ok = md && EVP_DigestVerifyInit(md, NULL, EVP_sha256(), NULL, s->keys[i]) == 1 &&
		     EVP_DigestVerify(md, (const unsigned char *)sig, sig_len,
				      (const unsigned char *)data, len) == 1;
		EVP_MD_CTX_free(md);
	}
	wb_free(data);
	wb_free(sig);
	return err ? err : ok ? 0 : -WB_ESIG;
}
