// SPDX-License-Identifier: GPL-2.0-or-later
/* Stop and reload signals through a signalfd (see server/signals.h). */
#include <signal.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "core/errors.h"
#include "server/signals.h"

static void signals_event(struct ev_handler *h, uint32_t events)
{
	struct server_signals *s = (struct server_signals *)h;
	struct signalfd_siginfo si;

	while (read(s->fd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
		if (si.ssi_signo == SIGHUP)
			s->reload = 1;
		else
			s->stop = (int)si.ssi_signo;
	}
}

int server_signals_open(struct server_signals *s, struct event_loop *loop)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	s->h.fn = signals_event;
	s->stop = s->reload = 0;
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0 ||
	    (s->fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC)) < 0)
		return -WB_EIO;
	if (ev_add(loop, s->fd, EPOLLIN, &s->h) < 0) {
		close(s->fd);
		return -WB_EIO;
	}
	return 0;
}
