/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The DHCP packets a chained PXE boot program finds with GET_CACHED_INFO: the packets wireboot
 * booted with, rewritten as if DHCP had named the chained program itself.  PXELINUX derives
 * its configuration directory from the BOOTP `file` field ("px/pxelinux.0" ->
 * "px/pxelinux.cfg/") and its TFTP server from `siaddr`; iPXE takes its next-server and file
 * name from the same fields.  Platform-free: the BIOS platform applies it to the firmware's
 * cached packets (rom/boot_pxe.c), wireboot.efi to the ACK it gives the PXE Base Code for a
 * chained EFI application (efi/boot_efi_app.c); unit tests and a fuzzer run it on the host.
 */
#ifndef WB_LOADERS_PXE_BOOTP_H
#define WB_LOADERS_PXE_BOOTP_H

#include <stddef.h>
#include <stdint.h>

/* The BOOTP fields a chained program reads (RFC 951 / 2131 offsets). */
#define PXE_BOOTP_SIADDR 0x14
#define PXE_BOOTP_SNAME 0x2C
#define PXE_BOOTP_SNAME_LEN 64
#define PXE_BOOTP_FILE 0x6C
#define PXE_BOOTP_FILE_LEN 128
#define PXE_BOOTP_OPTIONS 0xEC /* the magic cookie, then the options */
#define PXE_BOOTP_MIN_LEN 0xF0

/*
 * Split a program path "a.b.c.d::path", "::path" or "path" into the name its server knows it by
 * and that server (network order; 0 = the boot server, unchanged).  -WB_EINVAL when the part
 * before "::" is not an IPv4 address.
 */
int pxe_bootp_split_path(const char *program_path, const char **name, uint32_t *server);

/*
 * Rewrite the BOOTP/DHCP packet pkt[0..len) in place for the program at program_path (as
 * above): `file` = its name, and when a server is named, `siaddr` = that server and `sname`
 * cleared.  Options that would contradict the new fields are replaced by PAD bytes: 67 (boot
 * file name), and with a server 66 (TFTP server name), also among the options `sname` holds
 * when it stays overloaded; an overload option (52) loses its `file` bit (and with a server
 * its `sname` bit), since those fields now hold names, and is padded out when none is left.
 * Options the `file` field held under overload are gone with it.
 * Returns 0, or (packet unchanged): -WB_ETRUNCATED (shorter than the fixed part and cookie,
 * or an option running past the end), -WB_EBADMAGIC (no DHCP cookie), -WB_ETOOBIG (name of 128 characters or more), -WB_EINVAL
 * (bad server).
 */
int pxe_bootp_retarget(uint8_t *pkt, size_t len, const char *program_path);

#endif
