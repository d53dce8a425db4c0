// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * core/ansi_screen: the ANSI subset on a small cell screen (the VGA layout of ansi_cells_*):
 * exact characters, attributes and cursor for given input, sequences split across writes,
 * garbage and overlong parameters; and the real menu (loaders/menu.c) drawn on an 80 x 25
 * screen sink next to a plain serial sink.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/ansi_screen.h"
#include "core/console.h"
#include "loaders/menu.h"
#include "loaders/pxecfg.h"
#include "tests/unit/fake_console.h"
#include "tests/unit/fake_platform.h"

#define ROWS 4
#define COLS 8

static uint16_t cells[25 * 80];
static int cursor_calls;

static void count_cursor(struct ansi_screen *s)
{
	(void)s;
	cursor_calls++;
}

static const struct ansi_screen_ops cell_ops = {
	.text = ansi_cells_text,
	.erase = ansi_cells_erase,
	.scroll = ansi_cells_scroll,
	.cursor = count_cursor,
};

static struct ansi_screen scr;

/* A fresh rows x cols screen filled with '.' in attribute 0x11 (so erasing shows). */
static void screen_new(unsigned rows, unsigned cols)
{
	memset(&scr, 0, sizeof(scr));
	ansi_screen_init(&scr, &cell_ops, rows, cols);
	scr.cells = cells;
	for (size_t i = 0; i < sizeof(cells) / sizeof(cells[0]); i++)
		cells[i] = 0x1100 | '.';
	cursor_calls = 0;
}

static int setup(void **state)
{
	(void)state;
	screen_new(ROWS, COLS);
	return 0;
}

static void put(const char *s) { ansi_screen_write(&scr, s, strlen(s)); }

/* Row r's characters. */
static const char *text(unsigned r)
{
	static char buf[81];
	for (unsigned c = 0; c < scr.cols; c++)
		buf[c] = (char)(cells[r * scr.cols + c] & 0xFF);
	buf[scr.cols] = '\0';
	return buf;
}

/* Row r's attributes: 'n' normal, 'R' reverse, '-' untouched (0x11). */
static const char *attrs(unsigned r)
{
	static char buf[81];
	for (unsigned c = 0; c < scr.cols; c++) {
		unsigned a = cells[r * scr.cols + c] >> 8;
		buf[c] = a == ANSI_CELL_NORMAL ? 'n' : a == ANSI_CELL_REVERSE ? 'R' : a == 0x11 ? '-' : '?';
	}
	buf[scr.cols] = '\0';
	return buf;
}

/* row (from text() or attrs()) starts with prefix */
static void assert_prefix(const char *row, const char *prefix)
{
	char start[81];
	size_t n = strlen(prefix);
	memcpy(start, row, n);
	start[n] = '\0';
	assert_string_equal(start, prefix);
}

static void assert_cursor(unsigned row, unsigned col)
{
	assert_int_equal(scr.row, row);
	assert_int_equal(scr.col, col);
}

static void test_text_lines_and_scroll(void **state)
{
	(void)state;
	put("ab\ncd");
	assert_string_equal(text(0), "ab......");
	assert_string_equal(attrs(0), "nn------");
	assert_string_equal(text(1), "cd......");
	assert_cursor(1, 2);
	assert_int_equal(cursor_calls, 1); /* once per write */
	put("\rX\n\n\nlast");
	/* Four lines on four rows and one more LF: everything moved up one row. */
	assert_string_equal(text(0), "Xd......");
	assert_string_equal(text(1), "........");
	assert_string_equal(attrs(1), "--------");
	assert_string_equal(text(2), "........");
	assert_string_equal(text(3), "last    ");
	assert_string_equal(attrs(3), "nnnnnnnn"); /* the scrolled-in row was blanked */
	assert_cursor(3, 4);
}

static void test_deferred_wrap(void **state)
{
	(void)state;
	put("12345678");
	assert_string_equal(text(0), "12345678");
	assert_cursor(0, 7); /* stays in the last column until the next character */
	put("\n");
	assert_cursor(1, 0); /* an exactly full line plus LF is one line, not two */
	put("abcdefgh\rZ");
	assert_string_equal(text(1), "Zbcdefgh");
	put("\r12345678x");
	assert_string_equal(text(2), "x.......");
	assert_cursor(2, 1);
	put("\r" "abcdefghij"); /* a long run is split at the row end */
	assert_string_equal(text(2), "abcdefgh");
	assert_string_equal(text(3), "ij......");
}

static void test_backspace_and_tab(void **state)
{
	(void)state;
	put("abc\b\bX\b\b\b\bY");
	assert_string_equal(text(0), "YXc.....");
	assert_cursor(0, 1);
	put("\r\tT");
	assert_string_equal(text(0), "YXc....T"); /* a tab stops at the last column */
	assert_cursor(0, 7);
	put("\n1\t2");
	assert_cursor(1, 7);
	assert_string_equal(text(1), "1......2");
}

