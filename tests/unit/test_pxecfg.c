// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * loaders/pxecfg + pxecfg_cmdline + pxecfg_search: the seed document's configurations, every
 * directive, and the kernel command line exactly as PXELINUX 6.x builds it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/errors.h"
#include "core/heap.h"
#include "loaders/pxecfg.h"
#include "loaders/pxecfg_cmdline.h"
#include "loaders/pxecfg_search.h"

/* The two configurations of the seed document, as printed there (4-space indents). */
static const char KITTEN[] = "default Palacios_Kitten\n"
			     "label Palacios_Kitten\n"
			     "    kernel bzImage\n"
			     "    append serial.baud=115200 console=serial initrd=init_task\n"
			     "\n"
			     "prompt 1\n"
			     "timeout 20\n";
static const char LINUX[] = "label Palacios_Linux\n"
			    "    kernel bzImage\n"
			    "    append movablecore=262144 initrd=initramfs.cpio console=tty0\n";

static struct pxecfg *parse(const char *text)
{
	struct pxecfg *cfg = pxecfg_new(NULL, NULL);
	assert_non_null(cfg);
	int err = pxecfg_parse(cfg, "test.cfg", text, strlen(text));
	if (err)
		fail_msg("parse failed: %s", cfg->error);
	return cfg;
}

/* Build what PXELINUX would boot for a line typed at boot: (or DEFAULT when NULL). */
static int boot_line(const struct pxecfg *cfg, const char *line, struct pxecfg_boot *b)
{
	struct pxecfg_run run;
	int err = line ? pxecfg_resolve(cfg, line, PXECFG_FROM_PROMPT, &run)
		       : pxecfg_resolve_default(cfg, false, &run);
	if (err) {
		memset(b, 0, sizeof(*b));
		return err;
	}
	return pxecfg_boot_build(cfg, &run, b);
}

static void test_seed_kitten(void **state)
{
	(void)state;
	struct pxecfg *cfg = parse(KITTEN);
	assert_int_equal(cfg->nentries, 1);
	const struct pxecfg_label *l = &cfg->entries[0];
	assert_int_equal(l->kind, PXECFG_ENTRY_LABEL);
	assert_string_equal(l->name, "Palacios_Kitten");
	assert_string_equal(l->kernel, "bzImage");
	assert_int_equal(l->type, PXECFG_KT_KERNEL);
	assert_string_equal(l->append, "serial.baud=115200 console=serial initrd=init_task");
	assert_null(l->initrd);
	assert_int_equal(l->sysappend, 0);
	assert_string_equal(cfg->default_cmd, "Palacios_Kitten");
	assert_true(cfg->prompt);
	assert_int_equal(cfg->timeout_ds, 20);
	assert_int_equal(cfg->totaltimeout_ds, 0);
	assert_int_equal(cfg->nwarnings_total, 0);
	assert_false(pxecfg_wants_menu(cfg));

	struct pxecfg_boot b;
	assert_int_equal(boot_line(cfg, NULL, &b), 0);
	assert_int_equal(b.kind, PXECFG_BOOT_LINUX);
	assert_string_equal(b.kernel, "bzImage");
	assert_string_equal(b.cmdline,
			    "BOOT_IMAGE=bzImage serial.baud=115200 console=serial initrd=init_task");
	assert_int_equal(b.ninitrds, 1);
	assert_string_equal(b.initrds[0], "init_task");
	pxecfg_boot_free(&b);
	pxecfg_free(cfg);
}

static void test_seed_linux(void **state)
{
	(void)state;
	struct pxecfg *cfg = parse(LINUX);
	assert_int_equal(cfg->nentries, 1);
	assert_string_equal(cfg->entries[0].name, "Palacios_Linux");
	assert_string_equal(cfg->entries[0].kernel, "bzImage");
	assert_string_equal(cfg->entries[0].append,
			    "movablecore=262144 initrd=initramfs.cpio console=tty0");
	assert_null(cfg->default_cmd);
	assert_false(cfg->prompt);
	assert_int_equal(cfg->timeout_ds, 0);

	struct pxecfg_boot b;
	assert_int_equal(boot_line(cfg, NULL, &b), -WB_ENOLABEL); /* no DEFAULT */
	assert_int_equal(boot_line(cfg, "Palacios_Linux", &b), 0);
	assert_string_equal(b.kernel, "bzImage");
	assert_string_equal(b.cmdline,
			    "BOOT_IMAGE=bzImage movablecore=262144 initrd=initramfs.cpio console=tty0");
	assert_int_equal(b.ninitrds, 1);
	assert_string_equal(b.initrds[0], "initramfs.cpio");
	pxecfg_boot_free(&b);
	pxecfg_free(cfg);
}

