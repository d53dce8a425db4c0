// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * server/dhcpv6_server: client messages built with the shared codec (net/dhcpv6_packet),
 * answers parsed with it: Solicit/Advertise/Request/Reply, Rapid Commit, Renew/Rebind,
 * Confirm, Information-request, Release, static hosts by DUID-LL/LLT MAC and by a relay's
 * option 79, fixed-address6, boot file URL by architecture, UEFI HTTP Boot, DNS, and the
 * messages that must be ignored or refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/byteorder.h"
#include "core/errors.h"
#include "net/ip_addr.h"
#include "server/dhcpv6_bindings_file.h"
#include "server/dhcpv6_server.h"

static struct dhcpv6_core core;
static struct dhcpd_conf conf;
static struct dhcpv6_reply reply;
static struct dhcpv6_packet got;

#define NOW 1000000u

static const char conf_text[] =
	"host lab { hardware ethernet 02:00:00:00:00:aa; fixed-address6 2001:db8:77::50;\n"
	"           filename \"lab/wireboot.efi\"; default-lease-time 600; }\n"
	"host web { hardware ethernet 02:00:00:00:00:bb;\n"
	"           option dhcp6.bootfile-url \"http://[2001:db8:77::9]/x.efi\"; }\n";

static void addr6(const char *s, uint8_t out[16])
{
	struct ip_addr a;
	assert_int_equal(ip_addr_parse(s, strlen(s), &a), 0);
	memcpy(out, a.v6, 16);
}

static char *fmt6(const uint8_t a[16])
{
	static char buf[IP_ADDR_STRLEN];
	struct ip_addr ia = ip_addr_v6(a);
	return ip_addr_fmt(buf, &ia);
}

static int setup(void **state)
{
	static const uint8_t mac[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };
	memset(&core, 0, sizeof(core));
	if (dhcpd_conf_parse(conf_text, strlen(conf_text), &conf, NULL, NULL))
		return -1;
	addr6("2001:db8:77::1", core.cfg.server_addr);
	core.cfg.prefix_len = 64;
	dhcpv6_duid_ll(mac, core.cfg.duid);
	core.cfg.has_range = true;
	addr6("2001:db8:77::100", core.cfg.range_lo);
	addr6("2001:db8:77::1ff", core.cfg.range_hi);
	addr6("2001:db8:77::53", core.cfg.dns[0]);
	core.cfg.n_dns = 1;
	core.cfg.conf = &conf;
	core.cfg.files = (struct boot_files){ .bios_file = "wireboot.pxe", .efi64_file = "wireboot.efi",
					      .http_port = 8080 };
	return 0;
}

static int teardown(void **state)
{
	dhcpd_conf_free(&conf);
	return 0;
}

/* A client message. */
struct msg {
	uint8_t type;
	uint32_t xid;
	const uint8_t *duid;
	size_t duid_len;
	uint32_t iaid;
	bool ia;
	const char *addr;     /* in the IA_NA, or NULL */
	int arch;             /* -1: no option 61 */
	bool rapid, oro;
	const uint8_t *sid;   /* server identifier, or NULL */
	const char *vendor;   /* vendor class data, or NULL */
};

