// SPDX-License-Identifier: GPL-2.0-or-later
/* The command shell of loaders/shell.h, on the boot session of loaders/boot.c. */
#include "loaders/shell.h"

#include "core/console.h"
#include "core/errors.h"
#include "core/platform.h"
#include "core/printf.h"
#include "core/string.h"
#include "core/time.h"
#include "loaders/boot_session.h"
#include "net/dhcp_client.h"
#include "net/icmp.h"

#define SHELL_LINE_MAX 512
#define SHELL_INITRDS_MAX 512 /* the comma-separated initrd list */
#define PING_TIMEOUT_MS 1000
#define PING_DATA_LEN 56
#define SHELL_GO_ON 2 /* run_command(): read the next line */

struct shell {
	struct boot_session *s;
	char line[SHELL_LINE_MAX];
	char kernel[PXECFG_PATH_MAX];    /* from `kernel`, "" = none */
	char args[SHELL_LINE_MAX];       /* its arguments */
	char initrds[SHELL_INITRDS_MAX]; /* comma-separated, in order */
};

/* Read one line with echo; Backspace/Delete erase, Ctrl-U clears, Esc drops the line. */
static void read_line(char *buf, size_t size)
{
	size_t len = 0;
	buf[0] = '\0';
	for (;;) {
		int key = console_getkey();
		if (key == KEY_NONE)
			continue;
		if (key == '\r' || key == '\n') {
			console_puts("\n");
			return;
		}
		if (key == 0x08 || key == 0x7f) {
			if (len) {
				buf[--len] = '\0';
				console_puts("\b \b");
			}
		} else if (key == 0x15 || key == 0x1b) { /* Ctrl-U, Esc */
			for (; len; len--)
				console_puts("\b \b");
			buf[0] = '\0';
		} else if (key >= ' ' && key < 0x7f && len + 1 < size) {
			buf[len++] = (char)key;
			buf[len] = '\0';
			console_write(&buf[len - 1], 1);
		}
	}
}

/* Split off the first word of *p (blanks skipped); *p moves past it and its blanks. */
static char *next_word(char **p)
{
	char *s = *p;
	while (*s == ' ' || *s == '\t')
		s++;
	char *w = s;
	while (*s && *s != ' ' && *s != '\t')
		s++;
	if (*s)
		*s++ = '\0';
	while (*s == ' ' || *s == '\t')
		s++;
	*p = s;
	return w;
}

static void cmd_help(void)
{
	wb_printf("  dhcp                   ask the DHCP server again\n"
		  "  config [file]          load a configuration (no file: search again)\n"
		  "  boot [label [opts]]    boot a label; no label: the `kernel` given, else the "
		  "default\n"
		  "  kernel <file> [args]   set the kernel and its arguments for `boot`\n"
		  "  initrd <file>          add an initrd for `boot`\n"
		  "  show                   network, servers, lease, configuration, labels\n"
		  "  ping <ip> [count]      ICMP echo\n"
		  "  localboot [type]       return to the firmware (next boot device)\n"
		  "  exit                   back to the menu\n");
}

