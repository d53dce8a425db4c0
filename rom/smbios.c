// SPDX-License-Identifier: GPL-2.0-or-later
/* SMBIOS system UUID (rom/smbios.h). */
#include "rom/smbios.h"

#include "core/byteorder.h"
#include "core/string.h"

#define SCAN_START 0xF0000u
#define SCAN_LEN 0x10000u
#define TABLE_MAX (1u << 20) /* more than any firmware's structure table */
#define TYPE_SYSTEM 1
#define TYPE_END 127
#define SYSTEM_UUID 0x08
#define SYSTEM_MIN_LEN 0x19 /* SMBIOS 2.1: up to and including the UUID and wake-up type */

/* An SMBIOS checksum: the len bytes add up to 0 (mod 256). */
static bool sum_ok(const uint8_t *p, size_t len)
{
	uint8_t sum = 0;
	while (len--)
		sum += *p++;
	return sum == 0;
}

bool smbios_find_table(const uint8_t *area, size_t len, uint32_t *table, uint32_t *table_len)
{
	bool found = false;
	for (size_t off = 0; off + 0x20 <= len; off += 16) {
		const uint8_t *e = area + off;
		/* 64-bit entry point (SMBIOS 3): length at 6, table max size at 0x0C, table
		 * address (u64) at 0x10. */
		if (!memcmp(e, "_SM3_", 5) && e[6] >= 0x18 && e[6] <= len - off &&
		    sum_ok(e, e[6]) && !get_le32(e + 0x14)) {
			*table = get_le32(e + 0x10);
			*table_len = get_le32(e + 0x0C);
			return true;
		}
		/* 32-bit entry point: length at 5, "_DMI_" at 0x10 (its own checksum over 15
		 * bytes), table length at 0x16, address at 0x18; a later _SM3_ still wins. */
		if (!found && !memcmp(e, "_SM_", 4) && e[5] >= 0x1F && e[5] <= 0x20 &&
		    sum_ok(e, e[5]) && !memcmp(e + 0x10, "_DMI_", 5) && sum_ok(e + 0x10, 15)) {
			*table = get_le32(e + 0x18);
			*table_len = get_le16(e + 0x16);
			found = true;
		}
	}
	return found;
}

bool smbios_table_uuid(const uint8_t *p, size_t len, uint8_t uuid[16])
{
	const uint8_t *end = p + len;
	while (end - p >= 4 && p[1] >= 4 && p[1] <= end - p && p[0] != TYPE_END) {
		if (p[0] == TYPE_SYSTEM && p[1] >= SYSTEM_MIN_LEN) {
			uint8_t all = 0xff, any = 0;
			memcpy(uuid, p + SYSTEM_UUID, 16);
			for (int i = 0; i < 16; i++) {
				all &= uuid[i];
				any |= uuid[i];
			}
			return any && all != 0xff; /* all 0: "not present", all 1: "not set" */
		}
		const uint8_t *q = p + p[1];
		while (end - q >= 2 && (q[0] || q[1]))
			q++;
		if (end - q < 2)
			break;
		p = q + 2;
	}
	return false;
}

const uint8_t *smbios_uuid(void)
{
	static uint8_t uuid[16];
	uint32_t table, table_len;
	if (!smbios_find_table((const uint8_t *)(uintptr_t)SCAN_START, SCAN_LEN, &table, &table_len) ||
	    !table || table_len > TABLE_MAX || table > UINT32_MAX - table_len)
		return NULL;
	return smbios_table_uuid((const uint8_t *)(uintptr_t)table, table_len, uuid) ? uuid : NULL;
}
