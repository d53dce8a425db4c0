// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * wireboot-virtio-ipv6.rom (rom/module.mk) has no room for the PXE API's TFTP calls: it
 * links these instead of loaders/pxe_api_tftp.c.  A chained
 * program's TFTP_OPEN, TFTP_READ, TFTP_GET_FSIZE and TFTP_READ_FILE are refused with
 * PXENV_STATUS_UNSUPPORTED (programs that read their files over the UDP or UNDI calls, such
 * as pxelinux.0, lpxelinux.0 and undionly.kpxe, are not affected); the other native images
 * serve them.
 */
#include "loaders/pxe_api_calls.h"

int pxe_api_tftp_open(struct pxe_api *api, void *params)
{
	(void)api;
	(void)params;
	return PXENV_STATUS_UNSUPPORTED; /* logged by the dispatcher: call 0x20 -> status 0x3 */
}

int pxe_api_tftp_read(struct pxe_api *api, void *params)
	__attribute__((alias("pxe_api_tftp_open")));
int pxe_api_tftp_get_fsize(struct pxe_api *api, void *params)
	__attribute__((alias("pxe_api_tftp_open")));
int pxe_api_tftp_read_file(struct pxe_api *api, void *params)
	__attribute__((alias("pxe_api_tftp_open")));

/* Nothing is ever open: closing succeeds (STOP_UNDI calls it too). */
int pxe_api_tftp_close(struct pxe_api *api, void *params)
{
	(void)api;
	(void)params;
	return PXENV_STATUS_SUCCESS;
}
