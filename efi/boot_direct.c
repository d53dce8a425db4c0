// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Booting a kernel without its EFI stub (Kitten's bzImage, protocol 2.06; or any bzImage when
 * BOOT_NO_EFI_STUB asks for it): we play the role of a BIOS boot loader.
 *
 *  1. Place the protected-mode kernel: exactly at code32_start (0x100000) when it is not
 *     relocatable, else anywhere below 4 GiB aligned to kernel_alignment.
 *  2. Build boot_params ("zero page"): the setup header copied from the file, the loader
 *     fields from bzimage_fill_setup(), screen_info from GOP, the RSDP, efi_info, and an
 *     E820 table converted from the EFI memory map.
 *  3. ExitBootServices (retrying when the map key went stale), then jump through
 *     efi/kernel_entry.S: the 64-bit entry (load address + 0x200) when the header promises
 *     one (XLF_KERNEL_64), else the 32-bit entry at code32_start with paging off.
 *
 * After ExitBootServices nothing may allocate or print; everything is prepared before.
 */
#include "efi/efi_platform.h"

#include "core/byteorder.h"
#include "core/errors.h"
#include "core/platform.h"
#include "core/printf.h"
#include "core/string.h"
#include "loaders/boot_plan.h"
#include "loaders/bzimage.h"

/* boot_params offsets (Documentation/arch/x86/zero-page.rst) */
#define BP_SCREEN_INFO 0x000
#define BP_ACPI_RSDP_ADDR 0x070
#define BP_EFI_INFO 0x1C0
#define BP_E820_ENTRIES 0x1E8
#define BP_HDR_LIMIT 0x290       /* end of struct setup_header in boot_params */
#define BP_E820_TABLE 0x2D0
#define E820_MAX 128
#define E820_ENTRY_SIZE 20

#define E820_RAM 1
#define E820_RESERVED 2
#define E820_ACPI 3
#define E820_NVS 4
#define E820_UNUSABLE 5
#define E820_PMEM 7
#define E820_SOFT_RESERVED 0xEFFFFFFF

#define EFI_MEMORY_SP 0x40000ull /* "specific purpose" memory attribute (UEFI 2.8) */

/* The block below 4 GiB that the kernel entry needs. */
#define LOW_BOOT_PARAMS 0x0000
#define LOW_TRAMPOLINE 0x1000
#define LOW_GDT 0x1800
#define LOW_GDTR 0x1840
#define LOW_ENTRY_ARGS 0x1880 /* struct entry_args, read by the trampoline */
#define LOW_STACK_TOP 0x3000
#define LOW_CMDLINE 0x3000

#define GDT_CODE64 0x00AF9A000000FFFFull
#define GDT_CODE32 0x00CF9A000000FFFFull
#define GDT_DATA 0x00CF92000000FFFFull

/* LoadOptions "entry32": use the 32-bit entry even when a 64-bit one exists (tests Kitten's). */
bool efi_force_entry32;

extern const uint8_t efi_trampoline_start[], efi_trampoline_end[];
/* What efi/kernel_entry.S reads (offsets documented there). */
struct entry_args {
	uint64_t entry, boot_params, gdtr, mode32, stack_top;
	uint64_t copy_dst, copy_src, copy_len;
};
typedef void (*trampoline_fn)(const struct entry_args *args);

static void mask_to_field(uint32_t mask, uint8_t *size, uint8_t *pos)
{
	uint8_t p = 0, s = 0;

	while (mask && !(mask & 1)) {
		mask >>= 1;
		p++;
	}
	while (mask & 1) {
		mask >>= 1;
		s++;
	}
	*size = s;
	*pos = s ? p : 0;
}

