// SPDX-License-Identifier: GPL-2.0-or-later
/* Choosing a native NIC driver by PCI ID (rom/nic_probe.h). */
#include "rom/nic_probe.h"

#include <stddef.h>

#include "core/printf.h"

struct nic_driver {
	uint16_t vendor, device;
	const char *name;
	struct netdev *(*probe)(const struct pci_device *pci);
};

/* Drivers not linked into an image are weak references left NULL, so each image carries
 * only the drivers it was built with. */
#pragma weak virtio_net_probe
#pragma weak e1000_probe

static const struct nic_driver drivers[] = {
	{ 0x1AF4, 0x1000, "virtio-net (legacy/transitional)", virtio_net_probe },
	{ 0x1AF4, 0x1041, "virtio-net (modern)", virtio_net_probe },
	{ 0x8086, 0x100E, "Intel 82540EM (e1000)", e1000_probe },
	{ 0x8086, 0x100F, "Intel 82545EM (e1000)", e1000_probe },
	{ 0x8086, 0x10D3, "Intel 82574L (e1000e)", e1000_probe },
};

static const struct nic_driver *driver_for(uint16_t vendor, uint16_t device)
{
	for (size_t i = 0; i < sizeof(drivers) / sizeof(drivers[0]); i++)
		if (drivers[i].vendor == vendor && drivers[i].device == device && drivers[i].probe)
			return &drivers[i];
	return NULL;
}

const char *nic_driver_name(uint16_t vendor, uint16_t device)
{
	const struct nic_driver *drv = driver_for(vendor, device);
	return drv ? drv->name : NULL;
}

struct pci_device nic_probe_pci;

struct probe_state {
	struct netdev *dev;
	unsigned nics; /* network controllers seen */
};

static struct netdev *try_device(const struct pci_device *d)
{
	const struct nic_driver *drv = driver_for(d->vendor, d->device);
	if (!drv)
		return NULL;
	wb_printf("PCI %02x:%02x.%x: %04x:%04x %s\n", PCI_BUS(d->bdf), PCI_SLOT(d->bdf), PCI_FUNC(d->bdf),
		  d->vendor, d->device, drv->name);
	struct netdev *dev = drv->probe(d);
	if (dev)
		nic_probe_pci = *d;
	return dev;
}

struct netdev *nic_probe_at(const struct pci_access *acc, uint16_t bdf)
{
	struct pci_device d;
	if (!acc)
		return NULL;
	if (pci_device_init(&d, acc, bdf) < 0) {
		wb_printf("PCI %02x:%02x.%x: no device answers there\n", PCI_BUS(bdf), PCI_SLOT(bdf), PCI_FUNC(bdf));
		return NULL;
	}
	return try_device(&d);
}

static int visit(struct pci_device *d, void *arg)
{
	struct probe_state *s = arg;
	if (d->class_code >> 16 != 0x02)
		return 0;
	s->nics++;
	if (!driver_for(d->vendor, d->device)) {
		wb_printf("PCI %02x:%02x.%x: network controller %04x:%04x has no native driver\n",
			  PCI_BUS(d->bdf), PCI_SLOT(d->bdf), PCI_FUNC(d->bdf), d->vendor, d->device);
		return 0;
	}
	s->dev = try_device(d);
	return s->dev != NULL;
}

struct netdev *nic_probe(const struct pci_access *acc, uint16_t prefer_bdf)
{
	if (!acc)
		return NULL;
	if (prefer_bdf != 0xFFFF) {
		struct netdev *dev = nic_probe_at(acc, prefer_bdf);
		if (dev)
			return dev;
	}
	struct probe_state s = { 0 };
	pci_scan(acc, visit, &s);
	if (s.dev)
		return s.dev;
	if (!s.nics)
		wb_printf("wireboot: no network controller on the PCI bus: nothing to boot from\n");
	else
		wb_printf("wireboot: none of the %u network controller(s) has a working native driver\n", s.nics);
	return NULL;
}
