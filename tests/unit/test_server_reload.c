// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * server/reload: a SIGHUP's new settings, hosts file and root are taken together; a broken
 * config file, a broken hosts file or a missing root change nothing; restart-only settings
 * keep their running values; the root keeps its descriptor number.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "server/reload.h"

static char dir[64], conf_path[128], hosts_path[128], root_a[128], root_b[128];

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int setup(void **state)
{
	strcpy(dir, "/tmp/wb-reload-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(conf_path, sizeof(conf_path), "%s/server.conf", dir);
	snprintf(hosts_path, sizeof(hosts_path), "%s/dhcpd.conf", dir);
	snprintf(root_a, sizeof(root_a), "%s/a", dir);
	snprintf(root_b, sizeof(root_b), "%s/b", dir);
	mkdir(root_a, 0755);
	mkdir(root_b, 0755);
	return 0;
}

static int teardown(void **state)
{
	char cmd[160];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static const char HOSTS_ONE[] =
	"subnet 10.0.0.0 netmask 255.255.255.0 { }\n"
	"host a { hardware ethernet 00:11:22:33:44:55; fixed-address 10.0.0.5; }\n";
static const char HOSTS_TWO[] =
	"subnet 10.0.0.0 netmask 255.255.255.0 { }\n"
	"host a { hardware ethernet 00:11:22:33:44:55; fixed-address 10.0.0.5; }\n"
	"host b { hardware ethernet 00:11:22:33:44:66; fixed-address 10.0.0.6; }\n";

/* The config file: root, the hosts file, then `extra` lines. */
static void write_conf(const char *root, const char *extra)
{
	char conf[512];
	snprintf(conf, sizeof(conf), "root %s\nhosts %s\n%s", root, hosts_path, extra);
	write_text(conf_path, conf);
}

struct running {
	struct server_config cfg;
	struct dhcpd_conf hosts;
	bool have_hosts;
	struct dhcp_core core;
	struct server_live live;
	char *argv[4];
};

/* A server as main() leaves it with root a, HOSTS_ONE and bios-file one.pxe. */
static void start(struct running *r)
{
	char err[256];

	write_text(hosts_path, HOSTS_ONE);
	write_conf(root_a, "bios-file one.pxe\n");
	memset(r, 0, sizeof(*r));
	r->argv[0] = "wireboot-server";
	r->argv[1] = "--config";
	r->argv[2] = conf_path;
	r->argv[3] = "--interface=eth9";
	config_defaults(&r->cfg);
	assert_int_equal(config_parse_args(&r->cfg, 4, r->argv, err, sizeof(err)), 0);
	assert_int_equal(dhcpd_conf_load(r->cfg.hosts, &r->hosts, NULL, NULL), 0);
	r->have_hosts = true;
	r->core.cfg.interface = r->cfg.interface;
	server_dhcp_settings(&r->cfg, &r->hosts, &r->core.cfg);
	r->live = (struct server_live){ .argc = 4, .argv = r->argv, .cfg = &r->cfg,
					.hosts = &r->hosts, .have_hosts = &r->have_hosts,
					.core = &r->core,
					.root_fd = open(r->cfg.root, O_RDONLY | O_DIRECTORY | O_CLOEXEC) };
	assert_true(r->live.root_fd >= 0);
}

static void stop(struct running *r)
{
	close(r->live.root_fd);
	if (r->have_hosts)
		dhcpd_conf_free(&r->hosts);
}

/* The inode the root descriptor points at. */
static ino_t root_ino(const struct running *r)
{
	struct stat st;
	assert_int_equal(fstat(r->live.root_fd, &st), 0);
	return st.st_ino;
}

static ino_t path_ino(const char *path)
{
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	return st.st_ino;
}

static void test_reload_takes_hosts_root_and_settings(void **state)
{
	struct running r;

	start(&r);
	int fd = r.live.root_fd;
	assert_int_equal(r.hosts.n_hosts, 1);

	write_text(hosts_path, HOSTS_TWO);
	write_conf(root_b, "bios-file two.pxe\ntftp-port 1069\n");
	assert_int_equal(server_reload(&r.live), 0);
	assert_int_equal(r.hosts.n_hosts, 2);
	assert_ptr_equal(r.core.cfg.conf, &r.hosts);
	assert_string_equal(r.core.cfg.bios_file, "two.pxe");
	assert_ptr_equal(r.core.cfg.bios_file, r.cfg.bios_file);
	assert_int_equal(r.live.root_fd, fd);             /* same number ... */
	assert_int_equal(root_ino(&r), path_ino(root_b)); /* ... the new directory */
	assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	assert_int_equal(r.cfg.tftp_port, 69);            /* restart-only: kept */
	assert_string_equal(r.cfg.interface, "eth9");     /* the command line still applies */
	stop(&r);
}

static void test_broken_reloads_change_nothing(void **state)
{
	struct running r;
	char missing[160];

	start(&r);
	/* An unknown key. */
	write_conf(root_b, "bios-file two.pxe\nbogus 1\n");
	assert_true(server_reload(&r.live) < 0);
	/* A hosts file that does not parse. */
	write_text(hosts_path, "host x { hardware ethernet 00:11:22:33:44:77; fixed-address ;\n");
	write_conf(root_b, "bios-file two.pxe\n");
	assert_true(server_reload(&r.live) < 0);
	/* A root that does not exist. */
	write_text(hosts_path, HOSTS_TWO);
	snprintf(missing, sizeof(missing), "%s/none", dir);
	write_conf(missing, "bios-file two.pxe\n");
	assert_true(server_reload(&r.live) < 0);

	assert_int_equal(r.hosts.n_hosts, 1);
	assert_string_equal(r.core.cfg.bios_file, "one.pxe");
	assert_string_equal(r.cfg.root, root_a);
	assert_int_equal(root_ino(&r), path_ino(root_a));
	stop(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reload_takes_hosts_root_and_settings),
		cmocka_unit_test(test_broken_reloads_change_nothing),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
