// SPDX-License-Identifier: GPL-2.0-or-later
/* Boot file URLs: see net/net_url.h. */
#include "net/net_url.h"

#include "core/errors.h"
#include "core/string.h"

int net_url_parse(const char *url, struct net_url *u)
{
	memset(u, 0, sizeof(*u));
	const char *sep = strstr(url, "://");
	size_t slen = sep ? (size_t)(sep - url) : 0;
	if (!slen || slen >= sizeof(u->scheme))
		return -WB_EINVAL;
	for (size_t i = 0; i < slen; i++) {
		if (!wb_isalnum(url[i]))
			return -WB_EINVAL;
		u->scheme[i] = (char)wb_tolower(url[i]);
	}
	const char *host = sep + 3, *end;
	size_t hlen;
	if (*host == '[') {
		end = strchr(host, ']');
		if (!end)
			return -WB_EINVAL;
		host++;
		hlen = (size_t)(end - host);
		if (ip_addr_parse(host, hlen, &u->addr) < 0 || u->addr.family != IP_ADDR_V6)
			return -WB_EINVAL;
		end++;
	} else {
		end = host;
		while (*end && *end != ':' && *end != '/')
			end++;
		hlen = (size_t)(end - host);
		for (size_t i = 0; i < hlen; i++)
			if (!wb_isalnum(host[i]) && host[i] != '-' && host[i] != '_' && host[i] != '.')
				return -WB_EINVAL;
		if (ip_addr_parse(host, hlen, &u->addr) < 0)
			u->addr.family = IP_ADDR_NONE; /* a name, resolved by the caller */
	}
	if (!hlen || hlen >= sizeof(u->name))
		return -WB_EINVAL;
	memcpy(u->name, host, hlen);
	u->name[hlen] = 0;
	if (*end == ':') {
		unsigned port = 0;
		const char *d = end + 1;
		while (wb_isdigit(*d) && port <= 65535)
			port = port * 10 + (unsigned)(*d++ - '0');
		if (d == end + 1 || !port || port > 65535 || (*d && *d != '/'))
			return -WB_EINVAL;
		u->port = (uint16_t)port;
		end = d;
	}
	if (*end && *end != '/')
		return -WB_EINVAL;
	u->path = end;
	return 0;
}
