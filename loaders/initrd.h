/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Several initrds (APPEND initrd=a,b,c) become one image for the kernel: each part starts on
 * a 4 KiB boundary, the gaps are zero (Linux skips zero padding between cpio archives), and
 * ramdisk_size is the end of the last part.
 */
#ifndef WB_LOADERS_INITRD_H
#define WB_LOADERS_INITRD_H

#include <stddef.h>
#include <stdint.h>

#define INITRD_ALIGN 4096

struct initrd_part {
	const void *data;
	size_t len;
};

/*
 * Offsets of `count` parts of the given sizes (offsets may be NULL) and the total length.
 * 0, or -WB_ETOOBIG when the layout does not fit in a size_t.
 */
int initrd_layout(const size_t *sizes, size_t count, size_t *offsets, size_t *total);

/*
 * Copy the parts into dst (dst_len bytes) at their offsets, zeroing the gaps; *total is the
 * length used.  0, or -WB_ETOOBIG when they do not fit (dst is then untouched).
 */
int initrd_concat(uint8_t *dst, size_t dst_len, const struct initrd_part *parts, size_t count,
		  size_t *total);

#endif
