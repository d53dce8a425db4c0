// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * net/dhcpv6_packet.c (parsing, building, DUIDs, domain lists) and net/dhcpv6_client.c
 * (stateful with Advertise choice and Rapid Commit, stateless, the RA's flags, refusals,
 * retransmission timing) against a fake server that answers from the transmit hook.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdint.h>
#include <string.h>

#include "core/errors.h"
#include "net/dhcp_packet.h"
#include "net/dhcpv6_client.h"
#include "net/dhcpv6_packet.h"
#include "net/ipv6.h"
#include "net/ndp.h"
#include "net/netif.h"
#include "tests/unit/fake_netdev.h"
#include "tests/unit/fake_platform.h"

static const uint8_t our_ll[16] = {0xfe, 0x80, [8] = 0x50, 0x54, 0x00, 0xff, 0xfe, 0x12, 0x34, 0x56};
static const uint8_t srv1_ll[16] = {0xfe, 0x80, [15] = 0x11};
static const uint8_t srv2_ll[16] = {0xfe, 0x80, [15] = 0x22};
static const uint8_t srv_mac[6] = {0x52, 0x54, 0x00, 0xab, 0xcd, 0xef};
static const uint8_t lease_addr[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 0x42};
static const uint8_t dns1[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 0x53};

static struct fake_netdev fd;
static struct netif nif;
static uint8_t frame[ETH_FRAME_MAX];

/* How the fake server behaves, and what it saw. */
static struct {
	bool silent;
	bool two_servers;       /* a second server advertises with preference 10 */
	bool rapid_commit;      /* answer a Solicit with a committed Reply */
	uint8_t pref1;          /* preference option of server 1 (0: none) */
	int drop_requests;      /* Requests to ignore before answering */
	uint16_t ia_status;     /* in the Reply's IA_NA */
	int solicits, requests, info_requests;
	uint64_t sent_us[8];
	uint8_t requested_server; /* last byte of the server DUID a Request named */
	uint8_t last[600];
	size_t last_len;
} srv;

static void opt(uint8_t **p, uint16_t code, const void *v, size_t len)
{
	(*p)[0] = (uint8_t)(code >> 8), (*p)[1] = (uint8_t)code;
	(*p)[2] = (uint8_t)(len >> 8), (*p)[3] = (uint8_t)len;
	if (len)
		memcpy(*p + 4, v, len);
	*p += 4 + len;
}

/* An answer of `type` from server n (1 or 2) to the client message m. */
static void answer(uint8_t type, int n, const uint8_t *m, size_t mlen, bool with_ia)
{
	struct dhcpv6_packet cp;
	assert_int_equal(dhcpv6_parse(m, mlen, &cp), 0);
	uint8_t msg[512], *p = msg + 4;
	memcpy(msg, m, 4);
	msg[0] = type;
	opt(&p, DHCPV6_OPT_CLIENTID, cp.client_id.p, cp.client_id.len);
	uint8_t sid[10] = {0, 3, 0, 1, 0x52, 0x54, 0, 0, 0, (uint8_t)n};
	opt(&p, DHCPV6_OPT_SERVERID, sid, sizeof(sid));
	if (n == 2 || srv.pref1) {
		uint8_t pref = n == 2 ? 10 : srv.pref1;
		opt(&p, DHCPV6_OPT_PREFERENCE, &pref, 1);
	}
	if (with_ia) {
		uint8_t ia[12 + 4 + 24 + 6] = {0}, *q = ia + 12;
		ia[0] = (uint8_t)(cp.iaid >> 24), ia[1] = (uint8_t)(cp.iaid >> 16);
		ia[2] = (uint8_t)(cp.iaid >> 8), ia[3] = (uint8_t)cp.iaid;
		ia[7] = 100, ia[11] = 160; /* T1 100, T2 160 */
		uint8_t a[24] = {0};
		memcpy(a, lease_addr, 16);
		a[16 + 2] = 1, a[20 + 2] = 2; /* preferred 256 s, valid 512 s */
		a[15] = (uint8_t)(0x40 + n);
		opt(&q, DHCPV6_OPT_IAADDR, a, sizeof(a));
		size_t ialen = 12 + 28;
		if (srv.ia_status && type == DHCPV6_REPLY) {
			uint8_t st[2] = {0, (uint8_t)srv.ia_status};
			opt(&q, DHCPV6_OPT_STATUS_CODE, st, 2);
			ialen += 6;
		}
		opt(&p, DHCPV6_OPT_IA_NA, ia, ialen);
	}
	if (srv.rapid_commit && cp.type == DHCPV6_SOLICIT)
		opt(&p, DHCPV6_OPT_RAPID_COMMIT, NULL, 0);
	opt(&p, DHCPV6_OPT_DNS_SERVERS, dns1, 16);
	static const uint8_t domains[] = "\3lab\7example\0\4boot\0";
	opt(&p, DHCPV6_OPT_DOMAIN_LIST, domains, sizeof(domains) - 1);
	static const char url[] = "tftp://[2001:db8::1]/wireboot/k";
	opt(&p, DHCPV6_OPT_BOOTFILE_URL, url, strlen(url));
	static const uint8_t params[] = "\0\5quiet\0\7console";
	opt(&p, DHCPV6_OPT_BOOTFILE_PARAM, params, sizeof(params) - 1);
	uint8_t u[600];
	const uint8_t *from = n == 1 ? srv1_ll : srv2_ll;
	size_t ul = fake_build_udp6(u, from, our_ll, 547, 546, msg, (size_t)(p - msg));
	fake_netdev_inject(&fd, frame, fake_build_ipv6(frame, fd.dev.mac, srv_mac, from, our_ll, 17, 64, u, ul));
}

