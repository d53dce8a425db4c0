/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The DHCP ACK a chained boot program (PXE program, EFI application) finds: the one wireboot
 * configured itself with, but naming the program itself as the boot file (the BOOTP `file`
 * field and option 67), as if DHCP had pointed at it.  Programs derive their own directory
 * from it: pxelinux.0 / syslinux.efi fetched as "sl/syslinux.efi" look for ldlinux.e64 and
 * pxelinux.cfg/ under "sl/", not next to wireboot.
 */
#ifndef WB_LOADERS_BOOT_ACK_H
#define WB_LOADERS_BOOT_ACK_H

#include <stddef.h>
#include <stdint.h>

/*
 * Rebuild ack (len bytes) into out (cap bytes, DHCP_MAX_LEN is enough for any ACK that
 * parses) with `file` as its boot file: "server::path" names path, a name longer than the
 * 127 bytes of the BOOTP field goes only into option 67.  Every other option is kept (in
 * code order; option 52 overload is dropped, since sname/file are plain again).  Returns the
 * new length, or a negative WB_E* (the ACK does not parse, or does not fit).
 */
int boot_ack_for_program(const uint8_t *ack, size_t len, const char *file, uint8_t *out,
			 size_t cap);

#endif
