/* SPDX-License-Identifier: GPL-2.0-or-later */
/* loaders/pxe_api.c: checks of what a chained program passes, dispatch, GET_CACHED_INFO. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "loaders/pxe_api.h"
#include "net/netif.h"
#include "net/tftp_packet.h"
#include "tests/unit/fake_netdev.h"

#define MEM_SIZE 0x100000u
#define OWN_LO 0x57C00u
#define OWN_HI 0x9FC00u
#define PACKET_AT 0x60000u /* inside wireboot's own memory, as on BIOS */
#define BLOCK_AT 0x1000u   /* seg:off 0100:0000 */
#define BLOCK_FAR 0x01000000u
#define BUF_AT 0x2000u
#define BUF_FAR 0x00002000u /* 0000:2000 */

static uint8_t mem[MEM_SIZE];
static int stops;

static void count_stop(struct pxe_api *api)
{
	(void)api;
	stops++;
}

static struct pxe_api make_api(void)
{
	memset(mem, 0xAA, sizeof(mem));
	for (unsigned i = 0; i < 300; i++)
		mem[PACKET_AT + i] = (uint8_t)i;
	stops = 0;
	return (struct pxe_api){
		.mem = { .base = mem, .size = MEM_SIZE, .own_lo = OWN_LO, .own_hi = OWN_HI },
		.packet = mem + PACKET_AT,
		.packet_len = 300,
		.stop = count_stop,
	};
}

static uint16_t status_at(uint32_t linear)
{
	uint16_t st;
	memcpy(&st, mem + linear, 2);
	return st;
}

static void test_ptr_checks(void **state)
{
	(void)state;
	struct pxe_api api = make_api();
	const struct pxe_api_mem *m = &api.mem;
	assert_ptr_equal(pxe_api_ptr(m, 0x7C00, 16), mem + 0x7C00);
	assert_ptr_equal(pxe_api_ptr(m, OWN_LO - 16, 16), mem + OWN_LO - 16);
	assert_ptr_equal(pxe_api_ptr(m, OWN_HI, 16), mem + OWN_HI);
	assert_null(pxe_api_ptr(m, OWN_LO - 15, 16));          /* touches wireboot's memory */
	assert_null(pxe_api_ptr(m, OWN_LO + 0x100, 1));
	assert_null(pxe_api_ptr(m, MEM_SIZE - 15, 16));        /* past the end */
	assert_null(pxe_api_ptr(m, 0xFFFFFFF0u, 0x20));        /* wraps */
	assert_ptr_equal(pxe_api_ptr(m, MEM_SIZE, 0), mem + MEM_SIZE);
	/* FFFF:FFFF is 0x10FFEF: beyond 1 MiB. */
	assert_null(pxe_api_farptr(m, 0xFFFFFFFFu, 1));
	assert_ptr_equal(pxe_api_farptr(m, 0x07C00010u, 4), mem + 0x7C10);
}

static void put_cached_info(uint16_t type, uint16_t size, uint32_t buffer)
{
	struct pxenv_get_cached_info p = { .status = 0x5555, .packet_type = type,
					   .buffer_size = size, .buffer = buffer };
	memcpy(mem + BLOCK_AT, &p, sizeof(p));
}

static void test_cached_info_copy(void **state)
{
	(void)state;
	struct pxe_api api = make_api();
	put_cached_info(2, 4096, BUF_FAR);
	assert_int_equal(pxe_api_call(&api, PXENV_OP_GET_CACHED_INFO, BLOCK_FAR), PXENV_EXIT_SUCCESS);
	struct pxenv_get_cached_info p;
	memcpy(&p, mem + BLOCK_AT, sizeof(p));
	assert_int_equal(p.status, PXENV_STATUS_SUCCESS);
	assert_int_equal(p.buffer_size, 300);
	assert_memory_equal(mem + BUF_AT, mem + PACKET_AT, 300);
	assert_int_equal(mem[BUF_AT + 300], 0xAA); /* nothing beyond the packet */

	/* A smaller buffer gets the packet's start only. */
	put_cached_info(3, 100, BUF_FAR);
	memset(mem + BUF_AT, 0xAA, 300);
	assert_int_equal(pxe_api_call(&api, PXENV_OP_GET_CACHED_INFO, BLOCK_FAR), PXENV_EXIT_SUCCESS);
	assert_int_equal(mem[BUF_AT + 99], 99);
	assert_int_equal(mem[BUF_AT + 100], 0xAA);
}

static void test_cached_info_by_reference(void **state)
{
	(void)state;
	struct pxe_api api = make_api();
	put_cached_info(1, 0, 0);
	assert_int_equal(pxe_api_call(&api, PXENV_OP_GET_CACHED_INFO, BLOCK_FAR), PXENV_EXIT_SUCCESS);
	struct pxenv_get_cached_info p;
	memcpy(&p, mem + BLOCK_AT, sizeof(p));
	assert_int_equal(p.buffer_size, 300);
	assert_int_equal(p.buffer, (PACKET_AT >> 4) << 16);
}