static size_t build(uint8_t *buf, size_t cap, const struct msg *m)
{
	struct dhcpv6_builder b;
	dhcpv6_build_start(&b, buf, cap, m->type, m->xid);
	if (m->duid)
		dhcpv6_put(&b, DHCPV6_OPT_CLIENTID, m->duid, m->duid_len);
	if (m->sid)
		dhcpv6_put(&b, DHCPV6_OPT_SERVERID, m->sid, DHCPV6_DUID_LL_LEN);
	if (m->ia) {
		uint8_t ia[12] = { 0 };
		put_be32(ia, m->iaid);
		size_t h = dhcpv6_open(&b, DHCPV6_OPT_IA_NA);
		dhcpv6_put_raw(&b, ia, sizeof(ia));
		if (m->addr) {
			uint8_t ad[24] = { 0 };
			addr6(m->addr, ad);
			dhcpv6_put(&b, DHCPV6_OPT_IAADDR, ad, sizeof(ad));
		}
		dhcpv6_close(&b, h);
	}
	if (m->oro) {
		uint8_t oro[4];
		put_be16(oro, DHCPV6_OPT_DNS_SERVERS);
		put_be16(oro + 2, DHCPV6_OPT_BOOTFILE_URL);
		dhcpv6_put(&b, DHCPV6_OPT_ORO, oro, sizeof(oro));
	}
	if (m->arch >= 0)
		dhcpv6_put_u16(&b, DHCPV6_OPT_CLIENT_ARCH, (uint16_t)m->arch);
	if (m->rapid)
		dhcpv6_put(&b, DHCPV6_OPT_RAPID_COMMIT, NULL, 0);
	if (m->vendor) {
		uint8_t vc[64];
		size_t n = strlen(m->vendor);
		put_be32(vc, DHCPV6_ENTERPRISE_PXE);
		put_be16(vc + 4, (uint16_t)n);
		memcpy(vc + 6, m->vendor, n);
		dhcpv6_put(&b, DHCPV6_OPT_VENDOR_CLASS, vc, 6 + n);
	}
	int len = dhcpv6_build_finish(&b);
	assert_true(len > 0);
	return (size_t)len;
}

/* Send m; returns what dhcpv6_handle() returned, the answer parsed into `got`. */
static int ask(const struct msg *m, uint64_t now)
{
	static uint8_t buf[1500];
	size_t len = build(buf, sizeof(buf), m);
	int r = dhcpv6_handle(&core, buf, len, now, &reply);
	if (r == 1) {
		assert_int_equal(dhcpv6_parse(reply.buf, reply.len, &got), 0);
		assert_int_equal(got.xid, m->xid);
	}
	return r;
}

static const uint8_t duid1[10] = { 0, 3, 0, 1, 0x52, 0x54, 0, 0, 0, 0x11 };
static const uint8_t duid2[10] = { 0, 3, 0, 1, 0x52, 0x54, 0, 0, 0, 0x22 };

static void assert_url(const char *want)
{
	assert_int_equal(got.boot_url.len, strlen(want));
	assert_memory_equal(got.boot_url.p, want, strlen(want));
}

static void test_solicit_request_reply(void **state)
{
	struct msg m = { .type = DHCPV6_SOLICIT, .xid = 0x123456,
			 .duid = duid1, .duid_len = 10, .iaid = 7, .ia = true,
			 .arch = 7, .oro = true };
	uint8_t offered[16];

	assert_int_equal(ask(&m, NOW), 1);
	assert_int_equal(got.type, DHCPV6_ADVERTISE);
	assert_false(got.rapid_commit);
	assert_true(got.has_ia_na && got.has_addr);
	assert_int_equal(got.iaid, 7);
	assert_int_equal(got.t1, 1800);
	assert_int_equal(got.t2, 2880);
	assert_int_equal(got.preferred, 3600);
	assert_int_equal(got.valid, 3600);
	assert_memory_equal(got.addr, "\x20\x01\x0d\xb8\x00\x77\0\0\0\0\0\0\0\0", 14);
	assert_int_equal(got.addr[14], 0x01); /* inside ::100-::1ff */
	memcpy(offered, got.addr, 16);
	assert_url("tftp://[2001:db8:77::1]/wireboot.efi");
	assert_int_equal(got.dns.len, 16);
	assert_string_equal(fmt6(got.dns.p), "2001:db8:77::53");
	assert_int_equal(got.server_id.len, 10);
	assert_memory_equal(got.server_id.p, core.cfg.duid, 10);
	assert_memory_equal(got.client_id.p, duid1, 10);

	/* The same Solicit again: the same address (held for the Request). */
	assert_int_equal(ask(&m, NOW + 1), 1);
	assert_memory_equal(got.addr, offered, 16);
	/* Another client gets another address. */
	struct msg other = m;
	other.duid = duid2;
	assert_int_equal(ask(&other, NOW + 1), 1);
	assert_memory_not_equal(got.addr, offered, 16);

	m.type = DHCPV6_REQUEST;
	m.sid = core.cfg.duid;
	assert_int_equal(ask(&m, NOW + 2), 1);
	assert_int_equal(got.type, DHCPV6_REPLY);
	assert_memory_equal(got.addr, offered, 16);
	assert_int_equal(got.valid, 3600);
	assert_url("tftp://[2001:db8:77::1]/wireboot.efi");
	assert_non_null(strstr(reply.log,
			       "dhcpv6 REQUEST from 52:54:00:00:00:11 arch 7: REPLY 2001:db8:77::1"));

	/* A Request for another server: not ours to answer. */
	static const uint8_t foreign[10] = { 0, 3, 0, 1, 9, 9, 9, 9, 9, 9 };
	m.sid = foreign;
	assert_int_equal(ask(&m, NOW + 3), 0);
	assert_non_null(strstr(reply.log, "ignored (for another server)"));
}

