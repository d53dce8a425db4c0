// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * loaders/menu: the boot: prompt and the menu driven through two fake console sinks (a plain
 * serial line that types scripted keys, and an ANSI screen), on the fake clock.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/console.h"
#include "core/errors.h"
#include "loaders/menu.h"
#include "loaders/pxecfg.h"
#include "loaders/pxecfg_cmdline.h"
#include "tests/unit/fake_console.h"
#include "tests/unit/fake_platform.h"

#define KEY_ESC 0x1b

struct key_event {
	uint32_t at_ms; /* delivered once this much fake time has passed since the start */
	int key;
};

static struct key_event script[256];
static int nscript, next_key;
static uint64_t start_us;

static uint32_t elapsed_ms(void) { return (uint32_t)((fake_time_us - start_us) / 1000); }

/* The next scripted key when due; otherwise 10 ms of fake time pass. */
static int fake_getkey(struct console_sink *sink)
{
	(void)sink;
	if (next_key < nscript && elapsed_ms() >= script[next_key].at_ms)
		return script[next_key++].key;
	if (elapsed_ms() > 600 * 1000)
		fail_msg("still waiting after 10 minutes of fake time");
	fake_time_advance_ms(10);
	return KEY_NONE;
}

static struct fake_sink serial = FAKE_SINK("serial", CONSOLE_SERIAL, fake_getkey);
static struct fake_sink screen = FAKE_SINK("screen", CONSOLE_ANSI, NULL);

static void type_at(uint32_t at_ms, const char *s)
{
	for (; *s; s++) {
		assert_true(nscript < 256);
		script[nscript++] = (struct key_event){ at_ms, (unsigned char)*s };
	}
}

static void key_at(uint32_t at_ms, int key)
{
	script[nscript++] = (struct key_event){ at_ms, key };
}

static int setup(void **state)
{
	(void)state;
	nscript = next_key = 0;
	start_us = fake_time_us;
	fake_console_attach(&serial, &screen, NULL);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fake_console_detach(&serial, &screen, NULL);
	return 0;
}

static struct pxecfg *cfg_of(const char *text)
{
	struct pxecfg *cfg = pxecfg_new(NULL, NULL);
	assert_non_null(cfg);
	assert_int_equal(pxecfg_parse(cfg, "t.cfg", text, strlen(text)), 0);
	return cfg;
}

#define SEED "default Palacios_Kitten\n"                                                    \
	     "label Palacios_Kitten\n"                                                      \
	     "    kernel bzImage\n"                                                         \
	     "    append serial.baud=115200 console=serial initrd=init_task\n"              \
	     "\n"                                                                           \
	     "prompt 1\n"                                                                   \
	     "timeout 20\n"                                                                 \
	     "label Palacios_Linux\n"                                                       \
	     "    kernel bzImage\n"                                                         \
	     "    append movablecore=262144 initrd=initramfs.cpio console=tty0\n"
#define KITTEN_CMD "bzImage serial.baud=115200 console=serial initrd=init_task"
#define LINUX_CMD "bzImage movablecore=262144 initrd=initramfs.cpio console=tty0"

static void assert_no_escapes_on_serial(void) { assert_null(strchr(serial.out, '\033')); }

/*
 * What a terminal shows for the plain serial output: CR, BS and LF applied, trailing blanks
 * dropped, lines joined by LF.
 */
static const char *rendered(void)
{
	static char screen_text[sizeof(serial.out)]; /* never longer than what it renders */
	size_t line_start = 0, col = 0, end = 0;
	for (const char *p = serial.out; *p; p++) {
		if (*p == '\r') {
			col = 0;
		} else if (*p == '\b') {
			col -= col > 0;
		} else if (*p == '\n') {
			while (end > line_start && screen_text[end - 1] == ' ')
				end--;
			screen_text[end++] = '\n';
			line_start = end;
			col = 0;
		} else {
			screen_text[line_start + col++] = *p;
			if (line_start + col > end)
				end = line_start + col;
		}
		assert_true(end + 2 < sizeof(screen_text));
	}
	screen_text[end] = '\0';
	return screen_text;
}

