// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for net/dns_packet.  The input is taken as a reply to a query for
 * "boot.lab" whose id is the input's first two bytes (so most inputs get past the id
 * check), asking A or AAAA records by the third byte's low bit: whatever parses must give
 * sane values (addresses of the asked family only).  The input is also used as a name: a query
 * built for it must answer itself (the query with QR set parses, with no address).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "net/dns_packet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dns_result r;
	/* A private copy of exactly `size` bytes, so ASan catches any read beyond it. */
	uint8_t *buf = malloc(size ? size : 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	uint16_t id = size >= 2 ? (uint16_t)(buf[0] << 8 | buf[1]) : 0;
	uint16_t qtype = size >= 3 && (buf[2] & 1) ? DNS_TYPE_AAAA : DNS_TYPE_A;
	if (dns_parse_response(buf, size, id, "boot.lab", qtype, &r) == 0) {
		if (r.rcode > 15 || r.cnames > DNS_MAX_CNAMES + 1 || (r.n_addrs && r.cnames > DNS_MAX_CNAMES) ||
		    r.n_addrs > DNS_ADDRS_MAX)
			abort();
		for (unsigned i = 0; i < r.n_addrs; i++)
			if (r.addrs[i].family != (qtype == DNS_TYPE_AAAA ? IP_ADDR_V6 : IP_ADDR_V4))
				abort();
	}
	free(buf);

	char name[DNS_NAME_MAX + 8];
	size_t n = size < sizeof(name) - 1 ? size : sizeof(name) - 1;
	memcpy(name, data, n);
	name[n] = '\0';
	uint8_t q[DNS_QUERY_MAX];
	int len = dns_build_query(q, sizeof(q), 0x4242, name, DNS_TYPE_AAAA);
	if (len >= 0) {
		if ((size_t)len != DNS_HLEN + strlen(name) + 6)
			abort();
		q[2] |= 0x80; /* the query as its own (empty) answer */
		int err = dns_parse_response(q, (size_t)len, 0x4242, name, DNS_TYPE_AAAA, &r);
		/* Only names with NUL-free, dot-free labels can come back; others are refused. */
		if (err == 0 && (r.n_addrs || r.rcode))
			abort();
	}
	return 0;
}