/* Both seed labels in one file, as a user with both setups would have it. */
static void test_seed_both_and_options(void **state)
{
	(void)state;
	char text[1024];
	strcpy(text, KITTEN);
	strcat(text, LINUX);
	struct pxecfg *cfg = parse(text);
	assert_int_equal(cfg->nentries, 2);
	assert_string_equal(pxecfg_find_label(cfg, "Palacios_Linux")->name, "Palacios_Linux");
	assert_null(pxecfg_find_label(cfg, "Palacios"));
	assert_null(pxecfg_find_label(cfg, "palacios_linux")); /* label names are exact */

	struct pxecfg_boot b;
	assert_int_equal(boot_line(cfg, "Palacios_Linux   mem=4G  ", &b), 0);
	assert_string_equal(b.cmdline, "BOOT_IMAGE=bzImage movablecore=262144 "
				       "initrd=initramfs.cpio console=tty0 mem=4G  ");
	pxecfg_boot_free(&b);

	/* A typed kernel that is not a label: implicit, options as typed. */
	assert_int_equal(boot_line(cfg, "vmlinuz-test root=/dev/sda1", &b), 0);
	assert_string_equal(b.kernel, "vmlinuz-test");
	assert_string_equal(b.cmdline, "BOOT_IMAGE=vmlinuz-test root=/dev/sda1");
	assert_int_equal(b.ninitrds, 0);
	pxecfg_boot_free(&b);
	pxecfg_free(cfg);
}

static void test_allowoptions_and_implicit(void **state)
{
	(void)state;
	struct pxecfg *cfg = parse("ALLOWOPTIONS 0\nIMPLICIT 0\nLABEL a\nKERNEL k\nAPPEND x=1\n");
	assert_false(cfg->allowoptions);
	assert_false(cfg->implicit);
	struct pxecfg_boot b;
	assert_int_equal(boot_line(cfg, "a init=/bin/sh", &b), 0);
	assert_string_equal(b.cmdline, "BOOT_IMAGE=k x=1");
	pxecfg_boot_free(&b);
	assert_int_equal(boot_line(cfg, "other", &b), -WB_ENOLABEL);
	pxecfg_free(cfg);

	/* Options the file itself gives after a label name are not the user's: kept. */
	cfg = parse("allowoptions 0\ndefault a quiet\nlabel a\nkernel k\n");
	assert_int_equal(boot_line(cfg, NULL, &b), 0);
	assert_string_equal(b.cmdline, "BOOT_IMAGE=k quiet");
	pxecfg_boot_free(&b);
	assert_int_equal(boot_line(cfg, "a quiet", &b), 0);
	assert_string_equal(b.cmdline, "BOOT_IMAGE=k ");
	pxecfg_boot_free(&b);
	assert_int_equal(boot_line(cfg, "vmlinuz root=/dev/sda", &b), 0);
	assert_string_equal(b.cmdline, "BOOT_IMAGE=vmlinuz "); /* options dropped, blank kept */
	pxecfg_boot_free(&b);
	pxecfg_free(cfg);
}

static void test_append_rules(void **state)
{
	(void)state;
	struct pxecfg *cfg = parse("  APPEND console=ttyS0,115200 quiet\n"
				   "LABEL inherits\n  KERNEL vmlinuz\n"
				   "LABEL own\n  KERNEL vmlinuz\n  APPEND root=/dev/nfs  \n"
				   "LABEL none\n  KERNEL vmlinuz\n  APPEND -\n"
				   "LABEL dashblank\n  KERNEL vmlinuz\n  APPEND - \n"
				   "LABEL comment\n  KERNEL vmlinuz\n  APPEND a # b\n");
	assert_string_equal(cfg->append, "console=ttyS0,115200 quiet");
	assert_string_equal(cfg->entries[0].append, "console=ttyS0,115200 quiet");
	struct pxecfg_boot b;
	static const struct {
		const char *label, *cmdline;
	} want[] = {
		{ "inherits", "BOOT_IMAGE=vmlinuz console=ttyS0,115200 quiet" },
		{ "own", "BOOT_IMAGE=vmlinuz root=/dev/nfs  " },  /* trailing blanks kept */
		{ "none", "BOOT_IMAGE=vmlinuz " },                 /* "-": no options */
		{ "dashblank", "BOOT_IMAGE=vmlinuz - " },          /* only "-" exactly */
		{ "comment", "BOOT_IMAGE=vmlinuz a # b" },         /* '#' mid-line is text */
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		assert_int_equal(boot_line(cfg, want[i].label, &b), 0);
		assert_string_equal(b.cmdline, want[i].cmdline);
		pxecfg_boot_free(&b);
	}
	pxecfg_free(cfg);
}

static void test_default_is_a_kernel(void **state)
{
	(void)state;
	/* DEFAULT naming no label is a kernel + options.  PXELINUX 6.x does not add the global
	 * APPEND to it (kernel.c gets non-NULL args), and the blank after the name stays. */
	struct pxecfg *cfg = parse("DEFAULT vmlinuz root=/dev/nfs nfsroot=10.0.0.1:/srv\n"
				   "APPEND ignored=1\n");
	struct pxecfg_boot b;
	assert_int_equal(boot_line(cfg, NULL, &b), 0);
	assert_string_equal(b.kernel, "vmlinuz");
	assert_string_equal(b.cmdline, "BOOT_IMAGE=vmlinuz root=/dev/nfs nfsroot=10.0.0.1:/srv");
	pxecfg_boot_free(&b);
	pxecfg_free(cfg);

	cfg = parse("default vmlinuz\n");
	assert_int_equal(boot_line(cfg, NULL, &b), 0);
	assert_string_equal(b.cmdline, "BOOT_IMAGE=vmlinuz ");
	pxecfg_boot_free(&b);
	pxecfg_free(cfg);
}

