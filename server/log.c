// SPDX-License-Identifier: GPL-2.0-or-later
/* wireboot-server's log (see server/log.h). */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/errors.h"
#include "server/log.h"

static enum log_level current_level = LOG_INFO;
static const char *const level_names[] = { "error", "warn", "info", "debug" };
/* syslog priorities (err, warning, info, debug) as journald reads them from "<N>". */
static const char *const journal_prefixes[] = { "<3>", "<4>", "<6>", "<7>" };
static int journal = -1; /* unknown yet */

/*
 * stderr is systemd's journal stream when $JOURNAL_STREAM names its device and inode
 * (systemd.exec(5)): then lines carry a "<N>" priority and no level word or time of ours.
 */
static bool stderr_is_journal(void)
{
	const char *v = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat st;

	return v && sscanf(v, "%llu:%llu", &dev, &ino) == 2 && fstat(STDERR_FILENO, &st) == 0 &&
	       (unsigned long long)st.st_dev == dev && (unsigned long long)st.st_ino == ino;
}

void log_set_level(enum log_level level)
{
	current_level = level;
}

int log_parse_level(const char *name, enum log_level *level)
{
	for (unsigned i = 0; i < sizeof(level_names) / sizeof(level_names[0]); i++) {
		if (strcmp(name, level_names[i]) == 0) {
			*level = (enum log_level)i;
			return 0;
		}
	}
	return -WB_EINVAL;
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	char line[1024];
	va_list ap;

	if (level > current_level)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (journal < 0)
		journal = stderr_is_journal();
	/* One write per line, so lines from a supervisor's pipe never interleave. */
	if (journal)
		fprintf(stderr, "%s%s\n", journal_prefixes[level], line);
	else
		fprintf(stderr, "%-5s %s\n", level_names[level], line);
	fflush(stderr);
}

char *log_fmt_rate(char *buf, unsigned cap, uint64_t bytes, uint64_t us)
{
	/* Hundredths of a MB/s (10^6 bytes per second). */
	uint64_t centi = us ? bytes * 100 / us : 0;
	snprintf(buf, cap, "%llu.%03llu s %llu.%02llu MB/s", (unsigned long long)(us / 1000000),
		 (unsigned long long)(us / 1000 % 1000), (unsigned long long)(centi / 100),
		 (unsigned long long)(centi % 100));
	return buf;
}
