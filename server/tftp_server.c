// SPDX-License-Identifier: GPL-2.0-or-later
/* The TFTP service: request socket, per-transfer sockets, limits (see server/tftp_server.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <net/if.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/byteorder.h"
#include "core/errors.h"
#include "core/printf.h"
#include "core/string.h"
#include "server/log.h"
#include "server/log_limit.h"
#include "server/path.h"
#include "server/sock_addr.h"
#include "server/tftp_admit.h"
#include "server/tftp_server.h"
#include "server/tftp_xfer.h"

#define RX_MAX 2048          /* requests and ACKs are small; larger datagrams are garbage */
#define RX_BATCH 64          /* datagrams read per wake-up, so one socket cannot starve others */
#define IP_UDP_TFTP_HDR 32   /* IPv4 20 + UDP 8 + TFTP 4 */
#define IP6_UDP_TFTP_HDR 52  /* IPv6 40 + UDP 8 + TFTP 4 */
#define EMBRYONIC_PER_CLIENT 4 /* unacknowledged transfers one address may hold */

struct transfer {
	struct ev_session sess; /* first: see struct ev_session */
	struct tftp_server *srv;
	struct tftp_xfer x;
	int sock, file_fd;
	union sock_addr peer;
	uint32_t epoll_mask;
	char filename[TFTP_FILENAME_MAX + 1];
	uint64_t start_us;
};

struct tftp_server {
	struct ev_handler h;
	struct tftp_server_config cfg;
	struct event_loop *loop;
	int sock, sock6;          /* the request sockets: IPv4, IPv6 (-1: none) */
	struct ev_session *list; /* of struct transfer */
	unsigned count; /* live transfers */
	struct tftp_slot *slots;     /* admission's view of the live transfers (max_transfers) */
	struct transfer **slot_of;   /* the transfer behind each slot */
	uint8_t txbuf[TFTP_MAX_BLKSIZE + 4];
	uint8_t rxbuf[RX_MAX];
};

/* The send callback of a transfer: its connected socket. */
static int transfer_send(void *ctx, const void *buf, size_t len)
{
	struct transfer *t = ctx;

	if (send(t->sock, buf, len, 0) >= 0)
		return 0;
	switch (errno) {
	case EAGAIN:
		return -WB_EAGAIN;
	case ENOBUFS:
		return 0; /* dropped by the queue: recovered like a lost packet */
	case ECONNREFUSED:
		return -WB_EHOSTUNREACH;
	default:
		return -WB_EIO;
	}
}

/* Log the outcome, release the sockets, and leave the struct for the next tick to free. */
static void transfer_finish(struct transfer *t)
{
	char peer[SOCK_ADDR_STRLEN], rate[64];
	uint64_t bytes = tftp_xfer_bytes_done(&t->x);

	if (t->sess.dead)
		return;
	log_info("tftp %s %s: %llu bytes %s blksize %u window %u: %s",
		 sock_addr_fmt(peer, &t->peer), t->filename, (unsigned long long)bytes,
		 log_fmt_rate(rate, sizeof(rate), bytes, ev_now_us() - t->start_us), t->x.blksize,
		 t->x.windowsize, t->x.state == XFER_DONE ? "ok" : t->x.outcome);
	ev_del(t->srv->loop, t->sock);
	close(t->sock);
	close(t->file_fd);
	t->sess.dead = true;
	t->srv->count--;
}

/* After the state machine ran: finish it, or watch for writability while it is blocked. */
static void transfer_sync(struct transfer *t)
{
	if (t->x.state != XFER_RUNNING) {
		transfer_finish(t);
		return;
	}
	uint32_t want = EPOLLIN | (t->x.blocked ? EPOLLOUT : 0);
	if (want != t->epoll_mask && ev_mod(t->srv->loop, t->sock, want, &t->sess.h) == 0)
		t->epoll_mask = want;
}

static void transfer_event(struct ev_handler *h, uint32_t events)
{
	struct transfer *t = (struct transfer *)h;
	struct tftp_server *s = t->srv;
	uint64_t now = ev_now_ms();

	if (t->sess.dead)
		return;
	if (events & (EPOLLIN | EPOLLERR)) {
		for (int i = 0; i < RX_BATCH && t->x.state == XFER_RUNNING; i++) {
			ssize_t n = recv(t->sock, s->rxbuf, sizeof(s->rxbuf), 0);
			if (n < 0) {
				if (errno == ECONNREFUSED)
					tftp_xfer_abort(&t->x, TFTP_ERR_UNDEFINED, "client unreachable (ICMP port unreachable)");
				break;
			}
			tftp_xfer_input(&t->x, s->rxbuf, (size_t)n, now);
		}
	}
	if ((events & EPOLLOUT) && t->x.state == XFER_RUNNING)
		tftp_xfer_pump(&t->x, now);
	transfer_sync(t);
}

