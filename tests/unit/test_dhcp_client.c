// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * net/dhcp_client: the whole exchange against simulated servers on a fake netdev: one server,
 * lost offers with backoff on the fake clock, two servers, proxyDHCP (+ port 4011), BOOTP,
 * option overload, NAK, and the firmware's cached ACK.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/errors.h"
#include "net/dhcp_client.h"
#include "net/dhcp_packet.h"
#include "net/netif.h"
#include "tests/unit/fake_netdev.h"
#include "tests/unit/fake_platform.h"

static const uint8_t bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
static const uint8_t uuid[16] = {0x8a, 0x1f, 0x4b, 0x3c, 0x00, 0x11, 0x22, 0x33,
				 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb};

/* A DHCP, BOOTP or proxyDHCP server on the fake segment. */
struct sim_server {
	uint32_t ip;
	uint8_t mac[6];
	uint32_t yiaddr;          /* address offered (0 for a proxy) */
	uint32_t siaddr;          /* next-server */
	const char *file;         /* BOOTP file field */
	const char *opt67;        /* option 67, or NULL */
	const char *opt66;        /* option 66, or NULL */
	bool proxy;               /* proxyDHCP: PXE options only, no address */
	const char *binl_file;    /* what the proxy answers on port 4011 */
	bool binl_silent;         /* ... or it does not answer there */
	bool bootp;               /* plain BOOTP replies */
	bool overload;            /* put option 67 into the `file` field (option 52) */
	int ignore_discovers;     /* lose this many DISCOVERs */
	int nak_requests;         /* NAK this many REQUESTs */
	uint32_t delay_ms;        /* reply delay */
	int discovers, requests, binl_requests;
	uint8_t last_reply[DHCP_MAX_LEN];
	size_t last_reply_len;
};

static struct fake_netdev fd;
static struct netif nif;
static struct sim_server srv[3];
static int nsrv;
static struct dhcp_client *client;
static struct dhcp_lease lease;
static struct dhcp_client_config cfg;

static uint32_t ip4(uint8_t a, uint8_t b, uint8_t c, uint8_t d) { return fake_ip(a, b, c, d); }

/* A server at 10.0.0.<last> (MAC 52:54:00:aa:00:<last>) offering yiaddr, replying in 2 ms. */
static struct sim_server *add_server(uint8_t last, uint32_t yiaddr)
{
	assert_true(nsrv < (int)(sizeof(srv) / sizeof(srv[0])));
	struct sim_server *s = &srv[nsrv++];
	memset(s, 0, sizeof(*s));
	s->ip = ip4(10, 0, 0, last);
	static const uint8_t mac[6] = {0x52, 0x54, 0x00, 0xaa, 0x00, 0x00};
	memcpy(s->mac, mac, 6);
	s->mac[5] = last;
	s->yiaddr = yiaddr;
	s->delay_ms = 2;
	return s;
}

/* A proxyDHCP server at 10.0.0.3 that names itself as next-server. */
static struct sim_server *add_proxy(void)
{
	struct sim_server *p = add_server(3, 0);
	p->proxy = true;
	p->siaddr = ip4(10, 0, 0, 3);
	return p;
}

