/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The PXE UDP calls of wireboot's own PXE API (loaders/pxe_api.h) on its netif: one socket
 * per local port the program uses (bound at its first UDP_WRITE or UDP_READ), datagrams
 * queued until UDP_READ takes them.
 */
#include "core/byteorder.h"
#include "core/string.h"
#include "loaders/pxe_api_calls.h"
#include "net/netif.h"

#define PXE_DEFAULT_UDP_PORT 2069 /* a UDP_WRITE with src_port 0 sends from here (iPXE too) */

/* A datagram for one of the program's ports: queued for UDP_READ (dropped when full). */
static void queue_datagram(struct udp_sock *s, const struct ip_addr *src, uint16_t src_port,
			   const struct ip_addr *dst, const uint8_t *data, size_t len)
{
	struct pxe_api *api = s->ctx;
	if (src->family != IP_ADDR_V4 || len > PXE_API_RX_MAX)
		return;
	for (int i = 0; i < PXE_API_RX_SLOTS; i++) {
		struct pxe_api_rx *r = &api->rx[i];
		if (r->len)
			continue;
		memcpy(r->data, data, len);
		r->len = (uint16_t)len;
		r->src_ip = src->v4;
		r->dst_ip = dst->family == IP_ADDR_V4 ? dst->v4 : 0;
		r->src_port = wb_htons(src_port);
		r->dst_port = wb_htons(s->local_port);
		return;
	}
}

/* The socket bound to local port `port_be` (network order), bound now if need be. */
static struct udp_sock *udp_port(struct pxe_api *api, uint16_t port_be)
{
	uint16_t port = wb_ntohs(port_be);
	struct udp_sock *free_sock = NULL;
	for (int i = 0; i < PXE_API_UDP_PORTS; i++) {
		struct udp_sock *s = &api->udp[i];
		if (s->nif && s->local_port == port)
			return s;
		if (!s->nif && !free_sock)
			free_sock = s;
	}
	if (!free_sock || !api->nif)
		return NULL;
	memset(free_sock, 0, sizeof(*free_sock));
	free_sock->rx = queue_datagram;
	free_sock->ctx = api;
	if (udp_open(free_sock, api->nif, port) < 0) {
		free_sock->nif = NULL;
		return NULL;
	}
	return free_sock;
}

void pxe_api_udp_close_all(struct pxe_api *api)
{
	for (int i = 0; i < PXE_API_UDP_PORTS; i++)
		if (api->udp[i].nif) {
			udp_close(&api->udp[i]);
			api->udp[i].nif = NULL;
		}
	for (int i = 0; i < PXE_API_RX_SLOTS; i++)
		api->rx[i].len = 0;
	api->udp_open = false;
}

/* The station address stays the one from the DHCP ACK (src_ip is not taken). */
int pxe_api_udp_open(struct pxe_api *api, void *params)
{
	(void)params;
	if (!api->nif)
		return PXENV_STATUS_FAILURE;
	api->udp_open = true;
	return PXENV_STATUS_SUCCESS;
}

int pxe_api_udp_close(struct pxe_api *api, void *params)
{
	(void)params;
	pxe_api_udp_close_all(api);
	return PXENV_STATUS_SUCCESS;
}

int pxe_api_udp_write(struct pxe_api *api, void *params)
{
	struct pxenv_udp_rw *p = params;
	if (!api->udp_open)
		return PXENV_STATUS_UDP_CLOSED;
	const uint8_t *data = pxe_api_farptr(&api->mem, p->buffer, p->buffer_size);
	if (!data)
		return PXENV_STATUS_BAD_FUNC;
	struct udp_sock *s = udp_port(api, p->port ? p->port : wb_htons(PXE_DEFAULT_UDP_PORT));
	if (!s)
		return PXENV_STATUS_OUT_OF_RESOURCES;
	struct ip_addr dst = ip_addr_v4(p->ip);
	return udp_sendto(s, &dst, wb_ntohs(p->port2), data, p->buffer_size) < 0 ? PXENV_STATUS_FAILURE
										   : PXENV_STATUS_SUCCESS;
}

/* The oldest queued datagram `p` accepts (its d_port / dest_ip when set), or NULL. */
static struct pxe_api_rx *rx_match(struct pxe_api *api, const struct pxenv_udp_rw *p)
{
	for (int i = 0; i < PXE_API_RX_SLOTS; i++) {
		struct pxe_api_rx *r = &api->rx[i];
		if (r->len && (!p->port2 || p->port2 == r->dst_port) && (!p->ip2 || p->ip2 == r->dst_ip))
			return r;
	}
	return NULL;
}

int pxe_api_udp_read(struct pxe_api *api, void *params)
{
	struct pxenv_udp_rw *p = params;
	if (!api->udp_open)
		return PXENV_STATUS_UDP_CLOSED;
	if (p->port2 && !udp_port(api, p->port2))
		return PXENV_STATUS_OUT_OF_RESOURCES;
	struct pxe_api_rx *r = rx_match(api, p);
	if (!r && api->nif) {
		net_poll(api->nif);
		r = rx_match(api, p);
	}
	if (!r)
		return PXENV_STATUS_FAILURE; /* nothing yet: the program polls again */
	uint8_t *dst = pxe_api_farptr(&api->mem, p->buffer, r->len);
	if (!dst || p->buffer_size < r->len)
		return PXENV_STATUS_BAD_FUNC; /* kept queued: a larger buffer may take it */
	memcpy(dst, r->data, r->len);
	p->buffer_size = r->len;
	p->ip = r->src_ip;
	p->ip2 = r->dst_ip;
	p->port = r->src_port;
	p->port2 = r->dst_port;
	r->len = 0;
	return PXENV_STATUS_SUCCESS;
}

