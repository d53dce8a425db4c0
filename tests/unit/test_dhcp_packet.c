// SPDX-License-Identifier: GPL-2.0-or-later
/* net/dhcp_packet: parsing of real-looking packets, RFC 3396, overload, truncation, builder. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdint.h>
#include <string.h>

#include "core/errors.h"
#include "net/dhcp_packet.h"

static const uint8_t mac[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
static const uint8_t uuid[16] = {0x8a, 0x1f, 0x4b, 0x3c, 0x00, 0x11, 0x22, 0x33,
				 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb};
static const char vendor_class[] = "PXEClient:Arch:00000:UNDI:002001";
static const uint8_t prl[] = {1, 3, 6, 12, 15, 28, 43, 51, 54, 60, 66, 67, 97, 208, 209, 210, 211};

/* A packet assembled byte by byte, independently of the builder under test. */
struct raw {
	uint8_t b[3000];
	size_t len;
};

static void raw_fixed(struct raw *r, uint8_t op, uint32_t xid)
{
	memset(r, 0, sizeof(*r));
	r->b[0] = op;
	r->b[1] = 1;
	r->b[2] = 6;
	r->b[4] = xid >> 24;
	r->b[5] = xid >> 16;
	r->b[6] = xid >> 8;
	r->b[7] = xid;
	memcpy(r->b + 28, mac, 6);
	r->b[236] = 99;
	r->b[237] = 130;
	r->b[238] = 83;
	r->b[239] = 99;
	r->len = 240;
}

static void raw_bytes(struct raw *r, const void *p, size_t n)
{
	memcpy(r->b + r->len, p, n);
	r->len += n;
}

static void raw_opt(struct raw *r, uint8_t code, const void *val, uint8_t len)
{
	r->b[r->len++] = code;
	r->b[r->len++] = len;
	raw_bytes(r, val, len);
}

static void raw_byte(struct raw *r, uint8_t v) { r->b[r->len++] = v; }

static void raw_ip(uint8_t *dst, uint8_t a, uint8_t b, uint8_t c, uint8_t d)
{
	dst[0] = a;
	dst[1] = b;
	dst[2] = c;
	dst[3] = d;
}

static uint32_t ip(uint8_t a, uint8_t b, uint8_t c, uint8_t d)
{
	uint32_t v;
	uint8_t p[4] = {a, b, c, d};
	memcpy(&v, p, 4);
	return v;
}

/* A PXE BIOS client's DISCOVER as a PXE 2.1 ROM sends it; returns the offset after END. */
static size_t make_pxe_discover(struct raw *r)
{
	raw_fixed(r, BOOTP_REQUEST, 0x1a2b3c4d);
	r->b[8] = 0;
	r->b[9] = 4;    /* secs 4 */
	r->b[10] = 0x80; /* broadcast flag */
	raw_opt(r, 53, "\x01", 1);
	raw_opt(r, 57, "\x05\xc0", 2);
	raw_opt(r, 93, "\x00\x00", 2);
	raw_opt(r, 94, "\x01\x02\x01", 3);
	uint8_t u[17] = {0};
	memcpy(u + 1, uuid, 16);
	raw_opt(r, 97, u, 17);
	raw_opt(r, 55, prl, sizeof(prl));
	raw_opt(r, 60, vendor_class, (uint8_t)strlen(vendor_class));
	raw_byte(r, 255);
	size_t end = r->len;
	if (r->len < DHCP_MIN_LEN)
		r->len = DHCP_MIN_LEN; /* zero padding */
	return end;
}