/* Answer one client message as server s would. */
static void server_reply(struct sim_server *s, const struct dhcp_packet *req, int type, bool binl)
{
	static struct dhcp_packet h;
	memset(&h, 0, sizeof(h));
	h.op = BOOTP_REPLY;
	h.htype = 1;
	h.hlen = 6;
	h.xid = req->xid;
	h.flags = req->flags;
	memcpy(h.chaddr, req->chaddr, 16);
	h.yiaddr = type == DHCPNAK || s->proxy ? 0 : s->yiaddr;
	h.siaddr = s->siaddr;
	if (binl)
		strcpy(h.file, s->binl_file);
	else if (s->overload)
		memcpy(h.file, "\x43\x0a" "pxelinux.0" "\xff", 13); /* option 67 inside `file` */
	else if (s->file && type != DHCPNAK)
		strcpy(h.file, s->file);
	uint8_t buf[DHCP_MAX_LEN];
	struct dhcp_builder b;
	dhcp_build_start(&b, buf, sizeof(buf), &h);
	if (!s->bootp)
		dhcp_build_u8(&b, DHCP_OPT_MSG_TYPE, (uint8_t)type);
	dhcp_build_ipv4(&b, DHCP_OPT_SERVER_ID, s->ip);
	if (s->overload)
		dhcp_build_u8(&b, DHCP_OPT_OVERLOAD, 1);
	if (s->proxy) {
		dhcp_build_string(&b, DHCP_OPT_VENDOR_CLASS, "PXEClient");
		/* Discovery control 3 (no broadcast/multicast discovery), a menu of two items. */
		static const uint8_t pxe[] = {6, 1, 3, 9, 14, 0x00, 0x00, 4, 'l', 'o', 'c', 'l',
					      0x80, 0x01, 4, 'w', 'b', 'o', 't', 10, 1, 0, 255};
		dhcp_build_option(&b, DHCP_OPT_VENDOR, pxe, sizeof(pxe));
	} else if (type != DHCPNAK && !s->bootp) {
		dhcp_build_ipv4(&b, DHCP_OPT_SUBNET_MASK, ip4(255, 255, 255, 0));
		uint32_t dns[2] = {ip4(10, 0, 0, 53), ip4(10, 0, 0, 54)};
		dhcp_build_ipv4(&b, DHCP_OPT_ROUTER, ip4(10, 0, 0, 254));
		dhcp_build_option(&b, DHCP_OPT_DNS, dns, sizeof(dns));
		dhcp_build_string(&b, DHCP_OPT_HOSTNAME, "node7");
		dhcp_build_string(&b, DHCP_OPT_DOMAIN_NAME, "lab.example");
		dhcp_build_u32(&b, DHCP_OPT_LEASE_TIME, 3600);
		if (s->opt66)
			dhcp_build_string(&b, DHCP_OPT_TFTP_SERVER, s->opt66);
		if (s->opt67)
			dhcp_build_string(&b, DHCP_OPT_BOOTFILE, s->opt67);
		if (s->opt67 || s->file) {
			dhcp_build_string(&b, DHCP_OPT_PXELINUX_CONFIGFILE, "pxelinux.cfg/lab");
			dhcp_build_string(&b, DHCP_OPT_PXELINUX_PATHPREFIX, "/srv/tftp/");
			dhcp_build_u32(&b, DHCP_OPT_PXELINUX_REBOOTTIME, 30);
		}
	}
	int n = dhcp_build_finish(&b);
	assert_true(n > 0);
	if (s->bootp) { /* no cookie, no options */
		memset(buf + 236, 0, 64);
		n = 300;
	}
	memcpy(s->last_reply, buf, (size_t)n);
	s->last_reply_len = (size_t)n;
	uint8_t frame[ETH_FRAME_MAX];
	size_t len = binl ? fake_build_udp(frame, req->chaddr, s->mac, s->ip, nif.ip, PXE_BINL_PORT, 68, buf, (size_t)n)
			  : fake_build_udp(frame, bcast, s->mac, s->ip, 0xffffffff, 67, 68, buf, (size_t)n);
	fake_netdev_inject_delayed(&fd, s->delay_ms, frame, len);
}

/* The segment: ARP for the servers, DHCP to port 67, proxy requests to port 4011. */
static void segment(struct fake_netdev *d, const uint8_t *f, size_t len)
{
	struct fake_parsed p;
	if (fake_parse(f, len, &p))
		return;
	if (p.ethertype == 0x0806 && p.arp_op == 1) {
		for (int i = 0; i < nsrv; i++) {
			if (p.arp_tpa != srv[i].ip)
				continue;
			uint8_t r[64];
			fake_netdev_inject(d, r, fake_build_arp(r, p.arp_sha, 2, srv[i].mac, srv[i].ip, p.arp_sha, p.arp_spa));
		}
		return;
	}
	if (p.ethertype != 0x0800 || p.proto != 17 || p.sport != 68)
		return;
	static struct dhcp_packet req;
	assert_int_equal(dhcp_parse(p.payload, p.payload_len, &req), 0);
	for (int i = 0; i < nsrv; i++) {
		struct sim_server *s = &srv[i];
		uint32_t sid = 0;
		dhcp_get_ipv4(&req, DHCP_OPT_SERVER_ID, &sid);
		if (p.dport == PXE_BINL_PORT) {
			if (s->proxy && p.dst == s->ip) {
				s->binl_requests++;
				if (!s->binl_silent)
					server_reply(s, &req, DHCPACK, true);
			}
		} else if (dhcp_msg_type(&req) == DHCPDISCOVER) {
			s->discovers++;
			if (s->ignore_discovers > 0)
				s->ignore_discovers--;
			else
				server_reply(s, &req, DHCPOFFER, false);
		} else if (dhcp_msg_type(&req) == DHCPREQUEST && sid == s->ip && !s->proxy) {
			s->requests++;
			server_reply(s, &req, s->nak_requests-- > 0 ? DHCPNAK : DHCPACK, false);
		}
	}
}

