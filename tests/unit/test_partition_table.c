// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * loaders/partition_table.c on disks built here: primary and logical partitions (an EBR
 * chain), a GPT behind a protective MBR (header CRC32, entry N, the "!GPT" hand-over), and
 * the tables it refuses: a broken chain, a bad CRC, unused entries, unreadable sectors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdint.h>
#include <string.h>

#include "core/byteorder.h"
#include "core/errors.h"
#include "loaders/inflate.h"
#include "loaders/partition_table.h"

#define SECTORS 64
static uint8_t disk[SECTORS][PARTITION_SECTOR];

static const uint8_t *read_disk(void *ctx, uint64_t lba)
{
	(void)ctx;
	return lba < SECTORS ? disk[lba] : NULL;
}

/* Entry i (0-3) of the table in sector `lba`, which gets its 55 AA. */
static void entry(unsigned lba, int i, uint8_t type, uint32_t start, uint32_t count)
{
	uint8_t *e = disk[lba] + 0x1BE + 16 * i;
	e[4] = type;
	put_le32(e + 8, start);
	put_le32(e + 12, count);
	disk[lba][510] = 0x55;
	disk[lba][511] = 0xAA;
}

/* MBR: primary 1 at 8, extended (type 0x0F) at 16 with logical partitions at 16+2 and
 * 24+2 (the second EBR at 16+8). */
static void mbr_disk(void)
{
	memset(disk, 0, sizeof(disk));
	entry(0, 0, 0x0C, 8, 8);
	entry(0, 1, 0x0F, 16, 40);
	entry(16, 0, 0x83, 2, 6);
	entry(16, 1, 0x05, 8, 8);
	entry(24, 0, 0x07, 2, 20);
}

static void test_primary_and_logical(void **state)
{
	(void)state;
	struct partition_boot pb;
	char err[120];
	mbr_disk();
	assert_int_equal(partition_find(1, read_disk, NULL, &pb, err, sizeof(err)), 0);
	assert_int_equal(pb.lba, 8);
	assert_int_equal(pb.eax, 0);
	assert_int_equal(pb.handover_len, 16);
	assert_int_equal(pb.handover[0], 0x80);
	assert_int_equal(pb.handover[4], 0x0C);
	assert_int_equal(partition_find(5, read_disk, NULL, &pb, err, sizeof(err)), 0);
	assert_int_equal(pb.lba, 18);
	assert_int_equal(pb.handover[4], 0x83);
	assert_int_equal(pb.handover[8], 18); /* absolute, not relative to the EBR */
	assert_int_equal(pb.handover[0], 0x80);
	assert_int_equal(partition_find(6, read_disk, NULL, &pb, err, sizeof(err)), 0);
	assert_int_equal(pb.lba, 26);
	assert_int_equal(pb.handover[4], 0x07);
	assert_int_equal(partition_find(7, read_disk, NULL, &pb, err, sizeof(err)), -WB_ENOENT);
	assert_string_equal(err, "no logical partition 7 (the last one is 6)");
	assert_int_equal(partition_find(2, read_disk, NULL, &pb, err, sizeof(err)), -WB_ENOENT);
	assert_string_equal(err, "no bootable primary partition 2");
	assert_int_equal(partition_find(3, read_disk, NULL, &pb, err, sizeof(err)), -WB_ENOENT);
	assert_string_equal(err, "no bootable primary partition 3");
	assert_int_equal(partition_find(0, read_disk, NULL, &pb, err, sizeof(err)), -WB_ENOENT);
}

static void test_logical_refusals(void **state)
{
	(void)state;
	struct partition_boot pb;
	char err[120];
	mbr_disk();
	disk[24][511] = 0; /* the second EBR lost its signature */
	assert_int_equal(partition_find(6, read_disk, NULL, &pb, err, sizeof(err)), -WB_EBADMAGIC);
	assert_string_equal(err, "EBR (LBA 24): no 55 AA signature");
	mbr_disk();
	entry(24, 1, 0x05, 8, 8); /* points back at itself: the walk still ends */
	assert_int_equal(partition_find(200, read_disk, NULL, &pb, err, sizeof(err)), -WB_ENOENT);
	entry(16, 1, 0x05, 200, 8); /* beyond the disk */
	assert_int_equal(partition_find(6, read_disk, NULL, &pb, err, sizeof(err)), -WB_EIO);
	memset(disk[0] + 0x1BE, 0, 64);
	entry(0, 0, 0x83, 8, 8);
	assert_int_equal(partition_find(5, read_disk, NULL, &pb, err, sizeof(err)), -WB_ENOENT);
	assert_string_equal(err, "no extended partition, so no logical partition 5");
	disk[0][510] = 0;
	assert_int_equal(partition_find(1, read_disk, NULL, &pb, err, sizeof(err)), -WB_EBADMAGIC);
}

