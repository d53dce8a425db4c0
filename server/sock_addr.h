/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A socket peer of either family, as the services receive it (recvmsg, accept), and its
 * text for the logs: "10.0.0.5:1234" or "[2001:db8::5]:1234" (RFC 5952 section 6; a
 * link-local peer carries its interface: "[fe80::1%eth0]:1234").  The server has separate
 * IPv4 and IPv6 sockets (IPV6_V6ONLY), so IPv4-mapped IPv6 addresses never occur.
 */
#ifndef WB_SERVER_SOCK_ADDR_H
#define WB_SERVER_SOCK_ADDR_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "net/ip_addr.h"

union sock_addr {
	struct sockaddr sa;
	struct sockaddr_in in;
	struct sockaddr_in6 in6;
};

/* "[" + address + "%" + interface (16) + "]:" + port. */
#define SOCK_ADDR_STRLEN (IP_ADDR_STRLEN + 26)

/* The address without port (and without scope). */
struct ip_addr sock_addr_ip(const union sock_addr *a);
/* Host-order port. */
uint16_t sock_addr_port(const union sock_addr *a);
socklen_t sock_addr_len(const union sock_addr *a);
/* A peer as recvmsg/accept gave it (namelen bytes): AF_INET or AF_INET6 with a port. */
bool sock_addr_valid(const union sock_addr *a, socklen_t namelen);
/* Text for the logs, as described above. */
char *sock_addr_fmt(char buf[SOCK_ADDR_STRLEN], const union sock_addr *a);

#endif