static void test_pxe_discover(void **state)
{
	(void)state;
	struct raw r;
	make_pxe_discover(&r);
	static struct dhcp_packet p;
	assert_int_equal(dhcp_parse(r.b, r.len, &p), 0);
	assert_int_equal(p.op, BOOTP_REQUEST);
	assert_int_equal(p.htype, 1);
	assert_int_equal(p.hlen, 6);
	assert_int_equal(p.xid, 0x1a2b3c4d);
	assert_int_equal(p.secs, 4);
	assert_int_equal(p.flags, DHCP_FLAG_BROADCAST);
	assert_memory_equal(p.chaddr, mac, 6);
	assert_true(p.is_dhcp);
	assert_int_equal(dhcp_msg_type(&p), DHCPDISCOVER);

	uint16_t max;
	assert_int_equal(dhcp_get_u16(&p, 57, &max), 0);
	assert_int_equal(max, 1472);
	uint16_t arch;
	assert_int_equal(dhcp_get_u16(&p, DHCP_OPT_CLIENT_ARCH, &arch), 0);
	assert_int_equal(arch, DHCP_ARCH_BIOS);
	size_t len;
	const uint8_t *ndi = dhcp_get_option(&p, DHCP_OPT_CLIENT_NDI, &len);
	assert_non_null(ndi);
	assert_int_equal(len, 3);
	assert_memory_equal(ndi, "\x01\x02\x01", 3);
	const uint8_t *u = dhcp_get_option(&p, DHCP_OPT_CLIENT_UUID, &len);
	assert_int_equal(len, 17);
	assert_int_equal(u[0], 0);
	assert_memory_equal(u + 1, uuid, 16);
	const uint8_t *pr = dhcp_get_option(&p, DHCP_OPT_PARAM_REQUEST, &len);
	assert_int_equal(len, sizeof(prl));
	assert_memory_equal(pr, prl, sizeof(prl));
	char vc[64];
	assert_int_equal(dhcp_get_string(&p, DHCP_OPT_VENDOR_CLASS, vc, sizeof(vc)), 0);
	assert_string_equal(vc, vendor_class);
	assert_int_equal(p.opt_used, 1 + 2 + 2 + 3 + 17 + sizeof(prl) + strlen(vendor_class));

	/* Absent and wrongly sized options. */
	assert_false(dhcp_has_option(&p, DHCP_OPT_SERVER_ID));
	uint32_t v;
	assert_int_equal(dhcp_get_ipv4(&p, DHCP_OPT_SERVER_ID, &v), -WB_ENOENT);
	assert_int_equal(dhcp_get_u32(&p, DHCP_OPT_CLIENT_ARCH, &v), -WB_EPROTO);
	uint8_t b8;
	assert_int_equal(dhcp_get_u8(&p, DHCP_OPT_CLIENT_NDI, &b8), -WB_EPROTO);
	assert_int_equal(dhcp_get_string(&p, DHCP_OPT_BOOTFILE, vc, sizeof(vc)), -WB_ENOENT);
	assert_string_equal(vc, "");
	/* A short output buffer truncates and terminates. */
	assert_int_equal(dhcp_get_string(&p, DHCP_OPT_VENDOR_CLASS, vc, 10), 0);
	assert_string_equal(vc, "PXEClient");
}

/* The builder produces the very same bytes as the hand-made DISCOVER. */
static void test_builder_matches_discover(void **state)
{
	(void)state;
	struct raw r;
	make_pxe_discover(&r);
	static struct dhcp_packet hdr;
	memset(&hdr, 0, sizeof(hdr));
	hdr.op = BOOTP_REQUEST;
	hdr.htype = 1;
	hdr.hlen = 6;
	hdr.xid = 0x1a2b3c4d;
	hdr.secs = 4;
	hdr.flags = DHCP_FLAG_BROADCAST;
	memcpy(hdr.chaddr, mac, 6);
	uint8_t buf[DHCP_MAX_LEN];
	struct dhcp_builder b;
	dhcp_build_start(&b, buf, sizeof(buf), &hdr);
	dhcp_build_u8(&b, DHCP_OPT_MSG_TYPE, DHCPDISCOVER);
	dhcp_build_u16(&b, DHCP_OPT_MAX_SIZE, 1472);
	dhcp_build_u16(&b, DHCP_OPT_CLIENT_ARCH, DHCP_ARCH_BIOS);
	dhcp_build_option(&b, DHCP_OPT_CLIENT_NDI, "\x01\x02\x01", 3);
	uint8_t u[17] = {0};
	memcpy(u + 1, uuid, 16);
	dhcp_build_option(&b, DHCP_OPT_CLIENT_UUID, u, 17);
	dhcp_build_option(&b, DHCP_OPT_PARAM_REQUEST, prl, sizeof(prl));
	dhcp_build_string(&b, DHCP_OPT_VENDOR_CLASS, vendor_class);
	int n = dhcp_build_finish(&b);
	assert_int_equal(n, 329); /* 240 + 88 bytes of options + END: longer than the minimum */
	assert_int_equal(r.len, 329);
	assert_memory_equal(buf, r.b, r.len);
}

