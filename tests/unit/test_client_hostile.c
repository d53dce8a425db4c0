// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The client against hostile servers (issue #9): DHCP offers with overlong, malformed and
 * oversized options; TFTP DATA larger than negotiated; OACKs with options never asked for;
 * a server that sends more than its tsize; a bzImage whose setup_sects points past the
 * file; an initrd larger than memory.  Every case must end in a clean error (or a safe,
 * truncated value) and must not write outside the buffers: destinations are allocated with
 * their exact size, so ASan reports a single byte written past one.
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
#include "core/errors.h"
#include "loaders/boot.h"
#include "net/dhcp_client.h"
#include "net/netif.h"
#include "net/tftp_client.h"
#include "net/tftp_packet.h"
#include "tests/unit/fake_netdev.h"
#include "tests/unit/fake_platform.h"

static const uint8_t srv_mac[6] = { 0x52, 0x54, 0x00, 0xaa, 0xbb, 0xcc };
static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

#define SRV_IP fake_ip(10, 0, 0, 1)
#define CLIENT_IP fake_ip(10, 0, 0, 50)
#define FIRST_TID 4000

/* ---- the hostile server: DHCP on 67, TFTP on 69 (lock-step), ARP --------------------------- */

struct file {
	const char *name;
	const uint8_t *data; /* NULL: generated, byte i = pattern(i) */
	uint64_t len;
};

static struct {
	/* DHCP: raw option bytes placed after the usual ones (before END) */
	const uint8_t *extra;
	size_t extra_len;
	bool no_end;            /* the options run to the end of the packet: no END, no padding */
	bool bad_then_good;     /* a malformed offer first, then a good one */
	int offers;
	/* TFTP */
	struct file files[4];
	int nfiles;
	bool oack_always;       /* answer with an OACK even to a request without options */
	uint32_t oack_blksize;  /* 0: echo what was asked, up to one frame's 1468 (as dnsmasq) */
	uint32_t oack_window;   /* put windowsize in the OACK (asked or not) */
	const char *oack_extra; /* one more "name\0value" pair */
	bool tsize_set;
	uint64_t tsize;         /* announced instead of the real size */
	size_t oversize;        /* bytes added to every DATA block beyond the block size */
	/* the transfer in progress */
	const struct file *f;
	uint16_t tid, cport;
	uint32_t blksize;
	bool negotiated;
	uint64_t next;          /* next block to send (64-bit index, 1 = first) */
	size_t last_len;        /* length of the block sent last */
	unsigned rrqs, data_sent, errors_received;
	bool initrd_asked;
	uint16_t last_error;
	char last_error_msg[64];
} S;

static struct fake_netdev fd;
static struct netif nif;

static uint8_t pattern(uint64_t i) { return (uint8_t)(i * 13 + 7 + i / 509); }

static void inject_udp(const uint8_t *dst_mac, uint32_t dst, uint16_t sport, uint16_t dport,
		       const void *payload, size_t len)
{
	uint8_t frame[ETH_FRAME_MAX];
	size_t n = fake_build_udp(frame, dst_mac, srv_mac, SRV_IP, dst, sport, dport, payload, len);
	fake_netdev_inject(&fd, frame, n);
}

