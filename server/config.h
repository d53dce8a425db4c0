/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * wireboot-server settings: one table of keys shared by the command line (`--key value`,
 * `--key=value`, flags without a value) and the configuration file (`key value` or
 * `key = value` a line, '#' comments).  The file is read first; the command line wins.
 */
#ifndef WB_SERVER_CONFIG_H
#define WB_SERVER_CONFIG_H

#include <stdbool.h>
#include <stdint.h>

#include "server/dhcpd_conf.h"
#include "server/log.h"
#include "server/ra.h"

#define CONFIG_PATH_MAX 1024

/* DHCPv6: a dynamic range inside one /64, and a list of addresses. */
struct ip6_range {
	uint8_t lo[16], hi[16];
	bool set;
};

struct ip6_list {
	uint8_t a[DHCPD_MAX_ADDRS][16];
	unsigned n;
};

struct server_config {
	char root[CONFIG_PATH_MAX];
	char interface[32];
	uint32_t address;            /* network order; 0 = the interface's first IPv4 address */
	uint32_t range_lo, range_hi; /* network order; 0 = no dynamic range */
	struct dhcp_scope scope;     /* --router, --dns, --domain */
	struct ip6_range range6;     /* --range6: DHCPv6 dynamic range */
	struct ip6_list dns6;        /* --dns6: DHCPv6 DNS servers (option 23) */
	bool dhcp6;                  /* --dhcp6: serve DHCPv6 (implied by --range6) */
	char hosts[CONFIG_PATH_MAX];
	char lease_file[CONFIG_PATH_MAX];
	char user[64];               /* "" = nobody when started as root; "root" = keep root */
	char config_file[CONFIG_PATH_MAX];
	char bios_file[DHCPD_NAME_MAX], efi_file[DHCPD_NAME_MAX], efi32_file[DHCPD_NAME_MAX];
	char pxe_config_file[DHCPD_NAME_MAX]; /* DHCP option 209 default; "" = none */
	char pxe_path_prefix[DHCPD_NAME_MAX]; /* DHCP option 210 default; "" = none */
	bool proxy, no_dhcp, check, replace_pxelinux;
	enum ra_mode ra;             /* IPv6 router advertisement: auto (default), on, off */
	bool no_ra;                  /* --no-ra: the same as `ra no` */
	bool no_tftp;                /* DHCP (and HTTP) only: files come from elsewhere */
	uint16_t http_port;          /* 0 = off */
	uint16_t https_port;         /* 0 = off; needs cert and key */
	char cert[CONFIG_PATH_MAX], key[CONFIG_PATH_MAX]; /* PEM, for https_port */
	char signer[CONFIG_PATH_MAX]; /* --check: files must be signed by this PEM's keys */
	uint16_t tftp_port;          /* 69 */
	uint32_t tftp_max_blksize;   /* 0 = from the MTU */
	unsigned max_transfers, max_per_client;
	enum log_level log_level;
};

/* Defaults (tftp-port 69, bios-file wireboot.pxe, efi-file wireboot.efi, log-level info). */
void config_defaults(struct server_config *c);
/* Set one key; 0 or -WB_EINVAL/-WB_ENOENT (unknown key) with a message in err. */
int config_set(struct server_config *c, const char *key, const char *value, char *err, unsigned cap);
/* Read a configuration file; errors name the line. */
int config_load_file(struct server_config *c, const char *path, char *err, unsigned cap);
/*
 * The command line: loads --config FILE first, then applies the other options in order.
 * Returns 0, 1 when --help or --version was given (and printed), or <0 with err set.
 */
int config_parse_args(struct server_config *c, int argc, char **argv, char *err, unsigned cap);
void config_usage(void);

#endif
