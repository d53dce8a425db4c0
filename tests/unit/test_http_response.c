// SPDX-License-Identifier: GPL-2.0-or-later
/* net/http_response: status, headers, Content-Length, chunked, EOF bodies, split anywhere. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/errors.h"
#include "net/http_client.h"
#include "net/http_response.h"

static struct {
	char body[4096];
	size_t len;
	int headers_calls;
} out;

static int on_headers(struct http_response *r, void *ctx)
{
	(void)r;
	(void)ctx;
	out.headers_calls++;
	return 0;
}

static int on_body(struct http_response *r, void *ctx, const uint8_t *data, size_t len)
{
	(void)r;
	(void)ctx;
	if (out.len + len > sizeof(out.body))
		return -WB_ETOOBIG;
	memcpy(out.body + out.len, data, len);
	out.len += len;
	return 0;
}

/* Feed text in pieces of `step` bytes (0: all at once); returns the last result. */
static int feed(struct http_response *r, const char *text, size_t step)
{
	memset(&out, 0, sizeof(out));
	http_response_init(r, on_headers, on_body, NULL);
	size_t len = strlen(text);
	int res = 0;
	for (size_t i = 0; i < len && res == 0;) {
		size_t n = step && step < len - i ? step : len - i;
		res = http_response_feed(r, (const uint8_t *)text + i, n);
		i += n;
	}
	return res;
}

static const char chunked[] =
	"HTTP/1.1 200 OK\r\n"
	"Server: test\r\n"
	"Transfer-Encoding: chunked\r\n"
	"\r\n"
	"5\r\nhello\r\n"
	"1;ext=1\r\n,\r\n"
	"A \r\n wireboot!\r\n"
	"0\r\n"
	"X-Trailer: yes\r\n"
	"\r\n"
	"garbage after the response";

static void test_chunked_split_everywhere(void **state)
{
	(void)state;
	static struct http_response r;
	for (size_t step = 0; step < 20; step++) {
		assert_int_equal(feed(&r, chunked, step), 1);
		assert_int_equal(r.status, 200);
		assert_string_equal(r.reason, "OK");
		assert_true(r.chunked);
		assert_int_equal(out.len, 16);
		assert_memory_equal(out.body, "hello, wireboot!", 16);
		assert_int_equal(r.body_received, 16);
		assert_int_equal(out.headers_calls, 1);
		assert_int_equal(r.state, HTTP_COMPLETE);
	}
}

