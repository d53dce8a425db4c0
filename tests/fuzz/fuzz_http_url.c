// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * net/http_client's URL parser (config KERNEL/INITRD lines and redirect targets):
 * "http://host[:port][/path]".  Checks what a caller relies on: on success the host, name
 * and path are terminated inside their fields, the path is absolute, the port non-zero, and
 * there is an address or a name to resolve.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "net/http_client.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct http_url u;
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (http_parse_url(s, &u) == 0) {
		if (!memchr(u.host, 0, sizeof(u.host)) || !memchr(u.path, 0, sizeof(u.path)) ||
		    !memchr(u.name, 0, sizeof(u.name)) || u.path[0] != '/' || u.port == 0 ||
		    !u.host[0] || !u.name[0] ||
		    (u.addr.family == IP_ADDR_V6 && u.host[0] != '['))
			abort();
	}
	free(s);
	return 0;
}
