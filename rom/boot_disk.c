/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * chain.c32 on BIOS: read the disk's MBR (or a primary partition's boot record) with INT 13h
 * and start it as the BIOS would: at 0000:7C00 with DL = the drive.  For a partition, as
 * chain.c32 and MBR code do, DS:SI points to its 16-byte partition table entry (active flag
 * set), kept at 0000:07BE where a relocated MBR keeps its table.
 *
 * The sector cannot be read straight to 7C00: wireboot itself runs there.  A 11-byte real-mode
 * stub at 0000:0600 copies it from 0000:0800 into place once wireboot is left, then jumps.
 */
#include "rom/boot_disk.h"

#include "core/errors.h"
#include "core/printf.h"
#include "core/string.h"
#include "loaders/boot_plan.h"
#include "rom/boot_linux.h"
#include "rom/realmode.h"

#define SECTOR 512
#define BOOT_ADDR 0x7C00
#define STUB_ADDR 0x0600
#define PART_ENTRY_ADDR 0x07BE
#define SECTOR_COPY_ADDR 0x0800
#define MBR_TABLE 0x1BE
#define MBR_ENTRY 16

/* cld; rep movsw; mov si, 0x07BE; sti; jmp 0000:7C00 */
static const uint8_t stub[] = { 0xFC, 0xF3, 0xA5, 0xBE, 0xBE, 0x07, 0xFB,
				0xEA, 0x00, 0x7C, 0x00, 0x00 };

static uint8_t sector[SECTOR] __attribute__((aligned(16)));

/* INT 13h extended read disk address packet (EDD). */
struct dap {
	uint8_t size, zero;
	uint16_t count;
	segoff_t buffer;
	uint64_t lba;
} __attribute__((packed));
static struct dap dap;

/* Read one sector of drive at lba into `sector`: AH=42h (EDD), for sector 0 else AH=02h. */
static int read_sector(uint8_t drive, uint32_t lba)
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

static bool has_boot_signature(void) { return sector[510] == 0x55 && sector[511] == 0xAA; }

int rom_boot_disk(const struct boot_plan *plan)
{
	const struct boot_disk *d = &plan->disk;
	uint8_t entry[MBR_ENTRY];
	int err;

	if (d->efi_boot_option >= 0) {
		wb_printf("chain: boot=XXXX is for UEFI\n");
		return -WB_ENOTSUP;
	}
	if ((err = read_sector(d->bios_drive, 0)))
		return err;
	if (!has_boot_signature()) {
		goto no_signature;
	}
	memset(entry, 0, sizeof(entry));
	if (d->partition) {
		memcpy(entry, sector + MBR_TABLE + (d->partition - 1) * MBR_ENTRY, MBR_ENTRY);
		uint32_t lba = (uint32_t)entry[8] | (uint32_t)entry[9] << 8 |
			       (uint32_t)entry[10] << 16 | (uint32_t)entry[11] << 24;
		if (!entry[4] || !lba) {
			wb_printf("chain: drive 0x%02x has no partition %u\n", d->bios_drive,
				  d->partition);
			return -WB_ENOENT;
		}
		if ((err = read_sector(d->bios_drive, lba)))
			return err;
		if (!has_boot_signature())
			goto no_signature;
		entry[0] = 0x80; /* active, as chain.c32 hands it over */
		wb_printf("chain: booting drive 0x%02x partition %u (LBA %u)\n", d->bios_drive,
			  d->partition, (unsigned)lba);
	} else {
		wb_printf("chain: booting drive 0x%02x (master boot record)\n", d->bios_drive);
	}
	rom_shutdown(false);
	/* Nothing may fail from here on. */
	memcpy((void *)(uintptr_t)STUB_ADDR, stub, sizeof(stub));
	memcpy((void *)(uintptr_t)PART_ENTRY_ADDR, entry, sizeof(entry));
	memcpy((void *)(uintptr_t)SECTOR_COPY_ADDR, sector, SECTOR);
	struct rm_regs r = { .ecx = SECTOR / 2, .edx = d->bios_drive, .esi = SECTOR_COPY_ADDR,
			     .edi = BOOT_ADDR };
	rm_jump(&r, 0, BOOT_ADDR, 0, STUB_ADDR);
no_signature:
	wb_printf("chain: no boot signature (55 AA) in that boot record\n");
	return -WB_ENOEXEC;
}
