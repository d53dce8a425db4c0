// SPDX-License-Identifier: GPL-2.0-or-later
/* HTTP GET: see net/http_client.h. */
#include "net/http_client.h"

#include "core/errors.h"
#include "core/heap.h"
#include "core/printf.h"
#include "core/progress.h"
#include "core/string.h"
#include "core/time.h"
#include "net/dns.h"
#include "net/http_response.h"
#include "net/net_url.h"
#include "net/netif.h"
#include "net/tcp.h"
#include "net/tls.h"

int http_parse_url(const char *url, struct http_url *out)
{
	struct net_url nu;
	memset(out, 0, sizeof(*out));
	if (net_url_parse(url, &nu) < 0)
		return -WB_EINVAL;
	out->tls = !strcmp(nu.scheme, "https");
	if (!out->tls && strcmp(nu.scheme, "http"))
		return -WB_EINVAL;
	const char *host = strstr(url, "://") + 3;
	size_t hlen = (size_t)(nu.path - host);
	const char *path = nu.path[0] ? nu.path : "/";
	if (hlen >= sizeof(out->host) || strlen(path) >= sizeof(out->path))
		return -WB_EINVAL;
	memcpy(out->host, host, hlen);
	out->addr = nu.addr;
	out->port = nu.port ? nu.port : out->tls ? 443 : 80;
	wb_strlcpy(out->name, nu.name, sizeof(out->name));
	wb_strlcpy(out->path, path, sizeof(out->path));
	return 0;
}

/* One GET on one connection. */
struct fetch {
	const struct tftp_dest *dest;
	struct http_result *res;
	struct http_response resp;
	size_t cap;
	bool redirect;
	bool eof;
	bool connected;            /* false: the server's address did not take the connection */
	uint64_t last_rx_us;
	struct progress *progress; /* NULL: no progress line */
	bool progress_started;
};

