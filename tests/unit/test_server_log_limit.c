// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * server/log_limit: 100,000 bad packets from one source, from 50,000 spoofed sources, and a
 * steady trickle give a bounded number of lines; every held-back line is counted in exactly
 * one summary; a new interval starts fresh.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/log_limit.h"

struct sink {
	unsigned lines;
	unsigned long long held; /* sum of the counts in the summaries */
	char last[256];
};

static void collect(void *ctx, const char *line)
{
	struct sink *s = ctx;
	const char *p = strchr(line, ':');
	s->lines++;
	snprintf(s->last, sizeof(s->last), "%s", line);
	assert_non_null(p);
	s->held += strtoull(p + 1, NULL, 10);
}

static void init(struct log_limit *l, struct sink *s)
{
	memset(l, 0, sizeof(*l));
	memset(s, 0, sizeof(*s));
	l->emit = collect;
	l->emit_ctx = s;
}

static void test_one_source_flood(void **state)
{
	static struct log_limit l;
	struct sink s;
	unsigned passed = 0;

	init(&l, &s);
	for (unsigned i = 0; i < 100000; i++)
		passed += log_limit_pass(&l, LOG_KIND_DHCP_MALFORMED, &(struct ip_addr){ IP_ADDR_V4, { 0x0100000a } }, i / 100);
	assert_int_equal(passed, LOG_LIMIT_PER_SOURCE);
	assert_int_equal(s.lines, 0);
	log_limit_tick(&l, 999 + LOG_LIMIT_INTERVAL_MS);
	assert_int_equal(s.lines, 1);
	assert_int_equal(s.held, 100000 - LOG_LIMIT_PER_SOURCE);
	assert_string_equal(s.last, "dhcp malformed packet: 99997 more lines held back in the last 11 s "
				    "(1 source, most from 10.0.0.1: 99997)");
	/* Quiet now: nothing more to say; then a fresh interval lets lines through again. */
	log_limit_tick(&l, 999 + 3 * LOG_LIMIT_INTERVAL_MS);
	assert_int_equal(s.lines, 1);
	assert_true(log_limit_pass(&l, LOG_KIND_DHCP_MALFORMED, &(struct ip_addr){ IP_ADDR_V4, { 0x0100000a } }, 999 + 3 * LOG_LIMIT_INTERVAL_MS));
}

/* Spoofed sources over 30 s, two kinds: per interval at most PER_KIND lines and one summary a kind. */
static void test_spoofed_sources_two_kinds(void **state)
{
	static struct log_limit l;
	struct sink s;
	unsigned passed = 0, n = 100000;

	init(&l, &s);
	for (unsigned i = 0; i < n; i++) {
		uint64_t now = (uint64_t)i * 3 * LOG_LIMIT_INTERVAL_MS / n;
		enum log_limit_kind k = i & 1 ? LOG_KIND_TFTP_MALFORMED : LOG_KIND_DHCP_MALFORMED;
		passed += log_limit_pass(&l, k, &(struct ip_addr){ IP_ADDR_V4, { 0x0a000000u + i * 7919u } }, now);
	}
	log_limit_tick(&l, 4 * LOG_LIMIT_INTERVAL_MS);
	assert_true(passed <= 3 * 2 * LOG_LIMIT_PER_KIND);
	assert_true(passed >= 2 * LOG_LIMIT_PER_KIND);
	assert_true(s.lines <= 3 * 2);
	assert_int_equal(passed + s.held, n);
}

/* A client's few lines a second all pass: the limit only bites above PER_SOURCE an interval. */
static void test_trickle_passes(void **state)
{
	static struct log_limit l;
	struct sink s;
	unsigned passed = 0;

	init(&l, &s);
	for (unsigned i = 0; i < 10; i++)
		passed += log_limit_pass(&l, LOG_KIND_TFTP_REFUSED, &(struct ip_addr){ IP_ADDR_V4, { 0x0200000a } },
					 (uint64_t)i * LOG_LIMIT_INTERVAL_MS / LOG_LIMIT_PER_SOURCE);
	assert_int_equal(passed, 10);
	log_limit_tick(&l, 20 * LOG_LIMIT_INTERVAL_MS);
	assert_int_equal(s.lines, 0);
}

/* IPv6 sources are told apart by their full address and named in RFC 5952 text. */
static void test_ipv6_source(void **state)
{
	static struct log_limit l;
	static const uint8_t a[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 9 };
	struct ip_addr src = ip_addr_v6(a), v4 = ip_addr_v4(0x09000000u);
	struct sink s;
	unsigned passed = 0;

	init(&l, &s);
	for (unsigned i = 0; i < 10; i++)
		passed += log_limit_pass(&l, LOG_KIND_TFTP_MALFORMED, &src, 5);
	passed += log_limit_pass(&l, LOG_KIND_TFTP_MALFORMED, &v4, 5); /* another source */
	assert_int_equal(passed, LOG_LIMIT_PER_SOURCE + 1);
	log_limit_tick(&l, LOG_LIMIT_INTERVAL_MS);
	assert_string_equal(s.last, "tftp malformed request: 7 more lines held back in the last 10 s "
				    "(1 source, most from 2001:db8::9: 7)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_source_flood),
		cmocka_unit_test(test_spoofed_sources_two_kinds),
		cmocka_unit_test(test_trickle_passes),
		cmocka_unit_test(test_ipv6_source),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
