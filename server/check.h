/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `wireboot-server --check`: validate a boot tree before clients find out.  Every file in
 * pxelinux.cfg/ must parse; every kernel and initrd a label names (KERNEL/LINUX, INITRD,
 * and initrd= in APPEND) must exist under the root; every Linux kernel must be a bzImage
 * the boot protocol accepts.  Paths are resolved with the same confinement as TFTP.
 *
 * Permissions: started as root, the server serves files as --user (default nobody), so a
 * child process becomes that user and opens every file named (config files, kernels,
 * initrds, the boot files) as the server would; "not readable by user nobody" is an error.
 * Run as another user, the check reads as that user, which is what such a server does.
 *
 * Boot files (--bios-file ...): missing is a warning (a tree may serve one kind of client).
 *
 * With --signer cert.pem, every config, kernel and initrd must also carry a valid NAME.sig
 * (server/check_signature.h): an unsigned or badly signed file is an error.
 *
 * Unreachable labels (warnings), a label that no key press or timeout can ever boot:
 *  - a LABEL with the name of an earlier one (the first of the name is always booted);
 *  - unless DEFAULT, ONTIMEOUT or ONERROR names it:
 *    - without a menu, with PROMPT 0 and a DEFAULT: that DEFAULT boots at once, and the
 *      boot: prompt where a name could be typed only appears if a key is already pressed
 *      (never with NOESCAPE 1);
 *    - with a menu (DEFAULT/UI menu.c32): a MENU HIDE label when its name cannot be typed,
 *      i.e. editing is off (MENU NOEDIT or ALLOWOPTIONS 0) and NOESCAPE 1 blocks the prompt.
 */
#ifndef WB_SERVER_CHECK_H
#define WB_SERVER_CHECK_H

struct signers;

struct check_options {
	const char *user;          /* the --user setting ("" = nobody when run as root) */
	const struct signers *signers; /* --signer, or NULL */
	const char *boot_files[3]; /* --bios-file, --efi-file, --efi32-file (NULL or "" = none) */
};

/* Print one line per finding to stdout; returns the number of errors (0: the tree is fine). */
int check_tree(int root_fd, const struct check_options *opt);

#endif
