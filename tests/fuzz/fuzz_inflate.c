// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: gzip_inflate() and inflate_raw() on arbitrary input into a small output
 * buffer (ASan catches any write past it); a success never reports more than it had room
 * for, nor consumes more input than there was.
 */
#include <stdint.h>
#include <stdlib.h>

#include "loaders/inflate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t out[1 << 16];
	size_t n = 0, used = 0;

	if (gzip_inflate(data, size, out, sizeof(out), &n) == 0 && n > sizeof(out))
		abort();
	if (inflate_raw(data, size, &used, out, sizeof(out), &n) == 0 && used > size)
		abort();
	if (n > sizeof(out))
		abort();
	return 0;
}
