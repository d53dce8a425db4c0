// SPDX-License-Identifier: GPL-2.0-or-later
/* PCI enumeration, BAR decoding and capabilities over a struct pci_access (rom/pci.h). */
#include "rom/pci.h"

#include "core/errors.h"

#define PCI_MAX_BUS 256
#define PCI_MAX_SLOT 32
#define PCI_MAX_FUNC 8
#define PCI_CAP_MAX_WALK 48 /* (256 - 64) / 4 capabilities fit in the standard space */

uint8_t pci_read8(const struct pci_device *d, uint16_t reg)
{
	return (uint8_t)d->acc->read(d->acc->ctx, d->bdf, reg, 1);
}

uint16_t pci_read16(const struct pci_device *d, uint16_t reg)
{
	return (uint16_t)d->acc->read(d->acc->ctx, d->bdf, reg & ~1u, 2);
}

uint32_t pci_read32(const struct pci_device *d, uint16_t reg)
{
	return d->acc->read(d->acc->ctx, d->bdf, reg & ~3u, 4);
}

void pci_write8(const struct pci_device *d, uint16_t reg, uint8_t val)
{
	d->acc->write(d->acc->ctx, d->bdf, reg, 1, val);
}

void pci_write16(const struct pci_device *d, uint16_t reg, uint16_t val)
{
	d->acc->write(d->acc->ctx, d->bdf, reg & ~1u, 2, val);
}

void pci_write32(const struct pci_device *d, uint16_t reg, uint32_t val)
{
	d->acc->write(d->acc->ctx, d->bdf, reg & ~3u, 4, val);
}

void pci_write(const struct pci_device *d, uint16_t reg, int size, uint32_t val)
{
	d->acc->write(d->acc->ctx, d->bdf, reg & ~(uint16_t)(size - 1), size, val);
}

int pci_device_init(struct pci_device *d, const struct pci_access *acc, uint16_t bdf)
{
	d->acc = acc;
	d->bdf = bdf;
	uint32_t id = pci_read32(d, PCI_VENDOR_ID);
	d->vendor = (uint16_t)id;
	d->device = (uint16_t)(id >> 16);
	if (d->vendor == 0xFFFF || d->vendor == 0)
		return -WB_ENODEV;
	uint32_t cr = pci_read32(d, PCI_CLASS_REVISION);
	d->class_code = cr >> 8;
	d->revision = (uint8_t)cr;
	d->header_type = pci_read8(d, PCI_HEADER_TYPE) & 0x7F;
	return 0;
}

struct scan_state {
	const struct pci_access *acc;
	int (*visit)(struct pci_device *d, void *arg);
	void *arg;
	uint8_t queue[PCI_MAX_BUS]; /* buses still to scan, in discovery order */
	int head, tail;
	uint8_t seen[PCI_MAX_BUS / 8];
};

/* Queue `bus` for scanning unless it was queued before. */
static void queue_bus(struct scan_state *s, unsigned bus)
{
	if (bus >= PCI_MAX_BUS || (s->seen[bus / 8] & (1u << (bus % 8))))
		return;
	s->seen[bus / 8] |= (uint8_t)(1u << (bus % 8));
	s->queue[s->tail++] = (uint8_t)bus;
}

/* Visit the functions of one bus and queue the buses found behind its bridges. */
static int scan_bus(struct scan_state *s, unsigned bus)
{
	for (unsigned slot = 0; slot < PCI_MAX_SLOT; slot++) {
		unsigned nfunc = 1;
		for (unsigned fn = 0; fn < nfunc; fn++) {
			struct pci_device d;
			if (pci_device_init(&d, s->acc, PCI_BDF(bus, slot, fn)) < 0)
				continue; /* function 0 absent: the slot is empty; others may be sparse */
			uint8_t hdr = pci_read8(&d, PCI_HEADER_TYPE);
			if (fn == 0 && (hdr & PCI_HEADER_MULTIFUNCTION))
				nfunc = PCI_MAX_FUNC;
			if (d.header_type == PCI_HEADER_TYPE_BRIDGE)
				queue_bus(s, pci_read8(&d, PCI_SECONDARY_BUS));
			/* Intel convention: function N of a multi-function host bridge at 00:00 is
			 * the host bridge of root bus N. */
			if (bus == 0 && slot == 0 && fn > 0 && d.class_code >> 8 == 0x0600)
				queue_bus(s, fn);
			int rc = s->visit(&d, s->arg);
			if (rc)
				return rc;
		}
	}
	return 0;
}

