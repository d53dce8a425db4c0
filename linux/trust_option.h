/* SPDX-License-Identifier: GPL-2.0-or-later */
/* wireboot-check --trust FILE: trust the CA certificates in FILE (PEM or DER) for https://
 * instead of those built in (net/tls_trust.h), so a tree can be checked with its own CA. */
#ifndef WB_LINUX_TRUST_OPTION_H
#define WB_LINUX_TRUST_OPTION_H

/* Add FILE's certificates to the anchors: 0, or -1 after a message on stderr. */
int trust_option_add(const char *path);

#endif
