/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Everything a platform needs to start a kernel, prepared by the portable boot sequence
 * (loaders/boot.c) and handed to platform_boot().
 */
#ifndef WB_LOADERS_BOOT_PLAN_H
#define WB_LOADERS_BOOT_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "loaders/bzimage.h"

/* platform_boot() flags */
#define BOOT_NO_EFI_STUB 0x1 /* EFI: bypass the kernel's EFI stub, build boot_params ourselves */

/* One fetched file, for reports (boot_plan_print). */
struct boot_plan_file {
	const char *name;            /* as named in the configuration */
	const uint8_t *data;         /* where it lies (an initrd: inside boot_plan.initrd) */
	size_t len;
	uint64_t fetch_us;           /* how long the transfer took */
};

struct boot_plan {
	const char *label;           /* the config label chosen, for messages */
	struct bzimage_info info;    /* parsed header of `kernel` */
	uint8_t *kernel;             /* the whole kernel file, in platform image memory */
	size_t kernel_len;
	uint8_t *initrd;             /* all initrds concatenated, in image memory; NULL = none */
	size_t initrd_len;
	const char *cmdline;         /* exactly what the kernel will see */
	unsigned flags;
	const struct boot_plan_file *files; /* kernel first, then the initrds in order */
	size_t nfiles;
};

#endif
