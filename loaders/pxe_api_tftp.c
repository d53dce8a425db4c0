/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The PXE TFTP calls of wireboot's own PXE API (loaders/pxe_api.h): one file at a time,
 * read in lock-step (RFC 1350) with the blksize and tsize options (RFC 2347-2349), on one
 * UDP socket of wireboot's netif.  TFTP_OPEN sends the read request and waits for the
 * server's first answer; each TFTP_READ hands out the next DATA block and ACKs it;
 * TFTP_READ_FILE reads a whole file the same way; TFTP_GET_FSIZE asks for tsize alone and
 * ends the transfer at the OACK.  Every wait polls the NIC, sending the last request or ACK
 * again once per PXE_TFTP_WAIT_MS, PXE_TFTP_TRIES times.
 */
#include "core/byteorder.h"
#include "core/string.h"
#include "core/time.h"
#include "loaders/pxe_api_calls.h"
#include "net/netif.h"
#include "net/tftp_packet.h"

#define PXE_TFTP_WAIT_MS 1000
#define PXE_TFTP_TRIES 4
#define PXE_TFTP_RRQ_MAX (PXE_TFTP_NAME_MAX + 48) /* name, "octet" and two options */

/* A datagram from the server, kept until the call that waits for it takes it. */
static void tftp_rx(struct udp_sock *s, const struct ip_addr *src, uint16_t src_port,
		    const struct ip_addr *dst, const uint8_t *data, size_t len)
{
	struct pxe_api_tftp *t = s->ctx;
	(void)src;
	(void)dst;
	if (t->rx_len || !len || len > sizeof(t->rx))
		return;
	if (!s->peer_port) /* the server's transfer ID, from its first answer on */
		s->peer_port = src_port;
	memcpy(t->rx, data, len);
	t->rx_len = (uint16_t)len;
}

static int tftp_send(struct pxe_api_tftp *t, const void *pkt, int len)
{
	uint16_t port = t->sock.peer_port ? t->sock.peer_port : t->request_port;
	return len < 0 ? len : udp_sendto(&t->sock, &t->sock.peer, port, pkt, (size_t)len);
}

/* Wait for the server's next datagram, sending `again` after each silent PXE_TFTP_WAIT_MS. */
static bool tftp_wait(struct pxe_api *api, const void *again, int again_len)
{
	struct pxe_api_tftp *t = &api->tftp;
	for (int i = 0; i < PXE_TFTP_TRIES; i++) {
		uint64_t deadline = time_now_us() + PXE_TFTP_WAIT_MS * 1000ull;
		while (!t->rx_len && !time_after_us(time_now_us(), deadline))
			net_poll(api->nif);
		if (t->rx_len)
			return true;
		tftp_send(t, again, again_len);
	}
	return false;
}

/* Give the socket up; a transfer not at its end is ended for the server with ERROR 0. */
static void tftp_end(struct pxe_api_tftp *t)
{
	if (!t->sock.nif)
		return;
	if (!t->last && t->sock.peer_port) {
		uint8_t err[32];
		tftp_send(t, err, tftp_build_error(err, sizeof(err), TFTP_ERR_UNDEFINED, "closed"));
	}
	udp_close(&t->sock);
	memset(t, 0, sizeof(*t));
}

/* The PXE status for a TFTP ERROR packet. */
static int tftp_error_status(const struct tftp_packet *pkt)
{
	if (pkt->error_code == TFTP_ERR_NOT_FOUND)
		return PXENV_STATUS_TFTP_FILE_NOT_FOUND;
	return pkt->error_code == TFTP_ERR_ACCESS ? PXENV_STATUS_TFTP_ACCESS_VIOLATION
						 : PXENV_STATUS_FAILURE;
}

/*
 * Open `name` (NUL-terminated inside the caller's PXE_TFTP_NAME_MAX bytes) on server_ip
 * (network order) at port_be (network order, 0 = 69), asking for blocks of up to `blksize`
 * bytes (and the size when `tsize`).  On success the file is open: t->blksize is what the
 * server agreed to, and after a plain RFC 1350 answer DATA 1 waits in t->rx.
 */