/* An ERROR for a request that starts no transfer, from the request socket. */
static void reply_error(struct tftp_server *s, const union sock_addr *to, uint16_t code,
			const char *msg)
{
	uint8_t pkt[256];
	int len = tftp_build_error(pkt, sizeof(pkt), code, msg);
	if (len > 0)
		sendto(to->sa.sa_family == AF_INET6 ? s->sock6 : s->sock, pkt, (size_t)len, 0, &to->sa,
		       sock_addr_len(to));
}

/* The largest blksize for a transfer on `sock` (connected): from the route MTU or the config. */
static uint32_t max_blksize_for(const struct tftp_server *s, int sock, bool v6)
{
	uint32_t cap = s->cfg.max_blksize;
	if (!cap) {
		int mtu = 0;
		socklen_t l = sizeof(mtu);
		if (getsockopt(sock, v6 ? IPPROTO_IPV6 : IPPROTO_IP, v6 ? IPV6_MTU : IP_MTU, &mtu, &l) < 0 ||
		    mtu < 576)
			mtu = 1500;
		cap = (uint32_t)mtu - (v6 ? IP6_UDP_TFTP_HDR : IP_UDP_TFTP_HDR);
	}
	if (cap > TFTP_MAX_BLKSIZE)
		cap = TFTP_MAX_BLKSIZE;
	if (cap < TFTP_DEFAULT_BLKSIZE)
		cap = TFTP_DEFAULT_BLKSIZE;
	return cap;
}

/* Make room for a request from peer, or say why not: an admission (server/tftp_admit.h). */
static void admit(struct tftp_server *s, const union sock_addr *peer, const char *filename,
		  struct tftp_admission *a)
{
	size_t n = 0;
	struct tftp_admit_limits lim = {
		.max_transfers = s->cfg.max_transfers,
		.max_per_client = s->cfg.max_per_client,
		.max_embryonic_per_client = EMBRYONIC_PER_CLIENT,
	};

	for (struct ev_session *sess = s->list; sess && n < s->cfg.max_transfers; sess = sess->next) {
		struct transfer *t = (struct transfer *)sess;
		if (t->sess.dead)
			continue;
		s->slot_of[n] = t;
		s->slots[n++] = (struct tftp_slot){
			.ip = sock_addr_ip(&t->peer), .port = sock_addr_port(&t->peer),
			.filename = t->filename, .established = t->x.any_ack,
			.started_ms = t->start_us / 1000,
		};
	}
	struct ip_addr ip = sock_addr_ip(peer);
	tftp_admit(s->slots, n, &ip, sock_addr_port(peer), filename, &lim, a);
}

/*
 * Open the per-transfer socket: bound to the address the request came to (`local`, port 0;
 * a link-local one with the peer's interface), connected back.
 */