static void dhcp_answer(const struct fake_parsed *p)
{
	static struct dhcp_packet req, h;
	assert_int_equal(dhcp_parse(p->payload, p->payload_len, &req), 0);
	int type = dhcp_msg_type(&req) == DHCPDISCOVER ? DHCPOFFER : DHCPACK;
	memset(&h, 0, sizeof(h));
	h.op = BOOTP_REPLY;
	h.htype = 1;
	h.hlen = 6;
	h.xid = req.xid;
	memcpy(h.chaddr, req.chaddr, 16);
	h.yiaddr = CLIENT_IP;
	h.siaddr = SRV_IP;
	strcpy(h.file, "wireboot.pxe");

	for (int round = 0; round < (S.bad_then_good ? 2 : 1); round++) {
		bool hostile = !S.bad_then_good || round == 0;
		uint8_t buf[DHCP_MAX_LEN];
		struct dhcp_builder b;
		dhcp_build_start(&b, buf, sizeof(buf), &h);
		dhcp_build_u8(&b, DHCP_OPT_MSG_TYPE, (uint8_t)type);
		dhcp_build_ipv4(&b, DHCP_OPT_SERVER_ID, SRV_IP);
		dhcp_build_ipv4(&b, DHCP_OPT_SUBNET_MASK, fake_ip(255, 255, 255, 0));
		dhcp_build_u32(&b, DHCP_OPT_LEASE_TIME, 3600);
		size_t n;
		if (hostile && S.extra) {
			assert_true(b.len + S.extra_len + 1 <= sizeof(buf));
			memcpy(buf + b.len, S.extra, S.extra_len);
			b.len += S.extra_len;
		}
		if (hostile && S.no_end) {
			n = b.len;
		} else {
			int r = dhcp_build_finish(&b);
			assert_true(r > 0);
			n = (size_t)r;
		}
		inject_udp(bcast, 0xffffffff, DHCP_SERVER_PORT, DHCP_CLIENT_PORT, buf, n);
	}
	if (type == DHCPOFFER)
		S.offers++;
}

static const struct file *find_file(const char *name)
{
	for (int i = 0; i < S.nfiles; i++)
		if (strcmp(S.files[i].name, name) == 0)
			return &S.files[i];
	return NULL;
}

static void tftp_send(const void *pkt, size_t len)
{
	inject_udp(nif.dev->mac, CLIENT_IP, S.tid, S.cport, pkt, len);
}

static void send_block(void)
{
	static uint8_t pkt[4 + 1468 + 64];
	uint64_t off = (S.next - 1) * S.blksize;
	uint64_t left = S.f->len > off ? S.f->len - off : 0;
	size_t n = left < S.blksize ? (size_t)left : S.blksize;
	if (n == S.blksize)
		n += S.oversize;
	if (n > left)
		n = (size_t)left;
	assert_true(n <= sizeof(pkt) - 4);
	tftp_build_data_header(pkt, sizeof(pkt), (uint16_t)S.next);
	for (size_t i = 0; i < n; i++)
		pkt[4 + i] = S.f->data ? S.f->data[off + i] : pattern(off + i);
	tftp_send(pkt, 4 + n);
	S.last_len = n;
	S.data_sent++;
}

static void tftp_request(const struct fake_parsed *p)
{
	struct tftp_packet req;
	uint8_t pkt[600];
	int n;
	assert_int_equal(tftp_parse(p->payload, p->payload_len, &req), 0);
	assert_int_equal(req.opcode, TFTP_RRQ);
	S.rrqs++;
	S.tid = (uint16_t)(FIRST_TID + S.rrqs);
	S.cport = p->sport;
	S.initrd_asked |= strcmp(req.filename, "big.img") == 0;
	S.f = find_file(req.filename);
	if (!S.f) {
		n = tftp_build_error(pkt, sizeof(pkt), TFTP_ERR_NOT_FOUND, "File not found");
		tftp_send(pkt, (size_t)n);
		return;
	}
	bool options = req.opts.blksize || req.opts.has_tsize || req.opts.windowsize;
	S.blksize = TFTP_DEFAULT_BLKSIZE;
	S.next = 1;
	if (!options && !S.oack_always) {
		send_block();
		return;
	}
	struct tftp_options o = { 0 };
	o.blksize = S.oack_blksize ? S.oack_blksize : req.opts.blksize < 1468 ? req.opts.blksize : 1468;
	o.windowsize = S.oack_window;
	o.has_tsize = true;
	o.tsize = S.tsize_set ? S.tsize : S.f->len;
	if (o.blksize)
		S.blksize = o.blksize;
	n = tftp_build_oack(pkt, sizeof(pkt), &o);
	assert_true(n > 0);
	if (S.oack_extra) { /* "name\0value\0" */
		size_t e = strlen(S.oack_extra) + 1;
		e += strlen(S.oack_extra + e) + 1;
		memcpy(pkt + n, S.oack_extra, e);
		n += (int)e;
	}
	S.next = 0; /* waiting for ACK 0 */
	tftp_send(pkt, (size_t)n);
}

