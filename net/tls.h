/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * TLS between net/tcp.c and the HTTP client (https://), with BearSSL (bearssl/module.mk).
 * tls_handshake() takes over an established connection's receive callback: records go through
 * BearSSL and the application data reaches the callback and context the caller had set, so
 * the HTTP code reads a TLS connection exactly like a plain one.
 *
 * The server's chain must lead to a trust anchor chosen at build time (`make TRUST=ca.pem`,
 * net/tls_trust.h), name the host of the URL, and be valid at the platform's wall clock
 * (platform_wall_clock(); see docs/https-and-signatures.md for a wrong clock).  Errors are
 * written as sentences a user can act on: the issuer not trusted, the two names, the dates
 * and the clock, the alert.
 *
 * Images without TLS (the BIOS ones: 64 KiB) link net/tls_absent.c instead, whose
 * tls_prepare() says which image to use.
 */
#ifndef WB_NET_TLS_H
#define WB_NET_TLS_H

#include <stddef.h>

struct tcp_conn;
struct tls_session;

#define TLS_HANDSHAKE_TIMEOUT_MS 30000

/*
 * A session for server_name (sent as SNI and checked against the certificate), before any
 * connection: 0 and *out, or a negative WB_E* with a sentence in err (kept for the session's
 * later failures too): WB_ENOTRUST (no anchors built in), WB_ENOTSUP (no TLS in this image),
 * WB_ENOMEM.
 */
int tls_prepare(struct tls_session **out, const char *server_name, char *err, size_t err_cap);

/*
 * Run the handshake on c (established, c->rx and c->ctx set).  0, or a negative WB_E* with
 * the sentence in err: WB_ECERT (certificate refused: unknown CA, name, dates), WB_ETLS
 * (handshake failed, the alert), WB_ETIMEDOUT, or a TCP error.
 */
int tls_handshake(struct tls_session *s, struct tcp_conn *c);

/* Send application data (blocks until BearSSL took all of it and the records are queued). */
int tls_send(struct tls_session *s, const void *data, size_t len);

/* tcp_poll() plus the TLS work: records in, application data to the callback, records out.
 * Returns the connection's error (0 while healthy); a failure also fills the err given to
 * tls_prepare(). */
int tls_poll(struct tls_session *s);

/* Send close_notify (after a handshake), give the connection its callback back and free the
 * session (NULL is fine).  The caller then closes the TCP connection. */
void tls_close(struct tls_session *s);

#endif
