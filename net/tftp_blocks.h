/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Block sizes for lock-step TFTP servers (tftpd-hpa, dnsmasq: no windowsize, one block per
 * round trip).  Against them the round trips are the cost, so once a server has shown that
 * it is lock-step (an OACK without the windowsize we asked for), later requests to it ask
 * for TFTP_BIG_BLKSIZE: blocks larger than the MTU, carried in IP fragments that net/ipv4.c
 * reassembles (RFC 2348 allows up to 65464; tftpd-hpa grants it, dnsmasq caps at its MTU).
 * A server that grants less than a fragmented block, or a link that keeps losing fragments
 * (net/tftp_client.c falls back), is remembered as "MTU-sized blocks only".  Remembered per
 * (netif, server address), TFTP_BLOCK_HINTS of them, the oldest replaced.
 */
#ifndef WB_NET_TFTP_BLOCKS_H
#define WB_NET_TFTP_BLOCKS_H

#include <stdbool.h>
#include <stdint.h>

#include "net/ip_addr.h"

struct netif;

#define TFTP_BIG_BLKSIZE 65464u
#define TFTP_BLOCK_HINTS 4
/* A lock-step file at least this large is started over at once with big blocks. */
#define TFTP_BIG_RESTART_MIN_BYTES (1024u * 1024u)
/* Big blocks are given up after this many timeouts, when they also hit more than one block
 * in TFTP_BIG_GIVE_UP_RATIO. */
#define TFTP_BIG_GIVE_UP_TIMEOUTS 3
#define TFTP_BIG_GIVE_UP_RATIO 8

enum tftp_block_hint { TFTP_BLOCKS_UNKNOWN, TFTP_BLOCKS_BIG, TFTP_BLOCKS_MTU };

/* What is known about `server` on `nif`. */
enum tftp_block_hint tftp_block_hint(const struct netif *nif, const struct ip_addr *server);
/* Learn it (TFTP_BLOCKS_MTU is never turned back into TFTP_BLOCKS_BIG). */
void tftp_block_hint_set(const struct netif *nif, const struct ip_addr *server,
			 enum tftp_block_hint hint);
/* Forget everything about `nif` (a new link; tests). */
void tftp_block_hints_forget(const struct netif *nif);

#endif
