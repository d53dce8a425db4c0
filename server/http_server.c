// SPDX-License-Identifier: GPL-2.0-or-later
/* HTTP/1.1 file server (see server/http_server.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/errors.h"
#include "core/printf.h"
#include "core/string.h"
#include "server/http_server.h"
#include "server/log.h"
#include "server/path.h"
#include "server/sock_addr.h"

#define SENDFILE_CHUNK (1u << 20)

/* ---- request parsing (no I/O) -------------------------------------------------------- */

/* Case-insensitive prefix match of a header line; returns the value (blanks skipped) or NULL. */
static const char *header_value(const char *line, size_t len, const char *name, size_t *vlen)
{
	size_t n = strlen(name);
	if (len <= n || strncasecmp(line, name, n) != 0 || line[n] != ':')
		return NULL;
	const char *v = line + n + 1, *end = line + len;
	while (v < end && (*v == ' ' || *v == '\t'))
		v++;
	while (end > v && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	*vlen = (size_t)(end - v);
	return v;
}

/* Does the comma list `v` contain `token` (case-insensitive)? */
static bool has_token(const char *v, size_t len, const char *token)
{
	size_t tl = strlen(token);
	for (size_t i = 0; i + tl <= len; i++) {
		if (strncasecmp(v + i, token, tl) == 0 && (i == 0 || v[i - 1] == ',' || v[i - 1] == ' ') &&
		    (i + tl == len || v[i + tl] == ',' || v[i + tl] == ' '))
			return true;
	}
	return false;
}

/* A decimal number of v[0..len); false when empty, not digits, or too large. */
static bool parse_u64(const char *v, size_t len, uint64_t *out)
{
	uint64_t x = 0;
	if (len == 0 || len > 19)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (!wb_isdigit((unsigned char)v[i]))
			return false;
		x = x * 10 + (uint64_t)(v[i] - '0');
	}
	*out = x;
	return true;
}

/* "bytes=A-B", "bytes=A-", "bytes=-N"; anything else (several ranges too) is ignored. */
static void parse_range(const char *v, size_t len, struct http_request *req)
{
	if (len < 7 || strncasecmp(v, "bytes=", 6) != 0 || memchr(v, ',', len))
		return;
	v += 6;
	len -= 6;
	const char *dash = memchr(v, '-', len);
	if (!dash)
		return;
	size_t a = (size_t)(dash - v), b = len - a - 1;
	uint64_t x, y;
	if (a == 0) {
		if (!parse_u64(dash + 1, b, &y))
			return;
		req->range_suffix = true;
		req->range_start = y;
		req->range_end = UINT64_MAX;
	} else {
		if (!parse_u64(v, a, &x))
			return;
		if (b == 0)
			y = UINT64_MAX;
		else if (!parse_u64(dash + 1, b, &y) || y < x)
			return;
		req->range_start = x;
		req->range_end = y;
	}
	req->has_range = true;
}

/* The request target into req->path: origin or absolute form, %-decoded, no query. */
static int parse_target(const char *t, size_t len, struct http_request *req)
{
	if (len > 7 && strncasecmp(t, "http://", 7) == 0) {
		const char *slash = memchr(t + 7, '/', len - 7);
		if (!slash)
			return -400;
		len -= (size_t)(slash - t);
		t = slash;
	}
	if (len == 0 || t[0] != '/')
		return -400;
	size_t n = 0;
	for (size_t i = 0; i < len && t[i] != '?' && t[i] != '#'; i++) {
		char c = t[i];
		if (c == '%') {
			int h, l;
			if (i + 2 >= len || (h = wb_hexval(t[i + 1])) < 0 || (l = wb_hexval(t[i + 2])) < 0)
				return -400;
			c = (char)(h << 4 | l);
			i += 2;
			if (c == '\0')
				return -400;
		}
		if (n + 1 >= sizeof(req->path))
			return -414;
		req->path[n++] = c;
	}
	req->path[n] = '\0';
	return 0;
}

