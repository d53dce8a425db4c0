// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * server/check (`wireboot-server --check`) on a generated tree: missing files, bad kernels,
 * unreachable labels, files the server's user (nobody) cannot read, boot files.
 */
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
#include <unistd.h>

#include "core/byteorder.h"
#include "server/check.h"

static char root[64];

static void put_file(const char *name, const void *data, size_t len, mode_t mode)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", root, name);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
	assert_int_equal(chmod(path, mode), 0);
}

static void put_text(const char *name, const char *text, mode_t mode)
{
	put_file(name, text, strlen(text), mode);
}

/* The smallest image bzimage_parse accepts: protocol 2.06, 4 setup sectors, LOADED_HIGH. */
static void put_bzimage(const char *name, mode_t mode)
{
	static uint8_t f[5 * 512 + 4096];
	memset(f, 0, sizeof(f));
	f[0x1F1] = 4;
	put_le32(f + 0x1F4, 4096 / 16);
	put_le16(f + 0x1FE, 0xAA55);
	memcpy(f + 0x202, "HdrS", 4);
	put_le16(f + 0x206, 0x0206);
	f[0x211] = 0x01;
	put_le32(f + 0x22C, 0x37ffffff);
	put_le32(f + 0x238, 2047);
	put_file(name, f, sizeof(f), mode);
}

/* Run the check with stdout into a file; returns the error count and the output. */
static int run_check(const struct check_options *opt, char *out, size_t cap)
{
	char path[] = "/tmp/wb-check-out-XXXXXX";
	int fd = mkstemp(path), saved = dup(1);
	assert_true(fd >= 0 && saved >= 0);
	fflush(stdout);
	dup2(fd, 1);
	int root_fd = open(root, O_RDONLY | O_DIRECTORY);
	int errors = check_tree(root_fd, opt);
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	close(root_fd);
	ssize_t n = pread(fd, out, cap - 1, 0);
	out[n > 0 ? n : 0] = '\0';
	close(fd);
	unlink(path);
	return errors;
}

static int setup(void **state)
{
	strcpy(root, "/tmp/wb-check-XXXXXX");
	if (!mkdtemp(root) || chmod(root, 0755) < 0)
		return -1;
	char dir[128];
	snprintf(dir, sizeof(dir), "%s/pxelinux.cfg", root);
	return mkdir(dir, 0755);
}

static int teardown(void **state)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	return system(cmd) == 0 ? 0 : -1;
}

