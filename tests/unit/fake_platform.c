// SPDX-License-Identifier: GPL-2.0-or-later
/* See fake_platform.h. */
#include <stdlib.h>

#include "core/errors.h"
#include "core/platform.h"
#include "tests/unit/fake_platform.h"

uint64_t fake_time_us = 1000000;
const struct boot_plan *fake_last_boot_plan;
int fake_boot_count;
int (*fake_boot_hook)(const struct boot_plan *plan);
int fake_local_boot_count, fake_local_boot_type;

static struct netdev **fake_devs;
static int fake_dev_count;

void fake_time_advance_ms(uint64_t ms) { fake_time_us += ms * 1000; }

uint64_t platform_time_us(void) { return fake_time_us; }

uint32_t fake_cpuid_edx1 = 1u << 6, fake_cpuid_edx_ext = 1u << 29; /* PAE, long mode */

void platform_cpuid(uint32_t leaf, uint32_t regs[4])
{
	regs[0] = regs[1] = regs[2] = regs[3] = 0;
	if (leaf == 0)
		regs[0] = 1;
	else if (leaf == 1)
		regs[3] = fake_cpuid_edx1;
	else if (leaf == 0x80000000u)
		regs[0] = 0x80000001u;
	else if (leaf == 0x80000001u)
		regs[3] = fake_cpuid_edx_ext;
}

#define FAKE_IMAGES_MAX 64

static struct fake_image {
	void *p;
	uint64_t phys;
	size_t len;
} images[FAKE_IMAGES_MAX];
static uint64_t image_low = FAKE_IMAGE_LOW, image_top = FAKE_IMAGE_TOP;

void fake_images_reset(void)
{
	image_low = FAKE_IMAGE_LOW;
	image_top = FAKE_IMAGE_TOP;
}

int fake_images_live(void)
{
	int n = 0;
	for (int i = 0; i < FAKE_IMAGES_MAX; i++)
		n += images[i].p != NULL;
	return n;
}

void *platform_image_alloc(size_t len, uint64_t max_end, int top_down)
{
	uint64_t size = ((uint64_t)len + 4095) & ~4095ull, phys;
	if (!len || size > image_top - image_low)
		return NULL;
	if (top_down) {
		uint64_t end = max_end < image_top ? max_end & ~4095ull : image_top;
		if (end < image_low + size)
			return NULL;
		phys = end - size;
		if (end == image_top)
			image_top = phys;
	} else {
		phys = image_low;
		if (phys + size > max_end)
			return NULL;
		image_low += size;
	}
	for (int i = 0; i < FAKE_IMAGES_MAX; i++) {
		if (!images[i].p) {
			void *p = aligned_alloc(4096, (size_t)size);
			if (!p)
				return NULL;
			images[i] = (struct fake_image){ p, phys, len };
			return p;
		}
	}
	return NULL;
}

void platform_image_free(void *p, size_t len)
{
	(void)len;
	for (int i = 0; p && i < FAKE_IMAGES_MAX; i++) {
		if (images[i].p == p) {
			images[i].p = NULL;
			free(p);
			return;
		}
	}
	abort(); /* not from platform_image_alloc() */
}

uint64_t platform_phys_addr(const void *p)
{
	const uint8_t *b = p;
	for (int i = 0; i < FAKE_IMAGES_MAX; i++)
		if (images[i].p && b >= (const uint8_t *)images[i].p &&
		    b < (const uint8_t *)images[i].p + images[i].len)
			return images[i].phys + (uint64_t)(b - (const uint8_t *)images[i].p);
	return (uint64_t)(uintptr_t)p;
}

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
	return fake_boot_hook ? fake_boot_hook(plan) : -WB_ENOTSUP;
}

int platform_local_boot(int type)
{
	fake_local_boot_count++;
	fake_local_boot_type = type;
	return -WB_ENOTSUP;
}

unsigned fake_serial_port;
uint32_t fake_serial_baud;
int fake_serial_count;

int platform_serial_configure(unsigned port, uint32_t baud)
{
	fake_serial_port = port;
	fake_serial_baud = baud;
	fake_serial_count++;
	return 0;
}
