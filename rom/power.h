/* SPDX-License-Identifier: GPL-2.0-or-later */
/* reboot.c32 / poweroff.c32 on BIOS (BOOT_KIND_POWER plans). */
#ifndef WB_ROM_POWER_H
#define WB_ROM_POWER_H

struct boot_plan;

/* Reset (port 0xCF9, then the keyboard controller) or ACPI S5; returns only on failure. */
int rom_power(const struct boot_plan *plan);

/* ACPI S5 (rom/poweroff.c, or rom/poweroff_absent.c: refused); returns only on failure. */
int rom_power_off(void);

/* Busy-wait ms milliseconds on the platform clock. */
void rom_wait_ms(unsigned ms);

#endif
