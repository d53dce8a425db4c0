/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A netdev over the firmware's PXE UNDI API (polled, no interrupts). */
#ifndef WB_ROM_UNDI_H
#define WB_ROM_UNDI_H

struct netdev;

/*
 * Open the UNDI device the PXE ROM left started and initialised (GET_INFORMATION, OPEN with
 * directed + broadcast frames).  Needs pxe_find() first.  NULL on failure, after printing why.
 */
struct netdev *undi_open(void);

#endif
