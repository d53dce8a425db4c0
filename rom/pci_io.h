/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The firmware's ways into PCI configuration space (see rom/pci.h). */
#ifndef WB_ROM_PCI_IO_H
#define WB_ROM_PCI_IO_H

#include "rom/pci.h"

/*
 * Configuration mechanism #1 (ports 0xCF8/0xCFC) when the host bridge implements it, else
 * the PCI BIOS (INT 1Ah AX=B1xxh) through the real-mode thunk.  NULL, after a message,
 * when neither works.
 */
const struct pci_access *pci_io_access(void);

#endif
