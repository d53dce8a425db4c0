/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The names PXELINUX tries for its configuration file, in order (core/fs/pxe/pxe.c
 * pxe_open_config() and get_prefix() in Syslinux 6.x; pxelinux.txt gives the example):
 *
 *   1. DHCP option 209 (pxelinux.configfile), when present.  PXELINUX tries it FIRST and,
 *      if it cannot be opened, goes on with the search below (it does not replace it).
 *   2. pxelinux.cfg/<uuid>     lower-case 8-4-4-4-12, bytes in wire order; only for a UUID
 *                              PXELINUX considers valid (byte 6 in 0x10..0xef)
 *   3. pxelinux.cfg/01-88-99-aa-bb-cc-dd   ARP hardware type, then the address, lower case
 *   4. pxelinux.cfg/C000025B ... C         the IPv4 address in upper-case hex, 8 to 1 digits
 *                                          (none on IPv6: client_ip 0; PXELINUX has no IPv6)
 *   5. pxelinux.cfg/default
 *
 * Every name is relative to the path prefix: DHCP option 210 (pxelinux.pathprefix) when
 * present, else the boot file name (DHCP "file" / option 67) up to and including its last
 * character that is not a letter, digit, '.' or '-' (so "/mybootdir/pxelinux.0" gives
 * "/mybootdir/", "pxelinux.0" gives "").  A name that is already absolute (a URL
 * "proto://...", or a "host::path" / "::path" TFTP name) is used as is.
 */
#ifndef WB_LOADERS_PXECFG_SEARCH_H
#define WB_LOADERS_PXECFG_SEARCH_H

#include <stddef.h>
#include <stdint.h>

#define PXECFG_PATH_MAX 256   /* longest file name produced, NUL included */
#define PXECFG_SEARCH_MAX 12  /* 209 + UUID + MAC + 8 IP prefixes + default */

struct pxecfg_search_input {
	const uint8_t *hwaddr;  /* the boot NIC's hardware address */
	uint8_t hwlen;          /* 1..16 */
	uint8_t hwtype;         /* ARP hardware type, 1 = Ethernet */
	uint32_t client_ip;     /* network byte order; 0 (an IPv6 boot): no hex-IP names */
	const uint8_t *uuid;    /* 16 bytes, or NULL */
	const char *bootfile;   /* DHCP boot file name, or NULL */
	const char *configfile; /* option 209, or NULL */
	const char *pathprefix; /* option 210, or NULL */
};

struct pxecfg_search {
	char prefix[PXECFG_PATH_MAX]; /* the path prefix every relative name is under */
	int count;
	char names[PXECFG_SEARCH_MAX][PXECFG_PATH_MAX]; /* full names, to try in order */
};

/* Build the list.  0, or -WB_EINVAL (no hardware address) / -WB_ETOOBIG (a name too long). */
int pxecfg_search_build(const struct pxecfg_search_input *in, struct pxecfg_search *out);

/*
 * A file name from the configuration (KERNEL, INITRD, INCLUDE...) as PXELINUX opens it:
 * prefix + name, unless name is absolute as above.  0 or -WB_ETOOBIG.
 */
int pxecfg_path(const char *prefix, const char *name, char *buf, size_t size);

#endif
