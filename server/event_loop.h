/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The server's one epoll loop, and what its services share: binding their sockets, and
 * the lists of timed sessions they keep.  Each socket registers a handler; the loop calls
 * it with the epoll events.  Timers are not kept here: each service reports its next deadline and is
 * ticked after every wake-up (see server/main.c).
 */
#ifndef WB_SERVER_EVENT_LOOP_H
#define WB_SERVER_EVENT_LOOP_H

#include <stdbool.h>
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

/*
 * A service's timed, heap-allocated object (an HTTP connection, a TFTP transfer).  It is
 * the first member of that object, so the loop hands back a pointer to it and reaping can
 * free() it.  A finished session is marked dead (its events may still be queued in this
 * round of the loop) and freed by the next ev_sessions_tick().
 */
struct ev_session {
	struct ev_handler h;
	struct ev_session *next;
	const uint64_t *deadline_ms; /* the owner's deadline (monotonic ms) */
	bool dead;
};

/* Put a new session at the head of *list, its deadline being *deadline_ms. */
void ev_session_add(struct ev_session **list, struct ev_session *s, const uint64_t *deadline_ms);
/*
 * Call expire() for each live session whose deadline has come (it may mark it dead), then
 * unlink and free the dead ones.
 */
void ev_sessions_tick(struct ev_session **list, uint64_t now_ms,
		      void (*expire)(struct ev_session *s, uint64_t now_ms));
/* Milliseconds until the first deadline (0 when one is due or dead), at most max_ms; -1: none. */
int ev_sessions_next_timeout(const struct ev_session *list, uint64_t now_ms, int max_ms);

#define EV_DGRAM_RCVBUF (4 * 1024 * 1024) /* receive buffer of the DHCP and TFTP ports */

/*
 * A non-blocking socket of `family` (AF_INET, AF_INET6) and `type` (SOCK_DGRAM, SOCK_STREAM)
 * with SO_REUSEADDR (datagram sockets with a receive buffer of EV_DGRAM_RCVBUF for request
 * bursts), bound to `ifname` (SO_BINDTODEVICE; NULL = every interface) and
 * addr:port (network-order IPv4 address; AF_INET6 binds to any address, IPV6_V6ONLY, so
 * the IPv4 socket of the same port stays separate; host-order port).  The descriptor, or
 * -WB_EACCES (binding to the interface or a privileged port is not allowed), -WB_ENODEV,
 * -WB_EBUSY (port in use), -WB_ENOTSUP (the kernel has no IPv6), -WB_EIO.
 */
int ev_open_socket(int family, int type, const char *ifname, uint32_t addr, uint16_t port);

/*
 * A listening TCP socket (backlog 128) of `family` on ifname:port (any address), watched
 * for EPOLLIN with h: the descriptor or an error of ev_open_socket().
 */
int ev_listen(struct event_loop *loop, int family, const char *ifname, uint16_t port,
	      struct ev_handler *h);

/*
 * The IPv6 socket beside a service's IPv4 one (same type, interface and port): a listening
 * socket for SOCK_STREAM, one with IPV6_RECVPKTINFO for SOCK_DGRAM, watched for EPOLLIN with
 * h.  The descriptor, or -1 after a warning naming `service` when it cannot be had (no IPv6
 * in this kernel, another program holding the port on IPv6): the service then stays
 * IPv4-only, exactly as before it had IPv6.
 */
int ev_open_ipv6_twin(struct event_loop *loop, int type, const char *ifname, uint16_t port,
		      struct ev_handler *h, const char *service);

/* Monotonic milliseconds. */
uint64_t ev_now_ms(void);
/* Monotonic microseconds. */
uint64_t ev_now_us(void);

#endif