static void test_rapid_commit_renew_rebind_release(void **state)
{
	struct msg m = { .type = DHCPV6_SOLICIT, .xid = 1,
			 .duid = duid1, .duid_len = 10, .iaid = 1, .ia = true,
			 .arch = -1, .rapid = true };
	uint8_t bound[16];
	char text[IP_ADDR_STRLEN];

	assert_int_equal(ask(&m, NOW), 1);
	assert_int_equal(got.type, DHCPV6_REPLY);
	assert_true(got.rapid_commit);
	assert_true(got.has_addr);
	assert_int_equal(got.boot_url.len, 0); /* neither asked for (ORO) nor an architecture */
	assert_int_equal(got.dns.len, 0);      /* not asked for */
	memcpy(bound, got.addr, 16);
	strcpy(text, fmt6(bound));

	/* Bound: another client's Solicit never gets it. */
	struct msg other = m;
	other.duid = duid2;
	other.iaid = 1;
	assert_int_equal(ask(&other, NOW + 1), 1);
	assert_memory_not_equal(got.addr, bound, 16);

	m.type = DHCPV6_RENEW;
	m.rapid = false;
	m.sid = core.cfg.duid;
	m.addr = text;
	assert_int_equal(ask(&m, NOW + 1800), 1);
	assert_int_equal(got.type, DHCPV6_REPLY);
	assert_memory_equal(got.addr, bound, 16);
	assert_int_equal(got.valid, 3600);
	assert_false(got.has_ia_status);

	/* Renew of an address this client does not have: NoBinding in the IA. */
	m.addr = "2001:db8:77::1fe";
	if (!memcmp(bound, "\x20\x01\x0d\xb8\x00\x77\0\0\0\0\0\0\0\0\x01\xfe", 16))
		m.addr = "2001:db8:77::1fd";
	assert_int_equal(ask(&m, NOW + 1801), 1);
	assert_true(got.has_ia_status);
	assert_int_equal(got.ia_status, DHCPV6_STATUS_NO_BINDING);
	assert_false(got.has_addr);

	/* Rebind (no server id) of a foreign address: returned with lifetimes 0. */
	m.type = DHCPV6_REBIND;
	m.sid = NULL;
	m.addr = "2001:db8:99::5";
	assert_int_equal(ask(&m, NOW + 2900), 1);
	assert_true(got.has_addr);
	assert_string_equal(fmt6(got.addr), "2001:db8:99::5");
	assert_int_equal(got.valid, 0);
	assert_int_equal(got.preferred, 0);
	/* Rebind of its own: extended. */
	m.addr = text;
	assert_int_equal(ask(&m, NOW + 2901), 1);
	assert_memory_equal(got.addr, bound, 16);
	assert_int_equal(got.valid, 3600);
	/* Rebind carrying a server identifier is not valid. */
	m.sid = core.cfg.duid;
	assert_int_equal(ask(&m, NOW + 2902), 0);

	/* Release: Success, and the address is free for the other client's hash walk. */
	m.type = DHCPV6_RELEASE;
	assert_int_equal(ask(&m, NOW + 3000), 1);
	assert_int_equal(got.type, DHCPV6_REPLY);
	assert_true(got.has_status);
	assert_int_equal(got.status, DHCPV6_STATUS_SUCCESS);
	assert_int_equal(core.bindings[0].expires, 0);
}