static void test_cached_info_refuses_bad_buffers(void **state)
{
	(void)state;
	struct pxe_api api = make_api();
	put_cached_info(2, 300, (OWN_LO >> 4) << 16); /* into wireboot's memory */
	assert_int_equal(pxe_api_call(&api, PXENV_OP_GET_CACHED_INFO, BLOCK_FAR), PXENV_EXIT_FAILURE);
	assert_int_equal(status_at(BLOCK_AT), PXENV_STATUS_BAD_FUNC);
	assert_int_equal(mem[OWN_LO], 0xAA);
	put_cached_info(2, 300, 0xFFFF0000u | 0xFF00u); /* FFFF:FF00 + 300 crosses 1 MiB + 64 KiB */
	assert_int_equal(pxe_api_call(&api, PXENV_OP_GET_CACHED_INFO, BLOCK_FAR), PXENV_EXIT_FAILURE);
	put_cached_info(4, 300, BUF_FAR); /* no such packet type */
	assert_int_equal(pxe_api_call(&api, PXENV_OP_GET_CACHED_INFO, BLOCK_FAR), PXENV_EXIT_FAILURE);
	assert_int_equal(status_at(BLOCK_AT), PXENV_STATUS_UNSUPPORTED);
}

static void test_block_outside_gets_no_answer(void **state)
{
	(void)state;
	struct pxe_api api = make_api();
	/* The block itself in wireboot's memory, or running past the end: nothing is written. */
	uint32_t own_far = (OWN_LO >> 4) << 16;
	assert_int_equal(pxe_api_call(&api, PXENV_OP_GET_CACHED_INFO, own_far), PXENV_EXIT_FAILURE);
	assert_int_equal(status_at(OWN_LO), 0xAAAA);
	assert_int_equal(pxe_api_call(&api, PXENV_OP_UDP_CLOSE, 0xFFFFFFFFu), PXENV_EXIT_FAILURE);
	/* Just below wireboot's memory with a block that reaches into it. */
	uint32_t edge = OWN_LO - 4;
	assert_int_equal(pxe_api_call(&api, PXENV_OP_GET_CACHED_INFO, (edge >> 4) << 16 | (edge & 15)),
			 PXENV_EXIT_FAILURE);
	assert_int_equal(status_at(edge), 0xAAAA);
}

/* UNDI_GET_NIC_TYPE hands out the PCI identity the platform filled in, byte for byte. */
static void test_undi_get_nic_type(void **state)
{
	(void)state;
	struct pxe_api api = make_api();
	memset(mem + BLOCK_AT, 0xEB, 0x20);
	assert_int_equal(pxe_api_call(&api, PXENV_OP_UNDI_GET_NIC_TYPE, BLOCK_FAR), PXENV_EXIT_FAILURE);
	assert_int_equal(status_at(BLOCK_AT), PXENV_STATUS_UNSUPPORTED); /* no NIC known */
	api.nic = (struct pxenv_undi_get_nic_type){
		.nic_type = PXE_NIC_TYPE_PCI, .vendor_id = 0x1AF4, .dev_id = 0x1000, .base_class = 2,
		.sub_class = 0, .prog_intf = 0, .rev = 0, .bus_dev_func = 0x0018,
		.sub_vendor_id = 0x1AF4, .sub_device_id = 0x0001,
	};
	assert_int_equal(pxe_api_call(&api, PXENV_OP_UNDI_GET_NIC_TYPE, BLOCK_FAR), PXENV_EXIT_SUCCESS);
	static const uint8_t want[0x12] = { 0, 0, 2, 0xF4, 0x1A, 0x00, 0x10, 2, 0, 0, 0,
					    0x18, 0x00, 0xF4, 0x1A, 0x01, 0x00, 0xEB };
	assert_memory_equal(mem + BLOCK_AT, want, sizeof(want));
}

/* A GDT at 0x3000 as a 16-bit protected-mode caller has it (descriptors as the CPU reads them). */
#define GDT_AT 0x3000u
static void put_desc(unsigned sel, uint32_t base, uint32_t limit, uint8_t access, uint8_t flags)
{
	uint8_t *d = mem + GDT_AT + sel;
	d[0] = (uint8_t)limit, d[1] = (uint8_t)(limit >> 8), d[6] = (uint8_t)(flags | (limit >> 16 & 15));
	d[2] = (uint8_t)base, d[3] = (uint8_t)(base >> 8), d[4] = (uint8_t)(base >> 16);
	d[5] = access, d[7] = (uint8_t)(base >> 24);
}

