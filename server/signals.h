/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * SIGINT/SIGTERM (stop) and SIGHUP (reload) as events of the epoll loop, through a signalfd:
 * a signal that arrives just before the loop goes to sleep still wakes it, which a flag set
 * by a handler would not guarantee.
 */
#ifndef WB_SERVER_SIGNALS_H
#define WB_SERVER_SIGNALS_H

#include "server/event_loop.h"

struct server_signals {
	struct ev_handler h;
	int fd;
	int stop;    /* the stopping signal's number, 0 while running */
	int reload;  /* set on SIGHUP; the main loop clears it when it has reloaded */
};

/* Block the three signals and watch them in the loop.  0 or -WB_EIO. */
int server_signals_open(struct server_signals *s, struct event_loop *loop);

#endif
