// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Console sinks on the firmware's text console: output on ConOut (ASCII -> CHAR16,
 * '\n' -> "\r\n"), input from ConIn.
 *
 * Serial: firmware with a serial console (OVMF, most servers with console redirection)
 * already mirrors ConOut to the UART through its terminal driver, so a second sink writing
 * the UART would print everything twice.  When the ConOut variable names a UART we rely on
 * ConOut alone and mark the sink CONSOLE_SERIAL (in-place updates get rate-limited).  The
 * SERIAL directive can add a sink of its own (efi/serial.c).
 */
#include "efi/efi_platform.h"

#include "core/console.h"

#define CONOUT_CHUNK 128

static void conout_write(struct console_sink *sink, const char *s, size_t n)
{
	CHAR16 buf[CONOUT_CHUNK + 3];
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\n')
			buf[k++] = L'\r';
		/* Non-ASCII bytes have no meaning in our UTF-free world: show them as '?'. */
		buf[k++] = c < 0x80 ? c : L'?';
		if (k >= CONOUT_CHUNK) {
			buf[k] = 0;
			ST->ConOut->OutputString(ST->ConOut, buf);
			k = 0;
		}
	}
	if (k) {
		buf[k] = 0;
		ST->ConOut->OutputString(ST->ConOut, buf);
	}
}

/* One key from ConIn as ASCII or enum console_key, without waiting. */
static int conin_getkey(struct console_sink *sink)
{
	EFI_INPUT_KEY key;

	if (!ST->ConIn || EFI_ERROR(ST->ConIn->ReadKeyStroke(ST->ConIn, &key)))
		return KEY_NONE;
	switch (key.ScanCode) {
	case SCAN_NULL:
		break;
	case SCAN_UP:
		return KEY_UP;
	case SCAN_DOWN:
		return KEY_DOWN;
	case SCAN_LEFT:
		return KEY_LEFT;
	case SCAN_RIGHT:
		return KEY_RIGHT;
	case SCAN_HOME:
		return KEY_HOME;
	case SCAN_END:
		return KEY_END;
	case SCAN_PAGE_UP:
		return KEY_PGUP;
	case SCAN_PAGE_DOWN:
		return KEY_PGDN;
	case SCAN_DELETE:
		return KEY_DELETE;
	case SCAN_ESC:
		return 0x1b;
	default:
		return KEY_NONE; /* function keys and the like: not used */
	}
	if (key.UnicodeChar == 0 || key.UnicodeChar >= 0x80)
		return KEY_NONE;
	return key.UnicodeChar;
}

static struct console_sink conout_sink = {
	.name = "conout",
	.write = conout_write,
	.getkey = conin_getkey,
};

void efi_console_init(void)
{
	if (efi_console_uarts())
		conout_sink.flags |= CONSOLE_SERIAL;
	console_add(&conout_sink);
}
