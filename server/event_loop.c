// SPDX-License-Identifier: GPL-2.0-or-later
/* The epoll loop (see server/event_loop.h). */
#include <errno.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#include "core/errors.h"
#include "server/event_loop.h"

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
