// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * loaders/pxecfg on hostile input: 10,000 labels, a 100 KB line, more text than allowed,
 * INCLUDE fan-out, binary garbage.  Clear errors, bounded memory, never a crash (ASan).
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

/* "label lN\n kernel kN\n" for N in [0, count). */
static char *many_labels(int count, size_t *len)
{
	char *text = malloc((size_t)count * 32 + 1), *p = text;
	for (int i = 0; i < count; i++)
		p += sprintf(p, "label l%d\n kernel k%d\n", i, i);
	*len = (size_t)(p - text);
	return text;
}

static void test_ten_thousand_labels(void **state)
{
	(void)state;
	size_t len;
	char *text = many_labels(10000, &len);
	struct pxecfg *cfg = pxecfg_new(NULL, NULL);
	assert_int_equal(pxecfg_parse(cfg, "big.cfg", text, len), -WB_ETOOBIG);
	/* label 4096 (0-based) is on line 2 * 4096 + 1 */
	assert_string_equal(cfg->error, "big.cfg:8193: more than 4096 LABEL/MENU entries: "
					"split the configuration");
	pxecfg_free(cfg);
	free(text);

	/* Exactly the limit is fine, and the last label is usable. */
	text = many_labels(PXECFG_MAX_ENTRIES, &len);
	cfg = pxecfg_new(NULL, NULL);
	assert_int_equal(pxecfg_parse(cfg, "max.cfg", text, len), 0);
	assert_int_equal(cfg->nentries, PXECFG_MAX_ENTRIES);
	const struct pxecfg_label *l = pxecfg_find_label(cfg, "l4095");
	assert_non_null(l);
	assert_string_equal(l->kernel, "k4095");
	pxecfg_free(cfg);
	free(text);
}

static void test_100k_line(void **state)
{
	(void)state;
	size_t big = 100 * 1024;
	char *text = malloc(big + 64);
	strcpy(text, "label a\n append ");
	size_t n = strlen(text);
	memset(text + n, 'x', big);
	strcpy(text + n + big, "\n kernel k\n");
	struct pxecfg *cfg = pxecfg_new(NULL, NULL);
	assert_int_equal(pxecfg_parse(cfg, "long.cfg", text, strlen(text)), 0);
	/* The line is cut at 4095 bytes: " append " (8) + 4087 x's; the next line still works. */
	assert_int_equal(strlen(cfg->entries[0].append), PXECFG_MAX_LINE - 1 - 8);
	assert_string_equal(cfg->entries[0].kernel, "k");
	assert_int_equal(cfg->nwarnings, 1);
	assert_string_equal(cfg->warnings[0], "long.cfg:2: line longer than 4095 bytes cut there");
	/* ... and its command is over PXELINUX's 2047 bytes: refused, not truncated. */
	struct pxecfg_run run;
	assert_int_equal(pxecfg_resolve(cfg, "a", PXECFG_FROM_PROMPT, &run), -WB_ETOOBIG);
	pxecfg_free(cfg);
	free(text);
}

static void test_total_size_limit(void **state)
{
	(void)state;
	size_t len = PXECFG_MAX_TOTAL + 1;
	char *text = malloc(len);
	memset(text, '\n', len);
	struct pxecfg *cfg = pxecfg_new(NULL, NULL);
	assert_int_equal(pxecfg_parse(cfg, "huge.cfg", text, len), -WB_ETOOBIG);
	assert_string_equal(cfg->error, "huge.cfg: configuration text over 1048576 bytes in all "
					"(INCLUDEs counted)");
	pxecfg_free(cfg);
	free(text);
}

/* A tree of files 15 deep, each including 10 others: 10^15 files without a bound. */
static int tree_fetch(void *ctx, const char *name, char **text, size_t *len)
{
	int *calls = ctx, depth = atoi(name + 1);
	char buf[256], *p = buf;
	(*calls)++;
	if (depth < PXECFG_MAX_DEPTH - 1)
		for (int i = 0; i < 10; i++)
			p += sprintf(p, "include d%d_%d\n", depth + 1, i);
	else
		p += sprintf(p, "label leaf\n");
	*len = (size_t)(p - buf);
	*text = wb_strndup(buf, *len);
	return 0;
}

