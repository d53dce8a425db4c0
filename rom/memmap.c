// SPDX-License-Identifier: GPL-2.0-or-later
/* Memory map and image allocator for BIOS (rom/memmap.h, platform_image_alloc). */
#include "rom/memmap.h"

#include <stdbool.h>

#include "core/errors.h"
#include "core/heap.h"
#include "core/platform.h"
#include "core/printf.h"
#include "core/string.h"
#include "loaders/multiboot.h"
#include "rom/realmode.h"

#define PAGE 4096ULL
#define ONE_MB 0x100000ULL
#define FOUR_GB 0x100000000ULL
#define MAX_RANGES 32
#define E820_RAM 1
#define SMAP 0x534D4150

struct range {
	uint64_t start, end; /* [start, end), page aligned */
};

static struct range ranges[MAX_RANGES];
static int nranges;
static uint64_t ram_top;
static uint64_t top_down_low = UINT64_MAX; /* lowest address handed out top-down */

/* Add [start, end) to the sorted, merged free list. */
static void range_add(uint64_t start, uint64_t end)
{
	if (start >= end)
		return;
	int i = 0;
	while (i < nranges && ranges[i].end < start)
		i++;
	if (i < nranges && ranges[i].start <= end) {
		/* Overlaps or touches range i: extend it, then swallow followers. */
		if (start < ranges[i].start)
			ranges[i].start = start;
		if (end > ranges[i].end)
			ranges[i].end = end;
		while (i + 1 < nranges && ranges[i + 1].start <= ranges[i].end) {
			if (ranges[i + 1].end > ranges[i].end)
				ranges[i].end = ranges[i + 1].end;
			memmove(&ranges[i + 1], &ranges[i + 2], (size_t)(nranges - i - 2) * sizeof(ranges[0]));
			nranges--;
		}
		return;
	}
	if (nranges == MAX_RANGES)
		return; /* drop the range: losing memory is safe */
	memmove(&ranges[i + 1], &ranges[i], (size_t)(nranges - i) * sizeof(ranges[0]));
	ranges[i] = (struct range){ start, end };
	nranges++;
}

/* Remove [start, end) from the free list. */
static void range_remove(uint64_t start, uint64_t end)
{
	for (int i = 0; i < nranges; i++) {
		struct range r = ranges[i];
		if (r.end <= start || r.start >= end)
			continue;
		if (r.start < start && r.end > end) {
			/* Split in two. */
			ranges[i].end = start;
			range_add(end, r.end);
			return;
		}
		if (r.start < start) {
			ranges[i].end = start;
		} else if (r.end > end) {
			ranges[i].start = end;
		} else {
			memmove(&ranges[i], &ranges[i + 1], (size_t)(nranges - i - 1) * sizeof(ranges[0]));
			nranges--;
			i--;
		}
	}
}

/* Clip a RAM range to [1 MiB, 4 GiB), pages inward, and add it. */
static void add_ram(uint64_t base, uint64_t len)
{
	uint64_t end = base + len;
	if (end > FOUR_GB)
		end = FOUR_GB;
	if (base < ONE_MB)
		base = ONE_MB;
	base = (base + PAGE - 1) & ~(PAGE - 1);
	end &= ~(PAGE - 1);
	if (base < end) {
		range_add(base, end);
		if (end > ram_top)
			ram_top = end;
	}
}

struct e820_entry {
	uint64_t base, len;
	uint32_t type;
	uint32_t ext; /* ACPI 3.0 attributes, if the BIOS writes them */
} __attribute__((packed));

#define E820_MAX 64

static struct e820_entry map[E820_MAX]; /* .bss: below 1 MiB */
static int nmap;

/* INT 15h E820: RAM first, then every other type carved out (entries may overlap). */
static int read_e820(void)
{
	static struct e820_entry buf;
	int n = 0;
	uint32_t cont = 0;
	do {
		struct rm_regs r = { .eax = 0xE820, .edx = SMAP, .ebx = cont, .ecx = sizeof(buf),
				     .es = rm_seg(&buf), .edi = rm_off(&buf) };
		buf.ext = 1; /* "valid" unless the BIOS says otherwise */
		bios_int(0x15, &r);
		if (r.flags & EFLAGS_CF)
			break; /* some BIOSes end the list with CF */
		if (r.eax != SMAP)
			return 0; /* not supported, or a broken list: ignore it */
		/* Keep 20-byte entries, and 24-byte ones whose "valid" attribute is set. */
		if (r.ecx == 20 || (r.ecx > 20 && (buf.ext & 1)))
			map[n++] = buf;
		cont = r.ebx;
	} while (cont && n < E820_MAX);
	nmap = n;
	for (int i = 0; i < n; i++)
		if (map[i].type == E820_RAM)
			add_ram(map[i].base, map[i].len);
	for (int i = 0; i < n; i++)
		if (map[i].type != E820_RAM)
			range_remove(map[i].base & ~(PAGE - 1), (map[i].base + map[i].len + PAGE - 1) & ~(PAGE - 1));
	return n;
}

