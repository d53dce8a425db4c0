// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * net/tcp: a connection opened with tcp_connect(), then segments from the input, until the
 * input ends, the connection fails, or both sides have closed; finally tcp_close().
 *
 * Each record (see tests/fuzz/fuzz_peer.h) becomes one TCP segment from the server, with the
 * right ports and checksum: flags (1 byte), sequence number relative to what the client
 * expects next (4, signed; the raw ISN while connecting), acknowledgement number relative to
 * the client's oldest unacknowledged byte (4), window (2), option bytes count (1), then the
 * options and the payload.  So most segments land in or near the window, where the state
 * machine does its work, and any of them can be hostile.  Every input runs twice: over IPv4,
 * then over IPv6 (the IPv6 pseudo header, MSS and receive path).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/byteorder.h"
#include "core/errors.h"
#include "net/ipv6.h"
#include "net/ndp.h"
#include "net/netif.h"
#include "net/tcp.h"
#include "tests/fuzz/fuzz_peer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct tcp_conn conn;
static size_t received;

static uint8_t wrap_tcp(const uint8_t *rec, size_t len, uint8_t *out, size_t *out_len)
{
	uint8_t hdr[12] = { 0 };
	memcpy(hdr, rec, len < sizeof(hdr) ? len : sizeof(hdr));
	rec += len < sizeof(hdr) ? len : sizeof(hdr);
	len -= len < sizeof(hdr) ? len : sizeof(hdr);
	size_t optlen = (size_t)(hdr[11] & 0x3f) & ~(size_t)3; /* 0..60, whole words only */
	if (optlen > 40)
		optlen = 40;
	if (optlen > len)
		optlen = len & ~(size_t)3;
	size_t plen = len - optlen;
	if (plen > ETH_FRAME_MAX - 54 - 20 - optlen)
		plen = ETH_FRAME_MAX - 54 - 20 - optlen;

	uint32_t seq = get_be32(hdr + 1), ack = get_be32(hdr + 5);
	if (conn.state != TCP_SYN_SENT)
		seq += conn.rcv_nxt;
	ack += conn.snd_una;
	put_be16(out, 80);
	put_be16(out + 2, conn.local_port);
	put_be32(out + 4, seq);
	put_be32(out + 8, ack);
	out[12] = (uint8_t)(((20 + optlen) / 4) << 4);
	out[13] = hdr[0];
	put_be16(out + 14, get_be16(hdr + 9));
	put_be16(out + 16, 0);
	put_be16(out + 18, 0);
	memcpy(out + 20, rec, optlen + plen);
	put_be16(out + 16, peer_l4_checksum(out, 20 + optlen + plen, 6));
	*out_len = 20 + optlen + plen;
	return 6;
}

static int rx(struct tcp_conn *c, const uint8_t *d, size_t len)
{
	(void)c;
	if (len)
		received += d[0] + d[len - 1]; /* touch both ends */
	return 0;
}

/* One connection over IPv4 or IPv6, fed the input's segments. */
static void run(const uint8_t *data, size_t size, bool v6)
{
	static struct netdev dev = { .name = "fuzz0", .mac = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 },
				     .mtu = 1500, .transmit = peer_transmit, .receive = peer_receive };
	static struct netif nif;
	static const char request[] = "GET /vmlinuz HTTP/1.1\r\nHost: 10.0.0.1\r\n\r\n";

	fake_time_us = 1000000;
	netif_init(&nif, &dev);
	struct ip_addr server = ip_addr_v4(PEER_IP);
	if (v6) {
		peer_start_v6(data, size, wrap_tcp, 20);
		ipv6_enable(&nif);
		memcpy(nif.ip6.global, CLIENT_IP6, 16);
		nif.ip6.link_local[0] = 0xfe, nif.ip6.link_local[1] = 0x80, nif.ip6.link_local[15] = 0x32;
		nif.ip6.ll_state = nif.ip6.global_state = IPV6_ADDR_PREFERRED;
		memcpy(nif.ip6.prefix, CLIENT_IP6, 8);
		nif.ip6.prefix_len = 64;
		ndp_cache_update(&nif, PEER_IP6, peer_mac);
		server = ip_addr_v6(PEER_IP6);
	} else {
		peer_start(data, size, wrap_tcp, 20);
		netif_configure(&nif, CLIENT_IP, 0x00ffffff, 0);
	}
	memset(&conn, 0, sizeof(conn));
	conn.rx = rx;
	if (tcp_connect(&conn, &nif, &server, 80) == 0) {
		tcp_send(&conn, request, sizeof(request) - 1);
		while (peer_input_left() && tcp_poll(&conn) == 0 && conn.state != TCP_DONE &&
		       conn.state != TCP_CLOSED)
			;
	}
	if (conn.snd_len > TCP_SNDBUF || (conn.state != TCP_CLOSED && conn.mss > (v6 ? 1440 : 1460)))
		abort();
	tcp_close(&conn);
	netif_shutdown(&nif);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	run(data, size, false);
	run(data, size, true);
	return 0;
}
