// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * rom_boot_multiboot() for BIOS: the kernel's segments must land at their physical
 * addresses, which the fetched files may occupy.  So first the segments' ranges are taken
 * out of the free memory (rom/memmap.h), the kernel file and any module lying in one of them
 * are copied elsewhere, and the Multiboot information (with the BIOS's E820 map) is built in
 * fresh memory; nothing the kernel needs then overlaps a segment.  After the network is shut
 * down the segments are copied (wireboot itself, its stack and this code are below 1 MiB,
 * where no segment may go) and the kernel is entered as the Multiboot specification says:
 * 32-bit flat protected mode, paging off, A20 on (since wireboot's start), interrupts off,
 * EAX = 0x2BADB002, EBX = the information.  A failure before the jump leaves the segments'
 * ranges out of the free memory for the rest of this run (they may hold live buffers, so
 * they cannot simply be given back).
 */
#include "rom/boot_multiboot.h"

#include "core/errors.h"
#include "core/heap.h"
#include "core/platform.h"
#include "core/printf.h"
#include "core/string.h"
#include "loaders/boot_plan.h"
#include "loaders/multiboot.h"
#include "rom/boot_linux.h"
#include "rom/memmap.h"

#define MAP_MAX 64
#define FOUR_GB 0x100000000ull

/* p, or a copy of it where no segment goes (NULL when there is no room for one). */
static const uint8_t *clear_of_segments(const uint8_t *p, size_t len,
					const struct multiboot_image *img)
{
	uint32_t at = (uint32_t)platform_phys_addr(p);
	for (size_t i = 0; i < img->nsegs; i++) {
		const struct multiboot_segment *s = &img->seg[i];
		if (at < s->dest + s->memsz && s->dest < at + len) {
			uint8_t *q = platform_image_alloc(len, FOUR_GB, 1);
			if (q)
				memcpy(q, p, len);
			return q;
		}
	}
	return p;
}

int rom_boot_multiboot(const struct boot_plan *plan)
{
	static struct multiboot_memory map[MAP_MAX]; /* .bss: below 1 MiB */
	size_t nmods = plan->nfiles - 1;

	if (!plan->multiboot) {
		wb_printf("boot: %s: a Multiboot 2 kernel without a Multiboot 1 header: the BIOS "
			  "images load Multiboot 1\n", plan->label);
		return -WB_ENOTSUP;
	}
	struct multiboot_image img = *plan->multiboot;
	int n = memmap_bios_map(map, MAP_MAX);
	if (!n) {
		wb_printf("boot: %s: the BIOS gave no E820 memory map: a Multiboot kernel needs one\n",
			  plan->label);
		return -WB_ENOTSUP;
	}
	if (multiboot_check_memory(&img, map, (size_t)n)) {
		wb_printf("boot: %s: %s\n", plan->label, img.error);
		return -WB_ERANGE;
	}
	for (size_t i = 0; i < img.nsegs; i++)
		memmap_reserve(img.seg[i].dest, (uint64_t)img.seg[i].dest + img.seg[i].memsz);
	struct multiboot_module_ref *mods = wb_zalloc((nmods + 1) * sizeof(*mods));
	const uint8_t *kernel = clear_of_segments(plan->kernel, plan->kernel_len, &img);
	for (size_t i = 0; mods && kernel && i < nmods; i++) {
		const struct boot_plan_file *f = &plan->files[1 + i];
		const uint8_t *data = clear_of_segments(f->data, f->len, &img);
		if (!data && f->len)
			kernel = NULL; /* no room for the copy */
		mods[i].start = (uint32_t)platform_phys_addr(data);
		mods[i].end = mods[i].start + (uint32_t)f->len;
		mods[i].string = plan->module_strings[i];
	}
	size_t size = mods ? multiboot_info_size(plan->cmdline, mods, nmods, (size_t)n) : 0;
	uint8_t *info = size ? platform_image_alloc(size, FOUR_GB, 1) : NULL;
	if (!kernel || !info) {
		wb_printf("boot: %s: not enough memory outside the kernel's segments for the kernel "
			  "file, the modules and the boot information\n", plan->label);
		wb_free(mods);
		return -WB_ENOMEM;
	}
	multiboot_info_build(info, size, (uint32_t)platform_phys_addr(info), plan->cmdline, mods,
			     nmods, map, (size_t)n);
	wb_free(mods);
	wb_printf("Booting %s: Multiboot kernel (%s), entry %#x, %zu module%s, info at %#x\n",
		  plan->label, img.format, img.entry, nmods, nmods == 1 ? "" : "s",
		  (uint32_t)platform_phys_addr(info));
	rom_shutdown(true);

	/* Nothing may fail from here on: the segments may cover the heap. */
	for (size_t i = 0; i < img.nsegs; i++) {
		uint8_t *dest = (uint8_t *)(uintptr_t)img.seg[i].dest;
		memcpy(dest, kernel + img.seg[i].offset, img.seg[i].filesz);
		memset(dest + img.seg[i].filesz, 0, img.seg[i].memsz - img.seg[i].filesz);
	}
	__asm__ volatile("cli\n\tjmp *%2"
			 : : "a"(MB1_BOOT_MAGIC), "b"((uint32_t)(uintptr_t)info), "r"(img.entry)
			 : "memory");
	__builtin_unreachable();
}
