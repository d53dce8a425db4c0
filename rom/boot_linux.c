// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * rom_boot_linux() for BIOS: the real-mode part goes into base memory just above wireboot
 * (with its heap/stack and the command line, laid out by the BZ_RM_* constants), the
 * protected-mode part to 1 MiB, the initrd stays where the boot sequence placed it (top-down
 * below bzimage_initrd_limit()); then the network is shut down and the CPU enters the setup
 * code in real mode: CS = seg + 0x20, IP = 0, DS = ES = FS = GS = SS = seg, SP = heap end.
 */
#include "rom/boot_linux.h"

#include "core/errors.h"
#include "core/platform.h"
#include "core/printf.h"
#include "core/string.h"
#include "loaders/boot_plan.h"
#include "loaders/bzimage.h"
#include "rom/memmap.h"
#include "rom/realmode.h"

#define KERNEL_ADDR 0x100000u
#define SETUP_ALIGN 0x1000u

int rom_boot_linux(const struct boot_plan *plan)
{
	const struct bzimage_info *info = &plan->info;
	size_t cmdlen = strlen(plan->cmdline);
	uint32_t setup_base = ((uint32_t)(uintptr_t)_bss_end + SETUP_ALIGN - 1) & ~(SETUP_ALIGN - 1);
	uint32_t kernel_need = info->init_size > info->kernel_len ? info->init_size : (uint32_t)info->kernel_len;
	uint32_t initrd_addr = plan->initrd ? (uint32_t)platform_phys_addr(plan->initrd) : 0;

	if (info->kernel_offset + info->kernel_len > plan->kernel_len) {
		wb_printf("boot: %s: the kernel image is truncated\n", plan->label);
		return -WB_ETRUNCATED;
	}
	if (info->setup_len > BZ_RM_CODE_MAX) {
		wb_printf("boot: %s: the kernel's real-mode setup is %zu bytes, at most %u fit\n",
			  plan->label, info->setup_len, BZ_RM_CODE_MAX);
		return -WB_ETOOBIG;
	}
	if (cmdlen > info->cmdline_size || cmdlen >= BZ_RM_SIZE - BZ_RM_CMDLINE_OFFSET) {
		wb_printf("boot: %s: command line of %zu characters is longer than the kernel's limit %u\n",
			  plan->label, cmdlen, (unsigned)info->cmdline_size);
		return -WB_ETOOBIG;
	}
	if (setup_base + BZ_RM_SIZE > memmap_base_end()) {
		wb_printf("boot: no room in base memory for the real-mode setup (%#x-%#x, base memory ends at %#x)\n",
			  setup_base, setup_base + BZ_RM_SIZE, memmap_base_end());
		return -WB_ENOMEM;
	}
	if (plan->initrd && initrd_addr < KERNEL_ADDR + kernel_need) {
		wb_printf("boot: the initrd at %#x overlaps the kernel's memory %#x-%#x: not enough RAM\n",
			  initrd_addr, KERNEL_ADDR, KERNEL_ADDR + kernel_need);
		return -WB_ENOMEM;
	}

	uint8_t *setup = (uint8_t *)(uintptr_t)setup_base;
	memcpy(setup, plan->kernel, info->setup_len);
	memset(setup + info->setup_len, 0, BZ_RM_SIZE - info->setup_len);
	memcpy(setup + BZ_RM_CMDLINE_OFFSET, plan->cmdline, cmdlen + 1);
	struct bzimage_load load = {
		.setup_base = setup_base,
		.kernel_addr = KERNEL_ADDR,
		.cmdline_addr = setup_base + BZ_RM_CMDLINE_OFFSET,
		.initrd_addr = initrd_addr,
		.initrd_len = plan->initrd ? (uint32_t)plan->initrd_len : 0,
		.vid_mode = 0xFFFF,
	};
	int rc = bzimage_fill_setup(info, setup, info->setup_len, &load);
	if (rc < 0) {
		wb_printf("boot: %s: cannot fill the kernel's setup header: %s\n", plan->label, wb_strerror(rc));
		return rc;
	}

	wb_printf("Booting %s: kernel %zu bytes (protocol %u.%02u), initrd %zu bytes at %#x\n",
		  plan->label, info->kernel_len, info->protocol >> 8, info->protocol & 0xFF,
		  plan->initrd ? plan->initrd_len : 0, initrd_addr);
	rom_shutdown(true);

	/* Nothing may fail from here on: the heap may be overwritten by the kernel. */
	memmove((void *)(uintptr_t)KERNEL_ADDR, plan->kernel + info->kernel_offset, info->kernel_len);
	uint16_t seg = (uint16_t)(setup_base >> 4);
	struct rm_regs r = { .ds = seg, .es = seg, .fs = seg, .gs = seg };
	rm_jump(&r, seg, BZ_RM_HEAP_END, seg + 0x20, 0);
}

int platform_local_boot(int type)
{
	wb_printf("Local boot (type %d): returning to the BIOS (INT 18h)\n", type);
	rom_shutdown(false);
	struct rm_regs r = { 0 };
	bios_int(0x18, &r);
	wb_printf("boot: the BIOS returned from INT 18h: no other boot device\n");
	return -WB_ENOTSUP;
}
