/* SPDX-License-Identifier: GPL-2.0-or-later */
/* chain.c32's partition N of a BIOS disk: MBR primary/logical or GPT (loaders/partition_table.c). */
#ifndef WB_LOADERS_PARTITION_TABLE_H
#define WB_LOADERS_PARTITION_TABLE_H

#include <stddef.h>
#include <stdint.h>

#define PARTITION_SECTOR 512
#define PARTITION_MBR_TABLE 0x1BE
#define PARTITION_MBR_ENTRY 16
/* The GPT hand-over: the synthetic MBR entry, the GPT entry's length, the entry (<= 512). */
#define PARTITION_HANDOVER_MAX (PARTITION_MBR_ENTRY + 4 + PARTITION_SECTOR)
#define PARTITION_EAX_GPT 0x54504721u /* "!GPT" in EAX: DS:SI has the GPT hand-over */

/* Sector lba of the disk (PARTITION_SECTOR bytes), or NULL when it cannot be read.  The
 * pointer needs to stay valid only until the next call. */
typedef const uint8_t *(*partition_read_fn)(void *ctx, uint64_t lba);

struct partition_boot {
	uint64_t lba;             /* the partition's first sector: its boot record */
	uint32_t eax;             /* 0, or PARTITION_EAX_GPT */
	size_t handover_len;      /* bytes of handover, for DS:SI */
	uint8_t handover[PARTITION_HANDOVER_MAX];
};

/* Partition `number` (1-4 primary, 5+ logical on an MBR disk; GPT entry `number` on a disk
 * whose MBR is protective) and its hand-over, as syslinux's chain.c32 gives it.  0, or
 * -WB_ENOENT (no such partition), -WB_EBADMAGIC (a broken table), -WB_EIO (a failed read),
 * -WB_ENOTSUP (logical/GPT: not in the 64 KiB BIOS images, whose rom/partition_table_primary.c
 * reads primary partitions only), with a message in err. */
int partition_find(unsigned number, partition_read_fn read, void *ctx,
		   struct partition_boot *out, char *err, size_t errlen);

#endif