static void test_initrd_lists(void **state)
{
	(void)state;
	struct pxecfg *cfg = parse("label two\n kernel k\n append root=/dev/ram0\n"
				   " initrd a.img,b.cpio.gz\n"
				   "label both\n kernel k\n append initrd=first.img x=1\n"
				   " initrd second.img\n"
				   "label tab\n kernel k\n append initrd=a\tb,c d\n"
				   "label empty\n kernel k\n append initrd=a,,b\n");
	struct pxecfg_boot b;
	/* INITRD adds " initrd=<value>" after the APPEND; the list is split on commas. */
	assert_int_equal(boot_line(cfg, "two", &b), 0);
	assert_string_equal(b.cmdline, "BOOT_IMAGE=k root=/dev/ram0 initrd=a.img,b.cpio.gz");
	assert_int_equal(b.ninitrds, 2);
	assert_string_equal(b.initrds[0], "a.img");
	assert_string_equal(b.initrds[1], "b.cpio.gz");
	pxecfg_boot_free(&b);
	/* Only the first initrd= counts (strstr), and both stay in the command line. */
	assert_int_equal(boot_line(cfg, "both", &b), 0);
	assert_string_equal(b.cmdline, "BOOT_IMAGE=k initrd=first.img x=1 initrd=second.img");
	assert_int_equal(b.ninitrds, 1);
	assert_string_equal(b.initrds[0], "first.img");
	pxecfg_boot_free(&b);
	/* Names end at ' ' or ',' only: a tab is part of the name, as in PXELINUX. */
	assert_int_equal(boot_line(cfg, "tab", &b), 0);
	assert_int_equal(b.ninitrds, 2);
	assert_string_equal(b.initrds[0], "a\tb");
	assert_string_equal(b.initrds[1], "c");
	pxecfg_boot_free(&b);
	assert_int_equal(boot_line(cfg, "empty", &b), -WB_EINVAL);
	assert_non_null(strstr(b.error, "empty"));
	pxecfg_boot_free(&b);
	pxecfg_free(cfg);
}

static const uint8_t UUID[16] = { 0xb8, 0x94, 0x59, 0x08, 0xd6, 0xa6, 0x41, 0xa9,
				  0x61, 0x1d, 0x74, 0xa6, 0xab, 0x80, 0xb8, 0x3d };
static const uint8_t MAC[6] = { 0x88, 0x99, 0xAA, 0xBB, 0xCC, 0xDD };

static uint32_t ip(uint8_t a, uint8_t b, uint8_t c, uint8_t d)
{
	uint8_t bytes[4] = { a, b, c, d };
	uint32_t v;
	memcpy(&v, bytes, 4); /* network byte order in memory */
	return v;
}

static void net_strings(struct pxecfg_sysappend *sa, const uint8_t *uuid)
{
	struct pxecfg_netinfo net = {
		.client_ip = ip(192, 0, 2, 91), .server_ip = ip(192, 0, 2, 1),
		.gateway_ip = ip(192, 0, 2, 254), .netmask = ip(255, 255, 255, 0),
		.hwtype = 1, .hwlen = 6, .uuid = uuid,
	};
	memcpy(net.hwaddr, MAC, 6);
	pxecfg_sysappend_init(sa, &net);
}

static void test_sysappend_strings(void **state)
{
	(void)state;
	struct pxecfg_sysappend sa;
	net_strings(&sa, UUID);
	assert_string_equal(sa.str[0], "ip=192.0.2.91:192.0.2.1:192.0.2.254:255.255.255.0");
	assert_string_equal(sa.str[1], "BOOTIF=01-88-99-aa-bb-cc-dd");
	assert_string_equal(sa.str[2], "SYSUUID=b8945908-d6a6-41a9-611d-74a6ab80b83d");
	assert_null(sa.str[3]);

	uint8_t bad[16] = { 0 }; /* version nibble 0: PXELINUX ignores such UUIDs */
	net_strings(&sa, bad);
	assert_null(sa.str[2]);
	net_strings(&sa, NULL);
	assert_null(sa.str[2]);
}