/* A server's ACK with option 52 = 3: options continue in `file`, then in `sname`. */
static size_t make_overloaded_ack(struct raw *r)
{
	raw_fixed(r, BOOTP_REPLY, 0x01020304);
	raw_ip(r->b + 16, 192, 168, 10, 50); /* yiaddr */
	raw_ip(r->b + 20, 192, 168, 10, 1);  /* siaddr */
	raw_opt(r, 53, "\x05", 1);
	raw_opt(r, 54, "\xc0\xa8\x0a\x01", 4);
	raw_opt(r, 52, "\x03", 1);
	raw_opt(r, 1, "\xff\xff\xff\x00", 4);
	raw_opt(r, 67, "pxelinux", 8); /* the rest of option 67 follows in `file` */
	raw_byte(r, 0);                 /* PAD */
	raw_byte(r, 255);
	size_t end = r->len;
	/* file (offset 108): rest of 67, a router, END. */
	uint8_t *f = r->b + 108;
	memcpy(f, "\x43\x02.0\x03\x04\xc0\xa8\x0a\xfe\xff", 11);
	/* sname (offset 44): option 66 then END. */
	memcpy(r->b + 44, "\x42\x0c" "192.168.10.1" "\xff", 15);
	r->len = DHCP_MIN_LEN;
	return end;
}

static void test_ack_with_overload(void **state)
{
	(void)state;
	struct raw r;
	make_overloaded_ack(&r);
	static struct dhcp_packet p;
	assert_int_equal(dhcp_parse(r.b, r.len, &p), 0);
	assert_int_equal(dhcp_msg_type(&p), DHCPACK);
	assert_int_equal(p.yiaddr, ip(192, 168, 10, 50));
	assert_int_equal(p.siaddr, ip(192, 168, 10, 1));
	assert_string_equal(p.file, "");
	assert_string_equal(p.sname, "");
	char s[130];
	assert_int_equal(dhcp_get_string(&p, DHCP_OPT_BOOTFILE, s, sizeof(s)), 0);
	assert_string_equal(s, "pxelinux.0");
	assert_int_equal(dhcp_get_string(&p, DHCP_OPT_TFTP_SERVER, s, sizeof(s)), 0);
	assert_string_equal(s, "192.168.10.1");
	uint32_t v;
	assert_int_equal(dhcp_get_ipv4(&p, DHCP_OPT_ROUTER, &v), 0);
	assert_int_equal(v, ip(192, 168, 10, 254));
	assert_int_equal(dhcp_get_ipv4(&p, DHCP_OPT_SUBNET_MASK, &v), 0);
	assert_int_equal(v, ip(255, 255, 255, 0));
	assert_int_equal(dhcp_get_ipv4(&p, DHCP_OPT_SERVER_ID, &v), 0);
	assert_int_equal(v, ip(192, 168, 10, 1));
	uint8_t ov;
	assert_int_equal(dhcp_get_u8(&p, DHCP_OPT_OVERLOAD, &ov), 0);
	assert_int_equal(ov, 3);

	/* Without option 52, the same fields are plain strings. */
	struct raw q;
	raw_fixed(&q, BOOTP_REPLY, 7);
	memcpy(q.b + 44, "bootserver", 10);
	memset(q.b + 108, 'x', 128); /* a full field without NUL */
	raw_opt(&q, 53, "\x05", 1);
	raw_byte(&q, 255);
	assert_int_equal(dhcp_parse(q.b, q.len, &p), 0);
	assert_string_equal(p.sname, "bootserver");
	assert_int_equal(strlen(p.file), 128);
	assert_false(dhcp_has_option(&p, DHCP_OPT_BOOTFILE));

	/* Overload = 1: only `file` holds options; sname stays a name. */
	raw_fixed(&q, BOOTP_REPLY, 7);
	memcpy(q.b + 44, "next", 4);
	memcpy(q.b + 108, "\x43\x03" "a.b" "\xff", 6);
	raw_opt(&q, 52, "\x01", 1);
	raw_byte(&q, 255);
	assert_int_equal(dhcp_parse(q.b, q.len, &p), 0);
	assert_string_equal(p.sname, "next");
	assert_string_equal(p.file, "");
	assert_int_equal(dhcp_get_string(&p, DHCP_OPT_BOOTFILE, s, sizeof(s)), 0);
	assert_string_equal(s, "a.b");
}

