// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * core/progress.c driven by the fake clock, seen through a screen sink and a serial sink:
 * exact lines, the per-sink redraw rates, the final and error lines, sizes beyond 4 GB.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/console.h"
#include "core/errors.h"
#include "core/progress.h"
#include "core/string.h"
#include "tests/unit/fake_console.h"
#include "tests/unit/fake_platform.h"

static struct fake_sink screen = FAKE_SINK("screen", CONSOLE_ANSI, NULL);
static struct fake_sink serial = FAKE_SINK("serial", CONSOLE_SERIAL, NULL);

static void clear(void)
{
	fake_sink_clear(&screen);
	fake_sink_clear(&serial);
}

static int setup(void **state)
{
	(void)state;
	fake_console_attach(&screen, &serial, NULL);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fake_console_detach(&screen, &serial, NULL);
	return 0;
}

/* The text of the last redraw or final line in a sink's output, from its '\r' on. */
static const char *last_line(const struct fake_sink *f)
{
	const char *r = strrchr(f->out, '\r');
	assert_non_null(r);
	return r;
}

/*
 * Expected lines were computed independently with Python's % formatting:
 *   "%-16s %8s / %-8s %3u%% [%s] %12s ETA %s" % (name, size(done), size(total), ...)
 */
static void test_known_size(void **state)
{
	(void)state;
	struct progress p;
	progress_start(&p, "vmlinuz", 8000000);
	assert_int_equal(screen.writes + serial.writes, 0); /* nothing until there is news */

	fake_time_advance_ms(50);
	progress_update(&p, 400000);
	assert_int_equal(screen.writes + serial.writes, 0); /* too soon for either */

	fake_time_advance_ms(50); /* 100 ms: the screen redraws, the serial line waits */
	progress_update(&p, 800000);
	assert_string_equal(screen.out,
		"\rvmlinuz          800.0 KB / 8.0 MB    10% [#         ]     8.0 MB/s ETA 0:01");
	assert_int_equal(serial.writes, 0);

	fake_time_advance_ms(150); /* 250 ms: both */
	clear();
	progress_update(&p, 2000000);
	const char *line = "\rvmlinuz            2.0 MB / 8.0 MB    25% [##        ]     8.0 MB/s ETA 0:01";
	assert_string_equal(screen.out, line);
	assert_string_equal(serial.out, line);

	fake_time_advance_ms(750); /* 1 s */
	clear();
	progress_update(&p, 7999999);
	assert_string_equal(screen.out,
		"\rvmlinuz            7.9 MB / 8.0 MB    99% [######### ]     7.9 MB/s ETA 0:01");
	assert_string_equal(serial.out, screen.out);

	fake_time_advance_ms(10);
	clear();
	progress_update(&p, 8000000); /* 10 ms later: no redraw */
	assert_int_equal(screen.writes + serial.writes, 0);
	progress_finish(&p, 0);
	/* The final line, blanked to the 76 columns of the progress line, then a newline. */
	assert_string_equal(screen.out, "\rvmlinuz          8000000 bytes in 1.01 s, 7.9 MB/s"
					"                          \n");
	assert_string_equal(serial.out, screen.out);
}

static void test_serial_is_rate_limited(void **state)
{
	(void)state;
	struct progress p;
	progress_start(&p, "initrd.img", 100000000);
	for (int ms = 10; ms <= 10000; ms += 10) { /* an update every 10 ms for 10 s */
		fake_time_advance_ms(10);
		progress_update(&p, (uint64_t)ms * 10000);
	}
	assert_int_equal(serial.writes, 40);  /* 4 per second */
	assert_int_equal(screen.writes, 100); /* 10 per second */
	assert_string_equal(last_line(&serial),
		"\rinitrd.img       100.0 MB / 100.0 MB 100% [##########]    10.0 MB/s ETA 0:00");
	progress_finish(&p, 0);
	assert_int_equal(serial.writes, 41);
	assert_string_equal(last_line(&serial), "\rinitrd.img       100000000 bytes in 10.00 s, 10.0 MB/s"
						"                      \n"); /* blanks to the 76 columns drawn */
}

static void test_unknown_size_and_error(void **state)
{
	(void)state;
	struct progress p;
	progress_start(&p, "pxelinux.cfg/default", 0); /* shortened from the left */
	fake_time_advance_ms(500);
	progress_update(&p, 1500);
	assert_string_equal(serial.out, "\r...x.cfg/default   1.5 KB       3 KB/s");
	assert_string_equal(screen.out, serial.out);
	clear();
	progress_finish(&p, -WB_ETIMEDOUT);
	assert_string_equal(serial.out,
		"\r...x.cfg/default failed after 1.5 KB: timed out: no answer from the server\n");
}

static void test_small_file_prints_only_the_summary(void **state)
{
	(void)state;
	struct progress p;
	progress_start(&p, "default", 412);
	fake_time_advance_ms(20);
	progress_update(&p, 412);
	progress_finish(&p, 0);
	assert_string_equal(screen.out, "\rdefault          412 bytes in 0.02 s, 20 KB/s\n");
	assert_string_equal(serial.out, screen.out);
}

static void test_beyond_4gb(void **state)
{
	(void)state;
	struct progress p;
	uint64_t total = 6000000000ull; /* 6 GB: needs 64-bit math everywhere */
	progress_start(&p, "disk.img", total);
	fake_time_advance_ms(60000);
	progress_update(&p, 4500000000ull);
	assert_string_equal(screen.out,
		"\rdisk.img         4500.0 MB / 6000.0 MB  75% [#######   ]    75.0 MB/s ETA 0:20");
	fake_time_advance_ms(20000);
	clear();
	progress_update(&p, total + 5); /* more than announced: clamps at 100% */
	assert_string_equal(screen.out,
		"\rdisk.img         6000.0 MB / 6000.0 MB 100% [##########]    75.0 MB/s ETA 0:00");
	clear();
	progress_finish(&p, 0);
	assert_string_equal(screen.out, "\rdisk.img         6000000005 bytes in 80.00 s, 75.0 MB/s"
					"                       \n"); /* blanks to the 78 columns drawn */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_known_size, setup, teardown),
		cmocka_unit_test_setup_teardown(test_serial_is_rate_limited, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_size_and_error, setup, teardown),
		cmocka_unit_test_setup_teardown(test_small_file_prints_only_the_summary, setup, teardown),
		cmocka_unit_test_setup_teardown(test_beyond_4gb, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
