/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The slow path of wireboot.pxe: files through the PXE ROM's own TFTP client
 * (PXENV_TFTP_GET_FSIZE, TFTP_OPEN / TFTP_READ / TFTP_CLOSE) when its UNDI interface is
 * missing or unusable.  One real-mode call per block, lock-step TFTP (no windowsize), no
 * HTTP, and the DHCP lease is the ROM's cached ACK; but the config search, the menu, the
 * kernel and initrd fetches and the boot are the same as over wireboot's own stack.
 */
#ifndef WB_ROM_PXE_TFTP_H
#define WB_ROM_PXE_TFTP_H

#include <stddef.h>

struct boot_file_source;
struct netdev;

/* The file source (loaders/boot.h) over the PXE TFTP API; needs pxe_find() first. */
extern const struct boot_file_source pxe_tftp_source;

/*
 * A stand-in netdev that sends and receives nothing, so that the boot sequence has the
 * MAC (from the cached DHCP ACK's chaddr) and a device name ("pxe-tftp") to report.
 */
struct netdev *pxe_tftp_netdev(const void *cached_ack, size_t len);

#endif
