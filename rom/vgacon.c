// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * BIOS text console: output through INT 10h AH=0Eh (teletype, so '\r' redraws a line in
 * place), a whole chunk per real-mode call (bios_tty_write in rom/realmode.S); input through
 * INT 16h with the extended-key scan codes mapped to enum console_key.
 */
#include "rom/vgacon.h"

#include "core/console.h"
#include "rom/realmode.h"

#define CHUNK 256

/* Scan codes of the extended keys (INT 16h AH, with AL = 0 or 0xE0). */
static const struct { uint8_t scan; int key; } scan_keys[] = {
	{ 0x48, KEY_UP },   { 0x50, KEY_DOWN }, { 0x4B, KEY_LEFT }, { 0x4D, KEY_RIGHT },
	{ 0x47, KEY_HOME }, { 0x4F, KEY_END },  { 0x49, KEY_PGUP }, { 0x51, KEY_PGDN },
	{ 0x53, KEY_DELETE },
};

extern char bios_tty_write[];
static char tty_buf[CHUNK + 1]; /* .bss: below 1 MiB, so real mode can read it */

static void tty_flush(size_t n)
{
	if (!n)
		return;
	struct rm_regs r = { .ds = rm_seg(tty_buf), .esi = rm_off(tty_buf), .ecx = (uint32_t)n };
	rm_farcall((uint32_t)(uintptr_t)bios_tty_write, &r, NULL, 0);
}

static void vgacon_write(struct console_sink *sink, const char *s, size_t n)
{
	(void)sink;
	size_t fill = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			tty_buf[fill++] = '\r';
		tty_buf[fill++] = s[i];
		if (fill >= CHUNK) {
			tty_flush(fill);
			fill = 0;
		}
	}
	tty_flush(fill);
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

static struct console_sink vgacon_sink = {
	.name = "screen",
	.flags = 0,
	.write = vgacon_write,
	.getkey = vgacon_getkey,
};

void vgacon_init(void)
{
	console_add(&vgacon_sink);
}
