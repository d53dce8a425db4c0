// SPDX-License-Identifier: GPL-2.0-or-later
/* net/net_url and net/ip_addr: arbitrary text as a URL and as an address; what parses is
 * formatted and parsed again and must give the same address. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "net/ip_addr.h"
#include "net/net_url.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char text[600];
	if (size >= sizeof(text))
		return 0;
	memcpy(text, data, size);
	text[size] = 0;
	struct net_url u;
	if (net_url_parse(text, &u) == 0 && (u.path < text || u.path > text + size))
		abort();
	struct ip_addr a, b;
	if (ip_addr_parse(text, size, &a) == 0) {
		char buf[IP_ADDR_STRLEN];
		ip_addr_fmt(buf, &a);
		if (ip_addr_parse(buf, strlen(buf), &b) < 0 || !ip_addr_eq(&a, &b))
			abort();
	}
	return 0;
}
