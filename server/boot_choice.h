/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Which boot file a client gets, the same for DHCP (server/dhcp_server.c) and DHCPv6
 * (server/dhcpv6_server.c): the host's own `filename` (and its groups') wins; then the
 * client architecture (DHCP option 93 / DHCPv6 option 61, one IANA registry: 0 BIOS ->
 * bios_file, 6 -> efi32_file, 7 and 9 -> efi64_file); then a subnet or global `filename`
 * (BIOS clients); a client without the option is BIOS.  With replace_pxelinux a chosen file
 * named pxelinux.0 (in any directory) becomes bios_file in that directory.
 *
 * UEFI HTTP Boot clients (architecture 15/16, vendor class "HTTPClient") get a URL on our
 * web server instead: "http://<server>:<http_port>/<efi64_file or efi32_file>", or the
 * host's own `filename` when that is an http:// URL already; none when HTTP is off.
 */
#ifndef WB_SERVER_BOOT_CHOICE_H
#define WB_SERVER_BOOT_CHOICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "server/dhcpd_conf.h"

struct boot_files {
	const char *bios_file;  /* wireboot.pxe */
	const char *efi64_file; /* wireboot.efi */
	const char *efi32_file; /* NULL: IA32 EFI clients get no file */
	bool replace_pxelinux;
	uint16_t http_port;     /* 0: no HTTP Boot URLs */
};

/* True when the last component of `file` is pxelinux.0 (what PXELINUX setups hand out). */
bool dhcp_is_pxelinux_file(const char *file);

/*
 * The boot file for a client of architecture `arch` (-1: not given), with the host entry
 * (or NULL) and the scope of its subnet (NULL: none).  `http`: an HTTP Boot client, whose
 * URL names `server` ("10.0.0.1", "[2001:db8::1]").  The result is a string of the
 * configuration or buf (cap bytes); NULL when no file applies.
 */
const char *boot_choice(const struct boot_files *f, const struct dhcp_host *host,
			const struct dhcp_scope *pool, int arch, bool http, const char *server,
			char *buf, size_t cap);

#endif