static void test_protected_mode_selectors(void **state)
{
	(void)state;
	struct pxe_api api = make_api();
	put_desc(0x08, 0x1000, 0xFFFF, 0x93, 0);     /* data at the block */
	put_desc(0x10, 0x2000, 0x012B, 0x93, 0);     /* the buffer: exactly 300 bytes */
	put_desc(0x18, 0x2000, 0x0000, 0x13, 0);     /* not present */
	put_desc(0x20, 0x0000, 0xFFFFF, 0x93, 0x80); /* flat 4 GiB: base + offset checked as linear */
	api.mem.gdt_base = GDT_AT;
	api.mem.gdt_limit = 0x27;
	const struct pxe_api_mem *m = &api.mem;
	assert_ptr_equal(pxe_api_farptr(m, 0x00100010u, 2), mem + 0x2010);
	assert_ptr_equal(pxe_api_farptr(m, 0x0010012Au, 2), mem + 0x212A);
	assert_null(pxe_api_farptr(m, 0x0010012Bu, 2)); /* past the segment's limit */
	assert_null(pxe_api_farptr(m, 0x00180000u, 2));
	assert_null(pxe_api_farptr(m, 0x000C0000u, 2)); /* LDT selector */
	assert_null(pxe_api_farptr(m, 0x00280000u, 2)); /* beyond the GDT's limit */
	assert_null(pxe_api_farptr(m, 0x00000000u, 2)); /* null selector */
	assert_ptr_equal(pxe_api_farptr(m, 0x00207C00u, 4), mem + 0x7C00);
	api.mem.gdt_base = MEM_SIZE - 0x10; /* the GDT itself must be in the view */
	assert_null(pxe_api_farptr(m, 0x00100000u, 2));
	api.mem.gdt_base = GDT_AT;

	put_cached_info(2, 300, 0x00100000u); /* selector 10h: the packet fits exactly */
	assert_int_equal(pxe_api_call(&api, PXENV_OP_GET_CACHED_INFO, 0x00080000u), PXENV_EXIT_SUCCESS);
	assert_memory_equal(mem + BUF_AT, mem + PACKET_AT, 300);
	put_cached_info(2, 300, 0x00100001u); /* one byte further: past the limit */
	assert_int_equal(pxe_api_call(&api, PXENV_OP_GET_CACHED_INFO, 0x00080000u), PXENV_EXIT_FAILURE);
	assert_int_equal(status_at(BLOCK_AT), PXENV_STATUS_BAD_FUNC);
	put_cached_info(2, 300, 0x00100000u); /* the block through an LDT selector: no answer */
	assert_int_equal(pxe_api_call(&api, PXENV_OP_GET_CACHED_INFO, 0x000C0000u), PXENV_EXIT_FAILURE);
	assert_int_equal(status_at(BLOCK_AT), 0x5555);
	uint32_t base = 0;
	assert_int_equal(pxe_api_seg_base(m, 0x20, 0, &base), 0);
	assert_int_equal(base, 0);
	api.mem.gdt_limit = 0;
	assert_int_equal(pxe_api_seg_base(m, 0x1234, 0, &base), 0);
	assert_int_equal(base, 0x12340);
}

static void test_unsupported_and_udp_closed(void **state)
{
	(void)state;
	struct pxe_api api = make_api();
	assert_int_equal(pxe_api_call(&api, 0x00E6, BLOCK_FAR), PXENV_EXIT_FAILURE);
	assert_int_equal(status_at(BLOCK_AT), PXENV_STATUS_UNSUPPORTED);
	struct pxenv_udp_rw rw = { .buffer_size = 512, .buffer = BUF_FAR };
	memcpy(mem + BLOCK_AT, &rw, sizeof(rw));
	assert_int_equal(pxe_api_call(&api, PXENV_OP_UDP_READ, BLOCK_FAR), PXENV_EXIT_FAILURE);
	assert_int_equal(status_at(BLOCK_AT), PXENV_STATUS_UDP_CLOSED);
	/* No network (host): UDP_OPEN fails. */
	assert_int_equal(pxe_api_call(&api, PXENV_OP_UDP_OPEN, BLOCK_FAR), PXENV_EXIT_FAILURE);
}

static void test_stop_undi_ends_the_api(void **state)
{
	(void)state;
	struct pxe_api api = make_api();
	assert_int_equal(pxe_api_call(&api, PXENV_OP_UNDI_SHUTDOWN, BLOCK_FAR), PXENV_EXIT_SUCCESS);
	assert_int_equal(pxe_api_call(&api, PXENV_OP_UNLOAD_STACK, BLOCK_FAR), PXENV_EXIT_SUCCESS);
	assert_int_equal(stops, 0);
	assert_int_equal(pxe_api_call(&api, PXENV_OP_STOP_UNDI, BLOCK_FAR), PXENV_EXIT_SUCCESS);
	assert_int_equal(stops, 1);
	put_cached_info(2, 300, BUF_FAR);
	assert_int_equal(pxe_api_call(&api, PXENV_OP_GET_CACHED_INFO, BLOCK_FAR), PXENV_EXIT_FAILURE);
	assert_int_equal(status_at(BLOCK_AT), PXENV_STATUS_FAILURE);
}

#define FRAME_AT 0x61000u /* wireboot's UNDI receive buffer, inside its own memory */
#define TBD_AT 0x3000u

static const uint8_t server_mac[6] = { 2, 0, 0, 0, 0, 1 };

/* An API with a netif at 10.0.0.50/24 on a fake NIC. */
static struct pxe_api net_api(struct fake_netdev *fd, struct netif *nif)
{
	struct pxe_api api = make_api();
	fake_netdev_init(fd, "fake0", 0x56);
	netif_init(nif, &fd->dev);
	netif_configure(nif, fake_ip(10, 0, 0, 50), fake_ip(255, 255, 255, 0), 0);
	api.nif = nif;
	api.frame = mem + FRAME_AT;
	return api;
}