/* RFC 3396: instances of one code are concatenated, in order, even when interleaved. */
static void test_rfc3396_concatenation(void **state)
{
	(void)state;
	struct raw r;
	raw_fixed(&r, BOOTP_REPLY, 9);
	raw_opt(&r, 43, "\x06\x01\x08", 3);
	raw_opt(&r, 53, "\x02", 1);
	raw_opt(&r, 43, "\x08\x07\x80\x00\x01\xc0\xa8", 7);
	raw_opt(&r, 12, "host", 4);
	raw_opt(&r, 43, "\x0a\x01\x0a\x01\x01\xff", 6); /* sub-option 8 continues here */
	raw_opt(&r, 12, "-a", 2);
	raw_opt(&r, 61, "", 0); /* zero length: present, empty */
	raw_byte(&r, 255);
	static struct dhcp_packet p;
	assert_int_equal(dhcp_parse(r.b, r.len, &p), 0);
	size_t len;
	const uint8_t *v = dhcp_get_option(&p, 43, &len);
	assert_int_equal(len, 16);
	assert_memory_equal(v, "\x06\x01\x08\x08\x07\x80\x00\x01\xc0\xa8\x0a\x01\x0a\x01\x01\xff", 16);
	char h[32];
	assert_int_equal(dhcp_get_string(&p, 12, h, sizeof(h)), 0);
	assert_string_equal(h, "host-a");
	size_t len61 = 99;
	assert_true(dhcp_has_option(&p, 61));
	assert_non_null(dhcp_get_option(&p, 61, &len61));
	assert_int_equal(len61, 0);

	/* Sub-options inside the concatenated option 43. */
	size_t sl;
	const uint8_t *sub = dhcp_find_suboption(v, len, PXE_VENDOR_DISCOVERY_CONTROL, &sl);
	assert_non_null(sub);
	assert_int_equal(sl, 1);
	assert_int_equal(sub[0], 8);
	sub = dhcp_find_suboption(v, len, PXE_VENDOR_BOOT_SERVERS, &sl);
	assert_non_null(sub);
	assert_int_equal(sl, 7);
	assert_memory_equal(sub, "\x80\x00\x01\xc0\xa8\x0a\x01", 7);
	sub = dhcp_find_suboption(v, len, PXE_VENDOR_MENU_PROMPT, &sl);
	assert_non_null(sub);
	assert_int_equal(sl, 1);
	assert_int_equal(sub[0], 1);
	assert_null(dhcp_find_suboption(v, len, PXE_VENDOR_BOOT_MENU, &sl));
	/* A sub-option running past the data is not returned. */
	assert_null(dhcp_find_suboption((const uint8_t *)"\x09\x05\x01", 3, 9, &sl));
}

/* The builder splits long values; the parser joins them again. */
static void test_builder_splits_long_values(void **state)
{
	(void)state;
	uint8_t val[600];
	for (size_t i = 0; i < sizeof(val); i++)
		val[i] = (uint8_t)(i * 7);
	static struct dhcp_packet hdr;
	memset(&hdr, 0, sizeof(hdr));
	hdr.op = BOOTP_REPLY;
	hdr.htype = 1;
	hdr.hlen = 6;
	hdr.yiaddr = ip(10, 0, 0, 9);
	strcpy(hdr.file, "wireboot.pxe");
	strcpy(hdr.sname, "srv");
	uint8_t buf[DHCP_MAX_LEN];
	struct dhcp_builder b;
	dhcp_build_start(&b, buf, sizeof(buf), &hdr);
	dhcp_build_u8(&b, DHCP_OPT_MSG_TYPE, DHCPOFFER);
	dhcp_build_option(&b, DHCP_OPT_VENDOR, val, sizeof(val));
	dhcp_build_u32(&b, DHCP_OPT_LEASE_TIME, 3600);
	dhcp_build_ipv4(&b, DHCP_OPT_SERVER_ID, ip(10, 0, 0, 1));
	int n = dhcp_build_finish(&b);
	assert_int_equal(n, 240 + 3 + (2 + 255) * 2 + (2 + 90) + 6 + 6 + 1);
	/* The wire layout: 43/255, 43/255, 43/90. */
	assert_int_equal(buf[243], 43);
	assert_int_equal(buf[244], 255);
	assert_int_equal(buf[243 + 257], 43);
	assert_int_equal(buf[244 + 257], 255);
	assert_int_equal(buf[243 + 514], 43);
	assert_int_equal(buf[244 + 514], 90);
	assert_int_equal(buf[n - 1], 255);

	static struct dhcp_packet p;
	assert_int_equal(dhcp_parse(buf, (size_t)n, &p), 0);
	size_t len;
	const uint8_t *v = dhcp_get_option(&p, DHCP_OPT_VENDOR, &len);
	assert_int_equal(len, sizeof(val));
	assert_memory_equal(v, val, sizeof(val));
	uint32_t lease, sid;
	assert_int_equal(dhcp_get_u32(&p, DHCP_OPT_LEASE_TIME, &lease), 0);
	assert_int_equal(lease, 3600);
	assert_int_equal(dhcp_get_ipv4(&p, DHCP_OPT_SERVER_ID, &sid), 0);
	assert_int_equal(sid, ip(10, 0, 0, 1));
	assert_int_equal(p.yiaddr, ip(10, 0, 0, 9));
	assert_string_equal(p.file, "wireboot.pxe");
	assert_string_equal(p.sname, "srv");
	assert_int_equal(dhcp_msg_type(&p), DHCPOFFER);
}

