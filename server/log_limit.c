// SPDX-License-Identifier: GPL-2.0-or-later
/* Rate limiting of log lines about bad packets (see server/log_limit.h). */
#include <string.h>

#include "core/printf.h"
#include "server/event_loop.h"
#include "server/log.h"
#include "server/log_limit.h"

#define PROBES 8

static const char *const kind_names[LOG_KIND_COUNT] = {
	[LOG_KIND_DHCP_MALFORMED] = "dhcp malformed packet",
	[LOG_KIND_TFTP_MALFORMED] = "tftp malformed request",
	[LOG_KIND_TFTP_REFUSED] = "tftp refused request",
};

static void emit(struct log_limit *l, const char *line)
{
	if (l->emit)
		l->emit(l->emit_ctx, line);
	else
		log_info("%s", line);
}

/* One summary line per kind that held lines back, then a fresh interval from now_ms. */
static void end_interval(struct log_limit *l, uint64_t now_ms)
{
	for (unsigned k = 0; k < LOG_KIND_COUNT; k++) {
		uint64_t held = l->kind_held[k];
		unsigned sources = 0;
		const struct log_limit_source *top = NULL;
		for (unsigned i = 0; i < LOG_LIMIT_SLOTS; i++) {
			const struct log_limit_source *s = &l->slots[i];
			if (!s->used || s->kind != k || !s->held)
				continue;
			held += s->held;
			sources++;
			if (!top || s->held > top->held)
				top = s;
		}
		if (!held)
			continue;
		char line[200], ip[IP_ADDR_STRLEN];
		int n = wb_snprintf(line, sizeof(line), "%s: %llu more lines held back in the last %u s",
				    kind_names[k], (unsigned long long)held,
				    (unsigned)((now_ms - l->window_start_ms + 999) / 1000));
		if (top && n > 0 && (unsigned)n < sizeof(line))
			wb_snprintf(line + n, sizeof(line) - (unsigned)n, " (%u %s%s, most from %s: %u)",
				    sources, sources == 1 ? "source" : "sources",
				    l->kind_held[k] ? " and untracked ones" : "",
				    ip_addr_fmt(ip, &top->ip), (unsigned)top->held);
		emit(l, line);
	}
	memset(l->slots, 0, sizeof(l->slots));
	memset(l->kind_lines, 0, sizeof(l->kind_lines));
	memset(l->kind_held, 0, sizeof(l->kind_held));
	l->window_start_ms = now_ms;
}

void log_limit_tick(struct log_limit *l, uint64_t now_ms)
{
	if (now_ms - l->window_start_ms >= LOG_LIMIT_INTERVAL_MS)
		end_interval(l, now_ms);
}

int log_limit_next_timeout(const struct log_limit *l, uint64_t now_ms)
{
	bool held = false;
	for (unsigned k = 0; k < LOG_KIND_COUNT; k++)
		held |= l->kind_held[k] != 0;
	for (unsigned i = 0; i < LOG_LIMIT_SLOTS && !held; i++)
		held = l->slots[i].held != 0;
	if (!held)
		return -1;
	uint64_t end = l->window_start_ms + LOG_LIMIT_INTERVAL_MS;
	return end > now_ms ? (int)(end - now_ms) : 0;
}

/* A hash of an address of either family (IPv6: its four words folded). */
static uint32_t addr_hash(const struct ip_addr *ip)
{
	if (ip->family != IP_ADDR_V6)
		return ip->v4;
	uint32_t h = 0;
	for (unsigned i = 0; i < IPV6_ALEN; i += 4)
		h = (h ^ (uint32_t)ip->v6[i] << 24 ^ (uint32_t)ip->v6[i + 1] << 16 ^
		     (uint32_t)ip->v6[i + 2] << 8 ^ ip->v6[i + 3]) * 0x01000193u;
	return h;
}

/* The slot of (ip, kind), claimed if new; NULL when its probe run is full. */
static struct log_limit_source *slot_for(struct log_limit *l, enum log_limit_kind kind,
					 const struct ip_addr *ip)
{
	uint32_t h = (addr_hash(ip) ^ (uint32_t)kind * 0x9e3779b9u) * 0x85ebca6bu;
	unsigned base = (h ^ h >> 16) % LOG_LIMIT_SLOTS;
	for (unsigned p = 0; p < PROBES; p++) {
		struct log_limit_source *s = &l->slots[(base + p) % LOG_LIMIT_SLOTS];
		if (s->used && ip_addr_eq(&s->ip, ip) && s->kind == kind)
			return s;
		if (!s->used) {
			*s = (struct log_limit_source){ .ip = *ip, .kind = (uint8_t)kind, .used = true };
			return s;
		}
	}
	return NULL;
}

bool log_limit_pass(struct log_limit *l, enum log_limit_kind kind, const struct ip_addr *ip,
		    uint64_t now_ms)
{
	log_limit_tick(l, now_ms);
	struct log_limit_source *s = slot_for(l, kind, ip);
	if (s && s->lines < LOG_LIMIT_PER_SOURCE && l->kind_lines[kind] < LOG_LIMIT_PER_KIND) {
		s->lines++;
		l->kind_lines[kind]++;
		return true;
	}
	if (s)
		s->held++;
	else
		l->kind_held[kind]++;
	return false;
}

struct log_limit *log_limit_global(void)
{
	static struct log_limit global;
	return &global;
}

bool log_limited_pass(enum log_limit_kind kind, const struct ip_addr *ip)
{
	return log_limit_pass(log_limit_global(), kind, ip, ev_now_ms());
}