static void test_content_length(void **state)
{
	(void)state;
	static struct http_response r;
	const char *t = "HTTP/1.0 200 Fine\nContent-Length:  12 \nContent-Length: 12\n\nhello world!extra";
	for (size_t step = 0; step < 5; step++) {
		assert_int_equal(feed(&r, t, step), 1);
		assert_int_equal(out.len, 12);
		assert_memory_equal(out.body, "hello world!", 12);
		assert_int_equal(r.content_length, 12);
	}
	/* Conflicting lengths, a non-number, a body cut short. */
	assert_int_equal(feed(&r, "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n", 0), -WB_EPROTO);
	assert_int_equal(feed(&r, "HTTP/1.1 200 OK\r\nContent-Length: 3x\r\n\r\n", 0), -WB_EPROTO);
	assert_int_equal(feed(&r, "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999\r\n\r\n", 0), -WB_EPROTO);
	assert_int_equal(feed(&r, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort", 0), 0);
	assert_int_equal(http_response_eof(&r), -WB_ETRUNCATED);
	/* Length 0: complete at the end of the headers. */
	assert_int_equal(feed(&r, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", 0), 1);
	assert_int_equal(out.len, 0);
}

static void test_body_to_eof_and_interim(void **state)
{
	(void)state;
	static struct http_response r;
	assert_int_equal(feed(&r, "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n\r\nuntil close", 3), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(out.headers_calls, 1);
	assert_int_equal(http_response_eof(&r), 1);
	assert_int_equal(out.len, 11);
	assert_memory_equal(out.body, "until close", 11);
	/* 204 has no body; a redirect's Location is kept. */
	assert_int_equal(feed(&r, "HTTP/1.1 204 No Content\r\n\r\n", 0), 1);
	assert_int_equal(feed(&r, "HTTP/1.1 302 Found\r\nLocation:  http://10.0.0.1/x \r\nContent-Length: 0\r\n\r\n", 0), 1);
	assert_int_equal(r.status, 302);
	assert_string_equal(r.location, "http://10.0.0.1/x");
	/* Headers cut by the close. */
	assert_int_equal(feed(&r, "HTTP/1.1 200 OK\r\nContent-", 0), 0);
	assert_int_equal(http_response_eof(&r), -WB_ETRUNCATED);
}

static void test_malformed(void **state)
{
	(void)state;
	static struct http_response r;
	assert_int_equal(feed(&r, "HTTP/2 200 OK\r\n", 0), -WB_EPROTO);
	assert_int_equal(feed(&r, "HTTP/1.1 20 OK\r\n", 0), -WB_EPROTO);
	assert_int_equal(feed(&r, "HTTP/1.1 2000 OK\r\n", 0), -WB_EPROTO);
	assert_int_equal(feed(&r, "HTTP/1.1 099 Low\r\n", 0), -WB_EPROTO);
	assert_int_equal(feed(&r, "HTTP/1.1 200 OK\r\nNo colon here\r\n", 0), -WB_EPROTO);
	assert_int_equal(feed(&r, "HTTP/1.1 200 OK\r\nName : space before colon\r\n", 0), -WB_EPROTO);
	assert_int_equal(feed(&r, "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 0), -WB_ENOTSUP);
	assert_int_equal(feed(&r, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 0), -WB_EPROTO);
	assert_int_equal(feed(&r, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabX\r\n", 0), -WB_EPROTO);
	/* A line longer than HTTP_LINE_MAX. */
	static char longline[HTTP_LINE_MAX + 64];
	strcpy(longline, "HTTP/1.1 200 OK\r\nX: ");
	memset(longline + strlen(longline), 'a', HTTP_LINE_MAX);
	assert_int_equal(feed(&r, longline, 0), -WB_ETOOBIG);
	/* Errors stick. */
	assert_int_equal(http_response_feed(&r, (const uint8_t *)"\r\n", 2), -WB_ETOOBIG);
	assert_int_equal(http_response_eof(&r), -WB_ETOOBIG);
	/* The body callback's error stops the parse. */
	static char big[5000];
	strcpy(big, "HTTP/1.1 200 OK\r\n\r\n");
	memset(big + strlen(big), 'b', 4500);
	assert_int_equal(feed(&r, big, 0), -WB_ETOOBIG);
}

/* Content-Length and chunk sizes at the edges of 64 bits (no division in the parser). */
static void test_number_limits(void **state)
{
	(void)state;
	static struct http_response r;
	static const struct {
		const char *header;
		uint64_t value; /* 0: must be refused */
	} cases[] = {
		{"Content-Length: 18446744073709551615", UINT64_MAX},
		{"Content-Length: 18446744073709551614", UINT64_MAX - 1},
		{"Content-Length: 18446744073709551610", 18446744073709551610ull},
		{"Content-Length: 1844674407370955161", 1844674407370955161ull},
		{"Content-Length: 00000000000000000000000042", 42},
		{"Content-Length: 18446744073709551616", 0},
		{"Content-Length: 18446744073709551620", 0},
		{"Content-Length: 184467440737095516150", 0},
		{"Content-Length: -1", 0},
		{"Content-Length: 0x10", 0},
		{"Content-Length: ", 0},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char t[128];
		snprintf(t, sizeof(t), "HTTP/1.1 200 OK\r\n%s\r\n\r\nx", cases[i].header);
		int res = feed(&r, t, 0);
		if (cases[i].value) {
			assert_int_equal(res, 0);
			assert_true(r.has_length);
			assert_true(r.content_length == cases[i].value);
		} else {
			assert_int_equal(res, -WB_EPROTO);
		}
	}
	/* Chunk sizes in hex: the largest, one digit more, and mixed case. */
	assert_int_equal(feed(&r, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nFFFFffffFFFFffff\r\nab", 0), 0);
	assert_true(r.chunk_left == UINT64_MAX - 2);
	assert_int_equal(feed(&r, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10000000000000000\r\n", 0),
			 -WB_EPROTO);
	assert_int_equal(feed(&r, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0fFfFfFfFfFfFfFf0\r\n", 0), 0);
	assert_true(r.chunk_left == 0xfffffffffffffff0ull);
	assert_int_equal(feed(&r, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1aG\r\n", 0), -WB_EPROTO);
}

static void test_parse_url(void **state)
{
	(void)state;
	struct http_url u;
	assert_int_equal(http_parse_url("http://10.0.0.1:8080/boot/vmlinuz?x=1", &u), 0);
	assert_int_equal(u.addr.family, IP_ADDR_V4);
	assert_int_equal(u.addr.v4, 0x0100000a);
	assert_int_equal(u.port, 8080);
	assert_string_equal(u.host, "10.0.0.1:8080");
	assert_string_equal(u.path, "/boot/vmlinuz?x=1");
	assert_int_equal(http_parse_url("HTTP://192.168.1.2", &u), 0);
	assert_int_equal(u.port, 80);
	assert_string_equal(u.path, "/");
	assert_int_equal(http_parse_url("https://10.0.0.1/", &u), 0);
	assert_true(u.tls);
	assert_int_equal(u.port, 443);
	assert_false(u.tls && http_parse_url("http://10.0.0.1/", &u) == 0 && u.tls);
	assert_int_equal(http_parse_url("https://boot.example:8443/x", &u), 0);
	assert_int_equal(u.port, 8443);
	assert_string_equal(u.name, "boot.example");
	assert_int_equal(http_parse_url("http://boot.example/", &u), 0); /* resolved by net/dns */
	assert_int_equal(u.addr.family, IP_ADDR_NONE);
	assert_string_equal(u.name, "boot.example");
	assert_int_equal(http_parse_url("http://boot/ex", &u), 0);
	assert_string_equal(u.name, "boot");
	assert_int_equal(http_parse_url("http://bo%6ft/", &u), -WB_EINVAL);
	assert_int_equal(http_parse_url("http://:80/", &u), -WB_EINVAL);
	assert_int_equal(http_parse_url("http://10.0.0.1:0/", &u), -WB_EINVAL);
	assert_int_equal(http_parse_url("http://10.0.0.1:70000/", &u), -WB_EINVAL);
	assert_int_equal(http_parse_url("http:///x", &u), -WB_EINVAL);
	assert_int_equal(http_parse_url("ftp://10.0.0.1/", &u), -WB_EINVAL);
	/* IPv6 literals: the address parsed, the brackets kept for Host:. */
	assert_int_equal(http_parse_url("http://[2001:db8::1]:8080/boot/x", &u), 0);
	assert_int_equal(u.addr.family, IP_ADDR_V6);
	assert_int_equal(u.addr.v6[0], 0x20);
	assert_int_equal(u.addr.v6[15], 1);
	assert_int_equal(u.port, 8080);
	assert_string_equal(u.host, "[2001:db8::1]:8080");
	assert_string_equal(u.name, "2001:db8::1");
	assert_string_equal(u.path, "/boot/x");
	assert_int_equal(http_parse_url("https://[fe80::1]", &u), 0);
	assert_int_equal(u.port, 443);
	assert_string_equal(u.path, "/");
	assert_int_equal(http_parse_url("http://[2001:db8::1/x", &u), -WB_EINVAL);
	assert_int_equal(http_parse_url("http://[10.0.0.1]/x", &u), -WB_EINVAL);
	assert_int_equal(http_parse_url("http://2001:db8::1/x", &u), -WB_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chunked_split_everywhere),
		cmocka_unit_test(test_content_length),
		cmocka_unit_test(test_body_to_eof_and_interim),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_number_limits),
		cmocka_unit_test(test_parse_url),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
