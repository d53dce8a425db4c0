// SPDX-License-Identifier: GPL-2.0-or-later
/* net/tftp_packet: exact bytes of built packets, parsing of every opcode, truncation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdint.h>
#include <string.h>

#include "core/errors.h"
#include "net/tftp_packet.h"

#define BYTES(s) ((const uint8_t *)(s)), (sizeof(s) - 1)

static void test_build_rrq_exact_bytes(void **state)
{
	(void)state;
	uint8_t buf[128];
	struct tftp_options o = { .blksize = 1468, .windowsize = 16, .has_tsize = true };
	static const char want[] = "\x00\x01" "bzImage\0" "octet\0" "blksize\0" "1468\0"
				   "tsize\0" "0\0" "windowsize\0" "16\0";
	int n = tftp_build_rrq(buf, sizeof(buf), "bzImage", &o);
	assert_int_equal(n, sizeof(want) - 1);
	assert_memory_equal(buf, want, sizeof(want) - 1);

	/* Without options: RFC 1350 only. */
	static const char plain[] = "\x00\x01" "pxelinux.cfg/default\0" "octet\0";
	n = tftp_build_rrq(buf, sizeof(buf), "pxelinux.cfg/default", NULL);
	assert_int_equal(n, sizeof(plain) - 1);
	assert_memory_equal(buf, plain, sizeof(plain) - 1);

	/* timeout comes between tsize and windowsize (RFC order). */
	struct tftp_options t = { .timeout = 3, .tsize = 1234567890123ull, .has_tsize = true };
	static const char timed[] = "\x00\x01" "f\0" "octet\0" "tsize\0" "1234567890123\0"
				    "timeout\0" "3\0";
	n = tftp_build_rrq(buf, sizeof(buf), "f", &t);
	assert_int_equal(n, sizeof(timed) - 1);
	assert_memory_equal(buf, timed, sizeof(timed) - 1);
}

