// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * PXELINUX configuration parser (see pxecfg.h for the language and the limits).  The
 * directive set and its quirks were checked against Syslinux 6.x readconfig.c; this is an
 * independent implementation.
 */
#include "loaders/pxecfg.h"

#include <stdarg.h>

#include "core/errors.h"
#include "core/heap.h"
#include "core/printf.h"
#include "core/string.h"

/* PXELINUX's notion of blank: every control character, space and DEL (my_isspace). */
static bool cfg_isspace(char c) { return (unsigned char)c <= ' ' || (unsigned char)c == 0x7f; }

static const char *skipspace(const char *p)
{
	while (*p && cfg_isspace(*p))
		p++;
	return p;
}

/*
 * If line starts with keyword kw (case-insensitive) followed by a blank or the end of the
 * line, return what follows the keyword (not yet skipped), else NULL.
 */
static const char *looking_at(const char *line, const char *kw)
{
	const char *p = line;
	for (; *kw; kw++, p++)
		if (!*p || wb_tolower((unsigned char)*p) != *kw)
			return NULL;
	return cfg_isspace(*p) || !*p ? p : NULL;
}

/* C atoi() on a config value: blanks, sign, decimal digits; *ok false when none. */
static long cfg_atoi(const char *s, bool *ok)
{
	long v = 0;
	bool neg = false;
	s = skipspace(s);
	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	*ok = wb_isdigit((unsigned char)*s);
	for (; wb_isdigit((unsigned char)*s); s++)
		if (v < 100000000L)
			v = v * 10 + (*s - '0');
	return neg ? -v : v;
}

/* C strtoul(s, NULL, 0) clamped to 32 bits; *ok false when no number. */
static uint32_t cfg_strtoul(const char *s, const char **end, bool *ok)
{
	unsigned long long v = 0;
	s = skipspace(s);
	int rc = wb_strtou64(s, end, 0, &v);
	*ok = rc != -WB_EINVAL;
	if (rc == -WB_ERANGE || v > 0xFFFFFFFFull)
		return 0xFFFFFFFFu;
	return rc ? 0 : (uint32_t)v;
}

struct pxecfg *pxecfg_new(pxecfg_fetch_fn fetch, void *fetch_ctx)
{
	struct pxecfg *cfg = wb_zalloc(sizeof(*cfg));
	if (!cfg)
		return NULL;
	cfg->allowoptions = true;
	cfg->implicit = true;
	cfg->console = true;
	cfg->cur = -1;
	cfg->fetch = fetch;
	cfg->fetch_ctx = fetch_ctx;
	return cfg;
}

static void free_entry(struct pxecfg_label *e)
{
	wb_free(e->name);
	wb_free(e->kernel);
	wb_free(e->append);
	wb_free(e->initrd);
	wb_free(e->menu_label);
	wb_free(e->help);
}

void pxecfg_free(struct pxecfg *cfg)
{
	if (!cfg)
		return;
	for (size_t i = 0; i < cfg->nentries; i++)
		free_entry(&cfg->entries[i]);
	wb_free(cfg->entries);
	char **strs[] = { &cfg->default_cmd, &cfg->global_default, &cfg->ui, &cfg->append,
			  &cfg->ontimeout, &cfg->onerror, &cfg->menu_title, &cfg->menu_autoboot,
			  &cfg->menu_tabmsg };
	for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
		wb_free(*strs[i]);
	for (size_t i = 0; i < cfg->noutputs; i++)
		wb_free(cfg->outputs[i].text);
	for (size_t i = 0; i < cfg->nwarnings; i++)
		wb_free(cfg->warnings[i]);
	wb_free(cfg);
}

/* Where we are, for messages. */
struct cursor {
	const char *file;
	unsigned line;
};

static void warn(struct pxecfg *cfg, const struct cursor *at, const char *fmt, ...) WB_PRINTF(3, 4);
static void warn(struct pxecfg *cfg, const struct cursor *at, const char *fmt, ...)
{
	char msg[160], full[224];
	va_list ap;

	cfg->nwarnings_total++;
	if (cfg->nwarnings >= PXECFG_MAX_WARNINGS)
		return;
	va_start(ap, fmt);
	wb_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	wb_snprintf(full, sizeof(full), "%s:%u: %s", at->file, at->line, msg);
	char *w = wb_strdup(full);
	if (w)
		cfg->warnings[cfg->nwarnings++] = w;
}