static void test_undi_transmit_builds_header(void **state)
{
	(void)state;
	struct fake_netdev fd;
	struct netif nif;
	struct pxe_api api = net_api(&fd, &nif);
	/* P_ARP to 02:00:00:00:00:01: 28 bytes at 0000:2000 plus 4 more in a data block. */
	struct pxenv_undi_transmit tx = { .protocol = P_ARP, .xmit_flag = XMT_DESTADDR,
					  .dest_addr = 0x2100, .tbd = TBD_AT };
	struct pxenv_undi_tbd tbd = { .immed_length = 28, .xmit = BUF_FAR, .data_blk_count = 1 };
	tbd.block[0].len = 4;
	tbd.block[0].ptr = 0x2200;
	memcpy(mem + BLOCK_AT, &tx, sizeof(tx));
	memcpy(mem + TBD_AT, &tbd, sizeof(tbd));
	memcpy(mem + 0x2100, server_mac, 6);
	for (unsigned i = 0; i < 28; i++)
		mem[BUF_AT + i] = (uint8_t)i;
	memcpy(mem + 0x2200, "tail", 4);
	assert_int_equal(pxe_api_call(&api, PXENV_OP_UNDI_TRANSMIT, BLOCK_FAR), PXENV_EXIT_SUCCESS);
	uint8_t f[ETH_FRAME_MAX];
	size_t n = fake_netdev_pop_tx(&fd, f, sizeof(f), NULL);
	assert_int_equal(n, 60); /* 14 + 28 + 4 = 46, padded */
	assert_memory_equal(f, server_mac, 6);
	assert_memory_equal(f + 6, fd.dev.mac, 6);
	assert_int_equal(f[12] << 8 | f[13], 0x0806);
	assert_int_equal(f[14 + 27], 27);
	assert_memory_equal(f + 42, "tail", 4);
	assert_int_equal(f[46], 0);

	/* A data block inside wireboot's memory: refused, nothing sent. */
	tbd.block[0].ptr = (OWN_LO >> 4) << 16;
	memcpy(mem + TBD_AT, &tbd, sizeof(tbd));
	assert_int_equal(pxe_api_call(&api, PXENV_OP_UNDI_TRANSMIT, BLOCK_FAR), PXENV_EXIT_FAILURE);
	assert_int_equal(status_at(BLOCK_AT), PXENV_STATUS_UNDI_INVALID_PARAMETER);
	/* Too many blocks. */
	tbd.data_blk_count = PXE_TBD_BLOCKS + 1;
	memcpy(mem + TBD_AT, &tbd, sizeof(tbd));
	assert_int_equal(pxe_api_call(&api, PXENV_OP_UNDI_TRANSMIT, BLOCK_FAR), PXENV_EXIT_FAILURE);
	assert_int_equal(fake_netdev_pop_tx(&fd, f, sizeof(f), NULL), 0);
	netif_shutdown(&nif);
	fake_netdev_free(&fd);
}

static void put_isr(uint16_t func)
{
	struct pxenv_undi_isr isr = { .func_flag = func };
	memcpy(mem + BLOCK_AT, &isr, sizeof(isr));
}

static void test_undi_isr_hands_out_frames(void **state)
{
	(void)state;
	struct fake_netdev fd;
	struct netif nif;
	struct pxe_api api = net_api(&fd, &nif);
	put_isr(PXENV_UNDI_ISR_IN_START);
	assert_int_equal(pxe_api_call(&api, PXENV_OP_UNDI_ISR, BLOCK_FAR), PXENV_EXIT_SUCCESS);
	struct pxenv_undi_isr isr;
	memcpy(&isr, mem + BLOCK_AT, sizeof(isr));
	assert_int_equal(isr.func_flag, PXENV_UNDI_ISR_OUT_NOT_OURS);

	uint8_t f[ETH_FRAME_MAX];
	size_t n = fake_build_udp(f, (const uint8_t[]){ 0xff, 0xff, 0xff, 0xff, 0xff, 0xff }, server_mac,
				  fake_ip(10, 0, 0, 1), fake_ip(10, 0, 0, 255), 67, 68, "x", 1);
	fake_netdev_inject(&fd, f, n);
	put_isr(PXENV_UNDI_ISR_IN_START);
	assert_int_equal(pxe_api_call(&api, PXENV_OP_UNDI_ISR, BLOCK_FAR), PXENV_EXIT_SUCCESS);
	memcpy(&isr, mem + BLOCK_AT, sizeof(isr));
	assert_int_equal(isr.func_flag, PXENV_UNDI_ISR_OUT_OURS);
	put_isr(PXENV_UNDI_ISR_IN_PROCESS);
	assert_int_equal(pxe_api_call(&api, PXENV_OP_UNDI_ISR, BLOCK_FAR), PXENV_EXIT_SUCCESS);
	memcpy(&isr, mem + BLOCK_AT, sizeof(isr));
	assert_int_equal(isr.func_flag, PXENV_UNDI_ISR_OUT_RECEIVE);
	assert_int_equal(isr.frame_length, n);
	assert_int_equal(isr.buffer_length, n);
	assert_int_equal(isr.frame_header_length, 14);
	assert_int_equal(isr.frame, (FRAME_AT >> 4) << 16);
	assert_int_equal(isr.prot_type, P_IP);
	assert_int_equal(isr.pkt_type, 1); /* broadcast */
	assert_memory_equal(mem + FRAME_AT, f, n);
	put_isr(PXENV_UNDI_ISR_IN_GET_NEXT);
	assert_int_equal(pxe_api_call(&api, PXENV_OP_UNDI_ISR, BLOCK_FAR), PXENV_EXIT_SUCCESS);
	memcpy(&isr, mem + BLOCK_AT, sizeof(isr));
	assert_int_equal(isr.func_flag, PXENV_UNDI_ISR_OUT_DONE);
	netif_shutdown(&nif);
	fake_netdev_free(&fd);
}

