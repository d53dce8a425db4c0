/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * poweroff.c32 on BIOS: ACPI S5 from the FADT and the DSDT's \_S5 (rom/acpi.c), the ACPI
 * mode enabled first when the firmware left it off, as an OS does.
 */
#include "core/errors.h"
#include "core/printf.h"
#include "rom/acpi.h"
#include "rom/boot_linux.h"
#include "rom/io.h"
#include "rom/power.h"
#include "rom/realmode.h"

#define PM1_SCI_EN 0x0001
#define PM1_SLP_EN 0x2000
#define PM1_SLP_TYP_SHIFT 10
#define BIOS_AREA 0xE0000
#define BIOS_AREA_LEN 0x20000
#define EBDA_SCAN_LEN 1024

/* Flat 32-bit mode with paging off: every address below 4 GiB is the pointer itself. */
static const uint8_t *map_phys(void *ctx, uint64_t phys, size_t len)
{
	(void)ctx;
	if (phys >= 0x100000000ull || len > 0x100000000ull - phys)
		return NULL;
	return (const uint8_t *)(uintptr_t)phys;
}

/* Where ACPI says: the first KiB of the EBDA, then E0000-FFFFF. */
static const uint8_t *find_rsdp(void)
{
	const uint8_t *ebda = (const uint8_t *)(uintptr_t)(bda_read16(BDA_EBDA_SEG) * 16u);
	long off;
	if (ebda && (off = acpi_find_rsdp(ebda, EBDA_SCAN_LEN)) >= 0)
		return ebda + off;
	const uint8_t *bios = (const uint8_t *)(uintptr_t)BIOS_AREA;
	if ((off = acpi_find_rsdp(bios, BIOS_AREA_LEN)) >= 0)
		return bios + off;
	return NULL;
}

int rom_power_off(void)
{
	struct acpi_s5 s5;
	const uint8_t *rsdp = find_rsdp();
	int err = rsdp ? acpi_s5_find(rsdp, 36, map_phys, NULL, &s5) : -WB_ENOENT;

	if (err) {
		wb_printf("poweroff.c32: no ACPI S5 data (%s)\n", wb_strerror(err));
		return err;
	}
	wb_printf("poweroff.c32: ACPI S5 (PM1a 0x%x type %u, PM1b 0x%x type %u)\n",
		  (unsigned)s5.pm1a_cnt, s5.slp_typa, (unsigned)s5.pm1b_cnt, s5.slp_typb);
	rom_shutdown(true);
	/* Legacy mode: ask the firmware for ACPI mode first, as an OS would. */
	if (!(inw((uint16_t)s5.pm1a_cnt) & PM1_SCI_EN) && s5.smi_cmd && s5.acpi_enable) {
		outb((uint16_t)s5.smi_cmd, s5.acpi_enable);
		for (int i = 0; i < 100 && !(inw((uint16_t)s5.pm1a_cnt) & PM1_SCI_EN); i++)
			rom_wait_ms(10);
	}
	outw((uint16_t)s5.pm1a_cnt, (uint16_t)((s5.slp_typa & 7) << PM1_SLP_TYP_SHIFT | PM1_SLP_EN));
	if (s5.pm1b_cnt)
		outw((uint16_t)s5.pm1b_cnt,
		     (uint16_t)((s5.slp_typb & 7) << PM1_SLP_TYP_SHIFT | PM1_SLP_EN));
	rom_wait_ms(1000);
	return -WB_EIO;
}
