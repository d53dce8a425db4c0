/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The monotonic clock (platform_time_us): the TSC, calibrated once against the PIT. */
#ifndef WB_ROM_CLOCK_H
#define WB_ROM_CLOCK_H

#include <stdint.h>

/* Calibrate; falls back to the BIOS tick counter (55 ms steps) without a usable TSC. */
void clock_init(void);
/* TSC frequency in kHz found by clock_init() (0 when the BIOS ticks are used). */
uint32_t clock_tsc_khz(void);

#endif
