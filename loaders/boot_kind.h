/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What a label boots: the kinds of boot program wireboot knows.  The configuration says
 * what a file should be (KERNEL, PXE, a .0 name); the fetched bytes say what it is.  Each
 * kind is prepared by its own loader (loaders/bzimage.c, ...) into a boot plan, and each
 * platform starts the kinds it can and refuses the rest with a message naming the kind.
 */
#ifndef WB_LOADERS_BOOT_KIND_H
#define WB_LOADERS_BOOT_KIND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum boot_kind {
	BOOT_KIND_LINUX,     /* Linux/x86 boot protocol (bzImage, memdisk, Kitten) */
	BOOT_KIND_PXE,       /* PXE network boot program, entered at 0000:7C00 (BIOS) */
	BOOT_KIND_EFI_APP,   /* PE/COFF EFI application (UEFI) */
	BOOT_KIND_MULTIBOOT, /* Multiboot 1 or 2 kernel with modules (Xen, ...) */
	BOOT_KIND_DISK,      /* a local disk's boot record or removable-media loader */
	BOOT_KIND_POWER,     /* reboot or power off (reboot.c32, poweroff.c32) */
};

/* "Linux kernel", "PXE boot program", ... for messages. */
const char *boot_kind_name(enum boot_kind kind);

/*
 * The kind of a file fetched in the kernel's place.  The bytes decide first: the Linux
 * "HdrS" header (an EFI-stub kernel is also a PE image: it stays Linux), a PE/COFF image
 * ("MZ" + "PE\0\0"), a Multiboot 1/2 header in its search window.  A PXE boot program has
 * no signature: it is one when as_pxe (the configuration said PXE: the PXE keyword, a ".0"
 * name) or its name ends in a PXE program extension (.0 .pxe .kpxe .kkpxe .kkkpxe .com
 * .n12), as PXELINUX and iPXE users name them.  -WB_ENOEXEC when none fits.
 */
int boot_kind_detect(const char *name, bool as_pxe, const uint8_t *data, size_t len,
		     enum boot_kind *kind);

#endif
