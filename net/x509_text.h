/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Certificate facts as text for error messages (net/tls.c): a distinguished name
 * ("CN=boot.example, O=Example") and a date ("2026-12-07 18:03:41 UTC").  The DER walk here
 * is ours (BearSSL hands over names as raw DER), so it checks every length and is fuzzed
 * (tests/fuzz/fuzz_x509_text.c).
 */
#ifndef WB_NET_X509_TEXT_H
#define WB_NET_X509_TEXT_H

#include <stddef.h>
#include <stdint.h>

/*
 * Render the CN, O and OU attributes of a DER Name (SEQUENCE OF SET OF
 * SEQUENCE { OID, string }) as "CN=a, O=b" into out (always NUL-terminated, cap > 0).
 * Returns 0, or -WB_EPROTO for malformed DER (out then holds "(malformed name)").
 * Non-printable bytes are shown as '?'.
 */
int x509_dn_text(const uint8_t *der, size_t len, char *out, size_t cap);

/* Find the issuer Name inside a DER certificate: *name and *name_len point into der (the whole
 * SEQUENCE, ready for x509_dn_text()).  0 or -WB_EPROTO. */
int x509_cert_issuer(const uint8_t *der, size_t len, const uint8_t **name, size_t *name_len);

/* A date in BearSSL's form (days since 0000-01-01, proleptic Gregorian; seconds in the
 * day) as "YYYY-MM-DD HH:MM:SS UTC". */
void x509_date_text(uint32_t days, uint32_t seconds, char *out, size_t cap);

/* Days since 0000-01-01 of the Unix epoch (1970-01-01). */
#define X509_DAYS_TO_EPOCH 719528u

#endif
