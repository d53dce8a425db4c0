// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * server/ra: when wireboot-server advertises (listen first, stop for good on another
 * router's RA, answer solicitations at once, --ra/--no-ra), the exact bytes it sends, and
 * what it accepts as a valid RS/RA.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdint.h>
#include <string.h>

#include "core/errors.h"
#include "server/config.h"
#include "server/ra.h"

#define T0 100000u

/* Auto: solicit at once and after RA_SOLICIT_GAP_MS, stay silent RA_LISTEN_MS, then advertise. */
static void test_auto_listens_then_advertises(void **state)
{
	struct ra_policy p;
	ra_policy_start(&p, RA_AUTO, true, false, T0);
	assert_int_equal(p.state, RA_STATE_LISTENING);
	assert_int_equal(ra_policy_due(&p, T0), RA_DUE_SOLICIT);
	ra_policy_sent(&p, RA_DUE_SOLICIT, true, T0);
	assert_int_equal(ra_policy_due(&p, T0), RA_DUE_NONE);
	assert_int_equal(ra_policy_timeout(&p, T0), RA_SOLICIT_GAP_MS);
	ra_policy_solicited(&p, T0 + 10); /* a host's RS while listening: not answered yet */
	assert_int_equal(ra_policy_due(&p, T0 + 10), RA_DUE_NONE);
	assert_int_equal(ra_policy_due(&p, T0 + RA_SOLICIT_GAP_MS), RA_DUE_SOLICIT);
	ra_policy_sent(&p, RA_DUE_SOLICIT, true, T0 + RA_SOLICIT_GAP_MS);
	/* No third solicitation: the next thing is the end of listening. */
	assert_int_equal(ra_policy_timeout(&p, T0 + RA_SOLICIT_GAP_MS), RA_LISTEN_MS - RA_SOLICIT_GAP_MS);
	assert_int_equal(ra_policy_due(&p, T0 + RA_LISTEN_MS - 1), RA_DUE_NONE);
	assert_int_equal(ra_policy_due(&p, T0 + RA_LISTEN_MS), RA_DUE_ADVERT);
	assert_int_equal(p.state, RA_STATE_ADVERTISING);
	ra_policy_sent(&p, RA_DUE_ADVERT, true, T0 + RA_LISTEN_MS);
	assert_int_equal(ra_policy_timeout(&p, T0 + RA_LISTEN_MS), RA_INTERVAL_MS);
	assert_int_equal(ra_policy_due(&p, T0 + RA_LISTEN_MS + RA_INTERVAL_MS), RA_DUE_ADVERT);
}

/* Another router's RA while listening: never a single advertisement, now or later. */
static void test_foreign_ra_while_listening_stops_for_good(void **state)
{
	struct ra_policy p;
	ra_policy_start(&p, RA_AUTO, true, false, T0);
	ra_policy_sent(&p, ra_policy_due(&p, T0), true, T0);
	assert_true(ra_policy_foreign_advert(&p));
	assert_false(ra_policy_foreign_advert(&p)); /* reported once */
	assert_int_equal(p.state, RA_STATE_STOPPED);
	assert_int_equal(ra_policy_timeout(&p, T0), -1);
	ra_policy_solicited(&p, T0 + 5000);
	for (uint64_t t = T0; t < T0 + 100000; t += 250)
		assert_int_equal(ra_policy_due(&p, t), RA_DUE_NONE);
}

/* A router that appears after we started advertising silences us too. */
static void test_foreign_ra_while_advertising_stops(void **state)
{
	struct ra_policy p;
	ra_policy_start(&p, RA_AUTO, true, false, T0);
	uint64_t t = T0 + RA_LISTEN_MS;
	p.solicits_left = 0;
	assert_int_equal(ra_policy_due(&p, t), RA_DUE_ADVERT);
	ra_policy_sent(&p, RA_DUE_ADVERT, true, t);
	assert_true(ra_policy_foreign_advert(&p));
	ra_policy_solicited(&p, t + 1000);
	assert_int_equal(ra_policy_due(&p, t + RA_INTERVAL_MS), RA_DUE_NONE);
}

