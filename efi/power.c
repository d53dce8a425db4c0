// SPDX-License-Identifier: GPL-2.0-or-later
/* reboot.c32 / poweroff.c32 on UEFI: the firmware's ResetSystem (cold reset or shutdown). */
#include "efi/efi_platform.h"

#include "core/errors.h"
#include "core/printf.h"
#include "loaders/boot_plan.h"

int efi_power(const struct boot_plan *plan)
{
	bool off = plan->power == BOOT_POWER_OFF;

	wb_printf("%s: %s through the firmware (ResetSystem)\n", off ? "poweroff.c32" : "reboot.c32",
		  off ? "powering off" : "resetting");
	efi_snp_release();
	RT->ResetSystem(off ? EfiResetShutdown : EfiResetCold, EFI_SUCCESS, 0, NULL);
	wb_printf("ResetSystem returned: the firmware cannot %s\n", off ? "power off" : "reset");
	return -WB_EIO;
}
