/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * HTTP/1.1 GET over net/tcp.c into memory the caller provides (the same struct tftp_dest
 * contract as TFTP: one exact reservation when Content-Length is known, else growth as the
 * body arrives).  Follows up to HTTP_MAX_REDIRECTS redirects (301, 302, 303, 307, 308),
 * absolute or relative; from https:// only to https://.  A host is an IPv4 address, an IPv6
 * literal in brackets ("http://[2001:db8::1]:8080/x", TCP over IPv6) or a name looked up with
 * net/dns.h (A and/or AAAA records, from the servers DHCP or DHCPv6 gave).
 * https:// runs over net/tls.h.
 */
#ifndef WB_NET_HTTP_CLIENT_H
#define WB_NET_HTTP_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/ip_addr.h"
#include "net/tftp_client.h"

struct netif;

#define HTTP_MAX_REDIRECTS 5
#define HTTP_URL_MAX 512
#define HTTP_IDLE_TIMEOUT_MS 15000   /* no byte from the server for this long: give up */
#define HTTP_ERROR_TEXT_MAX 256

/* A parsed http:// or https:// URL. */
struct http_url {
	struct ip_addr addr;         /* unset when the host is a name */
	uint16_t port;               /* host order, 80 (443 for https) by default */
	bool tls;                    /* https:// (net/tls.h) */
	char host[72];               /* as written (for the Host header), brackets and port included */
	char name[64];               /* the host without brackets and port (the name to resolve) */
	char path[HTTP_URL_MAX];     /* "/..." */
};

/* Parse "http[s]://host[:port][/path]" (host: a dotted quad, "[IPv6 address]", or a name of
 * letters, digits, '-', '_' and '.'; net/net_url.h): 0 or -WB_EINVAL (malformed). */
int http_parse_url(const char *url, struct http_url *out);

struct http_result {
	uint8_t *data;               /* the caller's buffer (see tftp_dest); set even on failure */
	size_t len;                  /* body bytes received */
	int status;                  /* last HTTP status seen */
	unsigned redirects;
	char url[HTTP_URL_MAX];      /* the URL finally fetched */
	uint64_t elapsed_us;
	/* On failure: "HTTP 404 Not Found: http://10.0.0.1/vmlinuz". */
	char error[HTTP_ERROR_TEXT_MAX];
};

/*
 * Fetch url.  0, or a negative WB_E* with res->error set: WB_ENOENT (404/410), WB_EACCES
 * (401/403), WB_EHTTP (any other status, or too many redirects), WB_EPROTO (malformed
 * response), WB_ETRUNCATED (closed early), WB_ETIMEDOUT, WB_EIO (reset), WB_ETOOBIG /
 * WB_ENOMEM (reserve() failed), WB_EINVAL (URL), what net/tls.h returned for https://
 * (WB_ECERT, WB_ETLS, WB_ENOTRUST, WB_ENOTSUP), or what dns_resolve() returned
 * (WB_ENOCONFIG, WB_ENOENT, WB_ETIMEDOUT...; res->error then starts with "DNS: ").
 */
int http_get(struct netif *nif, const char *url, const struct tftp_dest *dest, struct http_result *res);

/* http_get_ex() flags */
#define HTTP_SHOW_PROGRESS 0x1 /* draw a core/progress.h line while the body arrives */

/* http_get() with flags. */
int http_get_ex(struct netif *nif, const char *url, const struct tftp_dest *dest, unsigned flags,
		struct http_result *res);

#endif
