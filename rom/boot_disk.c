/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * chain.c32 on BIOS: read the disk's MBR (or a partition's boot record: primary, logical or
 * GPT, found by loaders/partition_table.c) with INT 13h and start it as the BIOS would: at
 * 0000:7C00 with DL = the drive.  For a partition, as chain.c32 and MBR code do, DS:SI points
 * to its hand-over (the 16-byte partition entry, active flag set; for GPT the synthetic entry
 * + the GPT entry, EAX = "!GPT"), kept at 0000:07BE where a relocated MBR keeps its table.
 *
 * The sector cannot be read straight to 7C00: wireboot itself runs there.  A 12-byte real-mode
 * stub at 0000:0600 copies it from 0000:0A00 (past the longest hand-over) into place once
 * wireboot is left, then jumps.
 */
#include "rom/boot_disk.h"

#include "core/errors.h"
#include "core/printf.h"
#include "core/string.h"
#include "loaders/boot_plan.h"
#include "loaders/partition_table.h"
#include "rom/boot_linux.h"
#include "rom/realmode.h"

#define SECTOR 512
#define BOOT_ADDR 0x7C00
#define STUB_ADDR 0x0600
#define HANDOVER_ADDR 0x07BE
#define SECTOR_COPY_ADDR 0x0A00

_Static_assert(HANDOVER_ADDR + PARTITION_HANDOVER_MAX <= SECTOR_COPY_ADDR,
	       "the hand-over would overlap the sector's copy");

/* cld; rep movsw; mov si, 0x07BE; sti; jmp 0000:7C00 */
static const uint8_t stub[] = { 0xFC, 0xF3, 0xA5, 0xBE, 0xBE, 0x07, 0xFB,
				0xEA, 0x00, 0x7C, 0x00, 0x00 };

static uint8_t sector[SECTOR] __attribute__((aligned(16)));
static struct partition_boot part;

/* INT 13h extended read disk address packet (EDD). */
struct dap {
	uint8_t size, zero;
	uint16_t count;
	segoff_t buffer;
	uint64_t lba;
} __attribute__((packed));
static struct dap dap;

/* Read one sector of drive at lba into `sector`: AH=42h (EDD), for sector 0 else AH=02h. */
static int read_sector(uint8_t drive, uint64_t lba)
{
	dap = (struct dap){ .size = sizeof(dap), .count = 1, .buffer = segoff_of(sector),
			    .lba = lba };
	struct rm_regs r = { .eax = 0x4200, .edx = drive, .ds = rm_seg(&dap), .esi = rm_off(&dap) };
	bios_int(0x13, &r);
	if ((r.flags & EFLAGS_CF) && lba == 0) {
		r = (struct rm_regs){ .eax = 0x0201, .ecx = 0x0001, .edx = drive,
				      .es = rm_seg(sector), .ebx = rm_off(sector) };
		bios_int(0x13, &r);
	}
	if (r.flags & EFLAGS_CF) {
		wb_printf("chain: drive 0x%02x LBA %u: read failed (INT 13h status 0x%02x)\n",
			  drive, (unsigned)lba, (unsigned)(r.eax >> 8 & 0xFF));
		return -WB_EIO;
	}
	return 0;
}

/* partition_find's sector reader: ctx is the drive number. */
static const uint8_t *read_for_table(void *ctx, uint64_t lba)
{
	return read_sector((uint8_t)(uintptr_t)ctx, lba) ? NULL : sector;
}

static bool has_boot_signature(void) { return sector[510] == 0x55 && sector[511] == 0xAA; }

int rom_boot_disk(const struct boot_plan *plan)
{
	const struct boot_disk *d = &plan->disk;
	char err[120];
	int rc;

	if (d->efi_boot_option >= 0) {
		wb_printf("chain: boot=XXXX is for UEFI\n");
		return -WB_ENOTSUP;
	}
	memset(&part, 0, sizeof(part));
	if (d->partition) {
		rc = partition_find(d->partition, read_for_table, (void *)(uintptr_t)d->bios_drive,
				    &part, err, sizeof(err));
		if (rc) {
			wb_printf("chain: drive 0x%02x partition %u: %s\n", d->bios_drive,
				  d->partition, err);
			return rc;
		}
	}
	if ((rc = read_sector(d->bios_drive, part.lba)))
		return rc;
	if (!has_boot_signature()) {
		wb_printf("chain: no boot signature (55 AA) in that boot record\n");
		return -WB_ENOEXEC;
	}
	if (d->partition)
		wb_printf("chain: booting drive 0x%02x partition %u (LBA %llu)\n", d->bios_drive,
			  d->partition, (unsigned long long)part.lba);
	else
		wb_printf("chain: booting drive 0x%02x (master boot record)\n", d->bios_drive);
	rom_shutdown(false);
	/* Nothing may fail from here on. */
	memcpy((void *)(uintptr_t)STUB_ADDR, stub, sizeof(stub));
	/* All of it: zeros for the MBR itself, and below the sector's copy either way. */
	memcpy((void *)(uintptr_t)HANDOVER_ADDR, part.handover, sizeof(part.handover));
	memcpy((void *)(uintptr_t)SECTOR_COPY_ADDR, sector, SECTOR);
	struct rm_regs r = { .eax = part.eax, .ecx = SECTOR / 2, .edx = d->bios_drive,
			     .esi = SECTOR_COPY_ADDR, .edi = BOOT_ADDR };
	rm_jump(&r, 0, BOOT_ADDR, 0, STUB_ADDR);
}
