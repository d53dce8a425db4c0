// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * platform_time_us() on UEFI: the TSC, calibrated once against the firmware's Stall() (which
 * OVMF and real firmware implement with a fixed-rate timer such as the ACPI PM timer or the
 * HPET).  Reading the TSC costs a few cycles, is monotonic, and needs no interrupts; the
 * firmware's timer events would tick only every 10 ms or so.
 */
#include "efi/efi_platform.h"

#include "core/calendar.h"
#include "core/errors.h"
#include "core/platform.h"

#define CALIBRATION_US 20000

static uint64_t tsc_start;
/* Microseconds per TSC tick as a 32.32 fixed-point factor. */
static uint64_t us_per_tick_q32;

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

void efi_clock_init(void)
{
	uint64_t t0, ticks;

	t0 = rdtsc();
	BS->Stall(CALIBRATION_US);
	ticks = rdtsc() - t0;
	if (ticks < CALIBRATION_US)
		ticks = CALIBRATION_US; /* a TSC slower than 1 MHz is broken; keep time moving */
	us_per_tick_q32 = ((uint64_t)CALIBRATION_US << 32) / ticks;
	tsc_start = t0;
}

uint64_t platform_time_us(void)
{
	unsigned __int128 t = (unsigned __int128)(rdtsc() - tsc_start) * us_per_tick_q32;
	return (uint64_t)(t >> 32);
}

/* The firmware's real-time clock (GetTime), converted from its calendar fields. */
int platform_wall_clock(uint64_t *unix_seconds)
{
	EFI_TIME t;
	if (EFI_ERROR(RT->GetTime(&t, NULL)) || t.Month < 1 || t.Month > 12 || t.Year < 1970)
		return -WB_EIO;
	int64_t secs = calendar_unix_seconds(t.Year, t.Month, t.Day, t.Hour, t.Minute, t.Second);
	if (t.TimeZone != EFI_UNSPECIFIED_TIMEZONE)
		secs += (int64_t)t.TimeZone * 60; /* UEFI 2.x: local time = UTC - TimeZone (minutes) */
	*unix_seconds = (uint64_t)secs;
	return 0;
}
