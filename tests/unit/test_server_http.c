// SPDX-License-Identifier: GPL-2.0-or-later
/* server/http_server: request heads (complete, partial, hostile) and byte ranges. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdint.h>
#include <string.h>

#include "server/http_server.h"

static int parse(const char *s, struct http_request *r)
{
	return http_parse_request(s, strlen(s), r);
}

static void test_requests(void **state)
{
	struct http_request r;
	const char *get = "GET /pxelinux.cfg/01-52%2D54?x=1 HTTP/1.1\r\nHost: s\r\n"
			  "Range: bytes=100-199\r\n\r\nGET /next HTTP/1.1\r\n";

	assert_int_equal(parse(get, &r), (int)(strstr(get, "GET /next") - get));
	assert_int_equal(r.method, HTTP_GET);
	assert_string_equal(r.path, "/pxelinux.cfg/01-52-54");
	assert_int_equal(r.minor, 1);
	assert_true(r.keep_alive);
	assert_true(r.has_range);
	assert_int_equal(r.range_start, 100);
	assert_int_equal(r.range_end, 199);

	const char *head = "HEAD http://h:8080/a%20b HTTP/1.0\nConnection: Keep-Alive\n\n";
	assert_int_equal(parse(head, &r), (int)strlen(head));
	assert_int_equal(r.method, HTTP_HEAD);
	assert_string_equal(r.path, "/a b");
	assert_true(r.keep_alive);
	assert_true(parse("GET / HTTP/1.1\r\nConnection: close\r\n\r\n", &r) > 0);
	assert_false(r.keep_alive);
	assert_true(parse("GET / HTTP/1.0\r\n\r\n", &r) > 0);
	assert_false(r.keep_alive);
	assert_true(parse("DELETE /x HTTP/1.1\r\n\r\n", &r) > 0);
	assert_int_equal(r.method, HTTP_OTHER);
	assert_true(parse("GET / HTTP/1.1\r\nRange: bytes=1-2,5-6\r\n\r\n", &r) > 0);
	assert_false(r.has_range); /* several ranges: the whole file */

	static const struct { const char *req; int want; } bad[] = {
		{ "GET / HTTP/1.1\r\nHost: x\r\n", 0 },            /* incomplete */
		{ "GET /%00x HTTP/1.1\r\n\r\n", -400 },
		{ "GET /%zz HTTP/1.1\r\n\r\n", -400 },
		{ "GET x HTTP/1.1\r\n\r\n", -400 },
		{ "GET / HTTP/2.0\r\n\r\n", -505 },
		{ "GET /\r\n\r\n", -400 },
		{ "GET / HTTP/1.1\r\nContent-Length: 5\r\n\r\n", -501 },
		{ "GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", -501 },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(parse(bad[i].req, &r), bad[i].want);
	static char big[HTTP_MAX_HEADER + 100];
	memset(big, 'a', sizeof(big) - 1);
	assert_int_equal(parse(big, &r), -431);
}

static void test_ranges(void **state)
{
	struct http_request r;
	uint64_t s, e;

	assert_true(parse("GET / HTTP/1.1\r\n\r\n", &r) > 0);
	assert_int_equal(http_resolve_range(&r, 1000, &s, &e), 200);
	assert_true(parse("GET / HTTP/1.1\r\nRange: bytes=900-\r\n\r\n", &r) > 0);
	assert_int_equal(http_resolve_range(&r, 1000, &s, &e), 206);
	assert_int_equal(s, 900);
	assert_int_equal(e, 999);
	assert_true(parse("GET / HTTP/1.1\r\nRange: bytes=-100\r\n\r\n", &r) > 0);
	assert_int_equal(http_resolve_range(&r, 1000, &s, &e), 206);
	assert_int_equal(s, 900);
	assert_true(parse("GET / HTTP/1.1\r\nRange: bytes=10-5000\r\n\r\n", &r) > 0);
	assert_int_equal(http_resolve_range(&r, 1000, &s, &e), 206);
	assert_int_equal(e, 999);
	assert_true(parse("GET / HTTP/1.1\r\nRange: bytes=1000-\r\n\r\n", &r) > 0);
	assert_int_equal(http_resolve_range(&r, 1000, &s, &e), 416);
	assert_true(parse("GET / HTTP/1.1\r\nRange: bytes=-0\r\n\r\n", &r) > 0);
	assert_int_equal(http_resolve_range(&r, 1000, &s, &e), 416);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_requests),
		cmocka_unit_test(test_ranges),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
