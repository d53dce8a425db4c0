// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * platform_wall_clock() for BIOS: the CMOS real-time clock (MC146818-compatible, ports
 * 0x70/0x71), read in protected mode without the BIOS.  Read only by the image that carries
 * TLS (certificate dates, net/tls.c; also mixed into the TLS seed).
 *
 * The RTC is taken to keep UTC, as Linux and QEMU (-rtc base=utc, the default) keep it; a
 * machine whose RTC keeps local time (Windows does) is off by its time zone, which matters
 * only for a certificate within hours of its validity dates.  A wrong or flat clock is
 * caught by TLS_MIN_TIME (docs/https-and-signatures.md).
 */
#include <stdbool.h>

#include "core/calendar.h"
#include "core/errors.h"
#include "core/platform.h"
#include "core/string.h"
#include "rom/realmode.h"

#define CMOS_INDEX 0x70
#define CMOS_DATA 0x71
#define RTC_SECONDS 0x00
#define RTC_MINUTES 0x02
#define RTC_HOURS 0x04
#define RTC_DAY 0x07
#define RTC_MONTH 0x08
#define RTC_YEAR 0x09
#define RTC_STATUS_A 0x0A
#define RTC_STATUS_B 0x0B
#define RTC_CENTURY 0x32 /* the ACPI FADT's usual CENTURY register (SeaBIOS, most PCs) */
#define STATUS_A_UIP 0x80 /* an update is in progress: the registers are changing */
#define STATUS_B_24H 0x02
#define STATUS_B_BINARY 0x04
#define HOURS_PM 0x80 /* 12-hour mode */

struct rtc_fields {
	uint8_t sec, min, hour, day, month, year, century;
};

static uint8_t cmos_read(uint8_t reg)
{
	outb(CMOS_INDEX, reg); /* bit 7 clear: NMIs stay enabled */
	return inb(CMOS_DATA);
}

/* One reading of the date and time registers, after any update in progress has ended. */
static void read_fields(struct rtc_fields *f)
{
	for (unsigned spins = 0; (cmos_read(RTC_STATUS_A) & STATUS_A_UIP) && spins < 100000; spins++)
		;
	f->sec = cmos_read(RTC_SECONDS);
	f->min = cmos_read(RTC_MINUTES);
	f->hour = cmos_read(RTC_HOURS);
	f->day = cmos_read(RTC_DAY);
	f->month = cmos_read(RTC_MONTH);
	f->year = cmos_read(RTC_YEAR);
	f->century = cmos_read(RTC_CENTURY);
}

static unsigned from_bcd(uint8_t v)
{
	return (v >> 4) * 10u + (v & 0x0F);
}

int platform_wall_clock(uint64_t *unix_seconds)
{
	struct rtc_fields a, b;
	int tries = 0;
	read_fields(&b);
	do { /* two equal readings in a row: no update came between the registers */
		a = b;
		read_fields(&b);
	} while (memcmp(&a, &b, sizeof(a)) && ++tries < 5);
	uint8_t status_b = cmos_read(RTC_STATUS_B);
	bool pm = !(status_b & STATUS_B_24H) && (a.hour & HOURS_PM);
	a.hour &= (uint8_t)~HOURS_PM;
	unsigned sec = a.sec, min = a.min, hour = a.hour, day = a.day, month = a.month,
		 year = a.year, century = a.century;
	if (!(status_b & STATUS_B_BINARY)) {
		sec = from_bcd(a.sec);
		min = from_bcd(a.min);
		hour = from_bcd(a.hour);
		day = from_bcd(a.day);
		month = from_bcd(a.month);
		year = from_bcd(a.year);
		century = from_bcd(a.century);
	}
	if (!(status_b & STATUS_B_24H))
		hour = hour % 12 + (pm ? 12 : 0);
	if (century < 19 || century > 29) /* no century register: the RTC's years are 20xx */
		century = 20;
	if (sec > 59 || min > 59 || hour > 23 || day < 1 || day > 31 || month < 1 || month > 12 ||
	    year > 99)
		return -WB_EIO; /* not running, or not an RTC */
	*unix_seconds = (uint64_t)calendar_unix_seconds((int)(century * 100 + year), month, day,
							hour, min, sec);
	return 0;
}
