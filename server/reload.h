/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * SIGHUP: re-read the settings (--config file, then the same command line), the --hosts
 * dhcpd.conf and the --root directory, and switch to them between two event-loop rounds.
 * Running TFTP transfers and HTTP downloads keep the files they opened; the lease table is
 * not touched.  Anything that fails (a config or hosts file error, an unopenable root)
 * keeps everything as it was and logs why.  Settings that need sockets or privileges
 * (interface, address, ports, proxy, no-dhcp, dhcp6, lease-file, user, TFTP limits) keep their
 * start-up values, with a warning that they need a restart.
 */
#ifndef WB_SERVER_RELOAD_H
#define WB_SERVER_RELOAD_H

#include <stdbool.h>

#include "server/config.h"
#include "server/dhcp_server.h"
#include "server/dhcpv6_server.h"
#include "server/dhcpd_conf.h"

/* What the running server uses; reload changes it in place. */
struct server_live {
	int argc;
	char **argv;
	struct server_config *cfg;
	struct dhcpd_conf *hosts;
	bool *have_hosts;
	struct dhcp_core *core;
	struct dhcpv6_core *core6; /* NULL: no DHCPv6 */
	int root_fd; /* the number stays; a reload dup2()s the new directory onto it */
};

/*
 * The DHCP settings that come from cfg (everything but the interface's address and name,
 * which the caller sets): used at start and after a reload.  hosts may be NULL.
 */
void server_dhcp_settings(const struct server_config *cfg, const struct dhcpd_conf *hosts,
			  struct dhcp_server_config *out);

/* The same for DHCPv6 (all but the server's address, prefix and DUID). */
void server_dhcpv6_settings(const struct server_config *cfg, const struct dhcpd_conf *hosts,
			    struct dhcpv6_server_config *out);

/* Reload as described above.  0, or a negative WB_E* after logging why nothing changed. */
int server_reload(struct server_live *live);

#endif
