/* SPDX-License-Identifier: GPL-2.0-or-later */
/* wireboot's own PXE API: checks, dispatch and the calls (loaders/pxe_api.h). */
#include "loaders/pxe_api.h"

#include "core/string.h"
#include "loaders/pxe_api_calls.h"

void *pxe_api_ptr(const struct pxe_api_mem *m, uint32_t linear, uint32_t len)
{
	if (linear > m->size || len > m->size - linear)
		return NULL;
	if (len && linear < m->own_hi && linear + len > m->own_lo)
		return NULL;
	return m->base + linear;
}

#define SEL_LDT 4u
#define DESC_PRESENT 0x8000u /* in a descriptor's high dword */
#define DESC_4K 0x800000u

int pxe_api_seg_base(const struct pxe_api_mem *m, uint16_t seg, uint32_t end, uint32_t *base)
{
	if (!m->gdt_limit) {
		*base = (uint32_t)seg * 16;
		return 0;
	}
	const struct { uint32_t lo, hi; } __attribute__((packed)) *d =
		seg & SEL_LDT || seg < 8 || (seg | 7u) > m->gdt_limit
			? NULL
			: pxe_api_ptr(m, m->gdt_base + (seg & ~7u), 8);
	if (!d)
		return -1;
	uint32_t lo = d->lo, hi = d->hi;
	uint32_t limit = (lo & 0xFFFF) | (hi & 0xF0000);
	if (hi & DESC_4K)
		limit = limit << 12 | 0xFFF;
	*base = lo >> 16 | (hi & 0xFF) << 16 | (hi & 0xFF000000u);
	return hi & DESC_PRESENT && (!end || end - 1 <= limit) ? 0 : -1;
}

void *pxe_api_farptr(const struct pxe_api_mem *m, uint32_t segoff, uint32_t len)
{
	uint32_t off = segoff & 0xFFFF, base;
	if (pxe_api_seg_base(m, (uint16_t)(segoff >> 16), off + len, &base) < 0 || base + off < base)
		return NULL;
	return pxe_api_ptr(m, base + off, len);
}

/* The cached packet's own place as seg:off (for GET_CACHED_INFO with BufferSize 0). */
static uint32_t packet_farptr(const struct pxe_api *api)
{
	uint32_t linear = (uint32_t)(api->packet - api->mem.base);
	return (linear >> 4) << 16 | (linear & 0xF);
}

static int get_cached_info(struct pxe_api *api, void *params)
{
	struct pxenv_get_cached_info *p = params;
	if (p->packet_type < 1 || p->packet_type > 3 || !api->packet)
		return PXENV_STATUS_UNSUPPORTED;
	if (p->buffer_size == 0) {
		p->buffer = packet_farptr(api);
		p->buffer_size = api->packet_len;
		return PXENV_STATUS_SUCCESS;
	}
	uint16_t n = p->buffer_size < api->packet_len ? p->buffer_size : api->packet_len;
	uint8_t *dst = pxe_api_farptr(&api->mem, p->buffer, n);
	if (!dst)
		return PXENV_STATUS_BAD_FUNC;
	memcpy(dst, api->packet, n);
	p->buffer_size = n;
	return PXENV_STATUS_SUCCESS;
}

static int get_nic_type(struct pxe_api *api, void *params)
{
	if (!api->nic.nic_type)
		return PXENV_STATUS_UNSUPPORTED;
	memcpy((uint8_t *)params + 2, &api->nic.nic_type, sizeof(api->nic) - 2);
	return PXENV_STATUS_SUCCESS;
}

static int stop_undi(struct pxe_api *api, void *params)
{
	(void)params;
	pxe_api_udp_close_all(api);
	pxe_api_tftp_close(api, params);
	if (api->stop)
		api->stop(api);
	api->stopped = true;
	return PXENV_STATUS_SUCCESS;
}

/* Every opcode served is below 0x100 and every block shorter than 256 bytes. */
struct pxe_api_op {
	uint8_t opcode;
	uint8_t size;  /* bytes of the parameter block the call reads or writes */
	bool hot;      /* per-packet (UDP_READ/WRITE, UNDI_TRANSMIT/ISR): not logged */
	int (*run)(struct pxe_api *api, void *params); /* NULL: succeeds, nothing to do */
};

