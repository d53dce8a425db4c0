// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Console sinks on the firmware's text console: output on ConOut, input from ConIn.
 *
 * ConOut is a screen for core/ansi_screen.h (SetCursorPosition, SetAttribute, ClearScreen),
 * so the menu is drawn full-screen with the highlighted entry in reverse video.
 *
 * Serial: firmware with a serial console (OVMF, most servers with console redirection)
 * already mirrors ConOut to the UART through its terminal driver, so a second sink writing
 * the UART would print everything twice.  When the ConOut variable names a UART we rely on
 * ConOut alone and mark the sink CONSOLE_SERIAL (in-place updates get rate-limited).  Its
 * terminal driver turns cursor moves into escape codes on the line, so such a ConOut starts
 * as plain text (ASCII -> CHAR16, '\n' -> "\r\n"), as the BIOS serial sink does, and becomes
 * an ANSI screen with the first arrow or editing key: someone is at a terminal or a screen.
 * It is also not CONSOLE_VIDEO: CONSOLE 0 would silence the serial line with the screen.
 * The SERIAL directive can add a sink of its own (efi/serial.c).
 */
#include "efi/efi_platform.h"

#include "core/ansi_screen.h"
#include "core/console.h"

#define CONOUT_CHUNK 128

static struct ansi_screen conout;
static UINTN attr_normal, attr_reverse;

/* Show a chunk; non-ASCII bytes have no meaning in our UTF-free world: '?'. */
static void out_chars(const char *s, size_t n, bool crlf)
{
	CHAR16 buf[CONOUT_CHUNK + 3];
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\n' && crlf)
			buf[k++] = L'\r';
		buf[k++] = c < 0x80 ? c : L'?';
		if (k >= CONOUT_CHUNK || i + 1 == n) {
			buf[k] = 0;
			ST->ConOut->OutputString(ST->ConOut, buf);
			k = 0;
		}
	}
}

/* Move the firmware's cursor and set its attribute, only when they differ. */
static void place(unsigned row, unsigned col, UINTN attr)
{
	SIMPLE_TEXT_OUTPUT_MODE *m = ST->ConOut->Mode;
	if ((UINTN)m->Attribute != attr)
		ST->ConOut->SetAttribute(ST->ConOut, attr);
	if ((unsigned)m->CursorRow != row || (unsigned)m->CursorColumn != col)
		ST->ConOut->SetCursorPosition(ST->ConOut, col, row);
}

/* The bottom-right cell is never written: the firmware would scroll. */
static size_t fit(const struct ansi_screen *s, unsigned row, unsigned col, size_t n)
{
	return row + 1 == s->rows && col + n == s->cols ? n - 1 : n;
}

static void efi_text(struct ansi_screen *s, unsigned row, unsigned col, const char *p, size_t n)
{
	place(row, col, s->reverse ? attr_reverse : attr_normal);
	out_chars(p, fit(s, row, col, n), false);
}

static void efi_erase(struct ansi_screen *s, unsigned row, unsigned col, bool to_end)
{
	static const char blanks[16] = "                ";
	if (!row && !col && to_end) {
		place(row, col, attr_normal);
		ST->ConOut->ClearScreen(ST->ConOut);
		return;
	}
	for (; row < s->rows; row++, col = 0) {
		place(row, col, attr_normal);
		for (size_t left = fit(s, row, col, s->cols - col); left;) {
			size_t k = left < sizeof(blanks) ? left : sizeof(blanks);
			out_chars(blanks, k, false);
			left -= k;
		}
		if (!to_end)
			break;
	}
}

static void efi_scroll(struct ansi_screen *s)
{
	place(s->rows - 1, 0, attr_normal);
	out_chars("\n", 1, false); /* LF on the bottom row scrolls */
}

static void efi_cursor(struct ansi_screen *s)
{
	place(s->row, s->col, (UINTN)ST->ConOut->Mode->Attribute);
	if (ST->ConOut->Mode->CursorVisible == s->cursor_hidden)
		ST->ConOut->EnableCursor(ST->ConOut, !s->cursor_hidden);
}

