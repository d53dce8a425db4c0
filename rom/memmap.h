/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Memory above 1 MiB for large images and the heap: the BIOS memory map (INT 15h E820, or
 * E801/88h on old machines) turned into a list of free page-aligned ranges below 4 GiB, from
 * which platform_image_alloc() carves images.  Memory a PXE stack hides from E820 while it
 * is loaded is therefore never handed out.
 */
#ifndef WB_ROM_MEMMAP_H
#define WB_ROM_MEMMAP_H

#include <stddef.h>
#include <stdint.h>

/* Read the memory map; returns the number of free ranges (0 = no memory above 1 MiB). */
int memmap_init(void);
/* Give the global heap `size` bytes from the top of memory; 0 or -WB_ENOMEM. */
int memmap_init_heap(size_t size);
/* Free RAM above 1 MiB in bytes, and the end of the highest RAM range (for messages). */
uint64_t memmap_free_bytes(void);
uint64_t memmap_top(void);
/* The lowest address platform_image_alloc() ever handed out top-down (the heap, NIC rings
 * sit in [memmap_top_down_low(), memmap_top())); memmap_top() when none was. */
uint64_t memmap_top_down_low(void);
/* End of usable base memory: the free-memory mark (40:13) or the EBDA, whichever is lower. */
uint32_t memmap_base_end(void);

struct multiboot_memory;
/*
 * The BIOS's E820 map as read at start (at most max entries; 0 when the BIOS has no E820),
 * for a kernel's boot information (Multiboot).
 */
int memmap_bios_map(struct multiboot_memory *out, int max);
/* Take [start, end) (widened to pages) out of the free ranges: images never go there. */
void memmap_reserve(uint64_t start, uint64_t end);

#endif