/* Advertising: an RS is answered at once, a burst of them once per RA_MIN_GAP_MS. */
static void test_solicitation_answered_at_once(void **state)
{
	struct ra_policy p;
	ra_policy_start(&p, RA_ON, true, false, T0);
	assert_int_equal(ra_policy_due(&p, T0), RA_DUE_ADVERT); /* forced: no listening */
	ra_policy_sent(&p, RA_DUE_ADVERT, true, T0);
	ra_policy_solicited(&p, T0 + 1000);
	assert_int_equal(ra_policy_timeout(&p, T0 + 1000), 0);
	assert_int_equal(ra_policy_due(&p, T0 + 1000), RA_DUE_ADVERT);
	ra_policy_sent(&p, RA_DUE_ADVERT, true, T0 + 1000);
	ra_policy_solicited(&p, T0 + 1050);
	assert_int_equal(ra_policy_timeout(&p, T0 + 1050), RA_MIN_GAP_MS - 50);
	assert_int_equal(ra_policy_due(&p, T0 + 1050), RA_DUE_NONE);
	assert_int_equal(ra_policy_due(&p, T0 + 1000 + RA_MIN_GAP_MS), RA_DUE_ADVERT);
}

/* --ra keeps advertising when another router is there; a failed send is retried soon. */
static void test_forced_ignores_foreign_and_retries(void **state)
{
	struct ra_policy p;
	ra_policy_start(&p, RA_ON, false, true, T0); /* even without DHCP, even on a router */
	assert_false(ra_policy_foreign_advert(&p));
	assert_int_equal(p.state, RA_STATE_ADVERTISING);
	ra_policy_sent(&p, ra_policy_due(&p, T0), false, T0); /* e.g. no link-local address yet */
	assert_false(p.ever_sent);
	assert_int_equal(ra_policy_timeout(&p, T0), RA_RETRY_MS);
}

/* Off: --no-ra; auto without DHCP served; auto on a host that forwards IPv6 there. */
static void test_off_cases(void **state)
{
	struct ra_policy p;
	ra_policy_start(&p, RA_OFF, true, false, T0);
	assert_int_equal(p.state, RA_STATE_OFF);
	ra_policy_start(&p, RA_AUTO, false, false, T0);
	assert_int_equal(p.state, RA_STATE_OFF);
	ra_policy_start(&p, RA_AUTO, true, true, T0);
	assert_int_equal(p.state, RA_STATE_OFF);
	assert_int_equal(ra_policy_timeout(&p, T0), -1);
	assert_int_equal(ra_policy_due(&p, T0 + RA_LISTEN_MS), RA_DUE_NONE);
}

/* The exact advertisement: type 134, everything else zero (lifetime 0, M/O clear, no options). */
static void test_advert_bytes(void **state)
{
	uint8_t buf[RA_ADVERT_MAX], want[RA_ADVERT_LEN] = { 134 };
	memset(buf, 0xaa, sizeof(buf));
	assert_int_equal(ra_build_advert(buf, NULL), 16);
	assert_memory_equal(buf, want, sizeof(want));
	struct ra_message m;
	assert_int_equal(ra_parse(buf, RA_ADVERT_LEN, 255, &m), 0);
	assert_int_equal(m.type, ICMPV6_ROUTER_ADVERT);
	assert_int_equal(m.router_lifetime, 0);
	assert_int_equal(m.flags, 0);
	assert_int_equal(m.n_prefixes, 0);
	uint8_t rs[RA_SOLICIT_LEN], want_rs[RA_SOLICIT_LEN] = { 133 };
	assert_int_equal(ra_build_solicit(rs), 8);
	assert_memory_equal(rs, want_rs, sizeof(want_rs));
}

/* The RA of a DHCPv6-served link: M and O, lifetime 0, one prefix option L=1 A=0. */
static void test_advert_dhcpv6_bytes(void **state)
{
	static const struct ra_dhcpv6 v6 = { { 0x20, 0x01, 0x0d, 0xb8, 0, 0x77 }, 64 };
	static const uint8_t want[RA_ADVERT_MAX] = {
		134, 0, 0, 0, 0, 0xc0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		3, 4, 64, 0x80, 0, 1, 0x51, 0x80, 0, 0, 0x38, 0x40, 0, 0, 0, 0,
		0x20, 0x01, 0x0d, 0xb8, 0, 0x77, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	};
	uint8_t buf[RA_ADVERT_MAX];
	struct ra_message m;

	memset(buf, 0xaa, sizeof(buf));
	assert_int_equal(ra_build_advert(buf, &v6), RA_ADVERT_MAX);
	assert_memory_equal(buf, want, sizeof(want));
	assert_int_equal(ra_parse(buf, sizeof(buf), 255, &m), 0);
	assert_int_equal(m.flags, RA_FLAG_MANAGED | RA_FLAG_OTHER);
	assert_int_equal(m.router_lifetime, 0);
	assert_int_equal(m.n_prefixes, 1);
}