static void test_cursor_position(void **state)
{
	(void)state;
	put("\033[2;3HA\033[HB\033[4;8HC");
	assert_string_equal(text(0), "B.......");
	assert_string_equal(text(1), "..A.....");
	assert_string_equal(text(3), ".......C");
	put("\033[99;99HD\033[0;0HE\033[;2fF\033[3HG");
	assert_string_equal(text(3), ".......D"); /* clamped to the last row and column */
	assert_string_equal(text(0), "EF......");
	assert_string_equal(text(2), "G.......");
	assert_cursor(2, 1);
	put("\033[4;8HxY"); /* a pending wrap at the bottom scrolls */
	assert_string_equal(text(2), ".......x");
	assert_string_equal(text(3), "Y       ");
}

static void test_erase(void **state)
{
	(void)state;
	put("\033[2;3H\033[K");
	assert_string_equal(text(1), "..      ");
	assert_string_equal(attrs(1), "--nnnnnn");
	assert_string_equal(text(0), "........");
	assert_cursor(1, 2); /* erasing does not move the cursor */
	put("\033[3;5H\033[J");
	assert_string_equal(text(2), "....    ");
	assert_string_equal(text(3), "        ");
	assert_string_equal(text(0), "........");
	put("\033[2J");
	for (unsigned r = 0; r < ROWS; r++) {
		assert_string_equal(text(r), "        ");
		assert_string_equal(attrs(r), "nnnnnnnn");
	}
	assert_cursor(2, 4);
	put("\033[7m\033[2J\033[1Kz\033[1J"); /* erase in normal video; 1K, 1J: not supported */
	assert_string_equal(attrs(2), "nnnnRnnn");
	assert_string_equal(text(2), "    z   ");
}

static void test_reverse_video(void **state)
{
	(void)state;
	put("a\033[7mbc\033[0md\033[7me\033[mf\033[0;7mg\033[27mh");
	assert_string_equal(text(0), "abcdefgh");
	assert_string_equal(attrs(0), "nRRnRnRn");
	put("\n\033[7;0mA\033[1;7mB\033[1;2;7mC\033[4mD\033[7m\nE");
	/* Of a list the first two count; unknown attributes change nothing. */
	assert_string_equal(attrs(1), "nRRR----");
	assert_string_equal(attrs(2), "R-------");
}

static void test_cursor_visibility(void **state)
{
	(void)state;
	put("\033[?25l");
	assert_true(scr.cursor_hidden);
	put("\033[?25h");
	assert_false(scr.cursor_hidden);
	put("\033[?25lx\033[25h\033[?7h"); /* not private; another mode */
	assert_true(scr.cursor_hidden);
	assert_string_equal(text(0), "x.......");
	assert_int_equal(cursor_calls, 3);
}

/* The same bytes one at a time leave the same screen as in one write. */
static void test_split_writes(void **state)
{
	(void)state;
	static const char input[] = "ab\033[2;3Hc\033[7md\033[0m\033[?25l\ne\033[1;1H\033[K"
				    "fghijklmn\033[4;8H\033[7mZ\033[m\b\033[2J\033[3;2HQ";
	put(input);
	uint16_t whole[ROWS * COLS];
	memcpy(whole, cells, sizeof(whole));
	struct ansi_screen after = scr;

	screen_new(ROWS, COLS);
	for (size_t i = 0; i + 1 < sizeof(input); i++)
		ansi_screen_write(&scr, input + i, 1);
	assert_memory_equal(cells, whole, sizeof(whole));
	assert_int_equal(scr.row, after.row);
	assert_int_equal(scr.col, after.col);
	assert_int_equal(scr.reverse, after.reverse);
	assert_int_equal(scr.cursor_hidden, after.cursor_hidden);
	assert_string_equal(text(2), " Q      ");
	assert_int_equal(cursor_calls, (int)sizeof(input) - 1);
}

static void test_garbage(void **state)
{
	(void)state;
	/* A parameter of 5000 digits stops growing; the sequence still ends at its final byte. */
	char big[5010] = "\033[";
	memset(big + 2, '9', 5000);
	strcpy(big + 5002, ";2HA");
	put(big);
	assert_string_equal(text(3), ".A......");
	assert_true(scr.params[0] <= 9999);
	/* Many parameters, unknown finals, intermediates: read and ignored. */
	put("\033[1;2;3;4;5;6;7;8;9;10H\033[5Z\033[ q\033[>c\033[<1;2;3M");
	assert_cursor(0, 1);
	/* A control byte inside a sequence ends it and takes effect; ESC restarts one. */
	put("\033[3\nB\033[\033[2;3HC");
	assert_string_equal(text(1), "B.C.....");
	/* ESC and another byte: two bytes, ignored; DEL and other controls: ignored. */
	put("\r\033(X\033)\x7f\x01\x07Y");
	assert_string_equal(text(1), "XYC.....");
	/* Bytes above 0x7F are characters; inside a sequence they end it, unshown. */
	put("\xb0\033[1\xc4m\xdb");
	assert_string_equal(text(1), "XY\xb0m\xdb...");
	assert_false(scr.reverse);
	/* A write that ends inside a sequence leaves it pending. */
	put("\033[");
	put("7");
	put("mR");
	assert_string_equal(attrs(1), "nnnnnR--");
}

