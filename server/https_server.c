// SPDX-License-Identifier: GPL-2.0-or-later
/* HTTPS in front of the HTTP server: see server/https_server.h. */
#include "server/https_server.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "core/errors.h"
#include "core/printf.h"
#include "server/log.h"
#include "server/sock_addr.h"

struct https_server {
	struct ev_handler h;    /* first: the listening socket's handler */
	struct event_loop *loop;
	struct http_server *http;
	SSL_CTX *ctx;
	int sock, sock6; /* listening: IPv4, IPv6 (-1: none) */
};

/* One connection's thread: the TLS socket and the plain end of the socketpair. */
struct relay {
	SSL_CTX *ctx;
	int tls_fd, plain_fd;
	union sock_addr peer;
};

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Handshake, then copy between TLS and plain until either side closes or goes idle. */
static void *relay_run(void *arg)
{
	struct relay *r = arg;
	char buf[16384];
	SSL *ssl = SSL_new(r->ctx);
	struct timeval tv = { HTTPS_HANDSHAKE_MS / 1000, 0 }, none = { 0, 0 };
	setsockopt(r->tls_fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (!ssl || !SSL_set_fd(ssl, r->tls_fd) || SSL_accept(ssl) <= 0) {
		char peer[SOCK_ADDR_STRLEN];
		unsigned long e = ERR_get_error();
		log_info("https %s: TLS handshake failed: %s", sock_addr_fmt(peer, &r->peer), e ? ERR_reason_error_string(e) : "connection closed");
		goto out;
	}
	setsockopt(r->tls_fd, SOL_SOCKET, SO_RCVTIMEO, &none, sizeof(none));
	for (;;) {
		struct pollfd p[2] = { { r->tls_fd, POLLIN, 0 }, { r->plain_fd, POLLIN, 0 } };
		if (!SSL_pending(ssl) && poll(p, 2, HTTP_IDLE_MS) <= 0)
			break;
		if (SSL_pending(ssl) || p[0].revents) {
			int n = SSL_read(ssl, buf, sizeof(buf));
			if (n <= 0 || write_all(r->plain_fd, buf, (size_t)n) < 0)
				break;
		}
		if (p[1].revents) {
			ssize_t n = read(r->plain_fd, buf, sizeof(buf));
			if (n <= 0 || SSL_write(ssl, buf, (int)n) <= 0)
				break;
		}
	}
	SSL_shutdown(ssl);
out:
	SSL_free(ssl);
	close(r->tls_fd);
	close(r->plain_fd);
	free(r);
	ERR_clear_error();
	return NULL;
}

/* Accept what waits on one listening socket: a thread per connection, the plain end to HTTP. */
static void accept_all(struct https_server *s, int lsock)
{
	while (lsock >= 0) {
		union sock_addr peer;
		socklen_t pl = sizeof(peer);
		int fd = accept4(lsock, &peer.sa, &pl, SOCK_CLOEXEC);
		if (fd < 0)
			return;
		int sv[2];
		struct relay *r = calloc(1, sizeof(*r));
		if (!r || socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) {
			free(r);
			close(fd);
			continue;
		}
		fcntl(sv[1], F_SETFL, O_NONBLOCK);
		if (http_server_adopt(s->http, sv[1], &peer) < 0) { /* closed sv[1] */
			close(sv[0]);
			close(fd);
			free(r);
			continue;
		}
		*r = (struct relay){ s->ctx, fd, sv[0], peer };
		pthread_t t;
		pthread_attr_t attr;
		pthread_attr_init(&attr);
		pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
		if (pthread_create(&t, &attr, relay_run, r) != 0) {
			close(fd);
			close(sv[0]);
			free(r);
		}
		pthread_attr_destroy(&attr);
	}
}

/* A listening socket is readable (one handler for both families). */
static void accept_event(struct ev_handler *h, uint32_t events)
{
	struct https_server *s = (struct https_server *)h;

	accept_all(s, s->sock);
	accept_all(s, s->sock6);
}

int https_server_open(struct https_server **out, const struct https_server_config *cfg,
		      struct event_loop *loop, struct http_server *http, char *err, unsigned cap)
{
	struct https_server *s = calloc(1, sizeof(*s));
	if (!s)
		return -WB_ENOMEM;
	s->loop = loop;
	s->http = http;
	s->h.fn = accept_event;
	s->sock = s->sock6 = -1;
	s->ctx = SSL_CTX_new(TLS_server_method());
	const char *what = NULL;
	if (!s->ctx)
		what = "OpenSSL";
	else if (SSL_CTX_use_certificate_chain_file(s->ctx, cfg->cert) != 1)
		what = cfg->cert;
	else if (SSL_CTX_use_PrivateKey_file(s->ctx, cfg->key, SSL_FILETYPE_PEM) != 1 ||
		 SSL_CTX_check_private_key(s->ctx) != 1)
		what = cfg->key;
	if (what) {
		unsigned long e = ERR_get_error();
		wb_snprintf(err, cap, "%s: %s", what, e ? ERR_reason_error_string(e) : "cannot load");
		https_server_close(s);
		return -WB_EINVAL;
	}
	SSL_CTX_set_min_proto_version(s->ctx, TLS1_2_VERSION);
	int fd = s->sock = ev_listen(loop, AF_INET, cfg->interface, cfg->port, &s->h);
	if (fd >= 0)
		s->sock6 = ev_open_ipv6_twin(loop, SOCK_STREAM, cfg->interface, cfg->port, &s->h, "https");
	if (fd < 0) {
		wb_snprintf(err, cap, "port %u: %s", cfg->port, wb_strerror(fd));
		https_server_close(s);
		return fd;
	}
	*out = s;
	return 0;
}

void https_server_close(struct https_server *s)
{
	if (!s)
		return;
	for (int i = 0; i < 2; i++) {
		int fd = i ? s->sock6 : s->sock;
		if (fd >= 0) {
			ev_del(s->loop, fd);
			close(fd);
		}
	}
	SSL_CTX_free(s->ctx);
	free(s);
}