static void put_udp(uint32_t ip, uint16_t port, uint16_t port2, uint16_t size)
{
	struct pxenv_udp_rw rw = { .ip = ip, .port = port, .port2 = port2, .buffer_size = size,
				   .buffer = BUF_FAR };
	memcpy(mem + BLOCK_AT, &rw, sizeof(rw));
}

static void test_udp_write_then_read(void **state)
{
	(void)state;
	struct fake_netdev fd;
	struct netif nif;
	struct pxe_api api = net_api(&fd, &nif);
	uint16_t port_be = 0xd007, tftp_be = 0x4500; /* 2000, 69 in network order */
	assert_int_equal(pxe_api_call(&api, PXENV_OP_UDP_OPEN, BLOCK_FAR), PXENV_EXIT_SUCCESS);
	/* The server's MAC known: no ARP round. */
	uint8_t f[ETH_FRAME_MAX];
	size_t n = fake_build_arp(f, fd.dev.mac, 2, server_mac, fake_ip(10, 0, 0, 1), fd.dev.mac,
				  fake_ip(10, 0, 0, 50));
	net_rx_frame(&nif, f, n);
	memcpy(mem + BUF_AT, "rrq", 3);
	put_udp(fake_ip(10, 0, 0, 1), port_be, tftp_be, 3);
	assert_int_equal(pxe_api_call(&api, PXENV_OP_UDP_WRITE, BLOCK_FAR), PXENV_EXIT_SUCCESS);
	n = fake_netdev_pop_tx(&fd, f, sizeof(f), NULL);
	struct fake_parsed p;
	assert_int_equal(fake_parse(f, n, &p), 0);
	assert_int_equal(p.sport, 2000);
	assert_int_equal(p.dport, 69);
	assert_memory_equal(p.payload, "rrq", 3);

	/* Nothing yet, then the answer to port 2000 (another port's datagram stays queued). */
	put_udp(0, 0, port_be, 512);
	assert_int_equal(pxe_api_call(&api, PXENV_OP_UDP_READ, BLOCK_FAR), PXENV_EXIT_FAILURE);
	n = fake_build_udp(f, fd.dev.mac, server_mac, fake_ip(10, 0, 0, 1), fake_ip(10, 0, 0, 50),
			   1069, 2000, "data1", 5);
	fake_netdev_inject(&fd, f, n);
	put_udp(0, 0, port_be, 4); /* too small a buffer: refused, the datagram stays */
	assert_int_equal(pxe_api_call(&api, PXENV_OP_UDP_READ, BLOCK_FAR), PXENV_EXIT_FAILURE);
	put_udp(0, 0, port_be, 512);
	assert_int_equal(pxe_api_call(&api, PXENV_OP_UDP_READ, BLOCK_FAR), PXENV_EXIT_SUCCESS);
	struct pxenv_udp_rw rw;
	memcpy(&rw, mem + BLOCK_AT, sizeof(rw));
	assert_int_equal(rw.buffer_size, 5);
	assert_int_equal(rw.ip, fake_ip(10, 0, 0, 1));
	assert_int_equal(rw.port, 0x2d04); /* 1069 */
	assert_memory_equal(mem + BUF_AT, "data1", 5);
	assert_int_equal(pxe_api_call(&api, PXENV_OP_UDP_CLOSE, BLOCK_FAR), PXENV_EXIT_SUCCESS);
	assert_null(nif.udp_socks);
	netif_shutdown(&nif);
	fake_netdev_free(&fd);
}

/* ---- TFTP calls against a lock-step server at 10.0.0.1 (transfer ID 1069) ---------------- */

#define SERVER_TID 1069

static struct fake_tftp {
	const uint8_t *file;
	size_t len;
	bool options;          /* answers blksize / tsize with an OACK */
	uint32_t max_blksize;  /* the largest block it agrees to */
	uint32_t blksize;      /* agreed */
	uint32_t asked_blksize;
	bool asked_tsize;
	char name[PXE_TFTP_NAME_MAX];
	unsigned rrqs, errors, data_sent;
	uint16_t client_port;
} srv;

static uint8_t file_bytes[4096];

static void server_send(struct fake_netdev *fd, uint16_t sport, const void *pkt, size_t len)
{
	uint8_t f[ETH_FRAME_MAX];
	size_t n = fake_build_udp(f, fd->dev.mac, server_mac, fake_ip(10, 0, 0, 1),
				  fake_ip(10, 0, 0, 50), sport, srv.client_port, pkt, len);
	fake_netdev_inject(fd, f, n);
}

