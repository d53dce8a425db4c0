// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * partition_find() for the 64 KiB BIOS images (wireboot.pxe and the option ROMs),
 * which have no room for loaders/partition_table.c: primary partitions 1-4 of an MBR disk
 * only; anything else is refused with the images that boot logical and GPT partitions.
 */
#include "core/byteorder.h"
#include "core/errors.h"
#include "core/string.h"
#include "loaders/partition_table.h"

int partition_find(unsigned number, partition_read_fn read, void *ctx,
		   struct partition_boot *out, char *err, size_t errlen)
{
	const uint8_t *mbr = read(ctx, 0), *e = NULL;
	if (mbr && mbr[510] == 0x55 && mbr[511] == 0xAA && number - 1 < 4 &&
	    mbr[PARTITION_MBR_TABLE + 4] != 0xEE)
		e = mbr + PARTITION_MBR_TABLE + (number - 1) * PARTITION_MBR_ENTRY;
	if (!e || !e[4] || !get_le32(e + 8)) {
		wb_strlcpy(err, "not a primary partition 1-4 (logical/GPT: wireboot.usb, "
			   "wireboot.lkrn, wireboot-tls.pxe)", errlen);
		return -WB_ENOENT;
	}
	memcpy(out->handover, e, PARTITION_MBR_ENTRY);
	out->handover[0] = 0x80;
	out->handover_len = PARTITION_MBR_ENTRY;
	out->lba = get_le32(e + 8);
	return 0;
}
