/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A text screen as a CONSOLE_ANSI console sink: it interprets the small ANSI/VT100 subset the
 * menu (loaders/menu.c) writes and turns it into four primitives a platform supplies (VGA
 * text memory on BIOS, the UEFI text console), so every screen runs the same menu renderer
 * as an ANSI serial terminal.  Understood, nothing more:
 *
 *   bytes 0x20..0xFF except 0x7F   shown at the cursor, which advances; at the last column
 *                                  the wrap is deferred until the next character (VT100)
 *   CR  LF  BS  TAB                LF is CR+LF (console text ends lines with '\n' alone) and
 *                                  scrolls at the bottom; BS stops at column 0; TAB goes to
 *                                  the next multiple of 8 (at most the last column)
 *   ESC[H  ESC[row;colH  (or f)    cursor to row, col (1-based; 0 or absent means 1; clamped)
 *   ESC[J  ESC[2J  ESC[K           erase to the end of the screen / all / to the end of the
 *                                  line, in normal video; the cursor stays
 *   ESC[m  ESC[0m  ESC[7m  ESC[27m normal / reverse video (a list such as ESC[0;7m works)
 *   ESC[?25l  ESC[?25h             hide / show the cursor
 *
 * Other CSI sequences are read to their final byte and ignored; ESC followed by anything
 * but '[' is two bytes, ignored; other control bytes and DEL are ignored.  A control byte
 * inside a sequence ends it and takes effect (ESC starts a new one); a byte of 0x7F or above
 * ends it unshown.  Parameters stop growing at 9999 and only the first two count, so no
 * input can grow the state.  A sequence may be split across writes.
 */
#ifndef WB_CORE_ANSI_SCREEN_H
#define WB_CORE_ANSI_SCREEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/console.h"

struct ansi_screen;

/* What a platform's screen does; row and col are 0-based and always on the screen. */
struct ansi_screen_ops {
	/* Show p[0..n) (n > 0, col + n <= cols) from (row, col), in reverse video if s->reverse. */
	void (*text)(struct ansi_screen *s, unsigned row, unsigned col, const char *p, size_t n);
	/* Blank from (row, col) to the end of that row, or to the end of the screen if to_end. */
	void (*erase)(struct ansi_screen *s, unsigned row, unsigned col, bool to_end);
	/* Move every row up by one; the bottom row becomes blank. */
	void (*scroll)(struct ansi_screen *s);
	/* Show the cursor at (s->row, s->col), or hide it if s->cursor_hidden (after each write). */
	void (*cursor)(struct ansi_screen *s);
};

struct ansi_screen {
	struct console_sink sink; /* first; .write is set by ansi_screen_init, the rest is the
				     platform's (name, flags such as CONSOLE_VIDEO, getkey) */
	const struct ansi_screen_ops *ops;
	unsigned rows, cols;      /* the size */
	unsigned row, col;        /* the cursor */
	bool reverse;             /* ESC[7m in effect */
	bool cursor_hidden;       /* ESC[?25l in effect */
	bool wrap_pending;        /* the last character went to the last column */
	bool private_mode;        /* the escape-sequence parser: ESC[? seen */
	uint8_t state;            /* ... its state */
	unsigned param;           /* ... the parameter being read: 0, 1 or 2 (beyond two) */
	unsigned params[2];       /* ... the first two */
	uint16_t *cells;          /* for the ansi_cells_* primitives: rows * cols cells */
};

/*
 * Make s a console sink (flags CONSOLE_ANSI added) that draws with ops on a rows x cols
 * screen (both at least 1), cursor at (0, 0) in normal video.  Register it with
 * console_add(&s->sink).
 */
void ansi_screen_init(struct ansi_screen *s, const struct ansi_screen_ops *ops, unsigned rows,
		      unsigned cols);
/* Interpret n bytes (also what the sink's write callback does). */
void ansi_screen_write(struct ansi_screen *s, const char *p, size_t n);

/*
 * Primitives for a screen kept as 16-bit cells in s->cells, row by row: the character in the
 * low byte, the attribute in the high byte (VGA text memory's layout; also the unit tests').
 */
#define ANSI_CELL_NORMAL 0x07  /* light grey on black */
#define ANSI_CELL_REVERSE 0x70 /* black on light grey */
void ansi_cells_text(struct ansi_screen *s, unsigned row, unsigned col, const char *p, size_t n);
void ansi_cells_erase(struct ansi_screen *s, unsigned row, unsigned col, bool to_end);
void ansi_cells_scroll(struct ansi_screen *s);

#endif