static void server(struct fake_netdev *d, const uint8_t *f, size_t len)
{
	(void)d;
	struct fake_parsed6 s;
	if (fake_parse6(f, len, &s) || s.nh != 17 || s.len < 12 || (s.payload[2] << 8 | s.payload[3]) != 547)
		return;
	const uint8_t *m = s.payload + 8;
	size_t mlen = s.len - 8;
	memcpy(srv.last, m, mlen);
	srv.last_len = mlen;
	int total = srv.solicits + srv.requests + srv.info_requests;
	if (total < 8)
		srv.sent_us[total] = fake_time_us;
	if (m[0] == DHCPV6_SOLICIT) {
		srv.solicits++;
		if (srv.silent)
			return;
		if (srv.rapid_commit) {
			answer(DHCPV6_REPLY, 1, m, mlen, true);
			return;
		}
		answer(DHCPV6_ADVERTISE, 1, m, mlen, true);
		if (srv.two_servers)
			answer(DHCPV6_ADVERTISE, 2, m, mlen, true);
	} else if (m[0] == DHCPV6_REQUEST) {
		if (srv.requests++ < srv.drop_requests)
			return;
		struct dhcpv6_packet cp;
		assert_int_equal(dhcpv6_parse(m, mlen, &cp), 0);
		srv.requested_server = cp.server_id.p[9];
		answer(DHCPV6_REPLY, srv.requested_server, m, mlen, true);
	} else if (m[0] == DHCPV6_INFORMATION_REQUEST) {
		srv.info_requests++;
		if (!srv.silent)
			answer(DHCPV6_REPLY, 1, m, mlen, false);
	}
}

static int setup(void **state)
{
	(void)state;
	fake_netdev_init(&fd, "eth0", 0x56);
	netif_init(&nif, &fd.dev);
	ipv6_enable(&nif);
	memcpy(nif.ip6.link_local, our_ll, 16);
	nif.ip6.ll_state = IPV6_ADDR_PREFERRED;
	fd.on_transmit = server;
	memset(&srv, 0, sizeof(srv));
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	netif_shutdown(&nif);
	fake_netdev_free(&fd);
	return 0;
}

static const struct dhcpv6_client_config efi_cfg = {.client_arch = DHCP_ARCH_EFI_X64};

/* ---- codec ----------------------------------------------------------------------------- */

