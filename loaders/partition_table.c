/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * chain.c32's partition numbers on a BIOS disk, counted as syslinux's chain.c32 counts them:
 *  - MBR disk: 1-4 the primary entries; 5, 6, ... the logical partitions along the chain of
 *    extended boot records (EBRs) from the MBR's extended partition, each EBR's first entry a
 *    logical partition (its start relative to that EBR), its second the link to the next EBR
 *    (relative to the extended partition).  DS:SI's hand-over: the partition's 16-byte entry
 *    with the active flag set and its absolute start LBA.
 *  - GPT disk (an MBR entry of type 0xEE): N is entry N of the GPT, found through the header
 *    at LBA 1 (signature, size and CRC32 checked).  The hand-over is syslinux's (doc/gpt.txt,
 *    the T13 GPT hand-over of gptmbr.bin and chain.c32): a synthetic MBR entry of type 0xED
 *    (active, start and sector count saturated at 0xFFFFFFFF), the GPT entry's length
 *    (dword), the GPT entry; EAX = "!GPT".
 * The 64 KiB BIOS images link rom/partition_table_primary.c instead (primary partitions).
 */
#include "loaders/partition_table.h"

#include "core/byteorder.h"
#include "core/errors.h"
#include "core/printf.h"
#include "core/string.h"
#include "loaders/inflate.h"

#define TYPE_GPT_PROTECTIVE 0xEE
#define TYPE_GPT_HANDOVER 0xED
#define MAX_EBRS 128 /* links of the EBR chain followed: ends a looping chain */
#define GPT_HEADER_LBA 1
#define GPT_HEADER_MIN 92

static uint32_t saturate32(uint64_t v) { return v < 0xFFFFFFFFu ? (uint32_t)v : 0xFFFFFFFFu; }

static bool is_extended(uint8_t type) { return type == 0x05 || type == 0x0F || type == 0x85; }

/* Sector lba with its 55 AA checked; NULL (with *rc and err set) otherwise. */
static const uint8_t *read_boot_sector(partition_read_fn read, void *ctx, uint64_t lba,
				       const char *what, int *rc, char *err, size_t errlen)
{
	const uint8_t *s = read(ctx, lba);
	if (!s) {
		*rc = -WB_EIO;
		wb_snprintf(err, errlen, "%s (LBA %llu): read failed", what, (unsigned long long)lba);
	} else if (s[510] != 0x55 || s[511] != 0xAA) {
		*rc = -WB_EBADMAGIC;
		wb_snprintf(err, errlen, "%s (LBA %llu): no 55 AA signature", what,
			    (unsigned long long)lba);
		s = NULL;
	}
	return s;
}

/* The MBR hand-over: the entry, active, with the partition's absolute start lba. */
static void mbr_handover(struct partition_boot *out, const uint8_t *entry, uint64_t lba)
{
	memcpy(out->handover, entry, PARTITION_MBR_ENTRY);
	out->handover[0] = 0x80;
	put_le32(out->handover + 8, (uint32_t)lba);
	out->handover_len = PARTITION_MBR_ENTRY;
	out->lba = lba;
	out->eax = 0;
}

/* Logical partition `number` (5+) of the extended partition at extended_lba (0: none). */
static int find_logical(unsigned number, uint64_t extended_lba, partition_read_fn read,
			void *ctx, struct partition_boot *out, char *err, size_t errlen)
{
	if (!extended_lba) {
		wb_snprintf(err, errlen, "no extended partition, so no logical partition %u",
			    number);
		return -WB_ENOENT;
	}
	uint64_t ebr = extended_lba;
	unsigned n = 4;
	int rc = 0;
	for (int links = 0; links < MAX_EBRS; links++) {
		const uint8_t *s = read_boot_sector(read, ctx, ebr, "EBR", &rc, err, errlen);
		if (!s)
			return rc;
		const uint8_t *part = s + PARTITION_MBR_TABLE, *next = part + PARTITION_MBR_ENTRY;
		if (part[4] && get_le32(part + 8) && ++n == number) {
			mbr_handover(out, part, ebr + get_le32(part + 8));
			return 0;
		}
		if (!is_extended(next[4]) || !get_le32(next + 8))
			break;
		ebr = extended_lba + get_le32(next + 8);
	}
	wb_snprintf(err, errlen, "no logical partition %u (the last one is %u)", number, n);
	return -WB_ENOENT;
}