static void test_ipappend_cmdline(void **state)
{
	(void)state;
	struct pxecfg_sysappend sa;
	net_strings(&sa, UUID);
	sa.str[4] = "  Acme  Computer Inc \t"; /* a DMI string: blanks become single '_' */
	struct pxecfg *cfg = parse("ipappend 2\n"
				   "label one\n kernel k\n append a=1\n ipappend 1\n"
				   "label two\n kernel k\n append a=1\n"
				   "label three\n kernel k\n append a=1\n ipappend 3\n"
				   "label uuid\n kernel k\n initrd i.gz\n sysappend 0x14\n"
				   "label noargs\n kernel k\n ipappend 2\n"
				   "label typed\n linux k\n append a=1\n");
	cfg->sysappend_info = &sa;
	assert_int_equal(cfg->sysappend, 2);
	struct pxecfg_boot b;
	static const struct {
		const char *line, *cmdline;
	} want[] = {
		{ "one", "BOOT_IMAGE=k a=1 ip=192.0.2.91:192.0.2.1:192.0.2.254:255.255.255.0" },
		{ "two", "BOOT_IMAGE=k a=1 BOOTIF=01-88-99-aa-bb-cc-dd" }, /* global IPAPPEND */
		{ "three", "BOOT_IMAGE=k a=1 ip=192.0.2.91:192.0.2.1:192.0.2.254:255.255.255.0 "
			   "BOOTIF=01-88-99-aa-bb-cc-dd" },
		{ "uuid", "BOOT_IMAGE=k initrd=i.gz SYSUUID=b8945908-d6a6-41a9-611d-74a6ab80b83d "
			  "Acme_Computer_Inc" },
		{ "noargs", "BOOT_IMAGE=k BOOTIF=01-88-99-aa-bb-cc-dd" },
		/* user options come after the IPAPPEND strings (label command + " " + options) */
		{ "two x=2", "BOOT_IMAGE=k a=1 BOOTIF=01-88-99-aa-bb-cc-dd x=2" },
		{ "typed", "BOOT_IMAGE=k a=1 BOOTIF=01-88-99-aa-bb-cc-dd" },
		/* an implicit kernel gets the global SYSAPPEND strings at execute time */
		{ "vmlinuz", "BOOT_IMAGE=vmlinuz BOOTIF=01-88-99-aa-bb-cc-dd" },
		{ "vmlinuz ro", "BOOT_IMAGE=vmlinuz ro BOOTIF=01-88-99-aa-bb-cc-dd" },
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		assert_int_equal(boot_line(cfg, want[i].line, &b), 0);
		assert_string_equal(b.cmdline, want[i].cmdline);
		pxecfg_boot_free(&b);
	}
	/* The label's command, as the menu shows it for editing. */
	char cmd[PXECFG_CMD_MAX];
	assert_int_equal(pxecfg_label_command(pxecfg_find_label(cfg, "typed"), &sa, cmd,
					      sizeof(cmd)), 0);
	assert_string_equal(cmd, ".linux k a=1 BOOTIF=01-88-99-aa-bb-cc-dd");
	assert_int_equal(pxecfg_label_command(pxecfg_find_label(cfg, "typed"), &sa, cmd, 10),
			 -WB_ETOOBIG);
	pxecfg_free(cfg);
}

static void test_kernel_types(void **state)
{
	(void)state;
	struct pxecfg *cfg = parse("KERNEL outside\n"
				   "LABEL local\n LOCALBOOT 0\n"
				   "LABEL next\n localboot -1\n"
				   "LABEL mod\n KERNEL menu.c32\n"
				   "LABEL chain\n KERNEL pxelinux.0\n"
				   "LABEL com\n COM32 hdt.c32\n"
				   "LABEL cfg\n CONFIG other.cfg\n"
				   "LABEL nokernel\n APPEND x=1\n");
	struct pxecfg_boot b;
	assert_int_equal(cfg->entries[0].type, PXECFG_KT_LOCALBOOT);
	assert_string_equal(cfg->entries[0].kernel, "0");
	assert_int_equal(boot_line(cfg, "local", &b), 0);
	assert_int_equal(b.kind, PXECFG_BOOT_LOCALBOOT);
	assert_int_equal(b.local_type, 0);
	pxecfg_boot_free(&b);
	assert_int_equal(boot_line(cfg, "next", &b), 0);
	assert_int_equal(b.local_type, -1);
	pxecfg_boot_free(&b);
	/* Modules, PXE programs and CONFIG get their kind, the name and the arguments. */
	assert_int_equal(boot_line(cfg, "mod", &b), 0);
	assert_int_equal(b.kind, PXECFG_BOOT_COM32);
	assert_string_equal(b.kernel, "menu.c32");
	assert_string_equal(b.args, "");
	assert_null(b.cmdline);
	pxecfg_boot_free(&b);
	assert_int_equal(boot_line(cfg, "chain", &b), 0);
	assert_int_equal(b.kind, PXECFG_BOOT_PXE);
	assert_string_equal(b.kernel, "pxelinux.0");
	pxecfg_boot_free(&b);
	assert_int_equal(boot_line(cfg, "com", &b), 0);
	assert_int_equal(b.kind, PXECFG_BOOT_COM32);
	assert_string_equal(b.kernel, "hdt.c32");
	pxecfg_boot_free(&b);
	assert_int_equal(boot_line(cfg, "cfg", &b), 0);
	assert_int_equal(b.kind, PXECFG_BOOT_CONFIG);
	assert_string_equal(b.kernel, "other.cfg");
	pxecfg_boot_free(&b);
	assert_int_equal(boot_line(cfg, "mod extra args", &b), 0);
	assert_string_equal(b.args, "extra args");
	pxecfg_boot_free(&b);
	/* A label without KERNEL boots a kernel named like the label. */
	assert_int_equal(boot_line(cfg, "nokernel", &b), 0);
	assert_string_equal(b.cmdline, "BOOT_IMAGE=nokernel x=1");
	pxecfg_boot_free(&b);
	/* KERNEL outside a label: ignored, with a warning naming the line. */
	assert_int_equal(cfg->nwarnings, 1);
	assert_string_equal(cfg->warnings[0],
			    "test.cfg:1: kernel outside a LABEL is ignored (as in PXELINUX)");
	pxecfg_free(cfg);
}

