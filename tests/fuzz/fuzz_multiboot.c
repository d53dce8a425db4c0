// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: multiboot_parse() and multiboot2_parse() on arbitrary kernels; what
 * they accept must describe segments inside the file and between 1 MiB and 4 GiB, and the
 * boot information built for it must fit the size announced.
 */
#include <stdint.h>
#include <stdlib.h>

#include "loaders/multiboot.h"
#include "loaders/multiboot2.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Abort unless every segment lies in the file and between 1 MiB and 4 GiB. */
static void check_layout(const struct multiboot_image *img, size_t size)
{
	for (size_t i = 0; i < img->nsegs; i++) {
		const struct multiboot_segment *s = &img->seg[i];
		if (s->offset > size || s->filesz > size - s->offset || s->filesz > s->memsz ||
		    s->dest < MB1_LOAD_MIN || (uint64_t)s->dest + s->memsz > 0xFFFFFFFFull)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct multiboot_memory map[] = { { 0, 0x9FC00, 1 },
						       { 0x100000, 0x3FF00000, 1 } };
	static uint8_t info[4096];
	static const struct multiboot2_efi efi = { 1, 2, 3 };
	struct multiboot_image img;
	struct multiboot2_image img2;
	const struct multiboot_module_ref mod = { 0x200000, 0x200100, "module" };

	if (multiboot2_parse(data, size, &img2) == 0) {
		check_layout(&img2.layout, size);
		size_t n = multiboot2_info_size("cmdline", &mod, 1, 2);
		int total = multiboot2_info_build(info, sizeof(info), "cmdline", &mod, 1, map, 2, &efi);
		if (total <= 0 || (size_t)total > n || n > sizeof(info))
			abort();
	}
	if (multiboot_parse(data, size, &img) != 0)
		return 0;
	check_layout(&img, size);
	multiboot_check_memory(&img, map, 2);
	size_t n = multiboot_info_size("cmdline", &mod, 1, 2);
	if (multiboot_info_build(info, sizeof(info), 0x90000, "cmdline", &mod, 1, map, 2) != 0 ||
	    n > sizeof(info))
		abort();
	return 0;
}
