// SPDX-License-Identifier: GPL-2.0-or-later
/* Streaming HTTP/1.1 response parser: see net/http_response.h. */
#include "net/http_response.h"

#include "core/errors.h"
#include "core/string.h"

void http_response_init(struct http_response *r,
			int (*on_headers)(struct http_response *r, void *ctx),
			int (*on_body)(struct http_response *r, void *ctx, const uint8_t *data, size_t len),
			void *ctx)
{
	memset(r, 0, sizeof(*r));
	r->on_headers = on_headers;
	r->on_body = on_body;
	r->ctx = ctx;
}

static int failed(struct http_response *r, int err)
{
	r->state = HTTP_FAILED;
	r->error = err;
	return err;
}

/*
 * Parse a decimal (base 10) or hex (base 16) number filling the whole of [s, end).  The
 * overflow check compares with constants, so no 64-bit division (a libgcc helper on
 * 32-bit targets) is needed.
 */
static int parse_number(const char *s, const char *end, int base, uint64_t *out)
{
	const uint64_t limit = base == 16 ? UINT64_MAX / 16 : UINT64_MAX / 10;
	const unsigned last = base == 16 ? UINT64_MAX % 16 : UINT64_MAX % 10; /* 15, 5 */
	uint64_t v = 0;
	if (s == end)
		return -WB_EPROTO;
	for (; s < end; s++) {
		int d = base == 16 ? wb_hexval(*s) : wb_isdigit(*s) ? *s - '0' : -1;
		if (d < 0 || v > limit || (v == limit && (unsigned)d > last))
			return -WB_EPROTO;
		v = v * (unsigned)base + (unsigned)d;
	}
	*out = v;
	return 0;
}

static const char *skip_space(const char *s, const char *end)
{
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	return s;
}

static const char *trim_end(const char *s, const char *end)
{
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	return end;
}

/* "HTTP/1.x 200 OK" */
static int status_line(struct http_response *r, const char *s, const char *end)
{
	if (end - s < 12 || strncmp(s, "HTTP/1.", 7) || !wb_isdigit(s[7]) || s[8] != ' ' ||
	    !wb_isdigit(s[9]) || !wb_isdigit(s[10]) || !wb_isdigit(s[11]) || (end - s > 12 && s[12] != ' '))
		return -WB_EPROTO;
	r->status = (s[9] - '0') * 100 + (s[10] - '0') * 10 + (s[11] - '0');
	if (r->status < 100)
		return -WB_EPROTO;
	const char *reason = end - s > 12 ? s + 13 : end;
	size_t n = (size_t)(end - reason);
	if (n >= sizeof(r->reason))
		n = sizeof(r->reason) - 1;
	memcpy(r->reason, reason, n);
	r->reason[n] = '\0';
	r->state = HTTP_HEADERS;
	return 0;
}

/* A header value equal to word, ignoring case. */
static bool value_is(const char *v, const char *end, const char *word)
{
	size_t n = strlen(word);
	return (size_t)(end - v) == n && !strncasecmp(v, word, n);
}

/* One header line [s, end): Content-Length, Transfer-Encoding and Location are kept. */
static int header_line(struct http_response *r, const char *s, const char *end)
{
	const char *colon = memchr(s, ':', (size_t)(end - s));
	if (!colon || colon == s || colon[-1] == ' ' || colon[-1] == '\t')
		return -WB_EPROTO;
	size_t nlen = (size_t)(colon - s);
	const char *v = skip_space(colon + 1, end);
	const char *vend = trim_end(v, end);
	if (nlen == 14 && !strncasecmp(s, "Content-Length", 14)) {
		uint64_t len;
		if (parse_number(v, vend, 10, &len) < 0 || (r->has_length && len != r->content_length))
			return -WB_EPROTO;
		r->has_length = true;
		r->content_length = len;
	} else if (nlen == 17 && !strncasecmp(s, "Transfer-Encoding", 17)) {
		if (!value_is(v, vend, "chunked"))
			return -WB_ENOTSUP; /* gzip, deflate, lists: we asked for none */
		r->chunked = true;
	} else if (nlen == 8 && !strncasecmp(s, "Location", 8)) {
		size_t n = (size_t)(vend - v);
		if (n >= sizeof(r->location))
			return -WB_ETOOBIG;
		memcpy(r->location, v, n);
		r->location[n] = '\0';
	}
	return 0;
}