static int setup(void **state)
{
	(void)state;
	fake_netdev_init(&fd, "eth0", 0x56);
	fd.on_transmit = segment;
	netif_init(&nif, &fd.dev);
	nsrv = 0;
	client = calloc(1, sizeof(*client));
	memset(&lease, 0, sizeof(lease));
	memset(&cfg, 0, sizeof(cfg));
	cfg.client_arch = DHCP_ARCH_BIOS;
	cfg.uuid = uuid;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	dhcp_client_stop(client);
	free(client);
	netif_shutdown(&nif);
	fake_netdev_free(&fd);
	return 0;
}

/* Run the state machine to its end, as dhcp_configure() does. */
static int run(void)
{
	uint64_t limit = fake_time_us + 60000000ull;
	int err = dhcp_client_start(client, &nif, &cfg, &lease);
	if (err)
		return err;
	while ((err = dhcp_client_step(client)) == -WB_EAGAIN) {
		net_poll(&nif);
		assert_true(fake_time_us < limit);
	}
	return err;
}

/* The DHCP messages the client sent, in order. */
struct sent {
	struct dhcp_packet pkt;
	struct fake_parsed frame;
	uint64_t time_us;
};
static struct sent sent[16];
static int nsent;

static void collect_sent(void)
{
	static uint8_t buf[32][ETH_FRAME_MAX];
	nsent = 0;
	size_t n;
	uint64_t t;
	int i = 0;
	while (i < 32 && (n = fake_netdev_pop_tx(&fd, buf[i], sizeof(buf[i]), &t))) {
		struct fake_parsed p;
		assert_int_equal(fake_parse(buf[i], n, &p), 0);
		if (p.ethertype == 0x0800 && p.sport == 68) {
			assert_true(nsent < 16);
			assert_true(p.udp_csum_ok);
			assert_true(p.ip_csum_ok);
			sent[nsent].frame = p;
			sent[nsent].time_us = t;
			assert_int_equal(dhcp_parse(p.payload, p.payload_len, &sent[nsent].pkt), 0);
			nsent++;
		}
		i++;
	}
}

/* ---- tests -------------------------------------------------------------------------------- */

