// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Memory on UEFI: the small-object heap and image memory both come from AllocatePages.
 * Page-aligned, identity-mapped (physical = virtual while boot services run).
 *
 * Placement: the firmware (EDK II at least) hands out pages top-down below the limit we
 * give it, which is what initrds want.  It has no bottom-up mode; a kernel's buffer here
 * only holds the file, and platform_boot() places the kernel itself, so "lowest" is not
 * needed on this platform.
 */
#include "efi/efi_platform.h"

#include "core/errors.h"
#include "core/heap.h"
#include "core/platform.h"

/* Configs, packet buffers, menus: images never live on the heap. */
#define HEAP_SIZE (8u << 20)

void *efi_alloc_pages(size_t len, uint64_t max_end, EFI_MEMORY_TYPE type)
{
	UINTN pages = EFI_SIZE_TO_PAGES(len ? len : 1);
	EFI_PHYSICAL_ADDRESS addr = 0;
	EFI_ALLOCATE_TYPE how = AllocateAnyPages;

	if (max_end != UINT64_MAX) {
		if (max_end < EFI_PAGE_SIZE)
			return NULL;
		how = AllocateMaxAddress;
		addr = max_end - 1; /* the firmware's limit is inclusive */
	}
	if (EFI_ERROR(BS->AllocatePages(how, type, pages, &addr)))
		return NULL;
	return (void *)(uintptr_t)addr;
}

void efi_free_pages(void *p, size_t len)
{
	if (p)
		BS->FreePages((EFI_PHYSICAL_ADDRESS)(uintptr_t)p, EFI_SIZE_TO_PAGES(len ? len : 1));
}

int efi_heap_init(void)
{
	void *arena = efi_alloc_pages(HEAP_SIZE, UINT64_MAX, EfiLoaderData);

	if (!arena)
		return -WB_ENOMEM;
	heap_init_global(arena, HEAP_SIZE);
	return 0;
}

void *platform_image_alloc(size_t len, uint64_t max_end, int top_down)
{
	return efi_alloc_pages(len, max_end, EfiLoaderData);
}

void platform_image_free(void *p, size_t len)
{
	efi_free_pages(p, len);
}

uint64_t platform_phys_addr(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}