/* A real router's RA: lifetime 1800, M set, a source link-layer option and a prefix. */
static void test_parse_router_advert(void **state)
{
	uint8_t ra[16 + 8 + 32] = { 134, 0, 0, 0, 64, 0x80, 0x07, 0x08 };
	ra[16] = 1, ra[17] = 1;  /* source link-layer address, 8 bytes */
	ra[24] = 3, ra[25] = 4;  /* prefix information, 32 bytes */
	struct ra_message m;
	assert_int_equal(ra_parse(ra, sizeof(ra), 255, &m), 0);
	assert_int_equal(m.router_lifetime, 1800);
	assert_int_equal(m.flags, 0x80);
	assert_int_equal(m.n_prefixes, 1);
	/* Off-link (hop limit below 255), a non-zero code, a zero-length or overlong option. */
	assert_int_equal(ra_parse(ra, sizeof(ra), 254, &m), -WB_EPROTO);
	ra[1] = 1;
	assert_int_equal(ra_parse(ra, sizeof(ra), 255, &m), -WB_EPROTO);
	ra[1] = 0, ra[25] = 0;
	assert_int_equal(ra_parse(ra, sizeof(ra), 255, &m), -WB_EPROTO);
	ra[25] = 5;
	assert_int_equal(ra_parse(ra, sizeof(ra), 255, &m), -WB_ETRUNCATED);
	assert_int_equal(ra_parse(ra, 15, 255, &m), -WB_ETRUNCATED);
	assert_int_equal(ra_parse(ra, 4, 255, &m), -WB_ETRUNCATED);
	uint8_t rs[8 + 1] = { 133 };
	assert_int_equal(ra_parse(rs, 8, 255, &m), 0);
	assert_int_equal(m.type, ICMPV6_ROUTER_SOLICIT);
	assert_int_equal(ra_parse(rs, 9, 255, &m), -WB_ETRUNCATED); /* half an option */
	rs[0] = 135; /* a neighbour solicitation */
	assert_int_equal(ra_parse(rs, 8, 255, &m), -WB_EPROTO);
}

/* --ra / --no-ra / `ra auto|yes|no`; a flag never swallows the next argument. */
static void test_config_ra(void **state)
{
	struct server_config c;
	char err[256];
	char *forced[] = { "wireboot-server", "--ra", "--root", "/srv", NULL };
	char *off[] = { "wireboot-server", "--no-ra", NULL };
	config_defaults(&c);
	assert_int_equal(c.ra, RA_AUTO);
	assert_int_equal(config_parse_args(&c, 4, forced, err, sizeof(err)), 0);
	assert_int_equal(c.ra, RA_ON);
	assert_string_equal(c.root, "/srv");
	config_defaults(&c);
	assert_int_equal(config_parse_args(&c, 2, off, err, sizeof(err)), 0);
	assert_true(c.no_ra);
	assert_int_equal(config_set(&c, "ra", "no", err, sizeof(err)), 0);
	assert_int_equal(c.ra, RA_OFF);
	assert_int_equal(config_set(&c, "ra", "auto", err, sizeof(err)), 0);
	assert_int_equal(c.ra, RA_AUTO);
	assert_int_equal(config_set(&c, "ra", "sometimes", err, sizeof(err)), -WB_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_auto_listens_then_advertises),
		cmocka_unit_test(test_foreign_ra_while_listening_stops_for_good),
		cmocka_unit_test(test_foreign_ra_while_advertising_stops),
		cmocka_unit_test(test_solicitation_answered_at_once),
		cmocka_unit_test(test_forced_ignores_foreign_and_retries),
		cmocka_unit_test(test_off_cases),
		cmocka_unit_test(test_advert_bytes),
		cmocka_unit_test(test_advert_dhcpv6_bytes),
		cmocka_unit_test(test_parse_router_advert),
		cmocka_unit_test(test_config_ra),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
