// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * rom/unpack.c on arbitrary input: the first 2 bytes are the destination size (little-endian),
 * the rest is the packed stream.  The destination is a heap buffer of exactly that size, so
 * ASan catches any write (or read) outside it; a stream that decodes must fill it and read
 * exactly its input.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "rom/unpack.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	uint32_t dst_len = data[0] | (uint32_t)data[1] << 8;
	uint8_t *dst = malloc(dst_len ? dst_len : 1);
	if (!dst)
		return 0;
	int rc = unpack(data + 2, (uint32_t)(size - 2), dst, dst_len);
	if (rc != 0 && rc != -1)
		abort();
	free(dst);
	return 0;
}
