/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * wireboot-server's log: one line per event on stderr, "LEVEL area: text", filtered by level.
 * The server runs in the foreground; a supervisor (systemd, a terminal) keeps the lines.
 * Under systemd (stderr is the journal stream named by $JOURNAL_STREAM) a line is
 * "<N>area: text" instead, N the syslog priority, so journald keeps the level.
 */
#ifndef WB_SERVER_LOG_H
#define WB_SERVER_LOG_H

#include <stdint.h>

#include "core/printf.h"

enum log_level { LOG_ERROR, LOG_WARN, LOG_INFO, LOG_DEBUG };

/* Lines above this level are dropped; default LOG_INFO. */
void log_set_level(enum log_level level);
/* "error", "warn", "info", "debug" -> level; -WB_EINVAL for anything else. */
int log_parse_level(const char *name, enum log_level *level);
void log_msg(enum log_level level, const char *fmt, ...) WB_PRINTF(2, 3);

#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)

/*
 * "1.234 s 5.67 MB/s" for `bytes` moved in `us` microseconds, without floating point.
 * Returns buf.
 */
char *log_fmt_rate(char *buf, unsigned cap, uint64_t bytes, uint64_t us);

#endif
