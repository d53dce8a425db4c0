// SPDX-License-Identifier: GPL-2.0-or-later
/* See fake_netdev.h. */
#include "tests/unit/fake_netdev.h"

#include <stdlib.h>
#include <string.h>

#include "core/byteorder.h"
#include "core/errors.h"
#include "net/checksum.h"
#include "tests/unit/fake_platform.h"

static struct fake_frame *frame_new(const void *data, size_t len)
{
	struct fake_frame *f = calloc(1, sizeof(*f));
	if (!f)
		abort();
	if (len > sizeof(f->data))
		len = sizeof(f->data);
	memcpy(f->data, data, len);
	f->len = len;
	f->time_us = fake_time_us;
	return f;
}

static void enqueue(struct fake_frame **head, struct fake_frame **tail, struct fake_frame *f)
{
	if (*tail)
		(*tail)->next = f;
	else
		*head = f;
	*tail = f;
}

static struct fake_frame *dequeue(struct fake_frame **head, struct fake_frame **tail)
{
	struct fake_frame *f = *head;
	if (f) {
		*head = f->next;
		if (!*head)
			*tail = NULL;
	}
	return f;
}

static int fake_transmit(struct netdev *dev, const void *frame, size_t len)
{
	struct fake_netdev *fd = dev->priv;
	if (len < 14 || len > ETH_FRAME_MAX)
		return -WB_EINVAL;
	enqueue(&fd->tx_head, &fd->tx_tail, frame_new(frame, len));
	fd->tx_count++;
	fd->tx_total++;
	if (fd->on_transmit)
		fd->on_transmit(fd, frame, len);
	return 0;
}

static int fake_receive(struct netdev *dev, void *buf, size_t cap)
{
	struct fake_netdev *fd = dev->priv;
	if (!fd->rx_head || fd->rx_head->due_us > fake_time_us) {
		fake_time_advance_ms(fd->idle_advance_ms);
		if (fd->on_idle)
			fd->on_idle(fd);
		return 0;
	}
	struct fake_frame *f = dequeue(&fd->rx_head, &fd->rx_tail);
	fd->rx_count--;
	size_t n = f->len < cap ? f->len : cap;
	memcpy(buf, f->data, n);
	free(f);
	return (int)n;
}

void fake_netdev_init(struct fake_netdev *fd, const char *name, uint8_t last)
{
	memset(fd, 0, sizeof(*fd));
	fd->dev.name = name;
	static const uint8_t mac[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x00};
	memcpy(fd->dev.mac, mac, 6);
	fd->dev.mac[5] = last;
	fd->dev.mtu = 1500;
	fd->dev.transmit = fake_transmit;
	fd->dev.receive = fake_receive;
	fd->dev.priv = fd;
	fd->idle_advance_ms = 1;
}

void fake_netdev_clear_tx(struct fake_netdev *fd)
{
	struct fake_frame *f;
	while ((f = dequeue(&fd->tx_head, &fd->tx_tail)))
		free(f);
	fd->tx_count = 0;
}

void fake_netdev_free(struct fake_netdev *fd)
{
	struct fake_frame *f;
	while ((f = dequeue(&fd->rx_head, &fd->rx_tail)))
		free(f);
	fake_netdev_clear_tx(fd);
	fd->rx_count = 0;
}

void fake_netdev_inject_delayed(struct fake_netdev *fd, uint32_t delay_ms, const void *frame, size_t len)
{
	struct fake_frame *f = frame_new(frame, len);
	f->due_us = fake_time_us + (uint64_t)delay_ms * 1000;
	enqueue(&fd->rx_head, &fd->rx_tail, f);
	fd->rx_count++;
}

void fake_netdev_inject(struct fake_netdev *fd, const void *frame, size_t len)
{
	fake_netdev_inject_delayed(fd, 0, frame, len);
}

size_t fake_netdev_pop_tx(struct fake_netdev *fd, uint8_t *buf, size_t cap, uint64_t *time_us)
{
	struct fake_frame *f = dequeue(&fd->tx_head, &fd->tx_tail);
	if (!f)
		return 0;
	fd->tx_count--;
	size_t n = f->len < cap ? f->len : cap;
	memcpy(buf, f->data, n);
	if (time_us)
		*time_us = f->time_us;
	free(f);
	return n;
}

/* ---- frames ----------------------------------------------------------------------------- */

