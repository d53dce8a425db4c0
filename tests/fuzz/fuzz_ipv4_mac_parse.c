// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: wb_parse_ipv4, wb_parse_mac and wb_strtou64 on arbitrary strings.  What
 * parses must format back to text that parses to the same value.
 */
#include <stdint.h>
#include <stdlib.h>

#include "core/errors.h"
#include "core/printf.h"
#include "core/string.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';

	uint32_t ip, ip2;
	char text[WB_MAC_STRLEN];
	if (wb_parse_ipv4(s, &ip) == 0) {
		wb_fmt_ipv4(text, ip);
		if (wb_parse_ipv4(text, &ip2) != 0 || ip2 != ip)
			abort();
	}
	uint8_t mac[6], mac2[6];
	if (wb_parse_mac(s, mac) == 0) {
		wb_fmt_mac(text, mac, '-');
		if (wb_parse_mac(text, mac2) != 0 || memcmp(mac, mac2, 6))
			abort();
	}
	/* The first byte picks a base too, including the invalid 1 and 37. */
	const int bases[] = { size ? data[0] % 38 : 0, 0, 10, 16 };
	for (size_t i = 0; i < sizeof(bases) / sizeof(bases[0]); i++) {
		unsigned long long v = 0, v2;
		const char *end;
		int r = wb_strtou64(s, &end, bases[i], &v);
		if (end < s || end > s + size || (r == -WB_EINVAL) != (end == s))
			abort();
		if (r == 0 && bases[i] == 10) {
			char num[24];
			wb_snprintf(num, sizeof(num), "%llu", v);
			if (wb_strtou64(num, NULL, 10, &v2) != 0 || v2 != v)
				abort();
		}
	}
	free(s);
	return 0;
}