static int open_transfer_socket(const union sock_addr *peer, const union sock_addr *local)
{
	int sock = socket(peer->sa.sa_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	if (sock < 0)
		return -1;
	if (bind(sock, &local->sa, sock_addr_len(local)) < 0 ||
	    connect(sock, &peer->sa, sock_addr_len(peer)) < 0) {
		close(sock);
		return -1;
	}
	return sock;
}

/* One datagram on port 69. */
static void handle_request(struct tftp_server *s, size_t len, const union sock_addr *peer,
			   const union sock_addr *local)
{
	struct tftp_packet req;
	struct ip_addr peer_ip = sock_addr_ip(peer);
	char who[SOCK_ADDR_STRLEN];
	uint16_t code;
	const char *msg;
	uint64_t size;
	int err;

	sock_addr_fmt(who, peer);
	if ((err = tftp_parse(s->rxbuf, len, &req)) < 0) {
		uint16_t op = len >= 2 ? get_be16(s->rxbuf) : 0;
		if (op == TFTP_RRQ || op == TFTP_WRQ) {
			if (log_limited_pass(LOG_KIND_TFTP_MALFORMED, &peer_ip))
				log_info("tftp %s: malformed request (%s)", who, wb_strerror(err));
			reply_error(s, peer, err == -WB_EINVAL ? TFTP_ERR_OPTION_REFUSED : TFTP_ERR_ILLEGAL_OP,
				    err == -WB_EINVAL ? "invalid option value or file name too long"
						      : "malformed request");
		}
		return;
	}
	if (tftp_check_request(&req, &code, &msg) < 0) {
		if (log_limited_pass(LOG_KIND_TFTP_REFUSED, &peer_ip))
			log_info("tftp %s %s: refused: %s", who, req.filename ? req.filename : "-", msg);
		if (req.opcode == TFTP_RRQ || req.opcode == TFTP_WRQ)
			reply_error(s, peer, code, msg);
		return;
	}

	struct tftp_admission a;
	admit(s, peer, req.filename, &a);
	switch (a.verdict) {
	case TFTP_ADMIT_DUPLICATE:
		/* A retransmitted or duplicated request: never a second transfer.  If nothing was
		 * acknowledged yet, the client may have lost the answer: send it again. */
		tftp_xfer_resend_first(&s->slot_of[a.dup]->x, ev_now_ms());
		transfer_sync(s->slot_of[a.dup]);
		return;
	case TFTP_ADMIT_CLIENT_LIMIT:
		log_debug("tftp %s %s: refused: %u transfers from this address", who, req.filename,
			  s->cfg.max_per_client);
		reply_error(s, peer, TFTP_ERR_UNDEFINED, "too many transfers from your address: try again later");
		return;
	case TFTP_ADMIT_BUSY:
		log_debug("tftp %s %s: refused: %u transfers in progress", who, req.filename, s->count);
		reply_error(s, peer, TFTP_ERR_UNDEFINED, "server busy: try again later");
		return;
	case TFTP_ADMIT_START:
		break;
	}
	for (unsigned i = 0; i < a.n_evict; i++) {
		struct transfer *old = s->slot_of[a.evict[i]];
		const char *why = a.replaced && i == 0 ? "replaced by a new request from the same port"
						       : "never acknowledged: evicted for a new request";
		log_debug("tftp %s: %s", who, why);
		if (a.replaced && i == 0)
			wb_strlcpy(old->x.outcome, why, sizeof(old->x.outcome));
		else /* tell a real but slow client, so it retries at once */
			tftp_xfer_abort(&old->x, TFTP_ERR_UNDEFINED, "server busy: request dropped, try again");
		old->x.state = XFER_FAILED;
		transfer_finish(old);
	}

	int fd = path_open_confined(s->cfg.root_fd, req.filename, &size);
	if (fd < 0) {
		code = fd == -WB_ENOENT ? TFTP_ERR_NOT_FOUND
		       : fd == -WB_EACCES ? TFTP_ERR_ACCESS : TFTP_ERR_UNDEFINED;
		log_info("tftp %s %s: %s", who, req.filename, tftp_error_name(code));
		reply_error(s, peer, code, tftp_error_name(code));
		return;
	}

	struct transfer *t = calloc(1, sizeof(*t));
	int sock = t ? open_transfer_socket(peer, local) : -1;
	if (sock < 0) {
		log_warn("tftp %s %s: cannot open a transfer socket", who, req.filename);
		reply_error(s, peer, TFTP_ERR_UNDEFINED, "server out of resources");
		free(t);
		close(fd);
		return;
	}
	t->sess.h.fn = transfer_event;
	t->srv = s;
	t->sock = sock;
	t->file_fd = fd;
	t->peer = *peer;
	t->epoll_mask = EPOLLIN;
	t->start_us = ev_now_us();
	wb_strlcpy(t->filename, req.filename, sizeof(t->filename));
	if (ev_add(s->loop, sock, EPOLLIN, &t->sess.h) < 0) {
		close(sock);
		close(fd);
		free(t);
		reply_error(s, peer, TFTP_ERR_UNDEFINED, "server out of resources");
		return;
	}
	ev_session_add(&s->list, &t->sess, &t->x.deadline_ms);
	s->count++;

	struct tftp_limits lim = {
		.max_blksize = max_blksize_for(s, sock, peer->sa.sa_family == AF_INET6),
		.max_windowsize = s->cfg.max_windowsize,
		.rto_ms = s->cfg.rto_ms,
		.max_retries = s->cfg.max_retries,
	};
	t->x.buf = s->txbuf;
	t->x.send = transfer_send;
	t->x.send_ctx = t;
	log_debug("tftp %s %s: %llu bytes, blksize %u tsize %s window %u", who, req.filename,
		  (unsigned long long)size, req.opts.blksize, req.opts.has_tsize ? "yes" : "no",
		  req.opts.windowsize);
	tftp_xfer_start(&t->x, &req, fd, size, &lim, ev_now_ms());
	transfer_sync(t);
}

/* The address a request reached (IP_PKTINFO / IPV6_PKTINFO), port 0, for the transfer socket. */
static void request_local(const struct tftp_server *s, struct msghdr *mh, const union sock_addr *peer,
			  union sock_addr *local)
{
	memset(local, 0, sizeof(*local));
	local->sa.sa_family = peer->sa.sa_family;
	if (peer->sa.sa_family == AF_INET)
		local->in.sin_addr.s_addr = s->cfg.bind_addr;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(mh); c; c = CMSG_NXTHDR(mh, c)) {
		if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
			struct in_pktinfo pi;
			memcpy(&pi, CMSG_DATA(c), sizeof(pi));
			local->in.sin_addr = pi.ipi_spec_dst;
		} else if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_PKTINFO) {
			struct in6_pktinfo pi;
			memcpy(&pi, CMSG_DATA(c), sizeof(pi));
			local->in6.sin6_addr = pi.ipi6_addr;
			local->in6.sin6_scope_id = peer->in6.sin6_scope_id;
		}
	}
}