static void test_confirm_and_information_request(void **state)
{
	struct msg m = { .type = DHCPV6_CONFIRM, .xid = 2,
			 .duid = duid1, .duid_len = 10, .iaid = 1, .ia = true, .addr = "2001:db8:77::123",
			 .arch = -1 };

	assert_int_equal(ask(&m, NOW), 1);
	assert_int_equal(got.type, DHCPV6_REPLY);
	assert_true(got.has_status);
	assert_int_equal(got.status, DHCPV6_STATUS_SUCCESS);
	assert_false(got.has_ia_na);
	m.addr = "2001:db8:99::123";
	assert_int_equal(ask(&m, NOW), 1);
	assert_int_equal(got.status, DHCPV6_STATUS_NOT_ON_LINK);
	m.addr = NULL;
	assert_int_equal(ask(&m, NOW), 0);

	/* Stateless: options only; the boot file by architecture (BIOS here). */
	struct msg info = { .type = DHCPV6_INFORMATION_REQUEST, .xid = 3,
			 .duid = duid1, .duid_len = 10, .iaid = 0, .ia = false,
			 .arch = 0, .oro = true };
	assert_int_equal(ask(&info, NOW), 1);
	assert_int_equal(got.type, DHCPV6_REPLY);
	assert_false(got.has_ia_na);
	assert_url("tftp://[2001:db8:77::1]/wireboot.pxe");
	assert_string_equal(fmt6(got.dns.p), "2001:db8:77::53");
	assert_int_equal(core.n_bindings, 0);
}

/* A dhcpd.conf host by the MAC in a DUID-LLT: its fixed-address6, filename and lease time. */
static void test_host_fixed_address6(void **state)
{
	static const uint8_t llt[14] = { 0, 1, 0, 1, 0x11, 0x22, 0x33, 0x44, 2, 0, 0, 0, 0, 0xaa };
	struct msg m = { .type = DHCPV6_SOLICIT, .xid = 4,
			 .duid = llt, .duid_len = 14, .iaid = 9, .ia = true,
			 .arch = 7, .rapid = true, .oro = true };

	assert_int_equal(ask(&m, NOW), 1);
	assert_string_equal(fmt6(got.addr), "2001:db8:77::50");
	assert_int_equal(got.valid, 600);
	assert_int_equal(got.t1, 300);
	assert_url("tftp://[2001:db8:77::1]/lab/wireboot.efi");
	assert_non_null(strstr(reply.log, "host lab"));

	/* No other client is ever given a host's fixed address, even when its hash lands there. */
	for (unsigned i = 0; i < core.n_bindings; i++)
		if (core.bindings[i].duid_len != 14)
			assert_string_not_equal(fmt6(core.bindings[i].addr), "2001:db8:77::50");
}

