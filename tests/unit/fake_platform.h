/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The platform seen by unit tests and fuzz targets: a clock the test moves by hand, image
 * memory from the C library, netdevs the test registers, and a boot that only records the plan.
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

#endif
