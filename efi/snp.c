// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A netdev over the UEFI Simple Network Protocol: raw Ethernet frames, polled, under our own
 * stack (so TFTP windowsize and our timeouts apply, not the firmware's PXE Base Code TFTP).
 *
 * Which NIC: the one we were loaded from (its SNP is on our LoadedImage device handle, a
 * child the firmware's PXE driver made), else the first NIC.  We open the NIC handle's SNP
 * EXCLUSIVE: the firmware's MNP/IP/UDP/PXE drivers on it are disconnected, so they no longer
 * poll the device and steal our frames.  If the firmware refuses, we share the device and
 * warn.  efi_snp_release() gives the NIC back.
 *
 * SNP rules: a transmit buffer belongs to the driver until GetStatus() hands it back, so
 * frames are copied into a small ring of our own buffers.
 */
#include "efi/efi_platform.h"

#include "core/errors.h"
#include "core/platform.h"
#include "core/printf.h"
#include "core/string.h"
#include "core/time.h"
#include "net/netdev.h"

#define TX_SLOTS 32
#define TX_SLOT_SIZE 1536        /* >= ETH_FRAME_MAX, keeps slots 512-byte aligned */
#define TX_WAIT_US 100000        /* how long to wait for the driver to return a buffer */

struct efi_nic {
	struct netdev dev;
	EFI_HANDLE handle;
	EFI_SIMPLE_NETWORK *snp;
	bool exclusive;
	uint8_t *tx_buf;         /* TX_SLOTS * TX_SLOT_SIZE, below 4 GiB for 32-bit DMA NICs */
	bool tx_busy[TX_SLOTS];
};

static struct efi_nic nic;
static bool nic_present;

static void tx_reclaim(struct efi_nic *n)
{
	for (int i = 0; i <= TX_SLOTS; i++) {
		UINT32 irq;
		VOID *done = NULL;
		if (EFI_ERROR(n->snp->GetStatus(n->snp, &irq, &done)) || !done)
			return;
		uintptr_t off = (uintptr_t)done - (uintptr_t)n->tx_buf;
		if ((uintptr_t)done >= (uintptr_t)n->tx_buf && off < TX_SLOTS * TX_SLOT_SIZE)
			n->tx_busy[off / TX_SLOT_SIZE] = false;
	}
}

static void set_receive_filters(struct efi_nic *n)
{
	EFI_SIMPLE_NETWORK_MODE *m = n->snp->Mode;
	UINT32 want = (EFI_SIMPLE_NETWORK_RECEIVE_UNICAST | EFI_SIMPLE_NETWORK_RECEIVE_BROADCAST) &
		      m->ReceiveFilterMask;
	UINT32 off = m->ReceiveFilterMask & ~want;

	if (!EFI_ERROR(n->snp->ReceiveFilters(n->snp, want, off, TRUE, 0, NULL)))
		return;
	/* Some drivers refuse to disable or reset: at least enable what we need. */
	if (EFI_ERROR(n->snp->ReceiveFilters(n->snp, want, 0, FALSE, 0, NULL)))
		wb_printf("%s: cannot set receive filters; broadcasts may be missed\n", n->dev.name);
}

/* Bring the interface to the Initialized state (it may have been stopped or shut down). */
static int nic_up(struct efi_nic *n)
{
	EFI_SIMPLE_NETWORK *snp = n->snp;
	EFI_STATUS s;

	if (snp->Mode->State == EfiSimpleNetworkInitialized)
		return 0;
	if (snp->Mode->State == EfiSimpleNetworkStopped) {
		s = snp->Start(snp);
		if (EFI_ERROR(s) && s != EFI_ALREADY_STARTED)
			goto fail;
	}
	s = snp->Initialize(snp, 0, 0);
	if (EFI_ERROR(s))
		goto fail;
	memset(n->tx_busy, 0, sizeof(n->tx_busy));
	set_receive_filters(n);
	return 0;
fail:
	wb_printf("%s: cannot start the network interface (EFI status 0x%lx)\n", n->dev.name,
		  (unsigned long)s);
	return efi_to_wb(s);
}

static int snp_transmit(struct netdev *dev, const void *frame, size_t len)
{
	struct efi_nic *n = dev->priv;
	uint64_t deadline;
	EFI_STATUS s;
	int slot = -1, rc;

	if (len > TX_SLOT_SIZE)
		return -WB_ETOOBIG;
	rc = nic_up(n);
	if (rc < 0)
		return rc;
	deadline = time_now_us() + TX_WAIT_US;
	for (;;) {
		tx_reclaim(n);
		for (int i = 0; i < TX_SLOTS && slot < 0; i++)
			if (!n->tx_busy[i])
				slot = i;
		if (slot >= 0)
			break;
		if (time_after_us(time_now_us(), deadline))
			return -WB_EBUSY;
	}
	uint8_t *buf = n->tx_buf + (size_t)slot * TX_SLOT_SIZE;
	memcpy(buf, frame, len);
	for (;;) {
		s = n->snp->Transmit(n->snp, 0, len, buf, NULL, NULL, NULL);
		if (s != EFI_NOT_READY)
			break;
		/* The driver's queue is full: let it finish something. */
		tx_reclaim(n);
		if (time_after_us(time_now_us(), deadline))
			return -WB_EBUSY;
	}
	if (EFI_ERROR(s))
		return efi_to_wb(s);
	n->tx_busy[slot] = true;
	return 0;
}

static int snp_receive(struct netdev *dev, void *buf, size_t cap)
{
	struct efi_nic *n = dev->priv;
	static uint8_t discard[4096];
	int rc = nic_up(n);

	if (rc < 0)
		return rc;
	tx_reclaim(n);
	for (;;) {
		UINTN size = cap;
		EFI_STATUS s = n->snp->Receive(n->snp, NULL, &size, buf, NULL, NULL, NULL);
		if (s == EFI_NOT_READY)
			return 0;
		if (s == EFI_BUFFER_TOO_SMALL) {
			/* Larger than any frame we handle: take it off the queue and drop it. */
			size = sizeof(discard);
			n->snp->Receive(n->snp, NULL, &size, discard, NULL, NULL, NULL);
			continue;
		}
		if (EFI_ERROR(s))
			return efi_to_wb(s);
		return (int)size;
	}
}

static bool snp_link_up(struct netdev *dev)
{
	struct efi_nic *n = dev->priv;
	UINT32 irq;

	if (!n->snp->Mode->MediaPresentSupported)
		return true;
	if (n->snp->Mode->State == EfiSimpleNetworkInitialized)
		n->snp->GetStatus(n->snp, &irq, NULL); /* refreshes MediaPresent (UEFI 2.7+) */
	return n->snp->Mode->MediaPresent;
}

/* Stop DMA: Shutdown releases the driver's rings.  nic_up() restarts on the next use. */
static void snp_close(struct netdev *dev)
{
	struct efi_nic *n = dev->priv;

	if (n->snp->Mode->State == EfiSimpleNetworkInitialized)
		n->snp->Shutdown(n->snp);
	memset(n->tx_busy, 0, sizeof(n->tx_busy));
}

static bool is_nic_path(EFI_DEVICE_PATH *dp)
{
	EFI_DEVICE_PATH *last = NULL;

	if (!dp)
		return false;
	for (; !IsDevicePathEnd(dp); dp = NextDevicePathNode(dp))
		last = dp;
	return last && DevicePathType(last) == MESSAGING_DEVICE_PATH &&
	       DevicePathSubType(last) == MSG_MAC_ADDR_DP;
}

/*
 * The NIC handle to use: the one whose SNP is the boot device's SNP (the device handle we were
 * loaded from is a child of it), else the first handle whose path ends in a MAC node.
 */
static EFI_HANDLE choose_nic(void)
{
	EFI_LOADED_IMAGE *li = NULL;
	EFI_SIMPLE_NETWORK *boot_snp = NULL;
	EFI_HANDLE *handles = NULL, found = NULL, first_nic = NULL;
	UINTN count = 0;

	if (!EFI_ERROR(BS->HandleProtocol(efi_image_handle, &gEfiLoadedImageProtocolGuid,
					  (void **)&li)) && li->DeviceHandle)
		BS->HandleProtocol(li->DeviceHandle, &gEfiSimpleNetworkProtocolGuid,
				   (void **)&boot_snp);
	if (EFI_ERROR(BS->LocateHandleBuffer(ByProtocol, &gEfiSimpleNetworkProtocolGuid, NULL,
					     &count, &handles)))
		return NULL;
	for (UINTN i = 0; i < count && !found; i++) {
		EFI_SIMPLE_NETWORK *snp = NULL;
		if (!is_nic_path(DevicePathFromHandle(handles[i])))
			continue;
		if (!first_nic)
			first_nic = handles[i];
		if (boot_snp && !EFI_ERROR(BS->HandleProtocol(handles[i],
				&gEfiSimpleNetworkProtocolGuid, (void **)&snp)) && snp == boot_snp)
			found = handles[i];
	}
	if (!found && boot_snp)
		found = li->DeviceHandle; /* no MAC-node parent: use the boot handle as it is */
	if (!found)
		found = first_nic ? first_nic : handles[0];
	BS->FreePool(handles);
	return found;
}

/*
 * Fast-booting firmware connects only the devices in its boot order (OVMF with QEMU
 * bootindex, many "fast boot" settings), leaving NICs without drivers.  Connect every
 * controller so their SNP appears.
 */
static void connect_all_controllers(void)
{
	EFI_HANDLE *handles = NULL;
	UINTN count = 0;

	if (EFI_ERROR(BS->LocateHandleBuffer(AllHandles, NULL, NULL, &count, &handles)))
		return;
	for (UINTN i = 0; i < count; i++)
		BS->ConnectController(handles[i], NULL, NULL, TRUE);
	BS->FreePool(handles);
}

int efi_snp_probe(void)
{
	EFI_SIMPLE_NETWORK *snp = NULL;
	EFI_HANDLE h = choose_nic();
	EFI_SIMPLE_NETWORK_MODE *m;
	char mac[WB_MAC_STRLEN];

	if (!h) {
		connect_all_controllers();
		h = choose_nic();
	}
	if (!h)
		return -WB_ENODEV;
	nic.exclusive = !EFI_ERROR(BS->OpenProtocol(h, &gEfiSimpleNetworkProtocolGuid, (void **)&snp,
						    efi_image_handle, NULL,
						    EFI_OPEN_PROTOCOL_EXCLUSIVE));
	if (!nic.exclusive) {
		if (EFI_ERROR(BS->HandleProtocol(h, &gEfiSimpleNetworkProtocolGuid, (void **)&snp)))
			return -WB_ENODEV;
		wb_printf("snp0: sharing the NIC with the firmware's network stack (frames may be lost)\n");
	}
	m = snp->Mode;
	if (m->IfType != 1 /* Ethernet */ || m->HwAddressSize != ETH_ALEN) {
		wb_printf("snp0: not an Ethernet interface (type %u)\n", (unsigned)m->IfType);
		goto fail;
	}
	nic.tx_buf = efi_alloc_pages(TX_SLOTS * TX_SLOT_SIZE, 1ull << 32, EfiBootServicesData);
	if (!nic.tx_buf)
		goto fail;
	nic.handle = h;
	nic.snp = snp;
	nic.dev.name = "snp0";
	memcpy(nic.dev.mac, m->CurrentAddress.Addr, ETH_ALEN);
	nic.dev.mtu = m->MaxPacketSize >= 576 && m->MaxPacketSize < 1500 ? m->MaxPacketSize : 1500;
	nic.dev.transmit = snp_transmit;
	nic.dev.receive = snp_receive;
	nic.dev.link_up = snp_link_up;
	nic.dev.close = snp_close;
	nic.dev.priv = &nic;
	if (nic_up(&nic) < 0)
		goto fail;
	nic_present = true;
	wb_printf("snp0: %s%s\n", wb_fmt_mac(mac, nic.dev.mac, ':'),
		  nic.exclusive ? "" : " (shared)");
	return 0;
fail:
	efi_free_pages(nic.tx_buf, TX_SLOTS * TX_SLOT_SIZE);
	nic.tx_buf = NULL;
	if (nic.exclusive)
		BS->CloseProtocol(h, &gEfiSimpleNetworkProtocolGuid, efi_image_handle, NULL);
	nic.exclusive = false;
	return -WB_ENODEV;
}

int platform_netdevs(struct netdev **devs, int max)
{
	if (!nic_present || max < 1)
		return 0;
	devs[0] = &nic.dev;
	return 1;
}

void efi_snp_quiesce(void)
{
	if (nic_present)
		snp_close(&nic.dev);
}

void efi_snp_release(void)
{
	if (!nic_present)
		return;
	snp_close(&nic.dev);
	if (nic.snp->Mode->State == EfiSimpleNetworkStarted)
		nic.snp->Stop(nic.snp);
	if (nic.exclusive) {
		BS->CloseProtocol(nic.handle, &gEfiSimpleNetworkProtocolGuid, efi_image_handle, NULL);
		/* Let the firmware's MNP/IP/PXE drivers bind again. */
		BS->ConnectController(nic.handle, NULL, NULL, TRUE);
	}
	efi_free_pages(nic.tx_buf, TX_SLOTS * TX_SLOT_SIZE);
	nic.tx_buf = NULL;
	nic_present = false;
}

EFI_DEVICE_PATH *efi_snp_device_path(void)
{
	return nic_present ? DevicePathFromHandle(nic.handle) : NULL;
}