int http_parse_request(const char *buf, size_t len, struct http_request *req)
{
	size_t pos = 0, head_len = 0;
	bool first = true, keep_alive_token = false, close_token = false;
	int err;

	memset(req, 0, sizeof(*req));
	/* Find the end of the head first: nothing is interpreted before it is complete. */
	for (size_t i = 0; i < len; i++) {
		if (buf[i] == '\n' && ((i >= 1 && buf[i - 1] == '\n') ||
				       (i >= 2 && buf[i - 1] == '\r' && buf[i - 2] == '\n'))) {
			head_len = i + 1;
			break;
		}
	}
	if (!head_len)
		return len >= HTTP_MAX_HEADER ? -431 : 0;
	if (head_len > HTTP_MAX_HEADER)
		return -431;

	while (pos < head_len) {
		const char *line = buf + pos;
		const char *nl = memchr(line, '\n', head_len - pos);
		size_t l = (size_t)(nl - line);
		pos += l + 1;
		if (l && line[l - 1] == '\r')
			l--;
		if (memchr(line, '\0', l))
			return -400;
		if (first) {
			/* METHOD SP target SP HTTP/1.x */
			const char *sp1 = memchr(line, ' ', l);
			const char *sp2 = sp1 ? memchr(sp1 + 1, ' ', l - (size_t)(sp1 + 1 - line)) : NULL;
			if (!sp1 || !sp2)
				return -400;
			size_t ml = (size_t)(sp1 - line), vl = l - (size_t)(sp2 + 1 - line);
			const char *ver = sp2 + 1;
			if (vl != 8 || strncmp(ver, "HTTP/", 5) != 0 || !wb_isdigit((unsigned char)ver[5]) ||
			    ver[6] != '.' || !wb_isdigit((unsigned char)ver[7]))
				return -400;
			if (ver[5] != '1')
				return -505;
			req->minor = ver[7] - '0';
			req->method = ml == 3 && !memcmp(line, "GET", 3) ? HTTP_GET
				      : ml == 4 && !memcmp(line, "HEAD", 4) ? HTTP_HEAD : HTTP_OTHER;
			if ((err = parse_target(sp1 + 1, (size_t)(sp2 - sp1 - 1), req)) < 0)
				return err;
			first = false;
			continue;
		}
		if (l == 0)
			break;
		const char *v;
		size_t vl;
		uint64_t clen;
		if ((v = header_value(line, l, "Connection", &vl))) {
			keep_alive_token |= has_token(v, vl, "keep-alive");
			close_token |= has_token(v, vl, "close");
		} else if ((v = header_value(line, l, "Range", &vl))) {
			parse_range(v, vl, req);
		} else if ((v = header_value(line, l, "Content-Length", &vl))) {
			if (!parse_u64(v, vl, &clen))
				return -400;
			if (clen)
				return -501;
		} else if (header_value(line, l, "Transfer-Encoding", &vl)) {
			return -501;
		}
	}
	if (first)
		return -400;
	req->keep_alive = req->minor >= 1 ? !close_token : keep_alive_token;
	return (int)head_len;
}

int http_resolve_range(const struct http_request *req, uint64_t size, uint64_t *start, uint64_t *end)
{
	if (!req->has_range) {
		*start = 0;
		*end = size ? size - 1 : 0;
		return 200;
	}
	if (size == 0)
		return 416;
	if (req->range_suffix) {
		if (req->range_start == 0)
			return 416;
		*start = req->range_start < size ? size - req->range_start : 0;
		*end = size - 1;
		return 206;
	}
	if (req->range_start >= size)
		return 416;
	*start = req->range_start;
	*end = req->range_end < size - 1 ? req->range_end : size - 1;
	return 206;
}

/* ---- connections --------------------------------------------------------------------- */

struct conn {
	struct ev_session sess; /* first: see struct ev_session */
	struct http_server *srv;
	int sock;
	union sock_addr peer;
	char in[HTTP_MAX_HEADER];
	size_t in_len;
	char out[768];
	size_t out_len, out_off;
	int file_fd;              /* -1: no body */
	uint64_t file_off, file_end; /* body bytes left: [file_off, file_end) */
	bool responding, keep_alive;
	uint32_t epoll_mask;
	uint64_t deadline_ms;
	/* for the log line */
	char what[160];
	int status;
	uint64_t body_bytes, start_us;
};

struct http_server {
	struct ev_handler h;
	struct http_server_config cfg;
	struct event_loop *loop;
	int sock, sock6;          /* listening: IPv4, IPv6 (-1: none) */
	struct ev_session *list; /* of struct conn */
	unsigned count;
};

static const char *reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 206: return "Partial Content";
	case 400: return "Bad Request";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 414: return "URI Too Long";
	case 416: return "Range Not Satisfiable";
	case 431: return "Request Header Fields Too Large";
	case 501: return "Not Implemented";
	case 505: return "HTTP Version Not Supported";
	default: return "Internal Server Error";
	}
}

static void conn_close(struct conn *c)
{
	if (c->sess.dead)
		return;
	if (c->file_fd >= 0)
		close(c->file_fd);
	ev_del(c->srv->loop, c->sock);
	close(c->sock);
	c->sess.dead = true;
	c->srv->count--;
}

static void conn_watch(struct conn *c, uint32_t mask)
{
	if (mask != c->epoll_mask && ev_mod(c->srv->loop, c->sock, mask, &c->sess.h) == 0)
		c->epoll_mask = mask;
}

