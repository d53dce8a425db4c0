/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * wireboot-server --https-port N --cert C --key K: the HTTP server's tree over TLS (OpenSSL).
 * Each accepted connection gets a thread that runs the TLS side (handshake, records) and
 * relays the plain bytes over a socketpair whose other end the HTTP server adopts
 * (http_server_adopt()), so both ports serve exactly the same files, ranges and logs.
 */
#ifndef WB_SERVER_HTTPS_SERVER_H
#define WB_SERVER_HTTPS_SERVER_H

#include <stdint.h>

#include "server/event_loop.h"
#include "server/http_server.h"

#define HTTPS_HANDSHAKE_MS 20000

struct https_server_config {
	uint16_t port;
	const char *interface;  /* SO_BINDTODEVICE, or NULL */
	const char *cert, *key; /* PEM files (the certificate may be followed by its chain) */
};

struct https_server;

/* Load the certificate and key (before privileges are dropped) and listen: 0, or a negative
 * WB_E* with a message in err (which file, what OpenSSL said). */
int https_server_open(struct https_server **out, const struct https_server_config *cfg,
		      struct event_loop *loop, struct http_server *http, char *err, unsigned cap);
void https_server_close(struct https_server *s);

#endif
