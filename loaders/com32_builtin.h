/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The COM32 modules PXELINUX users point labels at, built into wireboot (no COM32 runtime
 * exists here): each known module name turns its arguments into a boot plan of some kind
 * (loaders/boot_kind.h), fetching what it needs through the session.  Any other .c32 fails
 * with a message naming the modules that are built in.  menu.c32 / vesamenu.c32 are the
 * menu itself (loaders/menu.c) and never reach this.
 */
#ifndef WB_LOADERS_COM32_BUILTIN_H
#define WB_LOADERS_COM32_BUILTIN_H

struct boot_plan;
struct boot_session;

/*
 * s->boot is a PXECFG_BOOT_COM32 command (kernel = the module's name as written, args = its
 * arguments): fill plan (the session owns what it fetches) and return 0, or fail through
 * boot_fail() with a message.
 */
int com32_builtin_prepare(struct boot_session *s, struct boot_plan *plan);

#endif