/* screen_info for an EFI framebuffer (VIDEO_TYPE_EFI), when the firmware has GOP. */
static void fill_screen_info(uint8_t *si)
{
	EFI_GRAPHICS_OUTPUT_PROTOCOL *gop = NULL;
	EFI_GRAPHICS_OUTPUT_MODE_INFORMATION *mi;
	uint8_t f[8]; /* red size/pos, green, blue, reserved */
	uint64_t base;

	if (EFI_ERROR(BS->LocateProtocol(&gEfiGraphicsOutputProtocolGuid, NULL, (void **)&gop)) ||
	    !gop->Mode || !gop->Mode->Info || !gop->Mode->FrameBufferBase)
		return;
	mi = gop->Mode->Info;
	switch (mi->PixelFormat) {
	case PixelRedGreenBlueReserved8BitPerColor:
		memcpy(f, (uint8_t[]){ 8, 0, 8, 8, 8, 16, 8, 24 }, 8);
		break;
	case PixelBlueGreenRedReserved8BitPerColor:
		memcpy(f, (uint8_t[]){ 8, 16, 8, 8, 8, 0, 8, 24 }, 8);
		break;
	case PixelBitMask:
		mask_to_field(mi->PixelInformation.RedMask, &f[0], &f[1]);
		mask_to_field(mi->PixelInformation.GreenMask, &f[2], &f[3]);
		mask_to_field(mi->PixelInformation.BlueMask, &f[4], &f[5]);
		mask_to_field(mi->PixelInformation.ReservedMask, &f[6], &f[7]);
		break;
	default:
		return; /* BltOnly: no linear framebuffer to hand over */
	}
	base = gop->Mode->FrameBufferBase;
	si[0x0F] = 0x70; /* orig_video_isVGA = VIDEO_TYPE_EFI */
	put_le16(si + 0x12, (uint16_t)mi->HorizontalResolution);
	put_le16(si + 0x14, (uint16_t)mi->VerticalResolution);
	put_le16(si + 0x16, 32);
	put_le32(si + 0x18, (uint32_t)base);
	put_le32(si + 0x1C, (uint32_t)gop->Mode->FrameBufferSize);
	put_le16(si + 0x24, (uint16_t)(mi->PixelsPerScanLine * 4));
	memcpy(si + 0x26, f, 8);
	if (base >> 32) {
		put_le32(si + 0x36, 0x2); /* VIDEO_CAPABILITY_64BIT_BASE */
		put_le32(si + 0x3A, (uint32_t)(base >> 32));
	}
}

uint32_t efi_e820_type(const EFI_MEMORY_DESCRIPTOR *d)
{
	switch (d->Type) {
	case EfiLoaderCode:
	case EfiLoaderData:
	case EfiBootServicesCode:
	case EfiBootServicesData:
	case EfiConventionalMemory:
		return (d->Attribute & EFI_MEMORY_SP) ? E820_SOFT_RESERVED : E820_RAM;
	case EfiReservedMemoryType:
	case EfiRuntimeServicesCode:
	case EfiRuntimeServicesData:
	case EfiMemoryMappedIO:
	case EfiMemoryMappedIOPortSpace:
	case EfiPalCode:
		return E820_RESERVED;
	case EfiACPIReclaimMemory:
		return E820_ACPI;
	case EfiACPIMemoryNVS:
		return E820_NVS;
	case EfiUnusableMemory:
		return E820_UNUSABLE;
	case 14: /* EfiPersistentMemory */
		return E820_PMEM;
	default:
		return 0;
	}
}

/*
 * The E820 table from a memory map, neighbours of one type merged (OVMF: ~126 descriptors
 * become ~16 entries).  Runs between GetMemoryMap and ExitBootServices: no allocation, no
 * output.  Entries beyond 128 are dropped (the highest addresses on a sorted map).
 */
static void fill_e820(uint8_t *bp, const uint8_t *map, UINTN map_size, UINTN desc_size)
{
	unsigned n = 0;
	uint64_t last_end = 0;
	uint32_t last_type = 0;

	for (UINTN off = 0; off + desc_size <= map_size; off += desc_size) {
		const EFI_MEMORY_DESCRIPTOR *d = (const void *)(map + off);
		uint32_t type = efi_e820_type(d);
		uint64_t start = d->PhysicalStart, size = d->NumberOfPages << EFI_PAGE_SHIFT;
		uint8_t *e;

		if (!type || !size)
			continue;
		if (n && type == last_type && start == last_end) {
			e = bp + BP_E820_TABLE + (n - 1) * E820_ENTRY_SIZE;
			put_le64(e + 8, get_le64(e + 8) + size);
			last_end += size;
			continue;
		}
		if (n == E820_MAX)
			break;
		e = bp + BP_E820_TABLE + n * E820_ENTRY_SIZE;
		put_le64(e, start);
		put_le64(e + 8, size);
		put_le32(e + 16, type);
		n++;
		last_end = start + size;
		last_type = type;
	}
	bp[BP_E820_ENTRIES] = (uint8_t)n;
}

static void fill_efi_info(uint8_t *bp, const void *map, UINTN map_size, UINTN desc_size,
			  UINT32 desc_version)
{
	uint64_t systab = (uint64_t)(uintptr_t)ST, mm = (uint64_t)(uintptr_t)map;
	uint8_t *e = bp + BP_EFI_INFO;

	put_le32(e + 0x00, 0x34364C45); /* "EL64" */
	put_le32(e + 0x04, (uint32_t)systab);
	put_le32(e + 0x08, (uint32_t)desc_size);
	put_le32(e + 0x0C, desc_version);
	put_le32(e + 0x10, (uint32_t)mm);
	put_le32(e + 0x14, (uint32_t)map_size);
	put_le32(e + 0x18, (uint32_t)(systab >> 32));
	put_le32(e + 0x1C, (uint32_t)(mm >> 32));
}

