// SPDX-License-Identifier: GPL-2.0-or-later
/* DNS query and answer: see net/dns_packet.h. */
#include "net/dns_packet.h"

#include "core/byteorder.h"
#include "core/errors.h"
#include "core/string.h"

int dns_build_query(uint8_t *buf, size_t cap, uint16_t id, const char *name, uint16_t qtype)
{
	size_t n = strlen(name);
	if (!n || n >= DNS_NAME_MAX)
		return -WB_EINVAL;
	if (cap < DNS_HLEN + n + 6)
		return -WB_ETOOBIG;
	memset(buf, 0, DNS_HLEN);
	put_be16(buf, id);
	buf[2] = 0x01; /* RD: recursion desired */
	put_be16(buf + 4, 1);
	/* "a.bc" -> 1 'a' 2 'b' 'c' 0: each dot becomes the length of the label after it. */
	uint8_t *q = buf + DNS_HLEN;
	memcpy(q + 1, name, n);
	size_t len_at = 0;
	for (size_t i = 1; i <= n + 1; i++) {
		if (i == n + 1 || q[i] == '.') {
			size_t label = i - len_at - 1;
			if (!label || label > 63)
				return -WB_EINVAL;
			q[len_at] = (uint8_t)label;
			len_at = i;
		}
	}
	q[n + 1] = 0;
	put_be16(q + n + 2, qtype);
	put_be16(q + n + 4, DNS_CLASS_IN);
	return (int)(DNS_HLEN + n + 6);
}

/*
 * The name at *off (in p[0..len)) as dotted text; *off moves past it where it sits (a
 * compression pointer ends it).  Each pointer must point before the start of the labels
 * that led to it, so the walk always terminates.  Labels holding '.' or NUL are refused.
 */
static int read_name(const uint8_t *p, size_t len, size_t *off, char *out)
{
	size_t pos = *off, limit = *off, n = 0;
	bool jumped = false;
	for (;;) {
		if (pos >= len)
			return -WB_ETRUNCATED;
		uint8_t l = p[pos];
		if ((l & 0xc0) == 0xc0) {
			if (pos + 1 >= len)
				return -WB_ETRUNCATED;
			size_t target = (size_t)(l & 0x3f) << 8 | p[pos + 1];
			if (target >= limit)
				return -WB_EPROTO; /* forwards, or a loop */
			if (!jumped)
				*off = pos + 2;
			jumped = true;
			pos = limit = target;
			continue;
		}
		if (l & 0xc0)
			return -WB_EPROTO; /* obsolete extended label types */
		pos++;
		if (!l)
			break;
		if (l > len - pos)
			return -WB_ETRUNCATED;
		if (n + (n ? 1 : 0) + l >= DNS_NAME_MAX)
			return -WB_EPROTO;
		if (n)
			out[n++] = '.';
		for (size_t i = 0; i < l; i++, n++) {
			out[n] = (char)p[pos + i];
			if (!out[n] || out[n] == '.')
				return -WB_EPROTO;
		}
		pos += l;
	}
	out[n] = '\0';
	if (!jumped)
		*off = pos;
	return 0;
}

/*
 * Walk the answer records (count of them from off) for ones owned by target: records of
 * qtype (A: 4 bytes, AAAA: 16) fill r->addrs (up to DNS_ADDRS_MAX), a CNAME (when there is no A record) replaces target
 * with its alias.  0 = addresses found, 1 = alias taken, 2 = nothing for target, or a
 * parse error.
 */
static int scan_answers(const uint8_t *p, size_t len, size_t off, unsigned count, char *target,
			uint16_t qtype, struct dns_result *r)
{
	char owner[DNS_NAME_MAX], alias[DNS_NAME_MAX] = "";
	for (unsigned i = 0; i < count; i++) {
		int err = read_name(p, len, &off, owner);
		if (err < 0)
			return err;
		if (len - off < 10)
			return -WB_ETRUNCATED;
		uint16_t type = get_be16(p + off), cls = get_be16(p + off + 2);
		size_t rd = off + 10, rdlen = get_be16(p + off + 8);
		if (rdlen > len - rd)
			return -WB_ETRUNCATED;
		off = rd + rdlen;
		if (cls != DNS_CLASS_IN || strcasecmp(owner, target))
			continue;
		if (type == qtype && rdlen == (qtype == DNS_TYPE_AAAA ? IPV6_ALEN : 4)) {
			if (r->n_addrs < DNS_ADDRS_MAX) {
				struct ip_addr *a = &r->addrs[r->n_addrs++];
				a->family = qtype == DNS_TYPE_AAAA ? IP_ADDR_V6 : IP_ADDR_V4;
				memcpy(a->v6, p + rd, rdlen); /* v4 shares the union's first bytes */
			}
		} else if (type == DNS_TYPE_CNAME && !alias[0]) {
			size_t end = rd;
			if ((err = read_name(p, rd + rdlen, &end, alias)) < 0)
				return err;
			if (end != rd + rdlen)
				return -WB_EPROTO;
		}
	}
	if (r->n_addrs)
		return 0;
	if (!alias[0])
		return 2;
	memcpy(target, alias, DNS_NAME_MAX);
	return 1;
}

int dns_parse_response(const uint8_t *p, size_t len, uint16_t id, const char *name,
		       uint16_t qtype, struct dns_result *r)
{
	char qname[DNS_NAME_MAX];
	memset(r, 0, sizeof(*r));
	if (len < DNS_HLEN)
		return -WB_ETRUNCATED;
	/* Our id, QR set, opcode QUERY, exactly our one question. */
	if (get_be16(p) != id || (p[2] & 0xf8) != 0x80 || get_be16(p + 4) != 1)
		return -WB_EPROTO;
	r->rcode = p[3] & 0x0f;
	r->truncated = p[2] & 0x02;
	size_t off = DNS_HLEN;
	int err = read_name(p, len, &off, qname);
	if (err < 0)
		return err;
	if (len - off < 4)
		return -WB_ETRUNCATED;
	if (strcasecmp(qname, name) || get_be16(p + off) != qtype ||
	    get_be16(p + off + 2) != DNS_CLASS_IN)
		return -WB_EPROTO;
	off += 4;
	wb_strlcpy(qname, name, sizeof(qname)); /* now: the name whose address we look for */
	for (;;) {
		err = scan_answers(p, len, off, get_be16(p + 6), qname, qtype, r);
		if (err != 1)
			return err < 0 ? err : 0;
		if (++r->cnames > DNS_MAX_CNAMES)
			return 0; /* a chain too long (or a loop): no address */
	}
}