static void test_full_exchange(void **state)
{
	(void)state;
	struct sim_server *s = add_server(1, ip4(10, 0, 0, 50));
	s->siaddr = ip4(10, 0, 0, 2);
	s->file = "pxelinux.0";
	assert_int_equal(run(), 0);
	collect_sent();
	assert_int_equal(nsent, 2);

	/* DISCOVER: broadcast from 0.0.0.0:68 to 255.255.255.255:67 with the PXE options. */
	struct dhcp_packet *d = &sent[0].pkt;
	assert_memory_equal(sent[0].frame.dst_mac, bcast, 6);
	assert_int_equal(sent[0].frame.src, 0);
	assert_int_equal(sent[0].frame.dst, 0xffffffff);
	assert_int_equal(sent[0].frame.dport, 67);
	assert_int_equal(dhcp_msg_type(d), DHCPDISCOVER);
	assert_int_equal(d->op, BOOTP_REQUEST);
	assert_int_equal(d->flags, DHCP_FLAG_BROADCAST);
	assert_memory_equal(d->chaddr, fd.dev.mac, 6);
	assert_int_equal(d->hlen, 6);
	size_t len;
	const uint8_t *v = dhcp_get_option(d, DHCP_OPT_PARAM_REQUEST, &len);
	static const uint8_t prl[] = {1, 3, 6, 12, 15, 28, 43, 51, 54, 60, 66, 67, 97, 208, 209, 210, 211};
	assert_int_equal(len, sizeof(prl));
	assert_memory_equal(v, prl, sizeof(prl));
	char vc[64];
	assert_int_equal(dhcp_get_string(d, DHCP_OPT_VENDOR_CLASS, vc, sizeof(vc)), 0);
	assert_string_equal(vc, "PXEClient:Arch:00000:UNDI:002001");
	uint16_t u16;
	assert_int_equal(dhcp_get_u16(d, DHCP_OPT_CLIENT_ARCH, &u16), 0);
	assert_int_equal(u16, 0);
	assert_int_equal(dhcp_get_u16(d, DHCP_OPT_MAX_SIZE, &u16), 0);
	assert_int_equal(u16, 1472);
	v = dhcp_get_option(d, DHCP_OPT_CLIENT_NDI, &len);
	assert_int_equal(len, 3);
	assert_memory_equal(v, "\x01\x02\x01", 3);
	v = dhcp_get_option(d, DHCP_OPT_CLIENT_UUID, &len);
	assert_int_equal(len, 17);
	assert_int_equal(v[0], 0);
	assert_memory_equal(v + 1, uuid, 16);
	v = dhcp_get_option(d, DHCP_OPT_CLIENT_ID, &len);
	assert_int_equal(len, 7);
	assert_int_equal(v[0], 1);
	assert_memory_equal(v + 1, fd.dev.mac, 6);
	assert_false(dhcp_has_option(d, DHCP_OPT_REQUESTED_IP));

	/* REQUEST: same xid, asks for the offered address from that server. */
	struct dhcp_packet *r = &sent[1].pkt;
	assert_int_equal(dhcp_msg_type(r), DHCPREQUEST);
	assert_int_equal(r->xid, d->xid);
	uint32_t ip;
	assert_int_equal(dhcp_get_ipv4(r, DHCP_OPT_REQUESTED_IP, &ip), 0);
	assert_int_equal(ip, ip4(10, 0, 0, 50));
	assert_int_equal(dhcp_get_ipv4(r, DHCP_OPT_SERVER_ID, &ip), 0);
	assert_int_equal(ip, ip4(10, 0, 0, 1));
	assert_int_equal(r->ciaddr, 0);

	/* The lease. */
	assert_int_equal(lease.client_ip, ip4(10, 0, 0, 50));
	assert_int_equal(lease.netmask, ip4(255, 255, 255, 0));
	assert_int_equal(lease.gateway, ip4(10, 0, 0, 254));
	assert_int_equal(lease.dns_count, 2);
	assert_int_equal(lease.dns[0], ip4(10, 0, 0, 53));
	assert_int_equal(lease.dns[1], ip4(10, 0, 0, 54));
	assert_int_equal(lease.server_id, ip4(10, 0, 0, 1));
	assert_int_equal(lease.lease_time, 3600);
	assert_int_equal(lease.tftp_server, ip4(10, 0, 0, 2)); /* siaddr, next-server */
	assert_string_equal(lease.boot_file, "pxelinux.0");
	assert_string_equal(lease.config_file, "pxelinux.cfg/lab");
	assert_string_equal(lease.path_prefix, "/srv/tftp/");
	assert_int_equal(lease.reboot_time, 30);
	assert_string_equal(lease.hostname, "node7");
	assert_string_equal(lease.domain, "lab.example");
	assert_false(lease.bootp);
	assert_false(lease.boot_from_proxy);
	assert_int_equal(lease.ack_len, s->last_reply_len);
	assert_memory_equal(lease.ack, s->last_reply, s->last_reply_len);
	assert_int_equal(lease.proxy_ack_len, 0);
	/* The interface is configured; the client's work is done. */
	assert_int_equal(nif.ip, ip4(10, 0, 0, 50));
	assert_int_equal(nif.netmask, ip4(255, 255, 255, 0));
	assert_int_equal(nif.gateway, ip4(10, 0, 0, 254));
	assert_int_equal(client->state, DHCP_STATE_BOUND);
	assert_string_equal(client->error, "");
}

/* Option 66/67 override the fixed fields; an EFI client says so in 60/93/94. */
static void test_options_override_and_efi(void **state)
{
	(void)state;
	struct sim_server *s = add_server(1, ip4(10, 0, 0, 51));
	s->siaddr = ip4(10, 0, 0, 2);
	s->file = "ignored.0";
	s->opt66 = "10.0.0.9";
	s->opt67 = "efi/wireboot.efi";
	cfg.client_arch = DHCP_ARCH_EFI_X64;
	cfg.uuid = NULL;
	assert_int_equal(run(), 0);
	assert_int_equal(lease.tftp_server, ip4(10, 0, 0, 9));
	assert_string_equal(lease.tftp_server_name, "10.0.0.9");
	assert_string_equal(lease.boot_file, "efi/wireboot.efi");
	collect_sent();
	char vc[64];
	assert_int_equal(dhcp_get_string(&sent[0].pkt, DHCP_OPT_VENDOR_CLASS, vc, sizeof(vc)), 0);
	assert_string_equal(vc, "PXEClient:Arch:00007:UNDI:003016");
	uint16_t arch;
	assert_int_equal(dhcp_get_u16(&sent[0].pkt, DHCP_OPT_CLIENT_ARCH, &arch), 0);
	assert_int_equal(arch, 7);
	size_t len;
	const uint8_t *ndi = dhcp_get_option(&sent[0].pkt, DHCP_OPT_CLIENT_NDI, &len);
	assert_memory_equal(ndi, "\x01\x03\x10", 3);
	assert_false(dhcp_has_option(&sent[0].pkt, DHCP_OPT_CLIENT_UUID));
}