static void tftp_input(const struct fake_parsed *p)
{
	struct tftp_packet pkt;
	if (tftp_parse(p->payload, p->payload_len, &pkt) != 0)
		return;
	if (pkt.opcode == TFTP_ERROR) {
		S.errors_received++;
		S.last_error = pkt.error_code;
		snprintf(S.last_error_msg, sizeof(S.last_error_msg), "%s", pkt.error_msg);
		S.f = NULL;
		return;
	}
	if (pkt.opcode != TFTP_ACK || !S.f)
		return;
	if (pkt.block != (uint16_t)S.next)
		return; /* a repeated ACK: the lock-step server waits for the right one */
	if (S.next && S.last_len < S.blksize) {
		S.f = NULL; /* the last block was acknowledged */
		return;
	}
	S.next++;
	send_block();
}

static void segment(struct fake_netdev *d, const uint8_t *f, size_t len)
{
	struct fake_parsed p;
	(void)d;
	if (fake_parse(f, len, &p))
		return;
	if (p.ethertype == 0x0806 && p.arp_op == 1 && p.arp_tpa == SRV_IP) {
		uint8_t r[64];
		fake_netdev_inject(&fd, r, fake_build_arp(r, p.arp_sha, 2, srv_mac, SRV_IP,
							   p.arp_sha, p.arp_spa));
		return;
	}
	if (p.ethertype != 0x0800 || p.proto != 17)
		return;
	if (p.dport == DHCP_SERVER_PORT)
		dhcp_answer(&p);
	else if (p.dport == TFTP_PORT)
		tftp_request(&p);
	else if (p.dport == S.tid)
		tftp_input(&p);
	fake_netdev_clear_tx(&fd); /* nothing else looks at them: keep memory flat */
}

static void add_file(const char *name, const void *data, uint64_t len)
{
	S.files[S.nfiles++] = (struct file){ name, data, len };
}

static int setup(void **state)
{
	(void)state;
	memset(&S, 0, sizeof(S));
	fake_images_reset();
	fake_netdev_init(&fd, "eth0", 0x56);
	fd.on_transmit = segment;
	netif_init(&nif, &fd.dev);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	netif_shutdown(&nif);
	fake_netdev_free(&fd);
	assert_int_equal(fake_images_live(), 0);
	return 0;
}

/* A second case inside one test: a fresh server and link. */
static void restart(void)
{
	teardown(NULL);
	setup(NULL);
}

/* ---- DHCP ---------------------------------------------------------------------------------- */

static struct dhcp_lease lease;

static int configure(void)
{
	struct dhcp_client_config cfg = { .client_arch = DHCP_ARCH_BIOS };
	memset(&lease, 0xA5, sizeof(lease)); /* whatever is not written stays visible */
	return dhcp_configure(&nif, &cfg, &lease);
}

/* Append option `code` of `len` bytes of `fill` to buf (several instances if > 255). */
static size_t put_option(uint8_t *buf, size_t at, uint8_t code, size_t len, char fill)
{
	while (len) {
		size_t n = len > 255 ? 255 : len;
		buf[at++] = code;
		buf[at++] = (uint8_t)n;
		memset(buf + at, fill, n);
		at += n;
		len -= n;
	}
	return at;
}

static void assert_string_of(const char *s, size_t cap, char fill)
{
	size_t n = strnlen(s, cap);
	assert_int_equal(n, cap - 1); /* truncated to the field, and terminated */
	for (size_t i = 0; i < n; i++)
		assert_int_equal(s[i], fill);
}

