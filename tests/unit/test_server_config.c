// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * server/config: a configuration file and the command line set the same keys to the same
 * values; the command line wins; errors name the file's line.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/errors.h"
#include "core/printf.h"
#include "server/config.h"

static char path[64];

static void write_config(const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int setup(void **state)
{
	strcpy(path, "/tmp/wb-config-XXXXXX");
	int fd = mkstemp(path);
	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

static int teardown(void **state)
{
	unlink(path);
	return 0;
}

static uint32_t ip(const char *s)
{
	uint32_t v;
	assert_int_equal(wb_parse_ipv4(s, &v), 0);
	return v;
}

/* Every kind of key, as `key value` lines and as `--key value` / `--key=value` / `--flag`. */
static void test_file_keys_equal_flags(void **state)
{
	struct server_config from_file, from_args;
	char err[256];

	write_config("# wireboot-server settings\n"
		     "root /srv/tftp\n"
		     "  interface = eth1   \n"
		     "range 10.0.0.100-10.0.0.150\n"
		     "router 10.0.0.1,10.0.0.2\n"
		     "domain lab.example\n"
		     "proxy\n"
		     "replace-pxelinux yes\n"
		     "pxe-config-file pxelinux.cfg/lab\n"
		     "pxe-path-prefix /boot/\n"
		     "http-port=8080\n"
		     "max-transfers 32\n"
		     "log-level debug\n"
		     "\n");
	config_defaults(&from_file);
	assert_int_equal(config_load_file(&from_file, path, err, sizeof(err)), 0);
	assert_string_equal(from_file.root, "/srv/tftp");
	assert_string_equal(from_file.interface, "eth1");
	assert_int_equal(from_file.range_lo, ip("10.0.0.100"));
	assert_int_equal(from_file.range_hi, ip("10.0.0.150"));
	assert_int_equal(from_file.scope.n_routers, 2);
	assert_int_equal(from_file.scope.routers[1], ip("10.0.0.2"));
	assert_true(from_file.scope.has_domain_name);
	assert_true(from_file.proxy);
	assert_true(from_file.replace_pxelinux);
	assert_string_equal(from_file.pxe_config_file, "pxelinux.cfg/lab");
	assert_string_equal(from_file.pxe_path_prefix, "/boot/");
	assert_int_equal(from_file.http_port, 8080);
	assert_int_equal(from_file.tftp_port, 69); /* default kept */
	assert_int_equal(from_file.max_transfers, 32);
	assert_int_equal(from_file.log_level, LOG_DEBUG);

	char *argv[] = { "wireboot-server", "--root", "/srv/tftp", "--interface=eth1",
			 "--range", "10.0.0.100-10.0.0.150", "--router", "10.0.0.1,10.0.0.2",
			 "--domain", "lab.example", "--proxy", "--replace-pxelinux=yes",
			 "--pxe-config-file", "pxelinux.cfg/lab", "--pxe-path-prefix=/boot/",
			 "--http-port", "8080", "--max-transfers", "32", "--log-level", "debug" };
	config_defaults(&from_args);
	assert_int_equal(config_parse_args(&from_args, sizeof(argv) / sizeof(argv[0]), argv, err, sizeof(err)), 0);
	assert_memory_equal(&from_file, &from_args, sizeof(from_file));

	/* --config loads the file first; the command line overrides it. */
	char *argv2[] = { "wireboot-server", "--http-port", "9090", "--config", path, "--no-proxy-is-not-a-key" };
	struct server_config both;
	config_defaults(&both);
	assert_int_equal(config_parse_args(&both, 6, argv2, err, sizeof(err)), -WB_ENOENT);
	assert_string_equal(err, "unknown setting 'no-proxy-is-not-a-key' (see --help)");
	config_defaults(&both);
	assert_int_equal(config_parse_args(&both, 5, argv2, err, sizeof(err)), 0);
	assert_int_equal(both.http_port, 9090);
	assert_string_equal(both.root, "/srv/tftp");
	assert_string_equal(both.config_file, path);
}

static void test_errors_name_the_line(void **state)
{
	struct server_config c;
	char err[256], want[256];
	static const struct {
		const char *text;
		unsigned line;
		const char *msg;
	} cases[] = {
		{ "root /x\nbogus 1\n", 2, "unknown setting 'bogus' (see --help)" },
		{ "# c\n\ntftp-port 70000\n", 3, "'tftp-port': invalid value '70000'" },
		{ "range 10.0.0.9-10.0.0.1\n", 1, "'range': invalid value '10.0.0.9-10.0.0.1'" },
		{ "router 10.0.0.1,nope\n", 1, "'router': invalid value '10.0.0.1,nope'" },
		{ "proxy maybe\n", 1, "'proxy': invalid value 'maybe'" },
		{ "root\n", 1, "'root' needs a value" },
		{ "log-level loud\n", 1, "'log-level': invalid value 'loud'" },
		{ "a\nb\nc\nconfig /etc/other\n", 1, "unknown setting 'a' (see --help)" },
		{ "root /x\nconfig /etc/other\n", 2, "'config' cannot nest" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		write_config(cases[i].text);
		config_defaults(&c);
		assert_int_equal(config_load_file(&c, path, err, sizeof(err)), -WB_EINVAL);
		snprintf(want, sizeof(want), "%s:%u: %s", path, cases[i].line, cases[i].msg);
		assert_string_equal(err, want);
	}
	/* A line too long for the reader is refused, not read as two lines. */
	static char text[3000];
	strcpy(text, "root /x\nroot /");
	memset(text + strlen(text), 'a', 2500);
	strcat(text, "\n");
	write_config(text);
	config_defaults(&c);
	assert_int_equal(config_load_file(&c, path, err, sizeof(err)), -WB_EINVAL);
	snprintf(want, sizeof(want), "%s:2: line longer than 2046 bytes", path);
	assert_string_equal(err, want);

	assert_int_equal(config_load_file(&c, "/nonexistent/wb.conf", err, sizeof(err)), -WB_ENOENT);
	/* Why, too: after a SIGHUP it is read as the unprivileged user (EACCES). */
	assert_string_equal(err, "/nonexistent/wb.conf: cannot open the configuration file: "
				 "No such file or directory");
}

/* DHCPv6 settings: range6 inside one /64 (implies dhcp6), dns6 lists; bad values named. */
static void test_ipv6_keys(void **state)
{
	struct server_config c;
	char err[256];
	static const uint8_t lo[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0x77, [14] = 1, [15] = 0 };
	static const uint8_t hi[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0x77, [14] = 1, [15] = 0xff };
	static const uint8_t dns2[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 0x54 };

	config_defaults(&c);
	assert_false(c.dhcp6);
	assert_int_equal(config_set(&c, "range6", "2001:db8:77::100-2001:db8:77::1ff", err, sizeof(err)), 0);
	assert_true(c.range6.set && c.dhcp6);
	assert_memory_equal(c.range6.lo, lo, 16);
	assert_memory_equal(c.range6.hi, hi, 16);
	assert_int_equal(config_set(&c, "dns6", "2001:db8::53,2001:db8::54", err, sizeof(err)), 0);
	assert_int_equal(c.dns6.n, 2);
	assert_memory_equal(c.dns6.a[1], dns2, 16);
	static const char *const bad_ranges[] = {
		"2001:db8:77::1ff-2001:db8:77::100", /* reversed */
		"2001:db8:77::100-2001:db8:78::1",   /* two /64s */
		"10.0.0.1-10.0.0.9",                 /* IPv4 */
		"2001:db8::1",                       /* no dash */
	};
	for (size_t i = 0; i < sizeof(bad_ranges) / sizeof(bad_ranges[0]); i++) {
		assert_int_equal(config_set(&c, "range6", bad_ranges[i], err, sizeof(err)), -WB_EINVAL);
		assert_non_null(strstr(err, "give two IPv6 addresses of one /64, the lower first"));
	}
	assert_int_equal(config_set(&c, "dns6", "10.0.0.53", err, sizeof(err)), -WB_EINVAL);
	assert_string_equal(err, "'dns6': invalid value '10.0.0.53'");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_file_keys_equal_flags, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors_name_the_line, setup, teardown),
		cmocka_unit_test(test_ipv6_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
