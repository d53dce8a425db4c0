// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * rom_boot_pxe() (rom/boot_pxe.h).  The firmware's stack is handed over as it is: still
 * loaded, its UNDI interface closed again by wireboot's netdev (or, after wireboot's native
 * driver, the NIC given back to the stack: pxe_reclaim_nic()), its cached DHCP packets
 * (GET_CACHED_INFO types 2 and 3) rewritten in the stack's own buffers: the ACK becomes the
 * one wireboot used, and both name the chained program as boot file (and its server as
 * next-server).  The program runs on the stack wireboot was entered on, so [SP] is the PXE
 * ROM's return address and [SP+4] the !PXE pointer, and ES:BX is the PXENV+ structure.
 */
#include "rom/boot_pxe.h"

#include "core/errors.h"
#include "core/printf.h"
#include "core/string.h"
#include "loaders/boot_plan.h"
#include "loaders/pxe_bootp.h"
#include "rom/boot_linux.h"
#include "rom/memmap.h"
#include "rom/pxe.h"
#include "rom/realmode.h"

#define NBP_ADDR 0x7C00u
#define BASE_MEM_END 0xA0000u

/* The parameter block at the end of rom/nbp_enter.S, filled in its copy. */
struct nbp_tramp_params {
	uint16_t es, bx;
	uint32_t edx;
} __attribute__((packed));

extern char nbp_tramp[], nbp_tramp_params[], nbp_tramp_end[];

/* Rewrite the stack's cached packet of `type`; `ack` replaces it first when given and it fits. */
static void retarget_cached(int type, const struct boot_plan *plan, const uint8_t *ack, size_t ack_len)
{
	uint8_t *pkt;
	size_t len;
	if (pxe_cached_packet_ref(type, &pkt, &len) < 0)
		return; /* the stack has no such packet: nothing a program could read */
	if (ack && ack_len <= len) {
		memcpy(pkt, ack, ack_len);
		memset(pkt + ack_len, 0, len - ack_len);
	}
	int err = pxe_bootp_retarget(pkt, len, plan->program_path);
	wb_printf("PXE: cached packet %d at %#x: %s\n", type, (unsigned)(uintptr_t)pkt,
		  err ? wb_strerror(err) : plan->program_path);
}

int rom_boot_pxe(const struct boot_plan *plan)
{
	const struct pxe_api *api = pxe_current();
	if (!api) {
		wb_printf("boot: %s: the PXE ROM's stack is gone (it refused to let the NIC go, so "
			  "wireboot unloaded it): use wireboot.pxe built with `make PXE_NATIVE=0`\n",
			  plan->label);
		return -WB_ENOTSUP;
	}
	uint32_t tramp_len = (uint32_t)(nbp_tramp_end - nbp_tramp);
	uint32_t stage = ((uint32_t)(uintptr_t)_bss_end + 15) & ~15u;
	uint32_t staged_len = ((uint32_t)plan->kernel_len + 15) & ~15u;
	uint32_t stack = (uint32_t)rm_entry_state.ss * 16 + rm_entry_state.sp;
	uint32_t room = memmap_base_end() > stage + tramp_len ? memmap_base_end() - stage - tramp_len : 0;
	if (plan->kernel_len > BASE_MEM_END - NBP_ADDR || staged_len > room) {
		wb_printf("boot: %s: the program is %zu bytes; base memory has room for %u\n",
			  plan->label, plan->kernel_len, room);
		return -WB_ETOOBIG;
	}
	/* The program and its staged copy must not cover the stack it starts on. */
	if (stack >= NBP_ADDR && stack < stage + staged_len + tramp_len) {
		wb_printf("boot: %s: the PXE ROM's stack (%04x:%04x) lies where the program is "
			  "placed\n", plan->label, rm_entry_state.ss, rm_entry_state.sp);
		return -WB_ENOTSUP;
	}

	retarget_cached(PXENV_PACKET_TYPE_DHCP_ACK, plan, plan->dhcp_ack, plan->dhcp_ack_len);
	retarget_cached(PXENV_PACKET_TYPE_CACHED_REPLY, plan, NULL, 0);
	wb_printf("Chaining %s: %s, %zu bytes at 0000:7c00, the PXE ROM's stack handed over "
		  "(%s)\n", plan->label, plan->program_path, plan->kernel_len, api->found_by);
	rom_shutdown(false);
	pxe_reclaim_nic(); /* after wireboot's native driver: the stack's driver again */

	/* Nothing may fail from here on. */
	uint8_t *copy = (uint8_t *)(uintptr_t)stage;
	uint8_t *tramp = copy + staged_len;
	memcpy(copy, plan->kernel, plan->kernel_len);
	memcpy(tramp, nbp_tramp, tramp_len);
	struct nbp_tramp_params *p = (void *)(tramp + (nbp_tramp_params - nbp_tramp));
	p->es = api->pxenv ? rm_seg(api->pxenv) : 0;
	p->bx = api->pxenv ? rm_off(api->pxenv) : 0;
	p->edx = (uint32_t)(uintptr_t)api->pxenv; /* iPXE's extension: PXENV+'s linear address */
	if (api->bang) /* found some other way than on the stack: put it where NBPs look first */
		*(volatile segoff_t *)(uintptr_t)(stack + 4) = segoff_of(api->bang);
	struct rm_regs r = { .ds = rm_seg(copy), .ebp = (uint32_t)plan->kernel_len };
	rm_jump(&r, rm_entry_state.ss, rm_entry_state.sp, rm_seg(tramp), 0);
}
