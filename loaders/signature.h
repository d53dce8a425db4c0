/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Signed files (docs/https-and-signatures.md).  An image built with `make SIGNERS=a.pem`
 * accepts a fetched file (configuration, INCLUDE, kernel, initrd: everything boot_fetch()
 * returns) only with a valid detached signature next to it, "<file>.sig": the signature
 * `openssl dgst -sha256 -sign key.pem -out file.sig file` makes (scripts/wireboot-sign),
 * RSA PKCS#1 v1.5 or ECDSA (DER) over the file's SHA-256, by one of the built-in keys.
 * Nothing in a configuration changes this.  Without SIGNERS every file is accepted.
 *
 * loaders/signature.c verifies with BearSSL (wireboot.efi, wireboot-check);
 * loaders/signature_absent.c is the BIOS images' version (no room for the crypto), which
 * refuses every file when the build asked for signatures.
 */
#ifndef WB_LOADERS_SIGNATURE_H
#define WB_LOADERS_SIGNATURE_H

#include <stddef.h>
#include <stdint.h>

struct boot_session;
struct fetch_result;

#define SIGNATURE_MAX 1024  /* bytes of a .sig file (RSA-4096: 512) */

/*
 * The check at the one place a fetched file is accepted (boot_fetch()): 0 when the file at
 * path (already in res) may be used, or -WB_ESIG with res->error naming the file and why
 * (its .sig missing, not a signature of this file by a built-in key).
 */
int signature_require(struct boot_session *s, const char *path, struct fetch_result *res);

#endif