static void test_dhcp_overlong_string_options_truncated(void **state)
{
	(void)state;
	/* Each longer than its field (RFC 3396 concatenates repeated options), 1460 bytes in all. */
	static uint8_t extra[1300];
	size_t n = 0;
	n = put_option(extra, n, DHCP_OPT_BOOTFILE, 300, 'b');          /* field of 256 */
	n = put_option(extra, n, DHCP_OPT_HOSTNAME, 100, 'h');          /* field of 64 */
	n = put_option(extra, n, DHCP_OPT_TFTP_SERVER, 260, 's');       /* not an address */
	n = put_option(extra, n, DHCP_OPT_PXELINUX_CONFIGFILE, 260, 'c');
	n = put_option(extra, n, DHCP_OPT_PXELINUX_PATHPREFIX, 260, 'p');
	assert_true(n <= sizeof(extra));
	S.extra = extra;
	S.extra_len = n;
	assert_int_equal(configure(), 0);
	assert_int_equal(lease.client_ip, CLIENT_IP);
	assert_string_of(lease.boot_file, sizeof(lease.boot_file), 'b');
	assert_string_of(lease.hostname, sizeof(lease.hostname), 'h');
	assert_string_of(lease.tftp_server_name, sizeof(lease.tftp_server_name), 's');
	assert_string_of(lease.config_file, sizeof(lease.config_file), 'c');
	assert_string_of(lease.path_prefix, sizeof(lease.path_prefix), 'p');
	assert_int_equal(lease.tftp_server, SRV_IP); /* option 66 is a name: siaddr is used */
	assert_true(lease.ack_len > 0 && lease.ack_len <= DHCP_MAX_LEN);
}

static void test_dhcp_wrong_length_options(void **state)
{
	(void)state;
	/* Addresses of 3 and 7 bytes, a 2-byte lease time, a 1-byte overload: ignored. */
	static const uint8_t extra[] = { DHCP_OPT_ROUTER, 3, 10, 0, 0,
					 DHCP_OPT_DNS, 7, 1, 2, 3, 4, 5, 6, 7,
					 DHCP_OPT_PXELINUX_REBOOTTIME, 2, 1, 2,
					 DHCP_OPT_DOMAIN_NAME, 0 };
	S.extra = extra;
	S.extra_len = sizeof(extra);
	assert_int_equal(configure(), 0);
	assert_int_equal(lease.client_ip, CLIENT_IP);
	assert_int_equal(lease.netmask, fake_ip(255, 255, 255, 0));
	assert_int_equal(lease.gateway, 0);
	assert_int_equal(lease.reboot_time, 0);
	assert_true(lease.dns_count <= DHCP_LEASE_DNS_MAX);
	assert_string_equal(lease.domain, "");
}

static void test_dhcp_option_past_end_of_packet(void **state)
{
	(void)state;
	/* Option 67 claims 200 bytes, 3 follow, and the datagram ends: the offer is dropped,
	 * the good one after it is taken. */
	static const uint8_t extra[] = { DHCP_OPT_BOOTFILE, 200, 'x', 'y', 'z' };
	S.extra = extra;
	S.extra_len = sizeof(extra);
	S.no_end = true;
	S.bad_then_good = true;
	assert_int_equal(configure(), 0);
	assert_string_equal(lease.boot_file, "wireboot.pxe");

	/* Only malformed offers: no lease, a clean "no offer" after every try. */
	restart();
	S.extra = extra;
	S.extra_len = sizeof(extra);
	S.no_end = true;
	assert_int_equal(configure(), -WB_ENOOFFER);
	assert_int_equal(S.offers, DHCP_TRIES);
}

