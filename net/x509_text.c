// SPDX-License-Identifier: GPL-2.0-or-later
/* Certificate names and dates as text: see net/x509_text.h. */
#include "net/x509_text.h"

#include <stdbool.h>

#include "core/errors.h"
#include "core/printf.h"
#include "core/string.h"

/* One DER TLV at *p (within end): its tag, and its contents [*val, *val + *vlen). Moves *p
 * past it.  Short and long (up to 4 length bytes) definite forms only. */
static int der_next(const uint8_t **p, const uint8_t *end, uint8_t *tag, const uint8_t **val,
		    size_t *vlen)
{
	const uint8_t *q = *p;
	if (end - q < 2)
		return -WB_EPROTO;
	*tag = *q++;
	size_t len = *q++;
	if (len & 0x80) {
		unsigned n = len & 0x7f;
		if (!n || n > 4 || (size_t)(end - q) < n)
			return -WB_EPROTO;
		len = 0;
		while (n--)
			len = (len << 8) | *q++;
	}
	if (len > (size_t)(end - q))
		return -WB_EPROTO;
	*val = q;
	*vlen = len;
	*p = q + len;
	return 0;
}

/* The attribute types we show: id-at-commonName, organizationName, organizationalUnitName
 * (2.5.4.3, .10, .11). */
static const char *attr_label(const uint8_t *oid, size_t len)
{
	if (len != 3 || oid[0] != 0x55 || oid[1] != 0x04)
		return NULL;
	return oid[2] == 3 ? "CN" : oid[2] == 10 ? "O" : oid[2] == 11 ? "OU" : NULL;
}

/* Append "label=value" (with ", " before all but the first) to out. */
static void append_attr(char *out, size_t cap, size_t *used, const char *label, const uint8_t *v,
			size_t vlen)
{
	int n = wb_snprintf(out + *used, cap - *used, "%s%s=", *used ? ", " : "", label);
	if (n < 0 || (size_t)n >= cap - *used) {
		*used = cap - 1;
		return;
	}
	*used += (size_t)n;
	for (size_t i = 0; i < vlen && *used < cap - 1; i++)
		out[(*used)++] = v[i] >= 0x20 && v[i] < 0x7f ? (char)v[i] : '?';
	out[*used] = '\0';
}

int x509_dn_text(const uint8_t *der, size_t len, char *out, size_t cap)
{
	out[0] = '\0';
	size_t used = 0;
	const uint8_t *p = der, *end = der + len, *name;
	size_t name_len;
	uint8_t tag;
	if (der_next(&p, end, &tag, &name, &name_len) < 0 || tag != 0x30)
		goto bad;
	for (const uint8_t *rdn_p = name, *rdn_end = name + name_len; rdn_p < rdn_end;) {
		const uint8_t *set;
		size_t set_len;
		if (der_next(&rdn_p, rdn_end, &tag, &set, &set_len) < 0 || tag != 0x31)
			goto bad;
		for (const uint8_t *a = set, *a_end = set + set_len; a < a_end;) {
			const uint8_t *atv, *oid, *val;
			size_t atv_len, oid_len, val_len;
			uint8_t oid_tag, val_tag;
			if (der_next(&a, a_end, &tag, &atv, &atv_len) < 0 || tag != 0x30)
				goto bad;
			const uint8_t *q = atv, *q_end = atv + atv_len;
			if (der_next(&q, q_end, &oid_tag, &oid, &oid_len) < 0 || oid_tag != 0x06 ||
			    der_next(&q, q_end, &val_tag, &val, &val_len) < 0)
				goto bad;
			const char *label = attr_label(oid, oid_len);
			if (label)
				append_attr(out, cap, &used, label, val, val_len);
		}
	}
	if (!used)
		wb_strlcpy(out, "(no CN or O)", cap);
	return 0;
bad:
	wb_strlcpy(out, "(malformed name)", cap);
	return -WB_EPROTO;
}

int x509_cert_issuer(const uint8_t *der, size_t len, const uint8_t **name, size_t *name_len)
{
	/* Certificate ::= SEQUENCE { tbsCertificate SEQUENCE { [0] version OPTIONAL,
	 * serialNumber, signature AlgorithmIdentifier, issuer Name, ... } ... } */
	const uint8_t *p = der, *end = der + len, *cert, *tbs, *v;
	size_t cert_len, tbs_len, vlen;
	uint8_t tag;
	if (der_next(&p, end, &tag, &cert, &cert_len) < 0 || tag != 0x30)
		return -WB_EPROTO;
	p = cert;
	if (der_next(&p, cert + cert_len, &tag, &tbs, &tbs_len) < 0 || tag != 0x30)
		return -WB_EPROTO;
	const uint8_t *q = tbs, *q_end = tbs + tbs_len;
	if (der_next(&q, q_end, &tag, &v, &vlen) < 0)
		return -WB_EPROTO;
	if (tag == 0xa0 && der_next(&q, q_end, &tag, &v, &vlen) < 0) /* version, then serial */
		return -WB_EPROTO;
	if (der_next(&q, q_end, &tag, &v, &vlen) < 0 || tag != 0x30) /* signature algorithm */
		return -WB_EPROTO;
	const uint8_t *field = q;
	if (der_next(&q, q_end, &tag, &v, &vlen) < 0 || tag != 0x30) /* issuer */
		return -WB_EPROTO;
	*name = field;
	*name_len = (size_t)(q - field);
	return 0;
}

void x509_date_text(uint32_t days, uint32_t seconds, char *out, size_t cap)
{
	/* Civil date from a day count (H. Hinnant's algorithm), shifted to 0000-03-01 eras. */
	int64_t z = (int64_t)days - 60; /* 0000-03-01 is day 60 of year 0 (a leap year) */
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t d = doy - (153 * mp + 2) / 5 + 1;
	int64_t m = mp < 10 ? mp + 3 : mp - 9;
	int64_t y = yoe + era * 400 + (m <= 2);
	wb_snprintf(out, cap, "%04d-%02d-%02d %02u:%02u:%02u UTC", (int)y, (int)m, (int)d,
		    (unsigned)(seconds / 3600 % 24), (unsigned)(seconds / 60 % 60), (unsigned)(seconds % 60));
}
