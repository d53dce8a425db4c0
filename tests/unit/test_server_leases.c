// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * server/leases: the file's exact format, reload after a restart, a failed save leaving the
 * old file whole (the write is atomic), and a corrupted file read line by line.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/errors.h"
#include "core/printf.h"
#include "server/leases.h"

static char dir[64], path[128], tmp[160];

static uint32_t ip(const char *s)
{
	uint32_t v;
	assert_int_equal(wb_parse_ipv4(s, &v), 0);
	return v;
}

static size_t read_all(const char *p, char *buf, size_t cap)
{
	FILE *f = fopen(p, "r");
	assert_non_null(f);
	size_t n = fread(buf, 1, cap - 1, f);
	buf[n] = '\0';
	fclose(f);
	return n;
}

static int setup(void **state)
{
	strcpy(dir, "/tmp/wb-leases-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof(path), "%s/leases", dir);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	return 0;
}

static int teardown(void **state)
{
	unlink(path);
	rmdir(tmp);
	unlink(tmp);
	return rmdir(dir);
}

static void test_save_reload_atomic(void **state)
{
	static const uint8_t mac1[6] = {2, 0, 0, 0, 0, 1}, mac2[6] = {2, 0, 0, 0, 0, 2},
			     mac3[6] = {2, 0, 0, 0, 0, 3};
	struct lease_db db, again;
	char text[1024];

	/* No file yet: an empty table, and nothing is created until a save. */
	assert_int_equal(lease_db_open(&db, path), 0);
	assert_int_equal(db.n, 0);
	assert_int_equal(access(path, F_OK), -1);

	struct lease *l = lease_take(&db, ip("10.0.0.10"), mac1, 100);
	l->state = LEASE_BOUND;
	l->expires = 4000;
	l = lease_take(&db, ip("10.0.0.11"), mac2, 100);
	l->state = LEASE_OFFERED; /* offers are not written */
	l->expires = 160;
	l = lease_take(&db, ip("10.0.0.12"), mac3, 100);
	l->state = LEASE_DECLINED;
	l->expires = 700;
	assert_int_equal(lease_db_save(&db), 0);
	read_all(path, text, sizeof(text));
	assert_string_equal(text, "# wireboot-server leases: IP MAC EXPIRES(unix seconds) STATE\n"
				  "10.0.0.10 02:00:00:00:00:01 4000 bound\n"
				  "10.0.0.12 02:00:00:00:00:03 700 declined\n");
	assert_int_equal(access(tmp, F_OK), -1); /* renamed, not left behind */

	/* A restart reads back what was saved. */
	assert_int_equal(lease_db_open(&again, path), 0);
	assert_int_equal(again.n, 2);
	assert_int_equal(again.v[0].ip, ip("10.0.0.10"));
	assert_memory_equal(again.v[0].mac, mac1, 6);
	assert_int_equal(again.v[0].expires, 4000);
	assert_int_equal(again.v[0].state, LEASE_BOUND);
	assert_int_equal(again.v[1].state, LEASE_DECLINED);
	assert_ptr_equal(lease_find_mac(&again, mac1), &again.v[0]);
	assert_null(lease_find_mac(&again, mac3)); /* a declined address belongs to nobody */
	lease_db_close(&again);

	/* A save that cannot complete leaves the previous file whole: the temporary file is
	 * what fails (here a directory stands in its place), never the file itself. */
	assert_int_equal(mkdir(tmp, 0700), 0);
	db.v[0].expires = 9999;
	assert_int_equal(lease_db_save(&db), -WB_EIO);
	char after[1024];
	read_all(path, after, sizeof(after));
	assert_string_equal(after, text);
	assert_int_equal(rmdir(tmp), 0);
	assert_int_equal(lease_db_save(&db), 0);
	read_all(path, after, sizeof(after));
	assert_non_null(strstr(after, "10.0.0.10 02:00:00:00:00:01 9999 bound\n"));
	lease_db_close(&db);

	/* Memory-only tables never touch the disk. */
	assert_int_equal(lease_db_open(&db, NULL), 0);
	assert_int_equal(lease_db_save(&db), 0);
	lease_db_close(&db);
}

static void test_corrupted_file(void **state)
{
	struct lease_db db;
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("# comment\n"
	      "\n"
	      "10.0.0.20 02:00:00:00:00:20 5000 bound\n"
	      "garbage line\n"
	      "10.0.0.21 zz:00:00:00:00:21 5000 bound\n"   /* bad MAC */
	      "10.0.0.22 02:00:00:00:00:22 5000 leased\n"  /* unknown state */
	      "10.0.0.256 02:00:00:00:00:23 5000 bound\n"  /* bad address */
	      "10.0.0.24 02:00:00:00:00:24\n"              /* torn line */
	      "   10.0.0.25 02:00:00:00:00:25 6000 declined\n"
	      "10.0.0.20 02:00:00:00:00:26 7000 bound\n"   /* a later line for .20 wins */
	      "\x01\xff\xfe binary\n", f);
	fclose(f);

	assert_int_equal(lease_db_open(&db, path), 0);
	assert_int_equal(db.n, 2);
	static const uint8_t mac26[6] = {2, 0, 0, 0, 0, 0x26};
	struct lease *l = lease_find_ip(&db, ip("10.0.0.20"));
	assert_non_null(l);
	assert_memory_equal(l->mac, mac26, 6);
	assert_int_equal(l->expires, 7000);
	l = lease_find_ip(&db, ip("10.0.0.25"));
	assert_non_null(l);
	assert_int_equal(l->state, LEASE_DECLINED);
	assert_null(lease_find_ip(&db, ip("10.0.0.22")));
	assert_null(lease_find_ip(&db, ip("10.0.0.24")));
	/* Saving rewrites the file clean. */
	assert_int_equal(lease_db_save(&db), 0);
	char text[512];
	read_all(path, text, sizeof(text));
	assert_string_equal(text, "# wireboot-server leases: IP MAC EXPIRES(unix seconds) STATE\n"
				  "10.0.0.20 02:00:00:00:00:26 7000 bound\n"
				  "10.0.0.25 02:00:00:00:00:25 6000 declined\n");
	lease_db_close(&db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_save_reload_atomic, setup, teardown),
		cmocka_unit_test_setup_teardown(test_corrupted_file, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