static void test_dhcp_oversized_offer_in_fragments(void **state)
{
	(void)state;
	/* A 3000-byte offer (options far beyond DHCP_MAX_LEN), in three IP fragments, then a
	 * normal one: the big one is dropped, nothing overflows. */
	static struct dhcp_packet h;
	static uint8_t big[3000];
	memset(&h, 0, sizeof(h));
	h.op = BOOTP_REPLY;
	h.htype = 1;
	h.hlen = 6;
	h.yiaddr = fake_ip(10, 0, 0, 66);
	memcpy(h.chaddr, fd.dev.mac, 6);
	struct dhcp_builder b;
	dhcp_build_start(&b, big, sizeof(big), &h);
	dhcp_build_u8(&b, DHCP_OPT_MSG_TYPE, DHCPOFFER);
	dhcp_build_ipv4(&b, DHCP_OPT_SERVER_ID, SRV_IP);
	size_t n = put_option(big, b.len, DHCP_OPT_BOOTFILE, 2500, 'q');
	big[n++] = DHCP_OPT_END;
	assert_true(n <= sizeof(big));

	/* Send it for every DISCOVER (its xid must match): by hand before the good offer. */
	struct dhcp_client *c = calloc(1, sizeof(*c));
	struct dhcp_client_config cfg = { .client_arch = DHCP_ARCH_BIOS };
	fd.on_transmit = NULL;
	assert_int_equal(dhcp_client_start(c, &nif, &cfg, &lease), 0);
	assert_int_equal(dhcp_client_step(c), -WB_EAGAIN); /* DISCOVER out */
	put_be32(big + 4, c->xid);
	uint8_t dgram[3100], frame[ETH_FRAME_MAX];
	size_t dlen = fake_build_udp_datagram(dgram, SRV_IP, 0xffffffff, 67, 68, big, n);
	for (size_t off = 0; off < dlen; off += 1480) {
		size_t part = dlen - off < 1480 ? dlen - off : 1480;
		uint16_t frag = (uint16_t)((off / 8) | (off + part < dlen ? 0x2000 : 0));
		fake_netdev_inject(&fd, frame, fake_build_ipv4(frame, bcast, srv_mac, SRV_IP,
							       0xffffffff, 17, 77, frag,
							       dgram + off, part));
	}
	for (int i = 0; i < 50; i++) {
		net_poll(&nif);
		assert_int_equal(dhcp_client_step(c), -WB_EAGAIN);
	}
	assert_int_equal(c->offer_len, 0); /* ignored */
	dhcp_client_stop(c);
	free(c);
	fd.on_transmit = segment;
	assert_int_equal(configure(), 0);
	assert_int_equal(lease.client_ip, CLIENT_IP);
}

/* ---- TFTP ---------------------------------------------------------------------------------- */

/* Exact-size destinations from the C library (ASan sees one byte past the end). */
struct exact_dest {
	uint8_t *buf;
	size_t size;
	unsigned calls;
	size_t limit; /* refuse anything larger */
};

static uint8_t *exact_reserve(void *ctx, uint8_t *old, size_t used, size_t size, bool exact,
			      size_t *cap)
{
	struct exact_dest *d = ctx;
	(void)exact;
	d->calls++;
	if (size > d->limit)
		return NULL;
	uint8_t *p = malloc(size);
	assert_non_null(p);
	if (old)
		memcpy(p, old, used);
	free(old);
	d->buf = p;
	d->size = size;
	*cap = size;
	return p;
}

static struct exact_dest dest;
static struct tftp_result res;

static int fetch(const char *name, uint32_t blksize, uint16_t window, bool no_options)
{
	struct tftp_request req = { .server = {.family = IP_ADDR_V4, .v4 = SRV_IP}, .filename = name, .blksize = blksize,
				    .windowsize = window, .no_options = no_options,
				    .dest = { exact_reserve, &dest } };
	memset(&dest, 0, sizeof(dest));
	dest.limit = 64 << 20; /* this machine's memory for one file */
	netif_configure(&nif, CLIENT_IP, fake_ip(255, 255, 255, 0), 0);
	return tftp_fetch(&nif, &req, &res);
}

static void done_fetch(void)
{
	free(dest.buf);
	dest.buf = NULL;
}