/* Protective MBR, GPT header at 1, 4 entries of esize bytes from LBA 2: entry 2 is
 * LBA 34-41 (type GUID bytes 0xAB), the others unused. */
static void gpt_disk(uint32_t esize)
{
	memset(disk, 0, sizeof(disk));
	entry(0, 0, 0xEE, 1, SECTORS - 1);
	uint8_t *h = disk[1];
	memcpy(h, "EFI PART", 8);
	put_le32(h + 8, 0x00010000);
	put_le32(h + 12, 92);
	put_le64(h + 72, 2);
	put_le32(h + 80, 4);
	put_le32(h + 84, esize);
	uint8_t *e = &disk[0][0] + 2 * PARTITION_SECTOR + esize; /* entry 2 */
	memset(e, 0xAB, 16);
	put_le64(e + 32, 34);
	put_le64(e + 40, 41);
	memcpy(e + 56, "b\0o\0o\0t\0", 8);
	put_le32(h + 16, wb_crc32(0, h, 92));
}

static void test_gpt(void **state)
{
	(void)state;
	struct partition_boot pb;
	char err[120];
	gpt_disk(128);
	assert_int_equal(partition_find(2, read_disk, NULL, &pb, err, sizeof(err)), 0);
	assert_int_equal(pb.lba, 34);
	assert_int_equal(pb.eax, 0x54504721);
	assert_int_equal(pb.handover_len, 16 + 4 + 128);
	static const uint8_t head[20] = { 0x80, 0, 0, 0, 0xED, 0, 0, 0, 34, 0, 0, 0, 8, 0, 0, 0,
					  128, 0, 0, 0 };
	assert_memory_equal(pb.handover, head, 20);
	assert_memory_equal(pb.handover + 20, &disk[2][128], 128);
	assert_int_equal(partition_find(1, read_disk, NULL, &pb, err, sizeof(err)), -WB_ENOENT);
	assert_string_equal(err, "GPT entry 1 is unused");
	assert_int_equal(partition_find(5, read_disk, NULL, &pb, err, sizeof(err)), -WB_ENOENT);
	assert_string_equal(err, "no GPT entry 5 (the GPT has 4)");
	gpt_disk(512); /* entry 2 is the first one of LBA 3 */
	assert_int_equal(partition_find(2, read_disk, NULL, &pb, err, sizeof(err)), 0);
	assert_int_equal(pb.handover_len, 16 + 4 + 512);
	assert_memory_equal(pb.handover + 20, disk[3], 512);
}

static void test_gpt_refusals(void **state)
{
	(void)state;
	struct partition_boot pb;
	char err[120];
	gpt_disk(128);
	disk[1][72] ^= 1; /* entries moved: the CRC32 no longer matches */
	assert_int_equal(partition_find(2, read_disk, NULL, &pb, err, sizeof(err)), -WB_EBADMAGIC);
	assert_non_null(strstr(err, "GPT header (LBA 1) is not valid"));
	gpt_disk(96);
	assert_int_equal(partition_find(2, read_disk, NULL, &pb, err, sizeof(err)), -WB_EBADMAGIC);
	assert_string_equal(err, "GPT entries of 96 bytes (not 128, 256 or 512)");
	gpt_disk(128);
	put_le64(&disk[2][128 + 40], 20); /* ends before it starts */
	assert_int_equal(partition_find(2, read_disk, NULL, &pb, err, sizeof(err)), -WB_EBADMAGIC);
	gpt_disk(128);
	put_le64(disk[1] + 72, 1000); /* entries beyond the disk */
	put_le32(disk[1] + 16, 0);
	put_le32(disk[1] + 16, wb_crc32(0, disk[1], 92));
	assert_int_equal(partition_find(2, read_disk, NULL, &pb, err, sizeof(err)), -WB_EIO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_primary_and_logical),
		cmocka_unit_test(test_logical_refusals),
		cmocka_unit_test(test_gpt),
		cmocka_unit_test(test_gpt_refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
