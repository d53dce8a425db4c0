/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Chaining a PXE boot program on BIOS (BOOT_KIND_PXE plans, from `PXE file`, a `.0` / `.pxe`
 * / `.kpxe` name or pxechn.c32): the program is placed at 0000:7C00 and entered exactly as a
 * PXE ROM enters an NBP (rom/nbp_enter.S), with the firmware's PXE stack handed over as
 * wireboot found it and its cached DHCP packets naming the program (loaders/pxe_bootp.h).
 * Linked into wireboot.pxe only; images without a firmware PXE stack refuse the plan.
 */
#ifndef WB_ROM_BOOT_PXE_H
#define WB_ROM_BOOT_PXE_H

struct boot_plan;

/* Start the program; returns only on failure (nothing changed then). */
int rom_boot_pxe(const struct boot_plan *plan);

#endif
