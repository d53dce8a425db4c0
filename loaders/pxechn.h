/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pxechn.c32 built in (loaders/com32_builtin.c): `pxechn.c32 [server::]file` chains the PXE
 * boot program `file`, from `server` (an IPv4 address) when given, else from the boot
 * server.  The program sees the DHCP packets with that server as next-server and `file` as
 * boot file (loaders/pxe_bootp.h), as if DHCP had sent it there.  syslinux's pxechn options
 * (-c, -p, -o ...) are refused by name.
 */
#ifndef WB_LOADERS_PXECHN_H
#define WB_LOADERS_PXECHN_H

struct boot_plan;
struct boot_session;

int pxechn_prepare(struct boot_session *s, const char *args, struct boot_plan *plan);

#endif
