/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * 16550 UART console sink: 8N1, polled, no interrupts.  Output is mirrored with the screen
 * through core/console.h; input decodes ANSI escape sequences (arrows, Home/End, PgUp/PgDn,
 * Delete) into enum console_key.
 */
#ifndef WB_ROM_SERIAL_H
#define WB_ROM_SERIAL_H

#include <stdint.h>

#define SERIAL_DEFAULT_BAUD 115200

/*
 * (Re)configure the console UART and register it as a console sink.  `port` is 0-3 for
 * COM1-COM4 (base from the BIOS data area, else the standard address) or an I/O base
 * address; `baud` must divide 115200.  0, -WB_EINVAL (bad baud rate) or -WB_ENODEV (no UART
 * answers there; the sink is then removed).
 */
int serial_configure(unsigned port, uint32_t baud);

#endif