static void test_globals_and_warnings(void **state)
{
	(void)state;
	struct pxecfg *cfg = parse("# a comment\n"
				   "\t  SERIAL 1 115200 0x303\n"
				   "Console 0\n"
				   "PROMPT 1\nTIMEOUT 50\nTOTALTIMEOUT 9000\n"
				   "ONTIMEOUT rescue single\nONERROR rescue\n"
				   "NOESCAPE 1\nNOCOMPLETE 1\n"
				   "SAY Hello  world\n"
				   "FROBNICATE 3\n"
				   "TIMEOUT abc\n"
				   "F1 help.txt\nFONT lat1.psf\n"
				   "LABEL rescue\n KERNEL r\n");
	assert_true(cfg->serial.set);
	assert_false(cfg->serial.disabled);
	assert_int_equal(cfg->serial.port, 1);
	assert_int_equal(cfg->serial.baud, 115200);
	assert_int_equal(cfg->serial.flow, 0x303);
	assert_false(cfg->console);
	assert_true(cfg->prompt);
	assert_int_equal(cfg->timeout_ds, 0); /* the later "TIMEOUT abc" is 0, as atoi() */
	assert_int_equal(cfg->totaltimeout_ds, 9000);
	assert_string_equal(cfg->ontimeout, "rescue single");
	assert_string_equal(cfg->onerror, "rescue");
	assert_true(cfg->noescape);
	assert_true(cfg->nocomplete);
	assert_int_equal(cfg->noutputs, 1);
	assert_false(cfg->outputs[0].is_display);
	assert_string_equal(cfg->outputs[0].text, "Hello  world");
	assert_int_equal(cfg->nwarnings, 2);
	assert_string_equal(cfg->warnings[0], "test.cfg:12: unknown keyword \"FROBNICATE\" ignored");
	assert_string_equal(cfg->warnings[1],
			    "test.cfg:13: TIMEOUT value \"abc\" is not a number: taken as 0");
	pxecfg_free(cfg);

	cfg = parse("serial 0x3f8\n");
	assert_int_equal(cfg->serial.port, 0x3f8);
	assert_int_equal(cfg->serial.baud, 9600); /* PXELINUX's default */
	pxecfg_free(cfg);
	cfg = parse("serial 0 50\n");
	assert_true(cfg->serial.disabled);
	pxecfg_free(cfg);
}

static void test_timeout_resolution(void **state)
{
	(void)state;
	struct pxecfg *cfg = parse("DEFAULT a\nONTIMEOUT b extra=1\nONERROR c\n"
				   "LABEL a\n KERNEL ka\nLABEL b\n KERNEL kb\nLABEL c\n KERNEL kc\n"
				   " APPEND c=1\n");
	struct pxecfg_run run;
	assert_int_equal(pxecfg_resolve_default(cfg, false, &run), 0);
	assert_string_equal(run.command, "ka");
	assert_int_equal(pxecfg_resolve_default(cfg, true, &run), 0);
	assert_string_equal(run.command, "kb extra=1");
	assert_false(run.sysappend);
	/* ONERROR: label command + " " + DEFAULT, as ldlinux.c does. */
	assert_int_equal(pxecfg_resolve_onerror(cfg, &run), 0);
	assert_string_equal(run.command, "kc c=1 a");
	assert_true(run.sysappend);
	/* The menu's ONTIMEOUT: the label is replaced, the rest kept as is. */
	assert_int_equal(pxecfg_resolve(cfg, "b  x", PXECFG_FROM_MENU, &run), 0);
	assert_string_equal(run.command, "kb  x");
	assert_int_equal(pxecfg_resolve(cfg, "vmlinuz y", PXECFG_FROM_MENU, &run), 0);
	assert_string_equal(run.command, "vmlinuz y");
	assert_false(run.sysappend);
	pxecfg_free(cfg);

	cfg = parse("LABEL a\n");
	assert_int_equal(pxecfg_resolve_onerror(cfg, &run), -WB_ENOENT);
	assert_int_equal(pxecfg_resolve_default(cfg, true, &run), -WB_ENOLABEL);
	pxecfg_free(cfg);
}