static int fail(struct pxecfg *cfg, const struct cursor *at, int err, const char *fmt, ...)
	WB_PRINTF(4, 5);
static int fail(struct pxecfg *cfg, const struct cursor *at, int err, const char *fmt, ...)
{
	char msg[160];
	va_list ap;

	va_start(ap, fmt);
	wb_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (at)
		wb_snprintf(cfg->error, sizeof(cfg->error), "%s:%u: %s", at->file, at->line, msg);
	else
		wb_snprintf(cfg->error, sizeof(cfg->error), "%s", msg);
	return err;
}

static int oom(struct pxecfg *cfg, const struct cursor *at)
{
	return fail(cfg, at, -WB_ENOMEM, "out of memory while reading the configuration");
}

/* Replace *slot by a copy of value (the previous string is freed). */
static int set_str(struct pxecfg *cfg, const struct cursor *at, char **slot, const char *value)
{
	char *s = wb_strdup(value);
	if (!s)
		return oom(cfg, at);
	wb_free(*slot);
	*slot = s;
	return 0;
}

static struct pxecfg_label *cur_label(struct pxecfg *cfg)
{
	return cfg->cur >= 0 ? &cfg->entries[cfg->cur] : NULL;
}

/*
 * End the label being defined (PXELINUX record()): a label without its own APPEND takes
 * the global APPEND in force now.
 */
static int close_label(struct pxecfg *cfg, const struct cursor *at)
{
	struct pxecfg_label *l = cur_label(cfg);
	cfg->cur = -1;
	if (l && !l->append && cfg->append)
		return set_str(cfg, at, &l->append, cfg->append);
	return 0;
}

/* Append an entry of the given kind; it becomes cfg->entries[cfg->nentries - 1]. */
static struct pxecfg_label *add_entry(struct pxecfg *cfg, const struct cursor *at,
				      enum pxecfg_entry_kind kind, int *err)
{
	if (cfg->nentries >= PXECFG_MAX_ENTRIES) {
		*err = fail(cfg, at, -WB_ETOOBIG,
			    "more than %d LABEL/MENU entries: split the configuration",
			    PXECFG_MAX_ENTRIES);
		return NULL;
	}
	if (cfg->nentries == cfg->cap_entries) {
		size_t cap = cfg->cap_entries ? cfg->cap_entries * 2 : 16;
		if (cap > PXECFG_MAX_ENTRIES)
			cap = PXECFG_MAX_ENTRIES;
		struct pxecfg_label *n = wb_realloc(cfg->entries, cap * sizeof(*n));
		if (!n) {
			*err = oom(cfg, at);
			return NULL;
		}
		cfg->entries = n;
		cfg->cap_entries = cap;
	}
	struct pxecfg_label *e = &cfg->entries[cfg->nentries++];
	memset(e, 0, sizeof(*e));
	e->kind = kind;
	e->indent = 2 * cfg->submenu_level;
	e->line = at->line;
	*err = 0;
	return e;
}

/* LABEL name: close the previous label and start a new one (kernel defaults to name). */
static int do_label(struct pxecfg *cfg, const struct cursor *at, const char *arg)
{
	int err = close_label(cfg, at);
	if (err)
		return err;
	const char *end = arg;
	while (*end && !cfg_isspace(*end))
		end++;
	struct pxecfg_label *l = add_entry(cfg, at, PXECFG_ENTRY_LABEL, &err);
	if (!l)
		return err;
	l->name = wb_strndup(arg, (size_t)(end - arg));
	l->kernel = wb_strndup(arg, (size_t)(end - arg));
	if (!l->name || !l->kernel)
		return oom(cfg, at);
	l->type = PXECFG_KT_KERNEL;
	l->sysappend = cfg->sysappend;
	if (!*arg)
		warn(cfg, at, "LABEL without a name");
	cfg->cur = (long)(cfg->nentries - 1);
	return 0;
}

