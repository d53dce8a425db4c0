// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The server against hostile clients (issue #9), the cases the other server tests do not
 * cover: blksize at both ends of RFC 2348's range (8 and 65464) and just outside it,
 * windowsize 0 and 65535, and DHCP requests whose options run past the packet, or whose
 * senders flood the dynamic range with fresh MAC addresses (bounded lease table).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "core/byteorder.h"
#include "core/errors.h"
#include "core/printf.h"
#include "net/dhcp_packet.h"
#include "net/tftp_packet.h"
#include "server/dhcp_server.h"
#include "server/leases.h"
#include "server/tftp_xfer.h"

/* ---- TFTP: option extremes ----------------------------------------------------------------- */

static uint8_t txbuf[TFTP_MAX_BLKSIZE + 4];

/* Every datagram; DATA: the largest, and its bytes checked against the file. */
static struct {
	unsigned n, data;
	size_t max_len;
	uint16_t last_op;
	uint64_t bytes;
} cap;

static uint8_t file_byte(uint64_t i) { return (uint8_t)(i * 11 + i / 7); }

static int check_send(void *ctx, const void *buf, size_t len)
{
	struct tftp_xfer *x = ctx;
	const uint8_t *p = buf;
	cap.n++;
	cap.last_op = get_be16(p);
	if (cap.last_op == TFTP_DATA) {
		if (len > cap.max_len)
			cap.max_len = len;
		uint64_t off = (x->next - 1) * x->blksize;
		assert_true(len - 4 <= x->blksize);
		for (size_t i = 4; i < len; i++)
			assert_int_equal(p[i], file_byte(off + i - 4));
		cap.data++;
		cap.bytes += len - 4;
	}
	return 0;
}

static int make_file(uint64_t size)
{
	int fd = memfd_create("hostile", 0);
	assert_true(fd >= 0);
	static uint8_t chunk[65536];
	for (uint64_t off = 0; off < size; off += sizeof(chunk)) {
		size_t n = size - off < sizeof(chunk) ? (size_t)(size - off) : sizeof(chunk);
		for (size_t i = 0; i < n; i++)
			chunk[i] = file_byte(off + i);
		assert_int_equal(pwrite(fd, chunk, n, (off_t)off), (ssize_t)n);
	}
	return fd;
}

/* An RRQ for "f" with option pairs; returns tftp_parse()'s result. */
static int parse_rrq(struct tftp_packet *p, uint8_t *buf, size_t capacity, const char *const *opts)
{
	size_t n = 0;
	memcpy(buf, "\0\1f\0octet", 10);
	n = 10;
	for (int i = 0; opts && opts[i]; i++) {
		size_t l = strlen(opts[i]) + 1;
		assert_true(n + l <= capacity);
		memcpy(buf + n, opts[i], l);
		n += l;
	}
	return tftp_parse(buf, n, p);
}

/* Run a whole transfer of `size` bytes with the client ACKing every window. */
static void transfer(const char *const *opts, uint64_t size, const struct tftp_limits *lim,
		     uint32_t want_blksize, uint32_t want_window)
{
	static uint8_t rbuf[256];
	struct tftp_packet req;
	struct tftp_xfer x;
	int fd = make_file(size);
	assert_int_equal(parse_rrq(&req, rbuf, sizeof(rbuf), opts), 0);
	memset(&cap, 0, sizeof(cap));
	memset(&x, 0, sizeof(x));
	x.buf = txbuf;
	x.send = check_send;
	x.send_ctx = &x;
	tftp_xfer_start(&x, &req, fd, size, lim, 1000);
	assert_int_equal(x.blksize, want_blksize);
	assert_int_equal(x.windowsize, want_window);
	uint8_t ack[4];
	tftp_build_ack(ack, sizeof(ack), 0);
	tftp_xfer_input(&x, ack, sizeof(ack), 1000);
	for (int guard = 0; x.state == XFER_RUNNING && guard < 200000; guard++) {
		tftp_build_ack(ack, sizeof(ack), (uint16_t)(x.next - 1));
		tftp_xfer_input(&x, ack, sizeof(ack), 1001);
	}
	assert_int_equal(x.state, XFER_DONE);
	assert_int_equal(cap.bytes, size);
	assert_int_equal(tftp_xfer_bytes_done(&x), size);
	close(fd);
}

