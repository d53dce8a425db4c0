/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "loaders/com32_builtin.h"

#include "core/errors.h"
#include "core/string.h"
#include "loaders/boot_session.h"
#include "loaders/com32_modules.h"
#include "loaders/pxechn.h"
#include "loaders/mboot.h"

/* One built-in module: its file name and what it does with its arguments. */
struct com32_builtin {
	const char *name;  /* "chain.c32" */
	int (*prepare)(struct boot_session *s, const char *args, struct boot_plan *plan);
};

/* reboot.c32 / poweroff.c32: no arguments, the platform does it (rom/power.c, efi/power.c). */
static int power_prepare(struct boot_plan *plan, enum boot_power what)
{
	plan->kind = BOOT_KIND_POWER;
	plan->power = what;
	return 0;
}

static int reboot_prepare(struct boot_session *s, const char *args, struct boot_plan *plan)
{
	(void)s, (void)args;
	return power_prepare(plan, BOOT_POWER_REBOOT);
}

static int poweroff_prepare(struct boot_session *s, const char *args, struct boot_plan *plan)
{
	(void)s, (void)args;
	return power_prepare(plan, BOOT_POWER_OFF);
}

/* config.c32 file [dir]: the CONFIG directive as a module. */
static int config_prepare(struct boot_session *s, const char *args, struct boot_plan *plan)
{
	char file[PXECFG_PATH_MAX];
	const char *p = args ? args : "";

	(void)plan;
	if (!boot_next_word(&p, file, sizeof(file)))
		return boot_fail(s, -WB_ETOOBIG, "config.c32: file name too long");
	return boot_session_switch_config(s, file, p);
}

static const struct com32_builtin builtins[] = {
	{ "chain.c32", com32_chain_prepare },
	{ "reboot.c32", reboot_prepare },
	{ "poweroff.c32", poweroff_prepare },
	{ "ifcpu64.c32", com32_ifcpu64_prepare },
	{ "config.c32", config_prepare },
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
	char list[240] = "";

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
