// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * server/dhcp_server + server/leases: requests built with the shared codec, replies parsed
 * with it: PXE options, arch -> boot file, the lease life cycle and its file, static hosts
 * from a dhcpd.conf, BOOTP, relays, INFORM, proxyDHCP.
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

#include "core/errors.h"
#include "core/printf.h"
#include "net/dhcp_packet.h"
#include "server/dhcp_server.h"

static uint32_t ip(const char *s)
{
	uint32_t v;
	assert_int_equal(wb_parse_ipv4(s, &v), 0);
	return v;
}

static char lease_path[64];
static struct lease_db db;
static struct dhcp_core core;
static struct dhcpd_conf conf;
static struct dhcp_reply reply;
static struct dhcp_packet got;

static const char conf_text[] =
	"group { next-server 10.0.0.9;\n"
	"  host lab { hardware ethernet 02:00:00:00:00:aa; fixed-address 10.0.0.50;\n"
	"             filename \"pxelinux.0\"; option host-name \"lab1\"; }\n"
	"}\n"
	"subnet 10.9.0.0 netmask 255.255.255.0 { range 10.9.0.10 10.9.0.20; option routers 10.9.0.1; }\n"
	"host sub { hardware ethernet 2:0:0:0:0:ab; fixed-address 10.0.0.51; filename \"boot/pxelinux.0\";\n"
	"           option pxelinux.configfile \"pxelinux.cfg/sub\"; }\n";

static int setup(void **state)
{
	strcpy(lease_path, "/tmp/wb-leases-XXXXXX");
	int fd = mkstemp(lease_path);
	if (fd < 0)
		return -1;
	close(fd);
	unlink(lease_path);
	if (lease_db_open(&db, lease_path) || dhcpd_conf_parse(conf_text, strlen(conf_text), &conf, NULL, NULL))
		return -1;
	memset(&core, 0, sizeof(core));
	core.cfg.server_ip = ip("10.0.0.1");
	core.cfg.netmask = ip("255.255.255.0");
	core.cfg.range_lo = ip("10.0.0.100");
	core.cfg.range_hi = ip("10.0.0.102");
	core.cfg.scope.routers[0] = ip("10.0.0.254");
	core.cfg.scope.n_routers = 1;
	core.cfg.scope.dns[0] = ip("10.0.0.53");
	core.cfg.scope.n_dns = 1;
	strcpy(core.cfg.scope.domain_name, "lab.test");
	core.cfg.scope.has_domain_name = true;
	core.cfg.conf = &conf;
	core.cfg.bios_file = "wireboot.pxe";
	core.cfg.efi64_file = "wireboot.efi";
	core.leases = &db;
	return 0;
}

static int teardown(void **state)
{
	lease_db_close(&db);
	dhcpd_conf_free(&conf);
	unlink(lease_path);
	return 0;
}

/* A client request.  arch < 0: no option 93; pxe: vendor class PXEClient. */
struct req {
	uint8_t type;
	uint8_t mac_last;
	int arch;
	bool pxe;
	bool http; /* vendor class HTTPClient (UEFI HTTP Boot) */
	uint32_t requested, server_id, ciaddr, giaddr;
	const char *prl; /* option 55 codes, or NULL */
	const uint8_t *uuid; /* option 97 (type 0 + these 16 bytes), or NULL */
};