/* Prepare the status line and headers (and the file) for one request. */
static void start_response(struct conn *c, const struct http_request *req, int status)
{
	uint64_t size = 0, start = 0, end = 0;
	int fd = -1;

	if (status == 0 && req->method == HTTP_OTHER)
		status = 405;
	if (status == 0) {
		fd = path_open_confined(c->srv->cfg.root_fd, req->path, &size);
		status = fd >= 0 ? 0 : fd == -WB_ENOENT ? 404 : fd == -WB_EACCES ? 403 : 500;
	}
	if (status == 0)
		status = http_resolve_range(req, size, &start, &end);
	if (status != 200 && status != 206 && fd >= 0) {
		close(fd);
		fd = -1;
	}
	c->status = status;
	c->keep_alive = req->keep_alive && status < 500 && status != 400 && status != 431;
	c->file_fd = -1;
	c->body_bytes = 0;
	c->start_us = ev_now_us();
	uint64_t length = status == 200 ? size : status == 206 ? end - start + 1 : 0;
	int n = wb_snprintf(c->out, sizeof(c->out), "HTTP/1.1 %d %s\r\nServer: wireboot-server\r\n"
			    "Connection: %s\r\n", status, reason(status), c->keep_alive ? "keep-alive" : "close");
	if (status == 200 || status == 206)
		n += wb_snprintf(c->out + n, sizeof(c->out) - (size_t)n,
				 "Content-Type: application/octet-stream\r\nAccept-Ranges: bytes\r\n"
				 "Content-Length: %llu\r\n", (unsigned long long)length);
	else
		n += wb_snprintf(c->out + n, sizeof(c->out) - (size_t)n, "Content-Length: 0\r\n");
	if (status == 206)
		n += wb_snprintf(c->out + n, sizeof(c->out) - (size_t)n, "Content-Range: bytes %llu-%llu/%llu\r\n",
				 (unsigned long long)start, (unsigned long long)end, (unsigned long long)size);
	if (status == 416)
		n += wb_snprintf(c->out + n, sizeof(c->out) - (size_t)n, "Content-Range: bytes */%llu\r\n",
				 (unsigned long long)size);
	if (status == 405)
		n += wb_snprintf(c->out + n, sizeof(c->out) - (size_t)n, "Allow: GET, HEAD\r\n");
	n += wb_snprintf(c->out + n, sizeof(c->out) - (size_t)n, "\r\n");
	c->out_len = (size_t)n < sizeof(c->out) ? (size_t)n : sizeof(c->out) - 1;
	c->out_off = 0;
	if (fd >= 0 && req->method == HTTP_GET && length) {
		c->file_fd = fd;
		c->file_off = start;
		c->file_end = end + 1;
	} else if (fd >= 0) {
		close(fd);
	}
	c->responding = true;
}

/* Log the finished response. */
static void log_response(struct conn *c)
{
	char peer[SOCK_ADDR_STRLEN], rate[64];
	log_info("http %s %s %d: %llu bytes %s", sock_addr_fmt(peer, &c->peer), c->what, c->status, (unsigned long long)c->body_bytes,
		 log_fmt_rate(rate, sizeof(rate), c->body_bytes, ev_now_us() - c->start_us));
}

static void try_requests(struct conn *c);

/* Send what can be sent; at the end, the next request or closing. */
static void write_response(struct conn *c)
{
	while (c->out_off < c->out_len) {
		ssize_t n = send(c->sock, c->out + c->out_off, c->out_len - c->out_off,
				 MSG_NOSIGNAL | (c->file_fd >= 0 ? MSG_MORE : 0));
		if (n < 0) {
			if (errno == EAGAIN) {
				conn_watch(c, EPOLLOUT);
				return;
			}
			conn_close(c);
			return;
		}
		c->out_off += (size_t)n;
	}
	while (c->file_fd >= 0 && c->file_off < c->file_end) {
		uint64_t left = c->file_end - c->file_off;
		off_t off = (off_t)c->file_off;
		ssize_t n = sendfile(c->sock, c->file_fd, &off, left < SENDFILE_CHUNK ? (size_t)left : SENDFILE_CHUNK);
		if (n < 0 && errno == EAGAIN) {
			conn_watch(c, EPOLLOUT);
			return;
		}
		if (n <= 0) { /* error, or the file shrank: the length promised cannot be kept */
			log_response(c);
			conn_close(c);
			return;
		}
		c->file_off += (uint64_t)n;
		c->body_bytes += (uint64_t)n;
	}
	log_response(c);
	if (c->file_fd >= 0) {
		close(c->file_fd);
		c->file_fd = -1;
	}
	c->responding = false;
	if (!c->keep_alive) {
		conn_close(c);
		return;
	}
	conn_watch(c, EPOLLIN);
	try_requests(c);
}

