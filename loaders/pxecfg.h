/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The PXELINUX configuration language (pxelinux.cfg/...), parsed into one owned structure.
 *
 * Semantics follow Syslinux 6.x (com32/elflink/ldlinux/readconfig.c), which is what users'
 * trees were written against:
 *  - one directive per line; keywords are case-insensitive and must be followed by
 *    whitespace or the end of the line; leading whitespace is skipped; a line ends at LF and
 *    its text at the first CR or NUL; a line whose first word is not a keyword (so "#..."
 *    comments) is ignored.  '#' later in a line is NOT a comment: "APPEND a # b" appends
 *    "a # b", as in PXELINUX.  Values run to the end of the line, trailing blanks included.
 *  - APPEND/INITRD/IPAPPEND/KERNEL after a LABEL belong to it; APPEND and IPAPPEND before
 *    the first LABEL are global defaults (a label without APPEND uses the global one;
 *    "APPEND -" means none); the KERNEL-type keywords outside a label are ignored.
 *  - DEFAULT is a command line: a label name (plus options) or a kernel with options.
 *  - INCLUDE inserts another file as if it were pasted in (fetched through a callback).
 * wireboot limits (PXELINUX has none or crashes): PXECFG_MAX_LINE bytes a line (longer lines
 * are cut with a warning), PXECFG_MAX_ENTRIES labels, PXECFG_MAX_TOTAL bytes of input in
 * all files together, PXECFG_MAX_DEPTH nested INCLUDEs (a file including itself, directly
 * or not, is WB_ELOOP), PXECFG_MAX_FETCHES INCLUDE/DISPLAY files in all.
 * Real PXELINUX splits an over-long line into several (fgets); here the rest is dropped.
 */
#ifndef WB_LOADERS_PXECFG_H
#define WB_LOADERS_PXECFG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PXECFG_MAX_LINE 4096          /* as PXELINUX's MAX_LINE (including the NUL) */
#define PXECFG_MAX_ENTRIES 4096       /* labels + menu separators/headings */
#define PXECFG_MAX_TOTAL (1024 * 1024) /* bytes of configuration text, all files */
#define PXECFG_MAX_DEPTH 16           /* INCLUDE nesting, as documented for Syslinux */
#define PXECFG_MAX_FETCHES 128        /* INCLUDE + DISPLAY files fetched, in all */
#define PXECFG_MAX_WARNINGS 32        /* warnings kept as text; the rest are only counted */
#define PXECFG_MAX_OUTPUTS 64         /* SAY/DISPLAY texts kept */

/* The kernel-type keywords, in PXELINUX's order (enum kernel_type). */
enum pxecfg_kernel_type {
	PXECFG_KT_NONE,
	PXECFG_KT_LOCALBOOT,
	PXECFG_KT_KERNEL,  /* type from the file name extension */
	PXECFG_KT_LINUX,
	PXECFG_KT_BOOT,
	PXECFG_KT_BSS,
	PXECFG_KT_PXE,
	PXECFG_KT_FDIMAGE,
	PXECFG_KT_COMBOOT,
	PXECFG_KT_COM32,
	PXECFG_KT_CONFIG,
};

/* What a menu entry is. */
enum pxecfg_entry_kind {
	PXECFG_ENTRY_LABEL,     /* a bootable LABEL */
	PXECFG_ENTRY_SEPARATOR, /* MENU SEPARATOR: an empty, unselectable row */
	PXECFG_ENTRY_HEADING,   /* a flattened MENU BEGIN: its title, unselectable */
	PXECFG_ENTRY_DISABLED,  /* MENU DISABLE, or MENU GOTO/EXIT/QUIT (submenus are flattened) */
};

struct pxecfg_label {
	enum pxecfg_entry_kind kind;
	char *name;          /* LABEL name (NULL for separators and headings) */
	char *kernel;        /* KERNEL/LINUX/... value, rest of line; defaults to the name */
	enum pxecfg_kernel_type type;
	char *append;        /* APPEND in effect: its own, else the global one when the label
	                      * ended (as PXELINUX's record()); NULL = none; "-" = none */
	char *initrd;        /* INITRD value (a comma list), or NULL */
	char *menu_label;    /* MENU LABEL, '^' hotkey markers kept; NULL = name */
	char *help;          /* TEXT HELP ... ENDTEXT lines, each ending in '\n'; or NULL */
	uint32_t sysappend;  /* IPAPPEND/SYSAPPEND bits (starts as the global value) */
	unsigned indent;     /* MENU INDENT, plus 2 per flattened submenu level */
	bool hidden;         /* MENU HIDE: not in the menu, but bootable by name */
	bool menu_default;   /* MENU DEFAULT */
	unsigned line;       /* line of the LABEL statement, for messages */
};

/* SAY text, or the contents of a DISPLAY file, in configuration order. */
struct pxecfg_output {
	bool is_display; /* text is a DISPLAY file's contents (may hold control codes) */
	char *text;      /* SAY: the message without a newline */
};

/* SERIAL port [baud [flow]]. */
struct pxecfg_serial {
	bool set;
	bool disabled;   /* baud < 75: PXELINUX turns the serial console off */
	uint32_t port;   /* 0-3 = BIOS COM1-4, otherwise an I/O port address */
	uint32_t baud;   /* default 9600 as in PXELINUX */
	uint32_t flow;   /* flow control bits, see syslinux.txt */
};