/* Relay-forward: host by option 79 (the client's DUID has no MAC), Interface-Id echoed. */
static void test_relay_linklayer_and_url_option(void **state)
{
	static const uint8_t en[12] = { 0, 2, 0, 0, 0x01, 0x37, 1, 2, 3, 4, 5, 6 }; /* DUID-EN */
	struct msg m = { .type = DHCPV6_SOLICIT, .xid = 5,
			 .duid = en, .duid_len = 12, .iaid = 3, .ia = true,
			 .arch = 7, .rapid = true, .oro = true };
	uint8_t inner[600], outer[800], ll[8] = { 0, 1, 2, 0, 0, 0, 0, 0xbb };
	size_t n = build(inner, sizeof(inner), &m);
	struct dhcpv6_builder b = { outer, sizeof(outer), 0, false };
	uint8_t h[34] = { DHCPV6_RELAY_FORW, 0 };

	addr6("2001:db8:77::2", h + 2);
	addr6("fe80::1234", h + 18);
	dhcpv6_put_raw(&b, h, sizeof(h));
	dhcpv6_put(&b, DHCPV6_OPT_INTERFACE_ID, "port7", 5);
	dhcpv6_put(&b, DHCPV6_OPT_CLIENT_LINKLAYER, ll, sizeof(ll));
	dhcpv6_put(&b, DHCPV6_OPT_RELAY_MSG, inner, n);
	int len = dhcpv6_build_finish(&b);
	assert_true(len > 0);
	assert_int_equal(dhcpv6_handle(&core, outer, (size_t)len, NOW, &reply), 1);

	struct dhcpv6_packet relay;
	assert_int_equal(dhcpv6_parse(reply.buf, reply.len, &relay), 0);
	assert_int_equal(relay.type, DHCPV6_RELAY_REPL);
	assert_memory_equal(relay.link_addr, h + 2, 16);
	assert_memory_equal(relay.peer_addr, h + 18, 16);
	assert_int_equal(relay.interface_id.len, 5);
	assert_memory_equal(relay.interface_id.p, "port7", 5);
	assert_int_equal(dhcpv6_parse(relay.relay_msg.p, relay.relay_msg.len, &got), 0);
	assert_int_equal(got.type, DHCPV6_REPLY);
	assert_int_equal(got.xid, 5);
	assert_url("http://[2001:db8:77::9]/x.efi"); /* the host's option dhcp6.bootfile-url */
	assert_true(got.has_addr);                    /* no fixed-address6: from the range */
	assert_non_null(strstr(reply.log, "from 02:00:00:00:00:bb via relay host web"));
}

/* A global `option dhcp6.bootfile-url`: for clients without a host and hosts without their
 * own filename; a host's own filename (lab) still wins, as does its own URL (web). */
static void test_global_url(void **state)
{
	static const char text[] = "option dhcp6.bootfile-url \"tftp://[2001:db8::7]/all.efi\";\n"
				   "default-lease-time 900;\n";
	static const uint8_t lab[10] = { 0, 3, 0, 1, 2, 0, 0, 0, 0, 0xaa };
	struct dhcpd_conf both;
	char *merged = malloc(sizeof(text) + sizeof(conf_text));

	assert_non_null(merged);
	strcpy(merged, text);
	strcat(merged, conf_text);
	assert_int_equal(dhcpd_conf_parse(merged, strlen(merged), &both, NULL, NULL), 0);
	core.cfg.conf = &both;
	struct msg m = { .type = DHCPV6_SOLICIT, .xid = 10, .duid = duid1, .duid_len = 10, .iaid = 1,
			 .ia = true, .arch = 7, .rapid = true };
	assert_int_equal(ask(&m, NOW), 1);
	assert_url("tftp://[2001:db8::7]/all.efi");
	assert_int_equal(got.valid, 900); /* the file's default-lease-time */
	m.duid = lab;
	assert_int_equal(ask(&m, NOW), 1);
	assert_url("tftp://[2001:db8:77::1]/lab/wireboot.efi");
	assert_int_equal(got.valid, 600); /* the host's own */
	core.cfg.conf = &conf;
	dhcpd_conf_free(&both);
	free(merged);
}

/* UEFI HTTP Boot over IPv6: arch 16 + vendor class HTTPClient -> http URL, HTTPClient back. */
static void test_http_boot_client(void **state)
{
	struct msg m = { .type = DHCPV6_SOLICIT, .xid = 6,
			 .duid = duid2, .duid_len = 10, .iaid = 1, .ia = true,
			 .arch = 16, .oro = true, .vendor = "HTTPClient:Arch:00016:UNDI:003000" };

	assert_int_equal(ask(&m, NOW), 1);
	assert_url("http://[2001:db8:77::1]:8080/wireboot.efi");
	assert_int_equal(got.vendor_class.len, 16);
	assert_memory_equal(got.vendor_class.p, "\0\0\x01\x57\0\x0aHTTPClient", 16);
	assert_non_null(strstr(reply.log, " HTTPClient"));
	/* HTTP off: no URL at all (a tftp:// URL would be wrong for an HTTP Boot client). */
	core.cfg.files.http_port = 0;
	assert_int_equal(ask(&m, NOW), 1);
	assert_int_equal(got.boot_url.len, 0);
}

