// SPDX-License-Identifier: GPL-2.0-or-later
/* core/errors: every code has a distinct name and a message, either sign works. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "core/errors.h"

static void test_every_code_has_message_and_name(void **state)
{
	(void)state;
	for (int e = 1; e < WB_ERROR_COUNT; e++) {
		assert_non_null(wb_strerror(e));
		assert_string_not_equal(wb_strerror(e), "unknown error");
		assert_int_equal(strncmp(wb_errname(e), "WB_E", 4), 0);
		for (int f = 1; f < e; f++)
			assert_string_not_equal(wb_errname(e), wb_errname(f));
	}
}

static void test_sign_and_range(void **state)
{
	(void)state;
	assert_string_equal(wb_strerror(-WB_ENOENT), "file not found");
	assert_string_equal(wb_strerror(WB_ENOENT), "file not found");
	assert_string_equal(wb_errname(-WB_ETIMEDOUT), "WB_ETIMEDOUT");
	assert_string_equal(wb_strerror(WB_ERROR_COUNT + 5), "unknown error");
	assert_string_equal(wb_strerror(0), "success");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_code_has_message_and_name),
		cmocka_unit_test(test_sign_and_range),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
