// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * PCI configuration access for BIOS: mechanism #1 (address dword to 0xCF8 with bit 31 set,
 * data at 0xCFC + (reg & 3)), detected by writing the enable bit and reading it back; the
 * PCI BIOS INT 1Ah functions B108h-B10Dh otherwise.
 */
#include "rom/pci_io.h"

#include "core/printf.h"
#include "rom/io.h"

#define CONFIG_ADDRESS 0xCF8
#define CONFIG_DATA 0xCFC
#define PCI_BIOS_SIGNATURE 0x20494350 /* "PCI " */

static uint32_t conf1_address(uint16_t bdf, uint16_t reg)
{
	return 0x80000000u | (uint32_t)bdf << 8 | (reg & 0xFC);
}

static uint32_t conf1_read(void *ctx, uint16_t bdf, uint16_t reg, int size)
{
	(void)ctx;
	outl(CONFIG_ADDRESS, conf1_address(bdf, reg));
	return io_read((uint16_t)(CONFIG_DATA + (reg & 3)), size);
}

static void conf1_write(void *ctx, uint16_t bdf, uint16_t reg, int size, uint32_t val)
{
	(void)ctx;
	outl(CONFIG_ADDRESS, conf1_address(bdf, reg));
	io_write((uint16_t)(CONFIG_DATA + (reg & 3)), size, val);
}

/* The PCI BIOS: AX = B108h + n reads, B10Bh + n writes (n = 0 byte, 1 word, 2 dword). */
static uint32_t bios_read(void *ctx, uint16_t bdf, uint16_t reg, int size)
{
	(void)ctx;
	struct rm_regs r = { .eax = 0xB108u + (size == 1 ? 0 : size == 2 ? 1 : 2), .ebx = bdf, .edi = reg };
	bios_int(0x1A, &r);
	if ((r.flags & EFLAGS_CF) || (r.eax & 0xFF00))
		return 0xFFFFFFFF;
	return size == 1 ? (r.ecx & 0xFF) : size == 2 ? (r.ecx & 0xFFFF) : r.ecx;
}

static void bios_write(void *ctx, uint16_t bdf, uint16_t reg, int size, uint32_t val)
{
	(void)ctx;
	struct rm_regs r = { .eax = 0xB10Bu + (size == 1 ? 0 : size == 2 ? 1 : 2), .ebx = bdf, .edi = reg,
			     .ecx = val };
	bios_int(0x1A, &r);
}

static const struct pci_access conf1 = { "mechanism #1", conf1_read, conf1_write, NULL };
static const struct pci_access pcibios = { "PCI BIOS", bios_read, bios_write, NULL };

/* Mechanism #1 is there if the enable bit written to CONFIG_ADDRESS reads back. */
static int conf1_present(void)
{
	uint32_t saved = inl(CONFIG_ADDRESS);
	outl(CONFIG_ADDRESS, 0x80000000u);
	uint32_t v = inl(CONFIG_ADDRESS);
	outl(CONFIG_ADDRESS, saved);
	return v == 0x80000000u;
}

const struct pci_access *pci_io_access(void)
{
	if (conf1_present())
		return &conf1;
	struct rm_regs r = { .eax = 0xB101, .edi = 0 };
	bios_int(0x1A, &r);
	if (!(r.flags & EFLAGS_CF) && !(r.eax & 0xFF00) && r.edx == PCI_BIOS_SIGNATURE)
		return &pcibios;
	wb_printf("pci: no configuration access (no mechanism #1 and no PCI BIOS)\n");
	return NULL;
}