static int send_req(const struct req *r, const struct dhcp_source *src, uint64_t now)
{
	struct dhcp_packet hdr;
	struct dhcp_builder b;
	uint8_t buf[DHCP_MAX_LEN];

	memset(&hdr, 0, sizeof(hdr));
	hdr.op = BOOTP_REQUEST;
	hdr.htype = 1;
	hdr.hlen = 6;
	hdr.xid = 0x1234;
	hdr.ciaddr = r->ciaddr;
	hdr.giaddr = r->giaddr;
	hdr.chaddr[0] = 2;
	hdr.chaddr[5] = r->mac_last;
	dhcp_build_start(&b, buf, sizeof(buf), &hdr);
	if (r->type) {
		dhcp_build_u8(&b, DHCP_OPT_MSG_TYPE, r->type);
		if (r->pxe)
			dhcp_build_string(&b, DHCP_OPT_VENDOR_CLASS, "PXEClient:Arch:00007:UNDI:003016");
		if (r->http) /* what OVMF's HTTPv4 boot sends (docs/notes/efi-facts.md) */
			dhcp_build_string(&b, DHCP_OPT_VENDOR_CLASS, "HTTPClient:Arch:00016:UNDI:003000");
		if (r->arch >= 0)
			dhcp_build_u16(&b, DHCP_OPT_CLIENT_ARCH, (uint16_t)r->arch);
		if (r->requested)
			dhcp_build_ipv4(&b, DHCP_OPT_REQUESTED_IP, r->requested);
		if (r->server_id)
			dhcp_build_ipv4(&b, DHCP_OPT_SERVER_ID, r->server_id);
		if (r->prl)
			dhcp_build_option(&b, DHCP_OPT_PARAM_REQUEST, r->prl, strlen(r->prl));
		if (r->uuid) {
			uint8_t u[17] = { 0 };
			memcpy(u + 1, r->uuid, 16);
			dhcp_build_option(&b, DHCP_OPT_CLIENT_UUID, u, sizeof(u));
		}
	} else {
		/* Plain BOOTP: a zero vendor area. */
		memset(buf + BOOTP_FIXED_LEN, 0, 64);
		b.len = BOOTP_FIXED_LEN + 64;
	}
	int len = r->type ? dhcp_build_finish(&b) : (int)b.len;
	assert_true(len > 0);
	static const struct dhcp_source bcast = { .ip = 0, .port = 68 };
	int n = dhcp_handle(&core, buf, (size_t)len, src ? src : &bcast, now, &reply);
	if (n == 1)
		assert_int_equal(dhcp_parse(reply.buf, reply.len, &got), 0);
	return n;
}

static uint32_t opt_ip(uint8_t code)
{
	uint32_t v = 0;
	assert_int_equal(dhcp_get_ipv4(&got, code, &v), 0);
	return v;
}

