/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * HTTP/1.1 file server on the same root as TFTP (GET and HEAD, one byte range, keep-alive
 * and pipelining, sendfile()).  Paths go through server/path.h after %-decoding; the query
 * string is ignored.  Request bodies are refused.  Idle connections close after
 * HTTP_IDLE_MS; at most HTTP_MAX_CONNS are open at once (more are closed on accept).
 */
#ifndef WB_SERVER_HTTP_SERVER_H
#define WB_SERVER_HTTP_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "server/event_loop.h"

union sock_addr;

#define HTTP_MAX_HEADER 8192
#define HTTP_MAX_CONNS 256
#define HTTP_IDLE_MS 30000

enum http_method { HTTP_GET, HTTP_HEAD, HTTP_OTHER };

struct http_request {
	enum http_method method;
	char path[1024];       /* %-decoded, without the query */
	int minor;             /* HTTP/1.x */
	bool keep_alive;       /* after this response */
	bool has_range;
	bool range_suffix;     /* "bytes=-N": the last N bytes */
	uint64_t range_start, range_end; /* range_end UINT64_MAX: to the end */
};

/*
 * Parse the request head at the start of buf.  Returns the head's length (> 0) when it is
 * complete, 0 when more bytes are needed, or the HTTP status to answer with as a negative
 * number (-400 malformed, -431 head too large, -505 not HTTP/1.x, -501 body sent).
 */
int http_parse_request(const char *buf, size_t len, struct http_request *req);

/*
 * Resolve the request's range against a file of `size` bytes: 200 (whole file), 206 with
 * [*start, *end] inclusive, or 416.
 */
int http_resolve_range(const struct http_request *req, uint64_t size, uint64_t *start, uint64_t *end);

struct http_server_config {
	int root_fd;
	uint16_t port;         /* 0: no listening socket (connections from http_server_adopt()) */
	const char *interface; /* SO_BINDTODEVICE, or NULL */
};

struct http_server;
int http_server_open(struct http_server **out, const struct http_server_config *cfg,
		     struct event_loop *loop);
/* Serve an already connected, non-blocking socket (server/https_server.c hands over the
 * plain side of each TLS connection): 0, or -WB_EBUSY / -WB_EIO (sock closed). */
int http_server_adopt(struct http_server *s, int sock, const union sock_addr *peer);
void http_server_tick(struct http_server *s, uint64_t now_ms);
int http_server_next_timeout(const struct http_server *s, uint64_t now_ms);
void http_server_close(struct http_server *s);

#endif