static void test_blksize_extremes(void **state)
{
	(void)state;
	const struct tftp_limits big = { .max_blksize = TFTP_MAX_BLKSIZE, .max_windowsize = 64,
					 .rto_ms = 1000, .max_retries = 5 };
	const struct tftp_limits mtu = { .max_blksize = 1468, .max_windowsize = 64,
					 .rto_ms = 1000, .max_retries = 5 };
	static const char *const b8[] = { "blksize", "8", "windowsize", "65535", NULL };
	static const char *const bmax[] = { "blksize", "65464", "tsize", "0", NULL };

	/* 8-byte blocks, a window of 65535 capped to the server's 64: 1001 bytes, 126 blocks. */
	transfer(b8, 1001, &big, 8, 64);
	assert_int_equal(cap.data, 126);
	assert_int_equal(cap.max_len, 12);
	/* 65464-byte blocks where the server allows them (a 64 KiB datagram each) ... */
	transfer(bmax, 3 * 65464 + 100, &big, 65464, 1);
	assert_int_equal(cap.data, 4);
	assert_int_equal(cap.max_len, 65468);
	/* ... and capped to the MTU where it does not. */
	transfer(bmax, 3000, &mtu, 1468, 1);
	assert_int_equal(cap.max_len, 1472);
}

static void test_option_values_out_of_range(void **state)
{
	(void)state;
	static const char *const bad[][3] = {
		{ "blksize", "7", NULL }, { "blksize", "65465", NULL }, { "blksize", "-1", NULL },
		{ "windowsize", "0", NULL }, { "windowsize", "65536", NULL },
		{ "blksize", "99999999999999999999999", NULL }, { "tsize", "x", NULL },
	};
	uint8_t buf[256];
	struct tftp_packet p;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(parse_rrq(&p, buf, sizeof(buf), bad[i]), -WB_EINVAL);
	/* The extremes themselves are valid. */
	static const char *const ok[] = { "blksize", "8", "windowsize", "1", NULL };
	static const char *const ok2[] = { "blksize", "65464", "windowsize", "65535", NULL };
	assert_int_equal(parse_rrq(&p, buf, sizeof(buf), ok), 0);
	assert_int_equal(p.opts.blksize, 8);
	assert_int_equal(parse_rrq(&p, buf, sizeof(buf), ok2), 0);
	assert_int_equal(p.opts.windowsize, 65535);
	/* An option name with no value (the packet ends): malformed, not read past the end. */
	static const uint8_t cut[] = "\0\1f\0octet\0blksize";
	assert_true(tftp_parse(cut, sizeof(cut) - 1, &p) < 0);
}

/* ---- DHCP: malformed requests, address exhaustion ------------------------------------------ */

static struct lease_db db;
static struct dhcp_core core;
static struct dhcp_reply reply;
static char lease_path[64];

static int dhcp_setup(void **state)
{
	(void)state;
	strcpy(lease_path, "/tmp/wb-hostile-XXXXXX");
	int fd = mkstemp(lease_path);
	if (fd < 0)
		return -1;
	close(fd);
	unlink(lease_path);
	if (lease_db_open(&db, lease_path))
		return -1;
	memset(&core, 0, sizeof(core));
	wb_parse_ipv4("10.0.0.1", &core.cfg.server_ip);
	wb_parse_ipv4("255.255.255.0", &core.cfg.netmask);
	wb_parse_ipv4("10.0.0.100", &core.cfg.range_lo);
	wb_parse_ipv4("10.0.0.109", &core.cfg.range_hi);
	core.cfg.bios_file = "wireboot.pxe";
	core.leases = &db;
	return 0;
}

