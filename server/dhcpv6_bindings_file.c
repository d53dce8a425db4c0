// SPDX-License-Identifier: GPL-2.0-or-later
/* The DHCPv6 bindings' file (see server/dhcpv6_bindings_file.h). */
#include <errno.h>
#include <stdio.h>

#include "core/errors.h"
#include "core/string.h"
#include "net/ip_addr.h"
#include "server/atomic_file.h"
#include "server/dhcpv6_bindings_file.h"
#include "server/log.h"

static int hex_digit(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* One line into *b; false when it cannot be read. */
static bool parse_line(const char *line, struct dhcpv6_binding *b)
{
	char addr[IP_ADDR_STRLEN + 1], duid[2 * DHCPV6_DUID_MAX + 2];
	unsigned long long expires;
	unsigned iaid;
	struct ip_addr a;
	size_t n;

	if (sscanf(line, "%40s %261s %u %llu", addr, duid, &iaid, &expires) != 4 ||
	    ip_addr_parse(addr, strlen(addr), &a) < 0 || a.family != IP_ADDR_V6)
		return false;
	n = strlen(duid);
	if (n < 4 || n % 2 || n / 2 > DHCPV6_DUID_MAX)
		return false;
	for (size_t i = 0; i < n; i += 2) {
		int hi = hex_digit(duid[i]), lo = hex_digit(duid[i + 1]);
		if (hi < 0 || lo < 0)
			return false;
		b->duid[i / 2] = (uint8_t)(hi << 4 | lo);
	}
	b->duid_len = (uint8_t)(n / 2);
	b->iaid = iaid;
	memcpy(b->addr, a.v6, 16);
	b->expires = expires;
	b->bound = true;
	return true;
}

int dhcpv6_bindings_load(struct dhcpv6_core *core, const char *path, uint64_t now)
{
	FILE *f = fopen(path, "re");
	char line[512];
	unsigned lineno = 0;

	if (!f)
		return errno == ENOENT ? 0 : errno == EACCES ? -WB_EACCES : -WB_EIO;
	while (fgets(line, sizeof(line), f)) {
		struct dhcpv6_binding b = { 0 };
		lineno++;
		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (!parse_line(line, &b)) {
			log_warn("%s:%u: unreadable DHCPv6 binding skipped", path, lineno);
			continue;
		}
		if (b.expires > now && core->n_bindings < DHCPV6_BINDINGS_MAX)
			core->bindings[core->n_bindings++] = b;
	}
	fclose(f);
	return 0;
}

static void write_bindings(FILE *f, const void *ctx)
{
	const struct dhcpv6_core *core = ctx;
	char addr[IP_ADDR_STRLEN];

	fprintf(f, "# wireboot-server DHCPv6 bindings: ADDRESS DUID IAID EXPIRES(unix seconds)\n");
	for (unsigned i = 0; i < core->n_bindings; i++) {
		const struct dhcpv6_binding *b = &core->bindings[i];
		struct ip_addr a = ip_addr_v6(b->addr);
		if (!b->bound || !b->expires)
			continue;
		fprintf(f, "%s ", ip_addr_fmt(addr, &a));
		for (unsigned k = 0; k < b->duid_len; k++)
			fprintf(f, "%02x", b->duid[k]);
		fprintf(f, " %u %llu\n", (unsigned)b->iaid, (unsigned long long)b->expires);
	}
}

int dhcpv6_bindings_save(const struct dhcpv6_core *core, const char *path)
{
	return atomic_file_write(path, write_bindings, core);
}
