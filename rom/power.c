/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * reboot.c32 and poweroff.c32 on BIOS.  Reboot: the PCI reset control register (0xCF9: a
 * full reset on the PIIX/ICH chipsets QEMU has and most PCs since), then the keyboard
 * controller's reset line (0xFE to port 0x64), as Linux's reboot fallbacks do.  Power off:
 * rom/poweroff.c.
 */
#include "rom/power.h"

#include "core/errors.h"
#include "core/printf.h"
#include "core/time.h"
#include "loaders/boot_plan.h"
#include "rom/boot_linux.h"
#include "rom/io.h"

#define RESET_CONTROL 0xCF9
#define KBC_STATUS 0x64
#define KBC_INPUT_FULL 0x02
#define KBC_PULSE_RESET 0xFE

void rom_wait_ms(unsigned ms)
{
	uint64_t end = time_now_us() + (uint64_t)ms * 1000;
	while (!time_after_us(time_now_us(), end))
		;
}

static int reboot(void)
{
	wb_printf("reboot.c32: resetting the machine\n");
	rom_shutdown(true);
	outb(RESET_CONTROL, 0x02); /* system reset, then full reset + CPU reset */
	outb(RESET_CONTROL, 0x06);
	rom_wait_ms(100);
	for (int i = 0; i < 100000 && (inb(KBC_STATUS) & KBC_INPUT_FULL); i++)
		;
	outb(KBC_STATUS, KBC_PULSE_RESET);
	rom_wait_ms(500);
	return -WB_EIO;
}

int rom_power(const struct boot_plan *plan)
{
	return plan->power == BOOT_POWER_OFF ? rom_power_off() : reboot();
}