static void test_parse_reply(void **state)
{
	(void)state;
	static const uint8_t reply[] = {
		7, 0x12, 0x34, 0x56,
		0, 2, 0, 14, 0, 1, 0, 1, 0, 0, 0, 9, 0x52, 0x54, 0, 0xaa, 0xbb, 0xcc, /* DUID-LLT */
		0, 3, 0, 40, 0, 0, 0, 7, 0, 0, 0, 100, 0, 0, 0, 160,                  /* IA_NA */
		0, 5, 0, 24, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x42,
		0, 0, 0x0e, 0x10, 0, 0, 0x1c, 0x20,
		0, 59, 0, 3, 'u', 'r', 'l',
		0, 99, 0, 0,                                                          /* unknown */
	};
	struct dhcpv6_packet p;
	assert_int_equal(dhcpv6_parse(reply, sizeof(reply), &p), 0);
	assert_int_equal(p.type, DHCPV6_REPLY);
	assert_int_equal(p.xid, 0x123456);
	assert_true(p.has_ia_na);
	assert_int_equal(p.iaid, 7);
	assert_int_equal(p.t1, 100);
	assert_int_equal(p.t2, 160);
	assert_true(p.has_addr);
	assert_int_equal(p.addr[15], 0x42);
	assert_int_equal(p.preferred, 3600);
	assert_int_equal(p.valid, 7200);
	assert_int_equal(p.boot_url.len, 3);
	assert_memory_equal(p.boot_url.p, "url", 3);
	uint8_t mac[6];
	assert_int_equal(dhcpv6_duid_mac(&p.server_id, mac), 0);
	static const uint8_t want[6] = {0x52, 0x54, 0, 0xaa, 0xbb, 0xcc};
	assert_memory_equal(mac, want, 6);
	uint8_t duid[10];
	dhcpv6_duid_ll(want, duid);
	struct dhcpv6_bytes b = {duid, 10};
	memset(mac, 0, 6);
	assert_int_equal(dhcpv6_duid_mac(&b, mac), 0);
	assert_memory_equal(mac, want, 6);
	b.len = 9;
	assert_int_equal(dhcpv6_duid_mac(&b, mac), -WB_ENOENT);

	/* Every truncation of the message fails cleanly; an option length one too long too. */
	for (size_t n = 0; n < sizeof(reply); n++) {
		int err = dhcpv6_parse(reply, n, &p);
		/* Cutting exactly between options leaves a valid shorter message. */
		if (n == 4 || n == 22 || n == 66 || n == 73)
			assert_int_equal(err, 0);
		else
			assert_int_equal(err, -WB_ETRUNCATED);
	}
	uint8_t bad[sizeof(reply)];
	memcpy(bad, reply, sizeof(reply));
	bad[25] = 41; /* IA_NA claims one more byte */
	assert_int_not_equal(dhcpv6_parse(bad, sizeof(bad), &p), 0);
	memcpy(bad, reply, sizeof(reply));
	bad[41] = 25; /* IAADDR runs past its IA_NA */
	assert_int_equal(dhcpv6_parse(bad, sizeof(bad), &p), -WB_ETRUNCATED);
	/* A relay message: header, then the inner message in option 9. */
	static const uint8_t relay[] = {12, 1, 0x20, 1, 0xd, 0xb8, [18] = 0xfe, 0x80, [34] = 0, 9, 0, 4,
					1, 0, 0, 1};
	assert_int_equal(dhcpv6_parse(relay, sizeof(relay), &p), 0);
	assert_int_equal(p.hop_count, 1);
	assert_int_equal(p.link_addr[0], 0x20);
	assert_int_equal(p.peer_addr[0], 0xfe);
	assert_int_equal(p.relay_msg.len, 4);
	assert_int_equal(dhcpv6_parse(relay, 33, &p), -WB_ETRUNCATED);
}

static void test_domain_list(void **state)
{
	(void)state;
	char out[32];
	static const uint8_t two[] = "\3lab\7example\0\4boot\0";
	struct dhcpv6_bytes b = {two, sizeof(two) - 1};
	assert_int_equal(dhcpv6_domain_list(&b, out, sizeof(out)), 16);
	assert_string_equal(out, "lab.example boot");
	assert_int_equal(dhcpv6_domain_list(&b, out, 16), -WB_ETOOBIG);
	assert_int_equal(dhcpv6_domain_list(&b, out, 17), 16);
	b.len = 5; /* no root label */
	assert_int_equal(dhcpv6_domain_list(&b, out, sizeof(out)), -WB_EPROTO);
	static const uint8_t longlabel[] = "\77abc";
	b = (struct dhcpv6_bytes){longlabel, 4};
	assert_int_equal(dhcpv6_domain_list(&b, out, sizeof(out)), -WB_EPROTO);
	static const uint8_t ctl[] = "\2a\n\0";
	b = (struct dhcpv6_bytes){ctl, 4};
	assert_int_equal(dhcpv6_domain_list(&b, out, sizeof(out)), -WB_EPROTO);
	b = (struct dhcpv6_bytes){NULL, 0};
	assert_int_equal(dhcpv6_domain_list(&b, out, sizeof(out)), 0);
	assert_string_equal(out, "");
}