/* Two DISCOVERs are lost: retransmissions 1 s and 2 s (+ up to 25%) apart. */
static void test_lost_offers_backoff(void **state)
{
	(void)state;
	struct sim_server *s = add_server(1, ip4(10, 0, 0, 50));
	s->file = "pxelinux.0";
	s->ignore_discovers = 2;
	uint64_t start = fake_time_us;
	assert_int_equal(run(), 0);
	collect_sent();
	assert_int_equal(nsent, 4); /* 3 DISCOVERs, 1 REQUEST */
	for (int i = 0; i < 3; i++) {
		assert_int_equal(dhcp_msg_type(&sent[i].pkt), DHCPDISCOVER);
		assert_int_equal(sent[i].pkt.xid, sent[0].pkt.xid);
	}
	assert_true(sent[0].time_us - start < 2000);
	uint64_t gap1 = sent[1].time_us - sent[0].time_us, gap2 = sent[2].time_us - sent[1].time_us;
	assert_true(gap1 >= 1000000 && gap1 <= 1252000);
	assert_true(gap2 >= 2000000 && gap2 <= 2502000);
	/* secs counts from the start. */
	assert_int_equal(sent[0].pkt.secs, 0);
	assert_int_equal(sent[2].pkt.secs, (sent[2].time_us - start) / 1000000);
	assert_true(sent[2].pkt.secs >= 3);
	assert_int_equal(dhcp_msg_type(&sent[3].pkt), DHCPREQUEST);
	assert_int_equal(lease.client_ip, ip4(10, 0, 0, 50));
}

/* Nobody answers: WB_ENOOFFER after 4 DISCOVERs and 1+2+4+8 s (+ jitter), NIC named. */
static void test_no_offer(void **state)
{
	(void)state;
	uint64_t start = fake_time_us;
	assert_int_equal(run(), -WB_ENOOFFER);
	uint64_t took = fake_time_us - start;
	assert_true(took >= 15000000 && took <= 18760000);
	collect_sent();
	assert_int_equal(nsent, 4);
	uint64_t base = 1000000;
	for (int i = 1; i < 4; i++, base *= 2) {
		uint64_t gap = sent[i].time_us - sent[i - 1].time_us;
		assert_true(gap >= base && gap <= base + base / 4 + 2000);
	}
	assert_non_null(strstr(client->error, "no DHCP offer on eth0 (52:54:00:12:34:56) after 4 tries"));
	assert_int_equal(client->state, DHCP_STATE_FAILED);
	assert_int_equal(nif.ip, 0);
	/* Asking again returns the same result. */
	assert_int_equal(dhcp_client_step(client), -WB_ENOOFFER);
}

/* A fast address-only server and a slower one with boot info: the boot info wins. */
static void test_two_servers_prefer_boot_info(void **state)
{
	(void)state;
	struct sim_server *a = add_server(1, ip4(10, 0, 0, 60));
	a->delay_ms = 1;
	struct sim_server *b = add_server(2, ip4(10, 0, 0, 70));
	b->siaddr = ip4(10, 0, 0, 2);
	b->file = "wireboot.pxe";
	b->delay_ms = 300;
	assert_int_equal(run(), 0);
	assert_int_equal(a->requests, 0);
	assert_int_equal(b->requests, 1);
	assert_int_equal(lease.client_ip, ip4(10, 0, 0, 70));
	assert_int_equal(lease.server_id, ip4(10, 0, 0, 2));
	assert_string_equal(lease.boot_file, "wireboot.pxe");
}

