/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The client's boot sequence, shared by every platform: DHCP (or the firmware's cached ACK)
 * -> config search -> PROMPT/TIMEOUT/menu -> fetch kernel and initrds -> platform_boot().
 * A platform initialises its console, clock, memory and netdevs, then calls boot_run().
 */
#ifndef WB_LOADERS_BOOT_H
#define WB_LOADERS_BOOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct boot_options {
	uint8_t client_arch;          /* DHCP option 93: DHCP_ARCH_BIOS or DHCP_ARCH_EFI_X64 */
	const char *vendor_class;     /* option 60, e.g. "PXEClient:Arch:00000:UNDI:002001" */
	const uint8_t *uuid;          /* 16 bytes (option 97 / pxelinux.cfg/<UUID>), or NULL */
	/* The firmware's DHCP ACK (PXENV_GET_CACHED_INFO / EFI PXE Base Code), or NULL. */
	const void *cached_ack;
	size_t cached_ack_len;
	const char *embedded_config;  /* config text built into the image (make EMBED=), or NULL */
	const char *force_label;      /* boot this label without prompting, or NULL */
	unsigned plan_flags;          /* BOOT_* flags passed on in the boot plan */
	bool no_boot;                 /* stop after building the plan (wireboot-check) */
};

/*
 * Run the sequence on the first netdev the platform reports.  Returns only when no boot
 * happened: 0 after a no_boot run, or a negative WB_E* after the error prompt was left.
 */
int boot_run(const struct boot_options *opts);

#endif
