/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A console sink for unit tests: it records everything written to it (NUL-terminated, so
 * tests can strstr() it), counts the writes and hands out keys queued by the test.
 */
#ifndef WB_TESTS_FAKE_CONSOLE_H
#define WB_TESTS_FAKE_CONSOLE_H

#include <stddef.h>

#include "core/console.h"

struct fake_sink {
	struct console_sink sink; /* first: the callbacks cast back */
	char out[256 * 1024];     /* what was written, NUL-terminated */
	size_t len;
	int writes;               /* calls of the write callback */
	int keys[8];              /* queued for fake_sink_getkey(), oldest first */
	int nkeys;
};

/* A sink named `name` with console flags `flags` that records its output; `getkey` may be NULL. */
#define FAKE_SINK(name, flags, getkey) { .sink = { name, flags, fake_sink_write, getkey, NULL } }

/* The write callback: appends to out (the test fails if it overflows) and counts the write. */
void fake_sink_write(struct console_sink *sink, const char *s, size_t n);
/* A getkey callback: the oldest queued key, or KEY_NONE when none is queued. */
int fake_sink_getkey(struct console_sink *sink);
/* Forget the recorded output, the write count and the queued keys. */
void fake_sink_clear(struct fake_sink *f);

/* Clear each sink and register it with the console, in order (the list ends with NULL). */
void fake_console_attach(struct fake_sink *first, ...) __attribute__((sentinel));
/* Unregister each sink (the list ends with NULL). */
void fake_console_detach(struct fake_sink *first, ...) __attribute__((sentinel));

#endif
