// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * efi_boot_multiboot2(): Xen's EFI Multiboot 2 path.  The kernel's segments go to their ELF
 * addresses when the firmware has those pages free, else (a relocatable kernel) to pages
 * the firmware picks within the kernel's limits and alignment, shifted as one block; the
 * modules stay in the image memory they were fetched into (page-aligned, below 4 GiB).  The
 * boot information carries the firmware's memory map (as E820 types), the system table and
 * our image handle.  The NIC goes back to the firmware, then the kernel's EFI amd64 entry
 * runs in long mode with boot services still up (EAX = 0x36D76289, RBX = the information);
 * it calls ExitBootServices itself.
 */
#include "efi/efi_platform.h"

#include "core/errors.h"
#include "core/heap.h"
#include "core/platform.h"
#include "core/printf.h"
#include "core/string.h"
#include "loaders/boot_plan.h"
#include "loaders/multiboot2.h"

#define FOUR_GB 0x100000000ull

/* The firmware's memory map as E820-typed ranges, neighbours of one type merged. */
static struct multiboot_memory *memory_map(size_t *n)
{
	UINTN size = 0, key, desc_size;
	UINT32 version;
	struct multiboot_memory *out = NULL;
	uint8_t *map = NULL;

	if (BS->GetMemoryMap(&size, NULL, &key, &desc_size, &version) != EFI_BUFFER_TOO_SMALL ||
	    !desc_size)
		return NULL;
	size += 4 * desc_size;
	map = wb_malloc(size);
	out = wb_malloc((size / desc_size) * sizeof(*out));
	if (!map || !out || EFI_ERROR(BS->GetMemoryMap(&size, (EFI_MEMORY_DESCRIPTOR *)map, &key,
						      &desc_size, &version))) {
		wb_free(map);
		wb_free(out);
		return NULL;
	}
	*n = 0;
	for (UINTN off = 0; off + desc_size <= size; off += desc_size) {
		const EFI_MEMORY_DESCRIPTOR *d = (const void *)(map + off);
		uint32_t type = efi_e820_type(d);
		uint64_t len = d->NumberOfPages << EFI_PAGE_SHIFT;
		if (!type)
			continue;
		if (*n && out[*n - 1].type == type &&
		    out[*n - 1].base + out[*n - 1].len == d->PhysicalStart)
			out[*n - 1].len += len;
		else
			out[(*n)++] = (struct multiboot_memory){ d->PhysicalStart, len, type };
	}
	wb_free(map);
	return out;
}

/*
 * Pages for the kernel's image [lo, lo + span): at lo itself, or where a relocatable kernel
 * may go.  Returns the address chosen (0 when none); *alloc / *pages: what to free.
 */
static uint64_t place_image(const struct multiboot2_image *img, uint32_t lo, uint64_t span,
			    EFI_PHYSICAL_ADDRESS *alloc, UINTN *pages)
{
	*alloc = lo;
	*pages = EFI_SIZE_TO_PAGES(span);
	if (!EFI_ERROR(BS->AllocatePages(AllocateAddress, EfiLoaderData, *pages, alloc)))
		return *alloc;
	if (!img->relocatable || img->reloc_align < EFI_PAGE_SIZE ||
	    (img->reloc_align & (img->reloc_align - 1)) || img->reloc_max <= img->reloc_min)
		return 0;
	uint64_t align = img->reloc_align;
	*alloc = img->reloc_max;
	*pages = EFI_SIZE_TO_PAGES(span + align);
	if (EFI_ERROR(BS->AllocatePages(AllocateMaxAddress, EfiLoaderData, *pages, alloc)))
		return 0;
	uint64_t base = (*alloc + align - 1) & ~(align - 1);
	if (base >= img->reloc_min && base + span - 1 <= img->reloc_max)
		return base;
	BS->FreePages(*alloc, *pages);
	return 0;
}

int efi_boot_multiboot2(const struct boot_plan *plan)
{
	const struct multiboot2_image *img = plan->multiboot2;
	const struct multiboot_image *l;
	size_t nmods = plan->nfiles - 1, nmap = 0;

	if (img->status) {
		wb_printf("boot: %s: %s%s\n", plan->label, img->layout.error,
			  plan->multiboot ? " (a Multiboot 1 kernel: boot it from a BIOS image)" : "");
		return -WB_ENOTSUP;
	}
	l = &img->layout;
	uint32_t lo = UINT32_MAX;
	uint64_t hi = 0;
	for (size_t i = 0; i < l->nsegs; i++) {
		if (l->seg[i].dest < lo)
			lo = l->seg[i].dest;
		if ((uint64_t)l->seg[i].dest + l->seg[i].memsz > hi)
			hi = (uint64_t)l->seg[i].dest + l->seg[i].memsz;
	}
	lo &= ~(uint32_t)(EFI_PAGE_SIZE - 1);
	EFI_PHYSICAL_ADDRESS alloc;
	UINTN pages;
	uint64_t base = place_image(img, lo, hi - lo, &alloc, &pages);
	if (!base) {
		wb_printf("boot: %s: the firmware has no free memory for the kernel at %#x-%#llx%s\n",
			  plan->label, lo, (unsigned long long)hi,
			  img->relocatable ? " nor where it may be relocated" : "");
		return -WB_ENOMEM;
	}
	uint64_t delta = base - lo;
	for (size_t i = 0; i < l->nsegs; i++) {
		uint8_t *dest = (uint8_t *)(uintptr_t)(l->seg[i].dest + delta);
		memcpy(dest, plan->kernel + l->seg[i].offset, l->seg[i].filesz);
		memset(dest + l->seg[i].filesz, 0, l->seg[i].memsz - l->seg[i].filesz);
	}

	struct multiboot_module_ref *mods = wb_zalloc((nmods + 1) * sizeof(*mods));
	struct multiboot_memory *map = memory_map(&nmap);
	for (size_t i = 0; mods && i < nmods; i++) {
		mods[i].start = (uint32_t)platform_phys_addr(plan->files[1 + i].data);
		mods[i].end = mods[i].start + (uint32_t)plan->files[1 + i].len;
		mods[i].string = plan->module_strings[i];
	}
	size_t size = mods && map ? multiboot2_info_size(plan->cmdline, mods, nmods, nmap) : 0;
	uint8_t *info = size ? efi_alloc_pages(size, FOUR_GB, EfiLoaderData) : NULL;
	if (!info) {
		wb_printf("boot: %s: out of memory for the Multiboot 2 information\n", plan->label);
		BS->FreePages(alloc, pages);
		wb_free(mods);
		wb_free(map);
		return -WB_ENOMEM;
	}
	struct multiboot2_efi efi = { .system_table = (uint64_t)(uintptr_t)ST,
				      .image_handle = (uint64_t)(uintptr_t)efi_image_handle,
				      .load_base = (uint32_t)base };
	multiboot2_info_build(info, size, plan->cmdline, mods, nmods, map, nmap, &efi);
	wb_free(mods);
	wb_free(map);
	uint64_t entry = img->efi64_entry + delta;
	wb_printf("Booting %s: Multiboot 2 kernel, EFI amd64 entry %#llx (loaded at %#llx), "
		  "%zu module%s, info at %#llx\n", plan->label, (unsigned long long)entry,
		  (unsigned long long)base, nmods, nmods == 1 ? "" : "s",
		  (unsigned long long)(uintptr_t)info);
	efi_snp_release();
	__asm__ volatile("jmp *%2"
			 : : "a"(MB2_BOOT_MAGIC), "b"((uint64_t)(uintptr_t)info), "r"(entry)
			 : "memory");
	__builtin_unreachable();
}