/* The empty line after the headers: decide how the body is delimited. */
static int headers_done(struct http_response *r)
{
	if (r->status < 200) { /* 100 Continue and friends: the real response follows */
		r->state = HTTP_STATUS_LINE;
		r->has_length = r->chunked = false;
		r->location[0] = '\0';
		return 0;
	}
	if (r->on_headers) {
		int err = r->on_headers(r, r->ctx);
		if (err < 0)
			return err;
	}
	if (r->status == 204 || r->status == 304)
		r->state = HTTP_COMPLETE;
	else if (r->chunked)
		r->state = HTTP_CHUNK_SIZE;
	else if (r->has_length)
		r->state = r->content_length ? HTTP_BODY_LENGTH : HTTP_COMPLETE;
	else
		r->state = HTTP_BODY_TO_EOF;
	return 0;
}

/* One complete line (without CR LF) in a line-oriented state. */
static int line(struct http_response *r, const char *s, size_t n)
{
	const char *end = s + n;
	switch (r->state) {
	case HTTP_STATUS_LINE:
		return status_line(r, s, end);
	case HTTP_HEADERS:
		return n ? header_line(r, s, end) : headers_done(r);
	case HTTP_CHUNK_SIZE: {
		const char *semi = memchr(s, ';', n); /* chunk extensions are ignored */
		const char *num_end = trim_end(s, semi ? semi : end);
		if (parse_number(s, num_end, 16, &r->chunk_left) < 0)
			return -WB_EPROTO;
		r->state = r->chunk_left ? HTTP_CHUNK_DATA : HTTP_TRAILERS;
		return 0;
	}
	case HTTP_CHUNK_END:
		if (n)
			return -WB_EPROTO;
		r->state = HTTP_CHUNK_SIZE;
		return 0;
	case HTTP_TRAILERS:
		if (!n)
			r->state = HTTP_COMPLETE;
		return 0;
	default:
		return -WB_EPROTO;
	}
}

static int body(struct http_response *r, const uint8_t *data, size_t n)
{
	r->body_received += n;
	if (r->discard_body || !r->on_body)
		return 0;
	return r->on_body(r, r->ctx, data, n);
}

int http_response_feed(struct http_response *r, const uint8_t *data, size_t len)
{
	size_t i = 0;
	while (i < len) {
		int err = 0;
		switch (r->state) {
		case HTTP_COMPLETE:
			return 1;
		case HTTP_FAILED:
			return r->error;
		case HTTP_BODY_TO_EOF:
			err = body(r, data + i, len - i);
			i = len;
			break;
		case HTTP_BODY_LENGTH:
		case HTTP_CHUNK_DATA: {
			uint64_t left = r->state == HTTP_BODY_LENGTH ? r->content_length - r->body_received
								   : r->chunk_left;
			size_t n = len - i < left ? len - i : (size_t)left;
			err = body(r, data + i, n);
			i += n;
			if (r->state == HTTP_CHUNK_DATA) {
				r->chunk_left -= n;
				if (!r->chunk_left)
					r->state = HTTP_CHUNK_END;
			} else if (r->body_received == r->content_length) {
				r->state = HTTP_COMPLETE;
			}
			break;
		}
		default: { /* line-oriented: collect up to LF */
			uint8_t c = data[i++];
			if (c == '\n') {
				size_t n = r->line_len;
				if (n && r->line[n - 1] == '\r')
					n--;
				r->line_len = 0;
				err = line(r, r->line, n);
			} else if (r->line_len >= sizeof(r->line)) {
				err = -WB_ETOOBIG;
			} else {
				r->line[r->line_len++] = (char)c;
			}
			break;
		}
		}
		if (err < 0)
			return failed(r, err);
	}
	if (r->state == HTTP_FAILED)
		return r->error;
	return r->state == HTTP_COMPLETE;
}

int http_response_eof(struct http_response *r)
{
	if (r->state == HTTP_BODY_TO_EOF)
		r->state = HTTP_COMPLETE;
	if (r->state == HTTP_COMPLETE)
		return 1;
	return r->state == HTTP_FAILED ? r->error : failed(r, -WB_ETRUNCATED);
}
