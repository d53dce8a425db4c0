/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reader for the subset of ISC dhcpd.conf that boot labs use: global options and lease
 * times, `subnet ... netmask ... { range; option ...; }`, `group { ... }`,
 * `shared-network NAME { ... }` (transparent), `host NAME { hardware ethernet;
 * fixed-address; filename; next-server; option ...; }`, `allow booting; allow bootp;`.
 * MAC bytes may have one or two hex digits ("0:1b:21:41:cf:4c"), as dhcpd accepts.
 * PXELINUX's options: `option pxelinux.configfile "F";` (209) and `option pxelinux.pathprefix
 * "P";` (210); the declarations ISC needs for them (`option space pxelinux;`,
 * `option pxelinux.NAME code N = TYPE;`, `site-option-space "pxelinux";`) and
 * `option pxelinux.magic`/`reboottime` are accepted without a word.
 * IPv6 (wireboot-server's DHCPv6, server/dhcpv6_server.h): `fixed-address6 ADDR;` in a host
 * and `option dhcp6.bootfile-url "URL";` (option 59) in any scope.
 *
 * Anything else is skipped with a warning naming its line, as are the `<-- ... -->` notes
 * some documents put inside the file.  The reader works on a memory buffer, holds no pointer
 * into it afterwards, and is bounded (token length, nesting, number of hosts and subnets).
 *
 * Scoping follows dhcpd: a host inherits from its enclosing groups/subnet (whatever the
 * order of statements inside the block), and from the global scope; the subnet a client's
 * address falls in adds its own options at lookup time (see dhcp_scope_merge()).
 */
#ifndef WB_SERVER_DHCPD_CONF_H
#define WB_SERVER_DHCPD_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DHCPD_MAX_ADDRS 8          /* routers or DNS servers per option */
#define DHCPD_MAX_SUBNETS 64
#define DHCPD_MAX_HOSTS 65536
#define DHCPD_MAX_NESTING 16
#define DHCPD_MAX_FILE (4u << 20)  /* refuse larger files outright */
#define DHCPD_NAME_MAX 128         /* domain names, host names, file names */

/* Settings one scope can give; has_* tell which were given.  Addresses in network order. */
struct dhcp_scope {
	uint32_t routers[DHCPD_MAX_ADDRS];
	unsigned n_routers;
	uint32_t dns[DHCPD_MAX_ADDRS];
	unsigned n_dns;
	uint32_t broadcast, subnet_mask, next_server;
	bool has_broadcast, has_subnet_mask, has_next_server;
	char domain_name[DHCPD_NAME_MAX];
	char host_name[DHCPD_NAME_MAX];
	char filename[DHCPD_NAME_MAX];
	char pxe_config_file[DHCPD_NAME_MAX]; /* option pxelinux.configfile (209) */
	char pxe_path_prefix[DHCPD_NAME_MAX]; /* option pxelinux.pathprefix (210) */
	bool has_domain_name, has_host_name, has_filename;
	char boot_url6[DHCPD_NAME_MAX];       /* option dhcp6.bootfile-url (DHCPv6 59) */
	bool has_pxe_config_file, has_pxe_path_prefix, has_boot_url6;
	uint32_t default_lease_time, max_lease_time; /* seconds, 0 = not given */
};

struct dhcp_host {
	char name[DHCPD_NAME_MAX];
	uint8_t mac[6];
	bool has_mac;
	uint32_t fixed_address; /* network order, 0 = none (dynamic) */
	uint8_t fixed_address6[16]; /* fixed-address6 (DHCPv6) */
	bool has_fixed_address6;
	struct dhcp_scope scope; /* own settings, already merged with enclosing groups */
	unsigned line;           /* where the stanza starts */
};

struct dhcp_subnet {
	uint32_t network, netmask;  /* network order */
	uint32_t range_lo, range_hi; /* network order; both 0 = no range */
	bool dynamic_bootp;          /* `range dynamic-bootp`: BOOTP clients may use the range */
	struct dhcp_scope scope;
	unsigned line;
};

struct dhcpd_conf {
	struct dhcp_scope global;
	struct dhcp_subnet subnets[DHCPD_MAX_SUBNETS];
	unsigned n_subnets;
	struct dhcp_host *hosts; /* owned; dhcpd_conf_free() releases it */
	unsigned n_hosts, cap_hosts;
	bool allow_booting, allow_bootp; /* default true, as in dhcpd */
	unsigned warnings;               /* how many warnings were reported */
};

/* Called once per warning; `line` is 1-based. */
typedef void (*dhcpd_warn_fn)(void *ctx, unsigned line, const char *msg);

/*
 * Parse `len` bytes of dhcpd.conf text into *conf (which this initialises).  Unsupported
 * statements and `<-- -->` notes are warnings, not errors.  Returns 0, or
 *   -WB_ESYNTAX  a statement that cannot be read (the warning callback gets the line first),
 *   -WB_ETOOBIG  the file or the number of hosts/subnets/nesting exceeds the limits,
 *   -WB_ENOMEM.
 * On error *conf is freed and empty.
 */
int dhcpd_conf_parse(const char *text, size_t len, struct dhcpd_conf *conf, dhcpd_warn_fn warn,
		     void *ctx);
/* Read the file at `path` and parse it (-WB_ENOENT/-WB_EACCES/-WB_EIO when unreadable). */
int dhcpd_conf_load(const char *path, struct dhcpd_conf *conf, dhcpd_warn_fn warn, void *ctx);
void dhcpd_conf_free(struct dhcpd_conf *conf);

/* The host declared for `mac`, or NULL. */
const struct dhcp_host *dhcpd_conf_find_host(const struct dhcpd_conf *conf, const uint8_t mac[6]);
/* The subnet that contains `ip` (network order), or NULL. */
const struct dhcp_subnet *dhcpd_conf_find_subnet(const struct dhcpd_conf *conf, uint32_t ip);

/*
 * A MAC address as dhcpd.conf writes it: six bytes of one or two hex digits, separated by
 * ':' (or '-', the same one throughout).  0 or -WB_EINVAL.  (core's wb_parse_mac stays
 * strict: it reads canonical forms such as lease files and pxelinux.cfg names.)
 */
int dhcpd_parse_mac(const char *s, uint8_t mac[6]);

/* Fill every setting `dst` lacks from `src` (dst wins). */
void dhcp_scope_merge(struct dhcp_scope *dst, const struct dhcp_scope *src);

#endif
