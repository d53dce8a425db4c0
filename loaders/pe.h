/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The PE/COFF header of an EFI application (UEFI spec 2.x, section 2.1.1; Microsoft PE
 * format): which machine it is for and which subsystem, checked before the firmware is
 * asked to load it, so a wrong image is refused by name instead of with a bare status.
 */
#ifndef WB_LOADERS_PE_H
#define WB_LOADERS_PE_H

#include <stddef.h>
#include <stdint.h>

#define PE_MACHINE_I386 0x014C
#define PE_MACHINE_X64 0x8664
#define PE_MACHINE_ARM64 0xAA64
#define PE_SUBSYSTEM_EFI_APPLICATION 10

struct pe_info {
	uint16_t machine;         /* COFF Machine (PE_MACHINE_*) */
	uint16_t subsystem;       /* optional header Subsystem (10 = EFI application) */
	uint32_t size_of_image;   /* bytes the image occupies once loaded */
	uint32_t entry_point;     /* AddressOfEntryPoint (RVA) */
	int pe32_plus;            /* 1: PE32+ (64-bit optional header), 0: PE32 */
};

/*
 * Parse the DOS stub, "PE\0\0", the COFF header and the optional header.  -WB_EBADMAGIC (no
 * MZ / PE signature / unknown optional-header magic), -WB_ETRUNCATED (a header runs past
 * len), -WB_ENOEXEC (not an EFI application, boot service or runtime driver subsystem).
 */
int pe_parse(const uint8_t *data, size_t len, struct pe_info *info);

/* "x86-64", "IA-32", "AArch64" or "another machine" (the number says which); for messages. */
const char *pe_machine_name(uint16_t machine);

#endif
