// SPDX-License-Identifier: GPL-2.0-or-later
/* The firmware's PXE API (rom/pxe.h). */
#include "rom/pxe.h"

#include <stdbool.h>

#include "core/errors.h"
#include "core/printf.h"
#include "core/string.h"
#include "rom/pci.h"

/* !PXE offsets */
#define BANG_LEN 0x04
#define BANG_ENTRY_SP 0x10
#define BANG_SEGDESC 0x20 /* 7 x {u16 seg, u32 base, u16 size} */
#define BANG_MIN_LEN 0x58
/* PXENV+ offsets */
#define PXENV_VERSION 0x06
#define PXENV_LEN 0x08
#define PXENV_RMENTRY 0x0A
#define PXENV_SEGS 0x18 /* BC code, BC data, UNDI data, UNDI code: {u16 seg, u16 size} x 4 */
#define PXENV_PXEPTR 0x28
#define PXENV_MIN_LEN 0x28
#define BASE_MEM_END 0xA0000

static struct pxe_api *api_in_use;
/* UNDI shut down for a native driver (the stack still loaded): the NIC and the PCI command
 * register the stack had programmed, given back in pxe_reclaim_nic(). */
static bool nic_released;
static struct pci_device released_nic;
static uint16_t released_command;

static bool checksum_ok(const uint8_t *p, size_t len)
{
	uint8_t sum = 0;
	for (size_t i = 0; i < len; i++)
		sum += p[i];
	return sum == 0;
}

static inline uint16_t rd16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static inline uint32_t rd32(const uint8_t *p) { return rd16(p) | (uint32_t)rd16(p + 2) << 16; }

/*
 * A structure at linear address a with signature `sig`, its length byte at `len_off` of at
 * least `min_len`, whose bytes sum to zero; NULL when not.
 */
static const uint8_t *valid_struct(uint32_t a, const char *sig, size_t len_off, size_t min_len)
{
	if (!a || a > BASE_MEM_END - min_len)
		return NULL;
	const uint8_t *p = (const uint8_t *)(uintptr_t)a;
	if (memcmp(p, sig, strlen(sig)) || p[len_off] < min_len || !checksum_ok(p, p[len_off]))
		return NULL;
	return p;
}

static const uint8_t *valid_bang(uint32_t a)
{
	return valid_struct(a, "!PXE", BANG_LEN, BANG_MIN_LEN);
}

static const uint8_t *valid_pxenv(uint32_t a)
{
	return valid_struct(a, "PXENV+", PXENV_LEN, PXENV_MIN_LEN);
}

/* Accept a PXENV+; follow its PXEPtr to a !PXE when the version has one. */
static void take_pxenv(struct pxe_api *api, const uint8_t *pxenv)
{
	api->pxenv = pxenv;
	if (rd16(pxenv + PXENV_VERSION) >= 0x0201 && pxenv[PXENV_LEN] >= 0x2C && !api->bang)
		api->bang = valid_bang(segoff_linear(rd32(pxenv + PXENV_PXEPTR)));
}

int pxe_find(struct pxe_api *api)
{
	memset(api, 0, sizeof(*api));
	/* Plan A: the !PXE far pointer the ROM pushed before calling us (SS:SP+4). */
	uint32_t sp = (uint32_t)rm_entry_state.ss * 16 + rm_entry_state.sp;
	api->bang = valid_bang(segoff_linear(*(const uint32_t *)(uintptr_t)(sp + 4)));
	if (api->bang)
		api->found_by = "!PXE from the stack";
	/* Plan B: PXENV+ at ES:BX. */
	const uint8_t *pxenv = valid_pxenv((uint32_t)rm_entry_state.es * 16 + rm_entry_state.bx);
	if (pxenv) {
		take_pxenv(api, pxenv);
		if (!api->found_by)
			api->found_by = api->bang ? "!PXE via PXENV+ at ES:BX" : "PXENV+ at ES:BX";
	}
	/* Plan C: the INT 1Ah AX=5650h installation check. */
	if (!api->pxenv && !api->bang) {
		struct rm_regs r = { .eax = 0x5650 };
		bios_int(0x1A, &r);
		if (!(r.flags & EFLAGS_CF) && (r.eax & 0xFFFF) == 0x564E &&
		    (pxenv = valid_pxenv((uint32_t)r.es * 16 + (r.ebx & 0xFFFF)))) {
			take_pxenv(api, pxenv);
			api->found_by = "INT 1Ah";
		}
	}
	/* Plans D and E: scan base memory from the free-memory mark up. */
	for (uint32_t a = (uint32_t)bda_read16(BDA_BASE_MEM_KB) * 1024;
	     !api->bang && !api->pxenv && a < BASE_MEM_END; a += 16) {
		if ((api->bang = valid_bang(a)) != NULL)
			api->found_by = "!PXE scan";
		else if ((pxenv = valid_pxenv(a)) != NULL) {
			take_pxenv(api, pxenv);
			api->found_by = "PXENV+ scan";
		}
	}
	if (api->bang)
		api->entry = rd32(api->bang + BANG_ENTRY_SP);
	else if (api->pxenv)
		api->entry = rd32(api->pxenv + PXENV_RMENTRY);
	else
		return -WB_ENODEV;
	api_in_use = api;
	return 0;
}

