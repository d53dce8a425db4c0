// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * rom_boot_pxe() for the images without a firmware PXE stack (option ROMs, IPv6 ones too, USB,
 * CD, lkrn; not wireboot-tls.lkrn, whose body sits where the program goes: rom/module.mk):
 * wireboot stays resident and is the program's PXE stack (loaders/pxe_api.h), backed by its
 * own NIC driver, which stays open.
 *
 * Memory: the native body runs at RM_SEG:7C00 (NATIVE_RM_BASE, rom/realmode_defs.h), so the
 * program gets 0000:7C00 up to the body.  Kept for wireboot until STOP_UNDI:
 *   - base memory from _image_start (the body, its .bss and 32-bit stack) up: the free base
 *     memory mark 40:13 (INT 12h) is lowered to it;
 *   - the heap and NIC rings at the top of RAM below 4 GiB: an INT 15h hook
 *     (rom/pxe_api_entry.S) cuts them out of the E820 map the program and its kernel read.
 * The program is entered as a PXE ROM enters it: ES:BX = PXENV+, [SS:SP+4] = !PXE, EDX =
 * PXENV+'s linear address, IF set; a far RET from it boots the next device (INT 18h).
 * STOP_UNDI quiesces the NIC and takes the INT 15h hook out again (the memory it hid is
 * the kernel's from then on); wireboot's base memory stays above 40:13 unless the program
 * gives it back (from the UNDI segments in !PXE, as pxelinux and iPXE do).
 */
#include "rom/boot_pxe.h"

#include "core/errors.h"
#include "core/platform.h"
#include "core/printf.h"
#include "core/string.h"
#include "loaders/boot_plan.h"
#include "loaders/pxe_api.h"
#include "loaders/pxe_bootp.h"
#include "net/dhcp_packet.h"
#include "net/netdev.h"
#include "net/netif.h"
#include "rom/boot_linux.h"
#include "rom/memmap.h"
#include "rom/nic_probe.h"
#include "rom/platform_init.h"
#include "rom/realmode.h"

#define NBP_ADDR 0x7C00u
#define NBP_STACK (NBP_ADDR - 8) /* [SP] return far pointer, [SP+4] the !PXE far pointer */
#define ONE_MB 0x100000u
#define PACKET_MAX 1472u
#define RM_STACK_SIZE 2048u

/* PXENV+ (PXE 2.1, 0x2C bytes) and !PXE (0x58 bytes): docs/chainloading.md. */
struct pxenv_plus {
	char signature[6];
	uint16_t version;
	uint8_t length, checksum;
	uint32_t rm_entry, pm_offset;
	uint16_t pm_selector, stack_seg, stack_size, bc_code_seg, bc_code_size, bc_data_seg,
		bc_data_size, undi_data_seg, undi_data_size, undi_code_seg, undi_code_size;
	uint32_t pxe_ptr;
} __attribute__((packed));
_Static_assert(sizeof(struct pxenv_plus) == 0x2C, "PXENV+ is 0x2C bytes");

struct pxe_segdesc {
	uint16_t seg;
	uint32_t base;
	uint16_t size;
} __attribute__((packed));

struct bang_pxe {
	char signature[4];
	uint8_t length, checksum, revision, reserved;
	uint32_t undi_rom_id, base_rom_id, entry_sp, entry_esp, status_callout;
	uint8_t reserved2, seg_desc_count;
	uint16_t first_selector;
	struct pxe_segdesc stack, undi_data, undi_code, undi_code_write, bc_data, bc_code,
		bc_code_write;
} __attribute__((packed));
_Static_assert(sizeof(struct bang_pxe) == 0x58, "!PXE is 0x58 bytes");

/* rom/pxe_api_entry.S */
extern char pxe_api_pxenv_entry[], pxe_api_bang_entry[], pxe_api_bang_esp_entry[],
	pxe_api_nbp_start[], pxe_api_nbp_return[], pxe_api_int15[];
extern uint32_t pxe_api_int15_next, pxe_api_hide_lo, pxe_api_hide_hi;

/* The caller, as rom/pxe_api_entry.S pushes it (six dwords) for pxe_api_entry_c(); the
 * high words next to 16-bit values are whatever the caller had in those registers. */
struct pxe_api_caller {
	uint16_t bang, bang_hi;   /* 1: !PXE (opcode and block on the stack); 0: PXENV+ (BX, ES:DI) */
	uint32_t sp;              /* SS:SP (or ESP) after the registers were saved */
	uint16_t ss, ss_hi;
	uint32_t gdt_limit;       /* 0 in real mode; 16-bit protected mode: the caller's GDTR */
	uint32_t gdt_base;
	uint16_t cs, cs_hi;       /* protected mode: the selector it entered through (asm only) */
};

/* The caller's stack as rom/pxe_api_entry.S leaves it: the registers it saved, the far
 * return address and (!PXE only) the call's three words. */
struct entry_frame {
	uint16_t gs, fs, es, ds;
	uint32_t edi, esi, ebp, esp, ebx, edx, ecx, eax;
	uint16_t flags, ret_ip, ret_cs, opcode, off, seg;
} __attribute__((packed));

void pxe_api_entry_c(struct pxe_api_caller c) __attribute__((regparm(0)));

/* UNDICode: the body's first 64 KiB from its start (_image_start), where the memory kept
 * starts; !PXE's entries are in it (a protected-mode caller's selector gets its base). */
#define KEEP_LO (NATIVE_RM_BASE + WB_LOAD_ADDR)
_Static_assert((KEEP_LO & 0x3FF) == 0, "the memory kept starts on a KiB");
#define UNDI_CODE { .seg = KEEP_LO >> 4, .base = KEEP_LO, .size = 0xFFF0 }
#define UNDI_CODE_PTR(entry) ((KEEP_LO >> 4 << 16) + (uint32_t)(uintptr_t)(entry) - KEEP_LO)

/* In .bss: below 1 MiB, inside the memory kept (the program may not pass it back to us). */
/* The constant fields here; fill_structures() adds where things are and the checksums. */
static struct pxenv_plus pxenv __attribute__((aligned(16))) = {
	.signature = { 'P', 'X', 'E', 'N', 'V', '+' }, .version = 0x0201,
	.length = sizeof(struct pxenv_plus), .undi_code_seg = KEEP_LO >> 4, .undi_code_size = 0xFFF0,
	.undi_data_size = 0xFFF0,
};
/* Stack stays 0: a protected-mode caller brings its own stack.  The writable alias of the
 * code and the base code's segments are the UNDI ones (wireboot is both). */
static struct bang_pxe bang __attribute__((aligned(16))) = {
	.signature = { '!', 'P', 'X', 'E' }, .length = sizeof(struct bang_pxe),
	.entry_sp = UNDI_CODE_PTR(pxe_api_bang_entry), .entry_esp = UNDI_CODE_PTR(pxe_api_bang_esp_entry),
	.status_callout = 0xFFFFFFFFu, .seg_desc_count = 7,
	.undi_code = UNDI_CODE, .undi_code_write = UNDI_CODE, .bc_code = UNDI_CODE,
	.bc_code_write = UNDI_CODE, .undi_data = { .size = 0xFFF0 }, .bc_data = { .size = 0xFFF0 },
};
static uint8_t packet[PACKET_MAX];
static uint8_t frame[PXE_API_FRAME_MAX];
static uint8_t rm_stack[RM_STACK_SIZE] __attribute__((aligned(16)));
static struct netif nif;
static struct pxe_api api;

static uint8_t checksum_fix(const void *p, size_t len)
{
	uint8_t sum = 0;
	for (size_t i = 0; i < len; i++)
		sum += ((const uint8_t *)p)[i];
	return (uint8_t)-sum;
}

/* A real-mode far pointer (seg:off) to code or data in the native body. */
static uint32_t body_farptr(const void *p)
{
	uint32_t a = (uint32_t)(uintptr_t)p;
	return (uint32_t)(NATIVE_RM_BASE >> 4) << 16 | (a - NATIVE_RM_BASE);
}

static uint32_t *ivt(unsigned vec) { return (uint32_t *)(uintptr_t)(vec * 4u); }

/* Take the INT 15h hook out again; when the program hooked INT 15h on top of it, the hook
 * stays in the chain but hides nothing any more. */
static void unhook_int15(void)
{
	pxe_api_hide_lo = pxe_api_hide_hi = 0;
	if (pxe_api_int15_next && *ivt(0x15) == body_farptr(pxe_api_int15)) {
		*ivt(0x15) = pxe_api_int15_next;
		pxe_api_int15_next = 0;
	}
}

/* STOP_UNDI: the program is done with wireboot. */
static void api_stop(struct pxe_api *a)
{
	(void)a;
	rom_shutdown(false);
	unhook_int15();
}

/* Called by rom/pxe_api_entry.S for every call of the program, in real or 16-bit protected
 * mode: finds the call on its stack and puts the exit code into the AX it gets back. */
__attribute__((regparm(0))) void pxe_api_entry_c(struct pxe_api_caller c)
{
	api.mem.gdt_base = c.gdt_base;
	api.mem.gdt_limit = (uint16_t)c.gdt_limit;
	uint32_t len = c.bang ? sizeof(struct entry_frame) : offsetof(struct entry_frame, opcode);
	uint32_t ss_base;
	struct entry_frame *f = pxe_api_seg_base(&api.mem, c.ss, c.sp + len, &ss_base) < 0
					? NULL
					: pxe_api_ptr(&api.mem, ss_base + c.sp, len);
	if (!f) {
		wb_printf("PXE API: stack %#x:%#x refused\n", c.ss, c.sp);
		return;
	}
	uint16_t opcode = c.bang ? f->opcode : (uint16_t)f->ebx;
	uint32_t params = c.bang ? (uint32_t)f->seg << 16 | f->off : (uint32_t)f->es << 16 | (f->edi & 0xFFFF);
	f->eax = (f->eax & 0xFFFF0000u) | pxe_api_call(&api, opcode, params);
}

/* UNDI_GET_NIC_TYPE's answer: the PCI device the driver runs. */
static void fill_nic_type(void)
{
	const struct pci_device *d = &nic_probe_pci;
	uint32_t sub = pci_read32(d, PCI_SUBSYSTEM_VENDOR_ID);
	api.nic = (struct pxenv_undi_get_nic_type){
		.nic_type = PXE_NIC_TYPE_PCI, .vendor_id = d->vendor, .dev_id = d->device,
		.base_class = (uint8_t)(d->class_code >> 16), .sub_class = (uint8_t)(d->class_code >> 8),
		.prog_intf = (uint8_t)d->class_code, .rev = d->revision, .bus_dev_func = d->bdf,
		.sub_vendor_id = (uint16_t)sub, .sub_device_id = (uint16_t)(sub >> 16),
	};
}

static void fill_structures(uint32_t keep_hi)
{
	/* The memory kept, as UNDI code (the body's first 64 KiB) and data (the rest up to the
	 * old 40:13): a program that unloads the stack frees up to their end. */
	uint16_t data_seg = (uint16_t)((keep_hi - 0xFFF0) >> 4);
	pxenv.rm_entry = body_farptr(pxe_api_pxenv_entry);
	pxenv.undi_data_seg = data_seg;
	pxenv.pxe_ptr = segoff_of(&bang);
	pxenv.checksum = checksum_fix(&pxenv, sizeof(pxenv));

	bang.undi_data.seg = bang.bc_data.seg = data_seg;
	bang.undi_data.base = bang.bc_data.base = (uint32_t)data_seg << 4;
	bang.checksum = checksum_fix(&bang, sizeof(bang));
}

/* The DHCP ACK named at the program, and the netif configured from it. */
static int prepare_network(const struct boot_plan *plan, struct netdev *dev)
{
	struct dhcp_packet dhcp;
	if (!plan->dhcp_ack || plan->dhcp_ack_len > sizeof(packet) ||
	    dhcp_parse(plan->dhcp_ack, plan->dhcp_ack_len, &dhcp) < 0)
		return -WB_EINVAL;
	memcpy(packet, plan->dhcp_ack, plan->dhcp_ack_len);
	int err = pxe_bootp_retarget(packet, plan->dhcp_ack_len, plan->program_path);
	if (err)
		return err;
	uint32_t mask = 0, router = 0;
	dhcp_get_ipv4(&dhcp, DHCP_OPT_SUBNET_MASK, &mask);
	dhcp_get_ipv4(&dhcp, DHCP_OPT_ROUTER, &router);
	netif_init(&nif, dev);
	netif_configure(&nif, dhcp.yiaddr, mask, router);
	return 0;
}

int rom_boot_pxe(const struct boot_plan *plan)
{
	struct netdev *dev = NULL;
	uint32_t keep_lo = KEEP_LO;
	uint32_t keep_hi = memmap_base_end() & ~0x3FFu;
	if (plan->kernel_len > keep_lo - NBP_ADDR) {
		wb_printf("boot: %s: the program is %zu bytes; base memory below wireboot has room "
			  "for %u\n", plan->label, plan->kernel_len, keep_lo - NBP_ADDR);
		return -WB_ETOOBIG;
	}
	int err = keep_hi < (uint32_t)(uintptr_t)_bss_end ? -WB_ENOMEM
		  : platform_netdevs(&dev, 1) < 1	 ? -WB_ENODEV
							 : prepare_network(plan, dev);
	if (err) {
		wb_printf("boot: %s: wireboot's PXE API cannot start (base memory, NIC, DHCP ACK): %s\n",
			  plan->label, wb_strerror(err));
		return err;
	}
	api = (struct pxe_api){
		.mem = { .base = NULL, .size = ONE_MB, .own_lo = keep_lo, .own_hi = keep_hi },
		.nif = &nif,
		.packet = packet,
		.packet_len = (uint16_t)plan->dhcp_ack_len,
		.frame = frame,
		.stop = api_stop,
		.log = wb_printf,
	};
	fill_structures(keep_hi);
	fill_nic_type();
	pxe_api_hide_lo = (uint32_t)memmap_top_down_low();
	pxe_api_hide_hi = (uint32_t)memmap_top();
	wb_printf("Chaining %s: %s, %zu bytes at 0000:7c00, wireboot's own PXE API (keeps %#x-%#x, "
		  "%#x-%#x)\n", plan->label, plan->program_path, plan->kernel_len, keep_lo, keep_hi,
		  pxe_api_hide_lo, pxe_api_hide_hi);

	/* Nothing may fail from here on. */
	*(volatile uint16_t *)(uintptr_t)BDA_BASE_MEM_KB = (uint16_t)(keep_lo >> 10);
	if (pxe_api_hide_lo < pxe_api_hide_hi) {
		pxe_api_int15_next = *ivt(0x15);
		*ivt(0x15) = body_farptr(pxe_api_int15);
	}
	/* BIOS calls from inside the API run on a stack of our own, not the program's. */
	rm_entry_state.ss = rm_seg(rm_stack);
	rm_entry_state.sp = (uint16_t)(rm_off(rm_stack) + RM_STACK_SIZE);
	memcpy((void *)(uintptr_t)NBP_ADDR, plan->kernel, plan->kernel_len);
	uint32_t *stack = (uint32_t *)(uintptr_t)NBP_STACK;
	stack[0] = body_farptr(pxe_api_nbp_return);
	stack[1] = segoff_of(&bang);
	struct rm_regs r = { .es = rm_seg(&pxenv), .ebx = rm_off(&pxenv),
			     .edx = (uint32_t)(uintptr_t)&pxenv };
	uint32_t start = body_farptr(pxe_api_nbp_start);
	rm_jump(&r, 0, NBP_STACK, (uint16_t)(start >> 16), (uint16_t)start);
}