static void test_tftp_data_larger_than_negotiated(void **state)
{
	(void)state;
	add_file("f", NULL, 8192);
	S.oack_blksize = 512;   /* the server lowers the client's 1468 ... */
	S.oversize = 700;       /* ... and then sends 1212-byte blocks */
	assert_int_equal(fetch("f", 1468, 1, false), -WB_EPROTO);
	assert_int_equal(res.len, 0);
	assert_int_equal(dest.size, 8192); /* reserved from tsize, never written past */
	assert_int_equal(S.errors_received, 1);
	assert_int_equal(S.last_error, TFTP_ERR_ILLEGAL_OP);
	assert_non_null(strstr(res.error, "larger than the negotiated block size"));
	done_fetch();

	/* Options ignored (RFC 1350 server): 512 is the size, a 600-byte DATA 1 is refused. */
	restart();
	add_file("f", NULL, 8192);
	S.oversize = 88;
	assert_int_equal(fetch("f", 0, 0, true), -WB_EPROTO);
	assert_int_equal(S.last_error, TFTP_ERR_ILLEGAL_OP);
	assert_int_equal(res.len, 0);
	done_fetch();
}

static void test_tftp_oack_with_options_never_requested(void **state)
{
	(void)state;
	/* windowsize in the OACK although the client did not ask for one (windowsize 1). */
	add_file("f", NULL, 4096);
	S.oack_window = 8;
	assert_int_equal(fetch("f", 512, 1, false), -WB_EPROTO);
	assert_int_equal(S.last_error, TFTP_ERR_OPTION_REFUSED);
	assert_int_equal(S.data_sent, 0);
	assert_null(dest.buf); /* refused before anything was reserved */
	done_fetch();

	/* A larger block size than asked for. */
	restart();
	add_file("f", NULL, 4096);
	S.oack_blksize = 1468;
	assert_int_equal(fetch("f", 512, 1, false), -WB_EPROTO);
	assert_int_equal(S.last_error, TFTP_ERR_OPTION_REFUSED);
	done_fetch();

	/* An option nobody knows: ignored (RFC 2347 lets the client ignore it); the transfer
	 * completes with the options that were asked for. */
	restart();
	add_file("f", NULL, 3000);
	S.oack_extra = "x-evil\0" "99999999999999999999";
	assert_int_equal(fetch("f", 512, 1, false), 0);
	assert_int_equal(res.len, 3000);
	for (size_t i = 0; i < 3000; i++)
		assert_int_equal(dest.buf[i], pattern(i));
	done_fetch();

	/* An OACK to a request that carried no options at all: not taken as a negotiation; the
	 * client keeps asking and gives up with a timeout, writing nothing. */
	restart();
	add_file("f", NULL, 3000);
	S.oack_always = true;
	assert_int_equal(fetch("f", 0, 0, true), -WB_ETIMEDOUT);
	assert_int_equal(S.rrqs, TFTP_REQUEST_TRIES);
	assert_null(dest.buf);
	assert_int_equal(res.len, 0);
	done_fetch();
}

