// SPDX-License-Identifier: GPL-2.0-or-later
/* net/x509_text: names and dates in TLS error messages, and the issuer of a certificate. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "core/errors.h"
#include "net/x509_text.h"

/* SEQUENCE { SET { SEQ { CN "Test CA" } } SET { SEQ { C "FR" } } SET { SEQ { O "wire\nboot" } } } */
static const uint8_t name[] = {
	0x30, 0x2f,
	0x31, 0x10, 0x30, 0x0e, 0x06, 0x03, 0x55, 0x04, 0x03, 0x0c, 0x07, 'T', 'e', 's', 't', ' ', 'C', 'A',
	0x31, 0x0b, 0x30, 0x09, 0x06, 0x03, 0x55, 0x04, 0x06, 0x13, 0x02, 'F', 'R',
	0x31, 0x0e, 0x30, 0x0c, 0x06, 0x03, 0x55, 0x04, 0x0a, 0x0c, 0x05, 'w', '\n', 'b', 'o', 't',
};

static void test_dn_text(void **state)
{
	(void)state;
	char out[64];
	assert_int_equal(x509_dn_text(name, sizeof(name), out, sizeof(out)), 0);
	assert_string_equal(out, "CN=Test CA, O=w?bot");
	char small[8];
	assert_int_equal(x509_dn_text(name, sizeof(name), small, sizeof(small)), 0);
	assert_string_equal(small, "CN=Test");
	/* Cut short: every prefix is refused, never read past. */
	for (size_t len = 0; len < sizeof(name); len++) {
		assert_int_equal(x509_dn_text(name, len, out, sizeof(out)), -WB_EPROTO);
		assert_string_equal(out, "(malformed name)");
	}
}

static void test_cert_issuer(void **state)
{
	(void)state;
	/* Certificate { TBS { [0] { INTEGER 2 } INTEGER 5 SEQ { OID } issuer-Name ... } ... } */
	uint8_t cert[128];
	size_t n = 0;
	const uint8_t tbs_head[] = { 0xa0, 0x03, 0x02, 0x01, 0x02, 0x02, 0x01, 0x05,
				     0x30, 0x03, 0x06, 0x01, 0x2a };
	size_t tbs_len = sizeof(tbs_head) + sizeof(name);
	cert[n++] = 0x30;
	cert[n++] = (uint8_t)(tbs_len + 2);
	cert[n++] = 0x30;
	cert[n++] = (uint8_t)tbs_len;
	memcpy(cert + n, tbs_head, sizeof(tbs_head));
	n += sizeof(tbs_head);
	memcpy(cert + n, name, sizeof(name));
	n += sizeof(name);
	const uint8_t *issuer;
	size_t issuer_len;
	assert_int_equal(x509_cert_issuer(cert, n, &issuer, &issuer_len), 0);
	assert_int_equal(issuer_len, sizeof(name));
	assert_memory_equal(issuer, name, sizeof(name));
	assert_int_equal(x509_cert_issuer(cert, n - 1, &issuer, &issuer_len), -WB_EPROTO);
}

static void test_date_text(void **state)
{
	(void)state;
	char out[32];
	x509_date_text(X509_DAYS_TO_EPOCH, 0, out, sizeof(out));
	assert_string_equal(out, "1970-01-01 00:00:00 UTC");
	/* 2026-12-07 is 20794 days after the epoch; 18:03:41 */
	x509_date_text(X509_DAYS_TO_EPOCH + 20794, 18 * 3600 + 3 * 60 + 41, out, sizeof(out));
	assert_string_equal(out, "2026-12-07 18:03:41 UTC");
	x509_date_text(X509_DAYS_TO_EPOCH + 11016, 0, out, sizeof(out)); /* a leap day */
	assert_string_equal(out, "2000-02-29 00:00:00 UTC");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dn_text),
		cmocka_unit_test(test_cert_issuer),
		cmocka_unit_test(test_date_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