/* Occurrences of needle in the raw serial output. */
static int count_raw(const char *needle)
{
	int n = 0;
	for (const char *p = serial.out; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

static void test_prompt_timeout_boots_default(void **state)
{
	(void)state;
	struct pxecfg *cfg = cfg_of(SEED);
	struct menu_choice c;
	assert_int_equal(menu_choose(cfg, &c), 0);
	assert_true(c.timed_out);
	assert_false(c.edited);
	assert_string_equal(c.run.command, KITTEN_CMD);
	assert_string_equal(c.run.label->name, "Palacios_Kitten");
	assert_in_range(elapsed_ms(), 2000, 2020);
	/* The prompt once, the countdown after it, each second only its tail rewritten. */
	assert_string_equal(serial.out, "boot: (automatic boot in 2 seconds)"
					"\b\b\b\b\b\b\b\b\b\b" "1 second) \b"
					"\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b"
					"                            "
					"\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\n");
	assert_int_equal(count_raw("boot:"), 1);
	assert_string_equal(rendered(), "boot:\n");
	assert_string_equal(serial.out, screen.out); /* no menu: the same bytes everywhere */
	assert_no_escapes_on_serial();

	/* The command line the kernel then gets. */
	struct pxecfg_boot b;
	assert_int_equal(pxecfg_boot_build(cfg, &c.run, &b), 0);
	assert_string_equal(b.cmdline, "BOOT_IMAGE=" KITTEN_CMD);
	pxecfg_boot_free(&b);
	pxecfg_free(cfg);
}

static void test_prompt_type_other_label(void **state)
{
	(void)state;
	struct pxecfg *cfg = cfg_of(SEED);
	struct menu_choice c;
	type_at(300, "Palacios_Linux\r");
	assert_int_equal(menu_choose(cfg, &c), 0);
	assert_false(c.timed_out);
	assert_string_equal(c.run.command, LINUX_CMD);
	assert_in_range(elapsed_ms(), 300, 320);
	assert_non_null(strstr(rendered(), "boot: Palacios_Linux"));
	assert_int_equal(count_raw("boot:"), 1);
	pxecfg_free(cfg);
}

static void test_prompt_key_cancels_countdown(void **state)
{
	(void)state;
	struct pxecfg *cfg = cfg_of(SEED);
	struct menu_choice c;
	type_at(500, "x");
	key_at(10000, 0x08);
	type_at(10000, "\r");
	assert_int_equal(menu_choose(cfg, &c), 0);
	assert_false(c.timed_out); /* Enter alone, long after the 2 s timeout */
	assert_in_range(elapsed_ms(), 10000, 10020);
	assert_string_equal(c.run.command, KITTEN_CMD);
	/* The countdown was erased at the key and the key echoed. */
	assert_string_equal(serial.out, "boot: (automatic boot in 2 seconds)"
					"\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b"
					"                             "
					"\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b\b"
					"x\b \b\n");
	pxecfg_free(cfg);
}

static void test_prompt_tab_and_options(void **state)
{
	(void)state;
	struct pxecfg *cfg = cfg_of(SEED);
	struct menu_choice c;
	type_at(100, "Pal\t");
	key_at(200, 0x15); /* Ctrl-U */
	type_at(200, "Palacios_Linux mem=1G\r");
	assert_int_equal(menu_choose(cfg, &c), 0);
	assert_non_null(strstr(rendered(), "boot: Pal\n Palacios_Kitten Palacios_Linux\nboot: Pal"));
	assert_string_equal(c.run.command, LINUX_CMD " mem=1G");
	pxecfg_free(cfg);
}

static void test_prompt_unknown_name(void **state)
{
	(void)state;
	struct pxecfg *cfg = cfg_of("implicit 0\n" SEED);
	struct menu_choice c;
	type_at(100, "nosuch arg\r");
	type_at(200, "\r");
	assert_int_equal(menu_choose(cfg, &c), 0);
	assert_non_null(strstr(serial.out, "nosuch: no such label, and IMPLICIT 0 forbids other "
					   "kernels (Tab lists the labels)\nboot: "));
	assert_string_equal(c.run.command, KITTEN_CMD);
	pxecfg_free(cfg);

	/* With IMPLICIT 1 (the default) a word that is no label is a kernel file. */
	cfg = cfg_of(SEED);
	type_at(300, "vmlinuz ro\r");
	assert_int_equal(menu_choose(cfg, &c), 0);
	assert_null(c.run.label);
	assert_string_equal(c.run.command, "vmlinuz ro");
	assert_true(c.run.sysappend);
	pxecfg_free(cfg);
}

static void test_prompt0_boots_at_once(void **state)
{
	(void)state;
	struct pxecfg *cfg = cfg_of("say Hello there\ndefault a\nlabel a\n kernel ka\n");
	struct menu_choice c;
	assert_int_equal(menu_choose(cfg, &c), 0);
	assert_in_range(elapsed_ms(), 0, 10); /* one look for a waiting key */
	assert_string_equal(c.run.command, "ka");
	assert_string_equal(serial.out, "Hello there\n");

	/* A key already waiting (PXELINUX: Shift held) stops the autoboot: boot: appears. */
	serial.len = 0;
	type_at(0, " ");
	type_at(100, "\r");
	assert_int_equal(menu_choose(cfg, &c), 0);
	assert_string_equal(serial.out, "Hello there\nboot: \n");
	assert_string_equal(c.run.command, "ka");

	/* MENU_AGAIN (after a failed boot): no SAY again, and the prompt even with PROMPT 0. */
	serial.len = 0;
	type_at(200, "\r");
	assert_int_equal(menu_choose_ex(cfg, MENU_AGAIN, &c), 0);
	assert_string_equal(serial.out, "boot: \n");
	pxecfg_free(cfg);
}

static void test_prompt_escape_and_missing_default(void **state)
{
	(void)state;
	struct pxecfg *cfg = cfg_of("label a\n kernel ka\n");
	struct menu_choice c;
	type_at(100, "\r");
	key_at(200, KEY_ESC);
	assert_int_equal(menu_choose(cfg, &c), -WB_ECANCELED);
	assert_string_equal(serial.out, "No DEFAULT or UI configuration directive found!\n"
					"boot: \nNo DEFAULT or UI configuration directive found!\n"
					"boot: \n");
	pxecfg_free(cfg);

	cfg = cfg_of("noescape 1\nlabel a\n");
	assert_int_equal(menu_choose(cfg, &c), -WB_ENOLABEL);
	pxecfg_free(cfg);
}

static void test_prompt_totaltimeout_and_ontimeout(void **state)
{
	(void)state;
	struct pxecfg *cfg = cfg_of(SEED "totaltimeout 50\nontimeout Palacios_Linux quiet\n");
	struct menu_choice c;
	type_at(100, "Pal"); /* stops TIMEOUT, not TOTALTIMEOUT */
	assert_int_equal(menu_choose(cfg, &c), 0);
	assert_true(c.timed_out);
	assert_in_range(elapsed_ms(), 5000, 5020);
	assert_string_equal(c.run.command, LINUX_CMD " quiet");
	pxecfg_free(cfg);
}

#define MENU_CFG "UI menu.c32\nMENU TITLE Palacios test boot\n" SEED

static void test_menu_timeout(void **state)
{
	(void)state;
	struct pxecfg *cfg = cfg_of(MENU_CFG);
	struct menu_choice c;
	assert_int_equal(menu_choose(cfg, &c), 0);
	assert_true(c.timed_out);
	assert_string_equal(c.run.command, KITTEN_CMD);
	assert_in_range(elapsed_ms(), 2000, 2020);
	assert_string_equal(serial.out, "\n  Palacios test boot\n\n"
					">  1. Palacios_Kitten\n"
					"   2. Palacios_Linux\n"
					"\nPress [Tab] to edit options, Enter to boot, Esc for the boot: prompt\n"
					"\rAutomatic boot in 2 seconds..."
					"\rAutomatic boot in 1 second... "
					"\r                             \r");
	assert_no_escapes_on_serial();
	/* The screen gets the same text plus escapes: clear, reverse video on the choice. */
	assert_non_null(strstr(screen.out, "\033[2J\033[H\n  Palacios test boot\n\n"
					   "\033[7m>  1. Palacios_Kitten\033[0m\n   2. Palacios_Linux\n"));
	pxecfg_free(cfg);
}

static void test_menu_arrows_and_numbers(void **state)
{
	(void)state;
	struct pxecfg *cfg = cfg_of(MENU_CFG);
	struct menu_choice c;
	key_at(300, KEY_DOWN);
	type_at(400, "\r");
	assert_int_equal(menu_choose(cfg, &c), 0);
	assert_false(c.timed_out);
	assert_string_equal(c.run.command, LINUX_CMD);
	assert_string_equal(c.run.label->name, "Palacios_Linux");
	assert_non_null(strstr(serial.out, "Selected: 2. Palacios_Linux\n"));
	assert_no_escapes_on_serial();
	/* The screen was redrawn with the second entry highlighted. */
	assert_non_null(strstr(screen.out, "   1. Palacios_Kitten\n\033[7m>  2. Palacios_Linux"));
	assert_null(strstr(screen.out, "Selected:"));

	serial.len = 0;
	type_at(500, "2");
	key_at(600, KEY_UP);
	type_at(700, "2\r");
	assert_int_equal(menu_choose(cfg, &c), 0);
	assert_string_equal(c.run.command, LINUX_CMD);
	assert_non_null(strstr(serial.out, "Selected: 1. Palacios_Kitten\nSelected: 2."));
	pxecfg_free(cfg);
}

static void test_menu_edit(void **state)
{
	(void)state;
	struct pxecfg *cfg = cfg_of(MENU_CFG);
	struct menu_choice c;
	type_at(300, "\t mem=1G\r");
	assert_int_equal(menu_choose(cfg, &c), 0);
	assert_true(c.edited);
	assert_false(c.run.sysappend);
	assert_string_equal(c.run.command, KITTEN_CMD " mem=1G");
	assert_non_null(strstr(serial.out, "\n> " KITTEN_CMD " mem=1G\n"));

	/* 'e' too; Esc leaves the editor, back to the menu, whose Enter boots the entry. */
	type_at(400, "e");
	key_at(400, 0x15); /* Ctrl-U empties the line */
	key_at(500, KEY_ESC);
	type_at(600, "\r");
	assert_int_equal(menu_choose(cfg, &c), 0);
	assert_false(c.edited);
	assert_string_equal(c.run.command, KITTEN_CMD);
	pxecfg_free(cfg);

	/* ALLOWOPTIONS 0 forbids editing. */
	cfg = cfg_of(MENU_CFG "allowoptions 0\n");
	serial.len = 0;
	type_at(700, "\tx\r");
	assert_int_equal(menu_choose(cfg, &c), 0);
	assert_false(c.edited);
	assert_string_equal(c.run.command, KITTEN_CMD);
	assert_null(strstr(serial.out, "[Tab]"));
	pxecfg_free(cfg);
}

static void test_menu_escape_to_prompt(void **state)
{
	(void)state;
	struct pxecfg *cfg = cfg_of(MENU_CFG);
	struct menu_choice c;
	key_at(100, KEY_ESC);
	type_at(200, "\r"); /* Enter at boot: runs DEFAULT = menu.c32: the menu again */
	type_at(300, "\x1b" "Palacios_Linux\r");
	assert_int_equal(menu_choose(cfg, &c), 0);
	assert_string_equal(c.run.command, LINUX_CMD);
	const char *first = strstr(serial.out, "Palacios test boot");
	assert_non_null(first);
	assert_non_null(strstr(first + 1, "Palacios test boot")); /* shown twice */
	assert_non_null(strstr(rendered(), "boot: Palacios_Linux\n"));
	pxecfg_free(cfg);
}

static void test_menu_hide_help_hotkey_separator(void **state)
{
	(void)state;
	struct pxecfg *cfg = cfg_of("UI vesamenu.c32\nTIMEOUT 0\n"
				    "LABEL a\n MENU LABEL ^Alpha\n KERNEL ka\n"
				    " TEXT HELP\n  Alpha help\n ENDTEXT\n"
				    "MENU SEPARATOR\n"
				    "LABEL secret\n KERNEL ks\n MENU HIDE\n"
				    "LABEL b\n MENU LABEL ^Beta\n KERNEL kb\n"
				    " TEXT HELP\n  Beta help\n ENDTEXT\n");
	struct menu_choice c;
	type_at(100, "b\r");
	assert_int_equal(menu_choose(cfg, &c), 0);
	assert_string_equal(c.run.command, "kb");
	assert_string_equal(serial.out, "\n"
					">  1. Alpha\n"
					"\n"
					"   2. Beta\n"
					"\n  Alpha help\n"
					"\nPress [Tab] to edit options, Enter to boot, Esc for the boot: prompt\n"
					"Selected: 2. Beta\n"
					"\n  Beta help\n"
					"\n");
	pxecfg_free(cfg);

	/* A hidden label is still bootable by name at boot:. */
	cfg = cfg_of("UI menu.c32\nLABEL a\n KERNEL ka\nLABEL secret\n KERNEL ks\n MENU HIDE\n");
	key_at(100, KEY_ESC);
	type_at(200, "secret\r");
	assert_int_equal(menu_choose(cfg, &c), 0);
	assert_string_equal(c.run.command, "ks");
	pxecfg_free(cfg);
}

static void test_menu_hidden_and_ontimeout(void **state)
{
	(void)state;
	struct pxecfg *cfg = cfg_of("UI menu.c32\nMENU HIDDEN\nTIMEOUT 30\nMENU TITLE T\n"
				    "LABEL a\n KERNEL ka\nLABEL b\n KERNEL kb\n");
	struct menu_choice c;
	assert_int_equal(menu_choose(cfg, &c), 0); /* nobody there: default after 3 s */
	assert_true(c.timed_out);
	assert_string_equal(c.run.command, "ka");
	assert_in_range(elapsed_ms(), 3000, 3020);
	assert_null(strstr(serial.out, "T\n")); /* the menu was never drawn */
	assert_non_null(strstr(serial.out, "Automatic boot in 3 seconds..."));

	/* A key shows the menu, with the countdown stopped. */
	serial.len = 0;
	uint32_t t0 = elapsed_ms();
	type_at(t0 + 500, "x");
	type_at(t0 + 9000, "\r");
	assert_int_equal(menu_choose(cfg, &c), 0);
	assert_false(c.timed_out);
	assert_non_null(strstr(serial.out, "  T\n"));
	pxecfg_free(cfg);

	cfg = cfg_of("UI menu.c32\nTIMEOUT 10\nONTIMEOUT b x=1\nLABEL a\n KERNEL ka\n"
		     "LABEL b\n KERNEL kb\n");
	assert_int_equal(menu_choose(cfg, &c), 0);
	assert_true(c.timed_out);
	assert_string_equal(c.run.command, "kb x=1");
	pxecfg_free(cfg);
}

static void test_unattended(void **state)
{
	(void)state;
	static const struct {
		const char *cfg, *command;
		bool timed_out;
	} cases[] = {
		{ SEED, KITTEN_CMD, true },
		{ "prompt 0\ntimeout 50\ndefault a\nlabel a\n kernel ka\n", "ka", false },
		{ "prompt 1\ndefault a x=1\nlabel a\n kernel ka\n", "ka x=1", false },
		{ MENU_CFG, KITTEN_CMD, true },
		{ MENU_CFG "ontimeout Palacios_Linux q\n", LINUX_CMD " q", true },
		{ "ui menu.c32\nlabel a\n kernel ka\nlabel b\n kernel kb\n menu default\n", "kb",
		  false },
	};
	struct menu_choice c;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct pxecfg *cfg = cfg_of(cases[i].cfg);
		assert_int_equal(menu_choose_unattended(cfg, &c), 0);
		assert_string_equal(c.run.command, cases[i].command);
		assert_int_equal(c.timed_out, cases[i].timed_out);
		pxecfg_free(cfg);
	}
	struct pxecfg *cfg = cfg_of("ui menu.c32\n");
	assert_int_equal(menu_choose_unattended(cfg, &c), -WB_ENOLABEL);
	pxecfg_free(cfg);
	assert_int_equal(serial.len, 0); /* silent */
	assert_int_equal(elapsed_ms(), 0); /* and at once */
}

static void test_display_codes(void **state)
{
	(void)state;
	assert_true(menu_show_display("\x0c" "A\x0f" "1fB\x14" "S\x11" "T\x17" "C\r\n\x1a" "D"));
	assert_true(menu_show_display("")); /* nothing printed */
	assert_true(menu_show_display("x\n\x18pic.lss"));
	assert_false(menu_show_display("x\n\x18pic.lss\ny"));
	serial.len = screen.len = 0;
	serial.out[0] = screen.out[0] = '\0';
	assert_true(menu_show_display("\x0c" "A\x0f" "1fB\x14" "S\x11" "T\x17" "C\r\n\x1a" "D"));
	assert_string_equal(serial.out, "\nABSC\n");
	assert_string_equal(screen.out, "\033[2J\033[HABTC\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_prompt_timeout_boots_default, setup, teardown),
		cmocka_unit_test_setup_teardown(test_prompt_type_other_label, setup, teardown),
		cmocka_unit_test_setup_teardown(test_prompt_key_cancels_countdown, setup, teardown),
		cmocka_unit_test_setup_teardown(test_prompt_tab_and_options, setup, teardown),
		cmocka_unit_test_setup_teardown(test_prompt_unknown_name, setup, teardown),
		cmocka_unit_test_setup_teardown(test_prompt0_boots_at_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_prompt_escape_and_missing_default, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_prompt_totaltimeout_and_ontimeout, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_menu_timeout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_menu_arrows_and_numbers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_menu_edit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_menu_escape_to_prompt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_menu_hide_help_hotkey_separator, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_menu_hidden_and_ontimeout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unattended, setup, teardown),
		cmocka_unit_test_setup_teardown(test_display_codes, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