static void server_data(struct fake_netdev *fd, uint16_t block)
{
	size_t off = (size_t)(block - 1) * srv.blksize;
	if (off > srv.len)
		return; /* past the last block */
	size_t n = srv.len - off < srv.blksize ? srv.len - off : srv.blksize;
	uint8_t pkt[4 + 1500];
	tftp_build_data_header(pkt, sizeof(pkt), block);
	memcpy(pkt + 4, srv.file + off, n);
	server_send(fd, SERVER_TID, pkt, 4 + n);
	srv.data_sent++;
}

/* Answers ARP for 10.0.0.1, RRQs on port 69 and ACKs on its transfer ID. */
static void server_on_transmit(struct fake_netdev *fd, const uint8_t *frame, size_t len)
{
	struct fake_parsed p;
	uint8_t f[ETH_FRAME_MAX], pkt[64];
	if (fake_parse(frame, len, &p) < 0)
		return;
	if (p.ethertype == 0x0806 && p.arp_op == 1 && p.arp_tpa == fake_ip(10, 0, 0, 1)) {
		size_t n = fake_build_arp(f, fd->dev.mac, 2, server_mac, fake_ip(10, 0, 0, 1),
					  fd->dev.mac, fake_ip(10, 0, 0, 50));
		fake_netdev_inject(fd, f, n);
		return;
	}
	struct tftp_packet t;
	if (p.ethertype != 0x0800 || p.proto != 17 || tftp_parse(p.payload, p.payload_len, &t) < 0)
		return;
	srv.client_port = p.sport;
	if (p.dport == TFTP_PORT && t.opcode == TFTP_RRQ) {
		srv.rrqs++;
		strncpy(srv.name, t.filename, sizeof(srv.name) - 1);
		srv.asked_blksize = t.opts.blksize;
		srv.asked_tsize = t.opts.has_tsize;
		if (!srv.file) {
			int n = tftp_build_error(pkt, sizeof(pkt), TFTP_ERR_NOT_FOUND, "no such file");
			server_send(fd, SERVER_TID, pkt, (size_t)n);
		} else if (srv.options && (t.opts.blksize || t.opts.has_tsize)) {
			srv.blksize = t.opts.blksize ? t.opts.blksize : TFTP_DEFAULT_BLKSIZE;
			if (srv.blksize > srv.max_blksize)
				srv.blksize = srv.max_blksize;
			struct tftp_options o = { .blksize = t.opts.blksize ? srv.blksize : 0,
						  .tsize = srv.len, .has_tsize = t.opts.has_tsize };
			int n = tftp_build_oack(pkt, sizeof(pkt), &o);
			server_send(fd, SERVER_TID, pkt, (size_t)n);
		} else {
			srv.blksize = TFTP_DEFAULT_BLKSIZE;
			server_data(fd, 1);
		}
	} else if (p.dport == SERVER_TID && t.opcode == TFTP_ERROR) {
		srv.errors++;
	} else if (p.dport == SERVER_TID && t.opcode == TFTP_ACK) {
		server_data(fd, (uint16_t)(t.block + 1));
	}
}

/* A network API with the server serving `len` bytes of a known pattern (or no file). */
static struct pxe_api tftp_api(struct fake_netdev *fd, struct netif *nif, size_t len, bool options)
{
	struct pxe_api api = net_api(fd, nif);
	fd->on_transmit = server_on_transmit;
	for (size_t i = 0; i < sizeof(file_bytes); i++)
		file_bytes[i] = (uint8_t)(i * 7 + i / 256);
	memset(&srv, 0, sizeof(srv));
	srv.file = len ? file_bytes : NULL;
	srv.len = len;
	srv.options = options;
	srv.max_blksize = 1024;
	return api;
}

static void put_tftp_open(const char *name, uint16_t packet_size)
{
	struct pxenv_tftp_open o = { .server_ip = fake_ip(10, 0, 0, 1), .port = 0x4500,
				     .packet_size = packet_size };
	strncpy(o.file_name, name, sizeof(o.file_name));
	memcpy(mem + BLOCK_AT, &o, sizeof(o));
}

static struct pxenv_tftp_read tftp_read(struct pxe_api *api, uint32_t buffer, uint16_t expect_exit)
{
	struct pxenv_tftp_read r = { .buffer = buffer };
	memcpy(mem + BLOCK_AT, &r, sizeof(r));
	assert_int_equal(pxe_api_call(api, PXENV_OP_TFTP_READ, BLOCK_FAR), expect_exit);
	memcpy(&r, mem + BLOCK_AT, sizeof(r));
	return r;
}

