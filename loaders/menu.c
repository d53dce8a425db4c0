// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The boot: prompt and the text menu (behaviour in menu.h).  Key handling follows
 * Syslinux 6.x cli.c (boot: prompt) and com32/menu/menumain.c (menu); this is an
 * independent implementation for wireboot's console multiplexer.
 */
#include "loaders/menu.h"

#include <stdarg.h>

#include "core/console.h"
#include "core/errors.h"
#include "core/printf.h"
#include "core/string.h"
#include "core/time.h"

#define KEY_CTRL(c) ((c) & 0x1f)
#define KEY_ESC 0x1b
#define KEY_BACKSPACE 0x08
#define KEY_DEL 0x7f

/* ---- output: the same text to every sink, escapes only where understood ---------------- */

/* Which sinks a piece of output goes to. */
struct tty {
	unsigned require, exclude;
};
static const struct tty ALL = { 0, 0 };
static const struct tty ANSI_ONLY = { CONSOLE_ANSI, 0 };
static const struct tty PLAIN_ONLY = { 0, CONSOLE_ANSI };

static void tputn(struct tty t, const char *s, size_t n)
{
	console_write_filtered(s, n, t.require, t.exclude);
}

static void tputs(struct tty t, const char *s) { tputn(t, s, strlen(s)); }

/* An escape sequence: only to the ANSI sinks among t. */
static void tansi(struct tty t, const char *s)
{
	if (!(t.exclude & CONSOLE_ANSI))
		console_write_filtered(s, strlen(s), t.require | CONSOLE_ANSI, t.exclude);
}

