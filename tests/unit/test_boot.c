// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * loaders/boot.c and loaders/shell.c: the whole sequence against a scripted DHCP + TFTP
 * server (and ICMP echo) behind the fake netdev, with a fake serial console that types keys
 * when given text has appeared, on the fake clock.  platform_boot() is the fake platform's:
 * a hook inspects the plan while it is valid and fails the boot, as a firmware whose kernel
 * returned would.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/byteorder.h"
#include "core/console.h"
#include "core/errors.h"
#include "core/platform.h"
#include "core/sha256.h"
#include "loaders/boot.h"
#include "loaders/boot_plan.h"
#include "net/checksum.h"
#include "net/dhcp_packet.h"
#include "net/tftp_client.h"
#include "net/tftp_packet.h"
#include "tests/unit/fake_console.h"
#include "tests/unit/fake_netdev.h"
#include "tests/unit/fake_platform.h"

#define KEY_ESC "\x1b"
#define KEY_DOWN_S "\x81" /* in key scripts: bytes from 0x80 are KEY_UP + (byte - 0x80) */

static const uint8_t server_mac[6] = { 0x52, 0x54, 0x00, 0xaa, 0xbb, 0xcc };
static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
#define MAC_CFG "pxelinux.cfg/01-52-54-00-12-34-56"

/* ---- the scripted servers ---------------------------------------------------------------- */

struct file {
	const char *name;
	const uint8_t *data;
	size_t len;
};

struct xfer {
	const struct file *f;
	uint16_t tid, client_port;
	uint32_t blksize;
	uint32_t nblocks; /* the last one shorter than blksize (maybe empty) */
};

static struct {
	uint32_t ip, client_ip;
	const char *boot_file;
	struct file files[16];
	int nfiles;
	char rrq[64][128]; /* file names asked for, in order */
	int nrrq;
	struct xfer xfers[16];
	int nxfers;
	unsigned discovers, requests, pings;
	const char *tftp_name;     /* option 66 as this host name; DNS (option 6) is srv.ip */
	uint32_t name_addrs[2];    /* what DNS answers for it */
} srv;

static struct fake_netdev fd;

static void send_udp(uint16_t sport, uint32_t dst, const uint8_t *dmac, uint16_t dport,
		     const void *payload, size_t len)
{
	uint8_t frame[ETH_FRAME_MAX];
	size_t n = fake_build_udp(frame, dmac, server_mac, srv.ip, dst, sport, dport, payload, len);
	fake_netdev_inject(&fd, frame, n);
}

static void add_file(const char *name, const void *data, size_t len)
{
	assert_true(srv.nfiles < 16);
	srv.files[srv.nfiles++] = (struct file){ name, data, len };
}

static void add_text(const char *name, const char *text) { add_file(name, text, strlen(text)); }

static void dhcp_answer(const struct fake_parsed *p)
{
	static struct dhcp_packet req, h;
	if (dhcp_parse(p->payload, p->payload_len, &req))
		return;
	int type = dhcp_msg_type(&req);
	if (type != DHCPDISCOVER && type != DHCPREQUEST)
		return;
	type == DHCPDISCOVER ? srv.discovers++ : srv.requests++;
	memset(&h, 0, sizeof(h));
	h.op = BOOTP_REPLY;
	h.htype = 1;
	h.hlen = 6;
	h.xid = req.xid;
	h.flags = req.flags;
	memcpy(h.chaddr, req.chaddr, 16);
	h.yiaddr = srv.client_ip;
	h.siaddr = srv.ip;
	strcpy(h.file, srv.boot_file);
	uint8_t buf[DHCP_MAX_LEN];
	struct dhcp_builder b;
	dhcp_build_start(&b, buf, sizeof(buf), &h);
	dhcp_build_u8(&b, DHCP_OPT_MSG_TYPE, type == DHCPDISCOVER ? DHCPOFFER : DHCPACK);
	dhcp_build_ipv4(&b, DHCP_OPT_SERVER_ID, srv.ip);
	dhcp_build_ipv4(&b, DHCP_OPT_SUBNET_MASK, fake_ip(255, 255, 255, 0));
	dhcp_build_ipv4(&b, DHCP_OPT_ROUTER, fake_ip(10, 0, 0, 254));
	dhcp_build_u32(&b, DHCP_OPT_LEASE_TIME, 3600);
	if (srv.tftp_name) {
		dhcp_build_string(&b, DHCP_OPT_TFTP_SERVER, srv.tftp_name);
		dhcp_build_ipv4(&b, DHCP_OPT_DNS, srv.ip);
	}
	int n = dhcp_build_finish(&b);
	assert_true(n > 0);
	send_udp(67, 0xffffffff, bcast, 68, buf, (size_t)n);
}

/* DNS: srv.name_addrs as the A records of whatever was asked (the question echoed). */
static void dns_answer(const struct fake_parsed *p)
{
	uint8_t msg[512];
	if (p->payload_len < 17 || p->payload_len > sizeof(msg) - 32)
		return;
	memcpy(msg, p->payload, p->payload_len);
	msg[2] = 0x81;
	msg[3] = 0x80;
	put_be16(msg + 6, 2);
	size_t n = p->payload_len;
	for (int i = 0; i < 2; i++) {
		static const uint8_t rr[] = { 0xc0, 12, 0, 1, 0, 1, 0, 0, 1, 0, 0, 4 };
		memcpy(msg + n, rr, sizeof(rr));
		memcpy(msg + n + sizeof(rr), &srv.name_addrs[i], 4);
		n += sizeof(rr) + 4;
	}
	send_udp(53, srv.client_ip, fd.dev.mac, p->sport, msg, n);
}

static void send_data(struct xfer *x, uint32_t block)
{
	static uint8_t pkt[4 + 1500];
	size_t off = (size_t)(block - 1) * x->blksize;
	size_t n = off + x->blksize <= x->f->len ? x->blksize : x->f->len - off;
	tftp_build_data_header(pkt, sizeof(pkt), (uint16_t)block);
	memcpy(pkt + 4, x->f->data + off, n);
	send_udp(x->tid, srv.client_ip, fd.dev.mac, x->client_port, pkt, 4 + n);
}

