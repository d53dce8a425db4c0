// SPDX-License-Identifier: GPL-2.0-or-later
/* The download progress line of core/progress.h. */
#include "core/console.h"
#include "core/errors.h"
#include "core/printf.h"
#include "core/progress.h"
#include "core/string.h"
#include "core/time.h"

#define BAR_CELLS 10
#define LINE_MAX 128

void progress_start(struct progress *p, const char *name, uint64_t total)
{
	size_t n = strlen(name);
	if (n > PROGRESS_NAME_WIDTH) { /* keep the end: it is the part that differs */
		memcpy(p->name, "...", 3);
		wb_strlcpy(p->name + 3, name + n - (PROGRESS_NAME_WIDTH - 3), PROGRESS_NAME_WIDTH - 2);
	} else {
		wb_strlcpy(p->name, name, sizeof(p->name));
	}
	p->total = total;
	p->done = 0;
	p->start_us = time_now_us();
	p->next_screen_us = p->start_us + PROGRESS_SCREEN_MS * 1000;
	p->next_serial_us = p->start_us + PROGRESS_SERIAL_MS * 1000;
	p->width = 0;
}

/* "512 B", "12.3 KB", "8.1 MB" (decimal units, truncated to one decimal). */
static void fmt_size(char *buf, size_t size, uint64_t bytes)
{
	if (bytes < 1000)
		wb_snprintf(buf, size, "%u B", (unsigned)bytes);
	else if (bytes < 1000000)
		wb_snprintf(buf, size, "%u.%u KB", (unsigned)(bytes / 1000), (unsigned)(bytes / 100 % 10));
	else
		wb_snprintf(buf, size, "%llu.%u MB", (unsigned long long)(bytes / 1000000),
			    (unsigned)(bytes / 100000 % 10));
}

/* Bytes per second so far; the elapsed time counts as at least 1 us. */
static uint64_t rate_bps(const struct progress *p, uint64_t now)
{
	uint64_t us = now > p->start_us ? now - p->start_us : 1;
	return p->done * 1000000 / us;
}

void progress_fmt_rate(char *buf, size_t size, uint64_t bps)
{
	if (bps < 1000000)
		wb_snprintf(buf, size, "%u KB/s", (unsigned)(bps / 1000));
	else
		wb_snprintf(buf, size, "%llu.%u MB/s", (unsigned long long)(bps / 1000000),
			    (unsigned)(bps / 100000 % 10));
}

/* Write "\r" + text padded with blanks over whatever a longer earlier line left. */
static void draw(struct progress *p, const char *text, unsigned require, unsigned exclude,
		 const char *end)
{
	char line[LINE_MAX + 4];
	size_t n = strlen(text);
	size_t pad = p->width > n ? p->width - n : 0;
	wb_snprintf(line, sizeof(line), "\r%s%*s%s", text, (int)pad, "", end);
	console_write_filtered(line, strlen(line), require, exclude);
}

/*
 * The progress line: name, bytes done, and with a known total also the total, percentage, a
 * bar and the ETA; the rate from the start of the transfer.
 */
static void format_line(const struct progress *p, uint64_t now, char *buf, size_t size)
{
	char done[16], total[16], rate[16], eta[16];
	uint64_t bps = rate_bps(p, now);

	fmt_size(done, sizeof(done), p->done);
	progress_fmt_rate(rate, sizeof(rate), bps);
	if (!p->total) {
		wb_snprintf(buf, size, "%-*s %8s %12s", PROGRESS_NAME_WIDTH, p->name, done, rate);
		return;
	}
	uint64_t shown = p->done < p->total ? p->done : p->total;
	unsigned pct = (unsigned)(shown * 100 / p->total);
	unsigned cells = (unsigned)(shown * BAR_CELLS / p->total);
	char bar[BAR_CELLS + 1];
	memset(bar, '#', cells);
	memset(bar + cells, ' ', BAR_CELLS - cells);
	bar[BAR_CELLS] = '\0';
	if (bps) {
		uint64_t s = (p->total - shown + bps - 1) / bps;
		wb_snprintf(eta, sizeof(eta), "%llu:%02u", (unsigned long long)(s / 60), (unsigned)(s % 60));
	} else {
		wb_strlcpy(eta, "--:--", sizeof(eta));
	}
	fmt_size(total, sizeof(total), p->total);
	wb_snprintf(buf, size, "%-*s %8s / %-8s %3u%% [%s] %12s ETA %s", PROGRESS_NAME_WIDTH,
		    p->name, done, total, pct, bar, rate, eta);
}

void progress_update(struct progress *p, uint64_t done)
{
	uint64_t now = time_now_us();
	bool screen = time_after_us(now, p->next_screen_us);
	bool serial = time_after_us(now, p->next_serial_us);

	p->done = done;
	if (!screen && !serial)
		return;
	char text[LINE_MAX];
	format_line(p, now, text, sizeof(text));
	size_t n = strlen(text);
	if (screen) {
		draw(p, text, 0, CONSOLE_SERIAL, "");
		p->next_screen_us = now + PROGRESS_SCREEN_MS * 1000;
	}
	if (serial) {
		draw(p, text, CONSOLE_SERIAL, 0, "");
		p->next_serial_us = now + PROGRESS_SERIAL_MS * 1000;
	}
	if (n > p->width)
		p->width = n;
}

void progress_finish(struct progress *p, int err)
{
	uint64_t now = time_now_us();
	uint64_t us = now - p->start_us;
	char text[LINE_MAX], size[16], rate[16];

	if (err) {
		fmt_size(size, sizeof(size), p->done);
		wb_snprintf(text, sizeof(text), "%-*s failed after %s: %s", PROGRESS_NAME_WIDTH,
			    p->name, size, wb_strerror(err));
	} else {
		progress_fmt_rate(rate, sizeof(rate), rate_bps(p, now));
		uint64_t cs = us / 10000; /* hundredths of a second */
		wb_snprintf(text, sizeof(text), "%-*s %llu bytes in %llu.%02u s, %s",
			    PROGRESS_NAME_WIDTH, p->name, (unsigned long long)p->done,
			    (unsigned long long)(cs / 100), (unsigned)(cs % 100), rate);
	}
	draw(p, text, 0, 0, "\n");
}
