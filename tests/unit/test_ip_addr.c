// SPDX-License-Identifier: GPL-2.0-or-later
/* net/ip_addr.c: parsing and RFC 5952 formatting of addresses of either family;
 * net/net_url.c: URLs whose host is a dotted quad, an [IPv6] literal or a name. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/errors.h"
#include "net/ip_addr.h"
#include "net/net_url.h"

/* Parse text and format it again: the canonical form comes back. */
static void roundtrip(const char *in, const char *canonical)
{
	struct ip_addr a;
	char buf[IP_ADDR_STRLEN];
	assert_int_equal(ip_addr_parse(in, strlen(in), &a), 0);
	assert_string_equal(ip_addr_fmt(buf, &a), canonical);
}

static void test_parse_format(void **state)
{
	(void)state;
	roundtrip("2001:db8::1", "2001:db8::1");
	roundtrip("2001:DB8:0:0:0:0:0:1", "2001:db8::1");
	roundtrip("::", "::");
	roundtrip("::1", "::1");
	roundtrip("fe80::", "fe80::");
	roundtrip("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"); /* one zero group stays */
	roundtrip("2001:0:0:1:0:0:0:1", "2001:0:0:1::1");        /* the longer run */
	roundtrip("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1");   /* the first of equal runs */
	roundtrip("::ffff:10.0.0.1", "::ffff:a00:1");
	roundtrip("10.0.0.1", "10.0.0.1");
	roundtrip("0.0.0.0", "0.0.0.0");

	struct ip_addr a;
	assert_int_equal(ip_addr_parse("2001:db8::1", 11, &a), 0);
	assert_int_equal(a.family, IP_ADDR_V6);
	static const uint8_t want[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 1};
	assert_memory_equal(a.v6, want, 16);
	/* len bounds the text: "2001:db8::1]" with len 11 is the address. */
	assert_int_equal(ip_addr_parse("2001:db8::1]/x", 11, &a), 0);
}

static void test_parse_rejects(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"", ":", ":::", "1::2::3", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "12345::",
		"1:2:3:4:5:6:7:8::", ":1::", "1:", "g::1", "::1.2.3", "1:2:3:4:5:6:7:1.2.3.4",
		"[::1]", "fe80::1%eth0", "256.0.0.1", "1.2.3", "1.2.3.4.5",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct ip_addr a;
		if (ip_addr_parse(bad[i], strlen(bad[i]), &a) != -WB_EINVAL)
			fail_msg("accepted \"%s\"", bad[i]);
	}
}

static void test_equal(void **state)
{
	(void)state;
	struct ip_addr v4 = ip_addr_v4(0x0100000a), v4b = ip_addr_v4(0x0200000a), none = {0};
	static const uint8_t b[16] = {0xfe, 0x80, [15] = 1};
	struct ip_addr v6 = ip_addr_v6(b);
	assert_true(ip_addr_eq(&v4, &v4));
	assert_false(ip_addr_eq(&v4, &v4b));
	assert_false(ip_addr_eq(&v4, &v6));
	assert_true(ip_addr_eq(&none, &none));
	assert_false(ip_addr_is_set(&none));
	assert_false(ip_addr_is_set(&(struct ip_addr){0}));
	assert_int_equal(ip_addr_v4(0).family, IP_ADDR_NONE);
	char buf[IP_ADDR_STRLEN];
	assert_string_equal(ip_addr_fmt(buf, &none), "(none)");
	roundtrip("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
}

static void test_url(void **state)
{
	(void)state;
	struct net_url u;
	char buf[IP_ADDR_STRLEN];
	assert_int_equal(net_url_parse("tftp://[2001:db8::1]/wireboot/pxelinux.0", &u), 0);
	assert_string_equal(u.scheme, "tftp");
	assert_int_equal(u.addr.family, IP_ADDR_V6);
	assert_string_equal(ip_addr_fmt(buf, &u.addr), "2001:db8::1");
	assert_string_equal(u.name, "2001:db8::1");
	assert_int_equal(u.port, 0);
	assert_string_equal(u.path, "/wireboot/pxelinux.0");
	assert_int_equal(net_url_parse("HTTP://[fe80::1]:8080/a?b", &u), 0);
	assert_string_equal(u.scheme, "http");
	assert_int_equal(u.port, 8080);
	assert_string_equal(u.path, "/a?b");
	assert_int_equal(net_url_parse("tftp://10.0.0.1:69/k", &u), 0);
	assert_int_equal(u.addr.family, IP_ADDR_V4);
	assert_int_equal(u.port, 69);
	assert_int_equal(net_url_parse("http://boot.example", &u), 0);
	assert_false(ip_addr_is_set(&u.addr));
	assert_string_equal(u.name, "boot.example");
	assert_string_equal(u.path, "");
	static const char *const bad[] = {
		"tftp:/x", "://h/p", "tftp://", "tftp://[2001:db8::1/p", "tftp://[10.0.0.1]/p",
		"tftp://[]/p", "tftp://[fe80::1%eth0]/p", "tftp://h:0/p", "tftp://h:65536/p",
		"tftp://h:/p", "tftp://[::1]x/p", "tftp://h h/p", "toolongscheme://h/p",
		"tftp://2001:db8::1/p",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (net_url_parse(bad[i], &u) != -WB_EINVAL)
			fail_msg("accepted \"%s\"", bad[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_format),
		cmocka_unit_test(test_parse_rejects),
		cmocka_unit_test(test_equal),
		cmocka_unit_test(test_url),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