static const struct ansi_screen_ops efi_screen_ops = {
	.text = efi_text,
	.erase = efi_erase,
	.scroll = efi_scroll,
	.cursor = efi_cursor,
};

/* The sink's write: through the ANSI screen once it is one, else as plain text. */
static void conout_write(struct console_sink *sink, const char *s, size_t n)
{
	if (sink->flags & CONSOLE_ANSI)
		ansi_screen_write(&conout, s, n);
	else
		out_chars(s, n, true);
}

/* From now on draw with cursor moves, from where the plain text left the cursor. */
static void conout_go_ansi(void)
{
	if (conout.sink.flags & CONSOLE_ANSI)
		return;
	conout.sink.flags |= CONSOLE_ANSI;
	conout.row = (unsigned)ST->ConOut->Mode->CursorRow < conout.rows
			     ? (unsigned)ST->ConOut->Mode->CursorRow : conout.rows - 1;
	conout.col = (unsigned)ST->ConOut->Mode->CursorColumn < conout.cols
			     ? (unsigned)ST->ConOut->Mode->CursorColumn : 0;
	conout.wrap_pending = false;
}

/* One key from ConIn as ASCII or enum console_key, without waiting. */
static int conin_getkey(struct console_sink *sink)
{
	static const int scan_keys[] = {
		[SCAN_UP] = KEY_UP,	    [SCAN_DOWN] = KEY_DOWN,   [SCAN_RIGHT] = KEY_RIGHT,
		[SCAN_LEFT] = KEY_LEFT,	    [SCAN_HOME] = KEY_HOME,   [SCAN_END] = KEY_END,
		[SCAN_DELETE] = KEY_DELETE, [SCAN_PAGE_UP] = KEY_PGUP, [SCAN_PAGE_DOWN] = KEY_PGDN,
	};
	EFI_INPUT_KEY key;

	(void)sink;
	if (!ST->ConIn || EFI_ERROR(ST->ConIn->ReadKeyStroke(ST->ConIn, &key)))
		return KEY_NONE;
	if (key.ScanCode == SCAN_ESC)
		return 0x1b;
	if (key.ScanCode != SCAN_NULL) {
		if (key.ScanCode >= sizeof(scan_keys) / sizeof(scan_keys[0]) || !scan_keys[key.ScanCode])
			return KEY_NONE; /* function keys and the like: not used */
		conout_go_ansi();
		return scan_keys[key.ScanCode];
	}
	if (key.UnicodeChar == 0 || key.UnicodeChar >= 0x80)
		return KEY_NONE;
	return key.UnicodeChar;
}

void efi_console_init(void)
{
	UINTN cols = 80, rows = 25;
	SIMPLE_TEXT_OUTPUT_MODE *m = ST->ConOut->Mode;

	if (EFI_ERROR(ST->ConOut->QueryMode(ST->ConOut, (UINTN)m->Mode, &cols, &rows)) || !cols ||
	    !rows) {
		cols = 80;
		rows = 25;
	}
	attr_normal = (UINTN)m->Attribute & 0x7F;
	attr_reverse = (attr_normal & 7) << 4 | (attr_normal >> 4 & 7);
	if (attr_normal == attr_reverse) { /* e.g. black on black: the usual colours */
		attr_normal = EFI_TEXT_ATTR(EFI_LIGHTGRAY, EFI_BLACK);
		attr_reverse = EFI_TEXT_ATTR(EFI_BLACK, EFI_LIGHTGRAY);
	}
	conout.sink.name = "conout";
	conout.sink.getkey = conin_getkey;
	ansi_screen_init(&conout, &efi_screen_ops, (unsigned)rows, (unsigned)cols);
	conout.sink.write = conout_write;
	conout.row = (unsigned)m->CursorRow < conout.rows ? (unsigned)m->CursorRow : 0;
	conout.col = (unsigned)m->CursorColumn < conout.cols ? (unsigned)m->CursorColumn : 0;
	if (efi_console_uarts())
		conout.sink.flags = CONSOLE_SERIAL; /* plain until an ANSI key, see above */
	else
		conout.sink.flags |= CONSOLE_VIDEO;
	console_add(&conout.sink);
}