static void cmd_show(struct shell *sh)
{
	struct boot_session *s = sh->s;
	char a[WB_IPV4_STRLEN], b[WB_IPV4_STRLEN], c[WB_IPV4_STRLEN], mac[WB_MAC_STRLEN];

	if (!s->dev) {
		wb_printf("nic:     none\n");
		return;
	}
	wb_printf("nic:     %s, MAC %s\n", s->dev->name, wb_fmt_mac(mac, s->dev->mac, ':'));
	if (!s->have_lease) {
		wb_printf("ip:      none (no DHCP lease: try dhcp)\n");
	} else {
		const struct dhcp_lease *l = s->lease;
		wb_printf("ip:      %s netmask %s gateway %s\n", wb_fmt_ipv4(a, l->client_ip),
			  wb_fmt_ipv4(b, l->netmask), l->gateway ? wb_fmt_ipv4(c, l->gateway) : "none");
		wb_printf("server:  %s (TFTP), DHCP server %s%s\n", s->server_str,
			  wb_fmt_ipv4(a, l->server_id), l->boot_from_proxy ? ", boot data by proxyDHCP" : "");
		wb_printf("lease:   %u s, boot file \"%s\", path prefix \"%s\"\n",
			  (unsigned)l->lease_time, l->boot_file, s->prefix);
	}
	if (!s->cfg) {
		wb_printf("config:  none loaded\n");
	} else {
		wb_printf("config:  %s\nlabels: ", s->config_name);
		for (size_t i = 0; i < s->cfg->nentries; i++) {
			const struct pxecfg_label *e = &s->cfg->entries[i];
			if (e->kind == PXECFG_ENTRY_LABEL && e->name)
				wb_printf(" %s%s", e->name, e->hidden ? "(hidden)" : "");
		}
		wb_printf("\n");
	}
	if (sh->kernel[0])
		wb_printf("kernel:  %s %s%s%s\n", sh->kernel, sh->args,
			  sh->initrds[0] ? ", initrds " : "", sh->initrds);
}

static void cmd_ping(struct shell *sh, char *args)
{
	struct boot_session *s = sh->s;
	uint8_t data[PING_DATA_LEN];
	uint32_t ip;
	unsigned long long count = 4;
	char *addr = next_word(&args), *n = next_word(&args);

	if (wb_parse_ipv4(addr, &ip) < 0 || (*n && (wb_strtou64(n, NULL, 10, &count) < 0 ||
						    !count || count > 1000))) {
		wb_printf("usage: ping <a.b.c.d> [count 1..1000]\n");
		return;
	}
	if (!s->have_lease) {
		wb_printf("ping: no address yet: run dhcp first\n");
		return;
	}
	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)i;
	unsigned answered = 0;
	for (unsigned seq = 1; seq <= count; seq++) {
		uint64_t rtt = 0, start = time_now_us();
		int err = icmp_ping(&s->nif, ip, 0x5742, (uint16_t)seq, data, sizeof(data),
				    PING_TIMEOUT_MS, &rtt);
		if (err) {
			wb_printf("%s: seq %u: %s\n", addr, seq, wb_strerror(err));
		} else {
			answered++;
			wb_printf("%s: seq %u: reply in %u.%03u ms\n", addr, seq,
				  (unsigned)(rtt / 1000), (unsigned)(rtt % 1000));
		}
		/* one request a second, as ping does */
		while (seq < count && time_now_us() - start < 1000000)
			net_poll(&s->nif);
	}
	wb_printf("%s: %u of %u answered\n", addr, answered, (unsigned)count);
}

/* `boot`: a label line, the kernel from `kernel`, or the default. */
static int cmd_boot(struct shell *sh, const char *args)
{
	struct boot_session *s = sh->s;
	struct pxecfg_run run;
	int err;

	memset(&run, 0, sizeof(run));
	if (*args) {
		if (!s->cfg) {
			wb_printf("boot: no configuration loaded (config <file>, or kernel + boot)\n");
			return SHELL_GO_ON;
		}
		err = pxecfg_resolve(s->cfg, args, PXECFG_FROM_PROMPT, &run);
	} else if (sh->kernel[0]) {
		/* The shell's initrds first: the kernel takes the first initrd= it finds. */
		int n = wb_snprintf(run.command, sizeof(run.command), "%s%s%s%s%s", sh->kernel,
				    sh->initrds[0] ? " initrd=" : "", sh->initrds,
				    sh->args[0] ? " " : "", sh->args);
		err = n < 0 || (size_t)n >= sizeof(run.command) ? -WB_ETOOBIG : 0;
	} else if (s->cfg) {
		err = pxecfg_resolve_default(s->cfg, false, &run);
	} else {
		wb_printf("boot: nothing to boot: no configuration and no kernel given\n");
		return SHELL_GO_ON;
	}
	if (err) {
		wb_printf("boot: %s: %s\n", *args ? args : sh->kernel, wb_strerror(err));
		return SHELL_GO_ON;
	}
	if (pxecfg_is_menu_command(run.command)) {
		wb_printf("boot: %s is the menu: type exit\n", run.command);
		return SHELL_GO_ON;
	}
	/* A failure is on the console already; success returns only from no_boot runs. */
	return boot_session_execute(s, &run, false) ? SHELL_GO_ON : SHELL_DONE;
}