uint32_t fake_ip(uint8_t a, uint8_t b, uint8_t c, uint8_t d)
{
	uint8_t p[4] = {a, b, c, d};
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}

static void eth_header(uint8_t *frame, const uint8_t dst[6], const uint8_t src[6], uint16_t type)
{
	memcpy(frame, dst, 6);
	memcpy(frame + 6, src, 6);
	put_be16(frame + 12, type);
}

size_t fake_build_ipv4(uint8_t *frame, const uint8_t dst_mac[6], const uint8_t src_mac[6],
		       uint32_t src, uint32_t dst, uint8_t proto, uint16_t id, uint16_t frag,
		       const void *payload, size_t len)
{
	eth_header(frame, dst_mac, src_mac, 0x0800);
	uint8_t *h = frame + 14;
	memset(h, 0, 20);
	h[0] = 0x45;
	put_be16(h + 2, (uint16_t)(20 + len));
	put_be16(h + 4, id);
	put_be16(h + 6, frag);
	h[8] = 64;
	h[9] = proto;
	memcpy(h + 12, &src, 4);
	memcpy(h + 16, &dst, 4);
	put_be16(h + 10, inet_checksum(h, 20));
	memcpy(h + 20, payload, len);
	return 14 + 20 + len;
}

size_t fake_build_udp_datagram(uint8_t *out, uint32_t src, uint32_t dst, uint16_t sport,
			       uint16_t dport, const void *payload, size_t len)
{
	uint16_t ulen = (uint16_t)(8 + len);
	put_be16(out, sport);
	put_be16(out + 2, dport);
	put_be16(out + 4, ulen);
	put_be16(out + 6, 0);
	memcpy(out + 8, payload, len);
	uint16_t c = inet_csum_fold(inet_csum_add(inet_pseudo_sum(src, dst, 17, ulen), out, ulen));
	put_be16(out + 6, c ? c : 0xffff);
	return ulen;
}

size_t fake_build_udp(uint8_t *frame, const uint8_t dst_mac[6], const uint8_t src_mac[6],
		      uint32_t src, uint32_t dst, uint16_t sport, uint16_t dport,
		      const void *payload, size_t len)
{
	uint8_t dgram[ETH_FRAME_MAX];
	size_t n = fake_build_udp_datagram(dgram, src, dst, sport, dport, payload, len);
	return fake_build_ipv4(frame, dst_mac, src_mac, src, dst, 17, 1, 0x4000, dgram, n);
}

size_t fake_build_arp(uint8_t *frame, const uint8_t dst_mac[6], uint16_t op, const uint8_t sha[6],
		      uint32_t spa, const uint8_t tha[6], uint32_t tpa)
{
	eth_header(frame, dst_mac, sha, 0x0806);
	uint8_t *a = frame + 14;
	put_be16(a, 1);
	put_be16(a + 2, 0x0800);
	a[4] = 6;
	a[5] = 4;
	put_be16(a + 6, op);
	memcpy(a + 8, sha, 6);
	memcpy(a + 14, &spa, 4);
	memcpy(a + 18, tha, 6);
	memcpy(a + 24, &tpa, 4);
	memset(frame + 42, 0, 18); /* padding to the 60-byte minimum */
	return 60;
}

int fake_parse(const uint8_t *frame, size_t len, struct fake_parsed *p)
{
	memset(p, 0, sizeof(*p));
	if (len < 14)
		return -1;
	memcpy(p->dst_mac, frame, 6);
	memcpy(p->src_mac, frame + 6, 6);
	p->ethertype = get_be16(frame + 12);
	const uint8_t *d = frame + 14;
	size_t n = len - 14;
	if (p->ethertype == 0x0806) {
		if (n < 28)
			return -1;
		p->arp_op = get_be16(d + 6);
		memcpy(p->arp_sha, d + 8, 6);
		memcpy(&p->arp_spa, d + 14, 4);
		memcpy(p->arp_tha, d + 18, 6);
		memcpy(&p->arp_tpa, d + 24, 4);
		return 0;
	}
	if (p->ethertype != 0x0800 || n < 20 || (d[0] & 0x0f) != 5 || get_be16(d + 2) > n ||
	    get_be16(d + 2) < 20)
		return -1;
	n = get_be16(d + 2);
	p->ip_csum_ok = inet_checksum(d, 20) == 0;
	p->ttl = d[8];
	p->proto = d[9];
	p->frag = get_be16(d + 6);
	memcpy(&p->src, d + 12, 4);
	memcpy(&p->dst, d + 16, 4);
	p->ip_payload = d + 20;
	p->ip_payload_len = n - 20;
	if (p->proto != 17)
		return 0;
	const uint8_t *u = d + 20;
	if (p->ip_payload_len < 8 || get_be16(u + 4) != p->ip_payload_len)
		return -1;
	p->sport = get_be16(u);
	p->dport = get_be16(u + 2);
	p->udp_csum = get_be16(u + 6);
	p->udp_csum_ok = p->udp_csum &&
			 inet_csum_fold(inet_csum_add(inet_pseudo_sum(p->src, p->dst, 17,
								      (uint16_t)p->ip_payload_len),
						      u, p->ip_payload_len)) == 0;
	p->payload = u + 8;
	p->payload_len = p->ip_payload_len - 8;
	return 0;
}

