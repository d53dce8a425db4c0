// SPDX-License-Identifier: GPL-2.0-or-later
/* TCP client: see net/tcp.h. */
#include "net/tcp.h"

#include "core/byteorder.h"
#include "core/errors.h"
#include "core/string.h"
#include "core/time.h"
#include "net/checksum.h"
#include "net/ip_output.h"
#include "net/netif.h"

#define OPT_END 0
#define OPT_NOP 1
#define OPT_MSS 2
#define OPT_WSCALE 3
#define OPT_SACK_OK 4
#define OPT_SACK 5
#define DEFAULT_MSS 536
#define MAX_WSCALE 14

/* Sequence number comparisons modulo 2^32. */
static bool seq_lt(uint32_t a, uint32_t b) { return (int32_t)(a - b) < 0; }
static bool seq_le(uint32_t a, uint32_t b) { return (int32_t)(a - b) <= 0; }

static struct tcp_conn *conn_list(struct netif *nif) { return nif->tcp_state; }

static void conn_link(struct tcp_conn *c)
{
	c->nif->tcp_input = tcp_rx;
	c->next = conn_list(c->nif);
	c->nif->tcp_state = c;
}

static void conn_unlink(struct tcp_conn *c)
{
	if (!c->nif)
		return;
	for (struct tcp_conn **pp = (struct tcp_conn **)&c->nif->tcp_state; *pp; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	}
	c->next = NULL;
}

/* Build and send one segment from src to dst with olen (a multiple of 4) option bytes.
 * dst_mac NULL: through ARP / neighbour discovery (cached since the connect). */
static int xmit(struct netif *nif, const struct ip_addr *src, const struct ip_addr *dst,
		const uint8_t *dst_mac, uint16_t sport, uint16_t dport, uint32_t seq, uint32_t ack,
		uint8_t flags, uint16_t wnd, const uint8_t *opts, size_t olen, const uint8_t *data,
		size_t len)
{
	uint8_t frame[ETH_FRAME_MAX];
	uint8_t *t = frame + ip_headroom(dst->family);
	size_t hlen = TCP_HLEN + olen;
	if (hlen + len > (size_t)(frame + sizeof(frame) - t))
		return -WB_ETOOBIG;
	put_be16(t, sport);
	put_be16(t + 2, dport);
	put_be32(t + 4, seq);
	put_be32(t + 8, ack);
	t[12] = (uint8_t)(hlen / 4) << 4;
	t[13] = flags;
	put_be16(t + 14, wnd);
	put_be16(t + 16, 0);
	put_be16(t + 18, 0);
	if (olen)
		memcpy(t + TCP_HLEN, opts, olen);
	if (len)
		memcpy(t + hlen, data, len);
	uint16_t total = (uint16_t)(hlen + len);
	put_be16(t + 16, inet_csum_fold(inet_csum_add(ip_pseudo_sum(src, dst, IP_PROTO_TCP, total), t, total)));
	return ip_output(nif, frame, total, src, dst, IP_PROTO_TCP, dst_mac);
}

/* The MSS this interface takes for the connection's family (MTU less both headers). */
static uint16_t our_mss(const struct tcp_conn *c)
{
	return (uint16_t)(c->nif->dev->mtu - ip_hlen(c->peer.family) - TCP_HLEN);
}

static uint16_t rcv_window(const struct tcp_conn *c)
{
	uint32_t w = TCP_RCV_WINDOW >> c->rcv_shift;
	return w > 0xffff ? 0xffff : (uint16_t)w;
}

/*
 * The options of a segment we send: MSS, window scale and SACK-permitted on a SYN; on
 * other segments, when the peer agreed to SACK (RFC 2018), up to TCP_SACK_BLOCKS blocks
 * for the data kept after a gap, the block of the segment that came last first.
 */