static void test_menu_directives(void **state)
{
	(void)state;
	struct pxecfg *cfg = parse("UI menu.c32\n"
				   "DEFAULT two\n"
				   "MENU TITLE Lab boot menu\n"
				   "MENU AUTOBOOT Booting in # s\n"
				   "LABEL one\n MENU LABEL ^One kernel\n KERNEL k1\n"
				   " TEXT HELP\n   First line\r\n  Second\n ENDTEXT\n"
				   " MENU DEFAULT\n"
				   "MENU SEPARATOR\n"
				   "LABEL two\n KERNEL k2\n MENU PASSWD secret\n"
				   "LABEL hidden\n KERNEL k3\n MENU HIDE\n"
				   "MENU BEGIN sub\n MENU TITLE Submenu\n"
				   " LABEL inner\n  KERNEL k4\n"
				   "MENU END\n"
				   "MENU COLOR title 1;36 #ffffffff #00000000 std\n");
	assert_true(pxecfg_wants_menu(cfg));
	assert_string_equal(cfg->ui, "menu.c32");
	assert_string_equal(cfg->default_cmd, "menu.c32"); /* UI wins over DEFAULT */
	assert_string_equal(cfg->global_default, "two");
	assert_string_equal(cfg->menu_title, "Lab boot menu");
	assert_string_equal(cfg->menu_autoboot, "Booting in # s");
	assert_int_equal(cfg->nentries, 6);
	assert_string_equal(cfg->entries[0].menu_label, "^One kernel");
	assert_string_equal(cfg->entries[0].help, "   First line\n  Second\n");
	assert_true(cfg->entries[0].menu_default);
	assert_int_equal(cfg->entries[1].kind, PXECFG_ENTRY_SEPARATOR);
	assert_string_equal(cfg->entries[2].name, "two");
	assert_true(cfg->entries[3].hidden);
	assert_int_equal(cfg->entries[4].kind, PXECFG_ENTRY_HEADING);
	assert_string_equal(cfg->entries[4].menu_label, "Submenu");
	assert_string_equal(cfg->entries[5].name, "inner");
	assert_int_equal(cfg->entries[5].indent, 2);
	/* DEFAULT names a visible label: it is the menu's default, over MENU DEFAULT. */
	assert_int_equal(pxecfg_menu_default(cfg), 2);
	assert_int_equal(cfg->nwarnings, 2);
	assert_non_null(strstr(cfg->warnings[0], "test.cfg:16: MENU PASSWD is not supported"));
	assert_non_null(strstr(cfg->warnings[1], "test.cfg:20: MENU BEGIN: submenus"));
	pxecfg_free(cfg);

	cfg = parse("DEFAULT vesamenu.c32\nLABEL a\nLABEL b\nMENU DEFAULT\n");
	assert_true(pxecfg_wants_menu(cfg));
	assert_int_equal(pxecfg_menu_default(cfg), 1);
	pxecfg_free(cfg);
	cfg = parse("UI gfxboot.c32 bootlogo\nDEFAULT a\nLABEL a\n");
	assert_false(pxecfg_wants_menu(cfg)); /* unsupported UI: DEFAULT and boot: instead */
	assert_string_equal(cfg->default_cmd, "a");
	assert_int_equal(cfg->nwarnings, 1);
	pxecfg_free(cfg);
}

static void test_separator_ends_label(void **state)
{
	(void)state;
	/* After MENU SEPARATOR the global section is back: this APPEND is global, and it is
	 * what later labels without APPEND get; earlier labels keep the one they ended with. */
	struct pxecfg *cfg = parse("APPEND g=1\nLABEL a\n KERNEL k\nMENU SEPARATOR\nAPPEND g=2\n"
				   "LABEL b\n KERNEL k\n");
	assert_string_equal(cfg->entries[0].append, "g=1");
	assert_string_equal(cfg->entries[2].append, "g=2");
	pxecfg_free(cfg);
}

static void test_file_formats(void **state)
{
	(void)state;
	/* CRLF, no final newline, NUL inside a line (ends its text), odd blanks. */
	static const char text[] = "LABEL a\r\n\tKERNEL  k\r\n  APPEND x=1\r\nLABEL b\0junk\n"
				   "KERNEL kb\x01 tail\nAPPEND \x7fy=2";
	struct pxecfg *cfg = pxecfg_new(NULL, NULL);
	assert_int_equal(pxecfg_parse(cfg, "f", text, sizeof(text) - 1), 0);
	assert_int_equal(cfg->nentries, 2);
	assert_string_equal(cfg->entries[0].kernel, "k");
	assert_string_equal(cfg->entries[0].append, "x=1");
	assert_string_equal(cfg->entries[1].name, "b");
	assert_string_equal(cfg->entries[1].kernel, "kb\x01 tail");
	assert_string_equal(cfg->entries[1].append, "y=2"); /* DEL counts as a blank */
	struct pxecfg_boot b;
	assert_int_equal(boot_line(cfg, "b", &b), 0);
	/* control characters are blanks when execute() splits the kernel name off */
	assert_string_equal(b.kernel, "kb");
	assert_string_equal(b.cmdline, "BOOT_IMAGE=kb tail y=2");
	pxecfg_boot_free(&b);
	pxecfg_free(cfg);
}

/* A tiny in-memory TFTP tree for INCLUDE and DISPLAY. */
struct tree {
	const char *names[8];
	const char *texts[8];
	int fetches;
};

static int tree_fetch(void *ctx, const char *name, char **text, size_t *len)
{
	struct tree *t = ctx;
	t->fetches++;
	for (int i = 0; i < 8 && t->names[i]; i++) {
		if (!strcmp(t->names[i], name)) {
			*len = strlen(t->texts[i]);
			*text = wb_strndup(t->texts[i], *len);
			return *text ? 0 : -WB_ENOMEM;
		}
	}
	return -WB_ENOENT;
}

