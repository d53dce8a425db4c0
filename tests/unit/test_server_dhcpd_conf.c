// SPDX-License-Identifier: GPL-2.0-or-later
/* server/dhcpd_conf: the seed's file as written, scoping, warnings, hostile input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/errors.h"
#include "core/printf.h"
#include "server/dhcpd_conf.h"

/* Warnings collected by the callback: line numbers and texts. */
struct warnings {
	unsigned n;
	unsigned line[64];
	char msg[64][320];
};

static void collect(void *ctx, unsigned line, const char *msg)
{
	struct warnings *w = ctx;
	if (w->n < 64) {
		w->line[w->n] = line;
		snprintf(w->msg[w->n], sizeof(w->msg[0]), "%s", msg);
	}
	w->n++;
}

static uint32_t ip(const char *s)
{
	uint32_t v;
	assert_int_equal(wb_parse_ipv4(s, &v), 0);
	return v;
}

static int parse(const char *text, struct dhcpd_conf *c, struct warnings *w)
{
	memset(w, 0, sizeof(*w));
	return dhcpd_conf_parse(text, strlen(text), c, collect, w);
}

/* fixed-address6 in a host, option dhcp6.bootfile-url inherited from the global scope. */
static void test_ipv6_statements(void **state)
{
	static const uint8_t want[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0x77, [15] = 0x50 };
	struct dhcpd_conf c;
	struct warnings w;

	assert_int_equal(parse("option dhcp6.bootfile-url \"tftp://[2001:db8::1]/g.efi\";\n"
			       "host a { hardware ethernet 02:00:00:00:00:aa; fixed-address6 2001:db8:77::50; }\n"
			       "host b { hardware ethernet 02:00:00:00:00:bb; fixed-address6 10.0.0.5; }\n",
			       &c, &w), 0);
	assert_int_equal(c.n_hosts, 2);
	assert_true(c.hosts[0].has_fixed_address6);
	assert_memory_equal(c.hosts[0].fixed_address6, want, 16);
	assert_true(c.global.has_boot_url6); /* hosts get it at lookup (dhcp_scope_merge) */
	assert_string_equal(c.global.boot_url6, "tftp://[2001:db8::1]/g.efi");
	struct dhcp_scope s = c.hosts[0].scope;
	dhcp_scope_merge(&s, &c.global);
	assert_string_equal(s.boot_url6, "tftp://[2001:db8::1]/g.efi");
	assert_false(c.hosts[1].has_fixed_address6);
	assert_int_equal(w.n, 1);
	assert_int_equal(w.line[0], 3);
	assert_string_equal(w.msg[0], "'fixed-address6': '10.0.0.5' is not an IPv6 address: statement ignored");
	dhcpd_conf_free(&c);
}

static void test_seed_file(void **state)
{
	struct dhcpd_conf c;
	struct warnings w = {0};
	static const uint8_t mac[6] = {0x00, 0x1b, 0x21, 0x41, 0xcf, 0x4c};

	assert_int_equal(dhcpd_conf_load("tests/data/seed-dhcpd.conf", &c, collect, &w), 0);
	/* The four `<-- -->` notes, with the line each starts on, and nothing else. */
	assert_int_equal(w.n, 4);
	assert_int_equal(c.warnings, 4);
	assert_int_equal(w.line[0], 8);
	assert_int_equal(w.line[1], 18);
	assert_int_equal(w.line[2], 22);
	assert_int_equal(w.line[3], 25);
	assert_non_null(strstr(w.msg[0], "lines 8-9"));
	assert_non_null(strstr(w.msg[3], "not dhcpd.conf syntax"));

	assert_string_equal(c.global.domain_name, "cs.northwestern.edu");
	assert_int_equal(c.global.default_lease_time, 600);
	assert_int_equal(c.global.max_lease_time, 7200);
	assert_true(c.allow_booting);
	assert_true(c.allow_bootp);

	assert_int_equal(c.n_subnets, 1);
	const struct dhcp_subnet *sn = &c.subnets[0];
	assert_int_equal(sn->network, ip("165.124.184.0"));
	assert_int_equal(sn->netmask, ip("255.255.254.0"));
	assert_int_equal(sn->range_lo, ip("165.124.184.90"));
	assert_int_equal(sn->range_hi, ip("165.124.184.95"));
	assert_false(sn->dynamic_bootp);
	assert_int_equal(sn->scope.broadcast, ip("165.124.184.255"));
	assert_int_equal(sn->scope.n_routers, 1);
	assert_int_equal(sn->scope.routers[0], ip("165.124.184.1"));
	assert_int_equal(sn->scope.n_dns, 1);
	assert_int_equal(sn->scope.dns[0], ip("165.124.180.10"));
	assert_ptr_equal(dhcpd_conf_find_subnet(&c, ip("165.124.185.7")), sn);
	assert_null(dhcpd_conf_find_subnet(&c, ip("165.124.186.1")));

	assert_int_equal(c.n_hosts, 1);
	const struct dhcp_host *h = dhcpd_conf_find_host(&c, mac);
	assert_non_null(h);
	assert_string_equal(h->name, "v-test-intel-lab");
	assert_int_equal(h->line, 21);
	assert_int_equal(h->fixed_address, ip("165.124.184.92"));
	assert_true(h->scope.has_filename);
	assert_string_equal(h->scope.filename, "pxelinux.0");
	assert_true(h->scope.has_next_server); /* from the enclosing group */
	assert_int_equal(h->scope.next_server, ip("165.124.184.209"));
	assert_false(h->scope.has_domain_name); /* global: merged at lookup, not here */
	dhcpd_conf_free(&c);
}

