/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Download progress for every fetch: one line per file, redrawn in place with '\r'
 *   vmlinuz           3.2 MB / 8.1 MB    39% [###       ]   12.4 MB/s ETA 0:01
 * and replaced at the end by
 *   vmlinuz          8123456 bytes in 0.65 s, 12.4 MB/s
 * Redraws are rate-limited per kind of sink: slow serial lines (CONSOLE_SERIAL) at most every
 * PROGRESS_SERIAL_MS, the screen every PROGRESS_SCREEN_MS; a file that is done before the
 * first redraw only prints its final line.  Integer arithmetic only; time from core/time.h.
 */
#ifndef WB_CORE_PROGRESS_H
#define WB_CORE_PROGRESS_H

#include <stddef.h>
#include <stdint.h>

#define PROGRESS_SERIAL_MS 250
#define PROGRESS_SCREEN_MS 100
#define PROGRESS_NAME_WIDTH 16

struct progress {
	char name[PROGRESS_NAME_WIDTH + 1]; /* shortened from the left: "...nel/vmlinuz" */
	uint64_t total;                     /* 0 = unknown */
	uint64_t done;
	uint64_t start_us;
	uint64_t next_screen_us;            /* earliest time of the next redraw, per sink kind */
	uint64_t next_serial_us;
	size_t width;                       /* longest line drawn, to blank leftovers */
};

/* Begin a file of `total` bytes (0 if unknown); draws nothing yet. */
void progress_start(struct progress *p, const char *name, uint64_t total);
/* `done` bytes of the file have arrived so far (a running total, not a delta). */
void progress_update(struct progress *p, uint64_t done);
/* End the line: the summary when err == 0, else what failed (err is a WB_E* code). */
void progress_finish(struct progress *p, int err);
/* A rate of `bps` bytes per second as "12.4 MB/s" or "850 KB/s". */
void progress_fmt_rate(char *buf, size_t size, uint64_t bps);

#endif
