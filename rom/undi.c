// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * netdev over PXE UNDI.  Transmit: the Ethernet header is stripped for IP/ARP/RARP and the
 * UNDI builds its own (Protocol P_IP... with DestAddr), because some PXE stacks cannot send
 * P_UNKNOWN frames; other EtherTypes go out as P_UNKNOWN with our header.  Receive: polled
 * UNDI_ISR PROCESS, then GET_NEXT until DONE, as iPXE's own UNDI driver does (it treats every
 * poll as an interrupt): no START, which would cost one more real-mode round trip per poll
 * (~0.3 ms under QEMU's TCG) and only tells whether the NIC raised an interrupt.  One frame
 * is returned per receive() call and the sequence resumes with GET_NEXT on the next call.
 * Frames are copied through buffers in base memory.
 */
#include "rom/undi.h"

#include <stdbool.h>

#include "core/errors.h"
#include "core/printf.h"
#include "core/string.h"
#include "loaders/pxe_types.h"
#include "net/netdev.h"
#include "rom/pxe.h"

#define ETH_HLEN 14
#define ETH_ZLEN 60
#define FLTR_DIRECTED 0x01
#define FLTR_BRDCST 0x02
#define TX_RETRIES 100

struct undi_open_params {
	uint16_t status, open_flag, pkt_filter, mcast_count;
	uint8_t mcast_addr[8][16];
} __attribute__((packed));

_Static_assert(sizeof(struct undi_open_params) == 0x88, "UNDI_OPEN block size");

/* Base-memory state: everything the UNDI reads or writes lives here (.bss < 1 MiB). */
static struct {
	struct pxenv_undi_transmit tx;
	struct pxenv_undi_tbd tbd;
	uint8_t dest[ETH_ALEN];
	uint8_t frame[ETH_FRAME_MAX];
	struct pxenv_undi_isr isr;
} lowmem;

static struct netdev undi_dev;
static bool isr_open; /* an ISR sequence is running: continue it with GET_NEXT */

static int undi_transmit(struct netdev *dev, const void *frame, size_t len)
{
	(void)dev;
	const uint8_t *f = frame;
	if (len < ETH_HLEN || len > ETH_FRAME_MAX)
		return -WB_EINVAL;
	uint16_t type = (uint16_t)(f[12] << 8 | f[13]);
	uint8_t protocol = type == 0x0800 ? P_IP : type == 0x0806 ? P_ARP : type == 0x8035 ? P_RARP : P_UNKNOWN;
	size_t skip = protocol == P_UNKNOWN ? 0 : ETH_HLEN;
	size_t n = len - skip;
	memcpy(lowmem.frame, f + skip, n);
	if (protocol == P_UNKNOWN && n < ETH_ZLEN) {
		memset(lowmem.frame + n, 0, ETH_ZLEN - n);
		n = ETH_ZLEN;
	}
	memcpy(lowmem.dest, f, ETH_ALEN);
	static const uint8_t bcast[ETH_ALEN] = { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };
	for (int tries = 0;; tries++) {
		memset(&lowmem.tx, 0, sizeof(lowmem.tx));
		memset(&lowmem.tbd, 0, sizeof(lowmem.tbd));
		lowmem.tbd.immed_length = (uint16_t)n;
		lowmem.tbd.xmit = segoff_of(lowmem.frame);
		lowmem.tx.protocol = protocol;
		lowmem.tx.xmit_flag = memcmp(f, bcast, ETH_ALEN) ? XMT_DESTADDR : XMT_BROADCAST;
		lowmem.tx.dest_addr = segoff_of(lowmem.dest);
		lowmem.tx.tbd = segoff_of(&lowmem.tbd);
		int st = pxe_call(PXENV_UNDI_TRANSMIT, &lowmem.tx);
		if (!st)
			return 0;
		/* Out of transmit buffers: the stack frees them as we poll it. */
		if (st != PXENV_STATUS_OUT_OF_RESOURCES || tries == TX_RETRIES)
			return -WB_EIO;
	}
}

/* One UNDI_ISR call with func; the result is in lowmem.isr. */
static int isr_call(uint16_t func)
{
	memset(&lowmem.isr, 0, sizeof(lowmem.isr));
	lowmem.isr.func_flag = func;
	return pxe_call(PXENV_UNDI_ISR, &lowmem.isr) ? -WB_EIO : 0;
}

static int undi_receive(struct netdev *dev, void *buf, size_t cap)
{
	(void)dev;
	size_t got = 0, total = 0;
	if (isr_call(isr_open ? PXENV_UNDI_ISR_IN_GET_NEXT : PXENV_UNDI_ISR_IN_PROCESS)) {
		isr_open = false;
		return -WB_EIO;
	}
	isr_open = true;
	for (;;) {
		struct pxenv_undi_isr *isr = &lowmem.isr;
		switch (isr->func_flag) {
		case PXENV_UNDI_ISR_OUT_TRANSMIT:
			break; /* a transmit completed: nothing to do */
		case PXENV_UNDI_ISR_OUT_RECEIVE: {
			size_t frag = isr->buffer_length;
			if (!got)
				total = isr->frame_length;
			if (!total || frag > total - got) {
				got = total = 0; /* an insane fragment: drop the frame */
				break;
			}
			if (got + frag <= cap)
				memcpy((uint8_t *)buf + got, segoff_ptr(isr->frame), frag);
			got += frag;
			if (got == total) {
				/* Frames larger than the caller's buffer are dropped. */
				return got <= cap ? (int)got : 0;
			}
			break;
		}
		default: /* DONE, BUSY, or something invalid: the sequence is over */
			isr_open = false;
			return 0;
		}
		if (isr_call(PXENV_UNDI_ISR_IN_GET_NEXT)) {
			isr_open = false;
			return -WB_EIO;
		}
	}
}

static void undi_close(struct netdev *dev)
{
	(void)dev;
	/* Drain a running ISR sequence first, as the stack expects. */
	while (isr_open) {
		if (isr_call(PXENV_UNDI_ISR_IN_GET_NEXT) ||
		    (lowmem.isr.func_flag != PXENV_UNDI_ISR_OUT_RECEIVE && lowmem.isr.func_flag != PXENV_UNDI_ISR_OUT_TRANSMIT))
			isr_open = false;
	}
	uint16_t status;
	int st = pxe_call(PXENV_UNDI_CLOSE, &status);
	if (st)
		wb_printf("UNDI: close failed with status %#04x\n", st);
}

struct netdev *undi_open(void)
{
	static struct pxenv_undi_get_information info;
	static struct undi_open_params op;
	int st = pxe_call(PXENV_UNDI_GET_INFORMATION, &info);
	if (st) {
		wb_printf("UNDI: GET_INFORMATION failed with status %#04x\n", st);
		return NULL;
	}
	if (info.hw_type != 1 || info.hw_addr_len != ETH_ALEN) {
		wb_printf("UNDI: not an Ethernet device (type %u, address length %u)\n",
			  info.hw_type, info.hw_addr_len);
		return NULL;
	}
	op.pkt_filter = FLTR_DIRECTED | FLTR_BRDCST;
	st = pxe_call(PXENV_UNDI_OPEN, &op);
	if (st) {
		wb_printf("UNDI: OPEN failed with status %#04x\n", st);
		return NULL;
	}
	undi_dev.name = "undi0";
	memcpy(undi_dev.mac, info.current_node_address, ETH_ALEN);
	undi_dev.mtu = (info.max_tran_unit >= 576 && info.max_tran_unit <= 1500) ? info.max_tran_unit : 1500;
	undi_dev.transmit = undi_transmit;
	undi_dev.receive = undi_receive;
	undi_dev.close = undi_close;
	return &undi_dev;
}
