// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Firmware tables where BIOS-era kernels look for them.  Kitten (and Linux before its EFI
 * and boot-protocol 2.14 support) finds ACPI only by scanning for the RSDP in the EBDA
 * (segment at 0x40E) and 0xE0000-0xFFFFF, and the MP table in the first KiB, the last KiB
 * of base memory (639 KiB) and 0xF0000-0xFFFFF.  UEFI firmware puts nothing there (OVMF's
 * 0xE0000-0xFFFFF is even read-only), so such a kernel sees no ACPI and one CPU.
 *
 * Before the kernel starts we take one page below 640 KiB as EfiReservedMemoryType (so the
 * E820 map made from the EFI memory map marks it reserved, and the firmware will not hand
 * it out), preferably the last one, 0x9F000:
 *
 *   page + 0x000  MP configuration table, synthesised from the MADT (loaders/mptable.c)
 *   page + 0xC00  copy of the firmware's RSDP (loaders/acpi_rsdp.c): still points at the
 *                 firmware's own RSDT/XSDT, which the E820 map already keeps as ACPI memory
 *   page + 0xC30  MP floating pointer
 *
 * and point the BIOS data area's EBDA segment (0x40E) at page + 0xC00, so both scans find
 * them; at 0x9F000 that KiB is also the "last KiB of base memory".  With no page free there,
 * the kernel boots without them, and we say what it will lack.
 */
#include "efi/efi_platform.h"

#include "core/byteorder.h"
#include "core/errors.h"
#include "core/printf.h"
#include "core/string.h"
#include "core/x86.h"
#include "loaders/acpi_rsdp.h"
#include "loaders/boot_plan.h"
#include "loaders/bzimage.h"
#include "loaders/mptable.h"

#define BASE_MEMORY_END 0xA0000ull   /* 640 KiB */
#define PREFERRED_PAGE 0x9F000ull    /* its last KiB is where kernels scan for "_MP_" */
#define BDA_EBDA_SEGMENT 0x40E
#define PAGE_MPTABLE 0x000
#define PAGE_EBDA 0xC00
#define PAGE_RSDP 0xC00
#define PAGE_MP_FLOATING 0xC30
#define MPTABLE_MAX (PAGE_EBDA - PAGE_MPTABLE)

enum efi_legacy_tables efi_legacy_tables = EFI_LEGACY_TABLES_AUTO;

static EFI_GUID acpi20_guid = ACPI_20_TABLE_GUID;

uint64_t efi_acpi_rsdp(void)
{
	for (UINTN i = 0; i < ST->NumberOfTableEntries; i++) {
		EFI_CONFIGURATION_TABLE *t = &ST->ConfigurationTable[i];
		if (!CompareGuid(&t->VendorGuid, &acpi20_guid))
			return (uint64_t)(uintptr_t)t->VendorTable;
	}
	for (UINTN i = 0; i < ST->NumberOfTableEntries; i++) {
		EFI_CONFIGURATION_TABLE *t = &ST->ConfigurationTable[i];
		if (!CompareGuid(&t->VendorGuid, &AcpiTableGuid))
			return (uint64_t)(uintptr_t)t->VendorTable;
	}
	return 0;
}

/* Physical memory is identity-mapped while boot services run. */
static int read_phys(void *ctx, uint64_t addr, void *buf, size_t len)
{
	(void)ctx;
	if (!addr || addr + len < addr)
		return -WB_ERANGE;
	memcpy(buf, (const void *)(uintptr_t)addr, len);
	return 0;
}

/* Does this kernel find its tables only by scanning legacy areas? */
static bool wants_legacy_tables(const struct boot_plan *plan, bool direct)
{
	if (efi_legacy_tables != EFI_LEGACY_TABLES_AUTO)
		return efi_legacy_tables == EFI_LEGACY_TABLES_ON;
	/* Through its EFI stub a kernel reads the EFI configuration table itself; through our
	 * boot_params it gets acpi_rsdp_addr only from protocol 2.14 on. */
	return direct && (!plan->info.has_efi_stub || plan->info.protocol < BZ_PROTO(2, 14));
}

