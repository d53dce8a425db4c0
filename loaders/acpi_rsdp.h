/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ACPI root pointer (RSDP) handling for loaders that give old kernels their firmware tables
 * where a BIOS would have put them (ACPI 6.5 section 5.2.5): check and copy an RSDP, and
 * follow it to one table (the MADT, for loaders/mptable.c).
 *
 * Physical memory is read through a callback, so hostile tables (and the unit tests and
 * fuzzer) never make this code touch an address it was not given.
 */
#ifndef WB_LOADERS_ACPI_RSDP_H
#define WB_LOADERS_ACPI_RSDP_H

#include <stddef.h>
#include <stdint.h>

#define ACPI_RSDP_V1_LEN 20  /* ACPI 1.0 RSDP: signature .. RsdtAddress */
#define ACPI_RSDP_V2_LEN 36  /* ACPI 2.0+: adds Length, XsdtAddress, extended checksum */
#define ACPI_HEADER_LEN 36   /* every System Description Table's header */
#define ACPI_TABLE_MAX (1u << 20) /* larger tables are treated as corrupt */

/* Reads `len` bytes of physical memory at `addr`; 0 or a negative WB_E* code. */
struct acpi_reader {
	int (*read)(void *ctx, uint64_t addr, void *buf, size_t len);
	void *ctx;
};

/*
 * Length of the RSDP at `rsdp` (`avail` bytes readable there): 20 for revision 0, its Length
 * field for revision 2+ (36 on every firmware seen).  -WB_EBADMAGIC when the signature or the
 * ACPI 1.0 checksum is wrong, -WB_ETRUNCATED when Length is below 36 or beyond `avail`.
 */
int acpi_rsdp_len(const uint8_t *rsdp, size_t avail);

/*
 * Copy a valid RSDP into `dst` (`cap` bytes) with both checksums recomputed, so the copy is
 * valid wherever it lands.  Returns the bytes written, or the errors of acpi_rsdp_len and
 * -WB_ETOOBIG when it does not fit.
 */
int acpi_rsdp_copy(uint8_t *dst, size_t cap, const uint8_t *rsdp, size_t avail);

/*
 * Find the table with signature `sig` (4 characters) through the XSDT (revision 2+, non-zero
 * address) or else the RSDT.  On success *addr and *len name it; its checksum was verified.
 * -WB_ENOENT when it is not listed, -WB_EBADMAGIC/-WB_ETRUNCATED for corrupt tables, or the
 * reader's error.
 */
int acpi_find_table(const struct acpi_reader *r, const uint8_t *rsdp, size_t rsdp_len,
		    const char *sig, uint64_t *addr, uint32_t *len);

/* The byte that makes `len` bytes at `p` sum to 0 when stored in its checksum field (0). */
uint8_t acpi_checksum(const uint8_t *p, size_t len);

#endif
