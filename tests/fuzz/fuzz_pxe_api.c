// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * loaders/pxe_api.c on requests as a chained program fills them: the input's first byte is
 * a number of calls n (at most 15), then n calls of 6 bytes {u16 opcode, u32 seg:off of the
 * parameter block}, then the program's memory from address 0 on (the rest of the view zero).  The view is
 * exactly 64 KiB of heap with wireboot's own memory at 0xC000-0xE000 and the cached packet
 * inside it, so ASan catches any access beyond the view, and the own range must never change.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "loaders/pxe_api.h"

#define MEM_SIZE 0x10000u
#define OWN_LO 0xC000u
#define OWN_HI 0xE000u

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *mem = calloc(1, MEM_SIZE);
	static uint8_t own[OWN_HI - OWN_LO];
	if (!mem)
		return 0;
	size_t calls = size ? (data[0] & 15u) : 0;
	size_t head = 1 + 6 * calls;
	if (size < head) {
		free(mem);
		return 0;
	}
	size_t image = size - head < OWN_LO ? size - head : OWN_LO;
	memcpy(mem, data + head, image);
	for (unsigned i = 0; i < sizeof(own); i++)
		mem[OWN_LO + i] = (uint8_t)(i * 7);
	memcpy(own, mem + OWN_LO, sizeof(own));
	struct pxe_api api = {
		.mem = { .base = mem, .size = MEM_SIZE, .own_lo = OWN_LO, .own_hi = OWN_HI },
		.packet = mem + OWN_LO,
		.packet_len = 1024,
	};
	for (size_t off = 1; off < head; off += 6) {
		uint16_t opcode;
		uint32_t params;
		memcpy(&opcode, data + off, 2);
		memcpy(&params, data + off + 2, 4);
		pxe_api_call(&api, opcode, params);
	}
	if (memcmp(own, mem + OWN_LO, sizeof(own)))
		abort(); /* a program wrote into wireboot's memory through the API */
	free(mem);
	return 0;
}
