// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * loaders/partition_table.c on an arbitrary disk: the input's first byte is the partition
 * number asked for, the rest the disk's sectors (a heap copy of exactly that size, so ASan
 * catches any read beyond a sector; a sector past the end reads as an I/O error).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "loaders/partition_table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct disk {
	const uint8_t *bytes;
	size_t sectors;
};

static const uint8_t *read_sector(void *ctx, uint64_t lba)
{
	const struct disk *d = ctx;
	return lba < d->sectors ? d->bytes + lba * PARTITION_SECTOR : NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	size_t len = (size - 1) / PARTITION_SECTOR * PARTITION_SECTOR;
	uint8_t *copy = malloc(len ? len : 1);
	if (!copy)
		return 0;
	memcpy(copy, data + 1, len);
	struct disk d = { copy, len / PARTITION_SECTOR };
	struct partition_boot pb;
	char err[120];
	if (partition_find(data[0], read_sector, &d, &pb, err, sizeof(err)) == 0 &&
	    (pb.handover_len < PARTITION_MBR_ENTRY || pb.handover_len > sizeof(pb.handover)))
		abort();
	free(copy);
	return 0;
}
