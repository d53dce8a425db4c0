// SPDX-License-Identifier: GPL-2.0-or-later
/* core/console.c: two fake sinks (a screen and a serial line), filters, removal, keys. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/console.h"
#include "core/string.h"

struct fake_sink {
	struct console_sink sink; /* first: the callbacks cast back */
	char out[256];
	size_t len;
	int keys[4];
	int nkeys;
};

static void fake_write(struct console_sink *sink, const char *s, size_t n)
{
	struct fake_sink *f = (struct fake_sink *)sink;
	assert_true(f->len + n < sizeof(f->out));
	memcpy(f->out + f->len, s, n);
	f->len += n;
	f->out[f->len] = '\0';
}

static int fake_getkey(struct console_sink *sink)
{
	struct fake_sink *f = (struct fake_sink *)sink;
	if (!f->nkeys)
		return KEY_NONE;
	int k = f->keys[0];
	memmove(f->keys, f->keys + 1, sizeof(f->keys) - sizeof(f->keys[0]));
	f->nkeys--;
	return k;
}

static struct fake_sink screen = { .sink = { "screen", CONSOLE_ANSI, fake_write, fake_getkey, NULL } };
static struct fake_sink serial = { .sink = { "serial", CONSOLE_SERIAL | CONSOLE_ANSI, fake_write,
					     fake_getkey, NULL } };

static int setup(void **state)
{
	(void)state;
	screen.len = serial.len = 0;
	screen.out[0] = serial.out[0] = '\0';
	screen.nkeys = serial.nkeys = 0;
	console_add(&screen.sink);
	console_add(&serial.sink);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	console_remove(&screen.sink);
	console_remove(&serial.sink);
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
	struct fake_sink mute = { .sink = { "mute", 0, fake_write, NULL, NULL } };
	console_add(&mute.sink);
	assert_int_equal(console_getkey(), KEY_NONE);
	console_remove(&mute.sink);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_write_reaches_every_sink, setup, teardown),
		cmocka_unit_test_setup_teardown(test_add_is_idempotent_and_remove_works, setup, teardown),
		cmocka_unit_test_setup_teardown(test_filtered, setup, teardown),
		cmocka_unit_test_setup_teardown(test_getkey, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
