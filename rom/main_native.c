// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * wireboot with its own NIC drivers (no PXE stack underneath): the PCI option ROM, and the
 * CD / USB / lkrn images.  The prefix enters native_main() in 32-bit protected mode with
 * the registers described in rom/prefix_native.S.  After the platform is up
 * (rom/platform_init.c), nic_probe() picks the driver and boot_run() does DHCP itself.
 */
#include "core/printf.h"
#include "net/netdev.h"
#include "rom/nic_probe.h"
#include "rom/pci_io.h"
#include "rom/platform_init.h"
#include "rom/realmode.h"

void native_main(void); /* called by rom/realmode.S start32 */

/* rm_entry_state.bx as set by the outer prefix (rom/prefix_native.S). */
static const char *const image_kinds[] = { "option ROM", "CD", "disk", "lkrn" };

void native_main(void)
{
	uint16_t bdf = rm_entry_state.ax;
	uint16_t kind = rm_entry_state.bx;

	rom_platform_init(kind < sizeof(image_kinds) / sizeof(image_kinds[0]) ? image_kinds[kind] : "native");
	struct netdev *netdev = nic_probe(pci_io_access(), bdf);
	if (!netdev)
		rom_halt();
	rom_use_netdev(netdev);
	char mac[WB_MAC_STRLEN];
	wb_fmt_mac(mac, netdev->mac, ':');
	wb_printf("%s: MAC %s\n", netdev->name, mac);
	rom_boot(NULL, 0);
}