/* An unselectable row (separator, flattened submenu heading) ending the current label. */
static int add_row(struct pxecfg *cfg, const struct cursor *at, enum pxecfg_entry_kind kind,
		   const char *text)
{
	int err = close_label(cfg, at);
	if (err)
		return err;
	struct pxecfg_label *e = add_entry(cfg, at, kind, &err);
	if (!e)
		return err;
	if (text && *text && !(e->menu_label = wb_strdup(text)))
		return oom(cfg, at);
	return 0;
}

static const char *const kernel_keywords[] = {
	[PXECFG_KT_NONE] = "none",       [PXECFG_KT_LOCALBOOT] = "localboot",
	[PXECFG_KT_KERNEL] = "kernel",   [PXECFG_KT_LINUX] = "linux",
	[PXECFG_KT_BOOT] = "boot",       [PXECFG_KT_BSS] = "bss",
	[PXECFG_KT_PXE] = "pxe",         [PXECFG_KT_FDIMAGE] = "fdimage",
	[PXECFG_KT_COMBOOT] = "comboot", [PXECFG_KT_COM32] = "com32",
	[PXECFG_KT_CONFIG] = "config",
};

const char *pxecfg_kernel_type_name(enum pxecfg_kernel_type t)
{
	return (unsigned)t < sizeof(kernel_keywords) / sizeof(kernel_keywords[0]) ? kernel_keywords[t]
										 : "none";
}

static int parse_text(struct pxecfg *cfg, const char *name, const char *text, size_t len);

/* Line reader over one buffer: a line ends at LF; its text at the first CR or NUL. */
struct reader {
	const char *p, *end;
	char *buf; /* PXECFG_MAX_LINE bytes */
	struct cursor at;
};

/* Next line into r->buf; false at the end of the input.  *cut set when it was too long. */
static bool next_line(struct reader *r, bool *cut)
{
	if (r->p >= r->end)
		return false;
	const char *nl = memchr(r->p, '\n', (size_t)(r->end - r->p));
	const char *stop = nl ? nl : r->end;
	size_t n = (size_t)(stop - r->p);
	*cut = n > PXECFG_MAX_LINE - 1;
	if (*cut)
		n = PXECFG_MAX_LINE - 1;
	size_t k = 0;
	while (k < n && r->p[k] != '\r' && r->p[k] != '\0')
		k++;
	memcpy(r->buf, r->p, k);
	r->buf[k] = '\0';
	r->p = nl ? nl + 1 : r->end;
	r->at.line++;
	return true;
}

/* TEXT HELP ... ENDTEXT: collect the lines into the current label's help (if any). */
static int do_text(struct pxecfg *cfg, struct reader *r, const char *arg)
{
	bool help = looking_at(skipspace(arg), "help") != NULL;
	struct pxecfg_label *l = cur_label(cfg);
	struct cursor start = r->at;
	bool cut;

	if (!help)
		warn(cfg, &r->at, "TEXT block other than TEXT HELP ignored");
	else if (!l)
		warn(cfg, &r->at, "TEXT HELP outside a LABEL ignored");
	while (next_line(r, &cut)) {
		if (looking_at(skipspace(r->buf), "endtext"))
			return 0;
		if (!help || !l)
			continue;
		size_t old = l->help ? strlen(l->help) : 0, add = strlen(r->buf);
		char *h = wb_realloc(l->help, old + add + 2);
		if (!h)
			return oom(cfg, &r->at);
		memcpy(h + old, r->buf, add);
		h[old + add] = '\n';
		h[old + add + 1] = '\0';
		l->help = h;
	}
	warn(cfg, &start, "TEXT without ENDTEXT: the block runs to the end of the file");
	return 0;
}

/*
 * Fetch an INCLUDE/DISPLAY file through the callback.  Returns 1 (with cfg->error set) past
 * PXECFG_MAX_FETCHES files in all, so that a file including itself many times over cannot
 * take forever; else 0 or the callback's negative WB_E*.
 */