int pxe_call(uint16_t opcode, void *params)
{
	if (!api_in_use)
		return PXENV_STATUS_FAILURE;
	uint16_t *status = params;
	*status = 0;
	/* Both entry points at once: BX/ES:DI for PXENV+, stacked words for !PXE. */
	struct rm_regs r = { .ebx = opcode, .es = rm_seg(params), .edi = rm_off(params) };
	uint16_t args[3] = { opcode, rm_off(params), rm_seg(params) };
	rm_farcall(api_in_use->entry, &r, args, 3);
	if ((r.eax & 0xFFFF) == 0)
		return 0;
	return *status ? *status : PXENV_STATUS_FAILURE;
}

struct get_cached_info {
	uint16_t status, packet_type, buffer_size;
	segoff_t buffer;
	uint16_t buffer_limit;
} __attribute__((packed));

int pxe_cached_packet(int type, void *buf, size_t cap)
{
	struct get_cached_info p = {
		.packet_type = (uint16_t)type,
		.buffer_size = (uint16_t)(cap > 0xFFFF ? 0xFFFF : cap),
		.buffer = segoff_of(buf),
	};
	if (pxe_call(PXENV_GET_CACHED_INFO, &p) || !p.buffer_size)
		return -WB_ENOENT;
	return p.buffer_size > cap ? (int)cap : p.buffer_size;
}

int pxe_cached_packet_ref(int type, uint8_t **pkt, size_t *len)
{
	struct get_cached_info p = { .packet_type = (uint16_t)type };
	if (pxe_call(PXENV_GET_CACHED_INFO, &p) || !p.buffer_size)
		return -WB_ENOENT;
	uint32_t a = segoff_linear(p.buffer);
	/* The stack's own copy: at least as large as it says the packet is, and in base memory. */
	size_t n = p.buffer_limit > p.buffer_size ? p.buffer_limit : p.buffer_size;
	if (a < 0x500 || a + n > BASE_MEM_END)
		return -WB_ERANGE;
	*pkt = (uint8_t *)(uintptr_t)a;
	*len = n;
	return 0;
}

const struct pxe_api *pxe_current(void)
{
	return api_in_use;
}

#define NIC_TYPE_PCI 2

struct undi_get_nic_type {
	uint16_t status;
	uint8_t nic_type;
	uint16_t vendor, device;
	uint8_t base_class, sub_class, prog_intf, rev;
	uint16_t bus_dev_func, sub_vendor, sub_device;
	uint8_t pad[8]; /* room for stacks that write a larger union */
} __attribute__((packed));

int pxe_pci_nic(uint16_t *vendor, uint16_t *device, uint16_t *bdf)
{
	struct undi_get_nic_type p;
	memset(&p, 0, sizeof(p));
	if (pxe_call(PXENV_UNDI_GET_NIC_TYPE, &p) || p.nic_type != NIC_TYPE_PCI)
		return -WB_ENODEV;
	*vendor = p.vendor;
	*device = p.device;
	*bdf = p.bus_dev_func;
	return 0;
}