static void test_refused_and_malformed(void **state)
{
	static uint8_t buf[256];
	struct msg m = { .type = DHCPV6_SOLICIT, .xid = 7,
			 .duid = duid1, .duid_len = 10, .iaid = 1, .ia = true,
			 .arch = 7 };

	m.sid = core.cfg.duid; /* a Solicit must not carry one */
	assert_int_equal(ask(&m, NOW), 0);
	m.sid = NULL;
	m.duid = NULL; /* no client identifier */
	assert_int_equal(ask(&m, NOW), 0);
	assert_non_null(strstr(reply.log, "no client identifier"));
	m.duid = duid1;
	m.ia = false;
	assert_int_equal(ask(&m, NOW), 0);
	m.type = DHCPV6_REPLY; /* a server message */
	assert_int_equal(ask(&m, NOW), 0);

	/* An option running past the end, a short message, a relay without its message. */
	m = (struct msg){ .type = DHCPV6_SOLICIT, .xid = 7,
			 .duid = duid1, .duid_len = 10, .iaid = 1, .ia = true,
			 .arch = 7 };
	size_t n = build(buf, sizeof(buf), &m);
	assert_int_equal(dhcpv6_handle(&core, buf, n - 1, NOW, &reply), -WB_ETRUNCATED);
	assert_int_equal(dhcpv6_handle(&core, buf, 3, NOW, &reply), -WB_ETRUNCATED);
	uint8_t relay[34] = { DHCPV6_RELAY_FORW };
	assert_int_equal(dhcpv6_handle(&core, relay, sizeof(relay), NOW, &reply), -WB_EPROTO);
	assert_int_equal(dhcpv6_handle(&core, relay, 33, NOW, &reply), -WB_ETRUNCATED);
}

/* A range of two: the third client gets NoAddrsAvail (Rapid Commit) or no Advertise at all. */
static void test_range_exhausted(void **state)
{
	static uint8_t duids[3][10];
	addr6("2001:db8:77::101", core.cfg.range_hi);
	for (int i = 0; i < 3; i++) {
		memcpy(duids[i], duid1, 10);
		duids[i][9] = (uint8_t)(0x40 + i);
		struct msg m = { .type = DHCPV6_SOLICIT, .xid = 8,
				 .duid = duids[i], .duid_len = 10, .iaid = 1, .ia = true,
				 .arch = -1, .rapid = true };
		assert_int_equal(ask(&m, NOW), 1);
		if (i < 2) {
			assert_true(got.has_addr);
			continue;
		}
		assert_false(got.has_addr);
		assert_int_equal(got.ia_status, DHCPV6_STATUS_NO_ADDRS_AVAIL);
		m.rapid = false;
		m.duid = duids[2];
		assert_int_equal(ask(&m, NOW), 0);
	}
	/* After the leases expire the addresses come back. */
	struct msg late = { .type = DHCPV6_SOLICIT, .xid = 9,
			 .duid = duids[2], .duid_len = 10, .iaid = 1, .ia = true,
			 .arch = -1, .rapid = true };
	assert_int_equal(ask(&late, NOW + 3601), 1);
	assert_true(got.has_addr);
}

/* A table full of Advertises to made-up DUIDs: a real client's Request still gets bound
 * (the oldest advertised record makes room); bound leases are never evicted. */
