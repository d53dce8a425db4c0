/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Streaming HTTP/1.1 response parser (RFC 9112): status line, headers, then a body delimited
 * by Content-Length, by chunked transfer coding, or by the end of the connection.  Bytes
 * are fed as they come off the wire, split anywhere; body bytes go to a callback without
 * being buffered.  Interim 1xx responses are skipped.  Lines are limited to HTTP_LINE_MAX.
 */
#ifndef WB_NET_HTTP_RESPONSE_H
#define WB_NET_HTTP_RESPONSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HTTP_LINE_MAX 1024
#define HTTP_LOCATION_MAX 512
#define HTTP_REASON_MAX 64

enum http_parse_state {
	HTTP_STATUS_LINE,
	HTTP_HEADERS,
	HTTP_BODY_LENGTH,     /* Content-Length bytes */
	HTTP_BODY_TO_EOF,     /* until the connection closes */
	HTTP_CHUNK_SIZE,
	HTTP_CHUNK_DATA,
	HTTP_CHUNK_END,       /* the CRLF after a chunk's data */
	HTTP_TRAILERS,
	HTTP_COMPLETE,
	HTTP_FAILED,
};

struct http_response {
	enum http_parse_state state;
	int status;                          /* e.g. 200 */
	char reason[HTTP_REASON_MAX];        /* "Not Found" */
	bool has_length, chunked;
	uint64_t content_length;
	char location[HTTP_LOCATION_MAX];    /* Location header, or "" */
	uint64_t body_received;
	uint64_t chunk_left;
	char line[HTTP_LINE_MAX];
	size_t line_len;
	int error;                           /* why it failed */
	/*
	 * Called once when the headers are complete (before any body byte); a negative return
	 * stops the parse with that error.  May set discard_body (e.g. for a redirect).
	 */
	int (*on_headers)(struct http_response *r, void *ctx);
	/* Body bytes, in order; a negative return stops the parse with that error. */
	int (*on_body)(struct http_response *r, void *ctx, const uint8_t *data, size_t len);
	void *ctx;
	bool discard_body;
};

void http_response_init(struct http_response *r,
			int (*on_headers)(struct http_response *r, void *ctx),
			int (*on_body)(struct http_response *r, void *ctx, const uint8_t *data, size_t len),
			void *ctx);

/*
 * Feed received bytes.  Returns 1 when the response is complete (bytes after it are
 * ignored), 0 when more are needed, or a negative WB_E*: -WB_EPROTO (malformed),
 * -WB_ETOOBIG (a line over HTTP_LINE_MAX), -WB_ENOTSUP (a transfer coding other than
 * chunked), or what a callback returned.
 */
int http_response_feed(struct http_response *r, const uint8_t *data, size_t len);

/* The connection closed: 1 if that completes the response, else -WB_ETRUNCATED. */
int http_response_eof(struct http_response *r);

#endif
