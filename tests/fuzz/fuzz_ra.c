// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for server/ra's RS/RA parser: arbitrary bytes (the first one is the hop
 * limit) must parse or fail cleanly, and what parses must be an RS or a long-enough RA.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "server/ra.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ra_message m;

	if (size < 1)
		return 0;
	/* A private copy of exactly the message, so ASan catches any read beyond it. */
	uint8_t *buf = malloc(size);
	if (!buf)
		return 0;
	memcpy(buf, data + 1, size - 1);
	if (ra_parse(buf, size - 1, data[0] == 0xff ? 255 : data[0], &m) == 0) {
		if (m.type != ICMPV6_ROUTER_SOLICIT && m.type != ICMPV6_ROUTER_ADVERT)
			abort();
		if (m.type == ICMPV6_ROUTER_ADVERT && size - 1 < RA_ADVERT_LEN)
			abort();
		if (m.n_prefixes > (size - 1) / 8)
			abort();
	}
	free(buf);
	return 0;
}