/* Two address-only servers: the first offer is taken once DHCP_OFFER_WAIT_MS has passed. */
static void test_two_servers_first_offer(void **state)
{
	(void)state;
	struct sim_server *a = add_server(1, ip4(10, 0, 0, 60));
	a->delay_ms = 5;
	struct sim_server *b = add_server(2, ip4(10, 0, 0, 70));
	b->delay_ms = 20;
	uint64_t start = fake_time_us;
	assert_int_equal(run(), 0);
	assert_int_equal(a->requests, 1);
	assert_int_equal(b->requests, 0);
	assert_int_equal(lease.client_ip, ip4(10, 0, 0, 60));
	collect_sent();
	assert_int_equal(nsent, 2);
	uint64_t wait = sent[1].time_us - start;
	assert_true(wait >= 5000 + DHCP_OFFER_WAIT_MS * 1000ull && wait <= 5000 + DHCP_OFFER_WAIT_MS * 1000ull + 5000);
	/* Without boot information the TFTP server falls back to the DHCP server. */
	assert_int_equal(lease.tftp_server, ip4(10, 0, 0, 1));
	assert_string_equal(lease.boot_file, "");
}

/* proxyDHCP: address from the DHCP server, boot info from the proxy via port 4011. */
static void test_proxy_dhcp_with_binl(void **state)
{
	(void)state;
	struct sim_server *d = add_server(1, ip4(10, 0, 0, 80));
	struct sim_server *p = add_proxy();
	p->binl_file = "boot/wireboot.0";
	p->delay_ms = 10;
	assert_int_equal(run(), 0);
	assert_int_equal(d->requests, 1);
	assert_int_equal(p->binl_requests, 1);
	collect_sent();
	assert_int_equal(nsent, 3);
	/* The port 4011 request: unicast to the proxy, from our new address, port 68. */
	struct sent *b = &sent[2];
	assert_int_equal(dhcp_msg_type(&b->pkt), DHCPREQUEST);
	assert_memory_equal(b->frame.dst_mac, p->mac, 6);
	assert_int_equal(b->frame.dst, ip4(10, 0, 0, 3));
	assert_int_equal(b->frame.src, ip4(10, 0, 0, 80));
	assert_int_equal(b->frame.dport, PXE_BINL_PORT);
	assert_int_equal(b->frame.sport, 68);
	assert_int_equal(b->pkt.ciaddr, ip4(10, 0, 0, 80));
	assert_int_equal(b->pkt.flags, 0);
	/* It asks for the proxy's first non-local menu item (type 0x8001), layer 0. */
	size_t len, sl;
	const uint8_t *v = dhcp_get_option(&b->pkt, DHCP_OPT_VENDOR, &len);
	assert_non_null(v);
	const uint8_t *item = dhcp_find_suboption(v, len, PXE_VENDOR_BOOT_ITEM, &sl);
	assert_non_null(item);
	assert_int_equal(sl, 4);
	assert_memory_equal(item, "\x80\x01\x00\x00", 4);

	assert_int_equal(lease.client_ip, ip4(10, 0, 0, 80));
	assert_int_equal(lease.server_id, ip4(10, 0, 0, 1));
	assert_int_equal(lease.gateway, ip4(10, 0, 0, 254));
	assert_true(lease.boot_from_proxy);
	assert_int_equal(lease.proxy_server, ip4(10, 0, 0, 3));
	assert_string_equal(lease.boot_file, "boot/wireboot.0");
	assert_int_equal(lease.tftp_server, ip4(10, 0, 0, 3));
	assert_int_equal(lease.proxy_ack_len, p->last_reply_len);
	assert_memory_equal(lease.proxy_ack, p->last_reply, p->last_reply_len);
	assert_int_equal(lease.ack_len, d->last_reply_len);
	assert_memory_equal(lease.ack, d->last_reply, d->last_reply_len);
}

/* A proxy offer that already names the boot file: no port 4011 step. */
static void test_proxy_dhcp_with_file(void **state)
{
	(void)state;
	struct sim_server *d = add_server(1, ip4(10, 0, 0, 80));
	d->delay_ms = 10;
	struct sim_server *p = add_proxy();
	p->file = "proxy/pxelinux.0";
	p->delay_ms = 1;
	uint64_t start = fake_time_us;
	assert_int_equal(run(), 0);
	assert_int_equal(p->binl_requests, 0);
	assert_string_equal(lease.boot_file, "proxy/pxelinux.0");
	assert_int_equal(lease.tftp_server, ip4(10, 0, 0, 3));
	assert_true(lease.boot_from_proxy);
	assert_int_equal(lease.client_ip, ip4(10, 0, 0, 80));
	/* With both offers in, the client did not wait for more. */
	assert_true(fake_time_us - start < 100000);
}