static void test_include_and_display(void **state)
{
	(void)state;
	struct tree t = {
		.names = { "common.cfg", "msg.txt", "menu2.cfg" },
		.texts = { "APPEND console=ttyS0\nLABEL inc\n KERNEL ki\n",
			   "\x0c\x0f" "1fWelcome\x14 serial only\x17\n\x1aignored",
			   "LABEL sub1\n KERNEL ks\n" },
	};
	struct pxecfg *cfg = pxecfg_new(tree_fetch, &t);
	const char *text = "LABEL before\n KERNEL kb\n INCLUDE common.cfg\n"
			   "DISPLAY msg.txt\nINCLUDE missing.cfg\nMENU INCLUDE menu2.cfg Tools\n";
	assert_int_equal(pxecfg_parse(cfg, "main", text, strlen(text)), 0);
	/* Included text continues the current label, as if pasted in. */
	assert_string_equal(cfg->entries[0].name, "before");
	assert_string_equal(cfg->entries[0].append, "console=ttyS0");
	assert_string_equal(cfg->entries[1].name, "inc");
	assert_null(cfg->entries[1].append); /* label-level APPEND: no global one */
	assert_int_equal(cfg->entries[2].kind, PXECFG_ENTRY_HEADING);
	assert_string_equal(cfg->entries[2].menu_label, "Tools");
	assert_string_equal(cfg->entries[3].name, "sub1");
	assert_int_equal(cfg->noutputs, 1);
	assert_true(cfg->outputs[0].is_display);
	assert_int_equal(cfg->nwarnings, 1);
	assert_string_equal(cfg->warnings[0], "main:5: INCLUDE missing.cfg: file not found, ignored");
	assert_int_equal(t.fetches, 4);
	pxecfg_free(cfg);
}

static void test_include_loops(void **state)
{
	(void)state;
	struct tree t = {
		.names = { "a.cfg", "b.cfg", "self.cfg" },
		.texts = { "LABEL a\nINCLUDE b.cfg\n", "LABEL b\nINCLUDE a.cfg\n",
			   "include self.cfg\n" },
	};
	struct pxecfg *cfg = pxecfg_new(tree_fetch, &t);
	const char *text = "INCLUDE a.cfg\n";
	assert_int_equal(pxecfg_parse(cfg, "main", text, strlen(text)), -WB_ELOOP);
	assert_string_equal(cfg->error, "b.cfg:2: INCLUDE loop: \"a.cfg\" includes itself");
	pxecfg_free(cfg);

	cfg = pxecfg_new(tree_fetch, &t);
	text = "INCLUDE self.cfg\n";
	assert_int_equal(pxecfg_parse(cfg, "main", text, strlen(text)), -WB_ELOOP);
	assert_string_equal(cfg->error, "self.cfg:1: INCLUDE loop: \"self.cfg\" includes itself");
	pxecfg_free(cfg);
}

/* A chain of distinct files d1 -> d2 -> ... : 16 levels are fine, 17 are not. */
static int chain_fetch(void *ctx, const char *name, char **text, size_t *len)
{
	int depth = atoi(name + 1), limit = *(int *)ctx;
	char buf[64];
	if (depth < limit)
		snprintf(buf, sizeof(buf), "LABEL l%d\nINCLUDE d%d\n", depth, depth + 1);
	else
		snprintf(buf, sizeof(buf), "LABEL last\n");
	*len = strlen(buf);
	*text = wb_strndup(buf, *len);
	return 0;
}

static void test_include_depth(void **state)
{
	(void)state;
	int limit = PXECFG_MAX_DEPTH - 1; /* main + 15 includes = 16 files open */
	struct pxecfg *cfg = pxecfg_new(chain_fetch, &limit);
	assert_int_equal(pxecfg_parse(cfg, "main", "INCLUDE d1\n", 11), 0);
	assert_string_equal(cfg->entries[cfg->nentries - 1].name, "last");
	pxecfg_free(cfg);

	limit = PXECFG_MAX_DEPTH;
	cfg = pxecfg_new(chain_fetch, &limit);
	assert_int_equal(pxecfg_parse(cfg, "main", "INCLUDE d1\n", 11), -WB_ELOOP);
	assert_string_equal(cfg->error, "d15:2: INCLUDE nested more than 16 deep at \"d16\"");
	pxecfg_free(cfg);
}

static void test_search_order_documented(void **state)
{
	(void)state;
	/* pxelinux.txt: boot file /mybootdir/pxelinux.0, this UUID, MAC and 192.0.2.91. */
	struct pxecfg_search_input in = {
		.hwaddr = MAC, .hwlen = 6, .hwtype = 1, .client_ip = ip(192, 0, 2, 91),
		.uuid = UUID, .bootfile = "/mybootdir/pxelinux.0",
	};
	static const char *const want[] = {
		"/mybootdir/pxelinux.cfg/b8945908-d6a6-41a9-611d-74a6ab80b83d",
		"/mybootdir/pxelinux.cfg/01-88-99-aa-bb-cc-dd",
		"/mybootdir/pxelinux.cfg/C000025B",
		"/mybootdir/pxelinux.cfg/C000025",
		"/mybootdir/pxelinux.cfg/C00002",
		"/mybootdir/pxelinux.cfg/C0000",
		"/mybootdir/pxelinux.cfg/C000",
		"/mybootdir/pxelinux.cfg/C00",
		"/mybootdir/pxelinux.cfg/C0",
		"/mybootdir/pxelinux.cfg/C",
		"/mybootdir/pxelinux.cfg/default",
	};
	struct pxecfg_search s;
	assert_int_equal(pxecfg_search_build(&in, &s), 0);
	assert_string_equal(s.prefix, "/mybootdir/");
	assert_int_equal(s.count, 11);
	for (int i = 0; i < 11; i++)
		assert_string_equal(s.names[i], want[i]);
}