static void test_tftp_open_read_close(void **state)
{
	(void)state;
	struct fake_netdev fd;
	struct netif nif;
	struct pxe_api api = tftp_api(&fd, &nif, 2000, true);
	put_tftp_open("boot/nbp.bin", 1456);
	assert_int_equal(pxe_api_call(&api, PXENV_OP_TFTP_OPEN, BLOCK_FAR), PXENV_EXIT_SUCCESS);
	struct pxenv_tftp_open o;
	memcpy(&o, mem + BLOCK_AT, sizeof(o));
	assert_int_equal(o.status, PXENV_STATUS_SUCCESS);
	assert_int_equal(o.packet_size, 1024); /* asked 1456, the server agreed to 1024 */
	assert_string_equal(srv.name, "boot/nbp.bin");
	assert_int_equal(srv.asked_blksize, 1456);
	/* A second file while one is open: refused. */
	assert_int_equal(pxe_api_call(&api, PXENV_OP_TFTP_OPEN, BLOCK_FAR), PXENV_EXIT_FAILURE);
	assert_int_equal(status_at(BLOCK_AT), PXENV_STATUS_TFTP_OPEN);

	/* A buffer in wireboot's memory: refused, and the block is still there for a good one. */
	tftp_read(&api, (OWN_LO >> 4) << 16, PXENV_EXIT_FAILURE);
	assert_int_equal(status_at(BLOCK_AT), PXENV_STATUS_BAD_FUNC);
	assert_int_equal(mem[OWN_LO], 0xAA);
	struct pxenv_tftp_read r = tftp_read(&api, BUF_FAR, PXENV_EXIT_SUCCESS);
	assert_int_equal(r.packet_number, 1);
	assert_int_equal(r.buffer_size, 1024);
	assert_memory_equal(mem + BUF_AT, file_bytes, 1024);
	r = tftp_read(&api, BUF_FAR + 1024, PXENV_EXIT_SUCCESS);
	assert_int_equal(r.packet_number, 2);
	assert_int_equal(r.buffer_size, 976); /* short: the last */
	assert_memory_equal(mem + BUF_AT, file_bytes, 2000);
	assert_int_equal(mem[BUF_AT + 2000], 0xAA);
	tftp_read(&api, BUF_FAR, PXENV_EXIT_FAILURE); /* the file has ended */
	assert_int_equal(srv.data_sent, 2);
	assert_int_equal(pxe_api_call(&api, PXENV_OP_TFTP_CLOSE, BLOCK_FAR), PXENV_EXIT_SUCCESS);
	assert_int_equal(srv.errors, 0); /* a finished transfer needs no ERROR */
	tftp_read(&api, BUF_FAR, PXENV_EXIT_FAILURE);
	assert_int_equal(status_at(BLOCK_AT), PXENV_STATUS_TFTP_CLOSED);
	assert_null(nif.udp_socks);
	netif_shutdown(&nif);
	fake_netdev_free(&fd);
}

static void test_tftp_get_fsize_and_early_close(void **state)
{
	(void)state;
	struct fake_netdev fd;
	struct netif nif;
	struct pxe_api api = tftp_api(&fd, &nif, 3001, true);
	struct pxenv_tftp_get_fsize g = { .server_ip = fake_ip(10, 0, 0, 1) };
	strcpy(g.file_name, "vendor.n12");
	memcpy(mem + BLOCK_AT, &g, sizeof(g));
	assert_int_equal(pxe_api_call(&api, PXENV_OP_TFTP_GET_FSIZE, BLOCK_FAR), PXENV_EXIT_SUCCESS);
	memcpy(&g, mem + BLOCK_AT, sizeof(g));
	assert_int_equal(g.file_size, 3001);
	assert_true(srv.asked_tsize);
	assert_int_equal(srv.data_sent, 0);
	assert_int_equal(srv.errors, 1); /* the transfer ended at the OACK */
	assert_null(nif.udp_socks);

	/* Closed after one block of three: the server is told. */
	put_tftp_open("vendor.n12", 512);
	assert_int_equal(pxe_api_call(&api, PXENV_OP_TFTP_OPEN, BLOCK_FAR), PXENV_EXIT_SUCCESS);
	assert_int_equal(srv.asked_blksize, 0); /* 512 is the default: no option asked */
	struct pxenv_tftp_read r = tftp_read(&api, BUF_FAR, PXENV_EXIT_SUCCESS);
	assert_int_equal(r.buffer_size, 512);
	assert_int_equal(pxe_api_call(&api, PXENV_OP_TFTP_CLOSE, BLOCK_FAR), PXENV_EXIT_SUCCESS);
	assert_int_equal(srv.errors, 2);
	netif_shutdown(&nif);
	fake_netdev_free(&fd);
}

static void put_read_file(const char *name, uint32_t size, uint32_t linear)
{
	struct pxenv_tftp_read_file f = { .buffer_size = size, .buffer = linear,
					  .server_ip = fake_ip(10, 0, 0, 1) };
	strncpy(f.file_name, name, sizeof(f.file_name));
	memcpy(mem + BLOCK_AT, &f, sizeof(f));
}