int pci_scan(const struct pci_access *acc, int (*visit)(struct pci_device *d, void *arg), void *arg)
{
	static struct scan_state s; /* 300 bytes: keep them off the firmware's small stack */
	s = (struct scan_state){ .acc = acc, .visit = visit, .arg = arg };
	queue_bus(&s, 0);
	while (s.head < s.tail) {
		int rc = scan_bus(&s, s.queue[s.head++]);
		if (rc)
			return rc;
	}
	return 0;
}

int pci_bar_decode(const struct pci_device *d, int index, struct pci_bar *bar)
{
	*bar = (struct pci_bar){ 0 };
	int max = d->header_type == PCI_HEADER_TYPE_BRIDGE ? 2 : 6;
	if (index < 0 || index >= max)
		return -WB_EINVAL;
	/* Walk from BAR 0 so the upper half of a 64-bit BAR is never taken for a BAR. */
	for (int i = 0; i < index; i++) {
		uint32_t v = pci_read32(d, (uint16_t)(PCI_BAR0 + 4 * i));
		if (!(v & 1) && ((v >> 1) & 3) == 2 && ++i == index)
			return -WB_EINVAL;
	}
	uint16_t reg = (uint16_t)(PCI_BAR0 + 4 * index);
	uint32_t lo = pci_read32(d, reg);
	bar->io = lo & 1;
	bar->is64 = !bar->io && ((lo >> 1) & 3) == 2;
	bar->prefetch = !bar->io && (lo & 8);
	if (bar->is64 && index + 1 >= max)
		return -WB_EINVAL;

	/* Size it with decoding off, so the all-ones address never decodes anything. */
	uint16_t cmd = pci_read16(d, PCI_COMMAND);
	pci_write16(d, PCI_COMMAND, cmd & ~(PCI_COMMAND_IO | PCI_COMMAND_MEMORY));
	pci_write32(d, reg, 0xFFFFFFFF);
	uint32_t mask_lo = pci_read32(d, reg);
	pci_write32(d, reg, lo);
	uint32_t hi = 0, mask_hi = 0;
	if (bar->is64) {
		hi = pci_read32(d, reg + 4);
		pci_write32(d, reg + 4, 0xFFFFFFFF);
		mask_hi = pci_read32(d, reg + 4);
		pci_write32(d, reg + 4, hi);
	}
	pci_write16(d, PCI_COMMAND, cmd);

	uint64_t mask;
	if (bar->io) {
		bar->addr = lo & ~3u;
		if (!(mask_lo & ~3u))
			return -WB_ENODEV;
		mask = 0xFFFFFFFFFFFF0000ull | (mask_lo & ~3u); /* some decode only 16 bits */
	} else {
		bar->addr = (uint64_t)hi << 32 | (lo & ~0xFu);
		mask = (uint64_t)mask_hi << 32 | (mask_lo & ~0xFu);
		if (!mask)
			return -WB_ENODEV;
		if (!bar->is64)
			mask |= 0xFFFFFFFF00000000ull;
	}
	bar->size = ~mask + 1;
	return 0;
}

void pci_enable(const struct pci_device *d, uint16_t command_bits)
{
	uint16_t cmd = pci_read16(d, PCI_COMMAND);
	if ((cmd & command_bits) != command_bits)
		pci_write16(d, PCI_COMMAND, cmd | command_bits);
}

void pci_disable(const struct pci_device *d, uint16_t command_bits)
{
	uint16_t cmd = pci_read16(d, PCI_COMMAND);
	if (cmd & command_bits)
		pci_write16(d, PCI_COMMAND, cmd & ~command_bits);
}

uint8_t pci_find_cap(const struct pci_device *d, uint8_t id, uint8_t prev)
{
	if (!(pci_read16(d, PCI_STATUS) & PCI_STATUS_CAP_LIST))
		return 0;
	uint8_t pos = prev ? pci_read8(d, prev + 1) : pci_read8(d, PCI_CAP_PTR);
	for (int n = 0; n < PCI_CAP_MAX_WALK; n++) {
		pos &= 0xFC;
		if (pos < 0x40)
			return 0; /* end of list (0) or a pointer into the header */
		if (pci_read8(d, pos) == id)
			return pos;
		pos = pci_read8(d, pos + 1);
	}
	return 0;
}
