// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What the firmware's PXE Base Code learnt before it started us: when wireboot.efi was
 * network-booted, the PXE BC instance on our LoadedImage device handle holds the DHCP ACK
 * (or, over IPv6, the DHCPv6 Reply) the firmware received.  Reusing it saves a DHCP round (OVMF waits ~4 s for offers).
 *
 * Must run before efi_snp_probe(): taking the NIC over removes the firmware's network stack
 * and this handle with it.
 */
#include "efi/efi_platform.h"

#include "core/byteorder.h"
#include "core/printf.h"
#include "core/string.h"
#include "loaders/boot.h"
#include "net/dhcp_packet.h"
#include "net/dhcpv6_packet.h"

#define DHCP_OPTIONS_OFFSET 240 /* BOOTP fixed part (236) + magic cookie */

static uint8_t cached_ack[sizeof(EFI_PXE_BASE_CODE_PACKET)];

/* Length of a DHCP packet in a fixed-size buffer: up to its END option, bounded by `cap`. */
static size_t dhcp_packet_len(const uint8_t *p, size_t cap)
{
	size_t i = DHCP_OPTIONS_OFFSET;

	if (cap < DHCP_OPTIONS_OFFSET || get_be32(p + BOOTP_FIXED_LEN) != DHCP_MAGIC_COOKIE)
		return cap;
	while (i < cap) {
		if (p[i] == DHCP_OPT_END)
			return i + 1;
		if (p[i] == DHCP_OPT_PAD) {
			i++;
			continue;
		}
		if (i + 1 >= cap)
			break;
		i += 2 + (size_t)p[i + 1];
	}
	return cap;
}

void efi_pxe_fill_options(struct boot_options *opts)
{
	EFI_LOADED_IMAGE *li = NULL;
	EFI_PXE_BASE_CODE *pxe = NULL;
	EFI_PXE_BASE_CODE_MODE *mode;

	if (EFI_ERROR(BS->HandleProtocol(efi_image_handle, &gEfiLoadedImageProtocolGuid,
					 (void **)&li)) || !li->DeviceHandle)
		return;
	if (EFI_ERROR(BS->HandleProtocol(li->DeviceHandle, &gEfiPxeBaseCodeProtocolGuid,
					 (void **)&pxe)) || !pxe->Mode)
		return;
	mode = pxe->Mode;
	if (!mode->Started || !mode->DhcpAckReceived)
		return;
	if (mode->UsingIpv6) {
		/* DhcpAck holds the DHCPv6 Reply, zero-padded to the packet union's size. */
		memcpy(cached_ack, mode->DhcpAck.Raw, sizeof(cached_ack));
		opts->cached_dhcpv6 = cached_ack;
		opts->cached_dhcpv6_len = dhcpv6_packet_len(cached_ack, sizeof(cached_ack));
		wb_printf("Using the firmware's DHCPv6 reply\n");
		return;
	}
	memcpy(cached_ack, mode->DhcpAck.Raw, sizeof(cached_ack));
	opts->cached_ack = cached_ack;
	opts->cached_ack_len = dhcp_packet_len(cached_ack, sizeof(cached_ack));
	wb_printf("Using the firmware's DHCP lease (%u.%u.%u.%u)\n", mode->StationIp.v4.Addr[0],
		  mode->StationIp.v4.Addr[1], mode->StationIp.v4.Addr[2], mode->StationIp.v4.Addr[3]);
}