/* Answer the complete requests waiting in the input buffer (pipelining), one at a time. */
static void try_requests(struct conn *c)
{
	struct http_request req;

	if (c->sess.dead || c->responding)
		return;
	int n = http_parse_request(c->in, c->in_len, &req);
	if (n == 0)
		return;
	if (n < 0) {
		wb_snprintf(c->what, sizeof(c->what), "(malformed request)");
		start_response(c, &req, -n);
		c->keep_alive = false;
		c->in_len = 0;
	} else {
		wb_snprintf(c->what, sizeof(c->what), "%s %s",
			    req.method == HTTP_GET ? "GET" : req.method == HTTP_HEAD ? "HEAD" : "(method)", req.path);
		memmove(c->in, c->in + n, c->in_len - (size_t)n);
		c->in_len -= (size_t)n;
		start_response(c, &req, 0);
	}
	write_response(c);
}

static void conn_event(struct ev_handler *h, uint32_t events)
{
	struct conn *c = (struct conn *)h;

	if (c->sess.dead)
		return;
	c->deadline_ms = ev_now_ms() + HTTP_IDLE_MS;
	if (c->responding) {
		write_response(c);
		return;
	}
	for (;;) {
		if (c->in_len == sizeof(c->in))
			break;
		ssize_t n = recv(c->sock, c->in + c->in_len, sizeof(c->in) - c->in_len, 0);
		if (n == 0 || (n < 0 && errno != EAGAIN)) {
			conn_close(c);
			return;
		}
		if (n < 0)
			break;
		c->in_len += (size_t)n;
	}
	try_requests(c);
}

int http_server_adopt(struct http_server *s, int sock, const union sock_addr *peer)
{
	struct conn *c = s->count < HTTP_MAX_CONNS ? calloc(1, sizeof(*c)) : NULL;
	if (!c) {
		close(sock);
		return -WB_EBUSY;
	}
	c->sess.h.fn = conn_event;
	c->srv = s;
	c->sock = sock;
	c->peer = *peer;
	c->file_fd = -1;
	c->epoll_mask = EPOLLIN;
	c->deadline_ms = ev_now_ms() + HTTP_IDLE_MS;
	if (ev_add(s->loop, sock, EPOLLIN, &c->sess.h) < 0) {
		close(sock);
		free(c);
		return -WB_EIO;
	}
	ev_session_add(&s->list, &c->sess, &c->deadline_ms);
	s->count++;
	return 0;
}

/* Accept what waits on one listening socket; beyond HTTP_MAX_CONNS, close at once. */
static void accept_all(struct http_server *s, int lsock)
{
	while (lsock >= 0) {
		union sock_addr peer;
		socklen_t pl = sizeof(peer);
		int sock = accept4(lsock, &peer.sa, &pl, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (sock < 0)
			return;
		http_server_adopt(s, sock, &peer);
	}
}

/* A listening socket is readable (one handler for both families). */
static void accept_event(struct ev_handler *h, uint32_t events)
{
	struct http_server *s = (struct http_server *)h;

	accept_all(s, s->sock);
	accept_all(s, s->sock6);
}

int http_server_open(struct http_server **out, const struct http_server_config *cfg,
		     struct event_loop *loop)
{
	struct http_server *s = calloc(1, sizeof(*s));
	int err;

	if (!s)
		return -WB_ENOMEM;
	s->cfg = *cfg;
	s->loop = loop;
	s->h.fn = accept_event;
	s->sock = s->sock6 = -1;
	err = 0;
	if (cfg->port) { /* port 0: connections come only through http_server_adopt() */
		s->sock = err = ev_listen(loop, AF_INET, cfg->interface, cfg->port, &s->h);
		if (err >= 0)
			s->sock6 = ev_open_ipv6_twin(loop, SOCK_STREAM, cfg->interface, cfg->port, &s->h,
						     "http");
	}
	if (err < 0) {
		free(s);
		return err;
	}
	*out = s;
	return 0;
}

/* An idle connection's deadline came. */
static void conn_expire(struct ev_session *sess, uint64_t now_ms)
{
	(void)now_ms;
	conn_close((struct conn *)sess);
}

void http_server_tick(struct http_server *s, uint64_t now_ms)
{
	ev_sessions_tick(&s->list, now_ms, conn_expire);
}

int http_server_next_timeout(const struct http_server *s, uint64_t now_ms)
{
	return ev_sessions_next_timeout(s->list, now_ms, 60000);
}

void http_server_close(struct http_server *s)
{
	if (!s)
		return;
	for (struct ev_session *sess = s->list; sess; sess = sess->next)
		conn_close((struct conn *)sess);
	http_server_tick(s, ev_now_ms());
	for (int i = 0; i < 2; i++) {
		int fd = i ? s->sock6 : s->sock;
		if (fd >= 0) {
			ev_del(s->loop, fd);
			close(fd);
		}
	}
	free(s);
}