/* ---- the menu of loaders/menu.c on an 80 x 25 screen sink -------------------------------- */

struct key_event {
	uint32_t at_ms;
	int key;
};
static const struct key_event *keys;
static uint64_t start_us;

/* The next key of the script when due; otherwise 10 ms of fake time pass. */
static int scripted_key(struct console_sink *sink)
{
	(void)sink;
	uint32_t ms = (uint32_t)((fake_time_us - start_us) / 1000);
	if (keys && keys->key && ms >= keys->at_ms)
		return (keys++)->key;
	if (ms > 600 * 1000)
		fail_msg("no choice after 10 minutes of fake time");
	fake_time_advance_ms(10);
	return KEY_NONE;
}

static struct fake_sink serial = FAKE_SINK("serial", CONSOLE_SERIAL, scripted_key);

#define MENU_CFG                                                                                   \
	"UI menu.c32\nMENU TITLE wireboot lab\nTIMEOUT 100\nDEFAULT linux\n"                       \
	"LABEL linux\n MENU LABEL ^Linux\n KERNEL bzImage\n"                                       \
	"LABEL kitten\n MENU LABEL ^Kitten\n KERNEL bzImage\n TEXT HELP\n Kitten LWK\n ENDTEXT\n"

static const char *chosen_on_screen(const struct key_event *script)
{
	static const struct key_event none[] = { { 0, 0 } };
	static char name[32];
	struct menu_choice c;
	struct pxecfg *cfg = pxecfg_new(NULL, NULL);
	assert_non_null(cfg);
	assert_int_equal(pxecfg_parse(cfg, "t.cfg", MENU_CFG, strlen(MENU_CFG)), 0);
	screen_new(25, 80);
	scr.sink.name = "screen";
	scr.sink.flags = CONSOLE_ANSI | CONSOLE_VIDEO;
	keys = script ? script : none;
	start_us = fake_time_us;
	fake_console_attach(&serial, NULL);
	console_add(&scr.sink);
	assert_int_equal(menu_choose(cfg, &c), 0);
	console_remove(&scr.sink);
	fake_console_detach(&serial, NULL);
	strncpy(name, c.run.label->name, sizeof(name) - 1);
	pxecfg_free(cfg);
	return name;
}

static void test_menu_on_screen(void **state)
{
	(void)state;
	static const struct key_event down[] = {
		{ 300, KEY_DOWN }, { 400, '\r' }, { 0, 0 },
	};
	/* Drawn from the top of a cleared screen, the default entry highlighted. */
	struct key_event first[] = { { 300, '\r' }, { 0, 0 } };
	assert_string_equal(chosen_on_screen(first), "linux");
	assert_prefix(text(1), "  wireboot lab    ");
	assert_prefix(text(3), ">  1. Linux   ");
	assert_prefix(attrs(3), "RRRRRRRRRRRnnn");
	assert_prefix(text(4), "   2. Kitten  ");
	assert_prefix(attrs(4), "nnnnnnnnnnnnnn");
	assert_false(scr.cursor_hidden); /* back once the menu is left */

	/* Down: redrawn in place, the highlight one row lower with the entry's help. */
	assert_string_equal(chosen_on_screen(down), "kitten");
	assert_prefix(text(3), "   1. Linux   ");
	assert_prefix(attrs(3), "nnnnnnnnnnnnnn");
	assert_prefix(text(4), ">  2. Kitten  ");
	assert_prefix(attrs(4), "RRRRRRRRRRRRnn");
	assert_prefix(text(6), " Kitten LWK ");
	/* The serial line was never told it speaks ANSI: plain lines, no escapes. */
	assert_non_null(strstr(serial.out, "Selected: 2. Kitten\n"));
	assert_null(strchr(serial.out, '\033'));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_text_lines_and_scroll, setup),
		cmocka_unit_test_setup(test_deferred_wrap, setup),
		cmocka_unit_test_setup(test_backspace_and_tab, setup),
		cmocka_unit_test_setup(test_cursor_position, setup),
		cmocka_unit_test_setup(test_erase, setup),
		cmocka_unit_test_setup(test_reverse_video, setup),
		cmocka_unit_test_setup(test_cursor_visibility, setup),
		cmocka_unit_test_setup(test_split_writes, setup),
		cmocka_unit_test_setup(test_garbage, setup),
		cmocka_unit_test(test_menu_on_screen),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
