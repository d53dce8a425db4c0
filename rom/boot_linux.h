/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Booting a Linux/x86 bzImage through its 16-bit real-mode setup entry (rom_boot_linux), and
 * LOCALBOOT (platform_local_boot, INT 18h).  Shared by every BIOS image.
 */
#ifndef WB_ROM_BOOT_LINUX_H
#define WB_ROM_BOOT_LINUX_H

#include <stdbool.h>

struct boot_plan;

/* Start a Linux kernel (rom/boot.c hands it the LINUX plans); returns only on failure. */
int rom_boot_linux(const struct boot_plan *plan);

/*
 * Supplied by rom/platform_init.c: quiesce the network before leaving wireboot.  for_kernel:
 * an OS takes over, so firmware network stacks are unloaded too (PXE: UNDI_SHUTDOWN,
 * UNLOAD_STACK, STOP_UNDI); otherwise (LOCALBOOT) only the device is closed.
 */
void rom_shutdown(bool for_kernel);

#endif
