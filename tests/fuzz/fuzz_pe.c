// SPDX-License-Identifier: GPL-2.0-or-later
/* loaders/pe.c on arbitrary files (a heap copy of exactly the input's size, for ASan). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "loaders/pe.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	struct pe_info pe;
	if (pe_parse(copy, size, &pe) == 0 && !pe_machine_name(pe.machine))
		abort();
	free(copy);
	return 0;
}