/* Old BIOSes: INT 15h E801 (1-16 MiB in KiB, above 16 MiB in 64 KiB), then AH=88h. */
static void read_e801_88(void)
{
	struct rm_regs r = { .eax = 0xE801 };
	bios_int(0x15, &r);
	if (!(r.flags & EFLAGS_CF)) {
		uint32_t low_kb = (r.ecx & 0xFFFF) ? (r.ecx & 0xFFFF) : (r.eax & 0xFFFF);
		uint32_t high_64k = (r.edx & 0xFFFF) ? (r.edx & 0xFFFF) : (r.ebx & 0xFFFF);
		add_ram(ONE_MB, (uint64_t)low_kb * 1024);
		add_ram(16 * ONE_MB, (uint64_t)high_64k * 65536);
		return;
	}
	r = (struct rm_regs){ .eax = 0x8800 };
	bios_int(0x15, &r);
	if (!(r.flags & EFLAGS_CF))
		add_ram(ONE_MB, (uint64_t)(r.eax & 0xFFFF) * 1024);
}

int memmap_init(void)
{
	nranges = 0;
	nmap = 0;
	ram_top = 0;
	if (!read_e820())
		read_e801_88();
	return nranges;
}

uint64_t memmap_free_bytes(void)
{
	uint64_t sum = 0;
	for (int i = 0; i < nranges; i++)
		sum += ranges[i].end - ranges[i].start;
	return sum;
}

uint64_t memmap_top(void) { return ram_top; }

uint64_t memmap_top_down_low(void) { return top_down_low < ram_top ? top_down_low : ram_top; }

int memmap_bios_map(struct multiboot_memory *out, int max)
{
	int n = nmap < max ? nmap : max;
	for (int i = 0; i < n; i++)
		out[i] = (struct multiboot_memory){ map[i].base, map[i].len, map[i].type };
	return n;
}

void memmap_reserve(uint64_t start, uint64_t end)
{
	range_remove(start & ~(PAGE - 1), (end + PAGE - 1) & ~(PAGE - 1));
}

int memmap_init_heap(size_t size)
{
	void *arena = platform_image_alloc(size, UINT64_MAX, 1);
	if (!arena)
		return -WB_ENOMEM;
	heap_init_global(arena, size);
	return 0;
}

void *platform_image_alloc(size_t len, uint64_t max_end, int top_down)
{
	uint64_t need = ((uint64_t)len + PAGE - 1) & ~(PAGE - 1);
	uint64_t best = 0;
	bool found = false;
	if (!need)
		need = PAGE;
	for (int i = 0; i < nranges; i++) {
		uint64_t end = ranges[i].end < max_end ? ranges[i].end : (max_end & ~(PAGE - 1));
		if (end < ranges[i].start || end - ranges[i].start < need)
			continue;
		uint64_t at = top_down ? end - need : ranges[i].start;
		if (!found || (top_down ? at > best : at < best)) {
			best = at;
			found = true;
		}
	}
	if (!found)
		return NULL;
	range_remove(best, best + need);
	if (top_down && best < top_down_low)
		top_down_low = best;
	return (void *)(uintptr_t)best;
}

void platform_image_free(void *p, size_t len)
{
	if (!p)
		return;
	uint64_t start = (uintptr_t)p;
	range_add(start, start + (((uint64_t)len + PAGE - 1) & ~(PAGE - 1)));
}

uint64_t platform_phys_addr(const void *p) { return (uintptr_t)p; }

uint32_t memmap_base_end(void)
{
	uint32_t end = (uint32_t)bda_read16(BDA_BASE_MEM_KB) * 1024;
	uint32_t ebda = (uint32_t)bda_read16(BDA_EBDA_SEG) * 16;
	if (ebda >= 0x80000 && ebda < end)
		end = ebda;
	return end;
}