/* An RRQ: ERROR 1, or OACK (blksize <= 1024, tsize) / DATA 1 for a plain request. */
static void tftp_rrq(const struct fake_parsed *p)
{
	struct tftp_packet rq;
	uint8_t pkt[512];
	if (tftp_parse(p->payload, p->payload_len, &rq) || rq.opcode != TFTP_RRQ)
		return;
	assert_true(srv.nrrq < 64);
	snprintf(srv.rrq[srv.nrrq++], sizeof(srv.rrq[0]), "%s", rq.filename);
	uint16_t tid = (uint16_t)(40000 + srv.nrrq);
	const struct file *f = NULL;
	for (int i = 0; i < srv.nfiles; i++)
		if (!strcmp(srv.files[i].name, rq.filename))
			f = &srv.files[i];
	if (!f) {
		int n = tftp_build_error(pkt, sizeof(pkt), TFTP_ERR_NOT_FOUND, "File not found");
		send_udp(tid, srv.client_ip, fd.dev.mac, p->sport, pkt, (size_t)n);
		return;
	}
	assert_true(srv.nxfers < 16);
	struct xfer *x = &srv.xfers[srv.nxfers++];
	*x = (struct xfer){ .f = f, .tid = tid, .client_port = p->sport, .blksize = 512 };
	if (rq.opts.blksize || rq.opts.has_tsize) {
		struct tftp_options o = { 0 };
		if (rq.opts.blksize)
			o.blksize = x->blksize = rq.opts.blksize < 1024 ? rq.opts.blksize : 1024;
		o.tsize = f->len;
		o.has_tsize = rq.opts.has_tsize;
		x->nblocks = (uint32_t)(f->len / x->blksize + 1);
		int n = tftp_build_oack(pkt, sizeof(pkt), &o);
		send_udp(tid, srv.client_ip, fd.dev.mac, p->sport, pkt, (size_t)n);
	} else {
		x->nblocks = (uint32_t)(f->len / x->blksize + 1);
		send_data(x, 1);
	}
}

static void tftp_ack(const struct fake_parsed *p)
{
	struct tftp_packet ack;
	if (tftp_parse(p->payload, p->payload_len, &ack) || ack.opcode != TFTP_ACK)
		return;
	for (int i = 0; i < srv.nxfers; i++) {
		struct xfer *x = &srv.xfers[i];
		if (x->tid == p->dport && x->client_port == p->sport && ack.block < x->nblocks)
			send_data(x, ack.block + 1u);
	}
}

static void icmp_echo(const struct fake_parsed *p)
{
	uint8_t icmp[ETH_FRAME_MAX], frame[ETH_FRAME_MAX];
	size_t len = p->ip_payload_len;
	if (len < 8 || len > sizeof(icmp) || p->ip_payload[0] != 8)
		return;
	srv.pings++;
	memcpy(icmp, p->ip_payload, len);
	icmp[0] = 0; /* echo reply */
	put_be16(icmp + 2, 0);
	put_be16(icmp + 2, inet_checksum(icmp, len));
	size_t n = fake_build_ipv4(frame, fd.dev.mac, server_mac, srv.ip, p->src, 1, 7, 0x4000,
				   icmp, len);
	fake_netdev_inject(&fd, frame, n);
}

/* Everything the client sends passes here: ARP, DHCP, TFTP, ping. */
static void segment(struct fake_netdev *d, const uint8_t *frame, size_t len)
{
	(void)d;
	struct fake_parsed p;
	if (fake_parse(frame, len, &p))
		return;
	if (p.ethertype == 0x0806) {
		if (p.arp_op == 1 && p.arp_tpa == srv.ip) {
			uint8_t reply[64];
			size_t n = fake_build_arp(reply, p.arp_sha, 2, server_mac, srv.ip, p.arp_sha,
						  p.arp_spa);
			fake_netdev_inject(&fd, reply, n);
		}
		return;
	}
	if (p.proto == 1 && p.dst == srv.ip)
		icmp_echo(&p);
	if (p.proto != 17)
		return;
	if (p.dport == 67)
		dhcp_answer(&p);
	else if (p.dport == 53 && p.dst == srv.ip)
		dns_answer(&p);
	else if (p.dport == 69 && p.dst == srv.ip)
		tftp_rrq(&p);
	else if (p.dst == srv.ip)
		tftp_ack(&p);
}

/* ---- the console: records output, types a script --------------------------------------- */

struct step {
	const char *after; /* type `keys` once this text has appeared (after the previous one) */
	const char *keys;
};

static int con_getkey(struct console_sink *sink);

static struct fake_sink con = FAKE_SINK("serial", CONSOLE_SERIAL, con_getkey);

/* Where the key script stands. */
static struct {
	const struct step *script;
	size_t step, key, from;
	uint64_t start_us;
} typing;

static int con_getkey(struct console_sink *sink)
{
	(void)sink;
	if (fake_time_us - typing.start_us > 3600ull * 1000000)
		fail_msg("still waiting for keys after an hour of fake time:\n%s", con.out);
	const struct step *st = typing.script ? &typing.script[typing.step] : NULL;
	if (st && st->after) {
		const char *hit = strstr(con.out + typing.from, st->after);
		if (hit) {
			unsigned char c = (unsigned char)st->keys[typing.key++];
			if (!st->keys[typing.key]) {
				typing.from = (size_t)(hit - con.out) + strlen(st->after);
				typing.step++;
				typing.key = 0;
			}
			return c >= 0x80 ? KEY_UP + (c - 0x80) : c;
		}
	}
	fake_time_advance_ms(1);
	return KEY_NONE;
}

/* Occurrences of text in the console output. */
static int count(const char *text)
{
	int n = 0;
	for (const char *p = con.out; (p = strstr(p, text)); p++)
		n++;
	return n;
}

/* ---- images ------------------------------------------------------------------------------ */

#define KERNEL_LEN (5 * 512 + 6000)

/* A bzImage header (protocol 2.15, 64-bit, relocatable, initrd below 2 GiB) + bytes. */
static uint8_t *make_kernel(void)
{
	static uint8_t k[KERNEL_LEN];
	for (size_t i = 0; i < sizeof(k); i++)
		k[i] = (uint8_t)(i * 7 + 3);
	memset(k + 0x1F1, 0, 0x270 - 0x1F1);
	k[0x1F1] = 4; /* setup_sects */
	put_le32(k + 0x1F4, (6000 + 15) / 16);
	put_le16(k + 0x1FE, 0xAA55);
	k[0x200] = 0xEB;
	k[0x201] = 0x6A;
	memcpy(k + 0x202, "HdrS", 4);
	put_le16(k + 0x206, 0x020F);
	k[0x211] = 0x01; /* LOADED_HIGH */
	put_le32(k + 0x214, 0x100000);
	put_le32(k + 0x22C, 0x7FFFFFFF); /* initrd_addr_max */
	put_le32(k + 0x230, 0x200000);
	k[0x234] = 1;
	put_le16(k + 0x236, 0x1); /* XLF_KERNEL_64 */
	put_le32(k + 0x238, 2047);
	put_le64(k + 0x258, 0x1000000);
	put_le32(k + 0x260, 0x2000000);
	return k;
}

static uint8_t initrd_a[5000], initrd_b[3000];

/* ---- what platform_boot() saw ------------------------------------------------------------ */