static void test_pxe_efi_offer_and_lease_cycle(void **state)
{
	struct req r = { .type = DHCPDISCOVER, .mac_last = 1, .arch = 7, .pxe = true };
	uint32_t v;
	size_t len;

	assert_int_equal(send_req(&r, NULL, 1000), 1);
	assert_int_equal(dhcp_msg_type(&got), DHCPOFFER);
	assert_int_equal(got.op, BOOTP_REPLY);
	assert_int_equal(got.xid, 0x1234);
	assert_int_equal(got.yiaddr, ip("10.0.0.100"));
	assert_int_equal(got.siaddr, ip("10.0.0.1"));
	assert_string_equal(got.file, "wireboot.efi");
	assert_int_equal(opt_ip(DHCP_OPT_SERVER_ID), ip("10.0.0.1"));
	assert_int_equal(opt_ip(DHCP_OPT_SUBNET_MASK), ip("255.255.255.0"));
	assert_int_equal(opt_ip(DHCP_OPT_ROUTER), ip("10.0.0.254"));
	assert_int_equal(opt_ip(DHCP_OPT_DNS), ip("10.0.0.53"));
	assert_int_equal(opt_ip(DHCP_OPT_BROADCAST), ip("10.0.0.255"));
	assert_int_equal(dhcp_get_u32(&got, DHCP_OPT_LEASE_TIME, &v), 0);
	assert_int_equal(v, DHCP_DEFAULT_LEASE_S);
	assert_int_equal(dhcp_get_u32(&got, DHCP_OPT_RENEWAL_TIME, &v), 0);
	assert_int_equal(v, DHCP_DEFAULT_LEASE_S / 2);
	char s[64];
	assert_int_equal(dhcp_get_string(&got, DHCP_OPT_DOMAIN_NAME, s, sizeof(s)), 0);
	assert_string_equal(s, "lab.test");
	assert_int_equal(dhcp_get_string(&got, DHCP_OPT_VENDOR_CLASS, s, sizeof(s)), 0);
	assert_string_equal(s, "PXEClient");
	const uint8_t *v43 = dhcp_get_option(&got, DHCP_OPT_VENDOR, &len);
	static const uint8_t want43[] = { 6, 1, 8, 255 };
	assert_int_equal(len, 4);
	assert_memory_equal(v43, want43, 4);
	assert_int_equal(reply.dst_ip, 0xffffffffu);
	assert_int_equal(reply.dst_port, 68);
	assert_non_null(strstr(reply.log, "DISCOVER 02:00:00:00:00:01 PXEClient arch 7 -> OFFER 10.0.0.100 file wireboot.efi"));
	assert_null(fopen(lease_path, "r")); /* offers are not written */

	/* REQUEST for the offer: ACK, and the lease is on disk before the reply. */
	r.type = DHCPREQUEST;
	r.requested = ip("10.0.0.100");
	r.server_id = ip("10.0.0.1");
	assert_int_equal(send_req(&r, NULL, 1001), 1);
	assert_int_equal(dhcp_msg_type(&got), DHCPACK);
	assert_int_equal(got.yiaddr, ip("10.0.0.100"));
	FILE *f = fopen(lease_path, "r");
	assert_non_null(f);
	char line[128], want[128];
	assert_non_null(fgets(line, sizeof(line), f)); /* comment */
	assert_non_null(fgets(line, sizeof(line), f));
	fclose(f);
	snprintf(want, sizeof(want), "10.0.0.100 02:00:00:00:00:01 %d bound\n", 1001 + DHCP_DEFAULT_LEASE_S);
	assert_string_equal(line, want);

	/* Another client may not take it, and gets the next address. */
	struct req other = { .type = DHCPREQUEST, .mac_last = 2, .arch = -1, .requested = ip("10.0.0.100") };
	assert_int_equal(send_req(&other, NULL, 1002), 1);
	assert_int_equal(dhcp_msg_type(&got), DHCPNAK);
	assert_int_equal(got.yiaddr, 0);
	assert_int_equal(reply.dst_ip, 0xffffffffu);
	other.type = DHCPDISCOVER;
	other.requested = 0;
	assert_int_equal(send_req(&other, NULL, 1003), 1);
	assert_int_equal(got.yiaddr, ip("10.0.0.101"));
	assert_string_equal(got.file, "wireboot.pxe"); /* no option 93: BIOS */
	assert_false(dhcp_has_option(&got, DHCP_OPT_VENDOR_CLASS));

	/* A restart: the file brings the lease back. */
	struct lease_db again;
	assert_int_equal(lease_db_open(&again, lease_path), 0);
	assert_int_equal(again.n, 1);
	assert_int_equal(again.v[0].ip, ip("10.0.0.100"));
	assert_int_equal(again.v[0].state, LEASE_BOUND);
	lease_db_close(&again);

	/* Renewal by unicast (ciaddr): answered to the client's address. */
	struct req renew = { .type = DHCPREQUEST, .mac_last = 1, .arch = -1, .ciaddr = ip("10.0.0.100") };
	assert_int_equal(send_req(&renew, NULL, 1010), 1);
	assert_int_equal(dhcp_msg_type(&got), DHCPACK);
	assert_int_equal(reply.dst_ip, ip("10.0.0.100"));
	assert_int_equal(got.ciaddr, ip("10.0.0.100"));

	/* Range of three: .102 for a third client, then nothing; a release frees one. */
	struct req c3 = { .type = DHCPDISCOVER, .mac_last = 3, .arch = -1 };
	assert_int_equal(send_req(&c3, NULL, 1011), 1);
	assert_int_equal(got.yiaddr, ip("10.0.0.102"));
	struct req c4 = { .type = DHCPDISCOVER, .mac_last = 4, .arch = -1 };
	assert_int_equal(send_req(&c4, NULL, 1012), 0);
	assert_non_null(strstr(reply.log, "no free address"));
	struct req rel = { .type = DHCPRELEASE, .mac_last = 1, .arch = -1, .ciaddr = ip("10.0.0.100"),
			   .server_id = ip("10.0.0.1") };
	assert_int_equal(send_req(&rel, NULL, 1013), 0);
	assert_int_equal(send_req(&c4, NULL, 1014), 1);
	assert_int_equal(got.yiaddr, ip("10.0.0.100"));
	/* Offers expire: after the hold time client 2's .101 is free again. */
	struct req c5 = { .type = DHCPDISCOVER, .mac_last = 5, .arch = -1 };
	assert_int_equal(send_req(&c5, NULL, 1015), 0);
	assert_int_equal(send_req(&c5, NULL, 1003 + DHCP_OFFER_HOLD_S + 1), 1);
	assert_int_equal(got.yiaddr, ip("10.0.0.101"));
}

