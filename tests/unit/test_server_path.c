// SPDX-License-Identifier: GPL-2.0-or-later
/* server/path: a table of hostile and legitimate requests against a temporary tree. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "core/errors.h"
#include "server/path.h"

static char base[64];      /* holds root/ and outside.txt */
static char root[96];
static int root_fd = -1;
static bool have_device;

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int setup(void **state)
{
	char p[256];

	strcpy(base, "/tmp/wb-path-XXXXXX");
	if (!mkdtemp(base))
		return -1;
	snprintf(root, sizeof(root), "%s/root", base);
	mkdir(root, 0755);
	snprintf(p, sizeof(p), "%s/outside.txt", base);
	write_file(p, "SECRET");
	snprintf(p, sizeof(p), "%s/pxelinux.0", root);
	write_file(p, "PXE");
	snprintf(p, sizeof(p), "%s/pxelinux.cfg", root);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/pxelinux.cfg/default", root);
	write_file(p, "DEFAULT");
	snprintf(p, sizeof(p), "%s/pxelinux.cfg/01-52-54-00-12-34-56", root);
	if (symlink("default", p))
		return -1;
	snprintf(p, sizeof(p), "%s/escape", root);
	if (symlink("/etc/passwd", p))
		return -1;
	snprintf(p, sizeof(p), "%s/escape_rel", root);
	if (symlink("../outside.txt", p))
		return -1;
	snprintf(p, sizeof(p), "%s/etc", root);
	if (symlink("/etc", p))
		return -1;
	char target[160];
	snprintf(target, sizeof(target), "%s/pxelinux.0", root);
	snprintf(p, sizeof(p), "%s/abs_in", root);
	if (symlink(target, p))
		return -1;
	snprintf(p, sizeof(p), "%s/loop", root);
	if (symlink("loop", p))
		return -1;
	snprintf(p, sizeof(p), "%s/fifo", root);
	if (mkfifo(p, 0644))
		return -1;
	snprintf(p, sizeof(p), "%s/null", root);
	have_device = mknod(p, S_IFCHR | 0666, makedev(1, 3)) == 0;
	root_fd = open(root, O_RDONLY | O_DIRECTORY);
	return root_fd < 0 ? -1 : 0;
}

static int teardown(void **state)
{
	char cmd[128];
	close(root_fd);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", base);
	return system(cmd) == 0 ? 0 : -1;
}

/* Open `req`; on success compare the content with `want`. */
static int try_open(const char *req, const char *want)
{
	uint64_t size = 0;
	int fd = path_open_confined(root_fd, req, &size);
	if (fd < 0)
		return fd;
	char buf[64] = "";
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	assert_true(n >= 0);
	buf[n] = '\0';
	assert_int_equal(size, strlen(want));
	assert_string_equal(buf, want);
	return 0;
}

static void test_confinement_table(void **state)
{
	static const struct {
		const char *req;
		int expect;
		const char *content;
	} cases[] = {
		{ "pxelinux.0", 0, "PXE" },
		{ "/pxelinux.0", 0, "PXE" },                /* leading '/' maps into the root */
		{ "///pxelinux.0", 0, "PXE" },
		{ "\\pxelinux.0", 0, "PXE" },               /* backslash is a separator */
		{ "pxelinux.cfg\\default", 0, "DEFAULT" },
		{ "./pxelinux.cfg/./default", 0, "DEFAULT" },
		{ "pxelinux.cfg//default", 0, "DEFAULT" },
		{ "pxelinux.cfg/01-52-54-00-12-34-56", 0, "DEFAULT" }, /* symlink inside the root */
		{ "../outside.txt", -WB_EACCES, NULL },
		{ "/../outside.txt", -WB_EACCES, NULL },
		{ "pxelinux.cfg/../pxelinux.0", -WB_EACCES, NULL }, /* no ".." even when harmless */
		{ "..\\outside.txt", -WB_EACCES, NULL },
		{ "pxelinux.cfg\\..\\..\\outside.txt", -WB_EACCES, NULL },
		{ "..", -WB_EACCES, NULL },
		{ "escape", -WB_EACCES, NULL },              /* absolute symlink out */
		{ "escape_rel", -WB_EACCES, NULL },          /* relative symlink out */
		{ "etc/passwd", -WB_EACCES, NULL },          /* symlinked directory out */
		{ "abs_in", -WB_EACCES, NULL },              /* absolute symlinks are refused */
		{ "loop", -WB_EACCES, NULL },
		{ "pxelinux.cfg", -WB_EACCES, NULL },        /* directory */
		{ "fifo", -WB_EACCES, NULL },
		{ "missing", -WB_ENOENT, NULL },
		{ "pxelinux.0/x", -WB_ENOENT, NULL },
		{ "", -WB_EACCES, NULL },
		{ "/", -WB_EACCES, NULL },
		{ "./.", -WB_EACCES, NULL },
		{ "pxe\x01linux.0", -WB_EACCES, NULL },
		{ "pxe\x7flinux.0", -WB_EACCES, NULL },
		{ "...", -WB_ENOENT, NULL },                  /* an ordinary name */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int got = try_open(cases[i].req, cases[i].content);
		if (got != cases[i].expect)
			fail_msg("request '%s': got %d (%s), want %d", cases[i].req, got,
				 wb_errname(got), cases[i].expect);
	}
	if (have_device)
		assert_int_equal(try_open("null", NULL), -WB_EACCES);

	char longreq[PATH_REQUEST_MAX + 10];
	memset(longreq, 'a', sizeof(longreq) - 1);
	longreq[sizeof(longreq) - 1] = '\0';
	assert_int_equal(try_open(longreq, NULL), -WB_ETOOBIG);
}

static void test_normalize(void **state)
{
	char out[16];

	assert_int_equal(path_normalize("\\boot\\x86\\pxe.0", out, sizeof(out)), 0);
	assert_string_equal(out, "boot/x86/pxe.0");
	assert_int_equal(path_normalize("/a/./b//", out, sizeof(out)), 0);
	assert_string_equal(out, "a/b");
	assert_int_equal(path_normalize("a/..b/c..", out, sizeof(out)), 0);
	assert_string_equal(out, "a/..b/c..");
	assert_int_equal(path_normalize("0123456789abcdef", out, sizeof(out)), -WB_ETOOBIG);
	assert_int_equal(path_normalize("0123456789abcde", out, sizeof(out)), 0);
	assert_int_equal(path_normalize("x/../y", out, sizeof(out)), -WB_EACCES);
	assert_int_equal(path_check_support(root_fd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_confinement_table),
		cmocka_unit_test(test_normalize),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
