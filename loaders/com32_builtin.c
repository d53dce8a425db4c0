/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "loaders/com32_builtin.h"

#include "core/errors.h"
#include "core/string.h"
#include "loaders/boot_session.h"
#include "loaders/pxechn.h"
#include "loaders/mboot.h"

/* One built-in module: its file name and what it does with its arguments. */
struct com32_builtin {
	const char *name;  /* "chain.c32" */
	int (*prepare)(struct boot_session *s, const char *args, struct boot_plan *plan);
};

static const struct com32_builtin builtins[] = {
	{ "pxechn.c32", pxechn_prepare },
	{ "mboot.c32", mboot_prepare },
	{ NULL, NULL }, /* the table ends here */
};

/* The module's base name: "/boot/syslinux/chain.c32" -> "chain.c32". */
static const char *base_name(const char *path)
{
	const char *b = path;
	for (const char *p = path; *p; p++)
		if (*p == '/' || *p == ':')
			b = p + 1;
	return b;
}

int com32_builtin_prepare(struct boot_session *s, struct boot_plan *plan)
{
	const char *name = base_name(s->boot.kernel);
	char list[160] = "";

	for (const struct com32_builtin *b = builtins; b->name; b++)
		if (!strcmp(name, b->name))
			return b->prepare(s, s->boot.args, plan);
	for (const struct com32_builtin *b = builtins; b->name; b++) {
		wb_strlcat(list, list[0] ? ", " : "", sizeof(list));
		wb_strlcat(list, b->name, sizeof(list));
	}
	return boot_fail(s, -WB_ENOTSUP, "%s: COM32 modules cannot run under wireboot; built in: "
			 "menu.c32, vesamenu.c32%s%s", s->boot.kernel, list[0] ? ", " : "", list);
}