static void tprintf(struct tty t, const char *fmt, ...) WB_PRINTF(2, 3);
static void tprintf(struct tty t, const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	va_start(ap, fmt);
	int n = wb_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	tputn(t, buf, n < 0 ? 0 : (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

static void trepeat(struct tty t, char c, size_t n)
{
	char buf[64];
	memset(buf, c, sizeof(buf));
	for (; n; n -= n < sizeof(buf) ? n : sizeof(buf))
		tputn(t, buf, n < sizeof(buf) ? n : sizeof(buf));
}

bool menu_show_display(const char *text)
{
	/* Modes of <DLE>..<ETB>: bit 0 text screen, bit 1 graphics, bit 2 serial. */
	unsigned modes = 7;
	bool at_line_start = true;
	for (const char *p = text; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == 0x1a) /* <SUB>: end of file */
			break;
		if (c == 0x0c) { /* <FF>: clear screen */
			tansi(ALL, "\033[2J\033[H");
			tputs(PLAIN_ONLY, "\n");
		} else if (c == 0x0f) { /* <SI><bg><fg>: colours, not shown */
			for (int i = 0; i < 2 && p[1]; i++)
				p++;
		} else if (c == 0x18) { /* <CAN>file: a graphic, skip the line */
			while (p[1] && p[1] != '\n')
				p++;
		} else if (c >= 0x10 && c <= 0x17) {
			modes = c - 0x10;
		} else if (c == '\n' || c == '\t' || c >= 0x20) {
			if (modes & 1)
				console_write_filtered(p, 1, 0, CONSOLE_SERIAL);
			if (modes & 4)
				console_write_filtered(p, 1, CONSOLE_SERIAL, 0);
			at_line_start = c == '\n';
		}
	}
	return at_line_start;
}

static void show_outputs(const struct pxecfg *cfg)
{
	for (size_t i = 0; i < cfg->noutputs; i++) {
		if (cfg->outputs[i].is_display) {
			if (!menu_show_display(cfg->outputs[i].text))
				tputs(ALL, "\n"); /* the prompt starts on a line of its own */
		} else {
			tputs(ALL, cfg->outputs[i].text);
			tputs(ALL, "\n");
		}
	}
}

/* ---- time: countdowns in milliseconds, without 64-bit division ------------------------- */

struct clock {
	uint64_t last_us;
	uint32_t carry_us;
};

static void clock_start(struct clock *c)
{
	c->last_us = time_now_us();
	c->carry_us = 0;
}

/* Milliseconds since the previous call. */
static uint32_t clock_elapsed_ms(struct clock *c)
{
	uint64_t now = time_now_us();
	uint64_t d = now - c->last_us;
	c->last_us = now;
	uint32_t us = (d > 0xF0000000u ? 0xF0000000u : (uint32_t)d) + c->carry_us;
	c->carry_us = us % 1000;
	return us / 1000;
}

struct countdown {
	bool armed;
	uint32_t left_ms;
};

static void countdown_set(struct countdown *cd, uint32_t tenths)
{
	cd->armed = tenths != 0;
	cd->left_ms = tenths > 0xFFFFFFFFu / 100 ? 0xFFFFFFFFu : tenths * 100;
}

/* Subtract ms; true when it just ran out. */
static bool countdown_tick(struct countdown *cd, uint32_t ms)
{
	if (!cd->armed)
		return false;
	cd->left_ms = ms >= cd->left_ms ? 0 : cd->left_ms - ms;
	return cd->left_ms == 0;
}

static unsigned countdown_seconds(const struct countdown *cd)
{
	return cd->left_ms / 1000 + (cd->left_ms % 1000 != 0);
}

/*
 * The autoboot message: '#' is the number of seconds, "{one,two,many}" picks a word form
 * (PXELINUX's MENU AUTOBOOT syntax; a missing form repeats the previous one).
 */
static size_t format_autoboot(char *buf, size_t size, const char *msg, unsigned secs)
{
	size_t n = 0;
	for (const char *p = msg; *p && n + 12 < size; p++) {
		if (*p == '#') {
			n += (size_t)wb_snprintf(buf + n, size - n, "%u", secs);
		} else if (*p == '{') {
			const char *form[3] = { p + 1, NULL, NULL }, *fend[3] = { NULL, NULL, NULL };
			int k = 0;
			for (p++; *p && *p != '}'; p++) {
				if (*p == ',' && k < 2) {
					fend[k++] = p;
					form[k] = p + 1;
				}
			}
			fend[k] = p;
			for (int i = 1; i < 3; i++) {
				if (!form[i]) {
					form[i] = form[i - 1];
					fend[i] = fend[i - 1];
				}
			}
			int pick = secs == 1 ? 0 : secs == 2 ? 1 : 2;
			for (const char *q = form[pick]; q < fend[pick] && n + 1 < size; q++)
				buf[n++] = *q;
			if (!*p)
				break;
		} else {
			buf[n++] = *p;
		}
	}
	buf[n < size ? n : size - 1] = '\0';
	return strlen(buf);
}

/* ---- line editing, for boot: and for editing a menu entry ------------------------------- */

struct editor {
	const char *prompt;
	char buf[PXECFG_CMD_MAX];
	size_t len, cursor;
	size_t shown; /* characters of buf on screen after the prompt */
};

enum edit_result { EDIT_MORE, EDIT_ENTER, EDIT_ESC, EDIT_TAB };

static void ed_start(struct editor *e, const char *prompt, const char *text)
{
	e->prompt = prompt;
	e->len = e->cursor = wb_strlcpy(e->buf, text, sizeof(e->buf));
	if (e->len >= sizeof(e->buf))
		e->len = e->cursor = sizeof(e->buf) - 1;
	tputs(ALL, prompt);
	tputn(ALL, e->buf, e->len);
	e->shown = e->len;
}

/* Rewrite the whole line with CR, blanks and backspaces: works on any terminal. */
static void ed_redraw(struct editor *e)
{
	tputs(ALL, "\r");
	tputs(ALL, e->prompt);
	tputn(ALL, e->buf, e->len);
	size_t extra = e->shown > e->len ? e->shown - e->len : 0;
	trepeat(ALL, ' ', extra);
	trepeat(ALL, '\b', extra + e->len - e->cursor);
	e->shown = e->len;
}

static void ed_delete(struct editor *e, size_t from, size_t to)
{
	memmove(e->buf + from, e->buf + to, e->len - to + 1);
	e->len -= to - from;
	e->cursor = from;
}

/* Apply one key to the line being edited (and the screen); EDIT_MORE unless it ends the edit. */
static enum edit_result ed_key(struct editor *e, int key)
{
	switch (key) {
	case '\r':
	case '\n':
		return EDIT_ENTER;
	case KEY_ESC:
		return EDIT_ESC;
	case '\t':
		return EDIT_TAB;
	case KEY_BACKSPACE:
	case KEY_DEL:
		if (!e->cursor)
			break;
		if (e->cursor == e->len) {
			ed_delete(e, e->cursor - 1, e->cursor);
			tputs(ALL, "\b \b");
			e->shown = e->len;
		} else {
			ed_delete(e, e->cursor - 1, e->cursor);
			ed_redraw(e);
		}
		break;
	case KEY_DELETE:
	case KEY_CTRL('D'):
		if (e->cursor < e->len) {
			ed_delete(e, e->cursor, e->cursor + 1);
			ed_redraw(e);
		}
		break;
	case KEY_CTRL('U'):
		ed_delete(e, 0, e->len);
		ed_redraw(e);
		break;
	case KEY_CTRL('K'):
		e->buf[e->len = e->cursor] = '\0';
		ed_redraw(e);
		break;
	case KEY_CTRL('W'): {
		size_t c = e->cursor;
		while (c && e->buf[c - 1] == ' ')
			c--;
		while (c && e->buf[c - 1] != ' ')
			c--;
		ed_delete(e, c, e->cursor);
		ed_redraw(e);
		break;
	}
	case KEY_LEFT:
	case KEY_CTRL('B'):
		if (e->cursor) {
			e->cursor--;
			tputs(ALL, "\b");
		}
		break;
	case KEY_RIGHT:
	case KEY_CTRL('F'):
		if (e->cursor < e->len)
			tputn(ALL, &e->buf[e->cursor++], 1);
		break;
	case KEY_HOME:
	case KEY_CTRL('A'):
		trepeat(ALL, '\b', e->cursor);
		e->cursor = 0;
		break;
	case KEY_END:
	case KEY_CTRL('E'):
		tputn(ALL, e->buf + e->cursor, e->len - e->cursor);
		e->cursor = e->len;
		break;
	default:
		if (key < ' ' || key > 0xff || key == KEY_DEL || e->len >= sizeof(e->buf) - 1)
			break;
		memmove(e->buf + e->cursor + 1, e->buf + e->cursor, e->len - e->cursor + 1);
		e->buf[e->cursor++] = (char)key;
		e->len++;
		if (e->cursor == e->len) {
			tputn(ALL, &e->buf[e->cursor - 1], 1);
			e->shown = e->len;
		} else {
			ed_redraw(e);
		}
		break;
	}
	return EDIT_MORE;
}

/* ---- choosing ----------------------------------------------------------------------------- */

/* Result of one interaction stage: chosen, or go to the other stage. */
enum { CHOSEN = 0, GO_PROMPT = 1, GO_MENU = 2 };

static void report_resolve_error(const char *line, int err)
{
	size_t n = 0;
	while (line[n] && line[n] != ' ')
		n++;
	if (err == -WB_ENOLABEL)
		tprintf(ALL, "%.*s: no such label, and IMPLICIT 0 forbids other kernels "
			     "(Tab lists the labels)\n", (int)(n > 64 ? 64 : n), line);
	else
		tprintf(ALL, "%.*s: %s\n", (int)(n > 64 ? 64 : n), line, wb_strerror(err));
}

/* A resolved run that starts menu.c32 means: show the menu. */
static int chosen_or_menu(const struct menu_choice *out)
{
	return pxecfg_is_menu_command(out->run.command) ? GO_MENU : CHOSEN;
}

/* DEFAULT (or ONTIMEOUT after a timeout), as ldlinux_auto_boot(); GO_PROMPT when absent. */
static int run_default(const struct pxecfg *cfg, bool timed_out, struct menu_choice *out)
{
	int err = pxecfg_resolve_default(cfg, timed_out, &out->run);
	out->timed_out = timed_out;
	if (err == -WB_ENOLABEL && !(timed_out && cfg->ontimeout)) {
		tputs(ALL, "No DEFAULT or UI configuration directive found!\n");
		return cfg->noescape ? -WB_ENOLABEL : GO_PROMPT;
	}
	if (err) {
		report_resolve_error(timed_out && cfg->ontimeout ? cfg->ontimeout : cfg->default_cmd,
				     err);
		return cfg->noescape ? err : GO_PROMPT;
	}
	return chosen_or_menu(out);
}

/* Labels whose name starts with the first word of typed, as PXELINUX's Tab does. */
static void list_labels(const struct pxecfg *cfg, const char *typed)
{
	size_t n = 0;
	while (typed[n] && typed[n] != ' ')
		n++;
	tputs(ALL, "\n");
	for (size_t i = 0; i < cfg->nentries; i++) {
		const struct pxecfg_label *l = &cfg->entries[i];
		if (l->kind == PXECFG_ENTRY_LABEL && l->name && !strncmp(l->name, typed, n)) {
			tputs(ALL, " ");
			tputs(ALL, l->name);
		}
	}
	tputs(ALL, "\n");
}

/*
 * The countdown shown after "boot: " until the first key.  It is written once; each second
 * only its changing tail is rewritten, after backspaces, so the prompt is never repeated (a
 * serial log reads "boot: (automatic boot in 20 seconds)\b\b\b\b\b\b\b\b\b\b\b19 seconds)")
 * and the cursor stays at the end of the line on every kind of terminal.
 */
struct prompt_hint {
	char text[48];
	size_t len;
};

static void hint_update(struct prompt_hint *h, unsigned secs)
{
	char next[sizeof(h->text)];
	int r = wb_snprintf(next, sizeof(next), "(automatic boot in %u second%s)", secs,
			    secs == 1 ? "" : "s");
	size_t n = r < 0 ? 0 : (size_t)r < sizeof(next) ? (size_t)r : sizeof(next) - 1;
	size_t same = 0;
	while (same < h->len && same < n && h->text[same] == next[same])
		same++;
	trepeat(ALL, '\b', h->len - same);
	tputn(ALL, next + same, n - same);
	if (h->len > n) { /* blank what the longer text left */
		trepeat(ALL, ' ', h->len - n);
		trepeat(ALL, '\b', h->len - n);
	}
	memcpy(h->text, next, n + 1);
	h->len = n;
}

/* Remove the countdown: the cursor is back right after "boot: ". */
static void hint_erase(struct prompt_hint *h)
{
	trepeat(ALL, '\b', h->len);
	trepeat(ALL, ' ', h->len);
	trepeat(ALL, '\b', h->len);
	h->len = 0;
}

/*
 * The boot: prompt, with the TIMEOUT countdown hint: CHOSEN, GO_MENU (the command starts
 * menu.c32) or a negative WB_E* (Esc: -WB_ECANCELED).  A line that does not resolve is
 * reported and the prompt comes back.
 */
static int prompt_loop(const struct pxecfg *cfg, struct menu_choice *out)
{
	static struct editor ed; /* 2 KiB: kept off the firmware stack */
	struct countdown kbd, total;
	struct clock clk;
	struct prompt_hint hint = { .len = 0 };
	unsigned hint_secs = 0;

	countdown_set(&kbd, cfg->timeout_ds);
	countdown_set(&total, cfg->totaltimeout_ds);
	clock_start(&clk);
	ed_start(&ed, "boot: ", "");
	for (;;) {
		if (kbd.armed && countdown_seconds(&kbd) != hint_secs) {
			hint_secs = countdown_seconds(&kbd);
			hint_update(&hint, hint_secs);
		}
		int key = console_getkey();
		uint32_t ms = clock_elapsed_ms(&clk);
		bool expired = countdown_tick(&kbd, ms);
		expired |= countdown_tick(&total, ms);
		if (key == KEY_NONE && !expired)
			continue;
		if (hint.len) /* the first key or the timeout ends the countdown */
			hint_erase(&hint);
		kbd.armed = false;
		if (key == KEY_NONE) { /* timed out */
			tputs(ALL, "\n");
			int r = run_default(cfg, true, out);
			if (r != GO_PROMPT)
				return r;
			total.armed = false;
			ed_start(&ed, "boot: ", "");
			continue;
		}
		enum edit_result res = ed_key(&ed, key);
		if (res == EDIT_MORE)
			continue;
		if (res == EDIT_ESC) {
			tputs(ALL, "\n");
			return -WB_ECANCELED;
		}
		if (res == EDIT_TAB) {
			if (!cfg->nocomplete) {
				list_labels(cfg, ed.buf);
				ed.shown = 0;
				ed_redraw(&ed);
			}
			continue;
		}
		tputs(ALL, "\n");
		int r;
		if (!ed.len) {
			r = run_default(cfg, false, out);
		} else {
			int err = pxecfg_resolve(cfg, ed.buf, PXECFG_FROM_PROMPT, &out->run);
			if (err)
				report_resolve_error(ed.buf, err);
			r = err ? GO_PROMPT : chosen_or_menu(out);
		}
		out->by_key = true;
		if (r != GO_PROMPT)
			return r;
		ed_start(&ed, "boot: ", "");
	}
}

/* ---- the menu ------------------------------------------------------------------------------ */

struct menu {
	const struct pxecfg *cfg;
	int cur;       /* index in cfg->entries of the highlighted entry */
	int def;       /* the default entry */
	int count;     /* selectable entries */
	unsigned typed_number;
};

static bool can_edit(const struct pxecfg *cfg) { return cfg->allowoptions && !cfg->menu_noedit; }

/* Entry number (1-based among selectable entries) of index i. */
static unsigned entry_number(const struct menu *m, int i)
{
	unsigned n = 0;
	for (int k = 0; k <= i; k++)
		n += pxecfg_selectable(&m->cfg->entries[k]);
	return n;
}

static int entry_by_number(const struct menu *m, unsigned num)
{
	unsigned n = 0;
	for (size_t k = 0; k < m->cfg->nentries; k++)
		if (pxecfg_selectable(&m->cfg->entries[k]) && ++n == num)
			return (int)k;
	return -1;
}

/* A menu label without its '^' hotkey markers. */
static void put_display_name(struct tty t, const struct pxecfg_label *e)
{
	const char *s = e->menu_label ? e->menu_label : e->name ? e->name : "";
	for (; *s; s++)
		if (*s != '^')
			tputn(t, s, 1);
}

static int hotkey_of(const struct pxecfg_label *e)
{
	const char *p = e->menu_label ? strchr(e->menu_label, '^') : NULL;
	return p && p[1] ? wb_toupper((unsigned char)p[1]) : 0;
}

static void draw_help(struct tty t, const struct pxecfg_label *e)
{
	if (e->help) {
		tputs(t, "\n");
		tputs(t, e->help);
	}
}

static void draw_menu(const struct menu *m, struct tty t)
{
	const struct pxecfg *cfg = m->cfg;

	tansi(t, "\033[2J\033[H");
	tputs(t, "\n");
	if (cfg->menu_title) {
		tputs(t, "  ");
		tputs(t, cfg->menu_title);
		tputs(t, "\n\n");
	}
	for (size_t i = 0; i < cfg->nentries; i++) {
		const struct pxecfg_label *e = &cfg->entries[i];
		if (e->kind == PXECFG_ENTRY_LABEL && e->hidden)
			continue;
		if (e->kind == PXECFG_ENTRY_SEPARATOR) {
			tputs(t, "\n");
			continue;
		}
		bool cur = (int)i == m->cur;
		if (cur)
			tansi(t, "\033[7m");
		tputs(t, cur ? "> " : "  ");
		if (e->kind == PXECFG_ENTRY_LABEL)
			tprintf(t, "%2u. ", entry_number(m, (int)i));
		else
			tputs(t, "    ");
		trepeat(t, ' ', e->indent);
		put_display_name(t, e);
		if (cur)
			tansi(t, "\033[0m");
		tputs(t, "\n");
	}
	draw_help(t, &cfg->entries[m->cur]);
	tputs(t, "\n");
	if (can_edit(cfg))
		tputs(t, cfg->menu_tabmsg ? cfg->menu_tabmsg : "Press [Tab] to edit options");
	tputs(t, can_edit(cfg) ? ", " : "");
	tputs(t, "Enter to boot, Esc for the boot: prompt\n");
	tansi(t, "\033[?25l"); /* no cursor while the menu is up */
}

/* Highlight entry i: ANSI sinks redraw, the others get one line. */
static void select_entry(struct menu *m, int i)
{
	if (i < 0 || i == m->cur)
		return;
	m->cur = i;
	draw_menu(m, ANSI_ONLY);
	tputs(PLAIN_ONLY, "Selected: ");
	tprintf(PLAIN_ONLY, "%u. ", entry_number(m, i));
	put_display_name(PLAIN_ONLY, &m->cfg->entries[i]);
	tputs(PLAIN_ONLY, "\n");
	draw_help(PLAIN_ONLY, &m->cfg->entries[i]);
}

static int step(const struct menu *m, int from, int dir)
{
	for (int i = from + dir; i >= 0 && i < (int)m->cfg->nentries; i += dir)
		if (pxecfg_selectable(&m->cfg->entries[i]))
			return i;
	return -1;
}

/* Tab/'e': edit the entry's command line; CHOSEN, or GO_MENU after Esc. */
static int edit_entry(struct menu *m, struct menu_choice *out)
{
	static struct editor ed;
	const struct pxecfg_label *l = &m->cfg->entries[m->cur];
	struct pxecfg_run run;

	if (pxecfg_resolve_label(m->cfg, l, &run)) {
		tputs(ALL, "\nThis entry's command line is too long to edit.\n");
		return GO_MENU;
	}
	tansi(ALL, "\033[?25h");
	tputs(ALL, "\n");
	ed_start(&ed, "> ", run.command);
	for (;;) {
		int key = console_getkey();
		if (key == KEY_NONE)
			continue;
		enum edit_result res = ed_key(&ed, key);
		if (res == EDIT_ESC) {
			tputs(ALL, "\n");
			return GO_MENU;
		}
		if (res == EDIT_ENTER) {
			tputs(ALL, "\n");
			out->run.label = l;
			out->run.sysappend = false;
			wb_strlcpy(out->run.command, ed.buf, sizeof(out->run.command));
			out->edited = true;
			out->by_key = true;
			return CHOSEN;
		}
	}
}

/* What the menu runs on a timeout: ONTIMEOUT (label names expanded) or the default entry. */
static int menu_timeout(const struct menu *m, struct menu_choice *out)
{
	int err;
	out->timed_out = true;
	if (m->cfg->ontimeout)
		err = pxecfg_resolve(m->cfg, m->cfg->ontimeout, PXECFG_FROM_MENU, &out->run);
	else
		err = pxecfg_resolve_label(m->cfg, &m->cfg->entries[m->def], &out->run);
	if (err)
		report_resolve_error(m->cfg->ontimeout ? m->cfg->ontimeout : "default", err);
	return err; /* an error here would repeat on every timeout: let the caller report it */
}

/* Show the countdown line (rewritten in place with CR); returns its length. */
static size_t show_countdown(const struct pxecfg *cfg, unsigned secs, size_t old_len)
{
	char msg[128];
	size_t n = format_autoboot(msg, sizeof(msg),
				   cfg->menu_autoboot ? cfg->menu_autoboot
						      : "Automatic boot in # second{,s}...",
				   secs);
	tputs(ALL, "\r");
	tputs(ALL, msg);
	trepeat(ALL, ' ', old_len > n ? old_len - n : 0);
	return n;
}

static void erase_countdown(size_t len)
{
	tputs(ALL, "\r");
	trepeat(ALL, ' ', len);
	tputs(ALL, "\r");
}

/*
 * Wait for a key while counting down (MENU HIDDEN, and the menu's own countdown).  Returns
 * the key, or KEY_NONE when kbd or total ran out.
 */
static int wait_key(const struct pxecfg *cfg, struct countdown *kbd, struct countdown *total,
		    struct clock *clk)
{
	size_t shown = 0;
	unsigned secs = 0;
	for (;;) {
		if (kbd->armed && countdown_seconds(kbd) != secs) {
			secs = countdown_seconds(kbd);
			shown = show_countdown(cfg, secs, shown);
		}
		int key = console_getkey();
		uint32_t ms = clock_elapsed_ms(clk);
		bool expired = countdown_tick(kbd, ms);
		expired |= countdown_tick(total, ms);
		if (key != KEY_NONE || expired) {
			if (shown)
				erase_countdown(shown);
			kbd->armed = false;
			return key;
		}
	}
}

/*
 * The menu, with MENU SHIFTKEY, MENU HIDDEN and the timeouts: CHOSEN, GO_PROMPT (Esc or
 * Ctrl-C, or a menu without LABEL entries) or a negative WB_E*.
 */
static int menu_loop(const struct pxecfg *cfg, struct menu_choice *out)
{
	struct menu m = { .cfg = cfg, .def = pxecfg_menu_default(cfg) };
	struct countdown kbd, total;
	struct clock clk;

	if (m.def < 0) {
		tputs(ALL, "Initial menu has no LABEL entries!\n");
		return cfg->noescape ? -WB_ENOLABEL : GO_PROMPT;
	}
	for (size_t i = 0; i < cfg->nentries; i++)
		m.count += pxecfg_selectable(&cfg->entries[i]);
	m.cur = m.def;
	countdown_set(&kbd, cfg->timeout_ds);
	countdown_set(&total, cfg->totaltimeout_ds);
	clock_start(&clk);

	if (cfg->menu_shiftkey && console_getkey() == KEY_NONE)
		return pxecfg_resolve_label(cfg, &cfg->entries[m.def], &out->run);
	if (cfg->menu_hidden) {
		int key = wait_key(cfg, &kbd, &total, &clk);
		if (key == KEY_NONE)
			return menu_timeout(&m, out);
		kbd.armed = false; /* a key shows the menu, without a countdown */
	}
	draw_menu(&m, ALL);
	for (;;) {
		int key = wait_key(cfg, &kbd, &total, &clk);
		if (key == KEY_NONE)
			return menu_timeout(&m, out);
		bool digit = key >= '0' && key <= '9';
		if (digit) {
			unsigned d = (unsigned)(key - '0'), n = m.typed_number * 10 + d;
			if (n < 1 || n > (unsigned)m.count)
				n = d;
			if (n >= 1 && n <= (unsigned)m.count) {
				m.typed_number = n;
				select_entry(&m, entry_by_number(&m, n));
			}
			continue;
		}
		m.typed_number = 0;
		int hk = key > ' ' && key < 0x7f ? wb_toupper(key) : 0, target = -1;
		for (size_t i = 0; hk && i < cfg->nentries && target < 0; i++)
			if (pxecfg_selectable(&cfg->entries[i]) && hotkey_of(&cfg->entries[i]) == hk)
				target = (int)i;
		if (target >= 0) {
			select_entry(&m, target);
			continue;
		}
		switch (key) {
		case '\r':
		case '\n': {
			tputs(ALL, "\n");
			int err = pxecfg_resolve_label(cfg, &cfg->entries[m.cur], &out->run);
			out->by_key = true;
			if (!err)
				return CHOSEN;
			report_resolve_error(cfg->entries[m.cur].name, err);
			break;
		}
		case KEY_UP:
		case KEY_CTRL('P'):
			select_entry(&m, step(&m, m.cur, -1));
			break;
		case KEY_DOWN:
		case KEY_CTRL('N'):
			select_entry(&m, step(&m, m.cur, 1));
			break;
		case KEY_HOME:
		case KEY_PGUP:
			select_entry(&m, step(&m, -1, 1));
			break;
		case KEY_END:
		case KEY_PGDN:
			select_entry(&m, step(&m, (int)cfg->nentries, -1));
			break;
		case '\t':
		case 'e':
			if (!can_edit(cfg))
				break;
			if (edit_entry(&m, out) == CHOSEN)
				return CHOSEN;
			draw_menu(&m, ALL);
			break;
		case KEY_ESC:
		case KEY_CTRL('C'):
			tputs(ALL, "\n");
			return GO_PROMPT;
		default:
			break;
		}
	}
}

/* The menu, and the cursor back when it is left. */
static int run_menu(const struct pxecfg *cfg, struct menu_choice *out)
{
	int r = menu_loop(cfg, out);
	tansi(ALL, "\033[?25h");
	return r;
}

/* ---- entry point ---------------------------------------------------------------------------- */

int menu_choose_ex(const struct pxecfg *cfg, unsigned flags, struct menu_choice *out)
{
	int r = GO_PROMPT;

	memset(out, 0, sizeof(*out));
	if (!(flags & MENU_AGAIN)) {
		show_outputs(cfg);
		/* PROMPT 0: boot unless a key is waiting; a UI always starts (ldlinux main()). */
		if (cfg->ui_level == 2 ||
		    (!cfg->prompt && (cfg->noescape || console_getkey() == KEY_NONE)))
			r = run_default(cfg, false, out);
	} else if (pxecfg_wants_menu(cfg)) {
		r = GO_MENU;
	}
	for (;;) {
		if (r == GO_MENU)
			r = run_menu(cfg, out);
		else if (r == GO_PROMPT) /* NOESCAPE: never a prompt, boot the default again */
			r = cfg->noescape ? run_default(cfg, false, out) : prompt_loop(cfg, out);
		else
			return r;
	}
}

int menu_choose(const struct pxecfg *cfg, struct menu_choice *out)
{
	return menu_choose_ex(cfg, 0, out);
}

int menu_choose_unattended(const struct pxecfg *cfg, struct menu_choice *out)
{
	bool timeouts = cfg->timeout_ds || cfg->totaltimeout_ds;

	memset(out, 0, sizeof(*out));
	if (!pxecfg_wants_menu(cfg)) {
		out->timed_out = cfg->prompt && timeouts;
		return pxecfg_resolve_default(cfg, out->timed_out, &out->run);
	}
	int def = pxecfg_menu_default(cfg);
	if (def < 0)
		return -WB_ENOLABEL;
	out->timed_out = timeouts && !cfg->menu_shiftkey;
	if (out->timed_out && cfg->ontimeout)
		return pxecfg_resolve(cfg, cfg->ontimeout, PXECFG_FROM_MENU, &out->run);
	return pxecfg_resolve_label(cfg, &cfg->entries[def], &out->run);
}