static void test_search_order_seed_and_options(void **state)
{
	(void)state;
	/* The seed's client: 00:1B:21:41:CF:4C at 165.124.184.92, filename "pxelinux.0". */
	static const uint8_t mac[6] = { 0x00, 0x1B, 0x21, 0x41, 0xCF, 0x4C };
	struct pxecfg_search_input in = {
		.hwaddr = mac, .hwlen = 6, .hwtype = 1, .client_ip = ip(165, 124, 184, 92),
		.bootfile = "pxelinux.0",
	};
	struct pxecfg_search s;
	assert_int_equal(pxecfg_search_build(&in, &s), 0);
	assert_string_equal(s.prefix, "");
	assert_int_equal(s.count, 10);
	assert_string_equal(s.names[0], "pxelinux.cfg/01-00-1b-21-41-cf-4c");
	assert_string_equal(s.names[1], "pxelinux.cfg/A57CB85C");
	assert_string_equal(s.names[8], "pxelinux.cfg/A");
	assert_string_equal(s.names[9], "pxelinux.cfg/default");

	/* Option 210 replaces the prefix; 209 is tried first, relative to it. */
	in.pathprefix = "/tftpboot/pxelinux/files/";
	in.configfile = "configs/common";
	assert_int_equal(pxecfg_search_build(&in, &s), 0);
	assert_int_equal(s.count, 11);
	assert_string_equal(s.names[0], "/tftpboot/pxelinux/files/configs/common");
	assert_string_equal(s.names[1], "/tftpboot/pxelinux/files/pxelinux.cfg/01-00-1b-21-41-cf-4c");
	assert_string_equal(s.names[10], "/tftpboot/pxelinux/files/pxelinux.cfg/default");
	in.configfile = "http://10.0.0.1/boot.cfg"; /* absolute: no prefix */
	assert_int_equal(pxecfg_search_build(&in, &s), 0);
	assert_string_equal(s.names[0], "http://10.0.0.1/boot.cfg");

	/* Prefix from boot file names in other shapes. */
	in.pathprefix = NULL;
	in.configfile = NULL;
	in.bootfile = "boot\\x86\\pxelinux.0";
	assert_int_equal(pxecfg_search_build(&in, &s), 0);
	assert_string_equal(s.prefix, "boot\\x86\\");
	in.bootfile = NULL;
	assert_int_equal(pxecfg_search_build(&in, &s), 0);
	assert_string_equal(s.prefix, "");

	char path[PXECFG_PATH_MAX];
	assert_int_equal(pxecfg_path("/srv/", "bzImage", path, sizeof(path)), 0);
	assert_string_equal(path, "/srv/bzImage");
	assert_int_equal(pxecfg_path("/srv/", "::/abs/bzImage", path, sizeof(path)), 0);
	assert_string_equal(path, "::/abs/bzImage");
	assert_int_equal(pxecfg_path("/srv/", "bzImage", path, 8), -WB_ETOOBIG);

	in.hwlen = 0;
	assert_int_equal(pxecfg_search_build(&in, &s), -WB_EINVAL);
}

static void test_command_too_long(void **state)
{
	(void)state;
	char *text = malloc(3000);
	strcpy(text, "LABEL a\nKERNEL k\nAPPEND ");
	size_t n = strlen(text);
	memset(text + n, 'x', 2100);
	text[n + 2100] = '\0';
	struct pxecfg *cfg = parse(text);
	struct pxecfg_run run;
	/* PXELINUX refuses commands of 2048 bytes or more ("cmdline too long"). */
	assert_int_equal(pxecfg_resolve(cfg, "a", PXECFG_FROM_PROMPT, &run), -WB_ETOOBIG);
	pxecfg_free(cfg);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seed_kitten),
		cmocka_unit_test(test_seed_linux),
		cmocka_unit_test(test_seed_both_and_options),
		cmocka_unit_test(test_allowoptions_and_implicit),
		cmocka_unit_test(test_append_rules),
		cmocka_unit_test(test_default_is_a_kernel),
		cmocka_unit_test(test_initrd_lists),
		cmocka_unit_test(test_sysappend_strings),
		cmocka_unit_test(test_ipappend_cmdline),
		cmocka_unit_test(test_kernel_types),
		cmocka_unit_test(test_globals_and_warnings),
		cmocka_unit_test(test_timeout_resolution),
		cmocka_unit_test(test_menu_directives),
		cmocka_unit_test(test_separator_ends_label),
		cmocka_unit_test(test_file_formats),
		cmocka_unit_test(test_include_and_display),
		cmocka_unit_test(test_include_loops),
		cmocka_unit_test(test_include_depth),
		cmocka_unit_test(test_search_order_documented),
		cmocka_unit_test(test_search_order_seed_and_options),
		cmocka_unit_test(test_command_too_long),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
