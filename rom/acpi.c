/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "rom/acpi.h"

#include "core/byteorder.h"
#include "core/errors.h"
#include "core/string.h"
#include "loaders/acpi_rsdp.h"

#define FADT_DSDT 40
#define FADT_SMI_CMD 48
#define FADT_ACPI_ENABLE 52
#define FADT_PM1A_CNT 64
#define FADT_PM1B_CNT 68
#define FADT_X_DSDT 140

#define AML_NAME_OP 0x08
#define AML_ROOT_CHAR '\\'
#define AML_PACKAGE_OP 0x12
#define AML_ZERO_OP 0x00
#define AML_ONE_OP 0x01
#define AML_BYTE_PREFIX 0x0A
#define AML_WORD_PREFIX 0x0B
#define AML_DWORD_PREFIX 0x0C

long acpi_find_rsdp(const uint8_t *area, size_t len)
{
	for (size_t off = 0; len >= ACPI_RSDP_V1_LEN && off <= len - ACPI_RSDP_V1_LEN; off += 16)
		if (acpi_rsdp_len(area + off, len - off) > 0)
			return (long)off;
	return -1;
}

struct mapped {
	acpi_map_fn map;
	void *ctx;
};

/* acpi_find_table()'s reader over the caller's mapping. */
static int read_mapped(void *ctx, uint64_t addr, void *buf, size_t len)
{
	const struct mapped *m = ctx;
	const uint8_t *p = m->map(m->ctx, addr, len);
	if (!p)
		return -WB_ERANGE;
	memcpy(buf, p, len);
	return 0;
}

/* The whole table with signature sig (found in the RSDT/XSDT, checksum verified), or NULL. */
static const uint8_t *find_table(const struct acpi_reader *r, const uint8_t *rsdp, int rsdp_len,
				 const char *sig, uint32_t *len)
{
	const struct mapped *m = r->ctx;
	uint64_t phys;
	if (acpi_find_table(r, rsdp, (size_t)rsdp_len, sig, &phys, len))
		return NULL;
	return m->map(m->ctx, phys, *len);
}

/* One element of a package of integer constants at p (end: one past the data). */
static int aml_integer(const uint8_t **p, const uint8_t *end, uint8_t *v)
{
	const uint8_t *q = *p;
	if (q >= end)
		return -WB_ENOENT;
	switch (*q) {
	case AML_ZERO_OP:
	case AML_ONE_OP:
		*v = *q;
		*p = q + 1;
		return 0;
	case AML_BYTE_PREFIX:
	case AML_WORD_PREFIX:
	case AML_DWORD_PREFIX: {
		size_t n = *q == AML_BYTE_PREFIX ? 1 : *q == AML_WORD_PREFIX ? 2 : 4;
		if ((size_t)(end - q) < 1 + n)
			return -WB_ENOENT;
		*v = q[1]; /* SLP_TYP is 3 bits: the low byte is all of it */
		*p = q + 1 + n;
		return 0;
	}
	}
	return -WB_ENOENT;
}

int acpi_aml_s5(const uint8_t *aml, size_t len, uint8_t *typa, uint8_t *typb)
{
	for (size_t i = 1; len >= 5 && i <= len - 5; i++) {
		if (memcmp(aml + i, "_S5_", 4) || aml[i + 4] != AML_PACKAGE_OP)
			continue;
		/* NameOp, optionally followed by the root prefix, names the object */
		if (!(aml[i - 1] == AML_NAME_OP ||
		      (i >= 2 && aml[i - 1] == AML_ROOT_CHAR && aml[i - 2] == AML_NAME_OP)))
			continue;
		const uint8_t *p = aml + i + 5, *end = aml + len;
		if (p >= end)
			break;
		size_t pkglen_bytes = 1 + (size_t)(*p >> 6); /* PkgLength lead byte */
		if ((size_t)(end - p) < pkglen_bytes + 1)
			break;
		p += pkglen_bytes + 1; /* and NumElements */
		uint8_t a, b = 0;
		if (aml_integer(&p, end, &a))
			continue;
		aml_integer(&p, end, &b); /* a one-element package: PM1b takes 0 */
		*typa = a;
		*typb = b;
		return 0;
	}
	return -WB_ENOENT;
}

int acpi_s5_find(const uint8_t *rsdp, size_t avail, acpi_map_fn map, void *ctx,
		 struct acpi_s5 *out)
{
	struct mapped m = { map, ctx };
	struct acpi_reader r = { read_mapped, &m };
	const uint8_t *fadt, *dsdt;
	uint32_t fadt_len = 0, dsdt_len = 0;
	int rsdp_len = acpi_rsdp_len(rsdp, avail);

	if (rsdp_len < 0)
		return rsdp_len;
	memset(out, 0, sizeof(*out));
	if (!(fadt = find_table(&r, rsdp, rsdp_len, "FACP", &fadt_len)))
		return -WB_ENOENT;
	if (fadt_len < FADT_PM1B_CNT + 4)
		return -WB_ETRUNCATED;
	out->smi_cmd = get_le32(fadt + FADT_SMI_CMD);
	out->acpi_enable = fadt[FADT_ACPI_ENABLE];
	out->pm1a_cnt = get_le32(fadt + FADT_PM1A_CNT);
	out->pm1b_cnt = get_le32(fadt + FADT_PM1B_CNT);
	if (!out->pm1a_cnt)
		return -WB_ENOENT;
	/* The DSDT is not listed in the RSDT: the FADT points at it. */
	uint64_t dsdt_phys = fadt_len >= FADT_X_DSDT + 8 ? get_le64(fadt + FADT_X_DSDT) : 0;
	if (!dsdt_phys)
		dsdt_phys = get_le32(fadt + FADT_DSDT);
	const uint8_t *h = dsdt_phys ? map(ctx, dsdt_phys, ACPI_HEADER_LEN) : NULL;
	if (!h || memcmp(h, "DSDT", 4) || (dsdt_len = get_le32(h + 4)) < ACPI_HEADER_LEN ||
	    dsdt_len > ACPI_TABLE_MAX || !(dsdt = map(ctx, dsdt_phys, dsdt_len)))
		return -WB_ENOENT;
	return acpi_aml_s5(dsdt + ACPI_HEADER_LEN, dsdt_len - ACPI_HEADER_LEN, &out->slp_typa,
			   &out->slp_typb);
}
