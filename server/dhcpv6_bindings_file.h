/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The DHCPv6 bindings' file, next to the IPv4 lease file (`<lease-file>6`): the bound
 * bindings, written crash-safe (server/atomic_file.h) before the Reply that binds, renews
 * or releases leaves, and read at start, so addresses given out survive a restart as the
 * IPv4 leases do.  One binding a line, "ADDRESS DUID-HEX IAID EXPIRES" (EXPIRES in Unix
 * seconds); '#' starts a comment; unreadable lines are skipped with a warning.
 */
#ifndef WB_SERVER_DHCPV6_BINDINGS_FILE_H
#define WB_SERVER_DHCPV6_BINDINGS_FILE_H

#include <stdint.h>

#include "server/dhcpv6_server.h"

/* Add the file's bindings that are live at `now` to core (a missing file adds none).
 * 0, or -WB_EACCES / -WB_EIO when the file exists but cannot be read. */
int dhcpv6_bindings_load(struct dhcpv6_core *core, const char *path, uint64_t now);
/* Write core's bound bindings to path.  0 or -WB_EIO / -WB_ETOOBIG. */
int dhcpv6_bindings_save(const struct dhcpv6_core *core, const char *path);

#endif