static size_t build_options(const struct tcp_conn *c, uint8_t flags, uint8_t *o)
{
	if (flags & TCP_SYN) {
		static const uint8_t syn[12] = {OPT_MSS, 4, 0, 0, OPT_NOP, OPT_WSCALE, 3, TCP_WINDOW_SHIFT,
						OPT_NOP, OPT_NOP, OPT_SACK_OK, 2};
		memcpy(o, syn, sizeof(syn));
		put_be16(o + 2, our_mss(c));
		return sizeof(syn);
	}
	if (!c->sack_ok)
		return 0;
	/* Contiguous runs of kept segments, each grown from a seed slot (the newest first). */
	size_t n = 4;
	for (unsigned k = 0; k < TCP_OOO_SEGS && n < 4 + 8 * TCP_SACK_BLOCKS; k++) {
		const struct tcp_ooo_seg *seed = &c->ooo[(c->ooo_newest + k) % TCP_OOO_SEGS];
		if (!seed->len)
			continue;
		uint32_t left = seed->seq, right = seed->seq + seed->len;
		for (bool grew = true; grew;) {
			grew = false;
			for (unsigned i = 0; i < TCP_OOO_SEGS; i++) {
				const struct tcp_ooo_seg *o2 = &c->ooo[i];
				if (!o2->len || seq_lt(right, o2->seq) || seq_lt(o2->seq + o2->len, left))
					continue;
				if (seq_lt(o2->seq, left) || seq_lt(right, o2->seq + o2->len))
					grew = true;
				left = seq_lt(o2->seq, left) ? o2->seq : left;
				right = seq_lt(right, o2->seq + o2->len) ? o2->seq + o2->len : right;
			}
		}
		bool dup = false;
		for (size_t b = 4; b < n; b += 8)
			dup |= get_be32(o + b) == left;
		if (dup)
			continue;
		put_be32(o + n, left);
		put_be32(o + n + 4, right);
		n += 8;
	}
	if (n == 4)
		return 0;
	o[0] = o[1] = OPT_NOP;
	o[2] = OPT_SACK;
	o[3] = (uint8_t)(n - 2);
	return n;
}

static int send_segment(struct tcp_conn *c, uint8_t flags, uint32_t seq, const uint8_t *data, size_t len)
{
	uint8_t opts[4 + 8 * TCP_SACK_BLOCKS];
	if (flags & TCP_ACK)
		c->segs_unacked = 0;
	return xmit(c->nif, &c->local, &c->peer, NULL, c->local_port, c->peer_port, seq, c->rcv_nxt, flags,
		    flags & TCP_SYN ? 0xffff : rcv_window(c), opts, build_options(c, flags, opts), data, len);
}

static void send_ack(struct tcp_conn *c)
{
	send_segment(c, TCP_ACK, c->snd_nxt, NULL, 0);
}

static void arm_timer(struct tcp_conn *c)
{
	c->rto_deadline_us = time_now_us() + (uint64_t)c->rto_ms * 1000;
}

/* The connection is dead: remember why and forget it (the owner still holds the struct). */
static void fail(struct tcp_conn *c, int err)
{
	if (!c->error)
		c->error = err;
	c->state = TCP_CLOSED;
	c->rto_deadline_us = 0;
	conn_unlink(c);
}

/* Send what the buffer holds and the window allows (at least one segment when forced). */
static void output(struct tcp_conn *c, bool force)
{
	while (c->state != TCP_SYN_SENT && c->state != TCP_CLOSED) {
		size_t off = c->snd_nxt - c->snd_una;
		if (off >= c->snd_len)
			break;
		size_t n = c->snd_len - off;
		if (n > c->mss)
			n = c->mss;
		if (!force) {
			if (off >= c->snd_wnd)
				break;
			if (off + n > c->snd_wnd)
				n = c->snd_wnd - off;
		}
		force = false;
		if (!c->rtt_timing) {
			c->rtt_timing = true;
			c->rtt_seq = c->snd_nxt + (uint32_t)n;
			c->rtt_start_us = time_now_us();
		}
		send_segment(c, TCP_ACK | TCP_PSH, c->snd_nxt, c->sndbuf + off, n);
		c->snd_nxt += (uint32_t)n;
		if (!c->rto_deadline_us)
			arm_timer(c);
	}
	if (c->fin_queued && !c->fin_sent && c->snd_nxt - c->snd_una == c->snd_len) {
		c->fin_seq = c->snd_nxt;
		send_segment(c, TCP_FIN | TCP_ACK, c->snd_nxt, NULL, 0);
		c->snd_nxt++;
		c->fin_sent = true;
		if (!c->rto_deadline_us)
			arm_timer(c);
	}
}

