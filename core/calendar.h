/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Calendar dates to Unix time, for the platforms' wall clocks (UEFI GetTime, the CMOS RTC). */
#ifndef WB_CORE_CALENDAR_H
#define WB_CORE_CALENDAR_H

#include <stdint.h>

/*
 * Seconds since 1970-01-01 00:00:00 of a proleptic Gregorian date and time of day (month
 * 1-12, day 1-31); the caller checks the ranges.  Negative before 1970.
 */
int64_t calendar_unix_seconds(int year, unsigned month, unsigned day, unsigned hour,
			      unsigned minute, unsigned second);

#endif