/* Up to RX_BATCH requests from one request socket, each answered from the address it reached. */
static void read_requests(struct tftp_server *s, int sock)
{
	for (int i = 0; sock >= 0 && i < RX_BATCH; i++) {
		union sock_addr peer, local;
		char cbuf[CMSG_SPACE(sizeof(struct in6_pktinfo))];
		struct iovec iov = { .iov_base = s->rxbuf, .iov_len = sizeof(s->rxbuf) - 1 };
		struct msghdr mh = {
			.msg_name = &peer, .msg_namelen = sizeof(peer), .msg_iov = &iov,
			.msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof(cbuf),
		};
		ssize_t n = recvmsg(sock, &mh, 0);
		if (n < 0)
			return;
		if (!sock_addr_valid(&peer, mh.msg_namelen))
			continue;
		request_local(s, &mh, &peer, &local);
		handle_request(s, (size_t)n, &peer, &local);
	}
}

/* A request socket is readable (one handler for both families: a read of the other is EAGAIN). */
static void request_event(struct ev_handler *h, uint32_t events)
{
	struct tftp_server *s = (struct tftp_server *)h;

	read_requests(s, s->sock);
	read_requests(s, s->sock6);
}

int tftp_server_open(struct tftp_server **out, const struct tftp_server_config *cfg,
		     struct event_loop *loop)
{
	struct tftp_server *s = calloc(1, sizeof(*s));
	int one = 1, err;

	if (!s)
		return -WB_ENOMEM;
	s->cfg = *cfg;
	if (!s->cfg.port)
		s->cfg.port = TFTP_PORT;
	if (!s->cfg.max_windowsize)
		s->cfg.max_windowsize = 64;
	if (!s->cfg.max_transfers)
		s->cfg.max_transfers = 256;
	if (!s->cfg.max_per_client)
		s->cfg.max_per_client = 8;
	if (!s->cfg.rto_ms)
		s->cfg.rto_ms = 1000;
	if (!s->cfg.max_retries)
		s->cfg.max_retries = 5;
	s->slots = calloc(s->cfg.max_transfers, sizeof(*s->slots));
	s->slot_of = calloc(s->cfg.max_transfers, sizeof(*s->slot_of));
	if (!s->slots || !s->slot_of) {
		free(s->slots);
		free(s->slot_of);
		free(s);
		return -WB_ENOMEM;
	}
	s->loop = loop;
	s->h.fn = request_event;
	s->sock = err = ev_open_socket(AF_INET, SOCK_DGRAM, s->cfg.interface, s->cfg.bind_addr, s->cfg.port);
	if (err >= 0 && (setsockopt(s->sock, IPPROTO_IP, IP_PKTINFO, &one, sizeof(one)) < 0 ||
			 ev_add(loop, s->sock, EPOLLIN, &s->h) < 0)) {
		close(s->sock);
		err = -WB_EIO;
	}
	if (err >= 0)
		s->sock6 = ev_open_ipv6_twin(loop, SOCK_DGRAM, s->cfg.interface, s->cfg.port, &s->h, "tftp");
	if (err < 0) {
		free(s->slots);
		free(s->slot_of);
		free(s);
		return err;
	}
	*out = s;
	return 0;
}

/* A transfer's retransmission deadline came. */
static void transfer_expire(struct ev_session *sess, uint64_t now_ms)
{
	struct transfer *t = (struct transfer *)sess;
	tftp_xfer_timeout(&t->x, now_ms);
	transfer_sync(t);
}

void tftp_server_tick(struct tftp_server *s, uint64_t now_ms)
{
	if (s)
		ev_sessions_tick(&s->list, now_ms, transfer_expire);
}

int tftp_server_next_timeout(const struct tftp_server *s, uint64_t now_ms)
{
	return s ? ev_sessions_next_timeout(s->list, now_ms, 60000) : -1;
}

void tftp_server_close(struct tftp_server *s)
{
	if (!s)
		return;
	for (struct ev_session *sess = s->list; sess; sess = sess->next) {
		struct transfer *t = (struct transfer *)sess;
		tftp_xfer_abort(&t->x, TFTP_ERR_UNDEFINED, "server shutting down");
		transfer_finish(t);
	}
	tftp_server_tick(s, ev_now_ms());
	ev_del(s->loop, s->sock);
	close(s->sock);
	if (s->sock6 >= 0) {
		ev_del(s->loop, s->sock6);
		close(s->sock6);
	}
	free(s->slots);
	free(s->slot_of);
	free(s);
}