static int dhcp_teardown(void **state)
{
	(void)state;
	lease_db_close(&db);
	unlink(lease_path);
	return 0;
}

/* A DISCOVER (or REQUEST) from MAC 02:00:00:00:hi:lo, options appended raw. */
static size_t request(uint8_t *buf, uint16_t mac, uint8_t type, const uint8_t *opts, size_t n)
{
	memset(buf, 0, 240);
	buf[0] = BOOTP_REQUEST;
	buf[1] = 1;
	buf[2] = 6;
	put_be32(buf + 4, 0x5150000u + mac);
	buf[28] = 2;
	put_be16(buf + 32, mac);
	put_be32(buf + 236, DHCP_MAGIC_COOKIE);
	buf[240] = DHCP_OPT_MSG_TYPE;
	buf[241] = 1;
	buf[242] = type;
	memcpy(buf + 243, opts, n);
	return 243 + n;
}

static void test_dhcp_option_lengths_past_packet(void **state)
{
	(void)state;
	static const struct dhcp_source src = { .ip = 0, .port = 68 };
	uint8_t buf[DHCP_MAX_LEN];
	static const struct {
		uint8_t opts[8];
		size_t n;
	} cases[] = {
		{ { DHCP_OPT_VENDOR_CLASS, 200, 'P', 'X', 'E' }, 5 },    /* value runs past the end */
		{ { DHCP_OPT_CLIENT_ARCH, 2 }, 2 },                       /* header only */
		{ { DHCP_OPT_PARAM_REQUEST }, 1 },                        /* no length byte */
		{ { DHCP_OPT_OVERLOAD, 1, 3, DHCP_OPT_END }, 4 },         /* file/sname: no END there */
		{ { DHCP_OPT_CLIENT_ID, 7, 1, 2, 0, 0, 0 }, 7 },          /* runs past, no END */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t len = request(buf, (uint16_t)(0x100 + i), DHCPDISCOVER, cases[i].opts, cases[i].n);
		if (cases[i].opts[0] == DHCP_OPT_OVERLOAD)
			memset(buf + 44, DHCP_OPT_ROUTER, 64 + 128); /* sname + file: options, no END */
		memset(&reply, 0, sizeof(reply));
		int n = dhcp_handle(&core, buf, len, &src, 1000, &reply);
		assert_true(n < 0);
		assert_int_equal(reply.len, 0);
	}
	assert_int_equal(db.n, 0); /* nothing offered, nothing remembered */
}

static void test_dhcp_mac_flood_bounded(void **state)
{
	(void)state;
	static const struct dhcp_source src = { .ip = 0, .port = 68 };
	uint8_t buf[DHCP_MAX_LEN];
	static const uint8_t end[] = { DHCP_OPT_END };
	unsigned offered = 0;
	/* 5000 DISCOVERs from different MACs against a range of 10 addresses. */
	for (uint16_t mac = 1; mac <= 5000; mac++) {
		size_t len = request(buf, mac, DHCPDISCOVER, end, sizeof(end));
		int n = dhcp_handle(&core, buf, len, &src, 1000 + mac / 100, &reply);
		assert_true(n >= 0);
		offered += n == 1;
	}
	assert_int_equal(offered, 10);
	assert_true(db.n <= 10); /* the table holds at most the range */
	/* Offers expire: a real client 61 s after the flood gets an address. */
	size_t len = request(buf, 9999, DHCPDISCOVER, end, sizeof(end));
	assert_int_equal(dhcp_handle(&core, buf, len, &src, 1050 + DHCP_OFFER_HOLD_S + 1, &reply), 1);
	assert_true(db.n <= 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_blksize_extremes),
		cmocka_unit_test(test_option_values_out_of_range),
		cmocka_unit_test_setup_teardown(test_dhcp_option_lengths_past_packet, dhcp_setup,
						dhcp_teardown),
		cmocka_unit_test_setup_teardown(test_dhcp_mac_flood_bounded, dhcp_setup, dhcp_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
