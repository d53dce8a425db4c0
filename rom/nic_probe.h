/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Native NIC drivers and the choice between them by PCI ID.  Each driver's probe() brings
 * its device up (reset, MAC, rings, polled) and returns a netdev, or prints why not and
 * returns NULL.
 */
#ifndef WB_ROM_NIC_PROBE_H
#define WB_ROM_NIC_PROBE_H

#include <stdint.h>

#include "rom/pci.h"

struct netdev;

struct netdev *virtio_net_probe(const struct pci_device *pci);
struct netdev *e1000_probe(const struct pci_device *pci);

/* The name of the native driver this image has for vendor:device, or NULL. */
const char *nic_driver_name(uint16_t vendor, uint16_t device);

/* The PCI device of the NIC the last successful probe brought up (UNDI_GET_NIC_TYPE). */
extern struct pci_device nic_probe_pci;

/* Bring up the NIC at `bdf` with its native driver; NULL when it has none or it fails. */
struct netdev *nic_probe_at(const struct pci_access *acc, uint16_t bdf);

/*
 * Find a supported NIC and bring it up.  `prefer_bdf` (e.g. the bus/device/function an
 * option ROM was started for) is tried first; 0xFFFF for none.  Without any supported NIC,
 * prints what it found (no network controller at all, or the IDs of the unsupported ones)
 * and returns NULL.
 */
struct netdev *nic_probe(const struct pci_access *acc, uint16_t prefer_bdf);

#endif
