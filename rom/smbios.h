/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The SMBIOS system UUID on BIOS (DHCP option 97, pxelinux.cfg/<UUID>, SYSUUID=). */
#ifndef WB_ROM_SMBIOS_H
#define WB_ROM_SMBIOS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The 16-byte UUID of the SMBIOS type 1 (System Information) structure, found through the
 * _SM3_ (preferred) or _SM_ entry point in F0000-FFFFF; NULL when there is none or it is
 * all zeros / all ones ("not set").  The bytes as SMBIOS stores them, as pxelinux.0 and
 * wireboot.efi (EFI_GUID) take them: since SMBIOS 2.6 the first three fields are
 * little-endian, so the text form is not what `dmidecode -s system-uuid` or QEMU's -uuid
 * show (-uuid 0ef097cc-e532-43df-... gives pxelinux.cfg/cc97f00e-32e5-df43-...; checked
 * against pxelinux.0 under QEMU's iPXE ROM in tests/e2e/test_bios_pxe.py).
 */
const uint8_t *smbios_uuid(void);

/* The two steps, on memory the caller maps (tests/unit/test_smbios.c, fuzz_smbios): */

/*
 * Scan `len` bytes of the BIOS area at 16-byte steps for a valid entry point (checksums,
 * lengths; a 64-bit table address must be below 4 GiB) and return the structure table's
 * address and length (the maximum size for _SM3_); false when there is none.
 */
bool smbios_find_table(const uint8_t *area, size_t len, uint32_t *table, uint32_t *table_len);

/*
 * Walk the structure table (`len` bytes: header, formatted area, strings ending in "\0\0")
 * to the first type 1 structure that has a UUID and copy it to uuid; false when there is
 * none before the end-of-table structure (127) or it is "not set".
 */
bool smbios_table_uuid(const uint8_t *table, size_t len, uint8_t uuid[16]);

#endif
