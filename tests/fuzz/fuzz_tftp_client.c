// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * net/tftp_client in an active transfer: the client sends its RRQ and then receives
 * whatever the input says the server answers (OACK, DATA, ERROR, garbage, from the server's
 * port, another port, or port 69), through the whole stack (Ethernet, IPv4, UDP).  The
 * destination is allocated with its exact size, so a byte written past it is an ASan report.
 *
 * Input: 4 bytes of request settings (blksize, windowsize, flags), then records (see
 * tests/fuzz/fuzz_peer.h) of one source-port selector byte and a TFTP payload.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/byteorder.h"
#include "core/errors.h"
#include "net/netif.h"
#include "net/tftp_client.h"
#include "tests/fuzz/fuzz_peer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define DEST_LIMIT (1u << 20)

static const uint16_t source_ports[4] = { 3456, 3456, 3457, TFTP_PORT };

static uint8_t wrap_udp(const uint8_t *rec, size_t len, uint8_t *out, size_t *out_len)
{
	uint16_t sport = len ? source_ports[rec[0] & 3] : 3456;
	const uint8_t *payload = len ? rec + 1 : rec;
	size_t plen = len ? len - 1 : 0;
	if (plen > ETH_FRAME_MAX - 34 - 8)
		plen = ETH_FRAME_MAX - 34 - 8;
	put_be16(out, sport);
	put_be16(out + 2, peer.client_port);
	put_be16(out + 4, (uint16_t)(8 + plen));
	put_be16(out + 6, 0);
	memcpy(out + 8, payload, plen);
	uint16_t sum = peer_l4_checksum(out, 8 + plen, 17);
	put_be16(out + 6, sum ? sum : 0xffff);
	*out_len = 8 + plen;
	return 17;
}

struct exact {
	uint8_t *buf;
	size_t size;
};

/* Exact-size buffers from malloc; refuses more than DEST_LIMIT. */
static uint8_t *exact_reserve(void *ctx, uint8_t *old, size_t used, size_t size, bool exact,
			      size_t *cap)
{
	struct exact *d = ctx;
	(void)exact;
	if (size > DEST_LIMIT || used > size)
		return NULL;
	uint8_t *p = malloc(size ? size : 1);
	if (!p)
		return NULL;
	if (old)
		memcpy(p, old, used);
	free(old);
	d->buf = p;
	d->size = size;
	*cap = size;
	return p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct netdev dev = { .name = "fuzz0", .mac = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 },
				     .mtu = 1500, .transmit = peer_transmit, .receive = peer_receive };
	static struct netif nif;
	static struct tftp_result res;
	struct exact dest = { 0 };

	if (size < 4)
		return 0;
	struct tftp_request req = {
		.server = {.family = IP_ADDR_V4, .v4 = PEER_IP},
		.filename = "pxelinux.cfg/default",
		.blksize = (uint32_t)get_be16(data) % 1500,       /* 0 (MTU) .. 1499 */
		.windowsize = data[2],                             /* 0 (default) .. 255 */
		.no_options = data[3] & 1,
		.show_progress = false,
		.dest = { exact_reserve, &dest },
	};
	fake_time_us = 1000000;
	peer_start(data + 4, size - 4, wrap_udp, 20);
	netif_init(&nif, &dev);
	netif_configure(&nif, CLIENT_IP, 0x00ffffff, 0);

	int err = tftp_fetch(&nif, &req, &res);
	if (res.data != dest.buf || res.len > dest.size)
		abort(); /* the result must describe the caller's own buffer */
	if (err == 0 && res.size_known && res.len != dest.size)
		abort(); /* tsize and the data received must agree */
	free(dest.buf);
	netif_shutdown(&nif);
	return 0;
}