static void test_static_host_bootp_relay_inform(void **state)
{
	/* The host's own file name wins over the EFI mapping; group next-server; host-name. */
	struct req r = { .type = DHCPDISCOVER, .mac_last = 0xaa, .arch = 7, .pxe = true };
	char s[64];
	assert_int_equal(send_req(&r, NULL, 1000), 1);
	assert_int_equal(got.yiaddr, ip("10.0.0.50"));
	assert_string_equal(got.file, "pxelinux.0");
	assert_int_equal(got.siaddr, ip("10.0.0.9"));
	assert_int_equal(dhcp_get_string(&got, DHCP_OPT_HOSTNAME, s, sizeof(s)), 0);
	assert_string_equal(s, "lab1");
	r.type = DHCPREQUEST;
	r.requested = ip("10.0.0.51");
	assert_int_equal(send_req(&r, NULL, 1001), 1);
	assert_int_equal(dhcp_msg_type(&got), DHCPNAK);

	/* BOOTP: the static host is answered (no DHCP options), an unknown client is not. */
	struct req bootp = { .type = 0, .mac_last = 0xaa, .arch = -1 };
	assert_int_equal(send_req(&bootp, NULL, 1002), 1);
	assert_false(got.is_dhcp && dhcp_msg_type(&got) != 0);
	assert_int_equal(got.yiaddr, ip("10.0.0.50"));
	assert_string_equal(got.file, "pxelinux.0");
	bootp.mac_last = 0x77;
	assert_int_equal(send_req(&bootp, NULL, 1003), 0);
	assert_non_null(strstr(reply.log, "dynamic-bootp"));

	/* A relay on 10.9.0.0/24 (declared in the file): its range and router, reply to it. */
	struct req relayed = { .type = DHCPDISCOVER, .mac_last = 9, .arch = 0, .giaddr = ip("10.9.0.1") };
	struct dhcp_source from_relay = { .ip = ip("10.9.0.1"), .port = 67 };
	assert_int_equal(send_req(&relayed, &from_relay, 1004), 1);
	assert_int_equal(got.yiaddr, ip("10.9.0.10"));
	assert_int_equal(got.giaddr, ip("10.9.0.1"));
	assert_int_equal(opt_ip(DHCP_OPT_ROUTER), ip("10.9.0.1"));
	assert_int_equal(opt_ip(DHCP_OPT_SUBNET_MASK), ip("255.255.255.0"));
	assert_int_equal(reply.dst_ip, ip("10.9.0.1"));
	assert_int_equal(reply.dst_port, 67);
	relayed.giaddr = ip("172.16.0.1"); /* no subnet for that link */
	assert_int_equal(send_req(&relayed, &from_relay, 1005), 0);

	/* INFORM: configuration only, to the client's address, no lease time. */
	struct req inform = { .type = DHCPINFORM, .mac_last = 0x33, .arch = -1, .ciaddr = ip("10.0.0.7") };
	assert_int_equal(send_req(&inform, NULL, 1006), 1);
	assert_int_equal(dhcp_msg_type(&got), DHCPACK);
	assert_int_equal(got.yiaddr, 0);
	assert_false(dhcp_has_option(&got, DHCP_OPT_LEASE_TIME));
	assert_int_equal(reply.dst_ip, ip("10.0.0.7"));

	/* Garbage is an error, not a reply. */
	uint8_t junk[100] = { 1 };
	assert_true(dhcp_handle(&core, junk, sizeof(junk), &from_relay, 1, &reply) < 0);
}

