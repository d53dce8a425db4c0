/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "rom/acpi.h"

#include "core/byteorder.h"
#include "core/errors.h"
#include "core/string.h"

#define SDT_HEADER 36             /* signature, length, revision, checksum, ids */
#define SDT_MAX (4u << 20)        /* no table we read is larger (a DSDT is ~10-200 KiB) */
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

static uint8_t sum(const uint8_t *p, size_t n)
{
	uint8_t s = 0;
	while (n--)
		s = (uint8_t)(s + *p++);
	return s;
}

long acpi_find_rsdp(const uint8_t *area, size_t len)
{
	for (size_t off = 0; len >= 20 && off <= len - 20; off += 16)
		if (!memcmp(area + off, "RSD PTR ", 8) && sum(area + off, 20) == 0)
			return (long)off;
	return -1;
}

/* A whole system description table with signature sig at phys, or NULL. */
static const uint8_t *map_table(acpi_map_fn map, void *ctx, uint64_t phys, const char *sig,
				uint32_t *len)
{
	const uint8_t *h = phys ? map(ctx, phys, SDT_HEADER) : NULL;
	if (!h || (sig && memcmp(h, sig, 4)))
		return NULL;
	*len = get_le32(h + 4);
	if (*len < SDT_HEADER || *len > SDT_MAX)
		return NULL;
	return map(ctx, phys, *len);
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

/* The FADT in an RSDT (entry 4 bytes) or XSDT (8). */
static const uint8_t *find_fadt(acpi_map_fn map, void *ctx, const uint8_t *sdt, uint32_t len,
				size_t entry, uint32_t *fadt_len)
{
	for (size_t off = SDT_HEADER; off + entry <= len; off += entry) {
		uint64_t phys = entry == 8 ? get_le64(sdt + off) : get_le32(sdt + off);
		const uint8_t *t = map_table(map, ctx, phys, "FACP", fadt_len);
		if (t)
			return t;
	}
	return NULL;
}

int acpi_s5_find(const uint8_t *rsdp, size_t avail, acpi_map_fn map, void *ctx,
		 struct acpi_s5 *out)
{
	const uint8_t *sdt = NULL, *fadt = NULL, *dsdt;
	uint32_t len = 0, fadt_len = 0, dsdt_len = 0;

	if (avail < 20 || memcmp(rsdp, "RSD PTR ", 8))
		return -WB_EBADMAGIC;
	memset(out, 0, sizeof(*out));
	if (rsdp[15] >= 2 && avail >= 36 && get_le32(rsdp + 20) >= 36 &&
	    (sdt = map_table(map, ctx, get_le64(rsdp + 24), "XSDT", &len)))
		fadt = find_fadt(map, ctx, sdt, len, 8, &fadt_len);
	if (!fadt && (sdt = map_table(map, ctx, get_le32(rsdp + 16), "RSDT", &len)))
		fadt = find_fadt(map, ctx, sdt, len, 4, &fadt_len);
	if (!fadt)
		return -WB_ENOENT;
	if (fadt_len < FADT_PM1B_CNT + 4)
		return -WB_ETRUNCATED;
	out->smi_cmd = get_le32(fadt + FADT_SMI_CMD);
	out->acpi_enable = fadt[FADT_ACPI_ENABLE];
	out->pm1a_cnt = get_le32(fadt + FADT_PM1A_CNT);
	out->pm1b_cnt = get_le32(fadt + FADT_PM1B_CNT);
	if (!out->pm1a_cnt)
		return -WB_ENOENT;
	uint64_t dsdt_phys = fadt_len >= FADT_X_DSDT + 8 ? get_le64(fadt + FADT_X_DSDT) : 0;
	if (!dsdt_phys)
		dsdt_phys = get_le32(fadt + FADT_DSDT);
	if (!(dsdt = map_table(map, ctx, dsdt_phys, "DSDT", &dsdt_len)))
		return -WB_ENOENT;
	return acpi_aml_s5(dsdt + SDT_HEADER, dsdt_len - SDT_HEADER, &out->slp_typa,
			   &out->slp_typb);
}