static struct {
	int boots;
	char label[64];
	enum boot_kind kind;
	char program_path[128];
	char cmdline[512];
	char kernel_sha[SHA256_HEX_LEN];
	size_t kernel_len;
	size_t dhcp_ack_len;
	uint64_t initrd_phys;
	size_t initrd_len;
	size_t nfiles;
	size_t file_off[4], file_len[4];
	bool initrd_ok; /* each part equal to its file, zero gaps */
	struct boot_disk disk;
	enum boot_power power;
	uint32_t ack_yiaddr; /* the DHCP ACK handed to a chained program */
	char module_strings[4][64]; /* MULTIBOOT */
} seen;

static int record_plan(const struct boot_plan *plan)
{
	seen.boots++;
	snprintf(seen.label, sizeof(seen.label), "%s", plan->label);
	seen.kind = plan->kind;
	seen.disk = plan->disk;
	seen.power = plan->power;
	static struct dhcp_packet ack;
	if (plan->dhcp_ack && dhcp_parse(plan->dhcp_ack, plan->dhcp_ack_len, &ack) == 0)
		seen.ack_yiaddr = ack.yiaddr;
	snprintf(seen.program_path, sizeof(seen.program_path), "%s",
		 plan->program_path ? plan->program_path : "");
	snprintf(seen.cmdline, sizeof(seen.cmdline), "%s", plan->cmdline);
	sha256_hex(plan->kernel, plan->kernel_len, seen.kernel_sha);
	seen.kernel_len = plan->kernel_len;
	seen.dhcp_ack_len = plan->dhcp_ack ? plan->dhcp_ack_len : 0;
	seen.initrd_phys = plan->initrd ? platform_phys_addr(plan->initrd) : 0;
	seen.initrd_len = plan->initrd_len;
	seen.nfiles = plan->nfiles;
	seen.initrd_ok = true;
	for (size_t i = 1; plan->kind == BOOT_KIND_MULTIBOOT && i < plan->nfiles && i < 4; i++)
		snprintf(seen.module_strings[i], sizeof(seen.module_strings[i]), "%s",
			 plan->module_strings[i - 1]);
	if (plan->kind == BOOT_KIND_MULTIBOOT)
		return -WB_EIO;
	size_t end = 0;
	for (size_t i = 1; i < plan->nfiles && i < 4; i++) {
		const struct boot_plan_file *f = &plan->files[i];
		seen.file_off[i] = (size_t)(f->data - plan->initrd);
		seen.file_len[i] = f->len;
		for (size_t k = end; k < seen.file_off[i]; k++)
			seen.initrd_ok &= plan->initrd[k] == 0;
		end = seen.file_off[i] + f->len;
	}
	return -WB_EIO; /* "the kernel came back" */
}

/* ---- fixtures ---------------------------------------------------------------------------- */

static struct netdev *devs[1];
static struct boot_report report;

static int setup(void **state)
{
	(void)state;
	memset(&srv, 0, sizeof(srv));
	srv.ip = fake_ip(10, 0, 0, 1);
	srv.client_ip = fake_ip(10, 0, 0, 92);
	srv.boot_file = "pxelinux.0";
	fake_netdev_init(&fd, "eth0", 0x56);
	fd.on_transmit = segment;
	devs[0] = &fd.dev;
	fake_set_netdevs(devs, 1);
	memset(&typing, 0, sizeof(typing));
	typing.start_us = fake_time_us;
	fake_console_attach(&con, NULL);
	memset(&seen, 0, sizeof(seen));
	memset(&report, 0, sizeof(report));
	fake_boot_hook = record_plan;
	fake_local_boot_count = 0;
	fake_images_reset();
	for (size_t i = 0; i < sizeof(initrd_a); i++)
		initrd_a[i] = (uint8_t)(0x41 + i % 23);
	for (size_t i = 0; i < sizeof(initrd_b); i++)
		initrd_b[i] = (uint8_t)(0x61 + i % 19);
	add_file("vmlinuz", make_kernel(), KERNEL_LEN);
	add_file("a.cpio", initrd_a, sizeof(initrd_a));
	add_file("b.cpio", initrd_b, sizeof(initrd_b));
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	if (getenv("TEST_BOOT_DUMP")) /* what the console showed, for debugging */
		fprintf(stderr, "%s\n", con.out);
	fake_console_detach(&con, NULL);
	fake_netdev_free(&fd);
	fake_boot_hook = NULL;
	assert_int_equal(fake_images_live(), 0); /* every image released */
	return 0;
}

static int run(bool no_input, const struct step *script)
{
	struct boot_options o = { .no_input = no_input, .report = &report };
	typing.script = script;
	return boot_run(&o);
}

static void sha_of(const void *data, size_t len, char hex[SHA256_HEX_LEN])
{
	sha256_hex(data, len, hex);
}

/* ---- the sequence -------------------------------------------------------------------------- */

#define TWO_LABELS "default good\n"                                                       \
		   "prompt 1\n"                                                           \
		   "timeout 50\n"                                                         \
		   "label good\n"                                                         \
		   "    kernel vmlinuz\n"                                                 \
		   "    append initrd=a.cpio,b.cpio console=ttyS0,115200\n"               \
		   "label broken\n"                                                       \
		   "    kernel missing-kernel\n"                                          \
		   "    append console=ttyS0\n"

static void test_unattended_to_plan_two_initrds(void **state)
{
	(void)state;
	add_text(MAC_CFG, TWO_LABELS);
	assert_int_equal(run(true, NULL), -WB_EIO);
	assert_int_equal(report.stage, BOOT_STAGE_BOOT);
	assert_string_equal(report.label, "good");
	assert_string_equal(report.error, "booting vmlinuz: input/output error");
	assert_int_equal(report.files, 4); /* config, kernel, two initrds */
	assert_int_equal(srv.discovers, 1);
	assert_int_equal(srv.requests, 1);

	assert_int_equal(seen.boots, 1);
	assert_string_equal(seen.label, "good");
	assert_string_equal(seen.cmdline,
			    "BOOT_IMAGE=vmlinuz initrd=a.cpio,b.cpio console=ttyS0,115200");
	char want[SHA256_HEX_LEN];
	sha_of(make_kernel(), KERNEL_LEN, want);
	assert_string_equal(seen.kernel_sha, want);
	assert_int_equal(seen.kernel_len, KERNEL_LEN);
	/* a at 0, b at the next 4 KiB boundary, zeros between; the image ends below 2 GiB. */
	assert_int_equal(seen.nfiles, 3);
	assert_int_equal(seen.file_off[1], 0);
	assert_int_equal(seen.file_len[1], 5000);
	assert_int_equal(seen.file_off[2], 8192);
	assert_int_equal(seen.file_len[2], 3000);
	assert_int_equal(seen.initrd_len, 8192 + 3000);
	assert_true(seen.initrd_ok);
	assert_int_equal(seen.initrd_phys % 4096, 0);
	assert_true(seen.initrd_phys + seen.initrd_len <= 0x80000000ull);

	/* What the console said, in order. */
	const char *dhcp = strstr(con.out, "dhcp: address 10.0.0.92, TFTP server 10.0.0.1, "
					   "boot file \"pxelinux.0\"\n");
	const char *found = strstr(con.out, MAC_CFG ": found on 10.0.0.1 (");
	const char *label = strstr(con.out, "label: good (after the timeout)\n");
	const char *err = strstr(con.out, "error: booting vmlinuz: input/output error\n");
	assert_non_null(dhcp);
	assert_true(found > dhcp && label > found && err > label);
	assert_null(strstr(con.out, "Press R")); /* unattended runs end without a prompt */
}

