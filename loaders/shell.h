/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A small command shell for debugging a lab machine's network boot (docs/shell.md), reached
 * with Esc at the boot: prompt (Esc in the menu goes to boot: first) or S at the error
 * prompt.  One command per line, words separated by blanks; Backspace and Ctrl-U edit.
 *
 *   dhcp                   ask the DHCP server again
 *   config [file]          load a configuration file (no file: PXELINUX's search again)
 *   boot [label [opts]]    boot a label as typed at boot:; without arguments the kernel
 *                          given with `kernel`, else the configuration's default
 *   kernel <file> [args]   the kernel (and its arguments) for `boot`; forgets the initrds
 *   initrd <file>          add an initrd for `boot` (several are concatenated)
 *   show                   NIC, address, servers, lease, configuration and its labels
 *   ping <ip> [count]      ICMP echo
 *   localboot [type]       return to the firmware (next boot device)
 *   help                   the list of commands
 *   exit                   back to the menu
 *
 * File names are those of the configuration: relative to the path prefix, or absolute
 * ("http://...", "server::path").
 */
#ifndef WB_LOADERS_SHELL_H
#define WB_LOADERS_SHELL_H

struct boot_session;

/* shell_run() results (besides a negative WB_E*: a local boot failed, give up). */
#define SHELL_MENU 0 /* `exit`: show the menu again */
#define SHELL_DONE 1 /* a boot plan was made (no_boot / no_fetch runs only) */

int shell_run(struct boot_session *s);

#endif