/* Overflow is remembered and reported once, at finish. */
static void test_builder_deferred_errors(void **state)
{
	(void)state;
	static struct dhcp_packet hdr;
	memset(&hdr, 0, sizeof(hdr));
	uint8_t buf[DHCP_MIN_LEN];
	struct dhcp_builder b;
	dhcp_build_start(&b, buf, sizeof(buf), &hdr);
	dhcp_build_u8(&b, DHCP_OPT_MSG_TYPE, DHCPACK);
	uint8_t big[100] = {0};
	dhcp_build_option(&b, DHCP_OPT_VENDOR, big, sizeof(big)); /* 240+3+102 > 300 */
	assert_int_equal(b.err, -WB_ETOOBIG);
	dhcp_build_u8(&b, DHCP_OPT_MSG_TYPE, DHCPACK); /* ignored */
	assert_int_equal(b.len, 243);
	assert_int_equal(dhcp_build_finish(&b), -WB_ETOOBIG);

	/* Exactly full: options up to byte 299 inclusive of END. */
	dhcp_build_start(&b, buf, sizeof(buf), &hdr);
	dhcp_build_option(&b, DHCP_OPT_VENDOR, big, 300 - 240 - 2 - 1);
	assert_int_equal(dhcp_build_finish(&b), DHCP_MIN_LEN);
	assert_int_equal(buf[299], 255);

	/* PAD and END are not options one can add. */
	dhcp_build_start(&b, buf, sizeof(buf), &hdr);
	dhcp_build_option(&b, DHCP_OPT_END, big, 1);
	assert_int_equal(dhcp_build_finish(&b), -WB_EINVAL);

	/* A buffer too small for the fixed part. */
	dhcp_build_start(&b, buf, 200, &hdr);
	dhcp_build_u8(&b, DHCP_OPT_MSG_TYPE, DHCPACK);
	assert_int_equal(dhcp_build_finish(&b), -WB_ETOOBIG);
}

/* Every prefix of a valid packet that ends before END fails cleanly; longer ones parse. */
static void check_truncations(struct raw *r, size_t end)
{
	static struct dhcp_packet full, p;
	assert_int_equal(dhcp_parse(r->b, r->len, &full), 0);
	for (size_t n = 0; n < r->len; n++) {
		int err = dhcp_parse(r->b, n, &p);
		if (n < end) {
			if (err != -WB_ETRUNCATED)
				fail_msg("prefix %zu of %zu: got %d", n, r->len, err);
		} else {
			assert_int_equal(err, 0);
			assert_int_equal(p.opt_used, full.opt_used);
			assert_memory_equal(p.opt_data, full.opt_data, full.opt_used);
		}
	}
}

static void test_truncation_at_every_byte(void **state)
{
	(void)state;
	struct raw r;
	size_t end = make_pxe_discover(&r);
	check_truncations(&r, end);
	end = make_overloaded_ack(&r);
	check_truncations(&r, end);
}

