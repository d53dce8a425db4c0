// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * loaders/mptable.c and loaders/acpi_rsdp.c on arbitrary bytes.  The input is used three
 * ways, each from a heap copy of exactly its size so ASan catches any read beyond it:
 * as a MADT (the MP table built from it must fit its buffer, checksum to 0 and count its
 * entries right), as an RSDP to copy, and as the physical memory (address = offset) that
 * an RSDP at its start points into.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/errors.h"
#include "loaders/acpi_rsdp.h"
#include "loaders/mptable.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct mem {
	const uint8_t *p;
	size_t len;
};

static int read_mem(void *ctx, uint64_t addr, void *buf, size_t len)
{
	const struct mem *m = ctx;

	if (addr > m->len || len > m->len - addr)
		return -WB_ERANGE;
	memcpy(buf, m->p + addr, len);
	return 0;
}

static void check_mptable(const uint8_t *madt, size_t size)
{
	static const struct mptable_cpu cpu = { 0, 0x663, 0x0781abfd };
	uint8_t table[3072], sum = 0;
	struct mptable_info info;
	int len = mptable_build(madt, size, &cpu, table, sizeof(table), &info);

	if (len < 0)
		return;
	if ((size_t)len > sizeof(table) || info.len != (size_t)len ||
	    (table[4] | table[5] << 8) != len || info.cpus_enabled == 0)
		abort();
	for (int i = 0; i < len; i++)
		sum = (uint8_t)(sum + table[i]);
	if (sum || (size_t)(table[34] | table[35] << 8) !=
			   info.cpus + 1 + info.ioapics + info.irq_entries + info.lint_entries)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *copy = malloc(size ? size : 1), rsdp[64];
	struct mem m = { copy, size };
	struct acpi_reader r = { read_mem, &m };
	uint64_t addr;
	uint32_t len;
	int n;

	if (!copy)
		return 0;
	memcpy(copy, data, size);
	check_mptable(copy, size);
	n = acpi_rsdp_copy(rsdp, sizeof(rsdp), copy, size);
	if (n > 0 && acpi_rsdp_len(rsdp, (size_t)n) != n)
		abort();
	if (acpi_find_table(&r, copy, size, "APIC", &addr, &len) == 0 &&
	    (addr > size || len > size - addr))
		abort();
	free(copy);
	return 0;
}
