// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DHCP/BOOTP packet codec: see net/dhcp_packet.h.
 *
 * Parsing walks the option areas twice: the first walk checks every length and adds up the
 * size of each option code (repeated instances are one option, RFC 3396), the second copies
 * the values so that each code's data is contiguous in pkt->opt_data.  Areas are read in the
 * order RFC 2131/3396 give: `options`, then `file`, then `sname` when option 52 says so.
 */
#include "net/dhcp_packet.h"

#include "core/byteorder.h"
#include "core/errors.h"
#include "core/string.h"

/* Offsets of the fixed BOOTP fields (RFC 951 / 2131). */
#define OFF_OP 0
#define OFF_HTYPE 1
#define OFF_HLEN 2
#define OFF_HOPS 3
#define OFF_XID 4
#define OFF_SECS 8
#define OFF_FLAGS 10
#define OFF_CIADDR 12
#define OFF_YIADDR 16
#define OFF_SIADDR 20
#define OFF_GIADDR 24
#define OFF_CHADDR 28
#define OFF_SNAME 44
#define OFF_FILE 108
#define OFF_COOKIE 236
#define OFF_OPTIONS 240
#define SNAME_LEN 64
#define FILE_LEN 128

#define OVERLOAD_FILE 1
#define OVERLOAD_SNAME 2

static void set_present(struct dhcp_packet *pkt, uint8_t code)
{
	pkt->opt_present[code / 8] |= (uint8_t)(1u << (code % 8));
}

bool dhcp_has_option(const struct dhcp_packet *pkt, uint8_t code)
{
	return pkt->opt_present[code / 8] & (1u << (code % 8));
}

/*
 * One walk over an option area.  Pass 0 validates and sums lengths into pkt->opt_len (and
 * finds option 52 when `overload` is non-NULL); pass 1 copies values to opt_off + fill.
 * `need_end`: the area must contain END (the main area; a missing END there means the packet
 * was cut short).  The overloaded file/sname fields may end at their fixed size.
 */
static int walk_options(struct dhcp_packet *pkt, const uint8_t *p, size_t n, bool need_end,
			int pass, uint16_t *fill, int *overload)
{
	size_t i = 0;
	while (i < n) {
		uint8_t code = p[i];
		if (code == DHCP_OPT_PAD) {
			i++;
			continue;
		}
		if (code == DHCP_OPT_END)
			return 0;
		if (i + 2 > n)
			return -WB_ETRUNCATED;
		size_t len = p[i + 1];
		if (i + 2 + len > n)
			return -WB_ETRUNCATED;
		const uint8_t *val = p + i + 2;
		if (pass == 0) {
			if (pkt->opt_used + len > DHCP_OPTIONS_DATA_MAX)
				return -WB_ETOOBIG;
			pkt->opt_len[code] = (uint16_t)(pkt->opt_len[code] + len);
			pkt->opt_used += len;
			set_present(pkt, code);
			if (code == DHCP_OPT_OVERLOAD && overload) {
				if (len != 1 || val[0] < 1 || val[0] > 3)
					return -WB_EPROTO;
				*overload = val[0];
			}
		} else {
			memcpy(pkt->opt_data + pkt->opt_off[code] + fill[code], val, len);
			fill[code] = (uint16_t)(fill[code] + len);
		}
		i += 2 + len;
	}
	return need_end ? -WB_ETRUNCATED : 0;
}

/* Copy a fixed-size string field, always NUL-terminated. */
static void copy_field(char *dst, const uint8_t *src, size_t n)
{
	size_t l = 0;
	while (l < n && src[l])
		l++;
	memcpy(dst, src, l);
	dst[l] = '\0';
}

