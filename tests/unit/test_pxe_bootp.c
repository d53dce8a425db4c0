/* SPDX-License-Identifier: GPL-2.0-or-later */
/* loaders/pxe_bootp.c: the cached DHCP packets a chained PXE program reads. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/errors.h"
#include "loaders/pxe_bootp.h"

static uint8_t pkt[600];

/* A DHCP ACK as a PXE ROM caches it: next-server 10.0.0.1, sname, file, then options. */
static size_t make_ack(const uint8_t *opts, size_t olen)
{
	memset(pkt, 0, sizeof(pkt));
	pkt[0] = 2;
	memcpy(pkt + PXE_BOOTP_SIADDR, (uint8_t[]){ 10, 0, 0, 1 }, 4);
	strcpy((char *)pkt + PXE_BOOTP_SNAME, "bootserver");
	strcpy((char *)pkt + PXE_BOOTP_FILE, "wireboot.pxe");
	memcpy(pkt + PXE_BOOTP_OPTIONS, (uint8_t[]){ 99, 130, 83, 99 }, 4);
	memcpy(pkt + PXE_BOOTP_MIN_LEN, opts, olen);
	return PXE_BOOTP_MIN_LEN + olen;
}

static void test_file_field_names_the_program(void **state)
{
	(void)state;
	static const uint8_t opts[] = { 53, 1, 5, 67, 12, 'w', 'i', 'r', 'e', 'b', 'o', 'o', 't',
					'.', 'p', 'x', 'e', 66, 3, 'a', 'b', 'c', 255 };
	size_t len = make_ack(opts, sizeof(opts));
	assert_int_equal(pxe_bootp_retarget(pkt, len, "px/pxelinux.0"), 0);
	assert_string_equal((char *)pkt + PXE_BOOTP_FILE, "px/pxelinux.0");
	/* Same server: siaddr, sname and option 66 stay; option 67 (old name) is padded out. */
	assert_memory_equal(pkt + PXE_BOOTP_SIADDR, ((uint8_t[]){ 10, 0, 0, 1 }), 4);
	assert_string_equal((char *)pkt + PXE_BOOTP_SNAME, "bootserver");
	static const uint8_t want[] = { 53, 1, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
					66, 3, 'a', 'b', 'c', 255 };
	assert_memory_equal(pkt + PXE_BOOTP_MIN_LEN, want, sizeof(want));
	/* The rest of the old name is cleared, not left after the new NUL. */
	for (size_t i = strlen("px/pxelinux.0"); i < PXE_BOOTP_FILE_LEN; i++)
		assert_int_equal(pkt[PXE_BOOTP_FILE + i], 0);
}

static void test_other_server(void **state)
{
	(void)state;
	static const uint8_t opts[] = { 66, 3, 'a', 'b', 'c', 52, 1, 3, 255 };
	size_t len = make_ack(opts, sizeof(opts));
	assert_int_equal(pxe_bootp_retarget(pkt, len, "192.168.5.7::ipxe/undionly.kpxe"), 0);
	assert_string_equal((char *)pkt + PXE_BOOTP_FILE, "ipxe/undionly.kpxe");
	assert_memory_equal(pkt + PXE_BOOTP_SIADDR, ((uint8_t[]){ 192, 168, 5, 7 }), 4);
	assert_int_equal(pkt[PXE_BOOTP_SNAME], 0);
	/* 66 padded out; the overload option no longer claims `file` or `sname`. */
	static const uint8_t want[] = { 0, 0, 0, 0, 0, 52, 1, 0, 255 };
	assert_memory_equal(pkt + PXE_BOOTP_MIN_LEN, want, sizeof(want));
	/* "::name": the boot server, unchanged. */
	len = make_ack(opts, sizeof(opts));
	assert_int_equal(pxe_bootp_retarget(pkt, len, "::x.0"), 0);
	assert_string_equal((char *)pkt + PXE_BOOTP_FILE, "x.0");
	assert_memory_equal(pkt + PXE_BOOTP_SIADDR, ((uint8_t[]){ 10, 0, 0, 1 }), 4);
	assert_int_equal(pkt[PXE_BOOTP_MIN_LEN], 66);
}

static void test_refused_packets_stay_unchanged(void **state)
{
	(void)state;
	static const uint8_t cut[] = { 53, 1, 5, 67, 40, 'x' }; /* option past the end */
	size_t len = make_ack(cut, sizeof(cut));
	uint8_t before[sizeof(pkt)];
	memcpy(before, pkt, sizeof(pkt));
	assert_int_equal(pxe_bootp_retarget(pkt, len, "x.0"), -WB_ETRUNCATED);
	assert_int_equal(pxe_bootp_retarget(pkt, PXE_BOOTP_MIN_LEN - 1, "x.0"), -WB_ETRUNCATED);
	char longname[140];
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	static const uint8_t ok[] = { 255 };
	len = make_ack(ok, sizeof(ok));
	memcpy(before, pkt, sizeof(pkt));
	assert_int_equal(pxe_bootp_retarget(pkt, len, longname), -WB_ETOOBIG);
	assert_int_equal(pxe_bootp_retarget(pkt, len, "server::x.0"), -WB_EINVAL);
	assert_int_equal(pxe_bootp_retarget(pkt, len, "1.2.3.4.5.6.7.8.9::x.0"), -WB_EINVAL);
	assert_memory_equal(pkt, before, sizeof(pkt));
	pkt[PXE_BOOTP_OPTIONS] = 0;
	assert_int_equal(pxe_bootp_retarget(pkt, len, "x.0"), -WB_EBADMAGIC);
	/* Exactly 127 characters fit (with the NUL). */
	longname[127] = '\0';
	len = make_ack(ok, sizeof(ok));
	assert_int_equal(pxe_bootp_retarget(pkt, len, longname), 0);
	assert_int_equal(pkt[PXE_BOOTP_FILE + 127], 0);
}

static void test_split_path(void **state)
{
	(void)state;
	const char *name;
	uint32_t server;
	assert_int_equal(pxe_bootp_split_path("a/b.0", &name, &server), 0);
	assert_string_equal(name, "a/b.0");
	assert_int_equal(server, 0);
	assert_int_equal(pxe_bootp_split_path("10.1.2.3::b.0", &name, &server), 0);
	assert_string_equal(name, "b.0");
	assert_memory_equal(&server, ((uint8_t[]){ 10, 1, 2, 3 }), 4);
	assert_int_equal(pxe_bootp_split_path("10.1.2::b.0", &name, &server), -WB_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_file_field_names_the_program),
		cmocka_unit_test(test_other_server),
		cmocka_unit_test(test_refused_packets_stay_unchanged),
		cmocka_unit_test(test_split_path),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