static void test_scoping_and_options(void **state)
{
	struct dhcpd_conf c;
	struct warnings w;
	const char *text =
		"authoritative;\n"
		"option routers 10.0.0.1, 10.0.0.2;\n"
		"shared-network lab {\n"
		"  option domain-name-servers 10.0.0.53;\n"
		"  subnet 10.0.0.0 netmask 255.255.255.0 {\n"
		"    range dynamic-bootp 10.0.0.100 10.0.0.150;\n"
		"    option subnet-mask 255.255.255.0;\n"
		"    host inner { hardware ethernet 52-54-00-00-00-01; }\n"
		"  }\n"
		"}\n"
		"group {\n"
		"  host a { hardware ethernet 52:54:00:00:00:02; option host-name \"alpha\";\n"
		"           filename \"own.efi\"; next-server 10.0.0.9; default-lease-time 60; }\n"
		"  group { host b { hardware ethernet 52:54:00:00:00:03; fixed-address 10.0.0.3, 10.0.0.4; } \n"
		"          next-server 10.0.0.8; }\n"
		"  filename \"group.pxe\";\n"
		"  max-lease-time 900;\n"
		"}\n"
		"deny bootp;\n";
	static const uint8_t m1[6] = {0x52, 0x54, 0, 0, 0, 1}, m2[6] = {0x52, 0x54, 0, 0, 0, 2},
			     m3[6] = {0x52, 0x54, 0, 0, 0, 3};

	assert_int_equal(parse(text, &c, &w), 0);
	assert_int_equal(w.n, 1); /* fixed-address with two addresses */
	assert_int_equal(w.line[0], 14);
	assert_false(c.allow_bootp);
	assert_int_equal(c.global.n_routers, 2);
	assert_int_equal(c.global.routers[1], ip("10.0.0.2"));
	assert_int_equal(c.n_subnets, 1);
	assert_true(c.subnets[0].dynamic_bootp);
	assert_int_equal(c.subnets[0].scope.dns[0], ip("10.0.0.53")); /* from shared-network */
	assert_int_equal(c.subnets[0].scope.subnet_mask, ip("255.255.255.0"));

	const struct dhcp_host *h = dhcpd_conf_find_host(&c, m1);
	assert_non_null(h);
	assert_int_equal(h->scope.n_dns, 1); /* subnet, then shared-network */
	assert_int_equal(h->fixed_address, 0);

	h = dhcpd_conf_find_host(&c, m2);
	assert_non_null(h);
	assert_string_equal(h->scope.filename, "own.efi"); /* the host's own wins */
	assert_string_equal(h->scope.host_name, "alpha");
	assert_int_equal(h->scope.next_server, ip("10.0.0.9"));
	assert_int_equal(h->scope.default_lease_time, 60);
	assert_int_equal(h->scope.max_lease_time, 900); /* group statement after the host */

	h = dhcpd_conf_find_host(&c, m3);
	assert_non_null(h);
	assert_int_equal(h->fixed_address, ip("10.0.0.3"));
	assert_string_equal(h->scope.filename, "group.pxe");
	assert_int_equal(h->scope.next_server, ip("10.0.0.8")); /* inner group wins */
	dhcpd_conf_free(&c);
}