/* Where the protected-mode kernel runs, and the memory taken for it. */
struct kernel_place {
	uint64_t addr;
	size_t need;        /* bytes from addr the kernel may use before it moves itself */
	void *alloc;        /* pages to free if the boot fails later; NULL if none */
	size_t alloc_len;
	bool after_ebs;     /* copy to addr only after ExitBootServices (see below) */
};

/*
 * Place the protected-mode kernel and copy it there.  A relocatable kernel goes to its
 * pref_address when free, else anywhere below 4 GiB aligned to kernel_alignment.  A
 * non-relocatable one (Kitten) must run at code32_start: if the firmware still uses memory
 * there, the copy is deferred until after ExitBootServices, which is fine as long as that
 * memory is boot-services or free memory (checked on the final memory map).
 */
static int place_kernel(const struct boot_plan *plan, struct kernel_place *k)
{
	const struct bzimage_info *info = &plan->info;
	EFI_PHYSICAL_ADDRESS addr;

	k->need = info->kernel_len > info->init_size ? info->kernel_len : info->init_size;
	if (!info->relocatable) {
		k->addr = addr = info->code32_start;
		if (EFI_ERROR(BS->AllocatePages(AllocateAddress, EfiLoaderCode,
						EFI_SIZE_TO_PAGES(k->need), &addr))) {
			k->after_ebs = true;
			return 0;
		}
		k->alloc = (void *)(uintptr_t)addr;
		k->alloc_len = k->need;
	} else {
		uint64_t align = info->kernel_alignment;

		if (align < EFI_PAGE_SIZE || (align & (align - 1)))
			align = 0x200000;
		/* Its preferred address saves the decompressor a move, when free. */
		addr = info->pref_address;
		if (addr && addr + k->need <= (1ull << 32) && !(addr & (align - 1)) &&
		    !EFI_ERROR(BS->AllocatePages(AllocateAddress, EfiLoaderCode,
						 EFI_SIZE_TO_PAGES(k->need), &addr))) {
			k->addr = addr;
			k->alloc = (void *)(uintptr_t)addr;
			k->alloc_len = k->need;
		} else {
			k->alloc_len = k->need + align;
			k->alloc = efi_alloc_pages(k->alloc_len, 1ull << 32, EfiLoaderCode);
			if (!k->alloc) {
				wb_printf("No room below 4 GiB for the kernel (%lu KiB)\n",
					  (unsigned long)(k->need >> 10));
				return -WB_ENOMEM;
			}
			k->addr = ((uint64_t)(uintptr_t)k->alloc + align - 1) & ~(align - 1);
		}
	}
	memcpy((void *)(uintptr_t)k->addr, plan->kernel + info->kernel_offset, info->kernel_len);
	return 0;
}

/*
 * For a deferred kernel copy: is any part of [start, start+len) still in use after
 * ExitBootServices?  Usable are only boot-services code/data and free memory (so our own
 * allocations count as in use); a gap in the map (no RAM) is in use too.  The first
 * offending descriptor goes to *out.
 */
static bool range_conflict(const uint8_t *map, UINTN map_size, UINTN desc_size, uint64_t start,
			   uint64_t len, EFI_MEMORY_DESCRIPTOR *out)
{
	uint64_t covered = start;

	/* Walk the map in address order from `covered` (maps are small: a few hundred entries). */
	while (covered < start + len) {
		const EFI_MEMORY_DESCRIPTOR *next = NULL;
		for (UINTN off = 0; off + desc_size <= map_size; off += desc_size) {
			const EFI_MEMORY_DESCRIPTOR *d = (const void *)(map + off);
			uint64_t end = d->PhysicalStart + (d->NumberOfPages << EFI_PAGE_SHIFT);
			if (d->PhysicalStart <= covered && end > covered) {
				next = d;
				break;
			}
		}
		if (!next) {
			*out = (EFI_MEMORY_DESCRIPTOR){ .Type = EfiReservedMemoryType,
							.PhysicalStart = covered, .NumberOfPages = 1 };
			return true;
		}
		if (next->Type != EfiBootServicesCode && next->Type != EfiBootServicesData &&
		    next->Type != EfiConventionalMemory) {
			*out = *next;
			return true;
		}
		covered = next->PhysicalStart + (next->NumberOfPages << EFI_PAGE_SHIFT);
	}
	return false;
}

