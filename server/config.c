// SPDX-License-Identifier: GPL-2.0-or-later
/* wireboot-server settings from the command line and a file (see server/config.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/errors.h"
#include "core/printf.h"
#include "core/string.h"
#include "net/ip_addr.h"
#include "server/config.h"
#include "wb_version.h"

enum key_kind { K_STRING, K_IPV4, K_RANGE, K_IPLIST, K_RANGE6, K_IP6LIST, K_PORT, K_UINT, K_BOOL, K_LEVEL, K_MODE };

struct key {
	const char *name;
	enum key_kind kind;
	size_t offset, size; /* the field in struct server_config */
	const char *help;
};

#define F(field) offsetof(struct server_config, field), sizeof(((struct server_config *)0)->field)

static const struct key keys[] = {
	{ "root", K_STRING, F(root), "DIR      directory served by TFTP and HTTP (read-only)" },
	{ "interface", K_STRING, F(interface), "IF  network interface to serve" },
	{ "address", K_IPV4, F(address), "IP    server address (default: the interface's)" },
	{ "range", K_RANGE, F(range_lo), "A-B     dynamic DHCP range" },
	{ "router", K_IPLIST, F(scope.routers), "IP     default gateway for clients (comma list)" },
	{ "dns", K_IPLIST, F(scope.dns), "IP        DNS servers for clients (comma list)" },
	{ "domain", K_STRING, F(scope.domain_name), "NAME   domain name for clients" },
	{ "dhcp6", K_BOOL, F(dhcp6), "        serve DHCPv6 too (hosts' fixed-address6, boot file URLs)" },
	{ "range6", K_RANGE6, F(range6), "A-B    dynamic DHCPv6 range inside one /64 (implies dhcp6)" },
	{ "dns6", K_IP6LIST, F(dns6), "IP       DHCPv6 DNS servers for clients (comma list)" },
	{ "hosts", K_STRING, F(hosts), "FILE    ISC dhcpd.conf with host/subnet declarations" },
	{ "proxy", K_BOOL, F(proxy), "        proxyDHCP: boot information only (also port 4011)" },
	{ "no-dhcp", K_BOOL, F(no_dhcp), "      TFTP/HTTP only" },
	{ "no-tftp", K_BOOL, F(no_tftp), "      no TFTP (files from a web server: http:// boot file)" },
	{ "ra", K_MODE, F(ra), "M          harmless IPv6 RA: auto (default: if no router answers), yes, no" },
	{ "no-ra", K_BOOL, F(no_ra), "        never send IPv6 router advertisements (= ra no)" },
	{ "http-port", K_PORT, F(http_port), "N   HTTP server port (default: off)" },
	{ "https-port", K_PORT, F(https_port), "N  the same tree over HTTPS (needs cert and key)" },
	{ "cert", K_STRING, F(cert), "FILE    HTTPS certificate (PEM, chain after it)" },
	{ "key", K_STRING, F(key), "FILE     HTTPS private key (PEM)" },
	{ "tftp-port", K_PORT, F(tftp_port), "N   TFTP port (default 69)" },
	{ "tftp-max-blksize", K_UINT, F(tftp_max_blksize), "N  largest TFTP block (default: MTU - 32)" },
	{ "max-transfers", K_UINT, F(max_transfers), "N  concurrent TFTP transfers (default 256)" },
	{ "max-per-client", K_UINT, F(max_per_client), "N  concurrent TFTP transfers per address (default 8)" },
	{ "lease-file", K_STRING, F(lease_file), "F  where DHCP leases are kept (default: memory only)" },
	{ "bios-file", K_STRING, F(bios_file), "F   boot file for BIOS clients (default wireboot.pxe)" },
	{ "efi-file", K_STRING, F(efi_file), "F    boot file for x86_64 EFI clients (default wireboot.efi)" },
	{ "efi32-file", K_STRING, F(efi32_file), "F  boot file for IA32 EFI clients (default: none)" },
	{ "replace-pxelinux", K_BOOL, F(replace_pxelinux), "  hand out bios-file where pxelinux.0 is configured" },
	{ "pxe-config-file", K_STRING, F(pxe_config_file), "F  DHCP option 209 for hosts without their own" },
	{ "pxe-path-prefix", K_STRING, F(pxe_path_prefix), "P  DHCP option 210 for hosts without their own" },
	{ "log-level", K_LEVEL, F(log_level), "L   error, warn, info (default) or debug" },
	{ "user", K_STRING, F(user), "U        user to run as after binding (default nobody; root = stay)" },
	{ "config", K_STRING, F(config_file), "FILE   read settings from FILE first" },
	{ "check", K_BOOL, F(check), "        validate the tree under --root and exit" },
	{ "signer", K_STRING, F(signer), "FILE  with --check: every file must carry FILE.sig by a key of\n"
	  "                     these PEM certificates (as make SIGNERS= requires)" },
};