static void test_unsupported_statements_warn(void **state)
{
	struct dhcpd_conf c;
	struct warnings w;
	const char *text =
		"ddns-update-style none;\n"                       /* 1 */
		"option space pxe;\n"                              /* 2 */
		"class \"pxe\" { match if substring(option vendor-class-identifier, 0, 9) = \"PXEClient\"; }\n"
		"option routers gateway.example;\n"               /* 4: host name */
		"range 10.0.0.1 10.0.0.2;\n"                      /* 5: outside a subnet */
		"allow unknown-clients;\n"                        /* 6 */
		"default-lease-time forever;\n"                   /* 7 */
		"next-server 10.0.0.1\n"                          /* 8: missing ';' */
		"filename \"x\";\n"
		"host h { hardware token-ring 00:11:22:33:44:55; }\n" /* 10, and no MAC */
		"option domain-name \"ok.example\";\n";
	assert_int_equal(parse(text, &c, &w), 0);
	assert_int_equal(w.n, 10);
	const unsigned lines[] = {1, 2, 3, 4, 5, 6, 7, 9, 10, 10};
	for (unsigned i = 0; i < 10; i++)
		assert_int_equal(w.line[i], lines[i]);
	assert_non_null(strstr(w.msg[0], "'ddns-update-style' is not supported"));
	assert_non_null(strstr(w.msg[1], "option 'space' is not supported"));
	assert_non_null(strstr(w.msg[3], "gateway.example"));
	assert_non_null(strstr(w.msg[7], "expected ';'"));
	assert_non_null(strstr(w.msg[9], "no 'hardware ethernet'"));
	assert_int_equal(c.global.n_routers, 0);
	assert_int_equal(c.global.next_server, ip("10.0.0.1"));
	assert_string_equal(c.global.filename, "x"); /* the next statement still counts */
	assert_string_equal(c.global.domain_name, "ok.example");
	assert_int_equal(c.n_hosts, 0);
	dhcpd_conf_free(&c);
}

