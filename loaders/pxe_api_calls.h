/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The calls of wireboot's own PXE API, one function per opcode (loaders/pxe_api.c's table
 * runs them on a parameter block already checked to be readable and writable for the
 * call's size).  Each returns the PXENV_STATUS_* for the block's Status word.
 */
#ifndef WB_LOADERS_PXE_API_CALLS_H
#define WB_LOADERS_PXE_API_CALLS_H

#include "loaders/pxe_api.h"

/* loaders/pxe_api_udp.c */
int pxe_api_udp_open(struct pxe_api *api, void *params);
int pxe_api_udp_close(struct pxe_api *api, void *params);
int pxe_api_udp_read(struct pxe_api *api, void *params);
int pxe_api_udp_write(struct pxe_api *api, void *params);
void pxe_api_udp_close_all(struct pxe_api *api);

/* loaders/pxe_api_tftp.c (rom/pxe_api_tftp_absent.c in the USB / CD body) */
int pxe_api_tftp_open(struct pxe_api *api, void *params);
int pxe_api_tftp_read(struct pxe_api *api, void *params);
int pxe_api_tftp_close(struct pxe_api *api, void *params);
int pxe_api_tftp_get_fsize(struct pxe_api *api, void *params);
int pxe_api_tftp_read_file(struct pxe_api *api, void *params);

/* loaders/pxe_api_undi.c */
int pxe_api_undi_get_information(struct pxe_api *api, void *params);
int pxe_api_undi_get_iface_info(struct pxe_api *api, void *params);
int pxe_api_undi_transmit(struct pxe_api *api, void *params);
int pxe_api_undi_isr(struct pxe_api *api, void *params);

#endif
