// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * loaders/pxe_api.c on requests as a chained program fills them, over a netif on a fake NIC
 * (every call: GET_CACHED_INFO, UDP, UNDI, and the TFTP calls, whose answers come from the
 * input's frames).
 * Input: byte 0 = number of calls n (low 4 bits, at most 15; bit 4: the caller is in 16-bit
 * protected mode with its GDT at 0x0800, limit 0xFF, from the memory below), n calls of
 * 6 bytes {u16 opcode, u32 seg:off (or selector:offset) of the parameter block}; then byte F = number of received frames (at most 3), each {u16
 * length, bytes}, which the NIC hands out (UNDI_ISR, UDP_READ's poll) before going idle; the
 * rest is the program's memory from address 0 on (the rest of the 64 KiB view zero).
 * wireboot's own memory (0xC000-0xE000, holding the cached packet and the UNDI frame buffer)
 * must never change through the API; ASan catches any access beyond the view.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_IDLE_MS 400 /* an unanswered ARP request gives up after a few idle polls */
#include "loaders/pxe_api.h"
#include "net/netif.h"
#include "tests/fuzz/fuzz_netdev.h"

#define MEM_SIZE 0x10000u
#define OWN_LO 0xC000u
#define OWN_HI 0xE000u
#define MAX_FRAMES 3

static const uint8_t *frames[MAX_FRAMES];
static uint16_t frame_lens[MAX_FRAMES];
static unsigned nframes, next_frame;

/* The input's frames first, then nothing (time passes). */
static int replay_receive(struct netdev *dev, void *buf, size_t cap)
{
	if (next_frame >= nframes)
		return idle_receive(dev, buf, cap);
	size_t len = frame_lens[next_frame] < cap ? frame_lens[next_frame] : cap;
	memcpy(buf, frames[next_frame++], len);
	return (int)len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct netdev dev = { .name = "fuzz0", .mac = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 },
				     .transmit = null_transmit, .receive = replay_receive };
	static struct netif nif;
	static uint8_t own[OWN_HI - OWN_LO];
	size_t calls = size ? (data[0] & 15u) : 0;
	size_t at = 1 + 6 * calls;
	if (size <= at)
		return 0;
	nframes = next_frame = 0;
	for (unsigned n = data[at++] % (MAX_FRAMES + 1); n && at + 2 <= size; n--) {
		uint16_t len = (uint16_t)(data[at] | data[at + 1] << 8);
		at += 2;
		if (len > size - at)
			len = (uint16_t)(size - at);
		frames[nframes] = data + at;
		frame_lens[nframes++] = len;
		at += len;
	}
	uint8_t *mem = calloc(1, MEM_SIZE);
	if (!mem)
		return 0;
	size_t image = size - at < OWN_LO ? size - at : OWN_LO;
	memcpy(mem, data + at, image);
	for (unsigned i = 0; i < sizeof(own); i++)
		mem[OWN_LO + i] = (uint8_t)(i * 7);
	memcpy(own, mem + OWN_LO, sizeof(own));
	netif_init(&nif, &dev);
	netif_configure(&nif, 0x3200000a, 0x00ffffff, 0xfe00000a);
	struct pxe_api api = {
		.mem = { .base = mem, .size = MEM_SIZE, .own_lo = OWN_LO, .own_hi = OWN_HI },
		.nif = &nif,
		.packet = mem + OWN_LO,
		.packet_len = 1024,
		.frame = mem + OWN_LO + 0x1000,
		.nic = { .nic_type = PXE_NIC_TYPE_PCI, .vendor_id = 0x8086, .dev_id = 0x100E },
	};
	if (data[0] & 0x10) {
		api.mem.gdt_base = 0x0800;
		api.mem.gdt_limit = 0xFF;
	}
	for (size_t off = 1; off + 6 <= 1 + 6 * calls; off += 6) {
		uint16_t opcode;
		uint32_t params;
		memcpy(&opcode, data + off, 2);
		memcpy(&params, data + off + 2, 4);
		pxe_api_call(&api, opcode, params);
	}
	pxe_api_call(&api, PXENV_OP_UDP_CLOSE, 0x00000100); /* unbinds the sockets again */
	pxe_api_call(&api, PXENV_OP_TFTP_CLOSE, 0x00000100);
	netif_shutdown(&nif);
	/* The UNDI frame buffer is wireboot's to write; the rest of its memory stays. */
	if (memcmp(own, mem + OWN_LO, 0x1000) ||
	    memcmp(own + 0x1000 + PXE_API_FRAME_MAX, mem + OWN_LO + 0x1000 + PXE_API_FRAME_MAX,
		   sizeof(own) - 0x1000 - PXE_API_FRAME_MAX))
		abort();
	free(mem);
	return 0;
}