static void test_builder_overflow(void **state)
{
	(void)state;
	uint8_t buf[16];
	struct dhcpv6_builder b;
	dhcpv6_build_start(&b, buf, sizeof(buf), DHCPV6_SOLICIT, 0xabcdef);
	dhcpv6_put_u16(&b, DHCPV6_OPT_ELAPSED_TIME, 5);
	assert_int_equal(dhcpv6_build_finish(&b), 10);
	static const uint8_t want[] = {1, 0xab, 0xcd, 0xef, 0, 8, 0, 2, 0, 5};
	assert_memory_equal(buf, want, sizeof(want));
	dhcpv6_put(&b, DHCPV6_OPT_BOOTFILE_URL, "0123456789", 10);
	assert_int_equal(dhcpv6_build_finish(&b), -WB_ETOOBIG);
	/* A firmware's zero-padded copy: the message ends before the first code-0 option. */
	uint8_t padded[64] = {0};
	memcpy(padded, want, sizeof(want));
	assert_int_equal(dhcpv6_packet_len(padded, sizeof(padded)), 10);
	padded[12] = 0, padded[13] = 59, padded[15] = 200; /* an option running past the end */
	assert_int_equal(dhcpv6_packet_len(padded, sizeof(padded)), 10);
	assert_int_equal(dhcpv6_packet_len(padded, 3), 0);
}

/* ---- client ---------------------------------------------------------------------------- */

