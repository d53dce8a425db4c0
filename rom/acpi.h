/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What a BIOS power-off needs from the ACPI tables (ACPI 6.x: RSDP 5.2.5, RSDT/XSDT 5.2.7-8,
 * FADT 5.2.9, \_S5 7.4.2): the PM1a/PM1b control ports and the S5 sleep types.  Writing
 * SLP_TYPx << 10 | SLP_EN to PM1x_CNT turns the machine off.  Every table length and
 * address is checked against what the caller can map; the AML is scanned, not interpreted
 * (the \_S5 package of constants, as every small loader reads it).
 */
#ifndef WB_ROM_ACPI_H
#define WB_ROM_ACPI_H

#include <stddef.h>
#include <stdint.h>

struct acpi_s5 {
	uint32_t pm1a_cnt, pm1b_cnt; /* I/O ports (the FADT's 32-bit fields, which every BIOS
	                              * fills; the X_ generic addresses are not read); pm1b 0 = none */
	uint32_t smi_cmd;            /* SMI command port (0 = hardware-reduced / always ACPI) */
	uint8_t acpi_enable;         /* value to write there to enter ACPI mode */
	uint8_t slp_typa, slp_typb;  /* \_S5 package elements 0 and 1 */
};

/*
 * Memory at physical address `phys`, `len` bytes, or NULL when it cannot be reached (the
 * BIOS maps everything below 4 GiB; tests map a buffer).
 */
typedef const uint8_t *(*acpi_map_fn)(void *ctx, uint64_t phys, size_t len);

/* Offset of a valid RSDP ("RSD PTR ", checksum) in area, scanned at 16-byte steps; -1. */
long acpi_find_rsdp(const uint8_t *area, size_t len);

/*
 * From the RSDP at rsdp (avail bytes readable there): XSDT, or without one the RSDT -> FADT
 * (through loaders/acpi_rsdp.c's acpi_find_table, checksums verified) -> DSDT -> \_S5.
 * 0, -WB_ENOENT (a table or \_S5 missing or broken), -WB_ETRUNCATED (FADT too short for
 * the PM1 fields), the errors of acpi_rsdp_len() for a broken RSDP.
 */
int acpi_s5_find(const uint8_t *rsdp, size_t avail, acpi_map_fn map, void *ctx,
		 struct acpi_s5 *out);

/* The \_S5 package's first two elements in an AML block (a DSDT/SSDT body).  0 or -WB_ENOENT. */
int acpi_aml_s5(const uint8_t *aml, size_t len, uint8_t *typa, uint8_t *typb);

#endif
