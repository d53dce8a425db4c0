/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What every BIOS image (wireboot.pxe, the option ROMs, the CD / USB / lkrn images) does the
 * same way around its own network setup: bring the platform up (console, clock, A20, memory
 * map, heap), hold the one network device, run the boot sequence on it, and stop.
 */
#ifndef WB_ROM_PLATFORM_INIT_H
#define WB_ROM_PLATFORM_INIT_H

#include <stddef.h>

struct netdev;

/*
 * Serial console (COM1, 115200 8N1) and screen, the clock, a banner naming `image` ("PXE",
 * "option ROM", ...), the A20 gate, the BIOS memory map and the heap.  Halts with a message
 * when memory above 1 MiB is unusable.
 */
void rom_platform_init(const char *image);

/* The device platform_netdevs() reports and rom_shutdown() closes (NULL: none). */
void rom_use_netdev(struct netdev *dev);

struct boot_file_source;
/* Fetch files through `src` instead of over the device (wireboot.pxe's PXE TFTP fallback). */
void rom_use_file_source(const struct boot_file_source *src);

/*
 * Run the boot sequence (boot_run) on that device, with the firmware's DHCP ACK when there
 * is one (NULL, 0 otherwise) and the config built in with `make EMBED=file`, if any.  Does
 * not return: a boot that comes back (LOCALBOOT with no other device) ends in rom_halt().
 */
void rom_boot(const void *cached_ack, size_t len) __attribute__((noreturn));

/* Stop here for good, leaving the messages on the screen and the serial console. */
void rom_halt(void) __attribute__((noreturn));

#endif
