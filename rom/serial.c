// SPDX-License-Identifier: GPL-2.0-or-later
/* 16550 UART console sink (rom/serial.h). */
#include "rom/serial.h"

#include "core/console.h"
#include "core/errors.h"
#include "core/platform.h"
#include "core/time.h"
#include "rom/realmode.h"

/* Registers (offsets from the base) and bits. */
#define UART_THR 0
#define UART_RBR 0
#define UART_DLL 0
#define UART_DLM 1
#define UART_IER 1
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define UART_SCR 7
#define LCR_8N1 0x03
#define LCR_DLAB 0x80
#define FCR_ENABLE_CLEAR 0x07
#define MCR_DTR_RTS 0x03
#define LSR_DR 0x01
#define LSR_THRE 0x20

#define UART_CLOCK_DIV16 115200 /* 1.8432 MHz / 16 */
/* Time to wait for the rest of an escape sequence after ESC. */
#define ESC_WAIT_US 20000

static const uint16_t std_ports[4] = { 0x3F8, 0x2F8, 0x3E8, 0x2E8 };
static uint16_t uart_base;

static void serial_write(struct console_sink *sink, const char *s, size_t n)
{
	(void)sink;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			serial_write(sink, "\r", 1);
		/* Bounded wait: a missing or stuck UART must not hang the firmware. */
		for (unsigned spin = 0; spin < 100000 && !(inb(uart_base + UART_LSR) & LSR_THRE); spin++)
			;
		outb(uart_base + UART_THR, (uint8_t)s[i]);
	}
}

/* A received byte, or -1 if none arrives within `wait_us`. */
static int serial_byte(uint64_t wait_us)
{
	uint64_t deadline = time_now_us() + wait_us;
	do {
		if (inb(uart_base + UART_LSR) & LSR_DR)
			return inb(uart_base + UART_RBR);
	} while (wait_us && !time_after_us(time_now_us(), deadline));
	return -1;
}

/* ESC [ or ESC O has been read: decode the rest of a VT100/xterm key sequence. */
static int serial_escape(void)
{
	int c = serial_byte(ESC_WAIT_US);
	switch (c) {
	case 'A': return KEY_UP;
	case 'B': return KEY_DOWN;
	case 'C': return KEY_RIGHT;
	case 'D': return KEY_LEFT;
	case 'H': return KEY_HOME;
	case 'F': return KEY_END;
	}
	if (c < '1' || c > '6')
		return 0x1B;
	if (serial_byte(ESC_WAIT_US) != '~')
		return 0x1B;
	switch (c) {
	case '1': return KEY_HOME;
	case '3': return KEY_DELETE;
	case '4': return KEY_END;
	case '5': return KEY_PGUP;
	case '6': return KEY_PGDN;
	}
	return 0x1B;
}

/*
 * A key from the UART.  The sink starts without CONSOLE_ANSI (a plain log stays free of
 * escape codes); the first VT100/xterm key sequence shows the terminal speaks ANSI, and from
 * then on the menu may draw with cursor moves and reverse video there too.
 */
static int serial_getkey(struct console_sink *sink)
{
	int c = serial_byte(0);
	if (c < 0)
		return KEY_NONE;
	if (c == 0x1B) {
		int next = serial_byte(ESC_WAIT_US);
		if (next != '[' && next != 'O')
			return 0x1B;
		int key = serial_escape();
		if (key != 0x1B)
			sink->flags |= CONSOLE_ANSI;
		return key;
	}
	if (c == 0x7F)
		return '\b';
	return c;
}

static struct console_sink serial_sink = {
	.name = "serial",
	.flags = CONSOLE_SERIAL,
	.write = serial_write,
	.getkey = serial_getkey,
};

int serial_configure(unsigned port, uint32_t baud)
{
	uint16_t base;
	if (port < 4) {
		base = bda_read16(BDA_COM_PORTS + 2 * port);
		if (!base)
			base = std_ports[port];
	} else if (port <= 0xFFFF) {
		base = (uint16_t)port;
	} else {
		return -WB_EINVAL;
	}
	if (!baud || baud > UART_CLOCK_DIV16 || UART_CLOCK_DIV16 % baud)
		return -WB_EINVAL;
	uint16_t divisor = (uint16_t)(UART_CLOCK_DIV16 / baud);

	/* Is a UART there?  The scratch register keeps what is written to it. */
	outb(base + UART_SCR, 0xAE);
	if (inb(base + UART_SCR) != 0xAE) {
		console_remove(&serial_sink);
		return -WB_ENODEV;
	}
	outb(base + UART_LCR, LCR_DLAB | LCR_8N1);
	outb(base + UART_DLL, divisor & 0xFF);
	outb(base + UART_DLM, divisor >> 8);
	outb(base + UART_LCR, LCR_8N1);
	outb(base + UART_IER, 0);
	outb(base + UART_FCR, FCR_ENABLE_CLEAR);
	outb(base + UART_MCR, MCR_DTR_RTS);
	uart_base = base;
	console_add(&serial_sink);
	return 0;
}

int platform_serial_configure(unsigned port, uint32_t baud)
{
	return serial_configure(port, baud);
}