static void test_malformed(void **state)
{
	(void)state;
	static struct dhcp_packet p;
	struct raw r;

	/* Wrong cookie. */
	raw_fixed(&r, BOOTP_REPLY, 1);
	raw_byte(&r, 255);
	r.b[239] = 98;
	assert_int_equal(dhcp_parse(r.b, r.len, &p), -WB_EBADMAGIC);

	/* A zero vendor area is plain BOOTP. */
	raw_fixed(&r, BOOTP_REPLY, 1);
	memset(r.b + 236, 0, 64);
	strcpy((char *)r.b + 108, "boot/bzImage");
	raw_ip(r.b + 16, 10, 1, 1, 7);
	raw_ip(r.b + 20, 10, 1, 1, 1);
	r.len = 300;
	assert_int_equal(dhcp_parse(r.b, r.len, &p), 0);
	assert_false(p.is_dhcp);
	assert_int_equal(dhcp_msg_type(&p), 0);
	assert_string_equal(p.file, "boot/bzImage");
	assert_int_equal(p.yiaddr, ip(10, 1, 1, 7));
	assert_int_equal(p.siaddr, ip(10, 1, 1, 1));

	/* hlen beyond chaddr. */
	raw_fixed(&r, BOOTP_REPLY, 1);
	raw_byte(&r, 255);
	r.b[2] = 17;
	assert_int_equal(dhcp_parse(r.b, r.len, &p), -WB_EPROTO);

	/* Option 52 with a bad value or size. */
	raw_fixed(&r, BOOTP_REPLY, 1);
	raw_opt(&r, 52, "\x04", 1);
	raw_byte(&r, 255);
	assert_int_equal(dhcp_parse(r.b, r.len, &p), -WB_EPROTO);
	raw_fixed(&r, BOOTP_REPLY, 1);
	raw_opt(&r, 52, "\x01\x01", 2);
	raw_byte(&r, 255);
	assert_int_equal(dhcp_parse(r.b, r.len, &p), -WB_EPROTO);

	/* An option in `file` running past the field. */
	raw_fixed(&r, BOOTP_REPLY, 1);
	raw_opt(&r, 52, "\x01", 1);
	raw_byte(&r, 255);
	r.b[108 + 120] = 67;
	r.b[108 + 121] = 10; /* 122 + 10 > 128 */
	assert_int_equal(dhcp_parse(r.b, r.len, &p), -WB_ETRUNCATED);

	/* An option code at the very end of `sname` without a length byte. */
	raw_fixed(&r, BOOTP_REPLY, 1);
	raw_opt(&r, 52, "\x02", 1);
	raw_byte(&r, 255);
	r.b[44 + 63] = 12;
	assert_int_equal(dhcp_parse(r.b, r.len, &p), -WB_ETRUNCATED);

	/* More option data than fits the struct. */
	raw_fixed(&r, BOOTP_REPLY, 1);
	uint8_t fill[255];
	memset(fill, 'z', sizeof(fill));
	for (int i = 0; i < 9; i++) /* 9 * 255 > 2048 */
		raw_opt(&r, (uint8_t)(100 + i), fill, 255);
	raw_byte(&r, 255);
	assert_int_equal(dhcp_parse(r.b, r.len, &p), -WB_ETOOBIG);
	assert_false(dhcp_has_option(&p, 100));

	/* Eight of them fit exactly; the message type of a packet without 53 is 0. */
	raw_fixed(&r, BOOTP_REPLY, 1);
	for (int i = 0; i < 8; i++)
		raw_opt(&r, (uint8_t)(100 + i), fill, 255);
	raw_opt(&r, 53, "\x05", 1);
	raw_byte(&r, 255);
	assert_int_equal(dhcp_parse(r.b, r.len, &p), 0);
	assert_int_equal(p.opt_used, 8 * 255 + 1);
	assert_int_equal(dhcp_msg_type(&p), DHCPACK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pxe_discover),
		cmocka_unit_test(test_builder_matches_discover),
		cmocka_unit_test(test_ack_with_overload),
		cmocka_unit_test(test_rfc3396_concatenation),
		cmocka_unit_test(test_builder_splits_long_values),
		cmocka_unit_test(test_builder_deferred_errors),
		cmocka_unit_test(test_truncation_at_every_byte),
		cmocka_unit_test(test_malformed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
