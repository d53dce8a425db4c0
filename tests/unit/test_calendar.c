// SPDX-License-Identifier: GPL-2.0-or-later
/* core/calendar.c: dates to Unix time, against values from `date -u -d ... +%s` and timegm. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include <cmocka.h>

#include "core/calendar.h"

static void test_known_dates(void **state)
{
	(void)state;
	assert_int_equal(calendar_unix_seconds(1970, 1, 1, 0, 0, 0), 0);
	assert_int_equal(calendar_unix_seconds(1969, 12, 31, 23, 59, 59), -1);
	assert_int_equal(calendar_unix_seconds(2000, 2, 29, 12, 0, 0), 951825600);
	assert_int_equal(calendar_unix_seconds(2026, 12, 7, 21, 10, 26), 1796677826);
	assert_int_equal(calendar_unix_seconds(2038, 1, 19, 3, 14, 8), 2147483648LL);
	assert_int_equal(calendar_unix_seconds(2100, 3, 1, 0, 0, 0), 4107542400LL);
}

/* Every day from 1900 to 2199 at 23:59:59 agrees with the C library's timegm(). */
static void test_every_day_against_timegm(void **state)
{
	(void)state;
	static const unsigned mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	for (int y = 1900; y < 2200; y++) {
		int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
		for (unsigned m = 1; m <= 12; m++) {
			unsigned days = mdays[m - 1] + (m == 2 && leap);
			for (unsigned d = 1; d <= days; d++) {
				struct tm tm = { .tm_year = y - 1900, .tm_mon = (int)m - 1, .tm_mday = (int)d,
						 .tm_hour = 23, .tm_min = 59, .tm_sec = 59 };
				assert_int_equal(calendar_unix_seconds(y, m, d, 23, 59, 59), (int64_t)timegm(&tm));
			}
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_dates),
		cmocka_unit_test(test_every_day_against_timegm),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
