// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * loaders/signature.h in the BIOS images, which have no room for the crypto: without
 * SIGNERS nothing is checked; built with SIGNERS (WB_SIGNERS_REQUIRED=1), every file is
 * refused, so that such an image never boots what it could not check.
 */
#include "loaders/signature.h"

#include "core/errors.h"
#include "core/printf.h"
#include "loaders/boot_session.h"

#ifndef WB_SIGNERS_REQUIRED
#define WB_SIGNERS_REQUIRED 0
#endif

int signature_require(struct boot_session *s, const char *path, struct fetch_result *res)
{
	if (!WB_SIGNERS_REQUIRED)
		return 0;
	wb_snprintf(res->error, sizeof(res->error), "%s: refused: this image was built to accept "
		    "only signed files but cannot check signatures (BIOS, 64 KiB): chainload "
		    "wireboot.efi, or build without SIGNERS", path);
	return -WB_ESIG;
}