/* One reserved page below 640 KiB, 0x9F000 if free; the same page on a retried boot. */
static uint8_t *low_page(void)
{
	static EFI_PHYSICAL_ADDRESS page;
	EFI_PHYSICAL_ADDRESS addr = PREFERRED_PAGE;

	if (page)
		return (uint8_t *)(uintptr_t)page;
	if (EFI_ERROR(BS->AllocatePages(AllocateAddress, EfiReservedMemoryType, 1, &addr))) {
		addr = BASE_MEMORY_END - 1;
		if (EFI_ERROR(BS->AllocatePages(AllocateMaxAddress, EfiReservedMemoryType, 1, &addr)))
			return NULL;
	}
	page = addr;
	return (uint8_t *)(uintptr_t)page;
}

static void cpuid1(struct mptable_cpu *cpu)
{
	uint32_t r[4];

	x86_cpuid(1, 0, r);
	cpu->bsp_apic_id = (uint8_t)(r[1] >> 24);
	cpu->signature = r[0];
	cpu->features = r[3];
}

/* The MP table from the firmware's MADT into the page; its floating pointer on success. */
static void install_mptable(uint8_t *page, const uint8_t *rsdp, int rsdp_len)
{
	const struct acpi_reader reader = { read_phys, NULL };
	struct mptable_cpu cpu;
	struct mptable_info info;
	uint64_t madt;
	uint32_t madt_len;
	int rc = acpi_find_table(&reader, rsdp, (size_t)rsdp_len, "APIC", &madt, &madt_len);

	if (rc < 0) {
		wb_printf("Legacy tables: no usable MADT in the firmware's ACPI tables (%s): no MP "
			  "table, the kernel will see one CPU\n", wb_strerror(rc));
		return;
	}
	cpuid1(&cpu);
	rc = mptable_build((const uint8_t *)(uintptr_t)madt, madt_len, &cpu, page + PAGE_MPTABLE,
			   MPTABLE_MAX, &info);
	if (rc < 0) {
		wb_printf("Legacy tables: cannot make an MP table from the MADT at 0x%lx (%s): the "
			  "kernel will see one CPU\n", (unsigned long)madt, wb_strerror(rc));
		return;
	}
	mptable_floating_pointer(page + PAGE_MP_FLOATING,
				 (uint32_t)(uintptr_t)(page + PAGE_MPTABLE));
	wb_printf("Legacy tables: MP table at 0x%lx: %u of %u CPUs enabled, %u I/O APIC(s), "
		  "%u+%u interrupt entries%s\n", (unsigned long)(uintptr_t)(page + PAGE_MPTABLE),
		  info.cpus_enabled, info.cpus, info.ioapics, info.irq_entries, info.lint_entries,
		  info.skipped ? " (some MADT entries have no MP form)" : "");
}

/*
 * The BIOS data area's EBDA segment word.  The address goes through an empty asm so the
 * compiler does not treat a store near address 0 as a null-pointer bug.
 */
static void set_ebda_segment(uint16_t segment)
{
	uintptr_t bda = BDA_EBDA_SEGMENT;

	__asm__("" : "+r"(bda));
	put_le16((void *)bda, segment);
}

void efi_legacy_tables_install(const struct boot_plan *plan, bool direct)
{
	const uint8_t *rsdp = (const uint8_t *)(uintptr_t)efi_acpi_rsdp();
	uint8_t *page;
	int len;

	if (!wants_legacy_tables(plan, direct))
		return;
	if (!rsdp) {
		wb_printf("Legacy tables: the firmware publishes no ACPI tables: nothing to copy\n");
		return;
	}
	page = low_page();
	if (!page) {
		wb_printf("Legacy tables: no free page below 640 KiB for the RSDP copy and MP table "
			  "this kernel scans for. Booting it anyway: it will see no ACPI and one "
			  "CPU (boot it through BIOS/CSM for all of them)\n");
		return;
	}
	memset(page, 0, EFI_PAGE_SIZE);
	len = acpi_rsdp_copy(page + PAGE_RSDP, PAGE_MP_FLOATING - PAGE_RSDP, rsdp, ACPI_RSDP_V2_LEN);
	if (len < 0) {
		wb_printf("Legacy tables: the firmware's RSDP at 0x%lx is not valid (%s): nothing "
			  "to copy\n", (unsigned long)(uintptr_t)rsdp, wb_strerror(len));
		return;
	}
	set_ebda_segment((uint16_t)(((uintptr_t)page + PAGE_EBDA) >> 4));
	wb_printf("Legacy tables: ACPI %s RSDP copied to 0x%lx (EBDA)\n", len > 20 ? "2.0" : "1.0",
		  (unsigned long)(uintptr_t)(page + PAGE_RSDP));
	install_mptable(page, page + PAGE_RSDP, len);
}