static void test_tftp_more_data_than_tsize(void **state)
{
	(void)state;
	/* tsize says 4096 (the buffer is exactly that), the file goes on to 6000. */
	add_file("f", NULL, 6000);
	S.tsize_set = true;
	S.tsize = 4096;
	assert_int_equal(fetch("f", 1024, 1, false), -WB_EPROTO);
	assert_int_equal(dest.size, 4096);
	assert_int_equal(res.len, 4096);
	for (size_t i = 0; i < 4096; i++)
		assert_int_equal(dest.buf[i], pattern(i));
	assert_int_equal(S.last_error, TFTP_ERR_DISK_FULL);
	assert_non_null(strstr(res.error, "more data than the size it announced"));
	done_fetch();

	/* tsize 0 announced: nothing reserved, the first byte of data is refused. */
	restart();
	add_file("f", NULL, 700);
	S.tsize_set = true;
	S.tsize = 0;
	assert_int_equal(fetch("f", 512, 1, false), -WB_EPROTO);
	assert_null(dest.buf);
	assert_int_equal(res.len, 0);
	done_fetch();

	/* An absurd tsize: refused before any data, the server told why. */
	restart();
	add_file("f", NULL, 700);
	S.tsize_set = true;
	S.tsize = UINT64_MAX / 2;
	assert_int_equal(fetch("f", 512, 1, false), -WB_ETOOBIG);
	assert_int_equal(S.last_error, TFTP_ERR_DISK_FULL);
	assert_int_equal(S.data_sent, 0);
	done_fetch();

	/* No tsize (an RFC 1350 server): the buffer grows until the destination refuses;
	 * everything received so far is in it, nothing past it. */
	restart();
	add_file("f", NULL, 1 << 20);
	struct tftp_request req = { .server = {.family = IP_ADDR_V4, .v4 = SRV_IP}, .filename = "f", .no_options = true,
				    .dest = { exact_reserve, &dest } };
	memset(&dest, 0, sizeof(dest));
	dest.limit = 256 * 1024;
	netif_configure(&nif, CLIENT_IP, fake_ip(255, 255, 255, 0), 0);
	assert_int_equal(tftp_fetch(&nif, &req, &res), -WB_ENOMEM);
	assert_int_equal(dest.size, 256 * 1024);
	assert_int_equal(res.len, 256 * 1024);
	for (size_t i = 0; i < res.len; i++)
		assert_int_equal(dest.buf[i], pattern(i));
	assert_int_equal(S.last_error, TFTP_ERR_DISK_FULL);
	assert_non_null(strstr(res.error, "f on 10.0.0.1: no room for more than 262144 bytes"));
	done_fetch();
}

/* ---- the boot sequence: hostile kernel, initrd larger than memory --------------------------- */

static struct boot_report report;

static int boot(void)
{
	struct netdev *devs[1] = { &fd.dev };
	struct boot_options o = { .client_arch = DHCP_ARCH_BIOS, .no_boot = true, .no_input = true,
				  .report = &report };
	fake_set_netdevs(devs, 1);
	memset(&report, 0, sizeof(report));
	return boot_run(&o);
}

/* A bzImage-shaped file of `len` bytes (protocol 2.15, 64-bit, relocatable). */
static uint8_t *make_bzimage(size_t len, uint8_t setup_sects)
{
	uint8_t *k = calloc(1, len);
	assert_non_null(k);
	k[0x1F1] = setup_sects;
	put_le32(k + 0x1F4, (uint32_t)((len - 5 * 512 + 15) / 16));
	put_le16(k + 0x1FE, 0xAA55);
	memcpy(k + 0x202, "HdrS", 4);
	put_le16(k + 0x206, 0x020F);
	k[0x211] = 0x01;                    /* LOADED_HIGH */
	put_le32(k + 0x214, 0x100000);
	put_le32(k + 0x22C, 0x7FFFFFFF);     /* initrd_addr_max */
	put_le32(k + 0x230, 0x200000);
	k[0x234] = 1;
	put_le16(k + 0x236, 0x3);
	put_le32(k + 0x238, 2047);
	put_le64(k + 0x258, 0x1000000);
	put_le32(k + 0x260, 0x2000000);
	return k;
}

static const char boot_cfg[] = "default x\nlabel x\n  kernel bzImage\n  append initrd=big.img\n";

