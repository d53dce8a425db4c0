/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The DHCP lease table and its file.  Every change that a client relies on (an ACK, a
 * release) is written before the reply leaves, crash-safe (server/atomic_file.h: either
 * the old or the new file, never a torn one), so no ACKed lease is forgotten.  Offers are
 * kept in memory only.
 *
 * File format, one lease a line: "IP MAC EXPIRES STATE" (EXPIRES in Unix seconds, STATE
 * "bound" or "declined"); '#' starts a comment.  Unreadable lines are skipped with a warning.
 */
#ifndef WB_SERVER_LEASES_H
#define WB_SERVER_LEASES_H

#include <stdbool.h>
#include <stdint.h>

#define LEASES_MAX 65536

enum lease_state { LEASE_OFFERED, LEASE_BOUND, LEASE_DECLINED };

struct lease {
	uint32_t ip; /* network order */
	uint8_t mac[6];
	enum lease_state state;
	uint64_t expires; /* Unix seconds */
};

struct lease_db {
	struct lease *v;
	unsigned n, cap;
	char *path; /* NULL: memory only */
};

/*
 * Open the table, loading `path` if it exists (NULL: memory only).  Returns 0, or
 * -WB_EACCES/-WB_EIO when the file exists but cannot be read, -WB_ENOMEM.
 */
int lease_db_open(struct lease_db *db, const char *path);
void lease_db_close(struct lease_db *db);
/* Write the bound and declined leases atomically (no-op in memory mode).  0 or -WB_EIO. */
int lease_db_save(const struct lease_db *db);

struct lease *lease_find_mac(struct lease_db *db, const uint8_t mac[6]);
struct lease *lease_find_ip(struct lease_db *db, uint32_t ip);
/*
 * A record for (ip, mac): reuses the one for `ip` or `mac` if any, else appends, else
 * recycles the longest-expired lease when the table is full; NULL when every lease is live.
 */
struct lease *lease_take(struct lease_db *db, uint32_t ip, const uint8_t mac[6], uint64_t now);
/* True when the lease still holds its address at `now`. */
static inline bool lease_live(const struct lease *l, uint64_t now) { return l->expires > now; }

#endif