int dhcp_parse(const void *buf, size_t len, struct dhcp_packet *pkt)
{
	const uint8_t *b = buf;
	memset(pkt, 0, sizeof(*pkt));
	if (len < OFF_OPTIONS) /* even plain BOOTP has a vendor area after the fixed part */
		return -WB_ETRUNCATED;
	pkt->op = b[OFF_OP];
	pkt->htype = b[OFF_HTYPE];
	pkt->hlen = b[OFF_HLEN];
	pkt->hops = b[OFF_HOPS];
	if (pkt->hlen > sizeof(pkt->chaddr))
		return -WB_EPROTO;
	pkt->xid = get_be32(b + OFF_XID);
	pkt->secs = get_be16(b + OFF_SECS);
	pkt->flags = get_be16(b + OFF_FLAGS);
	memcpy(&pkt->ciaddr, b + OFF_CIADDR, 4);
	memcpy(&pkt->yiaddr, b + OFF_YIADDR, 4);
	memcpy(&pkt->siaddr, b + OFF_SIADDR, 4);
	memcpy(&pkt->giaddr, b + OFF_GIADDR, 4);
	memcpy(pkt->chaddr, b + OFF_CHADDR, sizeof(pkt->chaddr));

	/* Plain BOOTP: an empty vendor area. */
	uint32_t cookie = get_be32(b + OFF_COOKIE);
	if (cookie != DHCP_MAGIC_COOKIE && cookie != 0)
		return -WB_EBADMAGIC;
	if (cookie == 0) {
		copy_field(pkt->sname, b + OFF_SNAME, SNAME_LEN);
		copy_field(pkt->file, b + OFF_FILE, FILE_LEN);
		return 0;
	}
	pkt->is_dhcp = true;

	const uint8_t *opts = b + OFF_OPTIONS;
	size_t opts_len = len - OFF_OPTIONS;
	int overload = 0;
	int err = walk_options(pkt, opts, opts_len, true, 0, NULL, &overload);
	if (!err && (overload & OVERLOAD_FILE))
		err = walk_options(pkt, b + OFF_FILE, FILE_LEN, false, 0, NULL, NULL);
	if (!err && (overload & OVERLOAD_SNAME))
		err = walk_options(pkt, b + OFF_SNAME, SNAME_LEN, false, 0, NULL, NULL);
	if (err) {
		memset(pkt->opt_present, 0, sizeof(pkt->opt_present));
		return err;
	}

	/* Lay the codes out one after the other, then copy. */
	uint16_t off = 0;
	for (int c = 0; c < 256; c++) {
		pkt->opt_off[c] = off;
		off = (uint16_t)(off + pkt->opt_len[c]);
	}
	uint16_t fill[256] = {0};
	walk_options(pkt, opts, opts_len, true, 1, fill, NULL);
	if (overload & OVERLOAD_FILE)
		walk_options(pkt, b + OFF_FILE, FILE_LEN, false, 1, fill, NULL);
	if (overload & OVERLOAD_SNAME)
		walk_options(pkt, b + OFF_SNAME, SNAME_LEN, false, 1, fill, NULL);

	if (!(overload & OVERLOAD_SNAME))
		copy_field(pkt->sname, b + OFF_SNAME, SNAME_LEN);
	if (!(overload & OVERLOAD_FILE))
		copy_field(pkt->file, b + OFF_FILE, FILE_LEN);
	return 0;
}

const uint8_t *dhcp_get_option(const struct dhcp_packet *pkt, uint8_t code, size_t *len)
{
	if (!dhcp_has_option(pkt, code))
		return NULL;
	if (len)
		*len = pkt->opt_len[code];
	return pkt->opt_data + pkt->opt_off[code];
}

/* Fetch an option of exactly `want` bytes. */
static int get_fixed(const struct dhcp_packet *pkt, uint8_t code, size_t want, const uint8_t **v)
{
	size_t len;
	*v = dhcp_get_option(pkt, code, &len);
	if (!*v)
		return -WB_ENOENT;
	return len == want ? 0 : -WB_EPROTO;
}

int dhcp_get_u8(const struct dhcp_packet *pkt, uint8_t code, uint8_t *v)
{
	const uint8_t *p;
	int err = get_fixed(pkt, code, 1, &p);
	if (!err)
		*v = p[0];
	return err;
}

int dhcp_get_u16(const struct dhcp_packet *pkt, uint8_t code, uint16_t *v)
{
	const uint8_t *p;
	int err = get_fixed(pkt, code, 2, &p);
	if (!err)
		*v = get_be16(p);
	return err;
}

int dhcp_get_u32(const struct dhcp_packet *pkt, uint8_t code, uint32_t *v)
{
	const uint8_t *p;
	int err = get_fixed(pkt, code, 4, &p);
	if (!err)
		*v = get_be32(p);
	return err;
}

int dhcp_get_ipv4(const struct dhcp_packet *pkt, uint8_t code, uint32_t *ip_be)
{
	size_t len;
	const uint8_t *p = dhcp_get_option(pkt, code, &len);
	if (!p)
		return -WB_ENOENT;
	if (len < 4 || len % 4)
		return -WB_EPROTO;
	memcpy(ip_be, p, 4);
	return 0;
}

int dhcp_get_string(const struct dhcp_packet *pkt, uint8_t code, char *out, size_t cap)
{
	size_t len;
	const uint8_t *p = dhcp_get_option(pkt, code, &len);
	if (cap == 0)
		return -WB_EINVAL;
	out[0] = '\0';
	if (!p)
		return -WB_ENOENT;
	size_t n = 0;
	while (n < len && n + 1 < cap && p[n]) /* some servers include a trailing NUL */
		n++;
	memcpy(out, p, n);
	out[n] = '\0';
	return 0;
}

int dhcp_msg_type(const struct dhcp_packet *pkt)
{
	uint8_t t;
	if (!pkt->is_dhcp || dhcp_get_u8(pkt, DHCP_OPT_MSG_TYPE, &t) < 0)
		return 0;
	return t;
}