static int fetch_file(struct pxecfg *cfg, const struct cursor *at, const char *name, char **text,
		      size_t *len)
{
	if (!cfg->fetch)
		return -WB_ENOTSUP;
	if (++cfg->nfetches > PXECFG_MAX_FETCHES) {
		fail(cfg, at, -WB_ETOOBIG, "more than %d INCLUDE/DISPLAY files in all",
		     PXECFG_MAX_FETCHES);
		return 1;
	}
	return cfg->fetch(cfg->fetch_ctx, name, text, len);
}

/*
 * The file name that starts arg, for `directive` (INCLUDE, DISPLAY), into name[size].
 * Returns false, with a warning, when there is none or it does not fit.
 */
static bool directive_file_name(struct pxecfg *cfg, const struct cursor *at, const char *directive,
				const char *arg, char *name, size_t size)
{
	const char *end = arg;
	while (*end && !cfg_isspace(*end))
		end++;
	size_t n = (size_t)(end - arg);
	if (!n) {
		warn(cfg, at, "%s without a file name", directive);
		return false;
	}
	if (n >= size) {
		warn(cfg, at, "%s file name longer than %u bytes ignored", directive, (unsigned)size - 1);
		return false;
	}
	memcpy(name, arg, n);
	name[n] = '\0';
	return true;
}

/*
 * Fetch the file of an INCLUDE or DISPLAY directive into *text (the caller frees it).
 * Returns 0; 1 when it could not be fetched (warned: PXELINUX ignores such a directive); or a
 * negative WB_E* that ends the parse.
 */
static int fetch_directive_file(struct pxecfg *cfg, const struct cursor *at, const char *directive,
				const char *name, char **text, size_t *len)
{
	*text = NULL;
	*len = 0;
	int err = fetch_file(cfg, at, name, text, len);
	if (err > 0)
		return -WB_ETOOBIG;
	if (err) {
		/* PXELINUX skips a missing file silently (syslinux.txt, DISPLAY); say it at least. */
		warn(cfg, at, "%s %s: %s, ignored", directive, name, wb_strerror(err));
		wb_free(*text);
		*text = NULL;
		return 1;
	}
	return 0;
}

/* Fetch and parse an included file (INCLUDE / MENU INCLUDE). */
static int do_include(struct pxecfg *cfg, const struct cursor *at, const char *arg,
		      const char *submenu_tag)
{
	char name[256];
	if (!directive_file_name(cfg, at, "INCLUDE", arg, name, sizeof(name)))
		return 0;
	for (int i = 0; i < cfg->depth; i++)
		if (!strcmp(cfg->stack[i], name))
			return fail(cfg, at, -WB_ELOOP, "INCLUDE loop: \"%s\" includes itself", name);
	if (cfg->depth >= PXECFG_MAX_DEPTH)
		return fail(cfg, at, -WB_ELOOP, "INCLUDE nested more than %d deep at \"%s\"",
			    PXECFG_MAX_DEPTH, name);
	char *text;
	size_t len;
	int err = fetch_directive_file(cfg, at, "INCLUDE", name, &text, &len);
	if (err)
		return err > 0 ? 0 : err;
	if (submenu_tag && (err = add_row(cfg, at, PXECFG_ENTRY_HEADING, submenu_tag)))
		goto out;
	if (submenu_tag)
		cfg->submenu_level++;
	err = parse_text(cfg, name, text, len);
	if (submenu_tag) {
		cfg->submenu_level--;
		if (!err)
			err = close_label(cfg, at);
	}
out:
	wb_free(text);
	return err;
}

/* Keep SAY text or a DISPLAY file's contents for the console, in order. */
static int add_output(struct pxecfg *cfg, const struct cursor *at, bool display,
		      const char *text, size_t len)
{
	if (cfg->noutputs >= PXECFG_MAX_OUTPUTS) {
		warn(cfg, at, "more than %d SAY/DISPLAY directives: the rest are not shown",
		     PXECFG_MAX_OUTPUTS);
		return 0;
	}
	char *s = wb_strndup(text, len);
	if (!s)
		return oom(cfg, at);
	cfg->outputs[cfg->noutputs].is_display = display;
	cfg->outputs[cfg->noutputs++].text = s;
	return 0;
}

