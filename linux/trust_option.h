/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * wireboot-check --trust FILE / --signer FILE: trust the CA certificates in FILE (PEM or DER)
 * for https://, or require every fetched file to be signed by the key of a certificate in
 * FILE, instead of what the build put in (net/tls_trust.h, loaders/signature_keys.h), so a
 * tree can be checked with its own CA and signing key before any machine boots from it.
 */
#ifndef WB_LINUX_TRUST_OPTION_H
#define WB_LINUX_TRUST_OPTION_H

/* Add FILE's certificates to the anchors: 0, or -1 after a message on stderr. */
int trust_option_add(const char *path);

/* Add the keys of FILE's certificates to the signers: 0, or -1 after a message. */
int signer_option_add(const char *path);

#endif
