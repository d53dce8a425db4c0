// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * rom/smbios.c on arbitrary memory: the input is both the BIOS area scanned for an entry
 * point and the structure table walked for the type 1 UUID, from a heap copy of exactly the
 * input's size, so ASan catches any read beyond it.  A UUID reported is never all zeros.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rom/smbios.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	uint32_t table, len;
	smbios_find_table(copy, size, &table, &len);
	uint8_t uuid[16];
	if (smbios_table_uuid(copy, size, uuid)) {
		uint8_t any = 0;
		for (int i = 0; i < 16; i++)
			any |= uuid[i];
		if (!any)
			abort();
	}
	free(copy);
	return 0;
}