static void test_every_problem_explained(void **state)
{
	static char out[16384];
	bool as_root = geteuid() == 0;

	put_bzimage("vmlinuz", 0644);
	put_bzimage("secret-vmlinuz", 0600); /* root's: nobody cannot read it */
	put_text("initrd.img", "cpio", 0644);
	put_text("bad-kernel", "not a kernel\n", 0644);
	put_text("wireboot.pxe", "nbp", 0644);
	put_text("pxelinux.cfg/default",
		 "DEFAULT linux\n"                                  /* 1 */
		 "PROMPT 0\n"
		 "LABEL linux\n"                                    /* 3 */
		 "  KERNEL vmlinuz\n"
		 "  APPEND initrd=initrd.img console=ttyS0\n"
		 "LABEL locked\n"                                   /* 6 */
		 "  KERNEL secret-vmlinuz\n"
		 "LABEL broken\n"                                   /* 8 */
		 "  KERNEL bad-kernel\n"
		 "  INITRD missing.img\n"
		 "LABEL linux\n"                                    /* 11: shadowed */
		 "  KERNEL vmlinuz\n", 0644);
	put_text("pxelinux.cfg/01-52-54-00-00-00-01",
		 "DEFAULT menu.c32\n"
		 "MENU NOEDIT\n"
		 "NOESCAPE 1\n"
		 "LABEL shown\n"                                    /* 4 */
		 "  KERNEL vmlinuz\n"
		 "LABEL hidden\n"                                   /* 6 */
		 "  MENU HIDE\n"
		 "  KERNEL vmlinuz\n", 0644);
	put_text("pxelinux.cfg/private", "DEFAULT x\nLABEL x\n  KERNEL vmlinuz\n", 0600);

	struct check_options opt = { .user = "", .boot_files = { "wireboot.pxe", "wireboot.efi", NULL } };
	int errors = run_check(&opt, out, sizeof(out));

	/* Bad kernel and missing initrd; with root, two files nobody cannot read. */
	assert_non_null(strstr(out, "ERROR pxelinux.cfg/default: label broken: kernel 'bad-kernel' is not a bootable bzImage"));
	assert_non_null(strstr(out, "ERROR pxelinux.cfg/default: label broken: initrd 'missing.img': file not found"));
	assert_non_null(strstr(out, "ok    pxelinux.cfg/default: label linux: kernel 'vmlinuz' (bzImage, boot protocol 2.06)"));
	assert_non_null(strstr(out, "ok    pxelinux.cfg/default: label linux: initrd 'initrd.img' (4 bytes)"));
	if (as_root) {
		assert_int_equal(errors, 4);
		assert_non_null(strstr(out, "ERROR pxelinux.cfg/default: label locked: kernel 'secret-vmlinuz': "
					    "not readable by user nobody"));
		assert_non_null(strstr(out, "ERROR 'pxelinux.cfg/private': not readable by user nobody"));
		assert_null(strstr(out, "note  "));
	} else {
		assert_int_equal(errors, 2);
		assert_non_null(strstr(out, "note  readability is checked for user "));
	}
	/* Unreachable labels, each with its line and reason; reachable ones are not named. */
	assert_non_null(strstr(out, "warn  pxelinux.cfg/default:6: label locked is unreachable: PROMPT 0 boots DEFAULT 'linux'"));
	assert_non_null(strstr(out, "warn  pxelinux.cfg/default:8: label broken is unreachable: PROMPT 0"));
	assert_non_null(strstr(out, "warn  pxelinux.cfg/default:11: label linux is unreachable: LABEL linux at line 3 has the same name"));
	assert_null(strstr(out, "default:3: label linux is unreachable"));
	assert_non_null(strstr(out, "warn  pxelinux.cfg/01-52-54-00-00-00-01:6: label hidden is unreachable: MENU HIDE"));
	assert_null(strstr(out, "label shown is unreachable"));
	assert_null(strstr(out, "names no label")); /* DEFAULT menu.c32 is a menu, not a label */
	/* Boot files: present, and missing (a warning). */
	assert_non_null(strstr(out, "ok    boot file 'wireboot.pxe' (3 bytes)"));
	assert_non_null(strstr(out, "warn  boot file 'wireboot.efi' (--efi-file): file not found"));
	char summary[32];
	snprintf(summary, sizeof(summary), "FAILED: %d errors\n", errors);
	assert_non_null(strstr(out, summary));

	/* PROMPT 1 makes every label reachable; --user root reads everything. */
	put_text("pxelinux.cfg/default", "DEFAULT linux\nPROMPT 1\nLABEL linux\n  KERNEL vmlinuz\n"
					 "LABEL locked\n  KERNEL secret-vmlinuz\n", 0644);
	put_text("pxelinux.cfg/01-52-54-00-00-00-01", "DEFAULT menu.c32\nLABEL hidden\n  MENU HIDE\n"
						      "  KERNEL vmlinuz\n", 0644);
	put_text("pxelinux.cfg/private", "DEFAULT x\nLABEL x\n  KERNEL vmlinuz\n", 0644);
	opt.user = "root";
	assert_int_equal(run_check(&opt, out, sizeof(out)), 0);
	assert_null(strstr(out, "unreachable"));
	assert_non_null(strstr(out, "passed: 0 errors\n"));

	/* A user that does not exist is an error, not a silent pass. */
	if (as_root) {
		opt.user = "no-such-user-wb";
		assert_int_equal(run_check(&opt, out, sizeof(out)), 1);
		assert_non_null(strstr(out, "ERROR cannot become user no-such-user-wb"));
	}
}

/* PXE programs wireboot chains by their names (loaders/boot_kind.h) are files, not bzImages. */
static void test_pxe_programs_are_not_parsed(void **state)
{
	static char out[4096];
	put_text("undionly.kpxe", "nbp", 0644);
	put_text("ipxe.pxe", "nbp", 0644);
	put_text("pxelinux.cfg/default", "DEFAULT ipxe\nLABEL ipxe\n  KERNEL undionly.kpxe\n"
					 "LABEL other\n  KERNEL ipxe.pxe\n", 0644);
	struct check_options opt = { .user = "root", .boot_files = { NULL } };
	assert_int_equal(run_check(&opt, out, sizeof(out)), 0);
	assert_non_null(strstr(out, "ok    pxelinux.cfg/default: label ipxe: kernel 'undionly.kpxe' (3 bytes)"));
	assert_non_null(strstr(out, "ok    pxelinux.cfg/default: label other: kernel 'ipxe.pxe' (3 bytes)"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_every_problem_explained, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pxe_programs_are_not_parsed, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