static int tftp_start(struct pxe_api *api, uint32_t server_ip, uint16_t port_be,
		      const char *name, uint32_t blksize, bool tsize)
{
	struct pxe_api_tftp *t = &api->tftp;
	if (!api->nif)
		return PXENV_STATUS_FAILURE;
	if (t->sock.nif)
		return PXENV_STATUS_TFTP_OPEN;
	if (!memchr(name, 0, PXE_TFTP_NAME_MAX) || !name[0])
		return PXENV_STATUS_BAD_FUNC;
	size_t max = udp_max_payload(api->nif, IP_ADDR_V4) - 4;
	if (max > sizeof(t->rx) - 4)
		max = sizeof(t->rx) - 4;
	if (blksize > max)
		blksize = (uint32_t)max;
	struct tftp_options opts = { .blksize = blksize > TFTP_DEFAULT_BLKSIZE ? blksize : 0,
				     .has_tsize = tsize };
	uint8_t rrq[PXE_TFTP_RRQ_MAX];
	int len = tftp_build_rrq(rrq, sizeof(rrq), name, &opts);
	t->sock.rx = tftp_rx;
	t->sock.ctx = t;
	t->sock.peer = ip_addr_v4(server_ip);
	t->request_port = port_be ? wb_ntohs(port_be) : TFTP_PORT;
	if (len < 0 || udp_open(&t->sock, api->nif, 0) < 0) {
		memset(t, 0, sizeof(*t));
		return PXENV_STATUS_FAILURE;
	}
	if (tftp_send(t, rrq, len) < 0 || !tftp_wait(api, rrq, len)) {
		tftp_end(t);
		return PXENV_STATUS_TFTP_OPEN_TIMEOUT;
	}
	struct tftp_packet pkt;
	int status = PXENV_STATUS_SUCCESS;
	if (tftp_parse(t->rx, t->rx_len, &pkt) < 0) {
		status = PXENV_STATUS_FAILURE;
	} else if (pkt.opcode == TFTP_ERROR) {
		t->last = true; /* nothing to end on the server's side */
		status = tftp_error_status(&pkt);
	} else if (pkt.opcode == TFTP_OACK) {
		t->blksize = pkt.opts.blksize ? pkt.opts.blksize : TFTP_DEFAULT_BLKSIZE;
		t->tsize = (uint32_t)pkt.opts.tsize;
		t->has_tsize = pkt.opts.has_tsize && pkt.opts.tsize <= UINT32_MAX;
		t->rx_len = 0;
		if (t->blksize > max || t->blksize < TFTP_MIN_BLKSIZE)
			status = PXENV_STATUS_FAILURE; /* not what was asked for */
	} else if (pkt.opcode == TFTP_DATA) {
		t->blksize = TFTP_DEFAULT_BLKSIZE; /* the server ignored the options */
	} else {
		status = PXENV_STATUS_FAILURE;
	}
	if (status)
		tftp_end(t);
	return status;
}

/* Wait for the DATA block after t->block; *pkt points into t->rx until tftp_take(). */
static int tftp_next(struct pxe_api *api, struct tftp_packet *pkt)
{
	struct pxe_api_tftp *t = &api->tftp;
	if (!t->sock.nif)
		return PXENV_STATUS_TFTP_CLOSED;
	if (t->last)
		return PXENV_STATUS_FAILURE; /* the file has ended: TFTP_CLOSE is next */
	uint8_t ack[4];
	int ack_len = tftp_build_ack(ack, sizeof(ack), t->block);
	for (int left = PXE_TFTP_TRIES * 4; left > 0; left--) {
		if (!tftp_wait(api, ack, ack_len))
			break;
		if (tftp_parse(t->rx, t->rx_len, pkt) == 0) {
			if (pkt->opcode == TFTP_DATA && pkt->block == (uint16_t)(t->block + 1)) {
				return pkt->data_len > t->blksize ? PXENV_STATUS_FAILURE
								  : PXENV_STATUS_SUCCESS;
			}
			if (pkt->opcode == TFTP_ERROR) {
				t->last = true;
				return tftp_error_status(pkt);
			}
			/* A repeated OACK or DATA block: our ACK was lost, say it again. */
			if (pkt->opcode == TFTP_OACK || pkt->opcode == TFTP_DATA)
				tftp_send(t, ack, ack_len);
		}
		t->rx_len = 0;
	}
	return PXENV_STATUS_TFTP_READ_TIMEOUT;
}

