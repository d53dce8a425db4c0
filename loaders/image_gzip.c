// SPDX-License-Identifier: GPL-2.0-or-later
/* boot_gunzip_image() (loaders/boot_session.h): gzip'd kernels and modules, inflated. */
#include "core/errors.h"
#include "core/platform.h"
#include "core/printf.h"
#include "loaders/boot_session.h"
#include "loaders/inflate.h"

#define GUNZIP_MAX (1024u * 1024 * 1024) /* no boot image inflates to more than 1 GiB */

int boot_gunzip_image(struct boot_session *s, struct image_dest *d, struct boot_plan_file *f)
{
	size_t isize = 0, n = 0;
	int err;

	if (!gzip_is(f->data, f->len))
		return 0;
	if ((err = gzip_isize(f->data, f->len, &isize)))
		return boot_fail(s, err, "%s: gzip: %s", f->name, wb_strerror(err));
	if (!isize || isize > GUNZIP_MAX)
		return boot_fail(s, -WB_ETOOBIG, "%s: gzip: announces %zu bytes inflated (at most "
				 "%u): corrupt or too large", f->name, isize, GUNZIP_MAX);
	uint8_t *out = platform_image_alloc(isize, d->max_end, d->top_down);
	if (!out)
		return boot_fail(s, -WB_ETOOBIG, "%s: gzip: no room for the %zu inflated bytes",
				 f->name, isize);
	err = gzip_inflate(f->data, f->len, out, isize, &n);
	if (err == -WB_ETOOBIG) /* more than the trailer announces */
		err = -WB_ECORRUPT;
	if (err) {
		platform_image_free(out, isize);
		return boot_fail(s, err, "%s: gzip: %s", f->name, wb_strerror(err));
	}
	wb_printf("%s: gzip, %zu bytes inflated to %zu (CRC-32 and size match)\n", f->name,
		  f->len, n);
	image_release(d);
	d->buf = out;
	d->alloc_len = isize;
	f->data = out;
	f->len = n;
	return 0;
}
