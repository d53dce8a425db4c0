// SPDX-License-Identifier: GPL-2.0-or-later
/* Calendar dates to Unix time: see core/calendar.h. */
#include "core/calendar.h"

int64_t calendar_unix_seconds(int year, unsigned month, unsigned day, unsigned hour,
			      unsigned minute, unsigned second)
{
	/* Days since 1970-01-01 (H. Hinnant's days_from_civil), in 32-bit arithmetic: the
	 * years of any clock fit, and the BIOS build then needs no 64-bit division. */
	int y = year - (month <= 2);
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int mp = month > 2 ? (int)month - 3 : (int)month + 9;
	int doy = (153 * mp + 2) / 5 + (int)day - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	int32_t days = era * 146097 + doe - 719468;
	return (int64_t)days * 86400 + hour * 3600 + minute * 60 + second;
}
