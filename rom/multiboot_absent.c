// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The IPv6 option ROM (wireboot-virtio-ipv6.rom, rom/module.mk) leaves Multiboot out to fit
 * 64 KiB: it links this instead of loaders/multiboot_load.c, loaders/mboot.c and
 * rom/boot_multiboot.c.  A Multiboot kernel (KERNEL or mboot.c32) is refused by name.
 */
#include "core/errors.h"
#include "core/printf.h"
#include "loaders/boot_plan.h"
#include "loaders/boot_session.h"
#include "loaders/mboot.h"
#include "loaders/multiboot_load.h"
#include "rom/boot_multiboot.h"

#define NO_MULTIBOOT "this image (the IPv6 option ROM) has no Multiboot: boot it with wireboot-virtio.rom"

int multiboot_load_label(struct boot_session *s, struct boot_plan *plan)
{
	(void)plan;
	return boot_fail(s, -WB_ENOTSUP, "%s: a Multiboot kernel: " NO_MULTIBOOT, s->boot.kernel);
}

int mboot_prepare(struct boot_session *s, const char *args, struct boot_plan *plan)
{
	(void)args, (void)plan;
	return boot_fail(s, -WB_ENOTSUP, "mboot.c32: " NO_MULTIBOOT);
}

void multiboot_release(struct boot_session *s)
{
	(void)s;
}

int rom_boot_multiboot(const struct boot_plan *plan)
{
	wb_printf("boot: %s: " NO_MULTIBOOT "\n", plan->label);
	return -WB_ENOTSUP;
}