/* A label naming a PXE program or an unknown module: the plan's kind, or a clear refusal. */
static void test_pxe_program_plan_and_unknown_module(void **state)
{
	(void)state;
	static const uint8_t nbp[600] = { 0xEB, 0xFE };
	add_text(MAC_CFG, "default chain\nlabel chain\n kernel px/pxelinux.0\n append a=1\n"
			  "label hdt\n kernel hdt.c32\n");
	add_file("px/pxelinux.0", nbp, sizeof(nbp));
	assert_int_equal(run(true, NULL), -WB_EIO);
	assert_int_equal(seen.boots, 1);
	assert_int_equal(seen.kind, BOOT_KIND_PXE);
	assert_string_equal(seen.program_path, "px/pxelinux.0");
	assert_string_equal(seen.cmdline, "a=1");
	assert_int_equal(seen.kernel_len, sizeof(nbp));
	/* the lease wireboot got, for the platform to rewrite for the program */
	assert_int_equal(seen.ack_yiaddr, srv.client_ip);

	struct boot_options o = { .no_input = true, .force_label = "hdt", .report = &report };
	assert_int_equal(boot_run(&o), -WB_ENOTSUP);
	assert_non_null(strstr(report.error, "hdt.c32: COM32 modules cannot run under wireboot; "
					     "built in: menu.c32, vesamenu.c32, chain.c32, reboot.c32, "
					     "poweroff.c32, ifcpu64.c32, config.c32, pxechn.c32, "
					     "mboot.c32"));
}

static bool was_asked_for(const char *name)
{
	for (int i = 0; i < srv.nrrq; i++)
		if (!strcmp(srv.rrq[i], name))
			return true;
	return false;
}

/*
 * ifcpu64.c32 picks a label by CPUID (the fake CPU: 64-bit, then 32-bit); the 64-bit one is
 * CONFIG with a directory: the new file's DEFAULT boots, its kernel fetched under the new
 * prefix.  The 32-bit one is poweroff.c32; chain.c32 makes a DISK plan, printed by no_boot.
 */
static void test_modules_ifcpu64_config_power_chain(void **state)
{
	(void)state;
	add_text(MAC_CFG, "default pick\nlabel pick\n kernel ifcpu64.c32\n append sub -- off\n"
			  "label sub\n config sub/menu.cfg sub\n"
			  "label off\n kernel poweroff.c32\n"
			  "label hd\n com32 chain.c32\n append hd0,2\n"
			  "label loop\n kernel ifcpu64.c32\n append loop -- loop\n");
	add_text("sub/menu.cfg", "default k\nlabel k\n kernel vmlinuz\n append x=1\n");
	add_file("sub/vmlinuz", make_kernel(), KERNEL_LEN);
	assert_int_equal(run(true, NULL), -WB_EIO);
	assert_int_equal(seen.boots, 1);
	assert_int_equal(seen.kind, BOOT_KIND_LINUX);
	assert_string_equal(seen.cmdline, "BOOT_IMAGE=vmlinuz x=1");
	assert_true(was_asked_for("sub/menu.cfg") && was_asked_for("sub/vmlinuz"));
	assert_false(was_asked_for("vmlinuz"));
	assert_non_null(strstr(con.out, "ifcpu64.c32: 64-bit CPU: sub\n"));
	assert_non_null(strstr(con.out, "CONFIG: switching to sub/menu.cfg, directory sub/\n"));

	fake_cpuid_edx_ext = 0;
	memset(&seen, 0, sizeof(seen));
	assert_int_equal(run(true, NULL), -WB_EIO);
	fake_cpuid_edx_ext = 1u << 29;
	assert_int_equal(seen.kind, BOOT_KIND_POWER);
	assert_int_equal(seen.power, BOOT_POWER_OFF);
	assert_non_null(strstr(con.out, "ifcpu64.c32: 32-bit CPU: off\n"));

	struct boot_options o = { .no_input = true, .force_label = "hd", .report = &report };
	memset(&seen, 0, sizeof(seen));
	assert_int_equal(boot_run(&o), -WB_EIO);
	assert_int_equal(seen.kind, BOOT_KIND_DISK);
	assert_int_equal(seen.disk.bios_drive, 0x80);
	assert_int_equal(seen.disk.partition, 2);
	o.no_boot = true;
	assert_int_equal(boot_run(&o), 0);
	assert_non_null(strstr(con.out, "boot plan: label hd, local disk boot\n"
					"  disk: hd0 (BIOS drive 0x80), partition 2's boot record\n"));

	o = (struct boot_options){ .no_input = true, .force_label = "loop", .report = &report };
	assert_int_equal(boot_run(&o), -WB_ELOOP);
	assert_non_null(strstr(report.error, "more than 8 labels chained by modules"));
}

/* An EFI application: its PE machine in the plan and in the report. */
static void test_efi_app_plan_report(void **state)
{
	(void)state;
	static uint8_t pe[0x400];
	pe[0] = 'M';
	pe[1] = 'Z';
	pe[0x3C] = 0x80;
	memcpy(pe + 0x80, "PE\0\0", 4);
	pe[0x84] = 0x64; /* machine 0xAA64: AArch64 */
	pe[0x85] = 0xAA;
	pe[0x84 + 16] = 240; /* optional header size */
	pe[0x98] = 0x0B;     /* PE32+ */
	pe[0x99] = 0x02;
	pe[0x98 + 68] = 10;  /* EFI application */
	add_text(MAC_CFG, "default grub\nlabel grub\n kernel efi/grubaa64.efi\n append -v\n");
	add_file("efi/grubaa64.efi", pe, sizeof(pe));
	struct boot_options o = { .no_input = true, .no_boot = true, .report = &report };
	assert_int_equal(boot_run(&o), 0);
	assert_non_null(strstr(con.out, "boot plan: label grub, EFI application\n"));
	assert_non_null(strstr(con.out, "  EFI application for AArch64 (PE machine 0xaa64), "
					"subsystem 10\n  program: efi/grubaa64.efi, arguments \"-v\"\n"));
	pe[0x98 + 68] = 3; /* a Windows console program is not an EFI image */
	add_file("efi/grubaa64.efi", pe, sizeof(pe));
	assert_int_equal(boot_run(&o), -WB_ENOEXEC);
	assert_non_null(strstr(report.error, "efi/grubaa64.efi: not a usable EFI application"));
}

