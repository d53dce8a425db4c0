/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The screen (VGA text memory, ANSI subset) and keyboard (INT 16h) as a console sink. */
#ifndef WB_ROM_VGACON_H
#define WB_ROM_VGACON_H

/* Register the BIOS screen/keyboard sink. */
void vgacon_init(void);

#endif
