// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * core/console.c: two fake sinks (a screen and a serial line), filters, removal, keys, the
 * video console turned off and on.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/console.h"
#include "tests/unit/fake_console.h"

static struct fake_sink screen = FAKE_SINK("screen", CONSOLE_ANSI | CONSOLE_VIDEO, fake_sink_getkey);
static struct fake_sink serial = FAKE_SINK("serial", CONSOLE_SERIAL | CONSOLE_ANSI, fake_sink_getkey);

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

static void test_write_reaches_every_sink(void **state)
{
	(void)state;
	console_puts("wireboot\n");
	console_write("abcdef", 3);
	console_write("", 0);
	assert_string_equal(screen.out, "wireboot\nabc");
	assert_string_equal(serial.out, "wireboot\nabc");
}

static void test_add_is_idempotent_and_remove_works(void **state)
{
	(void)state;
	console_add(&screen.sink); /* again: must not be written twice */
	console_puts("x");
	assert_string_equal(screen.out, "x");
	console_remove(&screen.sink);
	console_remove(&screen.sink); /* again: harmless */
	console_puts("y");
	assert_string_equal(screen.out, "x");
	assert_string_equal(serial.out, "xy");
	console_add(&screen.sink); /* back, now after serial */
	console_puts("z");
	assert_string_equal(screen.out, "xz");
	assert_string_equal(serial.out, "xyz");
}

static void test_filtered(void **state)
{
	(void)state;
	console_write_filtered("S", 1, CONSOLE_SERIAL, 0);
	console_write_filtered("N", 1, 0, CONSOLE_SERIAL);
	console_write_filtered("A", 1, CONSOLE_ANSI, 0);
	console_write_filtered("B", 1, CONSOLE_ANSI | CONSOLE_SERIAL, 0);
	console_write_filtered("-", 1, 0, CONSOLE_ANSI);
	assert_string_equal(screen.out, "NA");
	assert_string_equal(serial.out, "SAB");
}

static void test_getkey(void **state)
{
	(void)state;
	assert_int_equal(console_getkey(), KEY_NONE);
	serial.keys[serial.nkeys++] = 'q';
	assert_int_equal(console_getkey(), 'q');
	screen.keys[screen.nkeys++] = KEY_UP;
	serial.keys[serial.nkeys++] = '\r';
	assert_int_equal(console_getkey(), KEY_UP); /* first registered sink first */
	assert_int_equal(console_getkey(), '\r');
	assert_int_equal(console_getkey(), KEY_NONE);
	/* A sink without input is skipped. */
	static struct fake_sink mute = FAKE_SINK("mute", 0, NULL);
	console_add(&mute.sink);
	assert_int_equal(console_getkey(), KEY_NONE);
	console_remove(&mute.sink);
}

/* CONSOLE 0 silences the video sinks only, for every kind of write; keys still come. */
static void test_video_off_and_on(void **state)
{
	(void)state;
	console_set_video(false);
	console_puts("a");
	console_write_filtered("b", 1, CONSOLE_ANSI, 0);
	console_write_filtered("c", 1, 0, CONSOLE_SERIAL);
	screen.keys[screen.nkeys++] = 'k';
	assert_int_equal(console_getkey(), 'k');
	console_set_video(true);
	console_puts("d");
	console_set_video(true); /* twice: still on */
	console_write_filtered("e", 1, 0, CONSOLE_SERIAL);
	assert_string_equal(screen.out, "de");
	assert_string_equal(serial.out, "abd");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_write_reaches_every_sink, setup, teardown),
		cmocka_unit_test_setup_teardown(test_add_is_idempotent_and_remove_works, setup, teardown),
		cmocka_unit_test_setup_teardown(test_filtered, setup, teardown),
		cmocka_unit_test_setup_teardown(test_getkey, setup, teardown),
		cmocka_unit_test_setup_teardown(test_video_off_and_on, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
