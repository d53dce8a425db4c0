// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: multiboot_parse() on arbitrary kernels; what it accepts must describe
 * segments inside the file and between 1 MiB and 4 GiB, and the boot information built for
 * it must fit the size announced.
 */
#include <stdint.h>
#include <stdlib.h>

#include "loaders/multiboot.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct multiboot_memory map[] = { { 0, 0x9FC00, 1 },
						       { 0x100000, 0x3FF00000, 1 } };
	static uint8_t info[4096];
	struct multiboot_image img;

	if (multiboot_parse(data, size, &img) != 0)
		return 0;
	for (size_t i = 0; i < img.nsegs; i++) {
		const struct multiboot_segment *s = &img.seg[i];
		if (s->offset > size || s->filesz > size - s->offset || s->filesz > s->memsz ||
		    s->dest < MB1_LOAD_MIN || (uint64_t)s->dest + s->memsz > 0xFFFFFFFFull)
			abort();
	}
	multiboot_check_memory(&img, map, 2);
	const struct multiboot_module_ref mod = { 0x200000, 0x200100, img.format };
	size_t n = multiboot_info_size("cmdline", &mod, 1, 2);
	if (multiboot_info_build(info, sizeof(info), 0x90000, "cmdline", &mod, 1, map, 2) != 0 ||
	    n > sizeof(info))
		abort();
	return 0;
}
