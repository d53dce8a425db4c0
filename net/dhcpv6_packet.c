// SPDX-License-Identifier: GPL-2.0-or-later
/* DHCPv6 codec: see net/dhcpv6_packet.h. */
#include "net/dhcpv6_packet.h"

#include "core/byteorder.h"
#include "core/errors.h"
#include "core/string.h"

#define IA_NA_HLEN 12   /* IAID, T1, T2 */
#define IAADDR_HLEN 24  /* address, preferred and valid lifetime */

static void take(struct dhcpv6_bytes *b, const uint8_t *v, uint16_t len)
{
	if (!b->p) {
		b->p = v;
		b->len = len;
	}
}

/* A walk over the options in buf[0..len). */
struct opt_iter {
	const uint8_t *buf;
	size_t len, off;
};

/* The next option: 1 (code, value and its length set), 0 at the end, or -WB_ETRUNCATED when
 * an option runs past the end of its container. */
static int next_option(struct opt_iter *it, uint16_t *code, const uint8_t **val, uint16_t *len)
{
	if (it->off == it->len)
		return 0;
	if (it->len - it->off < 4)
		return -WB_ETRUNCATED;
	const uint8_t *o = it->buf + it->off;
	*code = get_be16(o);
	*len = get_be16(o + 2);
	if (*len > it->len - it->off - 4)
		return -WB_ETRUNCATED;
	*val = o + 4;
	it->off += 4 + (size_t)*len;
	return 1;
}

/* The status code option's code (the message text is ignored). */
static int status_of(const uint8_t *v, uint16_t len, uint16_t *status)
{
	if (len < 2)
		return -WB_EPROTO;
	*status = get_be16(v);
	return 0;
}

/* The options inside an IA_NA: addresses and the IA's status. */
static int parse_ia_na(const uint8_t *buf, size_t len, struct dhcpv6_packet *p)
{
	struct opt_iter it = {buf, len, 0};
	uint16_t code, olen;
	const uint8_t *v;
	int more;
	while ((more = next_option(&it, &code, &v, &olen)) > 0) {
		if (code == DHCPV6_OPT_STATUS_CODE && !p->has_ia_status) {
			if (status_of(v, olen, &p->ia_status) < 0)
				return -WB_EPROTO;
			p->has_ia_status = true;
		} else if (code == DHCPV6_OPT_IAADDR && !p->has_addr) {
			if (olen < IAADDR_HLEN)
				return -WB_EPROTO;
			memcpy(p->addr, v, 16);
			p->preferred = get_be32(v + 16);
			p->valid = get_be32(v + 20);
			p->has_addr = true;
			/* A status inside the address (e.g. NotOnLink) counts for the IA. */
			struct opt_iter in = {v + IAADDR_HLEN, (size_t)olen - IAADDR_HLEN, 0};
			uint16_t c2, l2;
			const uint8_t *v2;
			int m;
			while ((m = next_option(&in, &c2, &v2, &l2)) > 0)
				if (c2 == DHCPV6_OPT_STATUS_CODE && !p->has_ia_status &&
				    status_of(v2, l2, &p->ia_status) == 0)
					p->has_ia_status = true;
			if (m < 0)
				return m;
		}
	}
	return more;
}