static void test_pxechn_builtin(void **state)
{
	(void)state;
	static const uint8_t nbp[700] = { 0xEB, 0xFE };
	add_text(MAC_CFG, "default chn\nlabel chn\n kernel pxechn.c32\n append 10.0.0.1::px/x.0\n"
			  "label opt\n kernel pxechn.c32\n append -c cfg x.0\n"
			  "label none\n kernel /boot/pxechn.c32\n"
			  "label named\n kernel pxechn.c32\n append boot::x.0\n"
			  "label extra\n kernel pxechn.c32\n append x.0 -o 66.s=a\n");
	add_file("px/x.0", nbp, sizeof(nbp));
	assert_int_equal(run(true, NULL), -WB_EIO);
	assert_int_equal(seen.boots, 1);
	assert_int_equal(seen.kind, BOOT_KIND_PXE);
	assert_string_equal(seen.program_path, "10.0.0.1::px/x.0");
	assert_string_equal(seen.cmdline, "");
	assert_int_equal(seen.kernel_len, sizeof(nbp));
	assert_true(seen.dhcp_ack_len >= 240); /* the ACK the program's GET_CACHED_INFO returns */

	static const struct { const char *label, *error; } bad[] = {
		{ "opt", "pxechn.c32: options (-c cfg x.0) are not supported: write "
			 "`pxechn.c32 [server::]file`" },
		{ "none", "pxechn.c32: no program named: write `pxechn.c32 [server::]file`" },
		{ "named", "pxechn.c32 boot::x.0: the server before \"::\" must be an IPv4 address" },
		{ "extra", "pxechn.c32: arguments after the file (-o 66.s=a) are not supported: "
			   "write `pxechn.c32 [server::]file`" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct boot_options o = { .no_input = true, .force_label = bad[i].label,
					  .report = &report };
		assert_true(boot_run(&o) < 0);
		assert_string_equal(report.error, bad[i].error);
	}
}

/* mboot.c32 syntax and a Multiboot kernel given to KERNEL: kernel line, module strings. */
static void test_multiboot_plans(void **state)
{
	(void)state;
	static uint8_t mb[4096];
	put_le32(mb, 0x1BADB002u); /* a.out kludge: the file at 1 MiB, entry just after */
	put_le32(mb + 4, 0x10003);
	put_le32(mb + 8, -(0x1BADB002u + 0x10003));
	put_le32(mb + 12, 0x100000);
	put_le32(mb + 16, 0x100000);
	put_le32(mb + 28, 0x100020);
	add_text(MAC_CFG, "default xen\nlabel xen\n kernel mboot.c32\n"
			  " append xen a=1 --- m1 x=2 y---z ---  m2 \n"
			  "label direct\n kernel xen\n append b=2 initrd=m2\n"
			  "label notmb\n kernel mboot.c32\n append vmlinuz --- m1\n"
			  "label none\n kernel mboot.c32\n");
	add_file("xen", mb, sizeof(mb));
	add_text("m1", "module one");
	add_text("m2", "module two!");
	assert_int_equal(run(true, NULL), -WB_EIO);
	assert_int_equal(seen.kind, BOOT_KIND_MULTIBOOT);
	assert_string_equal(seen.cmdline, "xen a=1");
	assert_int_equal(seen.nfiles, 3);
	assert_string_equal(seen.module_strings[1], "m1 x=2 y---z");
	assert_string_equal(seen.module_strings[2], "m2");

	struct boot_options o = { .no_input = true, .force_label = "direct", .report = &report };
	assert_int_equal(boot_run(&o), -WB_EIO);
	assert_string_equal(seen.cmdline, "xen b=2 initrd=m2");
	assert_int_equal(seen.nfiles, 2);
	assert_string_equal(seen.module_strings[1], "m2");
	o.force_label = "notmb";
	assert_int_equal(boot_run(&o), -WB_ENOEXEC);
	assert_string_equal(report.error, "mboot.c32: vmlinuz is not a Multiboot kernel");
	o.force_label = "none";
	assert_int_equal(boot_run(&o), -WB_EINVAL);
	assert_non_null(strstr(report.error, "mboot.c32: no kernel named"));
}

static void test_config_search_order(void **state)
{
	(void)state;
	add_text("pxelinux.cfg/default", "default good\nlabel good\n kernel vmlinuz\n");
	struct boot_options o = { .no_input = true, .no_fetch = true, .no_boot = true,
				  .report = &report };
	assert_int_equal(boot_run(&o), 0);
	assert_int_equal(report.stage, BOOT_STAGE_DONE);
	static const char *const want[] = {
		MAC_CFG, "pxelinux.cfg/0A00005C", "pxelinux.cfg/0A00005", "pxelinux.cfg/0A0000",
		"pxelinux.cfg/0A000", "pxelinux.cfg/0A00", "pxelinux.cfg/0A0", "pxelinux.cfg/0A",
		"pxelinux.cfg/0", "pxelinux.cfg/default",
	};
	assert_int_equal(srv.nrrq, 10);
	const char *at = con.out;
	for (int i = 0; i < 10; i++) {
		char line[128];
		assert_string_equal(srv.rrq[i], want[i]);
		snprintf(line, sizeof(line), "%s: %s on 10.0.0.1", want[i],
			 i < 9 ? "not found" : "found");
		at = strstr(at, line);
		assert_non_null(at);
	}
	assert_non_null(strstr(con.out, "would fetch kernel vmlinuz from 10.0.0.1\n"));
	assert_non_null(strstr(con.out, "cmdline \"BOOT_IMAGE=vmlinuz \"\n"));
	assert_int_equal(seen.boots, 0);
}

static void test_no_config_lists_the_search(void **state)
{
	(void)state;
	assert_int_equal(run(true, NULL), -WB_ENOCONFIG);
	assert_int_equal(report.stage, BOOT_STAGE_CONFIG_SEARCH);
	assert_string_equal(report.error, "no configuration file on 10.0.0.1 (tried 10 names under "
					  "\"\")");
}

static void test_missing_kernel_error(void **state)
{
	(void)state;
	add_text(MAC_CFG, TWO_LABELS "default broken\n"); /* the last DEFAULT counts */
	assert_int_equal(run(true, NULL), -WB_ENOENT);
	assert_int_equal(report.stage, BOOT_STAGE_KERNEL);
	assert_string_equal(report.label, "broken");
	assert_string_equal(report.error, "file not found: missing-kernel on 10.0.0.1");
	assert_non_null(strstr(con.out, "error: file not found: missing-kernel on 10.0.0.1\n"));
	assert_int_equal(seen.boots, 0);
}

static void test_serial_directive_moves_console(void **state)
{
	(void)state;
	int calls = fake_serial_count;
	add_text(MAC_CFG, "SERIAL 1 57600\n" TWO_LABELS);
	run(true, NULL);
	assert_int_equal(fake_serial_count, calls + 1);
	assert_int_equal(fake_serial_port, 1);
	assert_int_equal(fake_serial_baud, 57600);
}

/* CONSOLE 0: nothing more on the video console once the config is read; the serial goes on. */
static void test_console_directive_silences_video(void **state)
{
	(void)state;
	static struct fake_sink video = FAKE_SINK("screen", CONSOLE_VIDEO, NULL);
	fake_console_attach(&video, NULL);
	add_text(MAC_CFG, "CONSOLE 0\n" TWO_LABELS);
	run(true, NULL);
	assert_non_null(strstr(video.out, "pxelinux.cfg/01-"));
	assert_null(strstr(video.out, "label: good"));
	assert_non_null(strstr(con.out, "label: good (after the timeout)\n"));

	/* A config without CONSOLE (1 is the default) turns it back on. */
	srv.files[srv.nfiles - 1].data = (const uint8_t *)TWO_LABELS;
	srv.files[srv.nfiles - 1].len = strlen(TWO_LABELS);
	fake_sink_clear(&video);
	run(true, NULL);
	fake_console_detach(&video, NULL);
	assert_non_null(strstr(video.out, "label: good (after the timeout)\n"));
}

static void test_unattended_menu(void **state)
{
	(void)state;
	/* UI menu.c32 is the default: an unattended client boots the menu's default entry. */
	add_text(MAC_CFG, "UI menu.c32\nTIMEOUT 30\nMENU TITLE Lab\n"
			  "LABEL first\n KERNEL missing-kernel\n"
			  "LABEL second\n MENU DEFAULT\n KERNEL vmlinuz\n APPEND initrd=b.cpio x=2\n");
	assert_int_equal(run(true, NULL), -WB_EIO);
	assert_string_equal(report.label, "second");
	assert_int_equal(seen.boots, 1);
	assert_string_equal(seen.cmdline, "BOOT_IMAGE=vmlinuz initrd=b.cpio x=2");
	assert_int_equal(seen.initrd_len, 3000);
	assert_non_null(strstr(con.out, "label: second (after the timeout)\n"));
}

static void test_server_prefixed_names(void **state)
{
	(void)state;
	/* "::name" is on the boot server, "a.b.c.d::name" on that one; a host name is refused. */
	add_text(MAC_CFG, "default ok\nlabel ok\n kernel ::vmlinuz\n initrd 10.0.0.1::b.cpio\n"
			  "label named\n kernel bootserver::vmlinuz\n");
	assert_int_equal(run(true, NULL), -WB_EIO);
	assert_int_equal(seen.boots, 1);
	assert_string_equal(seen.cmdline, "BOOT_IMAGE=::vmlinuz initrd=10.0.0.1::b.cpio");
	assert_int_equal(seen.initrd_len, 3000);
	assert_string_equal(srv.rrq[1], "vmlinuz");
	assert_string_equal(srv.rrq[2], "b.cpio");

	struct boot_options o = { .no_input = true, .force_label = "named", .report = &report };
	assert_int_equal(boot_run(&o), -WB_ENOTSUP);
	assert_string_equal(report.error, "bootserver::vmlinuz: write the server as a.b.c.d::path "
					  "or tftp://a.b.c.d/path or tftp://[IPv6 address]/path");
}

/*
 * Option 66 as a host name with two addresses: DNS resolves it, the first address does not
 * answer ARP, so the boot server becomes the second, with a line saying so.
 */
static void test_option66_name_next_address(void **state)
{
	(void)state;
	srv.tftp_name = "boot.lab";
	srv.name_addrs[0] = fake_ip(10, 0, 0, 7);
	srv.name_addrs[1] = srv.ip;
	add_text(MAC_CFG, "default ok\nlabel ok\n kernel vmlinuz\n initrd b.cpio\n");
	assert_int_equal(run(true, NULL), -WB_EIO);
	assert_int_equal(seen.boots, 1);
	assert_int_equal(seen.initrd_len, 3000);
	assert_non_null(strstr(con.out, "DNS: boot.lab is 10.0.0.7, 10.0.0.1\n"));
	assert_non_null(strstr(con.out, ": no ARP reply from 10.0.0.7: trying 10.0.0.1, the next "
					"address of boot.lab\n"));
	assert_int_equal(count("trying 10.0.0.1"), 1); /* then it stays the boot server */
}

/* ---- with someone at the keyboard ---------------------------------------------------------- */

static void test_typed_label_fails_then_prompt_again(void **state)
{
	(void)state;
	add_text(MAC_CFG, TWO_LABELS);
	static const struct step script[] = {
		{ "boot: ", "broken\r" },
		{ "boot: ", "good\r" },     /* the prompt came back after the error */
		{ "boot: ", KEY_ESC },      /* and again after the "kernel came back" */
		{ "wireboot> ", "localboot\r" },
		{ NULL, NULL },
	};
	assert_int_equal(run(false, script), -WB_ENOTSUP);
	const char *err = strstr(con.out, "error: file not found: missing-kernel on 10.0.0.1\n");
	assert_non_null(err);
	assert_non_null(strstr(err, "boot: "));
	assert_int_equal(seen.boots, 1);
	assert_string_equal(seen.label, "good");
	assert_int_equal(fake_local_boot_count, 1);
	assert_null(strstr(con.out, "Press R")); /* the choices were made at the keyboard */
}

static void test_menu_arrow_and_enter(void **state)
{
	(void)state;
	add_text(MAC_CFG, "UI menu.c32\nTIMEOUT 50\nMENU TITLE Lab\n"
			  "LABEL first\n KERNEL vmlinuz\n APPEND one\n"
			  "LABEL second\n KERNEL vmlinuz\n APPEND two\n");
	static const struct step script[] = {
		{ "Automatic boot in 5 seconds", KEY_DOWN_S "\r" },
		{ "Automatic boot in", KEY_ESC }, /* the menu is back: Esc to boot: */
		{ "boot: ", KEY_ESC },
		{ "wireboot> ", "localboot 1\r" },
		{ NULL, NULL },
	};
	assert_int_equal(run(false, script), -WB_ENOTSUP);
	assert_int_equal(seen.boots, 1);
	assert_string_equal(seen.cmdline, "BOOT_IMAGE=vmlinuz two");
	assert_non_null(strstr(con.out, "Selected: 2. second\n"));
	assert_int_equal(fake_local_boot_type, 1);
}

static void test_onerror_then_error_prompt(void **state)
{
	(void)state;
	add_text(MAC_CFG, "default broken\nonerror rescue\nlabel broken\n kernel missing-kernel\n"
			  "label rescue\n kernel vmlinuz\n append rescue=1\n");
	static const struct step script[] = {
		{ "Press R to retry, M for the menu, S for the shell, L to boot from the next "
		  "device (retrying in 30 s)\n", "l" },
		{ NULL, NULL },
	};
	assert_int_equal(run(false, script), -WB_EIO);
	assert_non_null(strstr(con.out, "error: file not found: missing-kernel on 10.0.0.1\n"
					"ONERROR: vmlinuz rescue=1 broken\n"));
	assert_int_equal(seen.boots, 1);
	assert_string_equal(seen.cmdline, "BOOT_IMAGE=vmlinuz rescue=1 broken");
	assert_int_equal(fake_local_boot_count, 1);
	assert_non_null(strstr(con.out, "local boot failed: not supported\n"));
}

static void test_error_prompt_retries_with_fresh_dhcp(void **state)
{
	(void)state;
	static const struct step script[] = {
		{ "(retrying in 30 s)\n", "r" },
		{ "(retrying in 30 s)\n", "l" },
		{ NULL, NULL },
	};
	/* No configuration at all: the search fails, R runs DHCP and the search again. */
	assert_int_equal(run(false, script), -WB_ENOCONFIG);
	assert_int_equal(srv.discovers, 2);
	assert_int_equal(srv.nrrq, 20);
	assert_int_equal(count("Press R to retry, S for the shell"), 2); /* no menu without config */
}

/* ---- a file source instead of the network stack (wireboot.pxe's PXE TFTP fallback) -------- */

static unsigned source_fetches;

/* Serves srv.files through the tftp_dest, as the PXE ROM's TFTP API would. */
static int source_fetch(const struct tftp_request *req, struct tftp_result *res)
{
	memset(res, 0, sizeof(*res));
	source_fetches++;
	assert_int_equal(req->server.v4, srv.ip);
	assert_true(srv.nrrq < 64);
	snprintf(srv.rrq[srv.nrrq++], sizeof(srv.rrq[0]), "%s", req->filename);
	for (int i = 0; i < srv.nfiles; i++) {
		const struct file *f = &srv.files[i];
		size_t cap;
		if (strcmp(f->name, req->filename))
			continue;
		if (f->len && !(res->data = req->dest.reserve(req->dest.ctx, NULL, 0, f->len, true, &cap)))
			return -WB_ETOOBIG;
		memcpy(res->data, f->data, f->len);
		res->len = f->len;
		return 0;
	}
	snprintf(res->error, sizeof(res->error), "file not found: %s (source)", req->filename);
	return -WB_ENOENT;
}

static void test_file_source_instead_of_the_stack(void **state)
{
	(void)state;
	static const struct boot_file_source source = { "the test source", source_fetch };
	static const struct step script[] = {
		{ "(retrying in 30 s)\n", "r" },
		{ "(retrying in 30 s)\n", "l" },
		{ NULL, NULL },
	};
	/* The firmware's ACK is the lease, also for the retry: no DHCP packet is ever sent. */
	uint8_t ack[DHCP_MAX_LEN];
	struct dhcp_packet h;
	struct dhcp_builder b;
	memset(&h, 0, sizeof(h));
	h.op = BOOTP_REPLY;
	h.htype = 1;
	h.hlen = 6;
	memcpy(h.chaddr, fd.dev.mac, 6);
	h.yiaddr = srv.client_ip;
	h.siaddr = srv.ip;
	strcpy(h.file, "wireboot.pxe");
	dhcp_build_start(&b, ack, sizeof(ack), &h);
	dhcp_build_u8(&b, DHCP_OPT_MSG_TYPE, DHCPACK);
	dhcp_build_ipv4(&b, DHCP_OPT_SERVER_ID, srv.ip);
	int n = dhcp_build_finish(&b);
	assert_true(n > 0);
	add_text(MAC_CFG, "default web\nlabel web\n kernel http://10.0.0.1/vmlinuz\n");
	source_fetches = 0;
	struct boot_options o = { .cached_ack = ack, .cached_ack_len = (size_t)n,
				  .file_source = &source, .report = &report };
	typing.script = script;
	assert_int_equal(boot_run(&o), -WB_ENOTSUP);
	assert_int_equal(srv.discovers + srv.requests, 0);
	assert_int_equal(fd.tx_total, 0);
	assert_non_null(strstr(con.out, "error: http://10.0.0.1/vmlinuz: HTTP is not available "
					"through the test source (TFTP only): name the file without "
					"http://\n"));
	/* The retry found the config again through the source. */
	assert_int_equal(count(MAC_CFG ": found on 10.0.0.1"), 2);
	assert_int_equal(source_fetches, 2);
}

/* Without a usable firmware ACK a file source cannot get a lease: a clear error, no DHCP. */
static void test_file_source_with_a_broken_ack(void **state)
{
	(void)state;
	static const struct boot_file_source source = { "the test source", source_fetch };
	static const uint8_t ack[10] = { BOOTP_REPLY, 1, 6 }; /* far shorter than a BOOTP packet */
	add_text(MAC_CFG, TWO_LABELS);
	source_fetches = 0;
	struct boot_options o = { .cached_ack = ack, .cached_ack_len = sizeof(ack),
				  .file_source = &source, .report = &report, .no_input = true };
	int err = boot_run(&o);
	assert_true(err < 0);
	assert_int_equal(report.err, err);
	assert_int_equal(srv.discovers + srv.requests, 0);
	assert_int_equal(fd.tx_total, 0);
	assert_int_equal(source_fetches, 0);
	assert_non_null(strstr(con.out, "error: the firmware's DHCP reply is unusable ("));
	assert_non_null(strstr(con.out, "), and the test source cannot ask again: check the DHCP "
					"server's reply to the PXE ROM\n"));
}

/* ---- the shell ------------------------------------------------------------------------------ */

static void test_shell_commands(void **state)
{
	(void)state;
	add_text(MAC_CFG, TWO_LABELS);
	add_text("other.cfg", "default other\nlabel other\n kernel vmlinuz\n append from=other\n");
	static const struct step script[] = {
		{ "boot: ", KEY_ESC },
		{ "wireboot> ", "help\r" },
		{ "exit                   back to the menu\n", "show\r" },
		{ "labels: ", "nosuch\r" },
		{ "unknown command", "ping 10.0.0.1 2\r" },
		{ "2 of 2 answered\n", "kernel vmlinuz console=ttyS0 quiet\r" },
		{ "wireboot> ", "initrd b.cpio\r" },
		{ "wireboot> ", "initrd a.cpio\r" },
		{ "wireboot> ", "boot\r" },
		{ "error: booting vmlinuz", "boot good extra=1\r" },
		{ "error: booting vmlinuz", "config other.cfg\r" },
		{ "exit shows its menu\n", "exit\r" },
		{ "boot: ", "\r" }, /* Enter: the new configuration's default */
		{ "error: booting vmlinuz", KEY_ESC },
		{ "wireboot> ", "boot nosuch\r" },
		{ "file not found: nosuch", "localboot\r" },
		{ NULL, NULL },
	};
	assert_int_equal(run(false, script), -WB_ENOTSUP);
	assert_non_null(strstr(con.out, "nic:     eth0, MAC 52:54:00:12:34:56\n"
					"ip:      10.0.0.92 netmask 255.255.255.0 gateway 10.0.0.254\n"
					"server:  10.0.0.1 (TFTP), DHCP server 10.0.0.1\n"
					"lease:   3600 s, boot file \"pxelinux.0\", path prefix \"\"\n"
					"config:  " MAC_CFG "\n"
					"labels:  good broken\n"));
	assert_non_null(strstr(con.out, "nosuch: unknown command (help lists them)\n"));
	assert_non_null(strstr(con.out, "10.0.0.1: seq 1: reply in "));
	assert_int_equal(srv.pings, 2);
	assert_int_equal(seen.boots, 3);
	/* The last boot came from other.cfg; the shell's own and the typed label before it. */
	assert_string_equal(seen.cmdline, "BOOT_IMAGE=vmlinuz from=other");
	assert_non_null(strstr(con.out, "label: vmlinuz\n"));
	assert_non_null(strstr(con.out, "label: good\n"));
	assert_non_null(strstr(con.out, "other.cfg: 61 bytes\n"));
	/* An unknown name is an implicit kernel (IMPLICIT 1), as at boot: */
	assert_non_null(strstr(con.out, "error: file not found: nosuch on 10.0.0.1\n"));
}

static int shell_boot_hook_calls;
static char shell_cmdlines[2][256];

static int record_shell_boot(const struct boot_plan *plan)
{
	if (shell_boot_hook_calls < 2) {
		snprintf(shell_cmdlines[shell_boot_hook_calls], sizeof(shell_cmdlines[0]), "%s",
			 plan->cmdline);
		/* the shell's two initrds, in the order given */
		if (shell_boot_hook_calls == 0) {
			assert_int_equal(plan->nfiles, 3);
			assert_int_equal(plan->files[1].len, 3000);
			assert_int_equal(plan->files[2].len, 5000);
			assert_int_equal(plan->files[2].data - plan->initrd, 4096);
			assert_memory_equal(plan->initrd, initrd_b, 3000);
			assert_memory_equal(plan->initrd + 4096, initrd_a, 5000);
		}
	}
	shell_boot_hook_calls++;
	return record_plan(plan);
}

static void test_shell_kernel_initrd_boot(void **state)
{
	(void)state;
	add_text(MAC_CFG, TWO_LABELS);
	fake_boot_hook = record_shell_boot;
	shell_boot_hook_calls = 0;
	static const struct step script[] = {
		{ "boot: ", KEY_ESC },
		{ "wireboot> ", "kernel vmlinuz console=ttyS0 quiet\r" },
		{ "wireboot> ", "initrd b.cpio\r" },
		{ "wireboot> ", "initrd a.cpio\r" },
		{ "wireboot> ", "boot\r" },
		{ "error: booting vmlinuz", "boot good extra=1\r" },
		{ "error: booting vmlinuz", "localboot\r" },
		{ NULL, NULL },
	};
	assert_int_equal(run(false, script), -WB_ENOTSUP);
	assert_int_equal(shell_boot_hook_calls, 2);
	assert_string_equal(shell_cmdlines[0],
			    "BOOT_IMAGE=vmlinuz initrd=b.cpio,a.cpio console=ttyS0 quiet");
	assert_string_equal(shell_cmdlines[1],
			    "BOOT_IMAGE=vmlinuz initrd=a.cpio,b.cpio console=ttyS0,115200 extra=1");
}

static void test_shell_line_editing(void **state)
{
	(void)state;
	add_text(MAC_CFG, TWO_LABELS);
	static const struct step script[] = {
		{ "boot: ", KEY_ESC },
		{ "wireboot> ", "shox\bw\r" },                /* Backspace */
		{ "labels: ", "garbage\x15" "boot broken\r" }, /* Ctrl-U */
		{ "error: file not found", "exit\r" },
		{ "boot: ", KEY_ESC },
		{ "wireboot> ", "localboot\r" },
		{ NULL, NULL },
	};
	assert_int_equal(run(false, script), -WB_ENOTSUP);
	assert_non_null(strstr(con.out, "wireboot> shox\b \bw\n"));
	assert_non_null(strstr(con.out, "labels:  good broken\n"));
	assert_null(strstr(con.out, "garbage: unknown command"));
	assert_int_equal(count("wireboot shell: help lists the commands"), 2);
	assert_int_equal(seen.boots, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_unattended_to_plan_two_initrds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pxe_program_plan_and_unknown_module, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_modules_ifcpu64_config_power_chain, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_efi_app_plan_report, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pxechn_builtin, setup, teardown),
		cmocka_unit_test_setup_teardown(test_multiboot_plans, setup, teardown),
		cmocka_unit_test_setup_teardown(test_config_search_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_config_lists_the_search, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_kernel_error, setup, teardown),
		cmocka_unit_test_setup_teardown(test_console_directive_silences_video, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unattended_menu, setup, teardown),
		cmocka_unit_test_setup_teardown(test_serial_directive_moves_console, setup, teardown),
		cmocka_unit_test_setup_teardown(test_server_prefixed_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_option66_name_next_address, setup, teardown),
		cmocka_unit_test_setup_teardown(test_typed_label_fails_then_prompt_again, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_menu_arrow_and_enter, setup, teardown),
		cmocka_unit_test_setup_teardown(test_onerror_then_error_prompt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_file_source_instead_of_the_stack, setup, teardown),
		cmocka_unit_test_setup_teardown(test_file_source_with_a_broken_ack, setup, teardown),
		cmocka_unit_test_setup_teardown(test_error_prompt_retries_with_fresh_dhcp, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_shell_commands, setup, teardown),
		cmocka_unit_test_setup_teardown(test_shell_kernel_initrd_boot, setup, teardown),
		cmocka_unit_test_setup_teardown(test_shell_line_editing, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
