// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * BIOS text console: output straight into the text-mode buffer at 0xB8000 (core/ansi_screen.h
 * does the ANSI subset the menu draws with, so the screen is a CONSOLE_ANSI sink; a
 * graphics mode left by the BIOS is switched to 80x25 text first), the hardware
 * cursor through the CRTC and the BIOS data area (so INT 10h users after us, such as a
 * kernel's real-mode setup, carry on where we stopped); input through INT 16h with the
 * extended-key scan codes mapped to enum console_key.
 */
#include "rom/vgacon.h"

#include "core/ansi_screen.h"
#include "core/console.h"
#include "rom/io.h"
#include "rom/realmode.h"

#define BDA_VIDEO_MODE 0x449
#define BDA_VIDEO_COLS 0x44A
#define BDA_CURSOR_POS 0x450 /* page 0: column in the low byte, row in the high byte */
#define BDA_CURSOR_START 0x461 /* the cursor's first scan line */
#define BDA_VIDEO_ROWS 0x484 /* rows - 1 (EGA and later) */
#define VGA_TEXT_CELLS (0x8000 / 2) /* 16-bit cells in the window at 0xB8000-0xBFFFF */
#define CRTC_PORT 0x3D4 /* of the colour text modes 0-3, the only ones we use */
#define CRTC_CURSOR_START 0x0A /* bit 5: cursor off */
#define CRTC_CURSOR_HIGH 0x0E
#define CRTC_CURSOR_LOW 0x0F

/* Scan codes of the extended keys (INT 16h AH, with AL = 0 or 0xE0). */
static const struct { uint8_t scan; int key; } scan_keys[] = {
	{ 0x48, KEY_UP },   { 0x50, KEY_DOWN }, { 0x4B, KEY_LEFT }, { 0x4D, KEY_RIGHT },
	{ 0x47, KEY_HOME }, { 0x4F, KEY_END },  { 0x49, KEY_PGUP }, { 0x51, KEY_PGDN },
	{ 0x53, KEY_DELETE },
};

/* The hardware cursor and the BIOS's idea of it follow ours. */
static void vgacon_cursor(struct ansi_screen *s)
{
	unsigned pos = s->row * s->cols + s->col;
	*(volatile uint16_t *)BDA_CURSOR_POS = (uint16_t)(s->row << 8 | s->col);
	/* CRTC registers: the index in the low byte, the value in the high byte */
	outw(CRTC_PORT, (uint16_t)((pos & 0xFF00) | CRTC_CURSOR_HIGH));
	outw(CRTC_PORT, (uint16_t)(pos << 8 | CRTC_CURSOR_LOW));
	unsigned start = s->cursor_hidden ? 0x20 : *(volatile uint8_t *)BDA_CURSOR_START & 0x1F;
	outw(CRTC_PORT, (uint16_t)(start << 8 | CRTC_CURSOR_START));
}

static int vgacon_getkey(struct console_sink *sink)
{
	(void)sink;
	struct rm_regs r = { .eax = 0x0100 }; /* key available? */
	bios_int(0x16, &r);
	if (r.flags & EFLAGS_ZF)
		return KEY_NONE;
	r.eax = 0x0000; /* read it */
	bios_int(0x16, &r);
	uint8_t ascii = r.eax & 0xFF, scan = (r.eax >> 8) & 0xFF;
	if (ascii && ascii != 0xE0)
		return ascii;
	for (size_t i = 0; i < sizeof(scan_keys) / sizeof(scan_keys[0]); i++)
		if (scan_keys[i].scan == scan)
			return scan_keys[i].key;
	return KEY_NONE;
}

static const struct ansi_screen_ops vgacon_ops = {
	.text = ansi_cells_text,
	.erase = ansi_cells_erase,
	.scroll = ansi_cells_scroll,
	.cursor = vgacon_cursor,
};

static struct ansi_screen vgacon = {
	.sink = { .name = "screen", .flags = CONSOLE_VIDEO, .getkey = vgacon_getkey },
};

void vgacon_init(void)
{
	if ((*(volatile uint8_t *)BDA_VIDEO_MODE & 0x7F) > 3) { /* graphics (a logo?): to text */
		struct rm_regs r = { .eax = 0x0003 };
		bios_int(0x10, &r);
	}
	unsigned cols = bda_read16(BDA_VIDEO_COLS), rows = *(volatile uint8_t *)BDA_VIDEO_ROWS + 1u;
	rows = rows > 1 ? rows : 25; /* 0 before EGA */
	cols = cols ? cols : 80;
	if (rows * cols > VGA_TEXT_CELLS) { /* more than the text window holds: not a text mode */
		rows = 25;
		cols = 80;
	}
	ansi_screen_init(&vgacon, &vgacon_ops, rows, cols);
	vgacon.cells = (uint16_t *)0xB8000;
	uint16_t pos = bda_read16(BDA_CURSOR_POS); /* carry on below the BIOS's messages */
	if ((pos >> 8) < vgacon.rows && (pos & 0xFF) < vgacon.cols) {
		vgacon.row = pos >> 8;
		vgacon.col = pos & 0xFF;
	}
	console_add(&vgacon.sink);
}
