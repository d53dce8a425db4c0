/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Rate limiting of log lines about bad packets (malformed DHCP, malformed or refused TFTP
 * requests), so hostile or broken senders cannot flood the log.  Per interval of
 * LOG_LIMIT_INTERVAL_MS, each (source address, kind) gets its first LOG_LIMIT_PER_SOURCE
 * lines and each kind its first LOG_LIMIT_PER_KIND lines over all sources; what is held back
 * is counted and reported when the interval ends in one summary line per kind:
 *   "dhcp malformed packet: 99963 more lines held back in the last 10 s (256 sources and untracked ones, most from 10.77.0.9: 512)"
 * Lines about real clients (answered DHCP exchanges, transfers) never go through here.
 */
#ifndef WB_SERVER_LOG_LIMIT_H
#define WB_SERVER_LOG_LIMIT_H

#include <stdbool.h>
#include <stdint.h>

#include "net/ip_addr.h"

#define LOG_LIMIT_INTERVAL_MS 10000
#define LOG_LIMIT_PER_SOURCE 3
#define LOG_LIMIT_PER_KIND 20
#define LOG_LIMIT_SLOTS 256 /* sources tracked per interval; the rest count per kind only */

enum log_limit_kind {
	LOG_KIND_DHCP_MALFORMED,
	LOG_KIND_TFTP_MALFORMED,
	LOG_KIND_TFTP_REFUSED,
	LOG_KIND_COUNT
};

struct log_limit_source {
	struct ip_addr ip;
	uint8_t kind;
	bool used;
	uint32_t lines, held;
};

struct log_limit {
	uint64_t window_start_ms;
	struct log_limit_source slots[LOG_LIMIT_SLOTS];
	uint32_t kind_lines[LOG_KIND_COUNT], kind_held[LOG_KIND_COUNT];
	/* Where summaries go; NULL = log_info. */
	void (*emit)(void *ctx, const char *line);
	void *emit_ctx;
};

/*
 * May a line of `kind` about `ip` be logged now?  Ends the interval first (emitting its
 * summaries) when `now_ms` is past it.  The process-wide limiter is log_limit_global().
 */
bool log_limit_pass(struct log_limit *l, enum log_limit_kind kind, const struct ip_addr *ip,
		    uint64_t now_ms);
/* Emit the summaries of an interval that has ended (call from the event loop's tick). */
void log_limit_tick(struct log_limit *l, uint64_t now_ms);
/* Milliseconds until a pending summary is due, or -1 when nothing is held back. */
int log_limit_next_timeout(const struct log_limit *l, uint64_t now_ms);
struct log_limit *log_limit_global(void);

/* log_limit_pass() on the process-wide limiter with the event loop's clock. */
bool log_limited_pass(enum log_limit_kind kind, const struct ip_addr *ip);

#endif
