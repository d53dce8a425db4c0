/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * PXE 2.1 UNDI parameter blocks (packed, little-endian; far pointers as seg:off dwords,
 * offset in the low word), shared by wireboot's UNDI client (rom/undi.c, wireboot.pxe on a
 * firmware PXE stack) and its own PXE API (loaders/pxe_api.h, the native images).
 * Offsets: /work/shared/notes/bios-facts.md section 2.2, iPXE pxe_api.h.
 */
#ifndef WB_LOADERS_PXE_TYPES_H
#define WB_LOADERS_PXE_TYPES_H

#include <stdint.h>

struct pxenv_undi_get_information {
	uint16_t status, base_io, int_number, max_tran_unit, hw_type, hw_addr_len;
	uint8_t current_node_address[16], permanent_node_address[16];
	uint16_t rom_address, rx_buf_ct, tx_buf_ct;
} __attribute__((packed));

struct pxenv_undi_transmit {
	uint16_t status;
	uint8_t protocol;  /* P_UNKNOWN: the buffer is the whole frame; P_IP, P_ARP, P_RARP:
			    * the payload, the UNDI puts the Ethernet header in front */
	uint8_t xmit_flag; /* XMT_DESTADDR (to dest_addr) or XMT_BROADCAST */
	uint32_t dest_addr, tbd; /* seg:off */
	uint32_t reserved[2];
} __attribute__((packed));

#define PXE_TBD_BLOCKS 8
struct pxenv_undi_tbd {
	uint16_t immed_length;
	uint32_t xmit;     /* seg:off */
	uint16_t data_blk_count;
	struct {
		uint8_t ptr_type;  /* 0 seg:off (all PXE 2.1 requires), 1 linear */
		uint8_t reserved;
		uint16_t len;
		uint32_t ptr;
	} __attribute__((packed)) block[PXE_TBD_BLOCKS];
} __attribute__((packed));

#define P_UNKNOWN 0 /* UNDI_TRANSMIT Protocol / UNDI_ISR ProtType */
#define P_IP 1
#define P_ARP 2
#define P_RARP 3
#define P_OTHER 4
#define XMT_DESTADDR 0
#define XMT_BROADCAST 1

#define PXENV_UNDI_ISR_IN_START 1
#define PXENV_UNDI_ISR_IN_PROCESS 2
#define PXENV_UNDI_ISR_IN_GET_NEXT 3
#define PXENV_UNDI_ISR_OUT_OURS 0
#define PXENV_UNDI_ISR_OUT_NOT_OURS 1
#define PXENV_UNDI_ISR_OUT_DONE 0
#define PXENV_UNDI_ISR_OUT_TRANSMIT 2
#define PXENV_UNDI_ISR_OUT_RECEIVE 3
struct pxenv_undi_isr {
	uint16_t status, func_flag, buffer_length, frame_length, frame_header_length;
	uint32_t frame; /* seg:off */
	uint8_t prot_type, pkt_type;
} __attribute__((packed));

/* UNDI_GET_NIC_TYPE: NicType 2 (PCI) and the device's configuration-space identity. */
#define PXE_NIC_TYPE_PCI 2
struct pxenv_undi_get_nic_type {
	uint16_t status;
	uint8_t nic_type;
	uint16_t vendor_id, dev_id;
	uint8_t base_class, sub_class, prog_intf, rev;
	uint16_t bus_dev_func, sub_vendor_id, sub_device_id;
} __attribute__((packed));

_Static_assert(sizeof(struct pxenv_undi_get_nic_type) == 0x11, "GET_NIC_TYPE block size");
_Static_assert(sizeof(struct pxenv_undi_get_information) == 0x32, "GET_INFORMATION block size");
_Static_assert(sizeof(struct pxenv_undi_tbd) == 0x48, "TBD size");
_Static_assert(sizeof(struct pxenv_undi_transmit) == 0x14, "UNDI_TRANSMIT block size");
_Static_assert(sizeof(struct pxenv_undi_isr) == 0x10, "UNDI_ISR block size");

#endif
