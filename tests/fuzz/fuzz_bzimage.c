// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: bzimage_parse() on arbitrary files, then bzimage_fill_setup() on a copy of
 * the real-mode part (16-bit entry) and on a boot_params page (32-bit entry).  Checks the
 * description is consistent with the input.
 */
#include <stdint.h>
#include <stdlib.h>

#include "core/string.h"
#include "loaders/bzimage.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bzimage_info info;
	if (bzimage_parse(data, size, &info) != 0)
		return 0;
	if (info.setup_len + info.kernel_len != size || info.kernel_offset != info.setup_len ||
	    info.version[sizeof(info.version) - 1] != '\0')
		abort();

	uint8_t *setup = malloc(info.setup_len);
	if (!setup)
		return 0;
	memcpy(setup, data, info.setup_len);
	struct bzimage_load load = {
		.setup_base = 0x10000, .kernel_addr = info.code32_start, .cmdline_addr = 0x19000,
		.initrd_addr = 0x1000000, .initrd_len = 0x1000, .vid_mode = 0xFFFF,
	};
	bzimage_fill_setup(&info, setup, info.setup_len, &load);
	free(setup);

	static uint8_t zero_page[4096];
	memset(zero_page, 0, sizeof(zero_page));
	size_t hdr = info.header_end < info.setup_len ? info.header_end : info.setup_len;
	if (hdr > 0x1F1 && hdr <= sizeof(zero_page))
		memcpy(zero_page + 0x1F1, data + 0x1F1, hdr - 0x1F1);
	load.setup_base = 0;
	bzimage_fill_setup(&info, zero_page, sizeof(zero_page), &load);
	(void)bzimage_initrd_limit(&info, UINT64_MAX);
	return 0;
}
