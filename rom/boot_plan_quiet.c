// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The BIOS images never run with no_boot (nothing sets it there), so they link this instead
 * of loaders/boot_plan_print.c: the report, its sha256 and its per-kind lines stay out of the
 * 64 KiB image.
 */
#include "loaders/boot.h"

void boot_plan_print(const struct boot_plan *plan)
{
	(void)plan;
}
