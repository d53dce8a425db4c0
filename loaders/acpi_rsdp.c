// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * RSDP copy and table lookup (see loaders/acpi_rsdp.h).  RSDP layout: "RSD PTR " (8),
 * checksum over the first 20 bytes (8), OEMID (9..14), Revision (15), RsdtAddress (16..19);
 * revision 2+: Length (20..23), XsdtAddress (24..31), extended checksum over Length bytes
 * (32), reserved (33..35).
 */
#include "loaders/acpi_rsdp.h"

#include "core/byteorder.h"
#include "core/errors.h"
#include "core/string.h"

#define RSDP_CHECKSUM 8
#define RSDP_REVISION 15
#define RSDP_RSDT 16
#define RSDP_LENGTH 20
#define RSDP_XSDT 24
#define RSDP_XCHECKSUM 32

uint8_t acpi_checksum(const uint8_t *p, size_t len)
{
	uint8_t sum = 0;

	for (size_t i = 0; i < len; i++)
		sum = (uint8_t)(sum + p[i]);
	return (uint8_t)-sum;
}

int acpi_rsdp_len(const uint8_t *rsdp, size_t avail)
{
	uint32_t len;

	if (avail < ACPI_RSDP_V1_LEN || memcmp(rsdp, "RSD PTR ", 8) ||
	    acpi_checksum(rsdp, ACPI_RSDP_V1_LEN))
		return -WB_EBADMAGIC;
	if (rsdp[RSDP_REVISION] < 2)
		return ACPI_RSDP_V1_LEN;
	if (avail < ACPI_RSDP_V2_LEN)
		return -WB_ETRUNCATED;
	len = get_le32(rsdp + RSDP_LENGTH);
	if (len < ACPI_RSDP_V2_LEN || len > avail)
		return -WB_ETRUNCATED;
	return (int)len;
}

int acpi_rsdp_copy(uint8_t *dst, size_t cap, const uint8_t *rsdp, size_t avail)
{
	int len = acpi_rsdp_len(rsdp, avail);

	if (len < 0)
		return len;
	if ((size_t)len > cap)
		return -WB_ETOOBIG;
	memcpy(dst, rsdp, (size_t)len);
	dst[RSDP_CHECKSUM] = 0;
	dst[RSDP_CHECKSUM] = acpi_checksum(dst, ACPI_RSDP_V1_LEN);
	if (len > ACPI_RSDP_V1_LEN) {
		dst[RSDP_XCHECKSUM] = 0;
		dst[RSDP_XCHECKSUM] = acpi_checksum(dst, (size_t)len);
	}
	return len;
}

/* Read the table header at `addr`; *len = its Length when sane (ACPI_HEADER_LEN..TABLE_MAX). */
static int read_header(const struct acpi_reader *r, uint64_t addr, uint8_t hdr[ACPI_HEADER_LEN],
		       uint32_t *len)
{
	int rc;

	if (!addr)
		return -WB_EINVAL;
	rc = r->read(r->ctx, addr, hdr, ACPI_HEADER_LEN);
	if (rc < 0)
		return rc;
	*len = get_le32(hdr + 4);
	if (*len < ACPI_HEADER_LEN || *len > ACPI_TABLE_MAX)
		return -WB_ETRUNCATED;
	return 0;
}

/* Verify the checksum of the `len`-byte table at `addr`, reading it in small pieces. */
static int verify_table(const struct acpi_reader *r, uint64_t addr, uint32_t len)
{
	uint8_t buf[64], sum = 0;

	for (uint32_t off = 0; off < len;) {
		size_t n = len - off < sizeof(buf) ? len - off : sizeof(buf);
		int rc = r->read(r->ctx, addr + off, buf, n);

		if (rc < 0)
			return rc;
		sum = (uint8_t)(sum - acpi_checksum(buf, n));
		off += (uint32_t)n;
	}
	return sum ? -WB_EBADMAGIC : 0;
}

int acpi_find_table(const struct acpi_reader *r, const uint8_t *rsdp, size_t rsdp_len,
		    const char *sig, uint64_t *addr, uint32_t *len)
{
	uint8_t hdr[ACPI_HEADER_LEN];
	uint64_t root = 0;
	uint32_t root_len;
	size_t width = 4;
	int rc;

	if (rsdp_len >= ACPI_RSDP_V2_LEN && rsdp[RSDP_REVISION] >= 2)
		root = get_le64(rsdp + RSDP_XSDT);
	if (root)
		width = 8;
	else if (rsdp_len >= ACPI_RSDP_V1_LEN)
		root = get_le32(rsdp + RSDP_RSDT);
	rc = read_header(r, root, hdr, &root_len);
	if (rc < 0)
		return rc;
	if (memcmp(hdr, width == 8 ? "XSDT" : "RSDT", 4))
		return -WB_EBADMAGIC;
	rc = verify_table(r, root, root_len);
	if (rc < 0)
		return rc;
	for (uint32_t off = ACPI_HEADER_LEN; off + width <= root_len; off += (uint32_t)width) {
		uint8_t entry[8] = { 0 };
		uint64_t t;
		uint32_t t_len;

		rc = r->read(r->ctx, root + off, entry, width);
		if (rc < 0)
			return rc;
		t = width == 8 ? get_le64(entry) : get_le32(entry);
		if (read_header(r, t, hdr, &t_len) < 0 || memcmp(hdr, sig, 4))
			continue;
		rc = verify_table(r, t, t_len);
		if (rc < 0)
			return rc;
		*addr = t;
		*len = t_len;
		return 0;
	}
	return -WB_ENOENT;
}
