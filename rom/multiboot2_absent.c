// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The BIOS images start Multiboot 1 kernels only, so they link this instead of the Multiboot
 * 2 parser (loaders/multiboot2.c, kept out for the 64 KiB cap): every kernel has no Multiboot
 * 2 header here, and a Multiboot 2-only kernel is refused by multiboot_parse()'s own message.
 */
#include "core/errors.h"
#include "loaders/multiboot2.h"

int multiboot2_parse(const uint8_t *data, size_t len, struct multiboot2_image *img)
{
	(void)data, (void)len;
	img->status = -WB_EBADMAGIC;
	return -WB_EBADMAGIC;
}
