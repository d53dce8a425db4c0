/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `wireboot-server --check`: validate a boot tree before clients find out.  Every file in
 * pxelinux.cfg/ must parse; every kernel and initrd a label names (KERNEL/LINUX, INITRD,
 * and initrd= in APPEND) must exist under the root; every Linux kernel must be a bzImage
 * the boot protocol accepts.  Paths are resolved with the same confinement as TFTP.
 */
#ifndef WB_SERVER_CHECK_H
#define WB_SERVER_CHECK_H

/* Print one line per finding to stdout; returns the number of errors (0: the tree is fine). */
int check_tree(int root_fd);

#endif