/*
 * Fetch another file named by INCLUDE, MENU INCLUDE or DISPLAY (name exactly as written in
 * the config).  On success return 0 and a buffer from wb_malloc in *text (the parser frees
 * it) of *len bytes; otherwise a negative WB_E*.
 */
struct pxecfg_sysappend;

typedef int (*pxecfg_fetch_fn)(void *ctx, const char *name, char **text, size_t *len);

struct pxecfg {
	struct pxecfg_label *entries; /* labels and menu rows, in file order */
	size_t nentries;
	size_t cap_entries;

	char *default_cmd;   /* command run on autoboot: DEFAULT (or UI, which takes precedence) */
	char *global_default;/* the last DEFAULT value (selects the menu's default entry) */
	char *ui;            /* UI module line, or NULL */
	char *append;        /* global APPEND, or NULL */
	uint32_t sysappend;  /* global IPAPPEND/SYSAPPEND bits */
	char *ontimeout;     /* ONTIMEOUT command, or NULL */
	char *onerror;       /* ONERROR command, or NULL */
	uint32_t timeout_ds; /* TIMEOUT, tenths of a second; 0 = wait forever */
	uint32_t totaltimeout_ds; /* TOTALTIMEOUT, tenths; 0 = none */
	bool prompt;         /* PROMPT 1 */
	bool noescape;
	bool nocomplete;
	bool allowoptions;   /* default true */
	bool implicit;       /* default true */
	bool console;        /* CONSOLE: video console on (default true) */
	struct pxecfg_serial serial;

	/* Menu (menu.c32) settings. */
	char *menu_title;
	bool menu_hidden;    /* MENU HIDDEN */
	bool menu_shiftkey;  /* MENU SHIFTKEY */
	bool menu_noedit;    /* editing disabled (ALLOWOPTIONS 0 / MENU NOEDIT) */
	char *menu_autoboot; /* MENU AUTOBOOT message, '#' = seconds; NULL = the default */
	char *menu_tabmsg;   /* MENU TABMSG; NULL = the default */

	struct pxecfg_output outputs[PXECFG_MAX_OUTPUTS];
	size_t noutputs;

	char *warnings[PXECFG_MAX_WARNINGS]; /* "file:line: text" */
	size_t nwarnings;    /* kept */
	size_t nwarnings_total;
	char error[192];     /* "file:line: what went wrong" after a failed parse */

	/* Set by the caller once the network is up: the IPAPPEND/SYSAPPEND strings
	 * (loaders/pxecfg_cmdline.h).  NULL: none known. */
	const struct pxecfg_sysappend *sysappend_info;

	/* Parser state (private). */
	pxecfg_fetch_fn fetch;
	void *fetch_ctx;
	size_t total_bytes;
	unsigned nfetches;
	int depth;
	const char *stack[PXECFG_MAX_DEPTH + 1]; /* names of the files being parsed */
	long cur;                   /* index of the label receiving directives; -1 = global */
	unsigned submenu_level;
	int ui_level;               /* 0 none, 1 DEFAULT seen, 2 UI seen */
};

/* A new empty configuration with PXELINUX's defaults; NULL if out of memory. */
struct pxecfg *pxecfg_new(pxecfg_fetch_fn fetch, void *fetch_ctx);

/*
 * Parse one configuration file (name is used in messages and for INCLUDE loop detection)
 * into cfg; several calls behave like the files concatenated.  Returns 0, or a negative
 * WB_E* with cfg->error describing it (WB_ELOOP, WB_ETOOBIG, WB_ENOMEM).  Unknown keywords,
 * missing INCLUDE/DISPLAY files and cut lines are warnings, not errors.
 */
int pxecfg_parse(struct pxecfg *cfg, const char *name, const char *text, size_t len);

/* Free cfg and everything it owns (NULL is fine). */
void pxecfg_free(struct pxecfg *cfg);

/* The first LABEL whose name is exactly the first word of cmd (PXELINUX find_label). */
const struct pxecfg_label *pxecfg_find_label(const struct pxecfg *cfg, const char *cmd);

/* "kernel", "linux", "localboot", ... for a kernel type. */
const char *pxecfg_kernel_type_name(enum pxecfg_kernel_type t);

/* True when the first word of cmd names menu.c32 or vesamenu.c32 (any directory, the
 * extension optional). */
bool pxecfg_is_menu_command(const char *cmd);

/* True when DEFAULT or UI names menu.c32 or vesamenu.c32: show the menu instead of boot:. */
bool pxecfg_wants_menu(const struct pxecfg *cfg);

/*
 * The index in cfg->entries of the menu's default: the label DEFAULT names if it is a
 * visible label, else the last MENU DEFAULT, else the first selectable entry; -1 if none.
 */
int pxecfg_menu_default(const struct pxecfg *cfg);

/* True when entry e can be chosen in the menu. */
static inline bool pxecfg_selectable(const struct pxecfg_label *e)
{
	return e->kind == PXECFG_ENTRY_LABEL && !e->hidden;
}

#endif
