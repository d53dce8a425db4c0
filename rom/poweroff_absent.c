// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * wireboot-virtio-ipv6.rom (rom/module.mk) leaves poweroff.c32 out, to fit its resident PXE
 * API into 64 KiB: it links this instead of rom/poweroff.c and rom/acpi.c (ACPI S5).
 * poweroff.c32 is refused by name; reboot.c32 works (rom/power.c).
 */
#include "core/errors.h"
#include "core/printf.h"
#include "rom/power.h"

int rom_power_off(void)
{
	wb_printf("poweroff.c32: this image (wireboot-virtio-ipv6.rom) has no ACPI power-off: "
		  "use wireboot-virtio.rom, or reboot.c32\n");
	return -WB_ENOTSUP;
}
