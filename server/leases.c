// SPDX-License-Identifier: GPL-2.0-or-later
/* The DHCP lease table and its crash-safe file (see server/leases.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/errors.h"
#include "core/printf.h"
#include "core/string.h"
#include "server/atomic_file.h"
#include "server/leases.h"
#include "server/log.h"

/* Append a record; NULL when the table is at LEASES_MAX or memory is short. */
static struct lease *append(struct lease_db *db)
{
	if (db->n == db->cap) {
		if (db->cap >= LEASES_MAX)
			return NULL;
		unsigned cap = db->cap ? db->cap * 2 : 64;
		struct lease *nv = realloc(db->v, cap * sizeof(*nv));
		if (!nv)
			return NULL;
		db->v = nv;
		db->cap = cap;
	}
	struct lease *l = &db->v[db->n++];
	memset(l, 0, sizeof(*l));
	return l;
}

/* One line of the file into the table; false when it cannot be read. */
static bool load_line(struct lease_db *db, char *line)
{
	char ip[32], mac[32], state[16];
	unsigned long long expires;
	struct lease l;

	if (sscanf(line, "%31s %31s %llu %15s", ip, mac, &expires, state) != 4 ||
	    wb_parse_ipv4(ip, &l.ip) || wb_parse_mac(mac, l.mac))
		return false;
	if (strcmp(state, "bound") == 0)
		l.state = LEASE_BOUND;
	else if (strcmp(state, "declined") == 0)
		l.state = LEASE_DECLINED;
	else
		return false;
	l.expires = expires;
	/* A later line for the same address wins (never two records for one address). */
	struct lease *slot = lease_find_ip(db, l.ip);
	if (!slot && !(slot = append(db)))
		return false;
	*slot = l;
	return true;
}

int lease_db_open(struct lease_db *db, const char *path)
{
	memset(db, 0, sizeof(*db));
	if (!path)
		return 0;
	if (!(db->path = strdup(path)))
		return -WB_ENOMEM;
	FILE *f = fopen(path, "re");
	if (!f) {
		if (errno == ENOENT)
			return 0;
		int err = errno == EACCES ? -WB_EACCES : -WB_EIO;
		lease_db_close(db);
		return err;
	}
	char line[256];
	unsigned lineno = 0;
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		char *p = line;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '#' || *p == '\n' || *p == '\0')
			continue;
		if (!load_line(db, p))
			log_warn("%s:%u: unreadable lease line skipped", path, lineno);
	}
	fclose(f);
	return 0;
}

void lease_db_close(struct lease_db *db)
{
	free(db->v);
	free(db->path);
	memset(db, 0, sizeof(*db));
}

/* The file's contents: a header, then the bound and declined leases. */
static void write_leases(FILE *f, const void *ctx)
{
	const struct lease_db *db = ctx;
	char ip[WB_IPV4_STRLEN], mac[WB_MAC_STRLEN];

	fprintf(f, "# wireboot-server leases: IP MAC EXPIRES(unix seconds) STATE\n");
	for (unsigned i = 0; i < db->n; i++) {
		const struct lease *l = &db->v[i];
		if (l->state == LEASE_OFFERED)
			continue;
		fprintf(f, "%s %s %llu %s\n", wb_fmt_ipv4(ip, l->ip), wb_fmt_mac(mac, l->mac, ':'),
			(unsigned long long)l->expires, l->state == LEASE_BOUND ? "bound" : "declined");
	}
}

int lease_db_save(const struct lease_db *db)
{
	return db->path ? atomic_file_write(db->path, write_leases, db) : 0;
}

struct lease *lease_find_mac(struct lease_db *db, const uint8_t mac[6])
{
	for (unsigned i = 0; i < db->n; i++)
		if (db->v[i].state != LEASE_DECLINED && memcmp(db->v[i].mac, mac, 6) == 0)
			return &db->v[i];
	return NULL;
}

struct lease *lease_find_ip(struct lease_db *db, uint32_t ip)
{
	for (unsigned i = 0; i < db->n; i++)
		if (db->v[i].ip == ip)
			return &db->v[i];
	return NULL;
}

struct lease *lease_take(struct lease_db *db, uint32_t ip, const uint8_t mac[6], uint64_t now)
{
	struct lease *l = lease_find_ip(db, ip);
	struct lease *by_mac = lease_find_mac(db, mac);

	/* One record per client: its old address goes back to the pool. */
	if (by_mac && by_mac != l) {
		if (!l) {
			l = by_mac;
		} else {
			*by_mac = db->v[db->n - 1];
			if (l == &db->v[db->n - 1])
				l = by_mac;
			db->n--;
		}
	}
	if (!l)
		l = append(db);
	if (!l) {
		/* Full: recycle the lease that expired longest ago. */
		for (unsigned i = 0; i < db->n; i++)
			if (!lease_live(&db->v[i], now) && (!l || db->v[i].expires < l->expires))
				l = &db->v[i];
		if (!l)
			return NULL;
	}
	l->ip = ip;
	memcpy(l->mac, mac, 6);
	return l;
}