/* RFC 6298 estimator, in milliseconds. */
static void rtt_sample(struct tcp_conn *c, uint32_t r)
{
	if (!c->rtt_valid) {
		c->srtt_ms = r;
		c->rttvar_ms = r / 2;
		c->rtt_valid = true;
	} else {
		uint32_t d = c->srtt_ms > r ? c->srtt_ms - r : r - c->srtt_ms;
		c->rttvar_ms = (3 * c->rttvar_ms + d) / 4;
		c->srtt_ms = (7 * c->srtt_ms + r) / 8;
	}
	uint32_t rto = c->srtt_ms + (4 * c->rttvar_ms > 10 ? 4 * c->rttvar_ms : 10);
	c->rto_ms = rto < TCP_RTO_MIN_MS ? TCP_RTO_MIN_MS : rto > TCP_RTO_MAX_MS ? TCP_RTO_MAX_MS : rto;
}

/* Go back to snd_una and send again (timeout or fast retransmit). */
static void retransmit(struct tcp_conn *c)
{
	c->retransmits++;
	c->rtt_timing = false; /* Karn: no samples from retransmitted data */
	if (c->state == TCP_SYN_SENT) {
		send_segment(c, TCP_SYN, c->iss, NULL, 0);
		return;
	}
	c->snd_nxt = c->snd_una;
	if (c->fin_sent && !c->fin_acked)
		c->fin_sent = false;
	output(c, true);
}

/* MSS and window scale from the peer's SYN options; the MSS is capped by our MTU. */
static void parse_syn_options(struct tcp_conn *c, const uint8_t *o, size_t len)
{
	c->mss = DEFAULT_MSS;
	c->snd_shift = 0;
	c->rcv_shift = 0;
	c->sack_ok = false;
	size_t i = 0;
	while (i < len) {
		uint8_t kind = o[i];
		if (kind == OPT_END)
			break;
		if (kind == OPT_NOP) {
			i++;
			continue;
		}
		if (i + 2 > len || o[i + 1] < 2 || i + o[i + 1] > len)
			break;
		if (kind == OPT_MSS && o[i + 1] == 4) {
			uint16_t mss = get_be16(o + i + 2);
			if (mss >= 64)
				c->mss = mss;
		} else if (kind == OPT_WSCALE && o[i + 1] == 3) {
			c->snd_shift = o[i + 2] > MAX_WSCALE ? MAX_WSCALE : o[i + 2];
			c->rcv_shift = TCP_WINDOW_SHIFT;
		} else if (kind == OPT_SACK_OK && o[i + 1] == 2) {
			c->sack_ok = true;
		}
		i += o[i + 1];
	}
	uint16_t ours = our_mss(c);
	if (c->mss > ours)
		c->mss = ours;
}

/* An ACK for new data (or our SYN/FIN): drop what it covers, restart or stop the timer. */
static void ack_received(struct tcp_conn *c, uint32_t ack)
{
	uint32_t acked = ack - c->snd_una;
	size_t data = acked > c->snd_len ? c->snd_len : acked;
	memmove(c->sndbuf, c->sndbuf + data, c->snd_len - data);
	c->snd_len -= data;
	c->snd_una = ack;
	if (c->fin_sent && seq_lt(c->fin_seq, ack))
		c->fin_acked = true;
	if (c->rtt_timing && seq_le(c->rtt_seq, ack)) {
		c->rtt_timing = false;
		rtt_sample(c, (uint32_t)(time_now_us() - c->rtt_start_us) / 1000); /* 32-bit division */
	}
	c->retries = 0;
	c->dupacks = 0;
	c->rto_deadline_us = 0;
	if (c->snd_una != c->snd_nxt)
		arm_timer(c);
}

/* The peer's FIN: deliver EOF and move the state on. */
static void peer_closed(struct tcp_conn *c)
{
	c->rcv_nxt++;
	c->fin_received = true;
	if (c->rx)
		c->rx(c, NULL, 0);
	if (c->state == TCP_ESTABLISHED)
		c->state = TCP_CLOSE_WAIT;
	else if (c->state == TCP_FIN_WAIT_1)
		c->state = c->fin_acked ? TCP_DONE : TCP_CLOSING;
	else if (c->state == TCP_FIN_WAIT_2)
		c->state = TCP_DONE;
}

/* In-order bytes to the owner; false when it refused them (the connection is then aborted). */
static bool deliver(struct tcp_conn *c, const uint8_t *data, size_t len)
{
	c->rcv_nxt += (uint32_t)len;
	c->segs_unacked++;
	int err = c->rx ? c->rx(c, data, len) : 0;
	if (err < 0) {
		tcp_abort(c);
		c->error = err;
		return false;
	}
	return true;
}

/*
 * Keep a segment that arrived after a gap (at most TCP_OOO_SEG_MAX bytes of it) in a free
 * slot, unless it lies beyond the window we advertised or repeats one already kept.  Its
 * FIN is remembered (at the segment's end) unless the segment had to be cut.
 */
