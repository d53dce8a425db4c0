// SPDX-License-Identifier: GPL-2.0-or-later
/* See fake_platform.h. */
#include <stdlib.h>

#include "core/errors.h"
#include "core/platform.h"
#include "tests/unit/fake_platform.h"

uint64_t fake_time_us = 1000000;
const struct boot_plan *fake_last_boot_plan;
int fake_boot_count;

static struct netdev **fake_devs;
static int fake_dev_count;

void fake_time_advance_ms(uint64_t ms) { fake_time_us += ms * 1000; }

uint64_t platform_time_us(void) { return fake_time_us; }

void *platform_image_alloc(size_t len, uint64_t max_end, int top_down)
{
	(void)top_down;
	void *p = aligned_alloc(4096, (len + 4095) & ~(size_t)4095);
	if (p && (uint64_t)(uintptr_t)p + len > max_end) {
		free(p);
		return NULL;
	}
	return p;
}

void platform_image_free(void *p, size_t len) { (void)len; free(p); }

uint64_t platform_phys_addr(const void *p) { return (uint64_t)(uintptr_t)p; }

void fake_set_netdevs(struct netdev **devs, int count)
{
	fake_devs = devs;
	fake_dev_count = count;
}

int platform_netdevs(struct netdev **devs, int max)
{
	int n = fake_dev_count < max ? fake_dev_count : max;
	for (int i = 0; i < n; i++)
		devs[i] = fake_devs[i];
	return n;
}

int platform_boot(const struct boot_plan *plan)
{
	fake_last_boot_plan = plan;
	fake_boot_count++;
	return -WB_ENOTSUP;
}

int platform_local_boot(int type) { (void)type; return -WB_ENOTSUP; }

int platform_serial_configure(unsigned port, uint32_t baud)
{
	(void)port;
	(void)baud;
	return -WB_ENOTSUP;
}
