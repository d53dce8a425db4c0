// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for core/ansi_screen: arbitrary bytes on a screen of 1..64 rows and
 * 1..160 columns (the first two bytes) held in a buffer of exactly that many cells, written
 * in chunks whose sizes come from the input too.  Every primitive call must stay on the
 * screen (ASan catches a cell outside it), and the cursor and parameters stay in range.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/ansi_screen.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_cursor(struct ansi_screen *s)
{
	if (s->row >= s->rows || s->col >= s->cols || s->params[0] > 9999 || s->params[1] > 9999 ||
	    s->param > 2)
		abort();
}

static void check_text(struct ansi_screen *s, unsigned row, unsigned col, const char *p, size_t n)
{
	if (!n || row >= s->rows || col + n > s->cols)
		abort();
	ansi_cells_text(s, row, col, p, n);
}

static void check_erase(struct ansi_screen *s, unsigned row, unsigned col, bool to_end)
{
	if (row >= s->rows || col >= s->cols)
		abort();
	ansi_cells_erase(s, row, col, to_end);
}

static const struct ansi_screen_ops ops = {
	.text = check_text,
	.erase = check_erase,
	.scroll = ansi_cells_scroll,
	.cursor = check_cursor,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 3)
		return 0;
	unsigned rows = data[0] % 64 + 1, cols = data[1] % 160 + 1, chunk = data[2] % 32 + 1;
	data += 3;
	size -= 3;
	struct ansi_screen s = { .sink = { .name = "fuzz" } };
	ansi_screen_init(&s, &ops, rows, cols);
	s.cells = malloc(rows * cols * sizeof(*s.cells));
	if (!s.cells)
		return 0;
	/* A private copy of exactly `size` bytes, so ASan catches any read beyond it. */
	char *buf = malloc(size ? size : 1);
	if (!buf) {
		free(s.cells);
		return 0;
	}
	memcpy(buf, data, size);
	for (size_t i = 0; i < size; i += chunk)
		ansi_screen_write(&s, buf + i, size - i < chunk ? size - i : chunk);
	free(buf);
	free(s.cells);
	return 0;
}