/* GPT entry `number`. */
static int find_gpt(unsigned number, partition_read_fn read, void *ctx,
		    struct partition_boot *out, char *err, size_t errlen)
{
	static const uint8_t zero[16];
	const uint8_t *h = read(ctx, GPT_HEADER_LBA);
	if (!h) {
		wb_snprintf(err, errlen, "the GPT header (LBA 1) could not be read");
		return -WB_EIO;
	}
	/* The CRC32 covers the header with its own CRC field as zeros. */
	uint32_t hsize = get_le32(h + 12);
	if (memcmp(h, "EFI PART", 8) || hsize < GPT_HEADER_MIN || hsize > PARTITION_SECTOR ||
	    wb_crc32(wb_crc32(wb_crc32(0, h, 16), zero, 4), h + 20, hsize - 20) != get_le32(h + 16)) {
		wb_snprintf(err, errlen, "the protective MBR's GPT header (LBA 1) is not valid "
			    "(signature, size or CRC32)");
		return -WB_EBADMAGIC;
	}
	uint64_t entries = get_le64(h + 72);
	uint32_t count = get_le32(h + 80), esize = get_le32(h + 84);
	if (esize < 128 || esize > PARTITION_SECTOR || (esize & (esize - 1))) {
		wb_snprintf(err, errlen, "GPT entries of %u bytes (not 128, 256 or 512)",
			    (unsigned)esize);
		return -WB_EBADMAGIC;
	}
	if (number > count) {
		wb_snprintf(err, errlen, "no GPT entry %u (the GPT has %u)", number,
			    (unsigned)count);
		return -WB_ENOENT;
	}
	uint64_t off = (uint64_t)(number - 1) * esize;
	const uint8_t *s = read(ctx, entries + off / PARTITION_SECTOR);
	if (!s) {
		wb_snprintf(err, errlen, "GPT entry %u could not be read", number);
		return -WB_EIO;
	}
	const uint8_t *e = s + off % PARTITION_SECTOR;
	uint64_t first = get_le64(e + 32), last = get_le64(e + 40);
	if (!memcmp(e, zero, 16)) {
		wb_snprintf(err, errlen, "GPT entry %u is unused", number);
		return -WB_ENOENT;
	}
	if (!first || last < first) {
		wb_snprintf(err, errlen, "GPT entry %u: LBAs %llu-%llu are not a partition", number,
			    (unsigned long long)first, (unsigned long long)last);
		return -WB_EBADMAGIC;
	}
	memset(out->handover, 0, PARTITION_MBR_ENTRY);
	out->handover[0] = 0x80;
	out->handover[4] = TYPE_GPT_HANDOVER;
	put_le32(out->handover + 8, saturate32(first));
	put_le32(out->handover + 12, saturate32(last - first + 1));
	put_le32(out->handover + 16, esize);
	memcpy(out->handover + 20, e, esize);
	out->handover_len = 20 + esize;
	out->lba = first;
	out->eax = PARTITION_EAX_GPT;
	return 0;
}

int partition_find(unsigned number, partition_read_fn read, void *ctx,
		   struct partition_boot *out, char *err, size_t errlen)
{
	int rc = 0;
	const uint8_t *mbr = read_boot_sector(read, ctx, 0, "MBR", &rc, err, errlen);
	if (!mbr)
		return rc;
	uint64_t extended = 0;
	for (int i = 0; i < 4; i++) {
		const uint8_t *e = mbr + PARTITION_MBR_TABLE + i * PARTITION_MBR_ENTRY;
		if (e[4] == TYPE_GPT_PROTECTIVE)
			return find_gpt(number, read, ctx, out, err, errlen);
		if (is_extended(e[4]) && !extended)
			extended = get_le32(e + 8);
	}
	if (number > 4)
		return find_logical(number, extended, read, ctx, out, err, errlen);
	const uint8_t *e = number ? mbr + PARTITION_MBR_TABLE + (number - 1) * PARTITION_MBR_ENTRY
				  : NULL;
	if (!e || !e[4] || !get_le32(e + 8) || is_extended(e[4])) {
		wb_snprintf(err, errlen, "no bootable primary partition %u", number);
		return -WB_ENOENT;
	}
	mbr_handover(out, e, get_le32(e + 8));
	return 0;
}