void config_defaults(struct server_config *c)
{
	memset(c, 0, sizeof(*c));
	c->tftp_port = 69;
	c->log_level = LOG_INFO;
	wb_strlcpy(c->bios_file, "wireboot.pxe", sizeof(c->bios_file));
	wb_strlcpy(c->efi_file, "wireboot.efi", sizeof(c->efi_file));
}

static const struct key *find_key(const char *name)
{
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strcmp(keys[i].name, name) == 0)
			return &keys[i];
	return NULL;
}

static int parse_uint(const char *s, unsigned long long max, unsigned long long *v)
{
	const char *end;
	if (!wb_isdigit((unsigned char)*s) || wb_strtou64(s, &end, 10, v) || *end || *v > max)
		return -WB_EINVAL;
	return 0;
}

int config_set(struct server_config *c, const char *name, const char *value, char *err, unsigned cap)
{
	const struct key *k = find_key(name);
	unsigned long long v;
	void *field;

	if (!k) {
		wb_snprintf(err, cap, "unknown setting '%s' (see --help)", name);
		return -WB_ENOENT;
	}
	field = (char *)c + k->offset;
	if (!value && k->kind != K_BOOL && k->kind != K_MODE) {
		wb_snprintf(err, cap, "'%s' needs a value", name);
		return -WB_EINVAL;
	}
	switch (k->kind) {
	case K_STRING:
		if (strlen(value) >= k->size) {
			wb_snprintf(err, cap, "'%s': value longer than %zu characters", name, k->size - 1);
			return -WB_EINVAL;
		}
		wb_strlcpy(field, value, k->size);
		break;
	case K_IPV4:
		if (wb_parse_ipv4(value, field))
			goto bad;
		break;
	case K_RANGE: {
		char lo[32];
		const char *dash = strchr(value, '-');
		if (!dash || (size_t)(dash - value) >= sizeof(lo))
			goto bad;
		memcpy(lo, value, (size_t)(dash - value));
		lo[dash - value] = '\0';
		if (wb_parse_ipv4(lo, &c->range_lo) || wb_parse_ipv4(dash + 1, &c->range_hi) ||
		    ntohl(c->range_lo) > ntohl(c->range_hi))
			goto bad;
		break;
	}
	case K_IPLIST: {
		uint32_t *list = field;
		unsigned *count = list == c->scope.routers ? &c->scope.n_routers : &c->scope.n_dns;
		char buf[256];
		wb_strlcpy(buf, value, sizeof(buf));
		*count = 0;
		for (char *save, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
			if (*count == DHCPD_MAX_ADDRS || wb_parse_ipv4(tok, &list[*count]))
				goto bad;
			(*count)++;
		}
		if (!*count)
			goto bad;
		break;
	}
	case K_RANGE6: {
		struct ip6_range *r = field;
		struct ip_addr lo, hi;
		const char *dash = strchr(value, '-');
		if (!dash || ip_addr_parse(value, (size_t)(dash - value), &lo) < 0 ||
		    ip_addr_parse(dash + 1, strlen(dash + 1), &hi) < 0 || lo.family != IP_ADDR_V6 ||
		    hi.family != IP_ADDR_V6 || memcmp(lo.v6, hi.v6, 8) || memcmp(lo.v6, hi.v6, 16) > 0) {
			wb_snprintf(err, cap, "'%s': invalid value '%s': give two IPv6 addresses of one "
				    "/64, the lower first (2001:db8::100-2001:db8::1ff)", name, value);
			return -WB_EINVAL;
		}
		memcpy(r->lo, lo.v6, 16);
		memcpy(r->hi, hi.v6, 16);
		r->set = true;
		c->dhcp6 = true;
		break;
	}
	case K_IP6LIST: {
		struct ip6_list *l = field;
		char buf[512];
		struct ip_addr a;
		wb_strlcpy(buf, value, sizeof(buf));
		l->n = 0;
		for (char *save, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
			if (l->n == DHCPD_MAX_ADDRS || ip_addr_parse(tok, strlen(tok), &a) < 0 ||
			    a.family != IP_ADDR_V6)
				goto bad;
			memcpy(l->a[l->n++], a.v6, 16);
		}
		if (!l->n)
			goto bad;
		break;
	}
	case K_PORT:
		if (parse_uint(value, 65535, &v))
			goto bad;
		*(uint16_t *)field = (uint16_t)v;
		break;
	case K_UINT:
		if (parse_uint(value, 0xffffffffu, &v))
			goto bad;
		*(unsigned *)field = (unsigned)v;
		break;
	case K_BOOL:
		if (!value || !*value || !strcmp(value, "true") || !strcmp(value, "yes") || !strcmp(value, "1"))
			*(bool *)field = true;
		else if (!strcmp(value, "false") || !strcmp(value, "no") || !strcmp(value, "0"))
			*(bool *)field = false;
		else
			goto bad;
		break;
	case K_LEVEL:
		if (log_parse_level(value, field))
			goto bad;
		break;
	case K_MODE: /* a flag (no value) forces it on */
		if (value && !strcmp(value, "auto"))
			*(enum ra_mode *)field = RA_AUTO;
		else if (!value || !strcmp(value, "yes") || !strcmp(value, "true") || !strcmp(value, "1"))
			*(enum ra_mode *)field = RA_ON;
		else if (!strcmp(value, "no") || !strcmp(value, "false") || !strcmp(value, "0"))
			*(enum ra_mode *)field = RA_OFF;
		else
			goto bad;
		break;
	}
	if (k->offset == offsetof(struct server_config, scope.domain_name))
		c->scope.has_domain_name = true;
	return 0;
bad:
	wb_snprintf(err, cap, "'%s': invalid value '%s'", name, value ? value : "");
	return -WB_EINVAL;
}

