/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Choosing what to boot, on the console (core/console.h), as PXELINUX does it:
 *
 *  - SAY and DISPLAY texts are shown first, in configuration order.
 *  - Without a menu module: PROMPT 0 boots DEFAULT at once unless a key is already waiting
 *    (wireboot's stand-in for PXELINUX's Shift/Alt/Caps Lock check; NOESCAPE 1 ignores it).
 *    Otherwise the "boot: " prompt: TIMEOUT (tenths of a second) counts down until the
 *    first key, shown once after the prompt as "(automatic boot in N seconds)" whose tail is
 *    rewritten with backspaces each second (the prompt is never repeated, so a serial log
 *    stays readable), TOTALTIMEOUT regardless of keys; expiry runs ONTIMEOUT, else DEFAULT.  Enter
 *    alone runs DEFAULT; "label options" runs the label with the options appended (when
 *    ALLOWOPTIONS 1); any other word is an implicit kernel (IMPLICIT 1) or an error shown
 *    before the prompt comes back.  Tab lists the labels starting with what was typed
 *    (unless NOCOMPLETE).  Esc leaves with WB_ECANCELED (the caller may offer a shell).
 *  - With "UI menu.c32"/"UI vesamenu.c32" (or DEFAULT naming one): a text menu with the
 *    MENU TITLE, the visible labels numbered 1..N, the highlighted one marked with '>'
 *    (and shown in reverse video on ANSI sinks), its TEXT HELP under the list, and
 *    "Automatic boot in N seconds..." counting down; any key stops the countdown.  Up/Down
 *    (Ctrl-P/Ctrl-N), Home/End, digits (entry number) and MENU LABEL ^hotkeys move the
 *    highlight; Enter boots it; Tab or 'e' edits its command line (unless ALLOWOPTIONS 0 /
 *    MENU NOEDIT) and Enter there boots the edited line, Esc returns to the menu; Esc in the
 *    menu goes to the boot: prompt, as in PXELINUX.  MENU HIDDEN shows only the countdown
 *    until a key is pressed, MENU SHIFTKEY boots the default unless a key is waiting.
 * Text is identical on every sink; ANSI escape sequences go only to sinks with CONSOLE_ANSI
 * (screens, through core/ansi_screen.h; a serial terminal once it sent an ANSI key), and sinks
 * without it get a short "Selected: ..." line instead of a redrawn screen.  While the menu is
 * up, the cursor is hidden on ANSI sinks.  Time comes from core/time.h; the loop polls
 * console_getkey() and never blocks elsewhere.
 */
#ifndef WB_LOADERS_MENU_H
#define WB_LOADERS_MENU_H

#include <stdbool.h>

#include "loaders/pxecfg.h"
#include "loaders/pxecfg_cmdline.h"

struct menu_choice {
	struct pxecfg_run run; /* what to execute: hand it to pxecfg_boot_build() */
	bool timed_out;        /* chosen because a timeout expired */
	bool edited;           /* the command line was edited in the menu */
	bool by_key;           /* chosen with the keyboard: someone is at the console */
};

/* menu_choose_ex() flags */
#define MENU_AGAIN 0x1 /* after a failed boot: no SAY/DISPLAY again, no PROMPT 0 autoboot */

/*
 * Show SAY/DISPLAY, then autoboot, prompt or menu as above, until something is chosen.
 * Returns 0 with *out filled, -WB_ECANCELED when the user asked to leave (Esc at boot:),
 * or -WB_ENOLABEL when nothing can be booted and NOESCAPE forbids asking.
 */
int menu_choose(const struct pxecfg *cfg, struct menu_choice *out);
int menu_choose_ex(const struct pxecfg *cfg, unsigned flags, struct menu_choice *out);

/*
 * What menu_choose() ends with when nobody touches the keyboard, at once and silently (for
 * unattended runs such as wireboot-check): with a menu, ONTIMEOUT or the menu's default
 * entry; otherwise ONTIMEOUT or DEFAULT, timed_out set when PROMPT 1 had a timeout.
 * -WB_ENOLABEL when nothing would boot.
 */
int menu_choose_unattended(const struct pxecfg *cfg, struct menu_choice *out);

/*
 * Print a DISPLAY file's text, interpreting PXELINUX's control codes (syslinux.txt): <FF>
 * clears (ANSI sinks) or starts a new line, <SI>xy colours and <CAN> graphics are skipped,
 * <DLE>..<ETB> choose between screen and serial sinks, <SUB> ends the text.  Returns true
 * when the output ended at the start of a line.
 */
bool menu_show_display(const char *text);

#endif