/* One top-level option. */
static int parse_option(uint16_t code, const uint8_t *v, uint16_t len, struct dhcpv6_packet *p)
{
	switch (code) {
	case DHCPV6_OPT_CLIENTID:
	case DHCPV6_OPT_SERVERID:
		if (len < 2 || len > DHCPV6_DUID_MAX)
			return -WB_EPROTO;
		take(code == DHCPV6_OPT_CLIENTID ? &p->client_id : &p->server_id, v, len);
		break;
	case DHCPV6_OPT_IA_NA:
		if (len < IA_NA_HLEN)
			return -WB_EPROTO;
		if (p->has_ia_na)
			break;
		p->has_ia_na = true;
		p->iaid = get_be32(v);
		p->t1 = get_be32(v + 4);
		p->t2 = get_be32(v + 8);
		return parse_ia_na(v + IA_NA_HLEN, len - IA_NA_HLEN, p);
	case DHCPV6_OPT_ORO:
		if (len % 2)
			return -WB_EPROTO;
		take(&p->oro, v, len);
		break;
	case DHCPV6_OPT_PREFERENCE:
		if (len != 1)
			return -WB_EPROTO;
		p->has_preference = true;
		p->preference = v[0];
		break;
	case DHCPV6_OPT_ELAPSED_TIME:
		if (len != 2)
			return -WB_EPROTO;
		p->elapsed = get_be16(v);
		break;
	case DHCPV6_OPT_RELAY_MSG:
		take(&p->relay_msg, v, len);
		break;
	case DHCPV6_OPT_INTERFACE_ID:
		take(&p->interface_id, v, len);
		break;
	case DHCPV6_OPT_STATUS_CODE:
		if (!p->has_status && status_of(v, len, &p->status) < 0)
			return -WB_EPROTO;
		p->has_status = true;
		break;
	case DHCPV6_OPT_RAPID_COMMIT:
		p->rapid_commit = true;
		break;
	case DHCPV6_OPT_DNS_SERVERS:
		if (len % 16)
			return -WB_EPROTO;
		take(&p->dns, v, len);
		break;
	case DHCPV6_OPT_DOMAIN_LIST:
		take(&p->domains, v, len);
		break;
	case DHCPV6_OPT_BOOTFILE_URL:
		take(&p->boot_url, v, len);
		break;
	case DHCPV6_OPT_BOOTFILE_PARAM:
		take(&p->boot_params, v, len);
		break;
	case DHCPV6_OPT_CLIENT_ARCH:
		if (len < 2 || len % 2)
			return -WB_EPROTO;
		if (!p->has_arch) {
			p->has_arch = true;
			p->arch = get_be16(v);
		}
		break;
	case DHCPV6_OPT_NII:
		if (len != 3)
			return -WB_EPROTO;
		take(&p->nii, v, len);
		break;
	case DHCPV6_OPT_VENDOR_CLASS:
		if (len < 4)
			return -WB_EPROTO;
		take(&p->vendor_class, v, len);
		break;
	case DHCPV6_OPT_USER_CLASS:
		take(&p->user_class, v, len);
		break;
	case DHCPV6_OPT_CLIENT_LINKLAYER:
		if (len < 3)
			return -WB_EPROTO;
		take(&p->linklayer, v, len);
		break;
	default: /* unknown options are skipped */
		break;
	}
	return 0;
}

int dhcpv6_parse(const uint8_t *buf, size_t len, struct dhcpv6_packet *p)
{
	memset(p, 0, sizeof(*p));
	if (len < DHCPV6_HLEN)
		return -WB_ETRUNCATED;
	p->type = buf[0];
	size_t hlen = DHCPV6_HLEN;
	if (p->type == DHCPV6_RELAY_FORW || p->type == DHCPV6_RELAY_REPL) {
		if (len < DHCPV6_RELAY_HLEN)
			return -WB_ETRUNCATED;
		p->hop_count = buf[1];
		p->link_addr = buf + 2;
		p->peer_addr = buf + 18;
		hlen = DHCPV6_RELAY_HLEN;
	} else {
		p->xid = (uint32_t)buf[1] << 16 | (uint32_t)buf[2] << 8 | buf[3];
	}
	struct opt_iter it = {buf + hlen, len - hlen, 0};
	uint16_t code, olen;
	const uint8_t *v;
	int more;
	while ((more = next_option(&it, &code, &v, &olen)) > 0) {
		int err = parse_option(code, v, olen, p);
		if (err < 0)
			return err;
	}
	return more;
}

size_t dhcpv6_packet_len(const uint8_t *buf, size_t cap)
{
	if (cap < DHCPV6_HLEN)
		return 0;
	struct opt_iter it = {buf + DHCPV6_HLEN, cap - DHCPV6_HLEN, 0};
	size_t end = it.off;
	uint16_t code, len;
	const uint8_t *v;
	while (next_option(&it, &code, &v, &len) > 0 && code)
		end = it.off;
	return DHCPV6_HLEN + end;
}

