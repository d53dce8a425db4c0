/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `wireboot-server --check --signer cert.pem`: is every file a client would fetch signed
 * the way an image built with `make SIGNERS=cert.pem` requires (loaders/signature.h):
 * NAME.sig next to it, an RSA PKCS#1 v1.5 or ECDSA signature over its SHA-256 by the key of
 * one of the certificates in the PEM file.  Verified with OpenSSL, independently of the
 * client's BearSSL code.
 */
#ifndef WB_SERVER_CHECK_SIGNATURE_H
#define WB_SERVER_CHECK_SIGNATURE_H

#include <stddef.h>

struct signers;

/* Load the certificates of a PEM file: 0, or a negative WB_E* with a message in err. */
int signers_load(struct signers **out, const char *pem_path, char *err, size_t cap);
void signers_free(struct signers *s);

/* name (confined under root_fd) and name.sig: 0 when one of the keys signed it; -WB_ENOENT
 * (no name.sig), -WB_ESIG (not a valid signature), or the error reading either file. */
int signers_verify(const struct signers *s, int root_fd, const char *name);

#endif