/* The base memory [lo, hi) the stack occupies, from its segment descriptors. */
static void stack_extent(const struct pxe_api *api, uint32_t *lo, uint32_t *hi)
{
	*lo = BASE_MEM_END;
	*hi = 0;
	for (int i = 0; i < 7; i++) {
		uint32_t base, size;
		if (api->bang) {
			const uint8_t *d = api->bang + BANG_SEGDESC + 8 * i;
			base = rd32(d + 2);
			size = rd16(d + 6);
		} else if (i < 4) {
			const uint8_t *d = api->pxenv + PXENV_SEGS + 4 * i;
			base = (uint32_t)rd16(d) * 16;
			size = rd16(d + 2);
		} else {
			break;
		}
		if (!size || base >= BASE_MEM_END)
			continue;
		if (base < *lo)
			*lo = base;
		if (base + size > *hi)
			*hi = base + size;
	}
}

/* Raise the free-base-memory mark over the unloaded stack, as syslinux does, if safe. */
static void release_base_memory(const struct pxe_api *api)
{
	uint32_t lo, hi;
	stack_extent(api, &lo, &hi);
	uint32_t fbms = (uint32_t)bda_read16(BDA_BASE_MEM_KB) * 1024;
	hi = (hi + 1023) & ~1023u;
	/* Only memory that starts at the mark and that no interrupt vector still uses. */
	if (lo >= hi || lo < fbms || lo - fbms >= 1024 || hi > BASE_MEM_END)
		return;
	for (int v = 0; v < 256; v++) {
		uint32_t a = segoff_linear(*(const volatile uint32_t *)(uintptr_t)(v * 4));
		if (a >= fbms && a < hi)
			return;
	}
	*(volatile uint16_t *)(uintptr_t)BDA_BASE_MEM_KB = (uint16_t)(hi / 1024);
}

int pxe_release_nic(const struct pci_access *acc, uint16_t bdf)
{
	uint16_t status;
	if (pci_device_init(&released_nic, acc, bdf) < 0)
		return PXENV_STATUS_FAILURE;
	released_command = pci_read16(&released_nic, PCI_COMMAND);
	int st = pxe_call(PXENV_UNDI_SHUTDOWN, &status);
	if (st)
		wb_printf("PXE: UNDI_SHUTDOWN failed with status %#04x\n", st);
	nic_released = !st;
	return st;
}

int pxe_reclaim_nic(void)
{
	struct { uint16_t status; uint32_t protocol_ini; uint8_t reserved[8]; } __attribute__((packed)) init;
	struct { uint16_t status; uint32_t src_ip; } __attribute__((packed)) udp_open;
	uint16_t status;
	if (!nic_released)
		return 0;
	/* The native driver's close turned bus mastering off; the stack's driver expects the
	 * command register as it left it (iPXE enables it only when it probes). */
	pci_write16(&released_nic, PCI_COMMAND, released_command);
	memset(&init, 0, sizeof(init));
	memset(&udp_open, 0, sizeof(udp_open));
	int st = pxe_call(PXENV_UNDI_INITIALIZE, &init);
	if (!st)
		st = pxe_call(PXENV_UDP_OPEN, &udp_open);
	if (!st)
		st = pxe_call(PXENV_UDP_CLOSE, &status);
	if (st)
		wb_printf("PXE: the PXE stack did not take the NIC back (status %#04x): the chained "
			  "program may find no network\n", st);
	nic_released = false;
	return st;
}

int pxe_unload(void)
{
	struct { uint16_t status; uint8_t reserved[10]; } __attribute__((packed)) p;
	static const uint16_t sequence[] = { PXENV_UNDI_SHUTDOWN, PXENV_UNLOAD_STACK, PXENV_STOP_UNDI };
	int first_err = 0;
	if (!api_in_use)
		return 0;
	for (size_t i = 0; i < sizeof(sequence) / sizeof(sequence[0]); i++) {
		memset(&p, 0, sizeof(p));
		int st = pxe_call(sequence[i], &p);
		if (st && !first_err) {
			first_err = st;
			wb_printf("PXE: call %#06x failed with status %#04x; keeping the PXE stack's memory\n",
				  sequence[i], st);
		}
	}
	if (!first_err)
		release_base_memory(api_in_use);
	api_in_use = NULL;
	return first_err;
}
