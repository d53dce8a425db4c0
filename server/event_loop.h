/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The server's one epoll loop.  Each socket registers a handler; the loop calls it with the
 * epoll events.  Timers are not kept here: each service reports its next deadline and is
 * ticked after every wake-up (see server/main.c).
 */
#ifndef WB_SERVER_EVENT_LOOP_H
#define WB_SERVER_EVENT_LOOP_H

#include <stdint.h>

struct ev_handler {
	void (*fn)(struct ev_handler *h, uint32_t events);
};

struct event_loop {
	int epfd;
};

int ev_init(struct event_loop *loop);
void ev_close(struct event_loop *loop);
/* Watch fd for `events` (EPOLLIN, EPOLLOUT...) and call h->fn.  0 or -WB_EIO. */
int ev_add(struct event_loop *loop, int fd, uint32_t events, struct ev_handler *h);
int ev_mod(struct event_loop *loop, int fd, uint32_t events, struct ev_handler *h);
void ev_del(struct event_loop *loop, int fd);
/* Wait up to timeout_ms (-1 forever) and dispatch; returns the number of events or <0. */
int ev_run_once(struct event_loop *loop, int timeout_ms);

/* Monotonic milliseconds. */
uint64_t ev_now_ms(void);
/* Monotonic microseconds. */
uint64_t ev_now_us(void);

#endif