static void ooo_store(struct tcp_conn *c, uint32_t seq, const uint8_t *data, size_t len, bool fin)
{
	struct tcp_ooo_seg *slot = NULL;
	if (len > TCP_OOO_SEG_MAX) {
		len = TCP_OOO_SEG_MAX;
		fin = false;
	}
	if (seq + (uint32_t)len - c->rcv_nxt > ((uint32_t)rcv_window(c) << c->rcv_shift)) {
		c->ooo_dropped++; /* beyond the window */
		return;
	}
	for (unsigned i = 0; i < TCP_OOO_SEGS; i++) {
		struct tcp_ooo_seg *o = &c->ooo[i];
		if (!o->len)
			slot = slot ? slot : o;
		else if (seq_le(o->seq, seq) && seq_le(seq + (uint32_t)len, o->seq + o->len))
			return; /* a duplicate */
	}
	if (fin) {
		c->ooo_fin = true;
		c->ooo_fin_seq = seq + (uint32_t)len;
	}
	if (!len)
		return;
	if (!slot) {
		c->ooo_dropped++;
		return;
	}
	slot->seq = seq;
	slot->len = (uint16_t)len;
	c->ooo_newest = (unsigned)(slot - c->ooo);
	memcpy(slot->data, data, len);
	c->ooo_queued++;
}

/*
 * Deliver the kept segments that rcv_nxt has reached (overlaps trimmed), and set *fin when
 * a remembered FIN is now in order.  Returns how many were delivered, or -1 when the owner
 * aborted the connection.
 */
static int ooo_drain(struct tcp_conn *c, bool *fin)
{
	int n = 0;
	for (bool progress = true; progress;) {
		progress = false;
		for (unsigned i = 0; i < TCP_OOO_SEGS; i++) {
			struct tcp_ooo_seg *o = &c->ooo[i];
			if (!o->len || seq_lt(c->rcv_nxt, o->seq))
				continue;
			uint32_t skip = c->rcv_nxt - o->seq;
			size_t len = o->len;
			o->len = 0;
			if (skip >= len)
				continue; /* all of it came again in order */
			if (!deliver(c, o->data + skip, len - skip))
				return -1;
			progress = true;
			n++;
		}
	}
	if (c->ooo_fin && c->ooo_fin_seq == c->rcv_nxt)
		*fin = true;
	return n;
}

/* A segment for an established (or closing) connection. */
static void rx_synchronized(struct tcp_conn *c, uint32_t seq, uint32_t ack, uint8_t flags, uint16_t wnd,
			    const uint8_t *data, size_t len)
{
	if (flags & TCP_RST) {
		/* Only an exact hit resets (RFC 5961); anything else in the window gets an ACK. */
		if (seq == c->rcv_nxt)
			fail(c, -WB_EIO);
		else
			send_ack(c);
		return;
	}
	if (flags & TCP_SYN) { /* a retransmitted SYN-ACK (our ACK was lost), or an attack */
		send_ack(c);
		return;
	}
	if (!(flags & TCP_ACK))
		return;

	if (seq_lt(c->snd_una, ack) && seq_le(ack, c->snd_nxt)) {
		ack_received(c, ack);
	} else if (ack == c->snd_una && !len && !(flags & TCP_FIN) && c->snd_una != c->snd_nxt) {
		if (++c->dupacks == 3)
			retransmit(c);
	} else if (seq_lt(c->snd_nxt, ack)) {
		send_ack(c); /* acknowledges something we never sent */
		return;
	}
	c->snd_wnd = (uint32_t)wnd << c->snd_shift;
	if (c->fin_acked) {
		if (c->state == TCP_FIN_WAIT_1)
			c->state = TCP_FIN_WAIT_2;
		else if (c->state == TCP_CLOSING || c->state == TCP_LAST_ACK)
			c->state = TCP_DONE;
	}

	bool fin = flags & TCP_FIN;
	if (!len && !fin)
		goto out;
	/* Trim what we already have. */
	if (seq_lt(seq, c->rcv_nxt)) {
		uint32_t skip = c->rcv_nxt - seq;
		if (skip >= len + fin) { /* entirely old: the peer missed our ACK */
			send_ack(c);
			return;
		}
		data += skip;
		len -= skip;
		seq += skip;
	}
	if (seq != c->rcv_nxt) { /* after a gap: keep it if we can, duplicate ACK for the gap */
		ooo_store(c, seq, data, len, fin);
		c->dupacks_sent++;
		send_ack(c);
		return;
	}
	bool receiving = c->state == TCP_ESTABLISHED || c->state == TCP_FIN_WAIT_1 ||
			 c->state == TCP_FIN_WAIT_2;
	if (len && receiving && !c->fin_received) {
		if (!deliver(c, data, len))
			return;
		int filled = ooo_drain(c, &fin);
		if (filled < 0)
			return;
		if (filled)
			send_ack(c); /* a gap closed: tell the sender at once (RFC 5681) */
	}
	if (fin && !c->fin_received) {
		peer_closed(c);
		send_ack(c);
		return;
	}
out:
	if (c->segs_unacked >= 2) /* RFC 1122: at least every second full segment */
		send_ack(c);
	output(c, false); /* the window may have opened */
}

