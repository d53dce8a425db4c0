// SPDX-License-Identifier: GPL-2.0-or-later
/* Socket peers of either family (see server/sock_addr.h). */
#include <net/if.h>

#include "core/printf.h"
#include "server/sock_addr.h"

struct ip_addr sock_addr_ip(const union sock_addr *a)
{
	if (a->sa.sa_family == AF_INET6)
		return ip_addr_v6(a->in6.sin6_addr.s6_addr);
	return ip_addr_v4(a->in.sin_addr.s_addr);
}

uint16_t sock_addr_port(const union sock_addr *a)
{
	return ntohs(a->sa.sa_family == AF_INET6 ? a->in6.sin6_port : a->in.sin_port);
}

socklen_t sock_addr_len(const union sock_addr *a)
{
	return a->sa.sa_family == AF_INET6 ? sizeof(a->in6) : sizeof(a->in);
}

bool sock_addr_valid(const union sock_addr *a, socklen_t namelen)
{
	if (a->sa.sa_family == AF_INET)
		return namelen == sizeof(a->in) && a->in.sin_port;
	return a->sa.sa_family == AF_INET6 && namelen == sizeof(a->in6) && a->in6.sin6_port;
}

char *sock_addr_fmt(char buf[SOCK_ADDR_STRLEN], const union sock_addr *a)
{
	char ip[IP_ADDR_STRLEN], scope[IF_NAMESIZE + 1] = "";
	struct ip_addr addr = sock_addr_ip(a);

	ip_addr_fmt(ip, &addr);
	if (a->sa.sa_family != AF_INET6) {
		wb_snprintf(buf, SOCK_ADDR_STRLEN, "%s:%u", ip, sock_addr_port(a));
		return buf;
	}
	if (a->in6.sin6_scope_id && if_indextoname(a->in6.sin6_scope_id, scope + 1))
		scope[0] = '%';
	wb_snprintf(buf, SOCK_ADDR_STRLEN, "[%s%s]:%u", ip, scope, sock_addr_port(a));
	return buf;
}