/* The initrd where the kernel can reach it: below its initrd_addr_max and 4 GiB. */
static const uint8_t *place_initrd(const struct boot_plan *plan)
{
	uint64_t limit = bzimage_initrd_limit(&plan->info, 1ull << 32);
	uint8_t *copy;

	if (platform_phys_addr(plan->initrd) + plan->initrd_len <= limit)
		return plan->initrd;
	copy = efi_alloc_pages(plan->initrd_len, limit, EfiLoaderData);
	if (!copy) {
		wb_printf("No room for the initrd below 0x%lx\n", (unsigned long)limit);
		return NULL;
	}
	memcpy(copy, plan->initrd, plan->initrd_len);
	return copy;
}

/*
 * Take the final memory map into `map` and exit boot services, retrying when the map changed
 * under us.  Fills the E820 table and efi_info from the map that was accepted.  With a
 * deferred kernel copy, EFI_ACCESS_DENIED (boot services still up) and *conflict when its
 * destination is not free.
 */
static EFI_STATUS exit_boot_services(uint8_t *bp, uint8_t *map, UINTN map_cap,
				     const struct kernel_place *k,
				     EFI_MEMORY_DESCRIPTOR *conflict)
{
	EFI_STATUS s = EFI_INVALID_PARAMETER;

	for (int tries = 0; tries < 8 && s == EFI_INVALID_PARAMETER; tries++) {
		UINTN size = map_cap, key, desc_size;
		UINT32 desc_version;

		s = BS->GetMemoryMap(&size, (EFI_MEMORY_DESCRIPTOR *)map, &key, &desc_size,
				     &desc_version);
		if (EFI_ERROR(s))
			return s;
		if (k->after_ebs && range_conflict(map, size, desc_size, k->addr, k->need, conflict))
			return EFI_ACCESS_DENIED;
		fill_e820(bp, map, size, desc_size);
		fill_efi_info(bp, map, size, desc_size, desc_version);
		s = BS->ExitBootServices(efi_image_handle, key);
	}
	return s;
}