static void test_bzimage_setup_sects_past_file(void **state)
{
	(void)state;
	uint8_t *k = make_bzimage(8192, 200); /* setup: 201 * 512 bytes of an 8 KiB file */
	add_file("pxelinux.cfg/default", boot_cfg, sizeof(boot_cfg) - 1);
	add_file("bzImage", k, 8192);
	add_file("big.img", NULL, 4096);
	assert_int_equal(boot(), -WB_ETRUNCATED);
	assert_int_equal(report.stage, BOOT_STAGE_KERNEL);
	assert_int_equal(report.err, -WB_ETRUNCATED);
	assert_non_null(strstr(report.error, "bzImage: not a bootable Linux kernel"));
	assert_false(S.initrd_asked);
	free(k);

	/* The same file with sane setup_sects passes the same path: the test can fail. */
	restart();
	k = make_bzimage(8192, 4);
	add_file("pxelinux.cfg/default", boot_cfg, sizeof(boot_cfg) - 1);
	add_file("bzImage", k, 8192);
	add_file("big.img", NULL, 4096);
	assert_int_equal(boot(), 0);
	assert_int_equal(report.stage, BOOT_STAGE_DONE);
	free(k);
}

/* A file that is no kind of boot program: the message says what was expected and how a PXE
 * program would be recognised. */
static void test_unknown_kernel_kind_named(void **state)
{
	(void)state;
	static const uint8_t elf[512] = { 0x7F, 'E', 'L', 'F' };
	static const char cfg[] = "default x\nlabel x\n  kernel vmlinux\n";
	add_file("pxelinux.cfg/default", cfg, sizeof(cfg) - 1);
	add_file("vmlinux", elf, sizeof(elf));
	assert_int_equal(boot(), -WB_ENOEXEC);
	assert_int_equal(report.stage, BOOT_STAGE_KERNEL);
	assert_non_null(strstr(report.error, "vmlinux: not a bootable Linux kernel (no \"HdrS\""));
	assert_non_null(strstr(report.error, "or the PXE keyword"));
}

static void test_boot_with_overlong_pxelinux_options(void **state)
{
	(void)state;
	/* Options 209 (config file) and 210 (path prefix) of 255 bytes each: the names built
	 * from them do not fit PXECFG_PATH_MAX; the run must stop with a clean error. */
	static uint8_t extra[600];
	size_t n = put_option(extra, 0, DHCP_OPT_PXELINUX_CONFIGFILE, 255, 'c');
	n = put_option(extra, n, DHCP_OPT_PXELINUX_PATHPREFIX, 255, 'p');
	S.extra = extra;
	S.extra_len = n;
	add_file("pxelinux.cfg/default", boot_cfg, sizeof(boot_cfg) - 1);
	assert_int_equal(boot(), -WB_ETOOBIG);
	assert_int_equal(report.stage, BOOT_STAGE_CONFIG_SEARCH);
	assert_string_equal(report.error, "cannot build the configuration file names: "
					  "too big for the space available");
	assert_int_equal(S.rrqs, 0); /* no request with a truncated name */
}

static void test_initrd_larger_than_memory(void **state)
{
	(void)state;
	/* tsize announces 2 GiB: more than the fake machine's image memory (~1 GiB). */
	uint8_t *k = make_bzimage(8192, 4);
	add_file("pxelinux.cfg/default", boot_cfg, sizeof(boot_cfg) - 1);
	add_file("bzImage", k, 8192);
	add_file("big.img", NULL, 2ull << 30);
	assert_int_equal(boot(), -WB_ETOOBIG);
	assert_int_equal(report.stage, BOOT_STAGE_INITRD);
	assert_non_null(strstr(report.error, "big.img on 10.0.0.1: no room for 2147483648 bytes"));
	assert_int_equal(S.last_error, TFTP_ERR_DISK_FULL); /* the server was told */
	free(k);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_dhcp_overlong_string_options_truncated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dhcp_wrong_length_options, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dhcp_option_past_end_of_packet, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dhcp_oversized_offer_in_fragments, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tftp_data_larger_than_negotiated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tftp_oack_with_options_never_requested, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tftp_more_data_than_tsize, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bzimage_setup_sects_past_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_kernel_kind_named, setup, teardown),
		cmocka_unit_test_setup_teardown(test_boot_with_overlong_pxelinux_options, setup, teardown),
		cmocka_unit_test_setup_teardown(test_initrd_larger_than_memory, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