static void test_solicit_flood_cannot_lock_out(void **state)
{
	static uint8_t fake[10] = { 0, 3, 0, 1, 0xfe, 0, 0, 0, 0, 0 };
	struct msg m = { .type = DHCPV6_SOLICIT, .xid = 11, .duid = fake, .duid_len = 10, .iaid = 1,
			 .ia = true, .arch = -1 };

	addr6("2001:db8:77::ffff:ffff", core.cfg.range_hi); /* room for every fake client */
	for (unsigned i = 0; i < DHCPV6_BINDINGS_MAX; i++) {
		put_be32(fake + 6, i);
		assert_int_equal(ask(&m, NOW + i / 1000), 1);
		assert_int_equal(got.type, DHCPV6_ADVERTISE);
	}
	assert_int_equal(core.n_bindings, DHCPV6_BINDINGS_MAX);
	struct msg real = { .type = DHCPV6_SOLICIT, .xid = 12, .duid = duid1, .duid_len = 10, .iaid = 1,
			    .ia = true, .arch = -1, .rapid = true };
	assert_int_equal(ask(&real, NOW + 10), 1);
	assert_true(got.has_addr);
	assert_false(got.has_ia_status);
	assert_int_equal(core.n_bindings, DHCPV6_BINDINGS_MAX);
	/* The evicted record was the first fake client's (the earliest expiry). */
	assert_memory_equal(core.bindings[0].duid, duid1, 10);
}

/* Bound bindings go to the file before the Reply leaves and come back after a restart;
 * advertised ones, released ones, expired ones and unreadable lines do not. */
static void test_bindings_file(void **state)
{
	static struct dhcpv6_core again;
	char path[] = "/tmp/wb-bindings6-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	core.cfg.bindings_file = path;

	struct msg m = { .type = DHCPV6_SOLICIT, .xid = 13, .duid = duid1, .duid_len = 10, .iaid = 5,
			 .ia = true, .arch = -1, .rapid = true };
	assert_int_equal(ask(&m, NOW), 1);
	uint8_t bound[16];
	memcpy(bound, got.addr, 16);
	struct msg adv = m;
	adv.duid = duid2;
	adv.rapid = false;
	assert_int_equal(ask(&adv, NOW), 1); /* advertised only: not in the file */

	FILE *f = fopen(path, "a");
	assert_non_null(f);
	fputs("2001:db8:77::1 zz 1 99999999999\n", f);                /* unreadable */
	fputs("2001:db8:77::1fe 0003000152540000003f 1 1000\n", f);   /* expired */
	fclose(f);
	memset(&again, 0, sizeof(again));
	assert_int_equal(dhcpv6_bindings_load(&again, path, NOW + 1), 0);
	assert_int_equal(again.n_bindings, 1);
	assert_memory_equal(again.bindings[0].duid, duid1, 10);
	assert_int_equal(again.bindings[0].duid_len, 10);
	assert_int_equal(again.bindings[0].iaid, 5);
	assert_memory_equal(again.bindings[0].addr, bound, 16);
	assert_int_equal(again.bindings[0].expires, NOW + 3600);
	assert_true(again.bindings[0].bound);

	/* Released: gone from the file. */
	char text[IP_ADDR_STRLEN];
	m.type = DHCPV6_RELEASE;
	m.rapid = false;
	m.sid = core.cfg.duid;
	m.addr = strcpy(text, fmt6(bound));
	assert_int_equal(ask(&m, NOW + 5), 1);
	memset(&again, 0, sizeof(again));
	assert_int_equal(dhcpv6_bindings_load(&again, path, NOW + 6), 0);
	assert_int_equal(again.n_bindings, 0);
	assert_int_equal(dhcpv6_bindings_load(&again, "/nonexistent/bindings6", NOW), 0);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_solicit_request_reply, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rapid_commit_renew_rebind_release, setup, teardown),
		cmocka_unit_test_setup_teardown(test_confirm_and_information_request, setup, teardown),
		cmocka_unit_test_setup_teardown(test_host_fixed_address6, setup, teardown),
		cmocka_unit_test_setup_teardown(test_relay_linklayer_and_url_option, setup, teardown),
		cmocka_unit_test_setup_teardown(test_http_boot_client, setup, teardown),
		cmocka_unit_test_setup_teardown(test_global_url, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused_and_malformed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_range_exhausted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_solicit_flood_cannot_lock_out, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bindings_file, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