int efi_boot_direct(const struct boot_plan *plan)
{
	const struct bzimage_info *info = &plan->info;
	const uint8_t *initrd = NULL;
	uint8_t *map = NULL;
	size_t map_cap = 0;
	bool entry64 = (info->xloadflags & BZ_XLF_KERNEL_64) && !efi_force_entry32;
	size_t cmdline_len = plan->cmdline ? strlen(plan->cmdline) : 0;
	size_t hdr_end, low_size;
	UINTN map_size = 0, key, desc_size = 0;
	UINT32 desc_version;
	uint8_t *low, *bp;
	struct kernel_place kp = { 0 };
	struct entry_args *args;
	const uint8_t *copy_src;
	uint8_t *staged = NULL;
	EFI_MEMORY_DESCRIPTOR conflict = { 0 };
	uint64_t kernel, entry;
	struct bzimage_load load;
	EFI_STATUS s;
	int rc;

	if (cmdline_len > info->cmdline_size) {
		wb_printf("Command line cut to the kernel's limit of %u characters\n",
			  info->cmdline_size);
		cmdline_len = info->cmdline_size;
	}
	low_size = LOW_CMDLINE + cmdline_len + 1;
	low = efi_alloc_pages(low_size, 1ull << 32, EfiLoaderCode);
	if (!low)
		return -WB_ENOMEM;
	rc = place_kernel(plan, &kp);
	if (rc < 0)
		goto fail;
	kernel = kp.addr;
	/* A deferred copy runs with paging off for the 32-bit entry: its source below 4 GiB. */
	copy_src = plan->kernel + info->kernel_offset;
	if (kp.after_ebs && platform_phys_addr(copy_src) + info->kernel_len > (1ull << 32)) {
		staged = efi_alloc_pages(info->kernel_len, 1ull << 32, EfiLoaderData);
		if (!staged) {
			rc = -WB_ENOMEM;
			goto fail;
		}
		copy_src = memcpy(staged, copy_src, info->kernel_len);
	}
	if (plan->initrd && plan->initrd_len) {
		initrd = place_initrd(plan);
		if (!initrd) {
			rc = -WB_ETOOBIG;
			goto fail;
		}
	}

	/* The zero page: header from the file (never the sentinel at 0x1EF), then our fields. */
	bp = low + LOW_BOOT_PARAMS;
	memset(low, 0, LOW_CMDLINE);
	hdr_end = info->header_end;
	if (hdr_end > BP_HDR_LIMIT)
		hdr_end = BP_HDR_LIMIT;
	memcpy(bp + BZ_SETUP_HEADER_OFFSET, plan->kernel + BZ_SETUP_HEADER_OFFSET,
	       hdr_end - BZ_SETUP_HEADER_OFFSET);
	memcpy(low + LOW_CMDLINE, plan->cmdline ? plan->cmdline : "", cmdline_len);
	low[LOW_CMDLINE + cmdline_len] = 0;
	load = (struct bzimage_load){
		.setup_base = 0,
		.kernel_addr = (uint32_t)kernel,
		.cmdline_addr = (uint32_t)(uintptr_t)(low + LOW_CMDLINE),
		.initrd_addr = (uint32_t)(uintptr_t)initrd,
		.initrd_len = initrd ? (uint32_t)plan->initrd_len : 0,
		.vid_mode = 0xFFFF,
	};
	rc = bzimage_fill_setup(info, bp, 0x1000, &load);
	if (rc < 0)
		goto fail;
	fill_screen_info(bp + BP_SCREEN_INFO);
	if (info->protocol >= BZ_PROTO(2, 14))
		put_le64(bp + BP_ACPI_RSDP_ADDR, efi_acpi_rsdp());

	/* GDT and trampoline in the low block. */
	put_le64(low + LOW_GDT + 0x10, entry64 ? GDT_CODE64 : GDT_CODE32);
	put_le64(low + LOW_GDT + 0x18, GDT_DATA);
	put_le16(low + LOW_GDTR, 4 * 8 - 1);
	put_le64(low + LOW_GDTR + 2, (uint64_t)(uintptr_t)(low + LOW_GDT));
	memcpy(low + LOW_TRAMPOLINE, efi_trampoline_start,
	       (size_t)(efi_trampoline_end - efi_trampoline_start));
	entry = entry64 ? kernel + 0x200 : kernel;
	args = (struct entry_args *)(low + LOW_ENTRY_ARGS);
	*args = (struct entry_args){
		.entry = entry,
		.boot_params = (uint64_t)(uintptr_t)bp,
		.gdtr = (uint64_t)(uintptr_t)(low + LOW_GDTR),
		.mode32 = !entry64,
		.stack_top = (uint64_t)(uintptr_t)(low + LOW_STACK_TOP),
		/* from our buffer into memory the firmware releases at ExitBootServices */
		.copy_dst = kp.after_ebs ? kp.addr : 0,
		.copy_src = kp.after_ebs ? (uint64_t)(uintptr_t)copy_src : 0,
		.copy_len = kp.after_ebs ? info->kernel_len : 0,
	};

	/* The memory map buffer, with room for the descriptors our own allocation adds. */
	s = BS->GetMemoryMap(&map_size, NULL, &key, &desc_size, &desc_version);
	if (s != EFI_BUFFER_TOO_SMALL || !desc_size) {
		rc = efi_to_wb(s);
		goto fail;
	}
	map_cap = map_size + 16 * desc_size;
	map = efi_alloc_pages(map_cap, UINT64_MAX, EfiLoaderData);
	if (!map) {
		rc = -WB_ENOMEM;
		goto fail;
	}

	wb_printf("Starting the kernel without its EFI stub: %s entry at 0x%lx\n",
		  entry64 ? "64-bit" : "32-bit", (unsigned long)entry);
	efi_snp_quiesce();
	s = exit_boot_services(bp, map, map_cap, &kp, &conflict);
	if (s == EFI_ACCESS_DENIED && kp.after_ebs) {
		wb_printf("This kernel is not relocatable and must run at 0x%lx-0x%lx, but the "
			  "firmware keeps memory of type %u at 0x%lx-0x%lx\n",
			  (unsigned long)kp.addr, (unsigned long)(kp.addr + kp.need),
			  (unsigned)conflict.Type, (unsigned long)conflict.PhysicalStart,
			  (unsigned long)(conflict.PhysicalStart +
					  (conflict.NumberOfPages << EFI_PAGE_SHIFT)));
		rc = -WB_ETOOBIG;
		goto fail;
	}
	if (EFI_ERROR(s)) {
		/* Boot services may be half gone; try to say so anyway. */
		wb_printf("ExitBootServices failed (EFI status 0x%lx)\n", (unsigned long)s);
		return efi_to_wb(s);
	}
	((trampoline_fn)(void *)(low + LOW_TRAMPOLINE))(args);
	__builtin_unreachable();
fail:
	efi_free_pages(map, map_cap);
	if (initrd && initrd != plan->initrd)
		efi_free_pages((void *)initrd, plan->initrd_len);
	efi_free_pages(staged, info->kernel_len);
	efi_free_pages(kp.alloc, kp.alloc_len);
	efi_free_pages(low, low_size);
	return rc;
}