/* DISPLAY file: its contents are shown on the console, in order with SAY text. */
static int do_display(struct pxecfg *cfg, const struct cursor *at, const char *arg)
{
	char name[256];
	if (!directive_file_name(cfg, at, "DISPLAY", arg, name, sizeof(name)))
		return 0;
	char *text;
	size_t len;
	int err = fetch_directive_file(cfg, at, "DISPLAY", name, &text, &len);
	if (err)
		return err > 0 ? 0 : err;
	if (len > PXECFG_MAX_TOTAL - cfg->total_bytes) {
		wb_free(text);
		return fail(cfg, at, -WB_ETOOBIG, "DISPLAY %s: configuration text over %d bytes",
			    name, PXECFG_MAX_TOTAL);
	}
	cfg->total_bytes += len;
	err = add_output(cfg, at, true, text, len);
	wb_free(text);
	return err;
}

/* SERIAL port [baud [flow]], read as PXELINUX does. */
static void do_serial(struct pxecfg *cfg, const struct cursor *at, const char *p)
{
	bool ok;
	const char *end = NULL;
	struct pxecfg_serial s = { .set = true, .baud = 9600 };

	s.port = cfg_strtoul(p, &end, &ok);
	if (!ok)
		warn(cfg, at, "SERIAL without a port number: using port 0");
	p = ok ? end : skipspace(p);
	while (*p && !cfg_isspace(*p))
		p++;
	p = skipspace(p);
	if (*p) {
		long baud = cfg_atoi(p, &ok);
		s.baud = baud > 0 ? (uint32_t)baud : 0;
		while (*p && !cfg_isspace(*p))
			p++;
		p = skipspace(p);
		if (*p)
			s.flow = cfg_strtoul(p, NULL, &ok);
	}
	if (s.baud < 75) {
		warn(cfg, at, "SERIAL baud rate below 75: serial console turned off");
		s.disabled = true;
	}
	cfg->serial = s;
}

/* A flag or count directive read with atoi(); garbage counts as 0 (with a warning). */
static long number_arg(struct pxecfg *cfg, const struct cursor *at, const char *kw,
		       const char *arg)
{
	bool ok;
	long v = cfg_atoi(arg, &ok);
	if (!ok)
		warn(cfg, at, "%s value \"%s\" is not a number: taken as 0", kw, skipspace(arg));
	return v;
}

static uint32_t tenths_arg(struct pxecfg *cfg, const struct cursor *at, const char *kw,
			   const char *arg)
{
	long v = number_arg(cfg, at, kw, arg);
	return v > 0 ? (uint32_t)v : 0;
}

/* Menu directives ignored because they only change colours, layout or saving. */
static const char *const menu_cosmetic[] = {
	"color", "colour", "msgcolor", "msgcolour", "background", "resolution", "save", "nosave",
	"start", "immediate", "noimmediate", "clear", "width", "margin", "passwordmargin", "rows",
	"tabmsgrow", "cmdlinerow", "endrow", "passwordrow", "timeoutrow", "helpmsgrow",
	"helpmsgendrow", "hshift", "vshift", "hiddenrow", "notabmsg", "passprompt", "vesa",
};

