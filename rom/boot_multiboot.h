/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Entering a Multiboot 1 kernel from the BIOS images (rom_boot_multiboot). */
#ifndef WB_ROM_BOOT_MULTIBOOT_H
#define WB_ROM_BOOT_MULTIBOOT_H

struct boot_plan;

/* Start a MULTIBOOT plan (rom/boot.c); returns only on failure. */
int rom_boot_multiboot(const struct boot_plan *plan);

#endif
