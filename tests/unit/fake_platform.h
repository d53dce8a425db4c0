/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The platform seen by unit tests and fuzz targets: a clock the test moves by hand, image
 * memory from the C library placed in a pretend physical address space (so that limits such
 * as initrd_addr_max apply), netdevs the test registers, and a boot that only records the plan.
 */
#ifndef WB_TESTS_FAKE_PLATFORM_H
#define WB_TESTS_FAKE_PLATFORM_H

#include <stdint.h>

struct netdev;
struct boot_plan;

/* Current fake time; starts at 1 s so that 0 never looks like "now". */
extern uint64_t fake_time_us;
void fake_time_advance_ms(uint64_t ms);

/* Netdevs returned by platform_netdevs(). */
void fake_set_netdevs(struct netdev **devs, int count);

/* The last plan given to platform_boot(), and how many boots were asked for. */
extern const struct boot_plan *fake_last_boot_plan;
extern int fake_boot_count;
/*
 * Called by platform_boot() with the plan while it is still valid (it lives on the caller's
 * stack); its result is what platform_boot() returns.  NULL: return -WB_ENOTSUP.
 */
extern int (*fake_boot_hook)(const struct boot_plan *plan);
/* platform_local_boot() calls, and the type of the last. */
extern int fake_local_boot_count, fake_local_boot_type;
/* The last platform_serial_configure() arguments, and how many calls there were. */
/* platform_cpuid(): leaf 1 EDX = fake_cpuid_edx1, leaf 0x80000001 EDX = fake_cpuid_edx_ext. */
extern uint32_t fake_cpuid_edx1, fake_cpuid_edx_ext;

extern unsigned fake_serial_port;
extern uint32_t fake_serial_baud;
extern int fake_serial_count;

/*
 * Image memory: kernels from FAKE_IMAGE_LOW up, initrds from FAKE_IMAGE_TOP down, as pretend
 * physical addresses (platform_phys_addr).  fake_images_reset() starts over; every image
 * must have been freed.  fake_images_live() counts the images not freed.
 */
#define FAKE_IMAGE_LOW 0x1000000ull
#define FAKE_IMAGE_TOP 0x40000000ull
void fake_images_reset(void);
int fake_images_live(void);

#endif
