// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * platform_time_us() for BIOS: the TSC, scaled with a 32.32 fixed-point factor measured
 * against PIT channel 2 (its gate is port 0x61 bit 0 and its output reads back on bit 5, so
 * no interrupt is needed).  Without a TSC, the BIOS tick count at 40:6C.
 */
#include "rom/clock.h"

#include <stdbool.h>

#include "core/platform.h"
#include "core/x86.h"
#include "rom/realmode.h"

#define PIT_HZ 1193182
#define PIT_CH2 0x42
#define PIT_CMD 0x43
#define PIT_GATE 0x61
#define CALIBRATE_TICKS 11932 /* 10 ms */

static uint64_t tsc_start;
static uint32_t us_per_tsc_frac; /* microseconds per TSC tick, << 32 */
static uint32_t tsc_khz;
static uint64_t last_us;

static bool have_tsc(void)
{
	uint32_t r[4];
	x86_cpuid(1, 0, r);
	return r[3] & 0x10;
}

void clock_init(void)
{
	if (!have_tsc())
		return;
	uint8_t gate = inb(PIT_GATE);
	outb(PIT_GATE, (gate & ~0x02) | 0x01); /* speaker off, gate on */
	outb(PIT_CMD, 0xB0);                   /* channel 2, lo/hi byte, mode 0, binary */
	outb(PIT_CH2, CALIBRATE_TICKS & 0xFF);
	outb(PIT_CH2, CALIBRATE_TICKS >> 8);
	uint64_t t0 = x86_rdtsc();
	uint32_t spins = 0;
	while (!(inb(PIT_GATE) & 0x20) && ++spins < 100000000)
		;
	uint64_t t1 = x86_rdtsc();
	outb(PIT_GATE, gate);
	uint64_t ticks = t1 - t0;
	uint64_t hz = ticks * PIT_HZ / CALIBRATE_TICKS;
	if (hz < 1000000) /* no PIT or a broken TSC: keep the BIOS ticks */
		return;
	tsc_khz = (uint32_t)(hz / 1000);
	us_per_tsc_frac = (uint32_t)((1000000ULL << 32) / hz);
	tsc_start = t1;
}

uint32_t clock_tsc_khz(void) { return tsc_khz; }

uint64_t platform_time_us(void)
{
	uint64_t now;
	if (tsc_khz) {
		uint64_t d = x86_rdtsc() - tsc_start;
		now = (d >> 32) * us_per_tsc_frac + (((d & 0xFFFFFFFF) * us_per_tsc_frac) >> 32);
	} else {
		/* 1573040 ticks a day: 54925 us each (midnight rollover ignored). */
		now = (uint64_t)bda_read32(BDA_TICKS) * 54925;
	}
	if (now < last_us) /* never backwards */
		now = last_us;
	last_us = now;
	return now;
}
