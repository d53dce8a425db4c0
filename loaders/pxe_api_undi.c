/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The UNDI calls of wireboot's own PXE API (loaders/pxe_api.h): the program drives wireboot's
 * NIC frame by frame (iPXE's undionly.kpxe, lpxelinux.0).  Polling only: no interrupt is
 * ever raised (GET_INFORMATION reports IntNumber 0, GET_IFACE_INFO no IRQ support).
 */
#include "core/byteorder.h"
#include "core/string.h"
#include "loaders/pxe_api_calls.h"
#include "net/ethernet.h"
#include "net/netif.h"

#define ETH_P_RARP 0x8035
#define PKT_DIRECTED 0
#define PKT_BROADCAST 1
#define PKT_MULTICAST 2

static const uint16_t ethertypes[] = { [P_IP] = ETH_P_IPV4, [P_ARP] = ETH_P_ARP, [P_RARP] = ETH_P_RARP };

int pxe_api_undi_get_information(struct pxe_api *api, void *params)
{
	struct pxenv_undi_get_information *p = params;
	if (!api->nif)
		return PXENV_STATUS_FAILURE;
	memset((uint8_t *)p + 2, 0, sizeof(*p) - 2);
	p->max_tran_unit = 1500;
	p->hw_type = 1; /* Ethernet */
	p->hw_addr_len = ETH_ALEN;
	memcpy(p->current_node_address, api->nif->dev->mac, ETH_ALEN);
	memcpy(p->permanent_node_address, api->nif->dev->mac, ETH_ALEN);
	p->rx_buf_ct = 1;
	p->tx_buf_ct = 1;
	return PXENV_STATUS_SUCCESS;
}

int pxe_api_undi_get_iface_info(struct pxe_api *api, void *params)
{
	struct pxenv_undi_get_iface_info *p = params;
	(void)api;
	memset((uint8_t *)p + 2, 0, sizeof(*p) - 2);
	memcpy(p->iface_type, "DIX+802.3", 10);
	p->link_speed = 1000000000u;
	p->service_flags = 0x0001 | 0x0800; /* broadcast, open/close; no interrupts */
	return PXENV_STATUS_SUCCESS;
}

/* Append `len` bytes from the program's seg:off `ptr`. */
static int append(struct pxe_api *api, uint8_t *frame, size_t *at, uint32_t ptr, uint16_t len)
{
	const uint8_t *src = pxe_api_farptr(&api->mem, ptr, len);
	if (!src || len > PXE_API_FRAME_MAX - *at)
		return -1;
	memcpy(frame + *at, src, len);
	*at += len;
	return 0;
}

int pxe_api_undi_transmit(struct pxe_api *api, void *params)
{
	struct pxenv_undi_transmit *p = params;
	uint8_t frame[PXE_API_FRAME_MAX];
	size_t len = 0;
	if (!api->nif || p->protocol > P_RARP || p->xmit_flag > XMT_BROADCAST)
		return PXENV_STATUS_UNDI_INVALID_PARAMETER;
	const struct pxenv_undi_tbd *tbd = pxe_api_farptr(&api->mem, p->tbd, sizeof(*tbd));
	if (!tbd || tbd->data_blk_count > PXE_TBD_BLOCKS)
		return PXENV_STATUS_UNDI_INVALID_PARAMETER;
	if (p->protocol != P_UNKNOWN) {
		if (p->xmit_flag == XMT_BROADCAST) {
			memset(frame, 0xFF, ETH_ALEN);
		} else {
			const uint8_t *dest = pxe_api_farptr(&api->mem, p->dest_addr, ETH_ALEN);
			if (!dest)
				return PXENV_STATUS_UNDI_INVALID_PARAMETER;
			memcpy(frame, dest, ETH_ALEN);
		}
		memcpy(frame + ETH_ALEN, api->nif->dev->mac, ETH_ALEN);
		uint16_t type = wb_htons(ethertypes[p->protocol]);
		memcpy(frame + 2 * ETH_ALEN, &type, 2);
		len = ETH_HLEN;
	}
	if (append(api, frame, &len, tbd->xmit, tbd->immed_length) < 0)
		return PXENV_STATUS_UNDI_INVALID_PARAMETER;
	for (unsigned i = 0; i < tbd->data_blk_count; i++)
		if (tbd->block[i].ptr_type != 0 ||
		    append(api, frame, &len, tbd->block[i].ptr, tbd->block[i].len) < 0)
			return PXENV_STATUS_UNDI_INVALID_PARAMETER;
	if (len < ETH_HLEN)
		return PXENV_STATUS_UNDI_INVALID_PARAMETER;
	if (len < ETH_ZLEN) {
		memset(frame + len, 0, ETH_ZLEN - len);
		len = ETH_ZLEN;
	}
	struct netdev *dev = api->nif->dev;
	return dev->transmit(dev, frame, len) < 0 ? PXENV_STATUS_FAILURE : PXENV_STATUS_SUCCESS;
}

/* Receive one frame into api->frame (when none waits there yet); its length or 0. */
static uint16_t take_frame(struct pxe_api *api)
{
	if (!api->frame_len && api->nif && api->frame) {
		struct netdev *dev = api->nif->dev;
		int n = dev->receive(dev, api->frame, PXE_API_FRAME_MAX);
		if (n >= ETH_HLEN && n <= PXE_API_FRAME_MAX)
			api->frame_len = (uint16_t)n;
	}
	return api->frame_len;
}

int pxe_api_undi_isr(struct pxe_api *api, void *params)
{
	struct pxenv_undi_isr *p = params;
	if (p->func_flag == PXENV_UNDI_ISR_IN_START) {
		p->func_flag = take_frame(api) ? PXENV_UNDI_ISR_OUT_OURS : PXENV_UNDI_ISR_OUT_NOT_OURS;
		return PXENV_STATUS_SUCCESS;
	}
	if (p->func_flag != PXENV_UNDI_ISR_IN_PROCESS && p->func_flag != PXENV_UNDI_ISR_IN_GET_NEXT)
		return PXENV_STATUS_UNDI_INVALID_PARAMETER;
	uint16_t len = take_frame(api);
	if (!len) {
		p->func_flag = PXENV_UNDI_ISR_OUT_DONE;
		return PXENV_STATUS_SUCCESS;
	}
	/* Handed out: valid until the next call, which may overwrite it. */
	api->frame_len = 0;
	const uint8_t *f = api->frame;
	uint16_t type = (uint16_t)(f[12] << 8 | f[13]);
	uint32_t linear = (uint32_t)(f - api->mem.base);
	p->func_flag = PXENV_UNDI_ISR_OUT_RECEIVE;
	p->buffer_length = len;
	p->frame_length = len;
	p->frame_header_length = ETH_HLEN;
	p->frame = (linear >> 4) << 16 | (linear & 0xF);
	p->prot_type = type == ETH_P_IPV4 ? P_IP : type == ETH_P_ARP ? P_ARP : type == ETH_P_RARP ? P_RARP
													: P_OTHER;
	p->pkt_type = !memcmp(f, "\xff\xff\xff\xff\xff\xff", ETH_ALEN) ? PKT_BROADCAST
		      : (f[0] & 1)				       ? PKT_MULTICAST
								       : PKT_DIRECTED;
	return PXENV_STATUS_SUCCESS;
}