static const struct pxe_api_op ops[] = {
	{ PXENV_OP_GET_CACHED_INFO, sizeof(struct pxenv_get_cached_info), false, get_cached_info },
	{ PXENV_OP_TFTP_OPEN, sizeof(struct pxenv_tftp_open), false, pxe_api_tftp_open },
	{ PXENV_OP_TFTP_CLOSE, 2, false, pxe_api_tftp_close },
	{ PXENV_OP_TFTP_READ, sizeof(struct pxenv_tftp_read), true, pxe_api_tftp_read },
	{ PXENV_OP_TFTP_GET_FSIZE, sizeof(struct pxenv_tftp_get_fsize), false, pxe_api_tftp_get_fsize },
	{ PXENV_OP_TFTP_READ_FILE, sizeof(struct pxenv_tftp_read_file), false,
	  pxe_api_tftp_read_file },
	{ PXENV_OP_UDP_OPEN, sizeof(struct pxenv_udp_open), false, pxe_api_udp_open },
	{ PXENV_OP_UDP_CLOSE, 2, false, pxe_api_udp_close },
	{ PXENV_OP_UDP_READ, sizeof(struct pxenv_udp_rw), true, pxe_api_udp_read },
	{ PXENV_OP_UDP_WRITE, sizeof(struct pxenv_udp_rw), true, pxe_api_udp_write },
	{ PXENV_OP_UNDI_GET_INFORMATION, sizeof(struct pxenv_undi_get_information), false,
	  pxe_api_undi_get_information },
	{ PXENV_OP_UNDI_GET_NIC_TYPE, sizeof(struct pxenv_undi_get_nic_type), false, get_nic_type },
	{ PXENV_OP_UNDI_GET_IFACE_INFO, sizeof(struct pxenv_undi_get_iface_info), false,
	  pxe_api_undi_get_iface_info },
	{ PXENV_OP_UNDI_SET_STATION_ADDRESS, 2, false, NULL },
	{ PXENV_OP_UNDI_TRANSMIT, sizeof(struct pxenv_undi_transmit), true, pxe_api_undi_transmit },
	{ PXENV_OP_UNDI_ISR, sizeof(struct pxenv_undi_isr), true, pxe_api_undi_isr },
	{ PXENV_OP_UNDI_STARTUP, 2, false, NULL },
	{ PXENV_OP_UNDI_INITIALIZE, 2, false, NULL },
	{ PXENV_OP_UNDI_RESET_ADAPTER, 2, false, NULL },
	{ PXENV_OP_UNDI_OPEN, 2, false, NULL },
	{ PXENV_OP_UNDI_SET_PACKET_FILTER, 2, false, NULL },
	{ PXENV_OP_UNDI_SET_MCAST_ADDRESS, 2, false, NULL },
	{ PXENV_OP_UNLOAD_STACK, 2, false, NULL },
	{ PXENV_OP_START_BASE, 2, false, NULL },
	{ PXENV_OP_STOP_BASE, 2, false, NULL },
	{ PXENV_OP_UNDI_SHUTDOWN, 2, false, NULL },
	{ PXENV_OP_UNDI_CLEANUP, 2, false, NULL },
	{ PXENV_OP_UNDI_CLOSE, 2, false, NULL },
	{ PXENV_OP_STOP_UNDI, 2, false, stop_undi },
};

uint16_t pxe_api_call(struct pxe_api *api, uint16_t opcode, uint32_t params)
{
	const struct pxe_api_op *op = NULL;
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (ops[i].opcode == opcode)
			op = &ops[i];
	uint8_t *block = pxe_api_farptr(&api->mem, params, op ? op->size : 2);
	if (!block) {
		if (api->log)
			api->log("PXE API: call %#x: block %#x refused%s\n", opcode, params,
				 api->mem.gdt_limit && params & SEL_LDT << 16 ? " (LDT selector)" : "");
		return PXENV_EXIT_FAILURE;
	}
	int status = PXENV_STATUS_UNSUPPORTED;
	if (op && api->stopped)
		status = PXENV_STATUS_FAILURE;
	else if (op) /* the calls without a function succeed: the NIC stays up until STOP_UNDI */
		status = op->run ? op->run(api, block) : PXENV_STATUS_SUCCESS;
	uint16_t st = (uint16_t)status;
	memcpy(block, &st, sizeof(st));
	if (api->log && !(op && op->hot))
		api->log("PXE API: call %#x -> status %#x\n", opcode, status);
	return status ? PXENV_EXIT_FAILURE : PXENV_EXIT_SUCCESS;
}
