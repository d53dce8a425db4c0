// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for net/tftp_packet: parse arbitrary bytes; whatever parses must point
 * inside the input, and options that parse must build and parse back to the same values.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "net/tftp_packet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int same_options(const struct tftp_options *a, const struct tftp_options *b)
{
	return a->blksize == b->blksize && a->windowsize == b->windowsize &&
	       a->timeout == b->timeout && a->has_tsize == b->has_tsize &&
	       (!a->has_tsize || a->tsize == b->tsize);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tftp_packet p, q;
	uint8_t out[1024];

	/* A private copy of exactly `size` bytes, so ASan catches any read beyond it. */
	uint8_t *buf = malloc(size ? size : 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	if (tftp_parse(buf, size, &p) == 0) {
		const uint8_t *end = buf + size;
		if (p.filename && ((const uint8_t *)p.filename < buf ||
				   (const uint8_t *)p.filename + strlen(p.filename) >= end))
			abort();
		if (p.data && (p.data < buf || p.data + p.data_len > end))
			abort();
		if (p.opcode == TFTP_ERROR)
			(void)strlen(p.error_msg);
		if (p.opcode == TFTP_OACK || p.opcode == TFTP_RRQ) {
			int n = tftp_build_oack(out, sizeof(out), &p.opts);
			if (n < 0 || tftp_parse(out, (size_t)n, &q) != 0 ||
			    !same_options(&p.opts, &q.opts))
				abort();
		}
	}
	free(buf);
	return 0;
}
