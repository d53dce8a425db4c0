/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Console multiplexer: everything written goes to every registered sink (screen, serial,
 * host stdout), so the screen and the serial line show the same text.  Input is taken from
 * whichever sink has a key first.
 */
#ifndef WB_CORE_CONSOLE_H
#define WB_CORE_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>

/* Keys returned by console_getkey() beyond plain ASCII. */
enum console_key {
	KEY_NONE = -1,
	KEY_UP = 0x100,
	KEY_DOWN,
	KEY_LEFT,
	KEY_RIGHT,
	KEY_HOME,
	KEY_END,
	KEY_PGUP,
	KEY_PGDN,
	KEY_DELETE,
};

/* Sink capabilities. */
#define CONSOLE_ANSI 0x1   /* understands ANSI escape sequences (cursor moves, colour) */
#define CONSOLE_SERIAL 0x2 /* a slow line: rate-limit in-place updates such as progress */
#define CONSOLE_VIDEO 0x4  /* the video console: silenced by console_set_video(false) */

struct console_sink {
	const char *name;
	unsigned flags;
	/* Write n bytes; '\n' is translated to "\r\n" by the sink if its device needs it. */
	void (*write)(struct console_sink *sink, const char *s, size_t n);
	/* Return a key (ASCII or enum console_key) or KEY_NONE without waiting.  May be NULL. */
	int (*getkey)(struct console_sink *sink);
	struct console_sink *next; /* owned by the console list */
};

/* Add a sink (idempotent); the sink must outlive its registration. */
void console_add(struct console_sink *sink);
void console_remove(struct console_sink *sink);
/* Write to every sink whose flags contain all of `require` and none of `exclude`. */
void console_write_filtered(const char *s, size_t n, unsigned require, unsigned exclude);
void console_write(const char *s, size_t n);
void console_puts(const char *s);
/*
 * Output to the CONSOLE_VIDEO sinks on or off (PXELINUX's CONSOLE directive); on at start.
 * Input from them and the other sinks are not affected.
 */
void console_set_video(bool on);
/* A key from any sink, or KEY_NONE. */
int console_getkey(void);

#endif