static bool is_redirect(int status)
{
	return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

static int on_headers(struct http_response *r, void *ctx)
{
	struct fetch *f = ctx;
	f->res->status = r->status;
	if (r->status != 200) {
		f->redirect = is_redirect(r->status) && r->location[0];
		r->discard_body = true;
		return 0;
	}
	if (f->progress) {
		progress_start(f->progress, f->res->url,
			       r->has_length && !r->chunked ? r->content_length : 0);
		f->progress_started = true;
	}
	if (r->has_length && !r->chunked) {
		if (r->content_length > SIZE_MAX)
			return -WB_ETOOBIG;
		if (r->content_length) {
			f->res->data = f->dest->reserve(f->dest->ctx, f->res->data, 0, (size_t)r->content_length,
							true, &f->cap);
			if (!f->res->data)
				return -WB_ETOOBIG;
		}
	}
	return 0;
}

static int on_body(struct http_response *r, void *ctx, const uint8_t *data, size_t len)
{
	struct fetch *f = ctx;
	struct http_result *res = f->res;
	if (len > f->cap - res->len) {
		if (r->has_length && !r->chunked)
			return -WB_EPROTO; /* more than announced */
		size_t want = res->len + len;
		uint8_t *nb = f->dest->reserve(f->dest->ctx, res->data, res->len, want, false, &f->cap);
		if (!nb)
			return -WB_ETOOBIG;
		res->data = nb;
	}
	memcpy(res->data + res->len, data, len);
	res->len += len;
	if (f->progress_started)
		progress_update(f->progress, res->len);
	return 0;
}

static int tcp_data(struct tcp_conn *c, const uint8_t *data, size_t len)
{
	struct fetch *f = c->ctx;
	f->last_rx_us = time_now_us();
	if (!len) {
		f->eof = true;
		return 0;
	}
	int r = http_response_feed(&f->resp, data, len);
	return r < 0 ? r : 0;
}

/* One GET over a new connection, until the response is complete, fails or goes idle. */
static int fetch_once(struct netif *nif, const struct http_url *u, struct fetch *f)
{
	char req[HTTP_URL_MAX + 192];
	int n = wb_snprintf(req, sizeof(req),
			    "GET %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: wireboot\r\nAccept: */*\r\n"
			    "Connection: close\r\n\r\n", u->path, u->host);
	if (n < 0 || (size_t)n >= sizeof(req))
		return -WB_ETOOBIG;
	struct tcp_conn *c = wb_zalloc(sizeof(*c));
	if (!c)
		return -WB_ENOMEM;
	c->rx = tcp_data;
	c->ctx = f;
	struct tls_session *tls = NULL;
	int err = u->tls ? tls_prepare(&tls, u->name, f->res->error, sizeof(f->res->error)) : 0;
	if (!err)
		err = tcp_connect(c, nif, &u->addr, u->port);
	if (!err && tls)
		err = tls_handshake(tls, c);
	if (!err)
		err = tls ? tls_send(tls, req, (size_t)n) : tcp_send(c, req, (size_t)n);
	f->last_rx_us = time_now_us();
	while (!err && f->resp.state != HTTP_COMPLETE && !f->eof) {
		err = tls ? tls_poll(tls) : tcp_poll(c);
		if (!err && time_after_us(time_now_us(), f->last_rx_us + (uint64_t)HTTP_IDLE_TIMEOUT_MS * 1000))
			err = -WB_ETIMEDOUT;
	}
	if (!err && f->resp.state != HTTP_COMPLETE) {
		int r = http_response_eof(&f->resp);
		err = r < 0 ? r : 0;
	}
	if (f->resp.state == HTTP_FAILED)
		err = f->resp.error;
	tls_close(tls);
	tcp_close(c); /* also forgets a connection that failed */
	wb_free(c);
	return err;
}

/*
 * The connection to one address of a name with several could not be made (refused, no
 * answer, no ARP reply): say so and take the next one.  False when there is none left.
 */
static bool next_address(struct http_url *u, const struct fetch *f, int err,
			 const struct ip_addr *addrs, unsigned n, unsigned *next)
{
	char a[IP_ADDR_STRLEN], b[IP_ADDR_STRLEN];
	if (err >= 0 || f->connected || *next >= n)
		return false;
	wb_printf("HTTP: %s port %u: %s: trying %s, the next address of %s\n", ip_addr_fmt(a, &u->addr),
		  u->port, err == -WB_EIO ? "connection refused" : wb_strerror(err),
		  ip_addr_fmt(b, &addrs[*next]), u->name);
	u->addr = addrs[(*next)++];
	return true;
}

/* Resolve a Location against the current URL (absolute, or an absolute path). */
static int follow(const struct http_url *cur, const char *location, char *out, size_t cap)
{
	int n;
	if (location[0] == '/')
		n = wb_snprintf(out, cap, "%s://%s%s", cur->tls ? "https" : "http", cur->host, location);
	else
		n = wb_snprintf(out, cap, "%s", location);
	return n < 0 || (size_t)n >= cap ? -WB_ETOOBIG : 0;
}

int http_get(struct netif *nif, const char *url, const struct tftp_dest *dest, struct http_result *res)
{
	return http_get_ex(nif, url, dest, 0, res);
}

int http_get_ex(struct netif *nif, const char *url, const struct tftp_dest *dest, unsigned flags,
		struct http_result *res)
{
	memset(res, 0, sizeof(*res));
	uint64_t start = time_now_us();
	struct fetch *f = wb_zalloc(sizeof(*f));
	struct progress *progress = (flags & HTTP_SHOW_PROGRESS) ? wb_zalloc(sizeof(*progress)) : NULL;
	if (!f || ((flags & HTTP_SHOW_PROGRESS) && !progress)) {
		wb_free(f);
		wb_free(progress);
		return -WB_ENOMEM;
	}
	wb_strlcpy(res->url, url, sizeof(res->url));
	int err;
	for (;;) {
		struct http_url u;
		if ((err = http_parse_url(res->url, &u)) < 0) {
			wb_snprintf(res->error, sizeof(res->error), "%s: %s", res->url,
				    "malformed URL (write http[s]://host[:port]/path)");
			break;
		}
		struct ip_addr addrs[DNS_ADDRS_MAX];
		unsigned n_addrs = 1, next_addr = 1;
		if (!ip_addr_is_set(&u.addr) &&
		    (err = dns_resolve_all(nif, u.name, addrs, &n_addrs, res->error, sizeof(res->error))) < 0)
			break;
		if (!ip_addr_is_set(&u.addr))
			u.addr = addrs[0];
		do {
			memset(f, 0, sizeof(*f));
			f->dest = dest;
			f->res = res;
			f->progress = progress;
			res->len = 0;
			http_response_init(&f->resp, on_headers, on_body, f);
			err = fetch_once(nif, &u, f);
		} while (next_address(&u, f, err, addrs, n_addrs, &next_addr));
		if (f->progress_started)
			progress_finish(progress, err < 0 ? err : 0);
		if (err < 0) { /* keep a sentence net/tls.c wrote */
			if (!res->error[0])
				wb_snprintf(res->error, sizeof(res->error), "%s: %s", res->url, wb_strerror(err));
			break;
		}
		if (f->redirect) {
			if (++res->redirects > HTTP_MAX_REDIRECTS) {
				err = -WB_EHTTP;
				wb_snprintf(res->error, sizeof(res->error), "%s: more than %d redirects",
					    url, HTTP_MAX_REDIRECTS);
				break;
			}
			char next[HTTP_URL_MAX];
			if ((err = follow(&u, f->resp.location, next, sizeof(next))) < 0)
				break;
			if (u.tls && strncasecmp(next, "https://", 8)) { /* no downgrade */
				err = -WB_EHTTP;
				wb_snprintf(res->error, sizeof(res->error), "%s: redirect to %s refused: "
					    "https:// may only redirect to https://", res->url, next);
				break;
			}
			wb_strlcpy(res->url, next, sizeof(res->url));
			continue;
		}
		if (res->status != 200) {
			err = res->status == 404 || res->status == 410   ? -WB_ENOENT
			      : res->status == 401 || res->status == 403 ? -WB_EACCES
									 : -WB_EHTTP;
			wb_snprintf(res->error, sizeof(res->error), "HTTP %d %s: %s", res->status,
				    f->resp.reason, res->url);
		}
		break;
	}
	if (err < 0 && !res->error[0])
		wb_snprintf(res->error, sizeof(res->error), "%s: %s", res->url, wb_strerror(err));
	res->elapsed_us = time_now_us() - start;
	wb_free(f);
	wb_free(progress);
	return err;
}