static void test_solicit_contents_and_retransmission(void **state)
{
	(void)state;
	srv.silent = true;
	struct dhcpv6_lease lease;
	char err[256];
	assert_int_equal(dhcpv6_configure(&nif, &efi_cfg, &lease, err, sizeof(err)), -WB_ENOOFFER);
	assert_non_null(strstr(err, "4 Solicits on eth0"));
	assert_int_equal(srv.solicits, 4);
	/* 1, 2, 4 s apart (+-10%; the first strictly above 1 s). */
	uint64_t d1 = srv.sent_us[1] - srv.sent_us[0], d2 = srv.sent_us[2] - srv.sent_us[1],
		 d3 = srv.sent_us[3] - srv.sent_us[2];
	assert_true(d1 >= 1000000 && d1 <= 1102000);
	assert_true(d2 >= 1800000 && d2 <= 2202000);
	assert_true(d3 >= 3600000 && d3 <= 4402000);

	struct dhcpv6_packet p;
	assert_int_equal(dhcpv6_parse(srv.last, srv.last_len, &p), 0);
	assert_int_equal(p.type, DHCPV6_SOLICIT);
	static const uint8_t duid[] = {0, 3, 0, 1, 0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
	assert_int_equal(p.client_id.len, sizeof(duid));
	assert_memory_equal(p.client_id.p, duid, sizeof(duid));
	assert_true(p.has_ia_na);
	assert_int_equal(p.iaid, 0x00123456);
	assert_false(p.has_addr);
	assert_true(p.rapid_commit);
	assert_true(p.has_arch);
	assert_int_equal(p.arch, 7);
	static const uint8_t nii[] = {1, 3, 16};
	assert_memory_equal(p.nii.p, nii, 3);
	assert_true(dhcpv6_requested(&p, DHCPV6_OPT_BOOTFILE_URL));
	assert_true(dhcpv6_requested(&p, DHCPV6_OPT_BOOTFILE_PARAM));
	assert_true(dhcpv6_requested(&p, DHCPV6_OPT_DNS_SERVERS));
	assert_true(dhcpv6_requested(&p, DHCPV6_OPT_DOMAIN_LIST));
	static const char vc[] = "\0\0\1\127\0\40PXEClient:Arch:00007:UNDI:003016";
	assert_int_equal(p.vendor_class.len, sizeof(vc) - 1);
	assert_memory_equal(p.vendor_class.p, vc, sizeof(vc) - 1);
	/* Elapsed time of the 4th Solicit: about 7 s in centiseconds. */
	assert_true(p.elapsed >= 640 && p.elapsed <= 780);
}

static void test_stateful_best_advertise(void **state)
{
	(void)state;
	srv.two_servers = true;
	struct dhcpv6_lease lease;
	char err[256];
	assert_int_equal(dhcpv6_configure(&nif, &efi_cfg, &lease, err, sizeof(err)), 0);
	assert_int_equal(srv.solicits, 1);
	assert_int_equal(srv.requests, 1);
	assert_int_equal(srv.requested_server, 2); /* preference 10 beats 0 */
	assert_true(lease.has_addr);
	assert_int_equal(lease.addr[15], 0x42);
	assert_int_equal(lease.valid, 512);
	assert_int_equal(lease.preferred, 256);
	assert_int_equal(lease.t1, 100);
	assert_memory_equal(lease.server, srv2_ll, 16);
	assert_string_equal(lease.boot_url, "tftp://[2001:db8::1]/wireboot/k");
	assert_string_equal(lease.boot_params, "quiet console");
	assert_string_equal(lease.domains, "lab.example boot");
	assert_int_equal(lease.dns_count, 1);
	assert_memory_equal(lease.dns[0], dns1, 16);
	/* The address is ours after DAD. */
	assert_int_equal(nif.ip6.global_state, IPV6_ADDR_PREFERRED);
	assert_memory_equal(nif.ip6.global, lease.addr, 16);
	/* The Request named the address offered. */
	struct dhcpv6_packet p;
	assert_int_equal(dhcpv6_parse(srv.last, srv.last_len, &p), 0);
	assert_int_equal(p.type, DHCPV6_REQUEST);
	assert_true(p.has_addr);
	assert_int_equal(p.addr[15], 0x42);
	assert_false(p.rapid_commit);
}

static void test_preference_255_and_lost_reply(void **state)
{
	(void)state;
	srv.pref1 = 255;        /* taken at once, no wait for other Advertises */
	srv.drop_requests = 1;  /* the first Request's Reply is lost: sent again after ~1 s */
	struct dhcpv6_lease lease;
	char err[256];
	uint64_t t0 = fake_time_us;
	assert_int_equal(dhcpv6_configure(&nif, &efi_cfg, &lease, err, sizeof(err)), 0);
	assert_int_equal(srv.solicits, 1);
	assert_int_equal(srv.requests, 2);
	assert_true(lease.has_addr);
	uint64_t d = srv.sent_us[2] - srv.sent_us[1];
	assert_true(d >= 900000 && d <= 1102000);
	assert_true(srv.sent_us[1] - t0 < 100000); /* Request right after the Advertise */
}

static void test_rapid_commit(void **state)
{
	(void)state;
	srv.rapid_commit = true;
	struct dhcpv6_lease lease;
	char err[256];
	uint64_t t0 = fake_time_us;
	assert_int_equal(dhcpv6_configure(&nif, &efi_cfg, &lease, err, sizeof(err)), 0);
	assert_int_equal(srv.requests, 0);
	assert_true(lease.has_addr);
	/* No Advertise wait: only the DAD second. */
	assert_true(fake_time_us - t0 < 1100000);
}

static void test_stateless(void **state)
{
	(void)state;
	nif.ip6.ra_seen = true;
	nif.ip6.ra_flags = RA_FLAG_OTHER;
	struct dhcpv6_lease lease;
	char err[256];
	assert_int_equal(dhcpv6_configure(&nif, &efi_cfg, &lease, err, sizeof(err)), 0);
	assert_int_equal(srv.info_requests, 1);
	assert_int_equal(srv.solicits, 0);
	assert_false(lease.has_addr);
	assert_string_equal(lease.boot_url, "tftp://[2001:db8::1]/wireboot/k");
	struct dhcpv6_packet p;
	assert_int_equal(dhcpv6_parse(srv.last, srv.last_len, &p), 0);
	assert_false(p.has_ia_na);
}

static void test_ra_without_flags(void **state)
{
	(void)state;
	nif.ip6.ra_seen = true;
	nif.ip6.ra_flags = 0;
	nif.ip6.have_router = true;
	memcpy(nif.ip6.router, srv1_ll, 16);
	struct dhcpv6_lease lease;
	char err[256];
	assert_int_equal(dhcpv6_configure(&nif, &efi_cfg, &lease, err, sizeof(err)), -WB_ENOCONFIG);
	assert_non_null(strstr(err, "neither the M nor the O flag"));
	assert_non_null(strstr(err, "fe80::11"));
	assert_int_equal(fd.tx_total, 0);
}

static void test_refused(void **state)
{
	(void)state;
	srv.ia_status = DHCPV6_STATUS_NO_ADDRS_AVAIL;
	struct dhcpv6_lease lease;
	char err[256];
	assert_int_equal(dhcpv6_configure(&nif, &efi_cfg, &lease, err, sizeof(err)), -WB_EPROTO);
	assert_non_null(strstr(err, "no usable address (status 2)"));
	assert_int_equal(nif.ip6.global_state, IPV6_ADDR_NONE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_reply),
		cmocka_unit_test(test_domain_list),
		cmocka_unit_test(test_builder_overflow),
		cmocka_unit_test_setup_teardown(test_solicit_contents_and_retransmission, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stateful_best_advertise, setup, teardown),
		cmocka_unit_test_setup_teardown(test_preference_255_and_lost_reply, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rapid_commit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stateless, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ra_without_flags, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
