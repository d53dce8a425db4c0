// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * loaders/pxe_bootp.c on arbitrary packets, as a PXE stack's cached-info buffer may hold
 * them: the first input byte picks the program path (same server, another server, "::"), the
 * rest is the packet, in a heap copy of exactly its size so ASan catches any access beyond.
 * A packet it accepts names the program in `file`, NUL-terminated inside the field.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "loaders/pxe_bootp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const paths[] = { "px/pxelinux.0", "10.9.8.7::undionly.kpxe", "::x.0" };
	static const char *const names[] = { "px/pxelinux.0", "undionly.kpxe", "x.0" };
	if (size < 1)
		return 0;
	unsigned which = data[0] % 3;
	size--;
	uint8_t *pkt = malloc(size ? size : 1);
	if (!pkt)
		return 0;
	memcpy(pkt, data + 1, size);
	if (pxe_bootp_retarget(pkt, size, paths[which]) == 0 &&
	    strncmp((const char *)pkt + PXE_BOOTP_FILE, names[which], PXE_BOOTP_FILE_LEN))
		abort();
	free(pkt);
	return 0;
}