static struct tcp_conn *find_conn(struct netif *nif, const struct ip_addr *ip, uint16_t sport,
				   uint16_t dport)
{
	for (struct tcp_conn *c = conn_list(nif); c; c = c->next)
		if (c->local_port == dport && c->peer_port == sport && ip_addr_eq(&c->peer, ip))
			return c;
	return NULL;
}

void tcp_rx(struct netif *nif, const struct ip_addr *src, const struct ip_addr *dst,
	    const uint8_t *src_mac, const uint8_t *data, size_t len)
{
	if (len < TCP_HLEN)
		goto drop;
	size_t hlen = (size_t)(data[12] >> 4) * 4;
	if (hlen < TCP_HLEN || hlen > len || len > 0xffff ||
	    inet_csum_fold(inet_csum_add(ip_pseudo_sum(src, dst, IP_PROTO_TCP, (uint16_t)len), data, len)) != 0)
		goto drop;
	/* No TCP to broadcast addresses, nor before we have an address (IPv6: net/ipv6.c only
	 * passes our unicast addresses). */
	if (dst->family == IP_ADDR_V4 && (!nif->ip || dst->v4 != nif->ip))
		goto drop;
	uint16_t sport = get_be16(data), dport = get_be16(data + 2);
	uint32_t seq = get_be32(data + 4), ack = get_be32(data + 8);
	uint8_t flags = data[13];
	uint16_t wnd = get_be16(data + 14);
	const uint8_t *payload = data + hlen;
	size_t plen = len - hlen;

	struct tcp_conn *c = find_conn(nif, src, sport, dport);
	if (!c || c->state == TCP_CLOSED) {
		/* Nobody here: RST (RFC 9293 3.10.7.1), never in answer to a RST. */
		if (!(flags & TCP_RST)) {
			if (flags & TCP_ACK)
				xmit(nif, dst, src, src_mac, dport, sport, ack, 0, TCP_RST, 0, NULL, 0, NULL, 0);
			else
				xmit(nif, dst, src, src_mac, dport, sport, 0,
				     seq + (uint32_t)plen + !!(flags & TCP_SYN) + !!(flags & TCP_FIN),
				     TCP_RST | TCP_ACK, 0, NULL, 0, NULL, 0);
		}
		goto drop;
	}
	if (c->state != TCP_SYN_SENT) {
		rx_synchronized(c, seq, ack, flags, wnd, payload, plen);
		return;
	}
	/* SYN-SENT: waiting for the SYN-ACK. */
	if ((flags & TCP_ACK) && ack != c->iss + 1) {
		if (!(flags & TCP_RST))
			xmit(nif, dst, src, src_mac, dport, sport, ack, 0, TCP_RST, 0, NULL, 0, NULL, 0);
		return;
	}
	if (flags & TCP_RST) {
		if (flags & TCP_ACK)
			fail(c, -WB_EIO); /* connection refused */
		return;
	}
	if (!(flags & TCP_SYN) || !(flags & TCP_ACK))
		return; /* no simultaneous open */
	parse_syn_options(c, data + TCP_HLEN, hlen - TCP_HLEN);
	c->rcv_nxt = seq + 1;
	c->state = TCP_ESTABLISHED;
	ack_received(c, ack);
	c->snd_wnd = wnd; /* never scaled in a SYN */
	send_ack(c);
	output(c, false);
	return;
drop:
	nif->stats.rx_dropped++;
}

/* ---- the caller's side -------------------------------------------------------------------- */