/* One MENU directive (p is what follows "MENU"): labels, title, default, hidden... */
static int do_menu(struct pxecfg *cfg, const struct cursor *at, const char *p)
{
	struct pxecfg_label *l = cur_label(cfg);
	const char *v;

	p = skipspace(p);
	if ((v = looking_at(p, "label"))) {
		if (l)
			return set_str(cfg, at, &l->menu_label, skipspace(v));
		if (cfg->submenu_level && cfg->nentries &&
		    cfg->entries[cfg->nentries - 1].kind == PXECFG_ENTRY_HEADING)
			return set_str(cfg, at, &cfg->entries[cfg->nentries - 1].menu_label,
				       skipspace(v));
		warn(cfg, at, "MENU LABEL outside a LABEL ignored");
	} else if ((v = looking_at(p, "title"))) {
		if (cfg->submenu_level && cfg->nentries) {
			/* A submenu's title: shown on its heading row. */
			for (size_t i = cfg->nentries; i-- > 0;)
				if (cfg->entries[i].kind == PXECFG_ENTRY_HEADING)
					return set_str(cfg, at, &cfg->entries[i].menu_label, skipspace(v));
		}
		return set_str(cfg, at, &cfg->menu_title, skipspace(v));
	} else if (looking_at(p, "default")) {
		if (l)
			l->menu_default = true;
	} else if (looking_at(p, "hide")) {
		if (l)
			l->hidden = true;
	} else if (looking_at(p, "hidden")) {
		cfg->menu_hidden = true;
	} else if (looking_at(p, "shiftkey")) {
		cfg->menu_shiftkey = true;
	} else if (looking_at(p, "noedit")) {
		cfg->menu_noedit = true;
	} else if (looking_at(p, "passwd") || looking_at(p, "master")) {
		warn(cfg, at, "MENU PASSWD is not supported: the entry boots without a password");
	} else if (looking_at(p, "separator")) {
		return add_row(cfg, at, PXECFG_ENTRY_SEPARATOR, NULL);
	} else if (looking_at(p, "disable") || looking_at(p, "disabled")) {
		if (l)
			l->kind = PXECFG_ENTRY_DISABLED;
	} else if ((v = looking_at(p, "indent"))) {
		long n = number_arg(cfg, at, "MENU INDENT", v);
		if (l && n > 0)
			l->indent += n > 40 ? 40 : (unsigned)n;
	} else if ((v = looking_at(p, "begin"))) {
		if (!cfg->submenu_level)
			warn(cfg, at, "MENU BEGIN: submenus are shown flattened into one menu");
		int err = add_row(cfg, at, PXECFG_ENTRY_HEADING, skipspace(v));
		if (err)
			return err;
		if (cfg->submenu_level < 8)
			cfg->submenu_level++;
	} else if (looking_at(p, "end")) {
		int err = close_label(cfg, at);
		if (err)
			return err;
		if (cfg->submenu_level)
			cfg->submenu_level--;
	} else if (looking_at(p, "goto") || looking_at(p, "exit") || looking_at(p, "quit")) {
		if (l) {
			l->kind = PXECFG_ENTRY_DISABLED;
			warn(cfg, at, "MENU GOTO/EXIT/QUIT not supported (submenus are flattened): "
				      "entry disabled");
		}
	} else if ((v = looking_at(p, "include"))) {
		v = skipspace(v);
		const char *tag = v;
		while (*tag && !cfg_isspace(*tag))
			tag++;
		tag = skipspace(tag);
		return do_include(cfg, at, v, *tag ? tag : NULL);
	} else if ((v = looking_at(p, "autoboot"))) {
		return set_str(cfg, at, &cfg->menu_autoboot, skipspace(v));
	} else if ((v = looking_at(p, "tabmsg"))) {
		return set_str(cfg, at, &cfg->menu_tabmsg, skipspace(v));
	} else if ((v = looking_at(p, "onerror"))) {
		return set_str(cfg, at, &cfg->onerror, skipspace(v));
	} else {
		for (size_t i = 0; i < sizeof(menu_cosmetic) / sizeof(menu_cosmetic[0]); i++)
			if (looking_at(p, menu_cosmetic[i]))
				return 0;
		warn(cfg, at, "unknown MENU directive \"%.40s\" ignored", p);
	}
	return 0;
}

/* Directives accepted and deliberately without effect here (video, keyboard, paths). */
static const char *const ignored_keywords[] = {
	"font", "kbdmap", "nohalt", "pxeretry", "path", "sendcookies",
};

static bool is_fkey(const char *p)
{
	if (wb_tolower((unsigned char)p[0]) != 'f' || !wb_isdigit((unsigned char)p[1]))
		return false;
	int n = p[1] - '0';
	const char *q = p + 2;
	if (wb_isdigit((unsigned char)*q))
		n = n * 10 + (*q++ - '0');
	return n <= 12 && (cfg_isspace(*q) || !*q);
}