const uint8_t *dhcp_find_suboption(const uint8_t *data, size_t len, uint8_t code, size_t *sublen)
{
	size_t i = 0;
	while (i < len) {
		uint8_t c = data[i];
		if (c == DHCP_OPT_PAD) {
			i++;
			continue;
		}
		if (c == DHCP_OPT_END || i + 2 > len || i + 2 + data[i + 1] > len)
			return NULL;
		if (c == code) {
			*sublen = data[i + 1];
			return data + i + 2;
		}
		i += 2 + (size_t)data[i + 1];
	}
	return NULL;
}

/* ---- builder ------------------------------------------------------------------------- */

/* Copy a string into a fixed field (zero-filled; no NUL needed when it fills the field). */
static void put_field(uint8_t *dst, const char *s, size_t n)
{
	size_t l = 0;
	while (l < n && s[l])
		l++;
	memcpy(dst, s, l);
}

void dhcp_build_start(struct dhcp_builder *b, void *buf, size_t cap, const struct dhcp_packet *hdr)
{
	b->buf = buf;
	b->cap = cap;
	b->len = 0;
	b->err = 0;
	if (cap < OFF_OPTIONS) {
		b->err = -WB_ETOOBIG;
		return;
	}
	uint8_t *p = buf;
	memset(p, 0, OFF_OPTIONS);
	p[OFF_OP] = hdr->op;
	p[OFF_HTYPE] = hdr->htype;
	p[OFF_HLEN] = hdr->hlen > sizeof(hdr->chaddr) ? (uint8_t)sizeof(hdr->chaddr) : hdr->hlen;
	p[OFF_HOPS] = hdr->hops;
	put_be32(p + OFF_XID, hdr->xid);
	put_be16(p + OFF_SECS, hdr->secs);
	put_be16(p + OFF_FLAGS, hdr->flags);
	memcpy(p + OFF_CIADDR, &hdr->ciaddr, 4);
	memcpy(p + OFF_YIADDR, &hdr->yiaddr, 4);
	memcpy(p + OFF_SIADDR, &hdr->siaddr, 4);
	memcpy(p + OFF_GIADDR, &hdr->giaddr, 4);
	memcpy(p + OFF_CHADDR, hdr->chaddr, sizeof(hdr->chaddr));
	put_field(p + OFF_SNAME, hdr->sname, SNAME_LEN);
	put_field(p + OFF_FILE, hdr->file, FILE_LEN);
	put_be32(p + OFF_COOKIE, DHCP_MAGIC_COOKIE);
	b->len = OFF_OPTIONS;
}

void dhcp_build_option(struct dhcp_builder *b, uint8_t code, const void *val, size_t len)
{
	const uint8_t *v = val;
	if (b->err)
		return;
	if (code == DHCP_OPT_PAD || code == DHCP_OPT_END) {
		b->err = -WB_EINVAL;
		return;
	}
	/* A value longer than 255 bytes becomes several instances (RFC 3396). */
	do {
		size_t chunk = len > 255 ? 255 : len;
		if (b->len + 2 + chunk > b->cap) {
			b->err = -WB_ETOOBIG;
			return;
		}
		b->buf[b->len] = code;
		b->buf[b->len + 1] = (uint8_t)chunk;
		if (chunk)
			memcpy(b->buf + b->len + 2, v, chunk);
		b->len += 2 + chunk;
		v += chunk;
		len -= chunk;
	} while (len > 0);
}

void dhcp_build_u8(struct dhcp_builder *b, uint8_t code, uint8_t v)
{
	dhcp_build_option(b, code, &v, 1);
}

void dhcp_build_u16(struct dhcp_builder *b, uint8_t code, uint16_t v)
{
	uint8_t p[2];
	put_be16(p, v);
	dhcp_build_option(b, code, p, 2);
}

void dhcp_build_u32(struct dhcp_builder *b, uint8_t code, uint32_t v)
{
	uint8_t p[4];
	put_be32(p, v);
	dhcp_build_option(b, code, p, 4);
}

void dhcp_build_ipv4(struct dhcp_builder *b, uint8_t code, uint32_t ip_be)
{
	dhcp_build_option(b, code, &ip_be, 4);
}

void dhcp_build_string(struct dhcp_builder *b, uint8_t code, const char *s)
{
	dhcp_build_option(b, code, s, strlen(s));
}

int dhcp_build_finish(struct dhcp_builder *b)
{
	if (b->err)
		return b->err;
	if (b->len + 1 > b->cap)
		return b->err = -WB_ETOOBIG;
	b->buf[b->len++] = DHCP_OPT_END;
	if (b->len < DHCP_MIN_LEN) {
		if (b->cap < DHCP_MIN_LEN)
			return b->err = -WB_ETOOBIG;
		memset(b->buf + b->len, 0, DHCP_MIN_LEN - b->len);
		b->len = DHCP_MIN_LEN;
	}
	return (int)b->len;
}
