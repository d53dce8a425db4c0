// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The IPv6 option ROM (wireboot-virtio-ipv6.rom, rom/module.mk) has no inflate, to fit
 * 64 KiB: it links this boot_gunzip_image() instead of loaders/image_gzip.c and
 * loaders/inflate.c.  Files that are not gzip pass as before (Linux kernels and initrds are
 * never gzip'd as a whole file); a gzip'd one is refused by name.
 */
#include "core/errors.h"
#include "loaders/boot_session.h"

int boot_gunzip_image(struct boot_session *s, struct image_dest *d, struct boot_plan_file *f)
{
	(void)d;
	if (f->len < 2 || f->data[0] != 0x1f || f->data[1] != 0x8b)
		return 0;
	return boot_fail(s, -WB_ENOTSUP, "%s: gzip'd, and this image (the IPv6 option ROM) cannot "
			 "inflate: serve it uncompressed or boot wireboot-virtio.rom", f->name);
}
