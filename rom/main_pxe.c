// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * wireboot.pxe: the PXE network boot program.  The prefix (rom/prefix_pxe.S) enters here in
 * 32-bit protected mode.  After the platform is up (rom/platform_init.c):
 *
 *   1. find the PXE API and take the firmware's cached DHCP ACK (our address and server:
 *      no second DHCP exchange);
 *   2. ask the stack which NIC it drives (UNDI_GET_NIC_TYPE -> PCI vendor:device, bus/dev/fn);
 *   3. if wireboot has a native driver for it (virtio-net, e1000), shut the stack's driver
 *      down (UNDI_SHUTDOWN) and drive the NIC itself: every UNDI call is a real-mode round
 *      trip, the native driver is plain memory and port accesses.  The stack stays loaded
 *      for a chained PXE program (rom/boot_pxe.c takes the NIC back for it) and is unloaded
 *      (UNLOAD_STACK, STOP_UNDI) just before a kernel starts;
 *   4. otherwise open the UNDI interface and use the stack's driver;
 *   5. when there is no usable UNDI either, fall back to the stack's own TFTP client
 *      (rom/pxe_tftp.h): the slow path, with a warning.
 *
 * The order matters: the cached ACK and the NIC type must be read while the stack still
 * drives the NIC, and once its driver is shut down wireboot does not go back to UNDI (a
 * native driver that then fails stops the boot with its message).
 *
 * Build option: `make PXE_NATIVE=0` (WB_PXE_NATIVE=0) always uses UNDI, e.g. to compare the
 * two or to work around a native driver problem on some card.  The image
 * wireboot-pxetftp.pxe (WB_PXE_UNDI=0) skips steps 2-4 and always takes the slow path: for
 * PXE ROMs whose UNDI opens but does not work, which no automatic check can tell.
 */
#include "core/errors.h"
#include "core/printf.h"
#include "core/string.h"
#include "net/netdev.h"
#include "rom/nic_probe.h"
#include "rom/pci_io.h"
#include "rom/platform_init.h"
#include "rom/pxe.h"
#include "rom/pxe_tftp.h"
#include "rom/realmode.h"
#include "rom/undi.h"

#ifndef WB_PXE_NATIVE
#define WB_PXE_NATIVE 1
#endif
#ifndef WB_PXE_UNDI
#define WB_PXE_UNDI 1
#endif

#define BOOTP_YIADDR 0x10
#define BOOTP_SIADDR 0x14
#define BOOTP_MIN_LEN 240 /* fixed part + the options magic */

void pxe_main(void); /* called by rom/realmode.S start32 */

static uint8_t cached_ack[2048]; /* .bss: in base memory, where the PXE stack can copy to */

/*
 * The PXE ROM's NIC with wireboot's native driver, the PXE stack's driver shut down (or the
 * whole stack unloaded when it refuses that); NULL (stack untouched) when the NIC is not a
 * PCI device this image has a driver for.
 */
static struct netdev *native_netdev(void)
{
	uint16_t vendor, device, bdf;
	if (!WB_PXE_NATIVE)
		return NULL;
	if (pxe_pci_nic(&vendor, &device, &bdf) < 0) {
		wb_printf("PXE: the NIC is not a PCI device (or the stack does not say): using UNDI\n");
		return NULL;
	}
	const char *driver = nic_driver_name(vendor, device);
	if (!driver) {
		wb_printf("PXE: NIC %04x:%04x at %02x:%02x.%x has no native driver: using UNDI\n", vendor,
			  device, PCI_BUS(bdf), PCI_SLOT(bdf), PCI_FUNC(bdf));
		return NULL;
	}
	const struct pci_access *acc = pci_io_access();
	if (!acc)
		return NULL;
	wb_printf("PXE: NIC %04x:%04x at %02x:%02x.%x: the native %s driver takes over from the "
		  "PXE stack\n", vendor, device, PCI_BUS(bdf), PCI_SLOT(bdf), PCI_FUNC(bdf), driver);
	if (pxe_release_nic(acc, bdf))
		pxe_unload(); /* a failure is reported there; the device is reset by its driver anyway */
	struct netdev *dev = nic_probe_at(acc, bdf);
	if (!dev) {
		wb_printf("wireboot: the native driver failed after the PXE stack let the NIC go; "
			  "rebuild with `make PXE_NATIVE=0` to use UNDI on this NIC\n");
		rom_halt();
	}
	return dev;
}

void pxe_main(void)
{
	char mac[WB_MAC_STRLEN], ip[WB_IPV4_STRLEN], server[WB_IPV4_STRLEN];
	static struct pxe_api pxe_api;

	rom_platform_init("PXE");
	if (pxe_find(&pxe_api) < 0) {
		wb_printf("wireboot: no PXE API found (no !PXE or PXENV+): was this started by a PXE ROM?\n");
		rom_halt();
	}
	wb_printf("PXE API: %s, entry %04x:%04x\n", pxe_api.found_by,
		  (unsigned)(pxe_api.entry >> 16), (unsigned)(pxe_api.entry & 0xFFFF));
	int len = pxe_cached_packet(PXENV_PACKET_TYPE_DHCP_ACK, cached_ack, sizeof(cached_ack) - 1);
	/* iPXE hands out its whole 1260-byte BOOTPLAYER with the options ending in PAD, no
	 * END: add one (after a packet that has its own, a second END changes nothing). */
	if (len >= BOOTP_MIN_LEN)
		cached_ack[len++] = 0xFF;

	struct netdev *netdev = NULL;
	if (!WB_PXE_UNDI)
		wb_printf("PXE: this image (wireboot-pxetftp.pxe) does not use UNDI\n");
	else if (!(netdev = native_netdev()))
		netdev = undi_open();
	if (!netdev) {
		if (len < BOOTP_MIN_LEN) {
			wb_printf("wireboot: no usable UNDI interface, and no cached DHCP reply to use "
				  "the PXE ROM's TFTP API with\n");
			rom_halt();
		}
		wb_printf("wireboot: WARNING: no usable UNDI: using the PXE ROM's TFTP API, the slow "
			  "path (one real-mode call per block, no TFTP window, no HTTP, no fresh DHCP)\n");
		netdev = pxe_tftp_netdev(cached_ack, (size_t)len);
		rom_use_file_source(&pxe_tftp_source);
	}
	rom_use_netdev(netdev);

	wb_fmt_mac(mac, netdev->mac, ':');
	if (len < BOOTP_MIN_LEN) {
		wb_printf("%s: MAC %s, no cached DHCP reply from the firmware\n", netdev->name, mac);
		rom_boot(NULL, 0);
	}
	uint32_t yiaddr, siaddr; /* network order, as the packet holds them */
	memcpy(&yiaddr, cached_ack + BOOTP_YIADDR, 4);
	memcpy(&siaddr, cached_ack + BOOTP_SIADDR, 4);
	wb_fmt_ipv4(ip, yiaddr);
	wb_fmt_ipv4(server, siaddr);
	wb_printf("%s: MAC %s, firmware IP %s (next server %s)\n", netdev->name, mac, ip, server);
	rom_boot(cached_ack, (size_t)len);
}