/* UEFI HTTP Boot: vendor class and the boot file as a URL, also in proxy mode. */
static void test_uefi_http_boot(void **state)
{
	(void)state;
	char vc[64], file[128];
	struct req q = { .type = DHCPDISCOVER, .mac_last = 0x61, .arch = 16, .http = true };
	/* HTTP server off: no boot file for an HTTP client (an address still). */
	assert_int_equal(send_req(&q, NULL, 1000), 1);
	assert_string_equal(got.file, "");
	core.cfg.http_port = 8080;
	assert_int_equal(send_req(&q, NULL, 1000), 1);
	assert_int_equal(dhcp_msg_type(&got), DHCPOFFER);
	assert_string_equal(got.file, "http://10.0.0.1:8080/wireboot.efi");
	assert_int_equal(dhcp_get_string(&got, DHCP_OPT_BOOTFILE, file, sizeof(file)), 0);
	assert_string_equal(file, "http://10.0.0.1:8080/wireboot.efi");
	assert_int_equal(dhcp_get_string(&got, DHCP_OPT_VENDOR_CLASS, vc, sizeof(vc)), 0);
	assert_string_equal(vc, "HTTPClient");
	assert_null(dhcp_get_option(&got, DHCP_OPT_VENDOR, NULL)); /* no PXE options */
	assert_non_null(strstr(reply.log, "HTTPClient arch 16"));
	/* A PXE client next to it still gets TFTP and "PXEClient". */
	struct req pxe = { .type = DHCPDISCOVER, .mac_last = 0x62, .arch = 7, .pxe = true };
	assert_int_equal(send_req(&pxe, NULL, 1000), 1);
	assert_string_equal(got.file, "wireboot.efi");
	assert_int_equal(dhcp_get_string(&got, DHCP_OPT_VENDOR_CLASS, vc, sizeof(vc)), 0);
	assert_string_equal(vc, "PXEClient");
	/* IA32 HTTP with no efi32 file: nothing to boot. */
	q.arch = 15;
	assert_int_equal(send_req(&q, NULL, 1000), 1);
	assert_string_equal(got.file, "");
	/* Proxy mode: an offer without an address, with the URL. */
	core.cfg.proxy = true;
	q.arch = 16;
	assert_int_equal(send_req(&q, NULL, 1000), 1);
	assert_int_equal(dhcp_msg_type(&got), DHCPOFFER);
	assert_int_equal(got.yiaddr, 0);
	assert_string_equal(got.file, "http://10.0.0.1:8080/wireboot.efi");
	assert_int_equal(dhcp_get_string(&got, DHCP_OPT_VENDOR_CLASS, vc, sizeof(vc)), 0);
	assert_string_equal(vc, "HTTPClient");
	core.cfg.proxy = false;
}

static void test_proxy_mode(void **state)
{
	core.cfg.proxy = true;
	struct req plain = { .type = DHCPDISCOVER, .mac_last = 0x40, .arch = -1 };
	assert_int_equal(send_req(&plain, NULL, 1000), 0);
	assert_non_null(strstr(reply.log, "PXE and UEFI HTTP Boot clients only"));

	struct req pxe = { .type = DHCPDISCOVER, .mac_last = 0x41, .arch = 0, .pxe = true };
	assert_int_equal(send_req(&pxe, NULL, 1001), 1);
	assert_int_equal(dhcp_msg_type(&got), DHCPOFFER);
	assert_int_equal(got.yiaddr, 0);
	assert_string_equal(got.file, "wireboot.pxe");
	assert_false(dhcp_has_option(&got, DHCP_OPT_SUBNET_MASK));
	assert_false(dhcp_has_option(&got, DHCP_OPT_LEASE_TIME));
	assert_true(dhcp_has_option(&got, DHCP_OPT_VENDOR));

	pxe.type = DHCPREQUEST;
	pxe.ciaddr = ip("10.0.0.77");
	assert_int_equal(send_req(&pxe, NULL, 1002), 0); /* port 67: the real server's */
	struct dhcp_source binl = { .ip = ip("10.0.0.77"), .port = 4011, .binl_port = true };
	assert_int_equal(send_req(&pxe, &binl, 1003), 1);
	assert_int_equal(dhcp_msg_type(&got), DHCPACK);
	assert_int_equal(reply.dst_ip, ip("10.0.0.77"));
	assert_int_equal(reply.dst_port, 4011);
	assert_string_equal(got.file, "wireboot.pxe");
	assert_int_equal(db.n, 0); /* nothing leased */
	core.cfg.proxy = false;
}

/* The option as code, length, value in the reply's bytes, or NULL. */
static const uint8_t *find_tlv(uint8_t code, const char *value)
{
	uint8_t tlv[80];
	size_t n = strlen(value);
	tlv[0] = code;
	tlv[1] = (uint8_t)n;
	memcpy(tlv + 2, value, n);
	return memmem(reply.buf, reply.len, tlv, n + 2);
}

