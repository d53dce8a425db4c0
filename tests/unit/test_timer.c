// SPDX-License-Identifier: GPL-2.0-or-later
/* core/timer.c on the fake clock: ordering, re-arming, disarming from callbacks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/string.h"
#include "core/time.h"
#include "tests/unit/fake_platform.h"

static char order[64];
static size_t norder;
static struct timer a, b, c;

static void record(struct timer *t)
{
	order[norder++] = t == &a ? 'a' : t == &b ? 'b' : 'c';
	order[norder] = '\0';
}

static int setup(void **state)
{
	(void)state;
	norder = 0;
	order[0] = '\0';
	a = (struct timer){ .fn = record };
	b = (struct timer){ .fn = record };
	c = (struct timer){ .fn = record };
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	timer_disarm(&a);
	timer_disarm(&b);
	timer_disarm(&c);
	return 0;
}

static void test_clock(void **state)
{
	(void)state;
	fake_time_us = 5000123;
	assert_int_equal(time_now_us(), 5000123);
	assert_int_equal(time_now_ms(), 5000);
	fake_time_advance_ms(250);
	assert_int_equal(time_now_us(), 5250123);
	assert_true(time_after_us(10, 10));
	assert_true(time_after_us(11, 10));
	assert_false(time_after_us(9, 10));
	assert_true(time_after_us(5, UINT64_MAX - 5)); /* across the wrap */
}

static void test_fire_in_order(void **state)
{
	(void)state;
	timer_arm(&a, 300);
	timer_arm(&b, 100);
	timer_arm(&c, 200);
	assert_int_equal(timers_run(), 0);
	fake_time_advance_ms(99);
	assert_int_equal(timers_run(), 0);
	fake_time_advance_ms(1);
	assert_int_equal(timers_run(), 1);
	assert_string_equal(order, "b");
	assert_false(b.armed);
	assert_true(a.armed);
	fake_time_advance_ms(500);
	assert_int_equal(timers_run(), 2);
	assert_string_equal(order, "bca");
	assert_int_equal(timers_run(), 0);
}

static void test_equal_expiry_is_fifo_and_rearm_moves(void **state)
{
	(void)state;
	timer_arm(&c, 50);
	timer_arm(&a, 50);
	timer_arm(&b, 50);
	timer_arm(&c, 60); /* re-arming replaces the old expiry */
	fake_time_advance_ms(50);
	assert_int_equal(timers_run(), 2);
	assert_string_equal(order, "ab");
	fake_time_advance_ms(10);
	assert_int_equal(timers_run(), 1);
	assert_string_equal(order, "abc");
}

static void test_disarm(void **state)
{
	(void)state;
	timer_arm(&a, 10);
	timer_arm(&b, 10);
	timer_disarm(&a);
	timer_disarm(&a); /* twice is harmless */
	assert_false(a.armed);
	fake_time_advance_ms(10);
	assert_int_equal(timers_run(), 1);
	assert_string_equal(order, "b");
}

/* a re-arms itself with no delay and disarms c, which was due in the same run. */
static void rearm_self_disarm_c(struct timer *t)
{
	record(t);
	timer_arm(t, 0);
	timer_disarm(&c);
}

static void test_callbacks_change_timers(void **state)
{
	(void)state;
	a.fn = rearm_self_disarm_c;
	timer_arm(&a, 5);
	timer_arm(&c, 5);
	fake_time_advance_ms(5);
	assert_int_equal(timers_run(), 1); /* no endless loop, c cancelled */
	assert_string_equal(order, "a");
	assert_true(a.armed);
	assert_false(c.armed);
	assert_int_equal(timers_run(), 1); /* a runs again on the next pass */
	assert_string_equal(order, "aa");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clock),
		cmocka_unit_test_setup_teardown(test_fire_in_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_equal_expiry_is_fifo_and_rearm_moves, setup, teardown),
		cmocka_unit_test_setup_teardown(test_disarm, setup, teardown),
		cmocka_unit_test_setup_teardown(test_callbacks_change_timers, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
