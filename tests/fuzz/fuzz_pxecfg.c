// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * loaders/pxecfg: arbitrary text as a pxelinux.cfg file whose INCLUDE/DISPLAY files are the
 * same text again; then every label, DEFAULT, ONTIMEOUT and ONERROR are resolved and built
 * into a kernel command line.  Whatever is accepted must be within the documented limits.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/heap.h"
#include "loaders/pxecfg.h"
#include "loaders/pxecfg_cmdline.h"
#include "loaders/pxecfg_search.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct input {
	const uint8_t *data;
	size_t size;
};

static int fetch_again(void *ctx, const char *name, char **text, size_t *len)
{
	const struct input *in = ctx;
	(void)name;
	*text = wb_malloc(in->size + 1);
	if (!*text)
		return -1;
	memcpy(*text, in->data, in->size);
	*len = in->size;
	return 0;
}

/* Build what would boot; check the result's invariants. */
static void build(const struct pxecfg *cfg, const struct pxecfg_run *run)
{
	struct pxecfg_boot b;
	if (strlen(run->command) >= PXECFG_CMD_MAX)
		abort();
	if (pxecfg_boot_build(cfg, run, &b) == 0 && b.kind == PXECFG_BOOT_LINUX) {
		if (!b.cmdline || strncmp(b.cmdline, "BOOT_IMAGE=", 11) != 0 ||
		    strlen(b.cmdline) >= PXECFG_KERNEL_CMDLINE_MAX || !b.kernel[0])
			abort();
		for (size_t i = 0; i < b.ninitrds; i++)
			if (!b.initrds[i][0] || strchr(b.initrds[i], ' ') || strchr(b.initrds[i], ','))
				abort();
	}
	pxecfg_boot_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = { data, size };
	struct pxecfg *cfg = pxecfg_new(fetch_again, &in);
	struct pxecfg_sysappend sa;
	struct pxecfg_run run;
	uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 }, uuid[16];
	struct pxecfg_netinfo net = { .client_ip = 0x0200000a, .server_ip = 0x0100000a,
				      .netmask = 0x00ffffff, .hwtype = 1, .hwlen = 6 };

	if (!cfg)
		return 0;
	memcpy(net.hwaddr, mac, 6);
	memset(uuid, 0x42, sizeof(uuid));
	net.uuid = uuid;
	pxecfg_sysappend_init(&sa, &net);
	sa.str[5] = " odd \t vendor ";
	cfg->sysappend_info = &sa;

	if (pxecfg_parse(cfg, "fuzz.cfg", (const char *)data, size) == 0) {
		if (cfg->nentries > PXECFG_MAX_ENTRIES || cfg->nwarnings > PXECFG_MAX_WARNINGS ||
		    cfg->noutputs > PXECFG_MAX_OUTPUTS || cfg->total_bytes > PXECFG_MAX_TOTAL)
			abort();
		for (size_t i = 0; i < cfg->nentries; i++) {
			const struct pxecfg_label *l = &cfg->entries[i];
			if (l->kind != PXECFG_ENTRY_LABEL)
				continue;
			if (pxecfg_find_label(cfg, l->name) == NULL)
				abort();
			if (pxecfg_resolve_label(cfg, l, &run) == 0)
				build(cfg, &run);
		}
		if (pxecfg_resolve_default(cfg, false, &run) == 0)
			build(cfg, &run);
		if (pxecfg_resolve_default(cfg, true, &run) == 0)
			build(cfg, &run);
		if (pxecfg_resolve_onerror(cfg, &run) == 0)
			build(cfg, &run);
		pxecfg_menu_default(cfg);
		pxecfg_wants_menu(cfg);
	}
	pxecfg_free(cfg);

	/* The input as a typed command line and as DHCP options 209/210. */
	char line[PXECFG_CMD_MAX];
	size_t n = size < sizeof(line) - 1 ? size : sizeof(line) - 1;
	memcpy(line, data, n);
	line[n] = '\0';
	cfg = pxecfg_new(NULL, NULL);
	if (cfg && pxecfg_parse(cfg, "t", "label a\nkernel k\nipappend 3\n", 27) == 0) {
		cfg->sysappend_info = &sa;
		cfg->sysappend = 7;
		if (pxecfg_resolve(cfg, line, PXECFG_FROM_PROMPT, &run) == 0)
			build(cfg, &run);
		if (pxecfg_resolve(cfg, line, PXECFG_FROM_MENU, &run) == 0)
			build(cfg, &run);
	}
	pxecfg_free(cfg);
	struct pxecfg_search s;
	struct pxecfg_search_input si = { .hwaddr = mac, .hwlen = 6, .hwtype = 1,
					  .client_ip = net.client_ip, .uuid = uuid,
					  .bootfile = line, .configfile = line, .pathprefix = NULL };
	if (pxecfg_search_build(&si, &s) == 0 && (s.count < 10 || s.count > PXECFG_SEARCH_MAX))
		abort();
	si.pathprefix = line;
	pxecfg_search_build(&si, &s);
	return 0;
}