static void run_timers(struct tcp_conn *c)
{
	if (!c->rto_deadline_us || !time_after_us(time_now_us(), c->rto_deadline_us))
		return;
	unsigned limit = c->state == TCP_SYN_SENT ? TCP_SYN_TRIES - 1 : TCP_MAX_RETRIES;
	if (++c->retries > limit) {
		fail(c, -WB_ETIMEDOUT);
		return;
	}
	c->rto_ms = c->rto_ms * 2 > TCP_RTO_MAX_MS ? TCP_RTO_MAX_MS : c->rto_ms * 2;
	retransmit(c);
	arm_timer(c);
}

int tcp_poll(struct tcp_conn *c)
{
	net_poll(c->nif);
	if (c->state == TCP_CLOSED)
		return c->error;
	run_timers(c);
	if (c->segs_unacked && c->state != TCP_CLOSED)
		send_ack(c);
	return c->error;
}

int tcp_connect(struct tcp_conn *c, struct netif *nif, const struct ip_addr *ip, uint16_t port)
{
	c->nif = nif;
	c->peer = *ip;
	c->state = TCP_CLOSED;
	int err = ip_source(nif, ip, &c->local);
	if (err < 0)
		return c->error = err;
	c->peer_port = port;
	c->error = 0;
	c->snd_len = 0;
	c->fin_queued = c->fin_sent = c->fin_acked = c->fin_received = false;
	c->segs_unacked = c->retries = c->dupacks = 0;
	c->retransmits = c->dupacks_sent = c->ooo_dropped = c->ooo_queued = 0;
	c->ooo_fin = c->sack_ok = false;
	c->ooo_newest = 0;
	for (unsigned i = 0; i < TCP_OOO_SEGS; i++)
		c->ooo[i].len = 0;
	c->rtt_valid = c->rtt_timing = false;
	c->rto_ms = TCP_RTO_INITIAL_MS;
	c->mss = DEFAULT_MSS;
	c->snd_shift = c->rcv_shift = 0;
	c->snd_wnd = 0;
	c->rcv_nxt = 0;
	do
		c->local_port = netif_ephemeral_port(nif);
	while (find_conn(nif, ip, port, c->local_port));
	c->iss = netif_random(nif);
	c->snd_una = c->iss;
	c->snd_nxt = c->iss + 1;
	c->state = TCP_SYN_SENT;
	conn_link(c);
	err = send_segment(c, TCP_SYN, c->iss, NULL, 0);
	if (err < 0) { /* no ARP answer, no route */
		conn_unlink(c);
		c->state = TCP_CLOSED;
		return c->error = err;
	}
	arm_timer(c);
	while (c->state == TCP_SYN_SENT && !c->error)
		tcp_poll(c);
	if (c->error || c->state == TCP_CLOSED) {
		conn_unlink(c);
		return c->error ? c->error : -WB_EIO;
	}
	return 0;
}

int tcp_send(struct tcp_conn *c, const void *data, size_t len)
{
	if (c->error)
		return c->error;
	if (c->state != TCP_ESTABLISHED && c->state != TCP_CLOSE_WAIT)
		return -WB_EINVAL;
	if (len > TCP_SNDBUF - c->snd_len)
		return -WB_ETOOBIG;
	memcpy(c->sndbuf + c->snd_len, data, len);
	c->snd_len += len;
	output(c, false);
	return 0;
}

void tcp_abort(struct tcp_conn *c)
{
	if (c->state != TCP_CLOSED && c->state != TCP_DONE)
		xmit(c->nif, &c->local, &c->peer, NULL, c->local_port, c->peer_port, c->snd_nxt, 0, TCP_RST, 0,
		     NULL, 0, NULL, 0);
	c->state = TCP_CLOSED;
	c->rto_deadline_us = 0;
	conn_unlink(c);
}

void tcp_close(struct tcp_conn *c)
{
	if (c->state == TCP_ESTABLISHED || c->state == TCP_CLOSE_WAIT) {
		c->state = c->state == TCP_ESTABLISHED ? TCP_FIN_WAIT_1 : TCP_LAST_ACK;
		c->fin_queued = true;
		output(c, false);
		uint64_t deadline = time_now_us() + (uint64_t)TCP_CLOSE_WAIT_MS * 1000;
		while (c->state != TCP_DONE && c->state != TCP_CLOSED && !time_after_us(time_now_us(), deadline))
			tcp_poll(c);
	}
	if (c->state == TCP_DONE) {
		c->state = TCP_CLOSED;
		conn_unlink(c);
		return;
	}
	tcp_abort(c);
}
