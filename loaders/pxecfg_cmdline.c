// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Label selection and the kernel command line, as PXELINUX 6.x builds them (the steps and
 * their sources are described in pxecfg_cmdline.h).
 */
#include "loaders/pxecfg_cmdline.h"

#include "core/errors.h"
#include "core/heap.h"
#include "core/printf.h"
#include "core/string.h"

/* PXELINUX my_isspace(): control characters, space and DEL. */
static bool blank(char c) { return (unsigned char)c <= ' ' || (unsigned char)c == 0x7f; }

/* A bounded string being built; overflow is remembered, never written past. */
struct sbuf {
	char *buf;
	size_t size, len;
	bool overflow;
};

static void sb_addn(struct sbuf *sb, const char *s, size_t n)
{
	if (sb->overflow || n >= sb->size - sb->len) {
		sb->overflow = true;
		return;
	}
	memcpy(sb->buf + sb->len, s, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

static void sb_add(struct sbuf *sb, const char *s) { sb_addn(sb, s, strlen(s)); }

/* A SYSAPPEND string with blanks turned into single '_', none leading or trailing. */
static void sb_add_mangled(struct sbuf *sb, const char *s)
{
	bool was_blank = true;
	size_t keep = sb->len; /* length up to the last non-blank written */
	for (; *s; s++) {
		if (blank(*s)) {
			if (!was_blank)
				sb_addn(sb, "_", 1);
			was_blank = true;
		} else {
			sb_addn(sb, s, 1);
			keep = sb->len;
			was_blank = false;
		}
	}
	if (!sb->overflow) {
		sb->len = keep;
		sb->buf[keep] = '\0';
	}
}

void pxecfg_sysappend_init(struct pxecfg_sysappend *sa, const struct pxecfg_netinfo *net)
{
	char a[WB_IPV4_STRLEN], b[WB_IPV4_STRLEN], c[WB_IPV4_STRLEN], d[WB_IPV4_STRLEN];

	memset(sa, 0, sizeof(*sa));
	/* No IPv4 lease (an IPv6 boot): no ip=, the kernel's ip= has no IPv6 form. */
	if (net->client_ip)
		wb_snprintf(sa->ip, sizeof(sa->ip), "ip=%s:%s:%s:%s", wb_fmt_ipv4(a, net->client_ip),
			    wb_fmt_ipv4(b, net->server_ip), wb_fmt_ipv4(c, net->gateway_ip),
			    wb_fmt_ipv4(d, net->netmask));
	sa->str[0] = sa->ip;

	size_t n = (size_t)wb_snprintf(sa->bootif, sizeof(sa->bootif), "BOOTIF=%02x", net->hwtype);
	for (unsigned i = 0; i < net->hwlen && i < sizeof(net->hwaddr); i++)
		n += (size_t)wb_snprintf(sa->bootif + n, sizeof(sa->bootif) - n, "-%02x",
					 net->hwaddr[i]);
	sa->str[1] = sa->bootif;

	/* PXELINUX trusts a UUID whose version nibble is neither 0 nor 15. */
	const uint8_t *u = net->uuid;
	if (u && u[6] >= 0x10 && u[6] < 0xf0) {
		char text[WB_UUID_STRLEN];
		wb_snprintf(sa->sysuuid, sizeof(sa->sysuuid), "SYSUUID=%s", wb_fmt_uuid(text, u));
		sa->str[2] = sa->sysuuid;
	}
}

/* " <string>" for every bit of mask that has a non-empty string. */
static void add_sysappend(struct sbuf *sb, const struct pxecfg_sysappend *sa, uint32_t mask)
{
	if (!sa)
		return;
	for (unsigned i = 0; i < PXECFG_SYSAPPEND_COUNT; i++) {
		if ((mask & (1u << i)) && sa->str[i] && sa->str[i][0]) {
			sb_addn(sb, " ", 1);
			sb_add_mangled(sb, sa->str[i]);
		}
	}
}

int pxecfg_label_command(const struct pxecfg_label *l, const struct pxecfg_sysappend *sa,
			 char *buf, size_t size)
{
	struct sbuf sb = { buf, size, 0, size == 0 };
	if (size)
		buf[0] = '\0';
	if (l->type != PXECFG_KT_KERNEL) {
		sb_addn(&sb, ".", 1);
		sb_add(&sb, pxecfg_kernel_type_name(l->type));
		sb_addn(&sb, " ", 1);
	}
	sb_add(&sb, l->kernel ? l->kernel : "");
	const char *a = l->append;
	if (a && strcmp(a, "-") && *a) {
		sb_addn(&sb, " ", 1);
		sb_add(&sb, a);
	}
	if (l->initrd) {
		sb_add(&sb, " initrd=");
		sb_add(&sb, l->initrd);
	}
	add_sysappend(&sb, sa, l->sysappend);
	return sb.overflow ? -WB_ETOOBIG : 0;
}

int pxecfg_resolve_label(const struct pxecfg *cfg, const struct pxecfg_label *l,
			 struct pxecfg_run *run)
{
	run->label = l;
	run->sysappend = false;
	return pxecfg_label_command(l, cfg->sysappend_info, run->command, sizeof(run->command));
}

/* A label's command followed by extra text; -WB_ETOOBIG past PXECFG_CMD_MAX - 1 bytes. */
static int label_plus(const struct pxecfg *cfg, const struct pxecfg_label *l, const char *sep,
		      const char *extra, struct pxecfg_run *run)
{
	int err = pxecfg_resolve_label(cfg, l, run);
	if (err)
		return err;
	struct sbuf sb = { run->command, sizeof(run->command), strlen(run->command), false };
	sb_add(&sb, sep);
	sb_add(&sb, extra);
	return sb.overflow ? -WB_ETOOBIG : 0;
}

int pxecfg_resolve(const struct pxecfg *cfg, const char *line, enum pxecfg_from from,
		   struct pxecfg_run *run)
{
	const struct pxecfg_label *l = pxecfg_find_label(cfg, line);
	const char *rest = line;
	while (*rest && !blank(*rest))
		rest++;

	memset(run, 0, sizeof(*run));
	if (from == PXECFG_FROM_MENU) {
		/* menu.c32 unlabel(): the label's command + everything after its name, as is. */
		if (l)
			return label_plus(cfg, l, "", rest, run);
		if (strlen(line) >= sizeof(run->command))
			return -WB_ETOOBIG;
		wb_strlcpy(run->command, line, sizeof(run->command));
		return 0;
	}
	/* ldlinux load_kernel() */
	if (l) {
		const char *args = rest;
		while (*args && blank(*args))
			args++;
		if (*args && (cfg->allowoptions || from == PXECFG_FROM_CONFIG))
			return label_plus(cfg, l, " ", args, run);
		return pxecfg_resolve_label(cfg, l, run);
	}
	if (!cfg->implicit)
		return -WB_ENOLABEL;
	size_t n = cfg->allowoptions ? strlen(line) : (size_t)(rest - line);
	if (n >= sizeof(run->command))
		return -WB_ETOOBIG;
	memcpy(run->command, line, n);
	run->command[n] = '\0';
	run->sysappend = true;
	return 0;
}

int pxecfg_resolve_default(const struct pxecfg *cfg, bool timed_out, struct pxecfg_run *run)
{
	if (timed_out && cfg->ontimeout)
		return pxecfg_resolve(cfg, cfg->ontimeout, PXECFG_FROM_CONFIG, run);
	if (!cfg->default_cmd)
		return -WB_ENOLABEL;
	return pxecfg_resolve(cfg, cfg->default_cmd, PXECFG_FROM_CONFIG, run);
}

int pxecfg_resolve_onerror(const struct pxecfg *cfg, struct pxecfg_run *run)
{
	if (!cfg->onerror)
		return -WB_ENOENT;
	const char *def = cfg->default_cmd ? cfg->default_cmd : "";
	const struct pxecfg_label *l = pxecfg_find_label(cfg, cfg->onerror);
	int err = 0;

	memset(run, 0, sizeof(*run));
	if (l) {
		err = label_plus(cfg, l, " ", def, run);
	} else {
		struct sbuf sb = { run->command, sizeof(run->command), 0, false };
		sb_add(&sb, cfg->onerror);
		sb_addn(&sb, " ", 1);
		sb_add(&sb, def);
		err = sb.overflow ? -WB_ETOOBIG : 0;
	}
	run->sysappend = true;
	return err;
}

/* Image types execute() knows, by their '.' prefix, and by file name extension. */
enum image_type { IMG_KERNEL, IMG_LINUX, IMG_LOCALBOOT, IMG_BOOT, IMG_BSS, IMG_PXE, IMG_FDIMAGE,
		  IMG_COM32, IMG_CONFIG };

static const struct {
	const char *name;
	enum image_type type;
} prefixes[] = {
	{ "localboot", IMG_LOCALBOOT }, { "kernel", IMG_KERNEL }, { "linux", IMG_LINUX },
	{ "boot", IMG_BOOT },           { "bss", IMG_BSS },       { "pxe", IMG_PXE },
	{ "fdimage", IMG_FDIMAGE },     { "com32", IMG_COM32 },   { "config", IMG_CONFIG },
};

static const struct {
	const char *ext;
	enum image_type type;
} extensions[] = {
	{ ".c32", IMG_COM32 }, { ".img", IMG_FDIMAGE }, { ".bss", IMG_BSS },
	{ ".bin", IMG_BOOT },  { ".bs", IMG_BOOT },     { ".0", IMG_PXE },
};

/* parse_image_type(): the type from the extension of the first word (case-sensitive). */
static enum image_type type_from_name(const char *cmd)
{
	size_t len = 0;
	while (cmd[len] && !blank(cmd[len]))
		len++;
	for (size_t i = 0; i < sizeof(extensions) / sizeof(extensions[0]); i++) {
		size_t el = strlen(extensions[i].ext);
		if (len >= el && !strncmp(cmd + len - el, extensions[i].ext, el))
			return extensions[i].type;
	}
	return IMG_KERNEL;
}

static int boot_fail(struct pxecfg_boot *b, int err, const char *fmt, const char *what)
	WB_PRINTF(3, 0);
static int boot_fail(struct pxecfg_boot *b, int err, const char *fmt, const char *what)
{
	wb_snprintf(b->error, sizeof(b->error), fmt, what);
	return err;
}

/* "initrd=" list from the first occurrence anywhere in cmdline (kernel.c). */
static int collect_initrds(struct pxecfg_boot *b)
{
	const char *t = strstr(b->cmdline, "initrd=");
	if (!t)
		return 0;
	size_t count = 1;
	for (const char *p = t + 7; *p && *p != ' '; p++)
		count += *p == ',';
	b->initrds = wb_zalloc(count * sizeof(char *));
	if (!b->initrds)
		return boot_fail(b, -WB_ENOMEM, "%s", "out of memory for the initrd list");
	t += 6; /* at '=' */
	do {
		t++; /* skip '=' or ',' */
		size_t n = 0;
		while (t[n] && t[n] != ' ' && t[n] != ',')
			n++;
		if (!n)
			return boot_fail(b, -WB_EINVAL, "%s",
					 "initrd= names an empty file (stray comma or blank)");
		char *name = wb_strndup(t, n);
		if (!name)
			return boot_fail(b, -WB_ENOMEM, "%s", "out of memory for the initrd list");
		b->initrds[b->ninitrds++] = name;
		t += n;
	} while (*t == ',');
	return 0;
}

int pxecfg_boot_build(const struct pxecfg *cfg, const struct pxecfg_run *run,
		      struct pxecfg_boot *out)
{
	memset(out, 0, sizeof(*out));
	if (strnlen(run->command, PXECFG_CMD_MAX) >= PXECFG_CMD_MAX)
		return boot_fail(out, -WB_ETOOBIG, "%s",
				 "command line too long (PXELINUX refuses 2048 bytes or more)");

	/* execute(): kernel = first word, args = the rest after blanks (+ SYSAPPEND). */
	char *work = wb_malloc(PXECFG_KERNEL_CMDLINE_MAX);
	if (!work)
		return boot_fail(out, -WB_ENOMEM, "%s", "out of memory for the command line");
	wb_strlcpy(work, run->command, PXECFG_KERNEL_CMDLINE_MAX);
	enum image_type type = type_from_name(work);
	const char *kernel, *args;
	int err = 0;

	for (int depth = 0;; depth++) {
		char *p = work;
		while (*p && !blank(*p))
			p++;
		size_t klen = (size_t)(p - work);
		while (*p && blank(*p))
			p++;
		if (klen >= sizeof(out->kernel)) {
			err = boot_fail(out, -WB_ETOOBIG, "%s", "kernel file name too long");
			goto out;
		}
		memcpy(out->kernel, work, klen);
		out->kernel[klen] = '\0';
		memmove(work, p, strlen(p) + 1);
		if (run->sysappend) {
			size_t before = strlen(work);
			struct sbuf tail = { work + before, PXECFG_KERNEL_CMDLINE_MAX - before, 0, false };
			add_sysappend(&tail, cfg->sysappend_info, cfg->sysappend);
			/* add_sysappend() puts a blank before each string; PXELINUX has none
			 * before the first when there were no arguments. */
			if (tail.len && !before)
				memmove(work, work + 1, tail.len);
			if (tail.overflow) {
				err = boot_fail(out, -WB_ETOOBIG, "%s",
						"command line too long with the SYSAPPEND strings");
				goto out;
			}
		}
		kernel = out->kernel;
		args = work;
		if (kernel[0] != '.' || depth >= 4)
			break;
		bool found = false;
		for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
			if (!strcmp(kernel + 1, prefixes[i].name)) {
				type = prefixes[i].type;
				found = true;
			}
		}
		if (!found)
			break;
		/* ".type file args": execute again on the arguments, with that type. */
	}

	switch (type) {
	case IMG_KERNEL:
	case IMG_LINUX:
		break;
	case IMG_LOCALBOOT: {
		const char *s = kernel;
		bool neg = *s == '-';
		unsigned long long v = 0;
		wb_strtou64(s + neg, NULL, 0, &v);
		out->kind = PXECFG_BOOT_LOCALBOOT;
		out->local_type = neg ? -(int)(v & 0x7fffffff) : (int)(v & 0x7fffffff);
		goto out;
	}
	case IMG_COM32:
	case IMG_PXE:
	case IMG_CONFIG:
		out->kind = type == IMG_COM32 ? PXECFG_BOOT_COM32
			    : type == IMG_PXE ? PXECFG_BOOT_PXE : PXECFG_BOOT_CONFIG;
		if (!kernel[0])
			err = boot_fail(out, -WB_EINVAL, "%s", "no file named on the command line");
		else if (!(out->args = wb_strdup(args)))
			err = boot_fail(out, -WB_ENOMEM, "%s", "out of memory for the arguments");
		goto out;
	case IMG_BOOT:
	case IMG_BSS:
		err = boot_fail(out, -WB_ENOTSUP, "%s: boot sector images are not supported", kernel);
		goto out;
	case IMG_FDIMAGE:
		err = boot_fail(out, -WB_ENOTSUP, "%s: floppy images are not supported", kernel);
		goto out;
	}
	if (!kernel[0]) {
		err = boot_fail(out, -WB_EINVAL, "%s", "no kernel named on the command line");
		goto out;
	}

	/* new_linux_kernel(): "BOOT_IMAGE=<kernel> <args>", the blank always there. */
	size_t total = 11 + strlen(kernel) + 1 + strlen(args) + 1;
	if (total > PXECFG_KERNEL_CMDLINE_MAX) {
		err = boot_fail(out, -WB_ETOOBIG, "%s", "kernel command line too long");
		goto out;
	}
	out->cmdline = wb_malloc(total);
	if (!out->cmdline) {
		err = boot_fail(out, -WB_ENOMEM, "%s", "out of memory for the command line");
		goto out;
	}
	wb_snprintf(out->cmdline, total, "BOOT_IMAGE=%s %s", kernel, args);
	if (!(out->args = wb_strdup(args)))
		err = boot_fail(out, -WB_ENOMEM, "%s", "out of memory for the arguments");
	else
		err = collect_initrds(out);
out:
	wb_free(work);
	return err;
}

void pxecfg_boot_free(struct pxecfg_boot *b)
{
	for (size_t i = 0; i < b->ninitrds; i++)
		wb_free(b->initrds[i]);
	wb_free(b->initrds);
	wb_free(b->cmdline);
	wb_free(b->args);
	b->initrds = NULL;
	b->cmdline = NULL;
	b->args = NULL;
	b->ninitrds = 0;
}
