// SPDX-License-Identifier: GPL-2.0-or-later
/* The epoll loop (see server/event_loop.h). */
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/errors.h"
#include "server/event_loop.h"
#include "server/log.h"

int ev_init(struct event_loop *loop)
{
	loop->epfd = epoll_create1(EPOLL_CLOEXEC);
	return loop->epfd < 0 ? -WB_EIO : 0;
}

void ev_close(struct event_loop *loop)
{
	if (loop->epfd >= 0)
		close(loop->epfd);
	loop->epfd = -1;
}

static int ev_ctl(struct event_loop *loop, int op, int fd, uint32_t events, struct ev_handler *h)
{
	struct epoll_event ev = { .events = events, .data.ptr = h };
	return epoll_ctl(loop->epfd, op, fd, &ev) < 0 ? -WB_EIO : 0;
}

int ev_add(struct event_loop *loop, int fd, uint32_t events, struct ev_handler *h)
{
	return ev_ctl(loop, EPOLL_CTL_ADD, fd, events, h);
}

int ev_mod(struct event_loop *loop, int fd, uint32_t events, struct ev_handler *h)
{
	return ev_ctl(loop, EPOLL_CTL_MOD, fd, events, h);
}

void ev_del(struct event_loop *loop, int fd)
{
	epoll_ctl(loop->epfd, EPOLL_CTL_DEL, fd, NULL);
}

int ev_run_once(struct event_loop *loop, int timeout_ms)
{
	struct epoll_event evs[64];
	int n = epoll_wait(loop->epfd, evs, 64, timeout_ms);

	if (n < 0)
		return errno == EINTR ? 0 : -WB_EIO;
	for (int i = 0; i < n; i++) {
		struct ev_handler *h = evs[i].data.ptr;
		h->fn(h, evs[i].events);
	}
	return n;
}

void ev_session_add(struct ev_session **list, struct ev_session *s, const uint64_t *deadline_ms)
{
	s->deadline_ms = deadline_ms;
	s->next = *list;
	*list = s;
}

void ev_sessions_tick(struct ev_session **list, uint64_t now_ms,
		      void (*expire)(struct ev_session *s, uint64_t now_ms))
{
	while (*list) {
		struct ev_session *s = *list;
		if (!s->dead && (int64_t)(now_ms - *s->deadline_ms) >= 0)
			expire(s, now_ms);
		if (s->dead) {
			*list = s->next;
			free(s);
			continue;
		}
		list = &s->next;
	}
}

int ev_sessions_next_timeout(const struct ev_session *list, uint64_t now_ms, int max_ms)
{
	int64_t best = -1;

	for (const struct ev_session *s = list; s; s = s->next) {
		if (s->dead)
			return 0; /* to be freed right away */
		int64_t d = (int64_t)(*s->deadline_ms - now_ms);
		if (d < 0)
			d = 0;
		if (best < 0 || d < best)
			best = d;
	}
	return best > max_ms ? max_ms : (int)best;
}

/*
 * A rack powered on at once sends hundreds of DHCP and TFTP requests within milliseconds;
 * the default receive buffer (net.core.rmem_default, ~208 KB: ~100 small datagrams) drops
 * the rest (seen as UDP RcvbufErrors with 512 clients).  Ask for EV_DGRAM_RCVBUF: forced
 * while still privileged, else up to net.core.rmem_max.  Failure only leaves the default.
 */
static void grow_receive_buffer(int sock)
{
	int size = EV_DGRAM_RCVBUF;
	if (setsockopt(sock, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) < 0)
		setsockopt(sock, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
}

int ev_open_socket(int family, int type, const char *ifname, uint32_t addr, uint16_t port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = addr };
	struct sockaddr_in6 a6 = { .sin6_family = AF_INET6, .sin6_port = htons(port), .sin6_addr = IN6ADDR_ANY_INIT };
	int one = 1, err = 0;
	int sock = socket(family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	if (sock < 0)
		return errno == EAFNOSUPPORT ? -WB_ENOTSUP : -WB_EIO;
	setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (type == SOCK_DGRAM)
		grow_receive_buffer(sock);
	if (family == AF_INET6)
		setsockopt(sock, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
	if (ifname && setsockopt(sock, SOL_SOCKET, SO_BINDTODEVICE, ifname, (socklen_t)strlen(ifname) + 1) < 0)
		err = errno == EPERM ? -WB_EACCES : -WB_ENODEV;
	else if (family == AF_INET6 ? bind(sock, (struct sockaddr *)&a6, sizeof(a6)) < 0
				    : bind(sock, (struct sockaddr *)&a, sizeof(a)) < 0)
		err = errno == EACCES ? -WB_EACCES : errno == EADDRINUSE ? -WB_EBUSY
		      : errno == EADDRNOTAVAIL ? -WB_ENOTSUP : -WB_EIO;
	if (err) {
		close(sock);
		return err;
	}
	return sock;
}

int ev_listen(struct event_loop *loop, int family, const char *ifname, uint16_t port,
	      struct ev_handler *h)
{
	int sock = ev_open_socket(family, SOCK_STREAM, ifname, 0, port);

	if (sock >= 0 && (listen(sock, 128) < 0 || ev_add(loop, sock, EPOLLIN, h) < 0)) {
		close(sock);
		return -WB_EIO;
	}
	return sock;
}

int ev_open_ipv6_twin(struct event_loop *loop, int type, const char *ifname, uint16_t port,
		      struct ev_handler *h, const char *service)
{
	int one = 1, sock;

	if (type == SOCK_STREAM) {
		sock = ev_listen(loop, AF_INET6, ifname, port, h);
	} else {
		sock = ev_open_socket(AF_INET6, type, ifname, 0, port);
		if (sock >= 0 && (setsockopt(sock, IPPROTO_IPV6, IPV6_RECVPKTINFO, &one, sizeof(one)) < 0 ||
				  ev_add(loop, sock, EPOLLIN, h) < 0)) {
			close(sock);
			sock = -WB_EIO;
		}
	}
	if (sock >= 0)
		return sock;
	log_warn("%s: no IPv6 socket on port %u (%s): serving IPv4 only", service, port,
		 sock == -WB_ENOTSUP ? "this kernel has no IPv6"
		 : sock == -WB_EBUSY ? "another program holds the port on IPv6" : wb_strerror(sock));
	return -1;
}

uint64_t ev_now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

uint64_t ev_now_ms(void)
{
	return ev_now_us() / 1000u;
}