bool dhcpv6_requested(const struct dhcpv6_packet *p, uint16_t code)
{
	for (size_t i = 0; i + 1 < p->oro.len; i += 2)
		if (get_be16(p->oro.p + i) == code)
			return true;
	return false;
}

void dhcpv6_duid_ll(const uint8_t mac[6], uint8_t duid[DHCPV6_DUID_LL_LEN])
{
	put_be16(duid, DUID_LL);
	put_be16(duid + 2, 1); /* Ethernet */
	memcpy(duid + 4, mac, 6);
}

int dhcpv6_duid_mac(const struct dhcpv6_bytes *duid, uint8_t mac[6])
{
	if (duid->len < 4 || get_be16(duid->p + 2) != 1)
		return -WB_ENOENT;
	uint16_t type = get_be16(duid->p);
	if (type == DUID_LL && duid->len == 10)
		memcpy(mac, duid->p + 4, 6);
	else if (type == DUID_LLT && duid->len == 14)
		memcpy(mac, duid->p + 8, 6);
	else
		return -WB_ENOENT;
	return 0;
}

int dhcpv6_domain_list(const struct dhcpv6_bytes *list, char *out, size_t cap)
{
	size_t n = 0, i = 0;
	if (!cap)
		return -WB_ETOOBIG;
	while (i < list->len) {
		size_t start = n; /* where this name begins in out */
		for (;;) {
			if (i >= list->len)
				return -WB_EPROTO; /* a name must end with the root label */
			uint8_t l = list->p[i++];
			if (!l)
				break;
			if (l > 63 || l > list->len - i)
				return -WB_EPROTO;
			bool sep = n > 0; /* ' ' before a name, '.' between labels */
			if (n + sep + l + 1 > cap)
				return -WB_ETOOBIG;
			if (sep) {
				out[n] = n == start ? ' ' : '.';
				n++;
			}
			for (uint8_t k = 0; k < l; k++) {
				char c = (char)list->p[i + k];
				if (c <= ' ' || c > '~')
					return -WB_EPROTO;
				out[n++] = c;
			}
			i += l;
		}
	}
	out[n] = 0;
	return (int)n;
}

void dhcpv6_build_start(struct dhcpv6_builder *b, uint8_t *buf, size_t cap, uint8_t type,
			uint32_t xid)
{
	b->buf = buf;
	b->cap = cap;
	b->len = 0;
	b->overflow = false;
	uint8_t h[DHCPV6_HLEN] = {type, (uint8_t)(xid >> 16), (uint8_t)(xid >> 8), (uint8_t)xid};
	dhcpv6_put_raw(b, h, sizeof(h));
}

void dhcpv6_put_raw(struct dhcpv6_builder *b, const void *data, size_t len)
{
	if (b->overflow || len > b->cap - b->len) {
		b->overflow = true;
		return;
	}
	if (len)
		memcpy(b->buf + b->len, data, len);
	b->len += len;
}

size_t dhcpv6_open(struct dhcpv6_builder *b, uint16_t code)
{
	uint8_t h[4];
	put_be16(h, code);
	put_be16(h + 2, 0);
	size_t at = b->len;
	dhcpv6_put_raw(b, h, sizeof(h));
	return at;
}

void dhcpv6_close(struct dhcpv6_builder *b, size_t handle)
{
	if (b->overflow || b->len - handle - 4 > 0xffff) {
		b->overflow = true;
		return;
	}
	put_be16(b->buf + handle + 2, (uint16_t)(b->len - handle - 4));
}

void dhcpv6_put(struct dhcpv6_builder *b, uint16_t code, const void *data, size_t len)
{
	size_t h = dhcpv6_open(b, code);
	dhcpv6_put_raw(b, data, len);
	dhcpv6_close(b, h);
}

void dhcpv6_put_u16(struct dhcpv6_builder *b, uint16_t code, uint16_t v)
{
	uint8_t d[2];
	put_be16(d, v);
	dhcpv6_put(b, code, d, sizeof(d));
}

int dhcpv6_build_finish(const struct dhcpv6_builder *b)
{
	return b->overflow ? -WB_ETOOBIG : (int)b->len;
}
