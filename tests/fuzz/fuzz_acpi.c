// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * rom/acpi.c on arbitrary memory: the input is the whole "physical memory" (a heap copy of
 * exactly its size, so ASan catches any read beyond it): the RSDP is searched in it, every
 * table address maps into it, and the \_S5 scan runs on it as AML.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rom/acpi.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint8_t *map(void *ctx, uint64_t phys, size_t len)
{
	const uint8_t *mem = ((const uint8_t **)ctx)[0];
	size_t size = (size_t)((const uint8_t **)ctx)[1];
	if (phys > size || len > size - phys)
		return NULL;
	return mem + phys;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	const uint8_t *ctx[2] = { copy, (const uint8_t *)(uintptr_t)size };
	long off = acpi_find_rsdp(copy, size);
	struct acpi_s5 s5;
	if (off >= 0)
		acpi_s5_find(copy + off, size - (size_t)off, map, ctx, &s5);
	uint8_t a, b;
	acpi_aml_s5(copy, size, &a, &b);
	free(copy);
	return 0;
}