/* --replace-pxelinux, and PXELINUX options 209/210 (per host and global, when they are sent). */
static void test_replace_pxelinux_and_options_209_210(void **state)
{
	struct req lab = { .type = DHCPDISCOVER, .mac_last = 0xaa, .arch = 0, .pxe = true };
	struct req sub = { .type = DHCPDISCOVER, .mac_last = 0xab, .arch = -1, .pxe = true };

	/* Without the flag the host's pxelinux.0 is handed out, and no 209/210 exist. */
	assert_int_equal(send_req(&lab, NULL, 1000), 1);
	assert_string_equal(got.file, "pxelinux.0");
	assert_false(dhcp_has_option(&got, DHCP_OPT_PXELINUX_CONFIGFILE));
	assert_false(dhcp_has_option(&got, DHCP_OPT_PXELINUX_PATHPREFIX));
	assert_true(dhcp_is_pxelinux_file("boot/pxelinux.0"));
	assert_false(dhcp_is_pxelinux_file("pxelinux.0.bak"));

	core.cfg.replace_pxelinux = true;
	core.cfg.pxe_config_file = "pxelinux.cfg/global";
	core.cfg.pxe_path_prefix = "tftp://10.0.0.1/lab/";
	assert_int_equal(send_req(&lab, NULL, 1001), 1);
	assert_string_equal(got.file, "wireboot.pxe");
	assert_non_null(strstr(reply.log, "file wireboot.pxe"));
	/* A PXE client gets both, the global values, in the reply's bytes. */
	assert_non_null(find_tlv(209, "pxelinux.cfg/global"));
	assert_non_null(find_tlv(210, "tftp://10.0.0.1/lab/"));

	/* The directory is kept; the host's own 209 wins over the global one. */
	assert_int_equal(send_req(&sub, NULL, 1002), 1);
	assert_string_equal(got.file, "boot/wireboot.pxe");
	assert_non_null(find_tlv(209, "pxelinux.cfg/sub"));
	assert_null(find_tlv(209, "pxelinux.cfg/global"));
	assert_non_null(find_tlv(210, "tftp://10.0.0.1/lab/"));

	/* Not PXE and not asked for: neither; asked for 209 only: 209 only. */
	struct req plain = { .type = DHCPDISCOVER, .mac_last = 0x21, .arch = -1 };
	assert_int_equal(send_req(&plain, NULL, 1003), 1);
	assert_string_equal(got.file, "wireboot.pxe");
	assert_false(dhcp_has_option(&got, DHCP_OPT_PXELINUX_CONFIGFILE));
	assert_false(dhcp_has_option(&got, DHCP_OPT_PXELINUX_PATHPREFIX));
	plain.prl = "\x01\x03\xd1";
	assert_int_equal(send_req(&plain, NULL, 1004), 1);
	assert_non_null(find_tlv(209, "pxelinux.cfg/global"));
	assert_false(dhcp_has_option(&got, DHCP_OPT_PXELINUX_PATHPREFIX));

	/* EFI clients follow their architecture, whatever the flag. */
	struct req efi = { .type = DHCPDISCOVER, .mac_last = 0x22, .arch = 7, .pxe = true };
	assert_int_equal(send_req(&efi, NULL, 1005), 1);
	assert_string_equal(got.file, "wireboot.efi");
	core.cfg.replace_pxelinux = false;
	core.cfg.pxe_config_file = core.cfg.pxe_path_prefix = NULL;
}

/* Option 97 shows up at the end of the log line, as the pxelinux.cfg/<UUID> name. */
static void test_client_uuid_logged(void **state)
{
	(void)state;
	static const uint8_t uuid[16] = { 0xcc, 0x97, 0xf0, 0x0e, 0x32, 0xe5, 0xdf, 0x43,
					  0x9e, 0x5d, 0xcd, 0x3f, 0xc5, 0x29, 0x88, 0x29 };
	struct req r = { .type = DHCPDISCOVER, .mac_last = 1, .arch = 0, .pxe = true, .uuid = uuid };
	assert_int_equal(send_req(&r, NULL, 1000), 1);
	assert_non_null(strstr(reply.log, "DISCOVER 02:00:00:00:00:01 PXEClient arch 0 -> OFFER "));
	const char *tail = strstr(reply.log, " uuid ");
	assert_non_null(tail);
	assert_string_equal(tail, " uuid cc97f00e-32e5-df43-9e5d-cd3fc5298829");
	/* Not a type-0 UUID, or the wrong length: not logged. */
	struct req plain = { .type = DHCPDISCOVER, .mac_last = 2, .arch = 0, .pxe = true };
	assert_int_equal(send_req(&plain, NULL, 1000), 1);
	assert_null(strstr(reply.log, "uuid"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_pxe_efi_offer_and_lease_cycle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_static_host_bootp_relay_inform, setup, teardown),
		cmocka_unit_test_setup_teardown(test_proxy_mode, setup, teardown),
		cmocka_unit_test_setup_teardown(test_uefi_http_boot, setup, teardown),
		cmocka_unit_test_setup_teardown(test_replace_pxelinux_and_options_209_210, setup, teardown),
		cmocka_unit_test_setup_teardown(test_client_uuid_logged, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