int config_load_file(struct server_config *c, const char *path, char *err, unsigned cap)
{
	FILE *f = fopen(path, "re");
	char line[2048], msg[256];
	unsigned lineno = 0;

	if (!f) {
		wb_snprintf(err, cap, "%s: cannot open the configuration file: %s", path,
			    strerror(errno));
		return -WB_ENOENT;
	}
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		char *p = line, *key, *value = NULL;
		if (!strchr(line, '\n') && !feof(f)) { /* the rest would read as another line */
			wb_snprintf(err, cap, "%s:%u: line longer than %u bytes", path, lineno,
				    (unsigned)sizeof(line) - 2);
			fclose(f);
			return -WB_EINVAL;
		}
		line[strcspn(line, "#\r\n")] = '\0';
		while (wb_isspace((unsigned char)*p))
			p++;
		if (!*p)
			continue;
		key = p;
		while (*p && !wb_isspace((unsigned char)*p) && *p != '=')
			p++;
		if (*p) {
			*p++ = '\0';
			while (wb_isspace((unsigned char)*p) || *p == '=')
				p++;
			value = p;
			size_t n = strlen(value);
			while (n && wb_isspace((unsigned char)value[n - 1]))
				value[--n] = '\0';
			if (!*value)
				value = NULL;
		}
		if (strcmp(key, "config") == 0 || config_set(c, key, value, msg, sizeof(msg)) < 0) {
			wb_snprintf(err, cap, "%s:%u: %s", path, lineno,
				    strcmp(key, "config") == 0 ? "'config' cannot nest" : msg);
			fclose(f);
			return -WB_EINVAL;
		}
	}
	fclose(f);
	return 0;
}

void config_usage(void)
{
	printf("usage: wireboot-server --root DIR --interface IF [options]\n"
	       "DHCP + TFTP (+ HTTP) boot server.  Options (also as `key value` lines in --config):\n");
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		printf("  --%s %s\n", keys[i].name, keys[i].help);
	printf("  --version  print the version and exit\n"
	       "Signals: SIGHUP reloads the settings, the hosts file and the root (transfers and\n"
	       "leases continue); SIGINT and SIGTERM stop.\n");
}

int config_parse_args(struct server_config *c, int argc, char **argv, char *err, unsigned cap)
{
	char name[64];
	int err_code;

	/* The file first, so that the command line overrides it. */
	for (int i = 1; i < argc; i++) {
		if (strncmp(argv[i], "--config=", 9) == 0 || (strcmp(argv[i], "--config") == 0 && i + 1 < argc)) {
			const char *path = argv[i][8] == '=' ? argv[i] + 9 : argv[i + 1];
			wb_strlcpy(c->config_file, path, sizeof(c->config_file));
			if ((err_code = config_load_file(c, path, err, cap)) < 0)
				return err_code;
		}
	}
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i], *value = NULL;
		if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			config_usage();
			return 1;
		}
		if (strcmp(arg, "--version") == 0) {
			printf("wireboot-server %s\n", WB_VERSION);
			return 1;
		}
		if (strncmp(arg, "--", 2) != 0) {
			wb_snprintf(err, cap, "unexpected argument '%s' (see --help)", arg);
			return -WB_EINVAL;
		}
		arg += 2;
		const char *eq = strchr(arg, '=');
		size_t n = eq ? (size_t)(eq - arg) : strlen(arg);
		if (n >= sizeof(name)) {
			wb_snprintf(err, cap, "unknown option '%s'", argv[i]);
			return -WB_EINVAL;
		}
		memcpy(name, arg, n);
		name[n] = '\0';
		const struct key *k = find_key(name);
		if (eq)
			value = eq + 1;
		else if (k && k->kind != K_BOOL && k->kind != K_MODE && i + 1 < argc)
			value = argv[++i];
		if (strcmp(name, "config") == 0)
			continue;
		if ((err_code = config_set(c, name, value, err, cap)) < 0)
			return err_code;
	}
	return 0;
}