/* A proxy that never answers on port 4011: bound anyway, with a warning. */
static void test_proxy_binl_silent(void **state)
{
	(void)state;
	add_server(1, ip4(10, 0, 0, 80));
	struct sim_server *p = add_proxy();
	p->binl_silent = true;
	uint64_t start = fake_time_us;
	assert_int_equal(run(), 0);
	assert_int_equal(p->binl_requests, 4);
	assert_true(fake_time_us - start >= 15000000);
	assert_non_null(strstr(client->error, "did not answer on port 4011"));
	assert_int_equal(lease.client_ip, ip4(10, 0, 0, 80));
	assert_true(lease.boot_from_proxy);
}

/* A plain BOOTP server: bound on its reply, no REQUEST. */
static void test_bootp_reply(void **state)
{
	(void)state;
	struct sim_server *s = add_server(1, ip4(192, 168, 5, 20));
	s->siaddr = ip4(192, 168, 5, 1);
	s->file = "boot/bzImage";
	s->bootp = true;
	assert_int_equal(run(), 0);
	assert_int_equal(s->requests, 0);
	collect_sent();
	assert_int_equal(nsent, 1);
	assert_true(lease.bootp);
	assert_int_equal(lease.client_ip, ip4(192, 168, 5, 20));
	assert_int_equal(lease.netmask, ip4(255, 255, 255, 0)); /* classful default */
	assert_int_equal(lease.tftp_server, ip4(192, 168, 5, 1));
	assert_int_equal(lease.server_id, ip4(192, 168, 5, 1));
	assert_string_equal(lease.boot_file, "boot/bzImage");
	assert_int_equal(nif.ip, ip4(192, 168, 5, 20));
}

/* Option 67 delivered inside the `file` field (option 52). */
static void test_overloaded_ack(void **state)
{
	(void)state;
	struct sim_server *s = add_server(1, ip4(10, 0, 0, 50));
	s->siaddr = ip4(10, 0, 0, 1);
	s->overload = true;
	assert_int_equal(run(), 0);
	assert_string_equal(lease.boot_file, "pxelinux.0");
	assert_int_equal(lease.tftp_server, ip4(10, 0, 0, 1));
}

/* A NAK sends the client back to DISCOVER with a new transaction. */
static void test_nak_restarts(void **state)
{
	(void)state;
	struct sim_server *s = add_server(1, ip4(10, 0, 0, 50));
	s->file = "pxelinux.0";
	s->nak_requests = 1;
	assert_int_equal(run(), 0);
	collect_sent();
	assert_int_equal(nsent, 4);
	assert_int_equal(dhcp_msg_type(&sent[0].pkt), DHCPDISCOVER);
	assert_int_equal(dhcp_msg_type(&sent[1].pkt), DHCPREQUEST);
	assert_int_equal(dhcp_msg_type(&sent[2].pkt), DHCPDISCOVER);
	assert_int_equal(dhcp_msg_type(&sent[3].pkt), DHCPREQUEST);
	assert_int_not_equal(sent[2].pkt.xid, sent[0].pkt.xid);
	assert_int_equal(sent[3].pkt.xid, sent[2].pkt.xid);
	assert_int_equal(lease.client_ip, ip4(10, 0, 0, 50));

	/* A server that always says no: -WB_EPROTO after DHCP_MAX_RESTARTS restarts. */
	teardown(NULL);
	setup(NULL);
	s = add_server(1, ip4(10, 0, 0, 50));
	s->nak_requests = 100;
	assert_int_equal(run(), -WB_EPROTO);
	assert_int_equal(s->requests, DHCP_MAX_RESTARTS + 1);
	assert_non_null(strstr(client->error, "NAK"));
}

