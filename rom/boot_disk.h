/* SPDX-License-Identifier: GPL-2.0-or-later */
/* chain.c32 on BIOS (BOOT_KIND_DISK plans). */
#ifndef WB_ROM_BOOT_DISK_H
#define WB_ROM_BOOT_DISK_H

struct boot_plan;

/* Load the MBR or a partition's boot record to 0000:7C00 and jump; returns only on failure. */
int rom_boot_disk(const struct boot_plan *plan);

#endif
