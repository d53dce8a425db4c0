/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * platform_cpuid() for every x86 platform (BIOS i686, UEFI x86-64, Linux host): the
 * instruction is the same in 32- and 64-bit code.  Unit tests use their fake instead.
 */
#include "core/platform.h"
#include "core/x86.h"

void platform_cpuid(uint32_t leaf, uint32_t regs[4])
{
	x86_cpuid(leaf, 0, regs);
}