/* After TFTP_OPEN's answer: an OACK (nothing waiting in t->rx) is accepted with ACK 0. */
static void tftp_accept(struct pxe_api_tftp *t)
{
	uint8_t ack[4];
	if (!t->rx_len)
		tftp_send(t, ack, tftp_build_ack(ack, sizeof(ack), 0));
}

/* The block tftp_next() returned is the caller's: ACK it, and note the end of the file. */
static void tftp_take(struct pxe_api_tftp *t, size_t data_len)
{
	uint8_t ack[4];
	t->block++;
	t->last = data_len < t->blksize;
	t->rx_len = 0;
	tftp_send(t, ack, tftp_build_ack(ack, sizeof(ack), t->block));
}

int pxe_api_tftp_open(struct pxe_api *api, void *params)
{
	struct pxenv_tftp_open *p = params;
	int status = tftp_start(api, p->server_ip, p->port, p->file_name, p->packet_size, false);
	if (status)
		return status;
	tftp_accept(&api->tftp);
	p->packet_size = (uint16_t)api->tftp.blksize;
	return PXENV_STATUS_SUCCESS;
}

int pxe_api_tftp_read(struct pxe_api *api, void *params)
{
	struct pxenv_tftp_read *p = params;
	struct tftp_packet pkt;
	int status = tftp_next(api, &pkt);
	if (status)
		return status;
	uint8_t *dst = pxe_api_farptr(&api->mem, p->buffer, (uint32_t)pkt.data_len);
	if (!dst)
		return PXENV_STATUS_BAD_FUNC; /* the block stays: a good buffer may take it */
	memcpy(dst, pkt.data, pkt.data_len);
	tftp_take(&api->tftp, pkt.data_len);
	p->packet_number = api->tftp.block;
	p->buffer_size = (uint16_t)pkt.data_len;
	return PXENV_STATUS_SUCCESS;
}

int pxe_api_tftp_close(struct pxe_api *api, void *params)
{
	(void)params;
	tftp_end(&api->tftp);
	return PXENV_STATUS_SUCCESS;
}

int pxe_api_tftp_get_fsize(struct pxe_api *api, void *params)
{
	struct pxenv_tftp_get_fsize *p = params;
	int status = tftp_start(api, p->server_ip, 0, p->file_name, 0, true);
	if (status)
		return status;
	status = api->tftp.has_tsize ? PXENV_STATUS_SUCCESS : PXENV_STATUS_TFTP_NO_FILESIZE;
	p->file_size = api->tftp.tsize;
	tftp_end(&api->tftp);
	return status;
}

/* The whole file into the caller's buffer (linear address), the largest blocks first. */
int pxe_api_tftp_read_file(struct pxe_api *api, void *params)
{
	struct pxenv_tftp_read_file *p = params;
	uint8_t *dst = pxe_api_ptr(&api->mem, p->buffer, p->buffer_size);
	if (!dst)
		return PXENV_STATUS_BAD_FUNC;
	int status = tftp_start(api, p->server_ip, p->srv_port, p->file_name, PXE_API_RX_MAX, false);
	if (status)
		return status;
	tftp_accept(&api->tftp);
	uint32_t off = 0;
	struct tftp_packet pkt;
	while (!api->tftp.last && !(status = tftp_next(api, &pkt))) {
		if (pkt.data_len > p->buffer_size - off) {
			status = PXENV_STATUS_OUT_OF_RESOURCES;
			break;
		}
		memcpy(dst + off, pkt.data, pkt.data_len);
		off += (uint32_t)pkt.data_len;
		tftp_take(&api->tftp, pkt.data_len);
	}
	tftp_end(&api->tftp);
	p->buffer_size = off;
	return status;
}