/* Replies for another client (xid or chaddr) are ignored. */
static void test_foreign_replies_ignored(void **state)
{
	(void)state;
	assert_int_equal(dhcp_client_start(client, &nif, &cfg, &lease), 0);
	assert_int_equal(dhcp_client_step(client), -WB_EAGAIN); /* DISCOVER out, nobody there */
	struct sim_server s = {.ip = ip4(10, 0, 0, 1), .mac = {2, 0, 0, 0, 0, 1},
			       .yiaddr = ip4(10, 0, 0, 50), .file = "x"};
	static struct dhcp_packet req;
	memset(&req, 0, sizeof(req));
	req.xid = client->xid + 1;
	memcpy(req.chaddr, fd.dev.mac, 6);
	server_reply(&s, &req, DHCPOFFER, false);
	req.xid = client->xid;
	req.chaddr[5] ^= 1;
	server_reply(&s, &req, DHCPOFFER, false);
	fake_time_advance_ms(10);
	net_poll(&nif);
	assert_int_equal(fd.rx_count, 0);
	assert_int_equal(dhcp_client_step(client), -WB_EAGAIN);
	assert_int_equal(client->offer_len, 0);
	/* The right one is taken. */
	req.chaddr[5] ^= 1;
	server_reply(&s, &req, DHCPOFFER, false);
	fake_time_advance_ms(10);
	net_poll(&nif);
	assert_int_equal(client->offer_len, s.last_reply_len);
	assert_int_equal(client->offer_ip, ip4(10, 0, 0, 50));
}

/* The firmware's cached ACK becomes the same lease, without traffic. */
static void test_cached_ack(void **state)
{
	(void)state;
	struct sim_server *s = add_server(1, ip4(10, 0, 0, 50));
	s->siaddr = ip4(10, 0, 0, 2);
	s->file = "pxelinux.0";
	assert_int_equal(run(), 0);
	static struct dhcp_lease cached;
	assert_int_equal(dhcp_lease_from_ack(lease.ack, lease.ack_len, &cached), 0);
	assert_int_equal(cached.client_ip, lease.client_ip);
	assert_int_equal(cached.netmask, lease.netmask);
	assert_int_equal(cached.gateway, lease.gateway);
	assert_int_equal(cached.server_id, lease.server_id);
	assert_int_equal(cached.tftp_server, lease.tftp_server);
	assert_string_equal(cached.boot_file, lease.boot_file);
	assert_string_equal(cached.config_file, lease.config_file);
	assert_int_equal(cached.ack_len, lease.ack_len);

	unsigned before = fd.tx_total;
	struct netif other;
	netif_init(&other, &fd.dev);
	dhcp_lease_apply(&other, &cached);
	assert_int_equal(other.ip, ip4(10, 0, 0, 50));
	assert_int_equal(other.gateway, ip4(10, 0, 0, 254));
	assert_int_equal(fd.tx_total, before);

	/* A DISCOVER (no address) is not a usable cached packet; garbage is a parse error. */
	collect_sent();
	uint8_t buf[DHCP_MAX_LEN];
	struct dhcp_builder b;
	dhcp_build_start(&b, buf, sizeof(buf), &sent[0].pkt);
	dhcp_build_u8(&b, DHCP_OPT_MSG_TYPE, DHCPDISCOVER);
	int n = dhcp_build_finish(&b);
	assert_int_equal(dhcp_lease_from_ack(buf, (size_t)n, &cached), -WB_EPROTO); /* a request */
	buf[0] = BOOTP_REPLY;
	assert_int_equal(dhcp_lease_from_ack(buf, (size_t)n, &cached), -WB_ENOENT);
	assert_int_equal(dhcp_lease_from_ack(buf, 100, &cached), -WB_ETRUNCATED);
}

/* The blocking wrapper gives the same result. */
static void test_dhcp_configure(void **state)
{
	(void)state;
	struct sim_server *s = add_server(1, ip4(10, 0, 0, 50));
	s->file = "pxelinux.0";
	static struct dhcp_lease l;
	assert_int_equal(dhcp_configure(&nif, &cfg, &l), 0);
	assert_int_equal(l.client_ip, ip4(10, 0, 0, 50));
	assert_int_equal(nif.ip, ip4(10, 0, 0, 50));
	assert_null(nif.udp_socks); /* port 68 released */
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_full_exchange),
		T(test_options_override_and_efi),
		T(test_lost_offers_backoff),
		T(test_no_offer),
		T(test_two_servers_prefer_boot_info),
		T(test_two_servers_first_offer),
		T(test_proxy_dhcp_with_binl),
		T(test_proxy_dhcp_with_file),
		T(test_proxy_binl_silent),
		T(test_bootp_reply),
		T(test_overloaded_ack),
		T(test_nak_restarts),
		T(test_foreign_replies_ignored),
		T(test_cached_ack),
		T(test_dhcp_configure),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