static void test_include_fanout(void **state)
{
	(void)state;
	int calls = 0;
	struct pxecfg *cfg = pxecfg_new(tree_fetch, &calls);
	assert_int_equal(pxecfg_parse(cfg, "main", "include d1_0\n", 13), -WB_ETOOBIG);
	assert_int_equal(calls, PXECFG_MAX_FETCHES);
	assert_non_null(strstr(cfg->error, ": more than 128 INCLUDE/DISPLAY files in all"));
	pxecfg_free(cfg);
}

/* Every INCLUDE returns the same text again. */
static int same_fetch(void *ctx, const char *name, char **text, size_t *len)
{
	(void)name;
	*len = strlen(ctx);
	*text = wb_strndup(ctx, *len);
	return 0;
}

static void test_include_self(void **state)
{
	(void)state;
	char text[] = "include again\n";
	struct pxecfg *cfg = pxecfg_new(same_fetch, text);
	assert_int_equal(pxecfg_parse(cfg, "main", text, strlen(text)), -WB_ELOOP);
	assert_string_equal(cfg->error, "again:1: INCLUDE loop: \"again\" includes itself");
	pxecfg_free(cfg);
}

static void test_binary_garbage(void **state)
{
	(void)state;
	/* Deterministic pseudo-random bytes, biased towards keywords' letters and newlines. */
	static const char alphabet[] = "labelkernpdixtmuo \t\n\r\0#^,=-.menuINCLUDE";
	uint32_t seed = 12345;
	char buf[4096];
	for (int round = 0; round < 200; round++) {
		for (size_t i = 0; i < sizeof(buf); i++) {
			seed = seed * 1103515245u + 12345u;
			buf[i] = (seed >> 24) & 1 ? alphabet[(seed >> 8) % (sizeof(alphabet) - 1)]
						 : (char)(seed >> 16);
		}
		struct pxecfg *cfg = pxecfg_new(NULL, NULL);
		int err = pxecfg_parse(cfg, "junk", buf, sizeof(buf));
		assert_true(err == 0);
		for (size_t i = 0; i < cfg->nentries; i++) {
			struct pxecfg_run run;
			struct pxecfg_boot b;
			if (cfg->entries[i].kind != PXECFG_ENTRY_LABEL)
				continue;
			if (pxecfg_resolve_label(cfg, &cfg->entries[i], &run) == 0) {
				pxecfg_boot_build(cfg, &run, &b);
				pxecfg_boot_free(&b);
			}
		}
		pxecfg_free(cfg);
	}
}

static void test_unterminated_text(void **state)
{
	(void)state;
	const char *text = "label a\n text help\n  line one\n label b\n";
	struct pxecfg *cfg = pxecfg_new(NULL, NULL);
	assert_int_equal(pxecfg_parse(cfg, "t", text, strlen(text)), 0);
	assert_int_equal(cfg->nentries, 1); /* "label b" is help text */
	assert_string_equal(cfg->entries[0].help, "  line one\n label b\n");
	assert_int_equal(cfg->nwarnings, 1);
	assert_string_equal(cfg->warnings[0],
			    "t:2: TEXT without ENDTEXT: the block runs to the end of the file");
	pxecfg_free(cfg);
}

static void test_warning_flood(void **state)
{
	(void)state;
	size_t n = 1000;
	char *text = malloc(n * 6 + 1);
	for (size_t i = 0; i < n; i++)
		memcpy(text + i * 6, "bogus\n", 6);
	struct pxecfg *cfg = pxecfg_new(NULL, NULL);
	assert_int_equal(pxecfg_parse(cfg, "w", text, n * 6), 0);
	assert_int_equal(cfg->nwarnings, PXECFG_MAX_WARNINGS);
	assert_int_equal(cfg->nwarnings_total, 1000);
	pxecfg_free(cfg);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ten_thousand_labels),
		cmocka_unit_test(test_100k_line),
		cmocka_unit_test(test_total_size_limit),
		cmocka_unit_test(test_include_fanout),
		cmocka_unit_test(test_include_self),
		cmocka_unit_test(test_binary_garbage),
		cmocka_unit_test(test_unterminated_text),
		cmocka_unit_test(test_warning_flood),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
