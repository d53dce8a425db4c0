/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The firmware's PXE API (PXE 2.1): finding it (!PXE preferred, PXENV+ for old ROMs), calling
 * it from protected mode through the real-mode thunk, the cached DHCP packets, and unloading
 * the whole stack before a kernel starts.  Parameter blocks and buffers must lie below 1 MiB
 * (wireboot's .data/.bss and 32-bit stack do).
 */
#ifndef WB_ROM_PXE_H
#define WB_ROM_PXE_H

#include <stddef.h>
#include <stdint.h>

#include "rom/realmode.h"

/* Opcodes used by wireboot. */
#define PXENV_UNDI_INITIALIZE 0x0003
#define PXENV_UNDI_SHUTDOWN 0x0005
#define PXENV_UNDI_OPEN 0x0006
#define PXENV_UNDI_CLOSE 0x0007
#define PXENV_UNDI_TRANSMIT 0x0008
#define PXENV_UNDI_GET_INFORMATION 0x000C
#define PXENV_UNDI_GET_NIC_TYPE 0x0012
#define PXENV_UNDI_ISR 0x0014
#define PXENV_STOP_UNDI 0x0015
#define PXENV_TFTP_OPEN 0x0020
#define PXENV_TFTP_CLOSE 0x0021
#define PXENV_TFTP_READ 0x0022
#define PXENV_TFTP_GET_FSIZE 0x0025
#define PXENV_UDP_OPEN 0x0030
#define PXENV_UDP_CLOSE 0x0031
#define PXENV_UNLOAD_STACK 0x0070
#define PXENV_GET_CACHED_INFO 0x0071

/* Status codes wireboot reacts to. */
#define PXENV_STATUS_FAILURE 0x01
#define PXENV_STATUS_OUT_OF_RESOURCES 0x06

#define PXENV_PACKET_TYPE_DHCP_ACK 2
#define PXENV_PACKET_TYPE_CACHED_REPLY 3

/* Found API. */
struct pxe_api {
	segoff_t entry;       /* !PXE EntryPointSP, or PXENV+ RMEntry */
	const uint8_t *bang;  /* the !PXE structure, or NULL */
	const uint8_t *pxenv; /* the PXENV+ structure, or NULL */
	const char *found_by; /* "!PXE from the stack", ... (for the banner) */
};

/* Locate and validate the API from the prefix's entry state; 0 or -WB_ENODEV. */
int pxe_find(struct pxe_api *api);

/*
 * Call `opcode` with the parameter block `params` (its first word is the Status, cleared
 * here).  Returns 0 on success, else the PXE status code (PXENV_STATUS_FAILURE when the stack
 * reported failure without a status).
 */
int pxe_call(uint16_t opcode, void *params);

/*
 * Copy the cached packet of `type` (PXENV_PACKET_TYPE_*) into buf; returns its length, or a
 * negative WB_E* when the stack has none.
 */
int pxe_cached_packet(int type, void *buf, size_t cap);

/*
 * The stack's own buffer for the cached packet of `type` (GET_CACHED_INFO with BufferSize 0):
 * *pkt points into the stack's memory, *len is its size (BufferLimit when the stack reports
 * one, else the packet's length).  Writing there changes what later GET_CACHED_INFO calls
 * return (rom/boot_pxe.c).  0, -WB_ENOENT (no such packet) or -WB_ERANGE (outside base memory).
 */
int pxe_cached_packet_ref(int type, uint8_t **pkt, size_t *len);

/* The API found by pxe_find(), or NULL when there is none or it was unloaded. */
const struct pxe_api *pxe_current(void);

/*
 * The PCI function of the NIC the stack drives (UNDI_GET_NIC_TYPE): fills vendor, device and
 * bus/device/function (PCI_BDF layout) and returns 0; -WB_ENODEV when the NIC is not a PCI
 * device (ISA/PnP, CardBus) or the stack cannot say.
 */
int pxe_pci_nic(uint16_t *vendor, uint16_t *device, uint16_t *bdf);

/*
 * Stop the stack's use of the NIC so that a native driver can take it (UNDI_SHUTDOWN: the
 * stack resets the device and stops its DMA), keeping the stack loaded for a chained PXE
 * program.  The NIC's PCI command register is remembered for pxe_reclaim_nic().  0, or the
 * PXE status (the caller then unloads the stack instead).
 */
struct pci_access;
int pxe_release_nic(const struct pci_access *acc, uint16_t bdf);

/*
 * After the native driver closed the NIC: give it back to the stack as a PXE ROM leaves it
 * for a boot program (the PCI command register restored, UNDI_INITIALIZE, then UDP_OPEN +
 * UDP_CLOSE, which makes iPXE reopen its network device).  A no-op unless pxe_release_nic() ran; 0 or the PXE status (reported).
 */
int pxe_reclaim_nic(void);

/*
 * Unload the stack for an OS boot (UNDI_SHUTDOWN, UNLOAD_STACK, STOP_UNDI; UNDI_CLOSE is the
 * netdev's job) and give its base memory back when nothing points into it any more.
 * Returns 0, or the PXE status of the first call that failed (the boot goes on: the kernel
 * then simply does not get that memory back).
 */
int pxe_unload(void);

#endif