/* One directive line (text already cut at CR/NUL). */
static int do_line(struct pxecfg *cfg, struct reader *r)
{
	const struct cursor *at = &r->at;
	const char *p = skipspace(r->buf);
	struct pxecfg_label *l = cur_label(cfg);
	const char *v;

	if (!*p || *p == '#')
		return 0;
	if ((v = looking_at(p, "menu")))
		return do_menu(cfg, at, v);
	if ((v = looking_at(p, "text")))
		return do_text(cfg, r, v);
	if (is_fkey(p))
		return 0;
	if ((v = looking_at(p, "include")))
		return do_include(cfg, at, skipspace(v), NULL);
	if ((v = looking_at(p, "append")))
		return set_str(cfg, at, l ? &l->append : &cfg->append, skipspace(v));
	if ((v = looking_at(p, "initrd"))) {
		if (l)
			return set_str(cfg, at, &l->initrd, skipspace(v));
		warn(cfg, at, "INITRD outside a LABEL is ignored (as in PXELINUX)");
		return 0;
	}
	if ((v = looking_at(p, "label")))
		return do_label(cfg, at, skipspace(v));
	for (size_t t = 0; t < sizeof(kernel_keywords) / sizeof(kernel_keywords[0]); t++) {
		if ((v = looking_at(p, kernel_keywords[t]))) {
			if (!l) {
				warn(cfg, at, "%s outside a LABEL is ignored (as in PXELINUX)",
				     kernel_keywords[t]);
				return 0;
			}
			l->type = (enum pxecfg_kernel_type)t;
			return set_str(cfg, at, &l->kernel, skipspace(v));
		}
	}
	if ((v = looking_at(p, "timeout"))) {
		cfg->timeout_ds = tenths_arg(cfg, at, "TIMEOUT", v);
	} else if ((v = looking_at(p, "totaltimeout"))) {
		cfg->totaltimeout_ds = tenths_arg(cfg, at, "TOTALTIMEOUT", v);
	} else if ((v = looking_at(p, "ontimeout"))) {
		return set_str(cfg, at, &cfg->ontimeout, skipspace(v));
	} else if ((v = looking_at(p, "allowoptions"))) {
		cfg->allowoptions = number_arg(cfg, at, "ALLOWOPTIONS", v) != 0;
	} else if ((v = looking_at(p, "ipappend")) || (v = looking_at(p, "sysappend"))) {
		bool ok;
		uint32_t bits = cfg_strtoul(v, NULL, &ok);
		if (!ok)
			warn(cfg, at, "IPAPPEND/SYSAPPEND value is not a number: taken as 0");
		*(l ? &l->sysappend : &cfg->sysappend) = bits;
	} else if ((v = looking_at(p, "default"))) {
		int err = set_str(cfg, at, &cfg->global_default, skipspace(v));
		if (!err && cfg->ui_level < 2) {
			cfg->ui_level = 1;
			err = set_str(cfg, at, &cfg->default_cmd, skipspace(v));
		}
		return err;
	} else if ((v = looking_at(p, "ui"))) {
		if (!pxecfg_is_menu_command(skipspace(v))) {
			warn(cfg, at, "UI %.40s is not supported: using DEFAULT and the boot: prompt",
			     skipspace(v));
			return 0;
		}
		cfg->ui_level = 2;
		int err = set_str(cfg, at, &cfg->ui, skipspace(v));
		return err ? err : set_str(cfg, at, &cfg->default_cmd, skipspace(v));
	} else if ((v = looking_at(p, "display"))) {
		return do_display(cfg, at, skipspace(v));
	} else if ((v = looking_at(p, "implicit"))) {
		cfg->implicit = number_arg(cfg, at, "IMPLICIT", v) != 0;
	} else if ((v = looking_at(p, "prompt"))) {
		cfg->prompt = number_arg(cfg, at, "PROMPT", v) != 0;
	} else if ((v = looking_at(p, "console"))) {
		cfg->console = number_arg(cfg, at, "CONSOLE", v) != 0;
	} else if ((v = looking_at(p, "noescape"))) {
		cfg->noescape = number_arg(cfg, at, "NOESCAPE", v) != 0;
	} else if ((v = looking_at(p, "nocomplete"))) {
		cfg->nocomplete = number_arg(cfg, at, "NOCOMPLETE", v) != 0;
	} else if ((v = looking_at(p, "onerror"))) {
		return set_str(cfg, at, &cfg->onerror, skipspace(v));
	} else if ((v = looking_at(p, "serial"))) {
		do_serial(cfg, at, v);
	} else if ((v = looking_at(p, "say"))) {
		/* PXELINUX prints from 4 bytes in: "SAY  x" shows " x". */
		v = *v ? v + 1 : v;
		return add_output(cfg, at, false, v, strlen(v));
	} else {
		for (size_t i = 0; i < sizeof(ignored_keywords) / sizeof(ignored_keywords[0]); i++)
			if (looking_at(p, ignored_keywords[i]))
				return 0;
		const char *e = p;
		while (*e && !cfg_isspace(*e) && e - p < 40)
			e++;
		warn(cfg, at, "unknown keyword \"%.*s\" ignored", (int)(e - p), p);
	}
	return 0;
}

