/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "loaders/pe.h"

#include "core/byteorder.h"
#include "core/errors.h"

#define PE_LFANEW 0x3C          /* DOS header: offset of the PE signature */
#define COFF_LEN 20             /* COFF file header after "PE\0\0" */
#define OPT_MAGIC_PE32 0x10B
#define OPT_MAGIC_PE32_PLUS 0x20B
#define OPT_SUBSYSTEM 68        /* same offset in PE32 and PE32+ optional headers */
#define SUBSYSTEM_EFI_BOOT_DRIVER 11
#define SUBSYSTEM_EFI_RUNTIME_DRIVER 12

int pe_parse(const uint8_t *data, size_t len, struct pe_info *info)
{
	if (len < PE_LFANEW + 4 || data[0] != 'M' || data[1] != 'Z')
		return -WB_EBADMAGIC;
	uint32_t pe = get_le32(data + PE_LFANEW);
	if (pe > len || len - pe < 4)
		return -WB_ETRUNCATED;
	if (data[pe] != 'P' || data[pe + 1] != 'E' || data[pe + 2] || data[pe + 3])
		return -WB_EBADMAGIC;
	size_t coff = (size_t)pe + 4;
	if (len - coff < COFF_LEN)
		return -WB_ETRUNCATED;
	uint16_t opt_len = get_le16(data + coff + 16);
	size_t opt = coff + COFF_LEN;
	if (opt_len < OPT_SUBSYSTEM + 2 || len - opt < opt_len)
		return -WB_ETRUNCATED;
	uint16_t magic = get_le16(data + opt);
	if (magic != OPT_MAGIC_PE32 && magic != OPT_MAGIC_PE32_PLUS)
		return -WB_EBADMAGIC;
	info->machine = get_le16(data + coff);
	info->pe32_plus = magic == OPT_MAGIC_PE32_PLUS;
	info->entry_point = get_le32(data + opt + 16);
	info->size_of_image = get_le32(data + opt + 56);
	info->subsystem = get_le16(data + opt + OPT_SUBSYSTEM);
	if (info->subsystem != PE_SUBSYSTEM_EFI_APPLICATION &&
	    info->subsystem != SUBSYSTEM_EFI_BOOT_DRIVER &&
	    info->subsystem != SUBSYSTEM_EFI_RUNTIME_DRIVER)
		return -WB_ENOEXEC;
	return 0;
}

const char *pe_machine_name(uint16_t machine)
{
	switch (machine) {
	case PE_MACHINE_I386:
		return "IA-32";
	case PE_MACHINE_X64:
		return "x86-64";
	case PE_MACHINE_ARM64:
		return "AArch64";
	}
	return "another machine";
}
