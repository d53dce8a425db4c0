/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * wireboot's own PXE API (PXE 2.1 subset), served to a chained PXE program by the images
 * without a firmware PXE stack (rom/pxe_api.c puts it in base memory and enters it from the
 * program's real-mode calls).  Platform-free: the caller's memory is reached through a
 * struct pxe_api_mem view, so the whole request path runs on the host (tests/unit/
 * test_pxe_api.c, tests/fuzz/fuzz_pxe_api.c).
 *
 * Every parameter block and every buffer a program names (seg:off or linear, with a length)
 * is checked against the view before use: it must lie below the view's end and must not
 * touch the memory wireboot keeps for itself (own_lo..own_hi).  A block that fails the check
 * gets no answer at all (not even its Status word): the call returns PXENV_EXIT_FAILURE.
 * A caller in 16-bit protected mode (the view's gdt_limit set) passes selector:offset
 * pointers: the selector must be a GDT selector (an LDT one is refused) of a present
 * segment whose limit covers the access; base + offset is then checked like a linear
 * address, so its buffers too must lie below the view's end (1 MiB on BIOS).
 *
 * Served (the rest answer PXENV_STATUS_UNSUPPORTED):
 *   GET_CACHED_INFO    the DHCP ACK wireboot booted with, retargeted at the program (the same
 *                      packet for types 1, 2 and 3), copied or by reference (BufferSize 0)
 *   UDP_OPEN/CLOSE/READ/WRITE   datagrams on wireboot's netif; READ polls the NIC once and
 *                      returns a queued datagram for its port, else PXENV_STATUS_FAILURE
 *   TFTP_OPEN/READ/CLOSE, TFTP_GET_FSIZE, TFTP_READ_FILE   one file at a time, lock-step
 *                      with blksize (PacketSize) and tsize; READ hands out one block per
 *                      call, a short block ends the file (loaders/pxe_api_tftp.c)
 *   UNDI_GET_INFORMATION, UNDI_GET_IFACE_INFO   MAC, MTU; polling only (IntNumber 0)
 *   UNDI_GET_NIC_TYPE  PCI (NicType 2): IDs, class, revision, bus/device/function of the NIC
 *                      wireboot drives, as the platform put them in struct pxe_api's nic
 *   UNDI_TRANSMIT      the frame (or IP/ARP/RARP payload + a header wireboot builds) from
 *                      the transmit buffer descriptor's pieces, padded to 60 bytes
 *   UNDI_ISR           polling: START says OURS when a frame came in, PROCESS/GET_NEXT
 *                      hand it out (one frame per call, RECEIVE) until DONE
 *   UNDI_STARTUP, INITIALIZE, RESET_ADAPTER, OPEN, CLOSE, SHUTDOWN, CLEANUP,
 *   SET_STATION_ADDRESS (the MAC stays), SET_PACKET_FILTER, SET_MCAST_ADDRESS,
 *   UNLOAD_STACK, STOP_BASE, START_BASE: success, the NIC stays up
 *   STOP_UNDI          the end: the NIC is quiesced and wireboot's memory given up (stop())
 */
#ifndef WB_LOADERS_PXE_API_H
#define WB_LOADERS_PXE_API_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "loaders/pxe_types.h"
#include "net/udp.h"

struct netif;

#define PXENV_EXIT_SUCCESS 0
#define PXENV_EXIT_FAILURE 1

#define PXENV_STATUS_SUCCESS 0x00
#define PXENV_STATUS_FAILURE 0x01
#define PXENV_STATUS_BAD_FUNC 0x02
#define PXENV_STATUS_UNSUPPORTED 0x03
#define PXENV_STATUS_OUT_OF_RESOURCES 0x06
#define PXENV_STATUS_UDP_CLOSED 0x18
#define PXENV_STATUS_TFTP_CLOSED 0x1A
#define PXENV_STATUS_TFTP_OPEN 0x1B
#define PXENV_STATUS_TFTP_OPEN_TIMEOUT 0x32
#define PXENV_STATUS_TFTP_READ_TIMEOUT 0x35
#define PXENV_STATUS_TFTP_FILE_NOT_FOUND 0x3B
#define PXENV_STATUS_TFTP_ACCESS_VIOLATION 0x3C
#define PXENV_STATUS_TFTP_NO_FILESIZE 0x3E
#define PXENV_STATUS_UNDI_INVALID_PARAMETER 0x6C

#define PXENV_OP_UNDI_STARTUP 0x0001
#define PXENV_OP_UNDI_CLEANUP 0x0002
#define PXENV_OP_UNDI_INITIALIZE 0x0003
#define PXENV_OP_UNDI_RESET_ADAPTER 0x0004
#define PXENV_OP_UNDI_SHUTDOWN 0x0005
#define PXENV_OP_UNDI_OPEN 0x0006
#define PXENV_OP_UNDI_CLOSE 0x0007
#define PXENV_OP_UNDI_TRANSMIT 0x0008
#define PXENV_OP_UNDI_SET_MCAST_ADDRESS 0x0009
#define PXENV_OP_UNDI_SET_STATION_ADDRESS 0x000A
#define PXENV_OP_UNDI_SET_PACKET_FILTER 0x000B
#define PXENV_OP_UNDI_GET_INFORMATION 0x000C
#define PXENV_OP_UNDI_GET_NIC_TYPE 0x0012
#define PXENV_OP_UNDI_GET_IFACE_INFO 0x0013
#define PXENV_OP_UNDI_ISR 0x0014
#define PXENV_OP_STOP_UNDI 0x0015
#define PXENV_OP_TFTP_OPEN 0x0020
#define PXENV_OP_TFTP_CLOSE 0x0021
#define PXENV_OP_TFTP_READ 0x0022
#define PXENV_OP_TFTP_READ_FILE 0x0023
#define PXENV_OP_TFTP_GET_FSIZE 0x0025
#define PXENV_OP_UDP_OPEN 0x0030
#define PXENV_OP_UDP_CLOSE 0x0031
#define PXENV_OP_UDP_READ 0x0032
#define PXENV_OP_UDP_WRITE 0x0033
#define PXENV_OP_UNLOAD_STACK 0x0070
#define PXENV_OP_GET_CACHED_INFO 0x0071
#define PXENV_OP_START_BASE 0x0075
#define PXENV_OP_STOP_BASE 0x0076

/* Parameter blocks (packed, little-endian; IPs and ports in network order). */
struct pxenv_get_cached_info {
	uint16_t status, packet_type, buffer_size;
	uint32_t buffer; /* seg:off */
} __attribute__((packed));

struct pxenv_udp_open {
	uint16_t status;
	uint32_t src_ip;
} __attribute__((packed));

struct pxenv_udp_rw {  /* UDP_READ and UDP_WRITE share the layout */
	uint16_t status;
	uint32_t ip;       /* READ: out src_ip; WRITE: in destination */
	uint32_t ip2;      /* READ: in/out dest_ip (0 = any); WRITE: in gateway (0 = netif's) */
	uint16_t port;     /* READ: out s_port; WRITE: in src_port (0 = 2069) */
	uint16_t port2;    /* READ: in/out d_port (0 = any); WRITE: in dst_port */
	uint16_t buffer_size;
	uint32_t buffer;   /* seg:off */
} __attribute__((packed));

#define PXE_TFTP_NAME_MAX 128 /* FileName[128], NUL-terminated inside */

struct pxenv_tftp_open {
	uint16_t status;
	uint32_t server_ip, gateway_ip; /* the gateway is the netif's router (not taken) */
	char file_name[PXE_TFTP_NAME_MAX];
	uint16_t port;        /* TFTPPort, network order (0 = 69) */
	uint16_t packet_size; /* in: the largest block wanted (>= 512); out: the one agreed */
} __attribute__((packed));

struct pxenv_tftp_read {
	uint16_t status, packet_number, buffer_size; /* out: block number (1 first), its length */
	uint32_t buffer; /* seg:off, room for packet_size bytes */
} __attribute__((packed));

struct pxenv_tftp_get_fsize {
	uint16_t status;
	uint32_t server_ip, gateway_ip;
	char file_name[PXE_TFTP_NAME_MAX];
	uint32_t file_size;
} __attribute__((packed));

struct pxenv_tftp_read_file {
	uint16_t status;
	char file_name[PXE_TFTP_NAME_MAX];
	uint32_t buffer_size; /* in: room; out: the file's size */
	uint32_t buffer;      /* linear */
	uint32_t server_ip, gateway_ip, mcast_ip;
	uint16_t clnt_port, srv_port, open_timeout, reopen_delay; /* only srv_port is taken */
} __attribute__((packed));

_Static_assert(sizeof(struct pxenv_tftp_open) == 0x8E, "TFTP_OPEN block size");
_Static_assert(sizeof(struct pxenv_tftp_get_fsize) == 0x8E, "TFTP_GET_FSIZE block size");
_Static_assert(sizeof(struct pxenv_tftp_read) == 0x0A, "TFTP_READ block size");
_Static_assert(sizeof(struct pxenv_tftp_read_file) == 0x9E, "TFTP_READ_FILE block size");

struct pxenv_undi_get_iface_info {
	uint16_t status;
	char iface_type[16];
	uint32_t link_speed, service_flags;
	uint32_t reserved[4];
} __attribute__((packed));

/* The caller's memory: linear addresses 0..size-1 at base; own_lo..own_hi is wireboot's.
 * gdt_limit 0: a real-mode caller (seg:off); else the GDT of a 16-bit protected-mode caller
 * (its GDTR), through which its selectors are translated. */
struct pxe_api_mem {
	uint8_t *base;
	uint32_t size;
	uint32_t own_lo, own_hi;
	uint32_t gdt_base;
	uint16_t gdt_limit;
};

/* base + linear when [linear, linear + len) is inside the view and outside wireboot's own
 * memory, else NULL. */
void *pxe_api_ptr(const struct pxe_api_mem *m, uint32_t linear, uint32_t len);
/* The same for a far pointer (segment or selector in the high word, offset in the low). */
void *pxe_api_farptr(const struct pxe_api_mem *m, uint32_t segoff, uint32_t len);
/* The linear base of segment `seg` (real mode: seg * 16; protected mode: from its GDT
 * descriptor, which must be present with its limit covering [0, end)); -1 when refused. */
int pxe_api_seg_base(const struct pxe_api_mem *m, uint16_t seg, uint32_t end, uint32_t *base);

#define PXE_API_UDP_PORTS 4   /* local ports a program may use at once */
#define PXE_API_RX_SLOTS 4    /* datagrams queued between UDP_READ calls */
#define PXE_API_RX_MAX 1500
#define PXE_API_FRAME_MAX 1518  /* an Ethernet frame without FCS (ETH_FRAME_MAX) */

struct pxe_api_rx {
	uint16_t len, src_port, dst_port; /* ports in network order; len 0 = free slot */
	uint32_t src_ip, dst_ip;
	uint8_t data[PXE_API_RX_MAX];
};

/* The one file TFTP_OPEN / TFTP_READ_FILE reads (loaders/pxe_api_tftp.c). */
struct pxe_api_tftp {
	struct udp_sock sock;  /* nif NULL: no file open; peer / peer_port: the server */
	uint16_t request_port; /* host order: where the request went (69) */
	uint16_t rx_len;       /* a datagram from the server waiting in rx (0: none) */
	uint32_t blksize;      /* agreed with the server */
	uint32_t tsize;        /* the size the server told (has_tsize) */
	bool has_tsize;
	uint16_t block;        /* the last block handed out and ACKed */
	bool last;             /* the file has ended (its short block was handed out) */
	uint8_t rx[PXE_API_RX_MAX];
};

struct pxe_api {
	struct pxe_api_mem mem;
	struct netif *nif;               /* configured; NULL on the host without a network */
	const uint8_t *packet;           /* the cached DHCP packet, inside mem */
	uint16_t packet_len;
	uint8_t *frame;                  /* UNDI receive buffer (PXE_API_FRAME_MAX), inside mem */
	uint16_t frame_len;              /* a frame waiting there (UNDI_ISR START said OURS) */
	bool udp_open;
	struct udp_sock udp[PXE_API_UDP_PORTS];
	struct pxe_api_rx rx[PXE_API_RX_SLOTS];
	struct pxe_api_tftp tftp;
	struct pxenv_undi_get_nic_type nic; /* GET_NIC_TYPE's answer; nic_type 0: unknown */
	bool stopped;                    /* after STOP_UNDI every call fails */
	void (*stop)(struct pxe_api *api); /* quiesce the NIC, give the memory up */
	int (*log)(const char *fmt, ...); /* wb_printf on BIOS; may be NULL */
};

/*
 * One API call: `opcode` with its parameter block at seg:off `params`.  Returns
 * PXENV_EXIT_SUCCESS or PXENV_EXIT_FAILURE; the block's Status word says more (when the
 * block passed the checks).
 */
uint16_t pxe_api_call(struct pxe_api *api, uint16_t opcode, uint32_t params);

#endif