static int parse_text(struct pxecfg *cfg, const char *name, const char *text, size_t len)
{
	struct reader r = { .p = text, .end = text + len, .at = { name, 0 } };
	bool cut;
	int err = 0;

	if (len > PXECFG_MAX_TOTAL - cfg->total_bytes)
		return fail(cfg, NULL, -WB_ETOOBIG,
			    "%s: configuration text over %d bytes in all (INCLUDEs counted)", name,
			    PXECFG_MAX_TOTAL);
	cfg->total_bytes += len;
	r.buf = wb_malloc(PXECFG_MAX_LINE);
	if (!r.buf)
		return oom(cfg, NULL);
	cfg->stack[cfg->depth++] = name;
	while (!err && next_line(&r, &cut)) {
		if (cut)
			warn(cfg, &r.at, "line longer than %d bytes cut there", PXECFG_MAX_LINE - 1);
		err = do_line(cfg, &r);
	}
	cfg->depth--;
	wb_free(r.buf);
	return err;
}

int pxecfg_parse(struct pxecfg *cfg, const char *name, const char *text, size_t len)
{
	cfg->error[0] = '\0';
	int err = parse_text(cfg, name, text, len);
	if (!err) /* end of file ends the last label, as in PXELINUX */
		err = close_label(cfg, &(struct cursor){ name, 0 });
	return err;
}

const struct pxecfg_label *pxecfg_find_label(const struct pxecfg *cfg, const char *cmd)
{
	size_t n = 0;
	while (cmd[n] && !cfg_isspace(cmd[n]))
		n++;
	for (size_t i = 0; i < cfg->nentries; i++) {
		const struct pxecfg_label *e = &cfg->entries[i];
		if (e->kind == PXECFG_ENTRY_LABEL && e->name && !strncmp(e->name, cmd, n) &&
		    !e->name[n])
			return e;
	}
	return NULL;
}

bool pxecfg_is_menu_command(const char *cmd)
{
	if (!cmd)
		return false;
	cmd = skipspace(cmd);
	size_t n = 0;
	while (cmd[n] && !cfg_isspace(cmd[n]))
		n++;
	size_t base = n;
	while (base && cmd[base - 1] != '/' && cmd[base - 1] != ':' && cmd[base - 1] != '\\')
		base--;
	const char *b = cmd + base;
	size_t bl = n - base;
	static const char *const names[] = { "menu.c32", "vesamenu.c32", "menu", "vesamenu" };
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i]) == bl && !strncasecmp(b, names[i], bl))
			return true;
	return false;
}

bool pxecfg_wants_menu(const struct pxecfg *cfg)
{
	return pxecfg_is_menu_command(cfg->ui ? cfg->ui : cfg->default_cmd);
}

int pxecfg_menu_default(const struct pxecfg *cfg)
{
	int def = -1;
	if (cfg->global_default) {
		const struct pxecfg_label *l = pxecfg_find_label(cfg, cfg->global_default);
		if (l && !l->hidden)
			return (int)(l - cfg->entries);
	}
	for (size_t i = 0; i < cfg->nentries; i++)
		if (cfg->entries[i].menu_default && pxecfg_selectable(&cfg->entries[i]))
			def = (int)i;
	if (def >= 0)
		return def;
	for (size_t i = 0; i < cfg->nentries; i++)
		if (pxecfg_selectable(&cfg->entries[i]))
			return (int)i;
	return -1;
}
