/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "loaders/boot_kind.h"

#include "core/byteorder.h"
#include "core/errors.h"
#include "core/string.h"

const char *boot_kind_name(enum boot_kind kind)
{
	switch (kind) {
	case BOOT_KIND_LINUX:
		return "Linux kernel";
	case BOOT_KIND_PXE:
		return "PXE boot program";
	case BOOT_KIND_EFI_APP:
		return "EFI application";
	case BOOT_KIND_MULTIBOOT:
		return "Multiboot kernel";
	case BOOT_KIND_DISK:
		return "local disk boot";
	case BOOT_KIND_POWER:
		return "reboot/power-off";
	}
	return "boot program";
}

/* The Linux setup header's "HdrS" at 0x202 (boot protocol 2.00 and later). */
static bool is_linux(const uint8_t *data, size_t len)
{
	return len >= 0x206 && !memcmp(data + 0x202, "HdrS", 4);
}

/* "MZ", then at e_lfanew (offset 0x3C) the "PE\0\0" signature. */
static bool is_pe(const uint8_t *data, size_t len)
{
	if (len < 0x40 || data[0] != 'M' || data[1] != 'Z')
		return false;
	uint32_t pe = get_le32(data + 0x3C);
	return pe <= len - 4 && !memcmp(data + pe, "PE\0\0", 4);
}

/*
 * A Multiboot header: magic, flags and checksum summing to 0 (mod 2^32), 4-aligned in the
 * first 8 KiB (Multiboot 1); magic 0xE85250D6, architecture, header length and a checksum
 * over the four, 8-aligned in the first 32 KiB (Multiboot 2).
 */
static bool is_multiboot(const uint8_t *data, size_t len)
{
	for (size_t off = 0; off + 12 <= len && off < 8192; off += 4)
		if (get_le32(data + off) == 0x1BADB002u &&
		    get_le32(data + off) + get_le32(data + off + 4) + get_le32(data + off + 8) == 0)
			return true;
	for (size_t off = 0; off + 16 <= len && off < 32768; off += 8)
		if (get_le32(data + off) == 0xE85250D6u &&
		    get_le32(data + off) + get_le32(data + off + 4) + get_le32(data + off + 8) +
				    get_le32(data + off + 12) == 0)
			return true;
	return false;
}

/* Does name end in an extension PXE boot programs are given? */
static bool has_pxe_extension(const char *name)
{
	static const char *const exts[] = { ".0", ".pxe", ".kpxe", ".kkpxe", ".kkkpxe", ".com",
					    ".n12" };
	size_t n = strlen(name);
	for (size_t i = 0; i < sizeof(exts) / sizeof(exts[0]); i++) {
		size_t e = strlen(exts[i]);
		if (n > e && !strcmp(name + n - e, exts[i]))
			return true;
	}
	return false;
}

int boot_kind_detect(const char *name, bool as_pxe, const uint8_t *data, size_t len,
		     enum boot_kind *kind)
{
	if (is_linux(data, len))
		*kind = BOOT_KIND_LINUX;
	else if (is_pe(data, len))
		*kind = BOOT_KIND_EFI_APP;
	else if (is_multiboot(data, len))
		*kind = BOOT_KIND_MULTIBOOT;
	else if (as_pxe || has_pxe_extension(name))
		*kind = BOOT_KIND_PXE;
	else
		return -WB_ENOEXEC;
	return 0;
}
