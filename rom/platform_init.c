// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Platform bring-up and the network device, shared by every BIOS image (rom/platform_init.h);
 * each image's main (rom/main_pxe.c, rom/main_native.c) only chooses the device.
 */
#include "rom/platform_init.h"

#include "core/errors.h"
#include "core/platform.h"
#include "core/printf.h"
#include "core/string.h"
#include "loaders/boot.h"
#include "net/dhcp_packet.h"
#include "net/netdev.h"
#include "rom/a20.h"
#include "rom/boot_linux.h"
#include "rom/clock.h"
#include "rom/memmap.h"
#include "rom/pxe.h"
#include "rom/realmode.h"
#include "rom/serial.h"
#include "rom/smbios.h"
#include "rom/vgacon.h"
#include "wb_version.h"

#define HEAP_SIZE (4u << 20)

/* Only wireboot.pxe links the PXE API (rom/pxe.c); elsewhere this stays NULL. */
#pragma weak pxe_unload
/* Only the IPv6 images (wireboot-virtio-ipv6.rom) link loaders/boot_net.c; elsewhere this
 * stays NULL and the boot takes IPv4 DHCP alone (boot_session_dhcp). */
#pragma weak boot_session_net

/*
 * The config text `make EMBED=file` builds in (rom/embedded_config.S, NUL-terminated); it
 * stands for the pxelinux.cfg/ search.  NULL in an image built without EMBED.
 */
extern const char rom_embedded_config[];
#pragma weak rom_embedded_config

static struct netdev *rom_netdev;
static const struct boot_file_source *rom_file_source;

void rom_platform_init(const char *image)
{
	serial_configure(0, SERIAL_DEFAULT_BAUD);
	vgacon_init();
	clock_init();
	wb_printf("\nwireboot %s, loaded at %#x-%#x, version %s\n", image,
		  (unsigned)(uintptr_t)_image_start, (unsigned)(uintptr_t)_bss_end, WB_VERSION);
	if (a20_enable() < 0) {
		wb_printf("wireboot: cannot open the A20 gate: memory above 1 MiB is unusable\n");
		rom_halt();
	}
	if (!memmap_init() || memmap_init_heap(HEAP_SIZE) < 0) {
		wb_printf("wireboot: no usable memory above 1 MiB (BIOS memory map empty?)\n");
		rom_halt();
	}
	wb_printf("Memory: %u MiB free above 1 MiB, TSC %u MHz\n",
		  (unsigned)(memmap_free_bytes() >> 20), (unsigned)(clock_tsc_khz() / 1000));
}

void rom_use_netdev(struct netdev *dev)
{
	rom_netdev = dev;
}

void rom_use_file_source(const struct boot_file_source *src)
{
	rom_file_source = src;
}

int platform_netdevs(struct netdev **devs, int max)
{
	if (!rom_netdev || max < 1)
		return 0;
	devs[0] = rom_netdev;
	return 1;
}

/* Quiesce the NIC (reset, DMA stopped); for a kernel also unload a PXE stack still there. */
void rom_shutdown(bool for_kernel)
{
	if (rom_netdev && rom_netdev->close)
		rom_netdev->close(rom_netdev);
	rom_netdev = NULL;
	if (for_kernel && pxe_unload)
		pxe_unload();
}

void rom_boot(const void *cached_ack, size_t len)
{
	struct boot_options opts = {
		.client_arch = DHCP_ARCH_BIOS,
		.vendor_class = "PXEClient:Arch:00000:UNDI:002001",
		.cached_ack = cached_ack,
		.cached_ack_len = len,
		.embedded_config = rom_embedded_config,
		.file_source = rom_file_source,
		.uuid = smbios_uuid(),
		.net_configure = boot_session_net,
	};
	char uuid[WB_UUID_STRLEN];
	if (opts.uuid)
		wb_printf("SMBIOS system UUID %s (as stored, pxelinux order)\n", wb_fmt_uuid(uuid, opts.uuid));
	if (rom_embedded_config)
		wb_printf("Embedded config: %zu bytes (built with EMBED=)\n", strlen(rom_embedded_config));
	/* boot_run() retries on its own; it returns when a local boot came back. */
	int rc = boot_run(&opts);
	wb_printf("wireboot: %s\n", wb_strerror(rc));
	rom_halt();
}

void rom_halt(void)
{
	wb_printf("wireboot: stopped.\n");
	for (;;)
		__asm__ volatile("hlt");
}