/* ---- IPv6 ------------------------------------------------------------------------------- */

static uint32_t sum16(uint32_t s, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i + 1 < n; i += 2)
		s += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (n & 1)
		s += (uint32_t)p[n - 1] << 8;
	return s;
}

uint16_t fake_csum6(const uint8_t *src, const uint8_t *dst, uint8_t nh, const uint8_t *p, size_t n)
{
	uint32_t s = sum16(sum16(0, src, 16), dst, 16);
	s += (uint32_t)n + nh;
	s = sum16(s, p, n);
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

size_t fake_build_ipv6(uint8_t *f, const uint8_t *dmac, const uint8_t *smac, const uint8_t *src,
		       const uint8_t *dst, uint8_t nh, uint8_t hop, const void *payload, size_t len)
{
	memcpy(f, dmac, 6);
	memcpy(f + 6, smac, 6);
	f[12] = 0x86;
	f[13] = 0xdd;
	uint8_t *h = f + 14;
	memset(h, 0, 40);
	h[0] = 0x60;
	h[4] = (uint8_t)(len >> 8);
	h[5] = (uint8_t)len;
	h[6] = nh;
	h[7] = hop;
	memcpy(h + 8, src, 16);
	memcpy(h + 24, dst, 16);
	memcpy(h + 40, payload, len);
	return 54 + len;
}

size_t fake_build_icmpv6(uint8_t *f, const uint8_t *dmac, const uint8_t *smac, const uint8_t *src,
			 const uint8_t *dst, uint8_t hop, uint8_t *msg, size_t len)
{
	msg[2] = msg[3] = 0;
	uint16_t c = fake_csum6(src, dst, 58, msg, len);
	msg[2] = (uint8_t)(c >> 8);
	msg[3] = (uint8_t)c;
	return fake_build_ipv6(f, dmac, smac, src, dst, 58, hop, msg, len);
}

size_t fake_build_udp6(uint8_t *u, const uint8_t *src, const uint8_t *dst, uint16_t sport,
		       uint16_t dport, const void *data, size_t len)
{
	size_t n = 8 + len;
	u[0] = (uint8_t)(sport >> 8), u[1] = (uint8_t)sport;
	u[2] = (uint8_t)(dport >> 8), u[3] = (uint8_t)dport;
	u[4] = (uint8_t)(n >> 8), u[5] = (uint8_t)n;
	u[6] = u[7] = 0;
	memmove(u + 8, data, len);
	uint16_t c = fake_csum6(src, dst, 17, u, n);
	u[6] = (uint8_t)(c >> 8);
	u[7] = (uint8_t)c;
	return n;
}

void fake_group_mac(const uint8_t *g, uint8_t *mac)
{
	mac[0] = mac[1] = 0x33;
	memcpy(mac + 2, g + 12, 4);
}

int fake_parse6(const uint8_t *f, size_t n, struct fake_parsed6 *s)
{
	if (n < 54 || f[12] != 0x86 || f[13] != 0xdd || f[14] >> 4 != 6)
		return -1;
	memcpy(s->dmac, f, 6);
	const uint8_t *h = f + 14;
	s->len = (size_t)(h[4] << 8 | h[5]);
	if (s->len + 54 > n)
		return -1;
	s->nh = h[6];
	s->hop = h[7];
	memcpy(s->src, h + 8, 16);
	memcpy(s->dst, h + 24, 16);
	s->payload = h + 40;
	s->csum_ok = fake_csum6(s->src, s->dst, s->nh, s->payload, s->len) == 0;
	return 0;
}
