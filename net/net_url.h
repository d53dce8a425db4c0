/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * "scheme://host[:port]/path" with the host as a dotted quad, an IPv6 literal in brackets
 * (RFC 3986 3.2.2: "[2001:db8::1]", no zone) or a name, for TFTP and boot file URLs
 * (DHCPv6 option 59).
 */
#ifndef WB_NET_NET_URL_H
#define WB_NET_NET_URL_H

#include <stdint.h>

#include "net/ip_addr.h"

#define NET_URL_SCHEME_MAX 8
#define NET_URL_NAME_MAX 64

struct net_url {
	char scheme[NET_URL_SCHEME_MAX]; /* lower case: "tftp", "http" */
	struct ip_addr addr;             /* the host's address; unset when it is a name */
	char name[NET_URL_NAME_MAX];     /* the host as written, brackets removed */
	uint16_t port;                   /* 0 when the URL names none */
	const char *path;                /* inside the parsed string: "/..." or "" */
};

/* 0, or -WB_EINVAL (no "scheme://", an empty or malformed host, a bad port). */
int net_url_parse(const char *url, struct net_url *u);

#endif
