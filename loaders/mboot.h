/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * mboot.c32, built in: "KERNEL mboot.c32" + "APPEND xen.gz xen-args --- vmlinuz dom0-args
 * --- initrd.img": the first file is a Multiboot kernel, the others its modules, each with
 * the string "file args" as syslinux's mboot.c32 passes it (Xen reads its dom0 kernel's
 * command line from there).  gzip'd files are inflated.
 */
#ifndef WB_LOADERS_MBOOT_H
#define WB_LOADERS_MBOOT_H

struct boot_plan;
struct boot_session;

/* The com32_builtin prepare() of mboot.c32 (loaders/com32_builtin.h). */
int mboot_prepare(struct boot_session *s, const char *args, struct boot_plan *plan);

#endif
