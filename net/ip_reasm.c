// SPDX-License-Identifier: GPL-2.0-or-later
/* IPv4 and IPv6 fragment reassembly: see net/ip_reasm.h. */
#include "net/ip_reasm.h"

#include "core/heap.h"
#include "core/string.h"
#include "core/time.h"
#include "net/netif.h"

#define REASM_UNITS ((IP_REASM_MAX_LEN + 7) / 8)

/* One datagram being reassembled; `map` has a bit per 8-byte unit received. */
struct reasm_slot {
	bool used;
	struct ip_addr src, dst;
	uint32_t id;
	uint8_t proto, ttl;
	uint8_t src_mac[ETH_ALEN];
	uint64_t started_us;
	uint8_t *buf;
	size_t cap;
	size_t total;      /* payload length, known once the last fragment came; else 0 */
	size_t max_end;    /* highest byte received so far */
	unsigned frags;
	uint8_t map[(REASM_UNITS + 7) / 8];
};

struct reasm {
	struct reasm_slot slot[IP_REASM_SLOTS];
};

static void slot_free(struct reasm_slot *s)
{
	wb_free(s->buf);
	memset(s, 0, sizeof(*s));
}

static bool unit_set(const struct reasm_slot *s, size_t u) { return s->map[u / 8] & (1u << (u % 8)); }

void ip_reasm_expire(struct netif *nif)
{
	struct reasm *r = nif->reassembly;
	if (!r)
		return;
	uint64_t now = time_now_us();
	for (int i = 0; i < IP_REASM_SLOTS; i++) {
		struct reasm_slot *s = &r->slot[i];
		if (s->used && now - s->started_us >= (uint64_t)IP_REASM_TIMEOUT_MS * 1000) {
			slot_free(s);
			nif->stats.rx_dropped++;
		}
	}
}

void ip_reasm_free(struct netif *nif)
{
	struct reasm *r = nif->reassembly;
	if (!r)
		return;
	for (int i = 0; i < IP_REASM_SLOTS; i++)
		slot_free(&r->slot[i]);
	wb_free(r);
	nif->reassembly = NULL;
}

/* The slot for this datagram: its own, a free one, or the oldest one evicted. */
static struct reasm_slot *slot_for(struct reasm *r, const struct ip_frag *f)
{
	struct reasm_slot *victim = NULL;
	for (int i = 0; i < IP_REASM_SLOTS; i++) {
		struct reasm_slot *s = &r->slot[i];
		if (s->used && ip_addr_eq(&s->src, &f->src) && ip_addr_eq(&s->dst, &f->dst) &&
		    s->id == f->id && s->proto == f->proto)
			return s;
		if (!victim || (victim->used && (!s->used || s->started_us < victim->started_us)))
			victim = s;
	}
	slot_free(victim);
	victim->used = true;
	victim->src = f->src;
	victim->dst = f->dst;
	victim->id = f->id;
	victim->proto = f->proto;
	victim->ttl = f->ttl;
	memcpy(victim->src_mac, f->src_mac, ETH_ALEN);
	victim->started_us = time_now_us();
	return victim;
}

/* Make room for `end` bytes in the slot's buffer; false when memory runs out. */
static bool slot_grow(struct reasm_slot *s, size_t end)
{
	if (end <= s->cap)
		return true;
	size_t cap = s->cap ? s->cap : 2048;
	while (cap < end)
		cap *= 2;
	if (cap > IP_REASM_MAX_LEN)
		cap = IP_REASM_MAX_LEN;
	uint8_t *nb = wb_realloc(s->buf, cap);
	if (!nb)
		return false;
	s->buf = nb;
	s->cap = cap;
	return true;
}

bool ip_reasm_add(struct netif *nif, const struct ip_frag *f, struct ip_reasm_done *done)
{
	size_t end = f->off + f->len;
	ip_reasm_expire(nif);
	/* Every fragment but the last carries a multiple of 8 bytes. */
	if (f->len == 0 || (f->more && f->len % 8) || end > IP_REASM_MAX_LEN) {
		nif->stats.rx_dropped++;
		return false;
	}
	if (!nif->reassembly && !(nif->reassembly = wb_zalloc(sizeof(struct reasm)))) {
		nif->stats.rx_dropped++;
		return false;
	}
	struct reasm_slot *s = slot_for(nif->reassembly, f);

	/* Inconsistent lengths, too many pieces, or overlapping data: drop the datagram. */
	bool bad = ++s->frags > IP_REASM_MAX_FRAGS || (s->total && end > s->total) ||
		   (!f->more && (s->max_end > end || (s->total && s->total != end)));
	size_t first = f->off / 8, last = (end + 7) / 8, have = 0;
	for (size_t u = first; !bad && u < last; u++)
		have += unit_set(s, u);
	if (!bad && have == last - first) /* an exact duplicate: keep what we have */
		return false;
	if (bad || have || !slot_grow(s, end)) {
		slot_free(s);
		nif->stats.rx_dropped++;
		return false;
	}
	memcpy(s->buf + f->off, f->data, f->len);
	for (size_t u = first; u < last; u++)
		s->map[u / 8] |= (uint8_t)(1u << (u % 8));
	if (end > s->max_end)
		s->max_end = end;
	if (!f->more)
		s->total = end;
	if (!s->total)
		return false;
	for (size_t u = 0; u < (s->total + 7) / 8; u++)
		if (!unit_set(s, u))
			return false;

	/* Complete: detach the buffer first, the handler may poll (and reassemble) again. */
	done->data = s->buf;
	done->len = s->total;
	done->ttl = s->ttl;
	memcpy(done->src_mac, s->src_mac, ETH_ALEN);
	s->buf = NULL;
	slot_free(s);
	return true;
}