static void test_build_rrq_limits(void **state)
{
	(void)state;
	uint8_t buf[600];
	char name[TFTP_FILENAME_MAX + 2];
	struct tftp_options o = { .blksize = 1468 };

	memset(name, 'a', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	assert_int_equal(tftp_build_rrq(buf, sizeof(buf), name, NULL), -WB_EINVAL);
	name[TFTP_FILENAME_MAX] = '\0';
	assert_int_equal(tftp_build_rrq(buf, sizeof(buf), name, NULL), 2 + 256 + 6);
	assert_int_equal(tftp_build_rrq(buf, sizeof(buf), "", NULL), -WB_EINVAL);

	/* Exactly the needed capacity works, one byte less does not. */
	int n = tftp_build_rrq(buf, sizeof(buf), "k", &o); /* 2+2+6+8+5 = 23 */
	assert_int_equal(n, 23);
	for (int cap = 0; cap < n; cap++)
		assert_int_equal(tftp_build_rrq(buf, (size_t)cap, "k", &o), -WB_ETOOBIG);
	assert_int_equal(tftp_build_rrq(buf, (size_t)n, "k", &o), n);

	/* Out-of-range option values are refused, not sent. */
	struct tftp_options bad = { .blksize = 7 };
	assert_int_equal(tftp_build_rrq(buf, sizeof(buf), "k", &bad), -WB_EINVAL);
	bad.blksize = TFTP_MAX_BLKSIZE + 1;
	assert_int_equal(tftp_build_rrq(buf, sizeof(buf), "k", &bad), -WB_EINVAL);
	struct tftp_options badt = { .timeout = 256 };
	assert_int_equal(tftp_build_rrq(buf, sizeof(buf), "k", &badt), -WB_EINVAL);
}

static void test_build_small_packets(void **state)
{
	(void)state;
	uint8_t buf[64];

	assert_int_equal(tftp_build_ack(buf, sizeof(buf), 0xBEEF), 4);
	assert_memory_equal(buf, "\x00\x04\xBE\xEF", 4);
	assert_int_equal(tftp_build_ack(buf, 3, 1), -WB_ETOOBIG);

	assert_int_equal(tftp_build_data_header(buf, sizeof(buf), 65535), 4);
	assert_memory_equal(buf, "\x00\x03\xFF\xFF", 4);
	assert_int_equal(tftp_build_data_header(buf, 2, 1), -WB_ETOOBIG);

	static const char err[] = "\x00\x05\x00\x01" "File not found\0";
	assert_int_equal(tftp_build_error(buf, sizeof(buf), 1, "File not found"), sizeof(err) - 1);
	assert_memory_equal(buf, err, sizeof(err) - 1);
	assert_int_equal(tftp_build_error(buf, sizeof(err) - 2, 1, "File not found"), -WB_ETOOBIG);
	assert_int_equal(tftp_build_error(buf, sizeof(buf), 5, NULL), 5);
	assert_memory_equal(buf, "\x00\x05\x00\x05\x00", 5);

	struct tftp_options o = { .blksize = 512, .tsize = 65536, .has_tsize = true,
				  .windowsize = 4 };
	static const char oack[] = "\x00\x06" "blksize\0" "512\0" "tsize\0" "65536\0"
				   "windowsize\0" "4\0";
	assert_int_equal(tftp_build_oack(buf, sizeof(buf), &o), sizeof(oack) - 1);
	assert_memory_equal(buf, oack, sizeof(oack) - 1);
	struct tftp_options none = { 0 };
	assert_int_equal(tftp_build_oack(buf, sizeof(buf), &none), 2);
	assert_memory_equal(buf, "\x00\x06", 2);
}

static void test_parse_rrq(void **state)
{
	(void)state;
	struct tftp_packet p;
	static const char rrq[] = "\x00\x01" "pxelinux.cfg/01-52-54-00-12-34-56\0" "OCTET\0"
				  "BlkSize\0" "1468\0" "TSIZE\0" "0\0" "windowSize\0" "16\0"
				  "timeout\0" "5\0" "multicast\0" "\0" "rollover\0" "0\0";
	assert_int_equal(tftp_parse(BYTES(rrq), &p), 0);
	assert_int_equal(p.opcode, TFTP_RRQ);
	assert_string_equal(p.filename, "pxelinux.cfg/01-52-54-00-12-34-56");
	assert_string_equal(p.mode, "OCTET");
	assert_int_equal(p.opts.blksize, 1468);
	assert_true(p.opts.has_tsize);
	assert_int_equal(p.opts.tsize, 0);
	assert_int_equal(p.opts.windowsize, 16);
	assert_int_equal(p.opts.timeout, 5);
	assert_int_equal(p.unknown_options, 2);

	static const char wrq[] = "\x00\x02" "upload\0" "netascii\0";
	assert_int_equal(tftp_parse(BYTES(wrq), &p), 0);
	assert_int_equal(p.opcode, TFTP_WRQ);
	assert_string_equal(p.filename, "upload");
	assert_string_equal(p.mode, "netascii");
	assert_int_equal(p.opts.blksize, 0);
	assert_false(p.opts.has_tsize);

	/* Trailing NUL padding after the options is tolerated, other trailing bytes are not. */
	static const char padded[] = "\x00\x01" "a\0" "octet\0" "blksize\0" "512\0" "\0\0\0";
	assert_int_equal(tftp_parse(BYTES(padded), &p), 0);
	assert_int_equal(p.opts.blksize, 512);
	static const char junk[] = "\x00\x01" "a\0" "octet\0" "\0x";
	assert_int_equal(tftp_parse(BYTES(junk), &p), -WB_EPROTO);
}

static void test_parse_option_values(void **state)
{
	(void)state;
	struct tftp_packet p;
	static const struct {
		const char *pkt;
		size_t len;
		int want;
	} cases[] = {
#define C(s, w) { s, sizeof(s) - 1, w }
		C("\x00\x06" "blksize\0" "8\0", 0),
		C("\x00\x06" "blksize\0" "65464\0", 0),
		C("\x00\x06" "blksize\0" "7\0", -WB_EINVAL),
		C("\x00\x06" "blksize\0" "65465\0", -WB_EINVAL),
		C("\x00\x06" "blksize\0" "\0", -WB_EINVAL),
		C("\x00\x06" "blksize\0" "0x200\0", -WB_EINVAL),
		C("\x00\x06" "blksize\0" "+512\0", -WB_EINVAL),
		C("\x00\x06" "blksize\0" " 512\0", -WB_EINVAL),
		C("\x00\x06" "blksize\0" "512 \0", -WB_EINVAL),
		C("\x00\x06" "windowsize\0" "0\0", -WB_EINVAL),
		C("\x00\x06" "windowsize\0" "65535\0", 0),
		C("\x00\x06" "windowsize\0" "65536\0", -WB_EINVAL),
		C("\x00\x06" "timeout\0" "0\0", -WB_EINVAL),
		C("\x00\x06" "timeout\0" "255\0", 0),
		C("\x00\x06" "timeout\0" "256\0", -WB_EINVAL),
		C("\x00\x06" "tsize\0" "18446744073709551615\0", 0),
		C("\x00\x06" "tsize\0" "18446744073709551616\0", -WB_EINVAL),
		C("\x00\x06" "tsize\0" "1\0" "TSize\0" "2\0", -WB_EPROTO),
		C("\x00\x06" "x\0" "1\0" "x\0" "2\0", 0),
#undef C
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int got = tftp_parse(cases[i].pkt, cases[i].len, &p);
		if (got != cases[i].want)
			fail_msg("case %zu: got %d want %d", i, got, cases[i].want);
	}
	static const char big[] = "\x00\x06" "tsize\0" "18446744073709551615\0";
	assert_int_equal(tftp_parse(BYTES(big), &p), 0);
	assert_true(p.opts.tsize == UINT64_MAX);
}

static void test_parse_data_ack_error_oack(void **state)
{
	(void)state;
	struct tftp_packet p;

	static const char data[] = "\x00\x03\x12\x34" "hello";
	assert_int_equal(tftp_parse(BYTES(data), &p), 0);
	assert_int_equal(p.opcode, TFTP_DATA);
	assert_int_equal(p.block, 0x1234);
	assert_int_equal(p.data_len, 5);
	assert_memory_equal(p.data, "hello", 5);
	assert_ptr_equal(p.data, (const uint8_t *)data + 4);

	static const char empty[] = "\x00\x03\x00\x07";
	assert_int_equal(tftp_parse(BYTES(empty), &p), 0);
	assert_int_equal(p.block, 7);
	assert_int_equal(p.data_len, 0);

	static const char ack[] = "\x00\x04\xFF\xFF";
	assert_int_equal(tftp_parse(BYTES(ack), &p), 0);
	assert_int_equal(p.opcode, TFTP_ACK);
	assert_int_equal(p.block, 65535);

	static const char err[] = "\x00\x05\x00\x01" "File not found\0";
	assert_int_equal(tftp_parse(BYTES(err), &p), 0);
	assert_int_equal(p.opcode, TFTP_ERROR);
	assert_int_equal(p.error_code, TFTP_ERR_NOT_FOUND);
	assert_string_equal(p.error_msg, "File not found");

	/* An unterminated message keeps the code and reads as "". */
	static const char unterminated[] = "\x00\x05\x00\x08" "nope";
	assert_int_equal(tftp_parse(BYTES(unterminated), &p), 0);
	assert_int_equal(p.error_code, TFTP_ERR_OPTION_REFUSED);
	assert_string_equal(p.error_msg, "");

	static const char oack[] = "\x00\x06" "blksize\0" "1468\0" "tsize\0" "31457280\0";
	assert_int_equal(tftp_parse(BYTES(oack), &p), 0);
	assert_int_equal(p.opcode, TFTP_OACK);
	assert_int_equal(p.opts.blksize, 1468);
	assert_true(p.opts.has_tsize);
	assert_int_equal(p.opts.tsize, 31457280);
	assert_int_equal(p.opts.windowsize, 0);
	assert_null(p.filename);

	static const char empty_oack[] = "\x00\x06";
	assert_int_equal(tftp_parse(BYTES(empty_oack), &p), 0);
	assert_int_equal(p.opcode, TFTP_OACK);
	assert_int_equal(p.opts.blksize, 0);
}

static void test_parse_bad_opcodes_and_strings(void **state)
{
	(void)state;
	struct tftp_packet p;

	assert_int_equal(tftp_parse("\x00\x00\x00\x00", 4, &p), -WB_EPROTO);
	assert_int_equal(tftp_parse("\x00\x07\x00\x00", 4, &p), -WB_EPROTO);
	assert_int_equal(tftp_parse("\x01\x01\x00\x00", 4, &p), -WB_EPROTO);
	assert_int_equal(tftp_parse("", 0, &p), -WB_ETRUNCATED);
	assert_int_equal(tftp_parse("\x00", 1, &p), -WB_ETRUNCATED);
	/* Empty filename or mode. */
	assert_int_equal(tftp_parse("\x00\x01\x00octet\x00", 9, &p), -WB_EPROTO);
	assert_int_equal(tftp_parse("\x00\x01" "a\0\0", 5, &p), -WB_EPROTO);

	/* A filename longer than TFTP_FILENAME_MAX. */
	uint8_t buf[300];
	memset(buf, 'x', sizeof(buf));
	buf[0] = 0;
	buf[1] = 1;
	buf[2 + 256] = 0;
	memcpy(buf + 2 + 257, "octet", 6);
	assert_int_equal(tftp_parse(buf, 2 + 257 + 6, &p), -WB_EINVAL);
	buf[2 + 255] = 0; /* exactly 255 characters */
	assert_int_equal(tftp_parse(buf, 2 + 257 + 6, &p), -WB_EPROTO); /* then an empty mode */
}

/*
 * Cut a packet at every length: the parse must fail with -WB_ETRUNCATED, or succeed only at
 * the boundaries where a shorter packet is itself valid, with exactly the prefix's contents.
 */
static void test_truncation_at_every_byte(void **state)
{
	(void)state;
	struct tftp_packet p;
	static const char rrq[] = "\x00\x01" "bzImage\0" "octet\0" "blksize\0" "1468\0"
				  "tsize\0" "0\0";
	const size_t full = sizeof(rrq) - 1;
	const size_t after_mode = 2 + 8 + 6, after_blksize = after_mode + 8 + 5;

	for (size_t n = 0; n <= full; n++) {
		uint8_t copy[sizeof(rrq)];
		memcpy(copy, rrq, n); /* a fresh buffer of exactly n bytes for ASan */
		int got = tftp_parse(copy, n, &p);
		if (n == after_mode || n == after_blksize || n == full) {
			assert_int_equal(got, 0);
			assert_string_equal(p.filename, "bzImage");
			assert_int_equal(p.opts.blksize, n >= after_blksize ? 1468 : 0);
			assert_int_equal(p.opts.has_tsize, n == full);
		} else {
			if (got != -WB_ETRUNCATED)
				fail_msg("rrq cut at %zu: got %d", n, got);
		}
	}

	static const char oack[] = "\x00\x06" "blksize\0" "1468\0" "windowsize\0" "16\0";
	const size_t oack_full = sizeof(oack) - 1, oack_mid = 2 + 8 + 5;
	for (size_t n = 0; n <= oack_full; n++) {
		int got = tftp_parse(oack, n, &p);
		if (n == 2 || n == oack_mid || n == oack_full)
			assert_int_equal(got, 0);
		else if (got != -WB_ETRUNCATED)
			fail_msg("oack cut at %zu: got %d", n, got);
	}

	static const char data[] = "\x00\x03\x00\x01" "abc";
	for (size_t n = 0; n <= sizeof(data) - 1; n++) {
		int got = tftp_parse(data, n, &p);
		if (n < 4) {
			assert_int_equal(got, -WB_ETRUNCATED);
		} else {
			assert_int_equal(got, 0);
			assert_int_equal(p.data_len, n - 4);
		}
	}

	static const char err[] = "\x00\x05\x00\x02" "denied\0";
	for (size_t n = 0; n <= sizeof(err) - 1; n++) {
		int got = tftp_parse(err, n, &p);
		if (n < 4) {
			assert_int_equal(got, -WB_ETRUNCATED);
		} else {
			assert_int_equal(got, 0);
			assert_int_equal(p.error_code, 2);
			assert_string_equal(p.error_msg, n == sizeof(err) - 1 ? "denied" : "");
		}
	}
}

/* What we build, we parse back to the same values. */
static void test_round_trip(void **state)
{
	(void)state;
	uint8_t buf[128];
	struct tftp_packet p;
	struct tftp_options o = { .blksize = 65464, .windowsize = 65535, .timeout = 255,
				  .tsize = 99999999999ull, .has_tsize = true };
	int n = tftp_build_oack(buf, sizeof(buf), &o);
	assert_true(n > 0);
	assert_int_equal(tftp_parse(buf, (size_t)n, &p), 0);
	assert_int_equal(p.opts.blksize, 65464);
	assert_int_equal(p.opts.windowsize, 65535);
	assert_int_equal(p.opts.timeout, 255);
	assert_true(p.opts.has_tsize);
	assert_true(p.opts.tsize == 99999999999ull);
	assert_int_equal(p.unknown_options, 0);
}

static void test_error_names(void **state)
{
	(void)state;
	assert_string_equal(tftp_error_name(TFTP_ERR_NOT_FOUND), "file not found");
	assert_string_equal(tftp_error_name(TFTP_ERR_ACCESS), "access violation");
	assert_string_equal(tftp_error_name(TFTP_ERR_OPTION_REFUSED), "option negotiation refused");
	assert_string_equal(tftp_error_name(42), "unknown TFTP error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_build_rrq_exact_bytes),
		cmocka_unit_test(test_build_rrq_limits),
		cmocka_unit_test(test_build_small_packets),
		cmocka_unit_test(test_parse_rrq),
		cmocka_unit_test(test_parse_option_values),
		cmocka_unit_test(test_parse_data_ack_error_oack),
		cmocka_unit_test(test_parse_bad_opcodes_and_strings),
		cmocka_unit_test(test_truncation_at_every_byte),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_error_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