static void cmd_kernel(struct shell *sh, char *args)
{
	const char *file = next_word(&args);
	if (!*file || strlen(file) >= sizeof(sh->kernel) || strlen(args) >= sizeof(sh->args)) {
		wb_printf("usage: kernel <file> [args]\n");
		return;
	}
	wb_strlcpy(sh->kernel, file, sizeof(sh->kernel));
	wb_strlcpy(sh->args, args, sizeof(sh->args));
	sh->initrds[0] = '\0';
}

static void cmd_initrd(struct shell *sh, char *args)
{
	char *name = next_word(&args);
	if (!*name || *args) {
		wb_printf("usage: initrd <file> (one at a time; they are concatenated in order)\n");
		return;
	}
	if (!sh->kernel[0]) {
		wb_printf("initrd: give the kernel first\n");
		return;
	}
	size_t used = strlen(sh->initrds);
	int n = wb_snprintf(sh->initrds + used, sizeof(sh->initrds) - used, "%s%s",
			    used ? "," : "", name);
	if (n < 0 || (size_t)n >= sizeof(sh->initrds) - used) {
		sh->initrds[used] = '\0';
		wb_printf("initrd: too many initrds\n");
	}
}

/* One command line: SHELL_MENU / SHELL_DONE / a negative error to leave, or SHELL_GO_ON. */
static int run_command(struct shell *sh, char *line)
{
	struct boot_session *s = sh->s;
	char *args = line;
	const char *cmd = next_word(&args);
	int err;

	if (!*cmd)
		return SHELL_GO_ON;
	if (!strcmp(cmd, "help") || !strcmp(cmd, "?")) {
		cmd_help();
	} else if (!strcmp(cmd, "exit")) {
		return SHELL_MENU;
	} else if (!strcmp(cmd, "dhcp")) {
		if (!s->dev)
			wb_printf("dhcp: no network device\n");
		else
			boot_session_dhcp(s, true);
	} else if (!strcmp(cmd, "config")) {
		char *name = next_word(&args);
		if (!s->have_lease)
			wb_printf("config: no address yet: run dhcp first\n");
		else if (boot_session_config(s, *name ? name : NULL) == 0)
			wb_printf("config: %s loaded; exit shows its menu\n", s->config_name);
	} else if (!strcmp(cmd, "boot")) {
		return cmd_boot(sh, args);
	} else if (!strcmp(cmd, "kernel")) {
		cmd_kernel(sh, args);
	} else if (!strcmp(cmd, "initrd")) {
		cmd_initrd(sh, args);
	} else if (!strcmp(cmd, "show")) {
		cmd_show(sh);
	} else if (!strcmp(cmd, "ping")) {
		cmd_ping(sh, args);
	} else if (!strcmp(cmd, "localboot")) {
		unsigned long long type = 0;
		if (*args && wb_strtou64(args, NULL, 0, &type) < 0)
			type = 0;
		err = platform_local_boot((int)type);
		wb_printf("localboot: %s\n", wb_strerror(err));
		return err < 0 ? err : -WB_EIO;
	} else {
		wb_printf("%s: unknown command (help lists them)\n", cmd);
	}
	return SHELL_GO_ON;
}

int shell_run(struct boot_session *s)
{
	static struct shell sh; /* 1.5 KiB: off the firmware stack */

	memset(&sh, 0, sizeof(sh));
	sh.s = s;
	wb_printf("wireboot shell: help lists the commands, exit returns to the menu\n");
	for (;;) {
		console_puts("wireboot> ");
		read_line(sh.line, sizeof(sh.line));
		int r = run_command(&sh, sh.line);
		if (r != SHELL_GO_ON)
			return r;
	}
}
