/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * PCI configuration space: devices, bus enumeration, BAR decoding, capabilities.
 *
 * The logic here only talks to configuration space through a `struct pci_access`, so it runs
 * on the host against a fake configuration space (tests/unit/test_pci.c).  The firmware's
 * access methods (mechanism #1 on ports 0xCF8/0xCFC, or the PCI BIOS INT 1Ah) are in
 * rom/pci_io.c.
 */
#ifndef WB_ROM_PCI_H
#define WB_ROM_PCI_H

#include <stdbool.h>
#include <stdint.h>

/* bus:device.function packed as the PCI BIOS and option ROMs pass it (AH = bus, AL = devfn). */
#define PCI_BDF(bus, dev, fn) ((uint16_t)((bus) << 8 | (dev) << 3 | (fn)))
#define PCI_BUS(bdf) ((bdf) >> 8)
#define PCI_SLOT(bdf) (((bdf) >> 3) & 0x1F)
#define PCI_FUNC(bdf) ((bdf) & 7)

/* Configuration registers used here. */
#define PCI_VENDOR_ID 0x00
#define PCI_DEVICE_ID 0x02
#define PCI_COMMAND 0x04
#define PCI_STATUS 0x06
#define PCI_CLASS_REVISION 0x08 /* revision in bits 7:0, class code in 31:8 */
#define PCI_HEADER_TYPE 0x0E
#define PCI_SUBSYSTEM_VENDOR_ID 0x2C /* type 0 header; the subsystem ID at 0x2E */
#define PCI_BAR0 0x10
#define PCI_SECONDARY_BUS 0x19  /* type 1 (bridge) header */
#define PCI_SUBORDINATE_BUS 0x1A
#define PCI_CAP_PTR 0x34

#define PCI_COMMAND_IO 0x0001
#define PCI_COMMAND_MEMORY 0x0002
#define PCI_COMMAND_MASTER 0x0004
#define PCI_STATUS_CAP_LIST 0x0010

#define PCI_HEADER_MULTIFUNCTION 0x80
#define PCI_HEADER_TYPE_NORMAL 0
#define PCI_HEADER_TYPE_BRIDGE 1

#define PCI_CLASS_NETWORK_ETHERNET 0x020000
#define PCI_CAP_ID_VENDOR 0x09

/* How configuration space is reached: `size` is 1, 2 or 4 and `reg` is aligned to it. */
struct pci_access {
	const char *name;
	uint32_t (*read)(void *ctx, uint16_t bdf, uint16_t reg, int size);
	void (*write)(void *ctx, uint16_t bdf, uint16_t reg, int size, uint32_t val);
	void *ctx;
};

struct pci_device {
	const struct pci_access *acc;
	uint16_t bdf;
	uint16_t vendor, device;
	uint32_t class_code; /* base << 16 | sub << 8 | prog-if */
	uint8_t revision;
	uint8_t header_type; /* without the multi-function bit */
};

/* A decoded base address register. */
struct pci_bar {
	uint64_t addr;  /* bus address (I/O port or memory address) */
	uint64_t size;  /* 0 when the BAR is not implemented */
	bool io;        /* I/O space */
	bool is64;      /* 64-bit memory BAR (uses the next BAR slot too) */
	bool prefetch;
};

uint8_t pci_read8(const struct pci_device *d, uint16_t reg);
uint16_t pci_read16(const struct pci_device *d, uint16_t reg);
uint32_t pci_read32(const struct pci_device *d, uint16_t reg);
void pci_write8(const struct pci_device *d, uint16_t reg, uint8_t val);
void pci_write16(const struct pci_device *d, uint16_t reg, uint16_t val);
void pci_write32(const struct pci_device *d, uint16_t reg, uint32_t val);
/* A write of `size` bytes (1, 2 or 4), for registers whose width is a parameter. */
void pci_write(const struct pci_device *d, uint16_t reg, int size, uint32_t val);

/* Fill `d` for the function at `bdf`; 0, or -WB_ENODEV when nothing answers there. */
int pci_device_init(struct pci_device *d, const struct pci_access *acc, uint16_t bdf);

/*
 * Visit every present function: bus 0, the buses behind PCI-PCI bridges (by their secondary
 * bus numbers), and the root buses of further host bridges (functions of a multi-function
 * host bridge at 00:00.0).  Each bus is scanned at most once.  `visit` returns 0 to go on or
 * non-zero to stop; pci_scan returns that value, or 0 after visiting everything.
 */
int pci_scan(const struct pci_access *acc, int (*visit)(struct pci_device *d, void *arg), void *arg);

/*
 * Decode BAR `index` (0-5): type, address and size (sized by writing all ones with I/O and
 * memory decoding turned off, then restored).  0, -WB_EINVAL for a bad index or the upper
 * half of a 64-bit BAR, -WB_ENODEV when the BAR is not implemented.
 */
int pci_bar_decode(const struct pci_device *d, int index, struct pci_bar *bar);

/* Turn on the given PCI_COMMAND_* bits (I/O, memory decoding, bus mastering). */
void pci_enable(const struct pci_device *d, uint16_t command_bits);
/* Turn off the given PCI_COMMAND_* bits (e.g. bus mastering after a device reset). */
void pci_disable(const struct pci_device *d, uint16_t command_bits);

/*
 * Capability list: the offset of the next capability with ID `id` after offset `prev`
 * (0 = from the start), or 0 when there is none.  Loops and bad pointers end the walk.
 */
uint8_t pci_find_cap(const struct pci_device *d, uint8_t id, uint8_t prev);

#endif