static void test_tftp_plain_server_read_file(void **state)
{
	(void)state;
	struct fake_netdev fd;
	struct netif nif;
	/* RFC 1350 only: 512-byte blocks, 1024 bytes end with an empty block 3; no size. */
	struct pxe_api api = tftp_api(&fd, &nif, 1024, false);
	put_read_file("f", 4096, 0x10000);
	assert_int_equal(pxe_api_call(&api, PXENV_OP_TFTP_READ_FILE, BLOCK_FAR), PXENV_EXIT_SUCCESS);
	struct pxenv_tftp_read_file f;
	memcpy(&f, mem + BLOCK_AT, sizeof(f));
	assert_int_equal(f.buffer_size, 1024);
	assert_memory_equal(mem + 0x10000, file_bytes, 1024);
	assert_int_equal(mem[0x10000 + 1024], 0xAA);
	assert_int_equal(srv.data_sent, 3);
	assert_int_equal(srv.errors, 0);
	struct pxenv_tftp_get_fsize g = { .server_ip = fake_ip(10, 0, 0, 1) };
	strcpy(g.file_name, "f");
	memcpy(mem + BLOCK_AT, &g, sizeof(g));
	assert_int_equal(pxe_api_call(&api, PXENV_OP_TFTP_GET_FSIZE, BLOCK_FAR), PXENV_EXIT_FAILURE);
	assert_int_equal(status_at(BLOCK_AT), PXENV_STATUS_TFTP_NO_FILESIZE);
	assert_null(nif.udp_socks);
	netif_shutdown(&nif);
	fake_netdev_free(&fd);
}

static void test_tftp_refusals(void **state)
{
	(void)state;
	struct fake_netdev fd;
	struct netif nif;
	struct pxe_api api = tftp_api(&fd, &nif, 3000, true);
	/* A buffer too small for the file: what fits, then OUT_OF_RESOURCES; nothing beyond. */
	put_read_file("big", 2500, 0x10000);
	assert_int_equal(pxe_api_call(&api, PXENV_OP_TFTP_READ_FILE, BLOCK_FAR), PXENV_EXIT_FAILURE);
	assert_int_equal(status_at(BLOCK_AT), PXENV_STATUS_OUT_OF_RESOURCES);
	assert_memory_equal(mem + 0x10000, file_bytes, 2048);
	assert_int_equal(mem[0x10000 + 2048], 0xAA);
	assert_int_equal(srv.errors, 1);
	/* A buffer reaching into wireboot's memory, or past the end: nothing is asked for. */
	unsigned rrqs = srv.rrqs;
	put_read_file("big", 0x1000, OWN_LO - 0x800);
	assert_int_equal(pxe_api_call(&api, PXENV_OP_TFTP_READ_FILE, BLOCK_FAR), PXENV_EXIT_FAILURE);
	assert_int_equal(status_at(BLOCK_AT), PXENV_STATUS_BAD_FUNC);
	put_read_file("big", 0x20, 0xFFFFFFF0u);
	assert_int_equal(pxe_api_call(&api, PXENV_OP_TFTP_READ_FILE, BLOCK_FAR), PXENV_EXIT_FAILURE);
	/* A name without its NUL inside 128 bytes, and an empty one. */
	put_tftp_open("", 512);
	memset(mem + BLOCK_AT + 10, 'a', PXE_TFTP_NAME_MAX);
	assert_int_equal(pxe_api_call(&api, PXENV_OP_TFTP_OPEN, BLOCK_FAR), PXENV_EXIT_FAILURE);
	assert_int_equal(status_at(BLOCK_AT), PXENV_STATUS_BAD_FUNC);
	put_tftp_open("", 512);
	assert_int_equal(pxe_api_call(&api, PXENV_OP_TFTP_OPEN, BLOCK_FAR), PXENV_EXIT_FAILURE);
	assert_int_equal(srv.rrqs, rrqs);
	/* A file the server does not have. */
	srv.file = NULL;
	put_tftp_open("missing", 512);
	assert_int_equal(pxe_api_call(&api, PXENV_OP_TFTP_OPEN, BLOCK_FAR), PXENV_EXIT_FAILURE);
	assert_int_equal(status_at(BLOCK_AT), PXENV_STATUS_TFTP_FILE_NOT_FOUND);
	assert_int_equal(srv.errors, 1); /* no ERROR back to an ERROR */
	/* No server at all: the request is sent PXE_TFTP_TRIES times, then a timeout. */
	fd.on_transmit = NULL;
	put_tftp_open("silent", 512);
	assert_int_equal(pxe_api_call(&api, PXENV_OP_TFTP_OPEN, BLOCK_FAR), PXENV_EXIT_FAILURE);
	assert_int_equal(status_at(BLOCK_AT), PXENV_STATUS_TFTP_OPEN_TIMEOUT);
	assert_null(nif.udp_socks);
	netif_shutdown(&nif);
	fake_netdev_free(&fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ptr_checks),
		cmocka_unit_test(test_cached_info_copy),
		cmocka_unit_test(test_cached_info_by_reference),
		cmocka_unit_test(test_cached_info_refuses_bad_buffers),
		cmocka_unit_test(test_block_outside_gets_no_answer),
		cmocka_unit_test(test_undi_get_nic_type),
		cmocka_unit_test(test_protected_mode_selectors),
		cmocka_unit_test(test_unsupported_and_udp_closed),
		cmocka_unit_test(test_stop_undi_ends_the_api),
		cmocka_unit_test(test_undi_transmit_builds_header),
		cmocka_unit_test(test_undi_isr_hands_out_frames),
		cmocka_unit_test(test_udp_write_then_read),
		cmocka_unit_test(test_tftp_open_read_close),
		cmocka_unit_test(test_tftp_get_fsize_and_early_close),
		cmocka_unit_test(test_tftp_plain_server_read_file),
		cmocka_unit_test(test_tftp_refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
