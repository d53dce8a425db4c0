// SPDX-License-Identifier: GPL-2.0-or-later
/* The ANSI/VT100 subset of core/ansi_screen.h on a platform's screen primitives. */
#include "core/ansi_screen.h"

#include "core/string.h"

enum { GROUND, ESCAPE, CSI };

static void screen_sink_write(struct console_sink *sink, const char *p, size_t n)
{
	ansi_screen_write((struct ansi_screen *)sink, p, n);
}

void ansi_screen_init(struct ansi_screen *s, const struct ansi_screen_ops *ops, unsigned rows,
		      unsigned cols)
{
	s->sink.write = screen_sink_write;
	s->sink.flags |= CONSOLE_ANSI;
	s->ops = ops;
	s->rows = rows;
	s->cols = cols;
	s->row = s->col = 0;
	s->reverse = s->cursor_hidden = s->wrap_pending = false;
	s->state = GROUND;
}

static bool printable(unsigned c) { return c >= 0x20 && c != 0x7F; }

/* CR + LF: the next row, scrolling at the bottom. */
static void new_line(struct ansi_screen *s)
{
	s->col = 0;
	if (s->row + 1 < s->rows)
		s->row++;
	else
		s->ops->scroll(s);
}

/* A 1-based position parameter (0 means 1) as a 0-based index below max. */
static unsigned position(unsigned v, unsigned max)
{
	return v > max ? max - 1 : v ? v - 1 : 0;
}

/* The final byte c of ESC [ ...: do what it says. */
static void csi_dispatch(struct ansi_screen *s, unsigned c)
{
	unsigned p0 = s->params[0];
	if (s->private_mode) {
		if (p0 == 25 && (c == 'l' || c == 'h'))
			s->cursor_hidden = c == 'l';
	} else if (c == 'H' || c == 'f') {
		s->row = position(p0, s->rows);
		s->col = position(s->params[1], s->cols);
		s->wrap_pending = false;
	} else if (c == 'J' && p0 == 2) {
		s->ops->erase(s, 0, 0, true);
	} else if ((c == 'J' || c == 'K') && !p0) {
		s->ops->erase(s, s->row, s->col, c == 'J');
	} else if (c == 'm') { /* ESC[m is ESC[0m; of a list, the first two parameters count */
		for (unsigned i = 0; i <= s->param && i < 2; i++) {
			if (s->params[i] == 0 || s->params[i] == 27)
				s->reverse = false;
			else if (s->params[i] == 7)
				s->reverse = true;
		}
	}
}

/* A byte that is not part of a run of text. */
static void control_byte(struct ansi_screen *s, unsigned c)
{
	if (c < 0x20) { /* also ends a sequence, as on a VT100 */
		s->state = c == 0x1B ? ESCAPE : GROUND;
		if (c == '\r') {
			s->col = 0;
		} else if (c == '\n') {
			new_line(s);
		} else if (c == '\b') { /* as xterm and Linux: also from a pending wrap */
			if (s->col)
				s->col--;
		} else if (c == '\t') {
			s->col = (s->col | 7) + 1 < s->cols ? (s->col | 7) + 1 : s->cols - 1;
		} else {
			return;
		}
		s->wrap_pending = false;
	} else if (s->state == ESCAPE) { /* ESC x other than ESC [: two bytes, ignored */
		s->state = c == '[' ? CSI : GROUND;
		s->param = 0;
		s->params[0] = s->params[1] = 0;
		s->private_mode = false;
	} else if (s->state == CSI) {
		if (c >= '0' && c <= '9') {
			if (s->param < 2 && s->params[s->param] < 1000) /* at most 9999 */
				s->params[s->param] = s->params[s->param] * 10 + c - '0';
		} else if (c == ';') {
			if (s->param < 2)
				s->param++;
		} else if (c == '?') {
			s->private_mode = true;
		} else if (c >= 0x40) { /* the final byte; 0x7F and above are no sequence's */
			s->state = GROUND;
			if (c < 0x7F)
				csi_dispatch(s, c);
		} /* intermediate bytes 0x20-0x2F, '<', '=', '>' and ':': ignored */
	}
}

void ansi_screen_write(struct ansi_screen *s, const char *p, size_t n)
{
	const char *end = p + n;
	while (p < end) {
		if (s->state != GROUND || !printable((unsigned char)*p)) {
			control_byte(s, (unsigned char)*p++);
			continue;
		}
		if (s->wrap_pending) {
			s->wrap_pending = false;
			new_line(s);
		}
		size_t run = 1, room = s->cols - s->col;
		while (run < room && p + run < end && printable((unsigned char)p[run]))
			run++;
		s->ops->text(s, s->row, s->col, p, run);
		p += run;
		s->col += (unsigned)run;
		if (s->col == s->cols) {
			s->col--;
			s->wrap_pending = true;
		}
	}
	s->ops->cursor(s);
}

void ansi_cells_text(struct ansi_screen *s, unsigned row, unsigned col, const char *p, size_t n)
{
	uint16_t *cell = s->cells + row * s->cols + col;
	uint16_t attr = (s->reverse ? ANSI_CELL_REVERSE : ANSI_CELL_NORMAL) << 8;
	while (n--)
		*cell++ = attr | (unsigned char)*p++;
}

void ansi_cells_erase(struct ansi_screen *s, unsigned row, unsigned col, bool to_end)
{
	uint16_t *cell = s->cells + row * s->cols + col;
	uint16_t *end = s->cells + (to_end ? s->rows : row + 1) * s->cols;
	while (cell < end)
		*cell++ = ANSI_CELL_NORMAL << 8 | ' ';
}

void ansi_cells_scroll(struct ansi_screen *s)
{
	memmove(s->cells, s->cells + s->cols, (s->rows - 1) * s->cols * sizeof(*s->cells));
	ansi_cells_erase(s, s->rows - 1, 0, false);
}