static void test_errors(void **state)
{
	struct dhcpd_conf c;
	struct warnings w;
	static const struct {
		const char *text;
		int err;
		unsigned line;
	} cases[] = {
		{ "group {\n host a {\n", -WB_ESYNTAX, 3 },
		{ "}\n", -WB_ESYNTAX, 1 },
		{ "filename \"never closed;\n", -WB_ESYNTAX, 1 },
		{ "subnet 10.0.0.0 netmask 255.0.255.0 { }", -WB_ESYNTAX, 1 },
		{ "subnet 10.0.0.0 mask 255.0.0.0 { }", -WB_ESYNTAX, 1 },
		{ "\n\nhost { }", -WB_ESYNTAX, 3 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(parse(cases[i].text, &c, &w), cases[i].err);
		assert_true(w.n >= 1);
		assert_int_equal(w.line[w.n - 1], cases[i].line);
		assert_int_equal(c.n_hosts, 0);
		assert_null(c.hosts);
	}

	/* Nesting beyond the limit is refused, not recursed into. */
	char deep[6 * (DHCPD_MAX_NESTING + 4) + 1] = "";
	for (int i = 0; i < DHCPD_MAX_NESTING + 4; i++)
		strcat(deep, "group{");
	assert_int_equal(parse(deep, &c, &w), -WB_ETOOBIG);

	/* An unterminated note swallows the rest with a warning, and is not an error. */
	assert_int_equal(parse("<-- note\nhost x {", &c, &w), 0);
	assert_int_equal(w.n, 1);
	assert_non_null(strstr(w.msg[0], "never closed"));

	/* Embedded NUL and over-long words. */
	assert_int_equal(dhcpd_conf_parse("allow\0bootp;", 12, &c, collect, &w), -WB_ESYNTAX);
	char longword[400];
	memset(longword, 'a', sizeof(longword) - 1);
	longword[sizeof(longword) - 1] = '\0';
	assert_int_equal(parse(longword, &c, &w), -WB_ESYNTAX);
}

/*
 * dhcpd writes MAC bytes with one hex digit as well ("0:1b:..."); the PXELINUX option space
 * as ISC users declare it; options 209/210 per host and globally.
 */
static void test_short_mac_bytes_and_pxelinux_options(void **state)
{
	struct dhcpd_conf c;
	struct warnings w;
	const char *text =
		"option space pxelinux;\n"
		"option pxelinux.magic code 208 = string;\n"
		"option pxelinux.configfile code 209 = text;\n"
		"option pxelinux.pathprefix code 210 = text;\n"
		"option pxelinux.reboottime code 211 = unsigned integer 32;\n"
		"site-option-space \"pxelinux\";\n"
		"option pxelinux.magic f1:00:74:7e;\n"
		"option pxelinux.configfile \"pxelinux.cfg/lab\";\n"
		"host v { hardware ethernet 0:1b:21:41:cf:4c; option pxelinux.pathprefix \"/boot/\"; }\n"
		"group { option pxelinux.configfile \"group.cfg\";\n"
		"  host w { hardware ethernet 2-0-0-A-b-C; } }\n"
		"host x { hardware ethernet 0:1b:21:41:cf; }\n"         /* 12: five bytes */
		"host y { hardware ethernet 001:1b:21:41:cf:4c; }\n"    /* 13: three digits */
		"host z { hardware ethernet 0:1b-21:41:cf:4c; }\n"      /* 14: mixed separators */
		"option pxelinux.confgfile \"typo\";\n";             /* 15 */
	static const uint8_t mac_v[6] = {0x00, 0x1b, 0x21, 0x41, 0xcf, 0x4c};
	static const uint8_t mac_w[6] = {0x02, 0x00, 0x00, 0x0a, 0x0b, 0x0c};

	assert_int_equal(parse(text, &c, &w), 0);
	/* Only the three bad MACs (each also leaves its host without one) and the typo. */
	assert_int_equal(w.n, 7);
	const unsigned lines[] = {12, 12, 13, 13, 14, 14, 15};
	for (unsigned i = 0; i < 7; i++)
		assert_int_equal(w.line[i], lines[i]);
	assert_non_null(strstr(w.msg[0], "'0:1b:21:41:cf' is not a MAC address"));
	assert_non_null(strstr(w.msg[6], "option 'pxelinux.confgfile' is not supported"));
	assert_int_equal(c.n_hosts, 2);
	const struct dhcp_host *v = dhcpd_conf_find_host(&c, mac_v);
	assert_non_null(v);
	assert_string_equal(v->name, "v");
	assert_true(v->scope.has_pxe_path_prefix);
	assert_string_equal(v->scope.pxe_path_prefix, "/boot/");
	assert_false(v->scope.has_pxe_config_file); /* the global one is merged at lookup */
	const struct dhcp_host *wh = dhcpd_conf_find_host(&c, mac_w);
	assert_non_null(wh);
	assert_string_equal(wh->scope.pxe_config_file, "group.cfg");
	assert_true(c.global.has_pxe_config_file);
	assert_string_equal(c.global.pxe_config_file, "pxelinux.cfg/lab");
	dhcpd_conf_free(&c);

	/* The parser itself; core's wb_parse_mac stays strict (two digits a byte). */
	uint8_t mac[6];
	assert_int_equal(dhcpd_parse_mac("0:1b:21:41:cf:4c", mac), 0);
	assert_memory_equal(mac, mac_v, 6);
	assert_int_equal(dhcpd_parse_mac("00:1B:21:41:CF:4C", mac), 0);
	assert_memory_equal(mac, mac_v, 6);
	assert_int_equal(dhcpd_parse_mac("0:0:0:0:0:0", mac), 0);
	assert_int_equal(wb_parse_mac("0:1b:21:41:cf:4c", mac), -WB_EINVAL);
	static const char *const bad[] = { "", "0:1b:21:41:cf", "0:1b:21:41:cf:4c:", "0:1b:21:41:cf:4c:5",
					   ":1b:21:41:cf:4c", "0::21:41:cf:4c", "0:1b:21:41:cf:4g",
					   "0:1b-21:41:cf:4c", "0 1b 21 41 cf 4c", "0:1b:21:41:cf:4c ", "100:1b:21:41:cf:4c" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(dhcpd_parse_mac(bad[i], mac), -WB_EINVAL);
}

static void test_many_hosts(void **state)
{
	struct dhcpd_conf c;
	struct warnings w;
	size_t cap = 1000 * 80;
	char *text = malloc(cap);
	size_t n = 0;

	for (int i = 0; i < 1000; i++)
		n += (size_t)snprintf(text + n, cap - n,
				      "host h%d { hardware ethernet 02:00:00:00:%02x:%02x; fixed-address 10.1.%d.%d; }\n",
				      i, i >> 8, i & 0xff, i >> 8, i & 0xff);
	assert_int_equal(parse(text, &c, &w), 0);
	assert_int_equal(w.n, 0);
	assert_int_equal(c.n_hosts, 1000);
	static const uint8_t mac[6] = {2, 0, 0, 0, 3, 0xe7};
	const struct dhcp_host *h = dhcpd_conf_find_host(&c, mac);
	assert_non_null(h);
	assert_string_equal(h->name, "h999");
	assert_int_equal(h->fixed_address, ip("10.1.3.231"));
	dhcpd_conf_free(&c);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seed_file),
		cmocka_unit_test(test_scoping_and_options),
		cmocka_unit_test(test_unsupported_statements_warn),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_short_mac_bytes_and_pxelinux_options),
		cmocka_unit_test(test_many_hosts),
		cmocka_unit_test(test_ipv6_statements),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
