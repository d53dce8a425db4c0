/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The A20 gate: must be open before anything above 1 MiB is touched. */
#ifndef WB_ROM_A20_H
#define WB_ROM_A20_H

/* Open A20 (INT 15h 2401h, then port 0x92, then the keyboard controller); 0 or -WB_EIO. */
int a20_enable(void);

#endif
