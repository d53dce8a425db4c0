// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Starting an EFI application (BOOT_KIND_EFI_APP: grubx64.efi, shimx64.efi, syslinux.efi,
 * iPXE's snponly.efi ...) the way firmware PXE boot starts one:
 *  - the NIC goes back to the firmware (efi_snp_release: SNP closed, controllers reconnected),
 *    so MNP/IP/UDP and the PXE Base Code come back;
 *  - the PXE Base Code gets wireboot's DHCP ACK (SetPackets; SetStationIp), so a child that
 *    reads Mode->DhcpAck (iPXE's cached DHCP, syslinux.efi, GRUB) sees the lease in use;
 *  - LoadImage from the fetched buffer with the device path of that PXE Base Code handle +
 *    File(path), LoadOptions = the label's APPEND text (UCS-2), StartImage.
 * Secure Boot: LoadImage is the firmware's verdict; a refusal is reported as such.  When the
 * child returns, wireboot says so and takes the NIC again (the menu comes back).
 */
#include "efi/efi_platform.h"

#include "core/errors.h"
#include "core/heap.h"
#include "core/printf.h"
#include "core/string.h"
#include "loaders/boot_plan.h"
#include "loaders/pe.h"
#include "loaders/pxe_bootp.h"
#include "net/dhcp_client.h"

CHAR16 *efi_ucs2(const char *s, bool path, UINTN *bytes)
{
	size_t n = strlen(s);
	CHAR16 *w = NULL;

	if (EFI_ERROR(BS->AllocatePool(EfiLoaderData, (n + 1) * sizeof(CHAR16), (void **)&w)))
		return NULL;
	for (size_t i = 0; i < n; i++)
		w[i] = path && s[i] == '/' ? L'\\' : (unsigned char)s[i] < 0x80 ? (CHAR16)s[i] : L'?';
	w[n] = 0;
	*bytes = (n + 1) * sizeof(CHAR16);
	return w;
}

EFI_DEVICE_PATH *efi_path_with_file(EFI_DEVICE_PATH *base, const char *name)
{
	EFI_DEVICE_PATH *file, *path;
	UINTN bytes;
	CHAR16 *w = base ? efi_ucs2(name, true, &bytes) : NULL;

	if (!w)
		return NULL;
	file = FileDevicePath(NULL, w);
	BS->FreePool(w);
	if (!file)
		return NULL;
	path = AppendDevicePath(base, file);
	BS->FreePool(file);
	return path;
}

/* Does path begin with all of prefix's nodes? */
static bool path_has_prefix(EFI_DEVICE_PATH *path, EFI_DEVICE_PATH *prefix)
{
	UINTN n = DevicePathSize(prefix) - END_DEVICE_PATH_LENGTH;
	return path && DevicePathSize(path) >= n + END_DEVICE_PATH_LENGTH &&
	       !memcmp(path, prefix, n);
}

/* A node of this type/subtype anywhere in path? */
static bool path_has_node(EFI_DEVICE_PATH *dp, UINT8 type, UINT8 subtype)
{
	for (; dp && !IsDevicePathEnd(dp); dp = NextDevicePathNode(dp))
		if (DevicePathType(dp) == type && DevicePathSubType(dp) == subtype)
			return true;
	return false;
}

/* The IPv4 PXE Base Code handle the firmware made for the NIC at nic_path, or NULL. */
static EFI_HANDLE find_pxebc(EFI_DEVICE_PATH *nic_path)
{
	EFI_HANDLE *handles = NULL, found = NULL;
	UINTN count = 0;

	if (EFI_ERROR(BS->LocateHandleBuffer(ByProtocol, &gEfiPxeBaseCodeProtocolGuid, NULL,
					     &count, &handles)))
		return NULL;
	for (UINTN i = 0; i < count && !found; i++) {
		EFI_DEVICE_PATH *dp = DevicePathFromHandle(handles[i]);
		if (path_has_prefix(dp, nic_path) &&
		    path_has_node(dp, MESSAGING_DEVICE_PATH, MSG_IPv4_DP))
			found = handles[i];
	}
	BS->FreePool(handles);
	return found;
}

/*
 * Put the ACK wireboot used into the PXE Base Code's mode data, as a firmware boot leaves it,
 * rewritten to name the program as its boot file (loaders/pxe_bootp.h).
 */
static void pxebc_set_lease(EFI_HANDLE h, const struct boot_plan *plan)
{
	EFI_PXE_BASE_CODE *pxe = NULL;
	EFI_STATUS s;

	if (EFI_ERROR(BS->HandleProtocol(h, &gEfiPxeBaseCodeProtocolGuid, (void **)&pxe)))
		return;
	s = pxe->Mode->Started ? EFI_SUCCESS : pxe->Start(pxe, FALSE);
	if (EFI_ERROR(s)) {
		wb_printf("efi: cannot start the firmware's PXE Base Code (EFI status 0x%lx)\n",
			  (unsigned long)s);
		return;
	}
	if (!plan->dhcp_ack_len || pxe->Mode->UsingIpv6)
		return;
	struct dhcp_lease *l = wb_zalloc(sizeof(*l));
	EFI_PXE_BASE_CODE_PACKET *ack = wb_zalloc(sizeof(*ack));
	if (l && ack && !dhcp_lease_from_ack(plan->dhcp_ack, plan->dhcp_ack_len, l)) {
		BOOLEAN yes = TRUE;
		EFI_IP_ADDRESS ip, mask;
		size_t len = plan->dhcp_ack_len < sizeof(ack->Raw) ? plan->dhcp_ack_len
								  : sizeof(ack->Raw);
		int err;
		memset(&ip, 0, sizeof(ip));
		memset(&mask, 0, sizeof(mask));
		memcpy(ack->Raw, plan->dhcp_ack, len);
		/* The program finds its own directory from the boot file name (syslinux.efi). */
		if ((err = pxe_bootp_retarget(ack->Raw, len, plan->program_path)))
			wb_printf("warning: %s will see wireboot's own boot file in the DHCP reply "
				  "(%s)\n", plan->program_path, wb_strerror(err));
		memcpy(ip.v4.Addr, &l->client_ip, 4);
		memcpy(mask.v4.Addr, &l->netmask, 4);
		s = pxe->SetStationIp(pxe, &ip, &mask);
		if (!EFI_ERROR(s))
			s = pxe->SetPackets(pxe, NULL, &yes, NULL, NULL, NULL, NULL, NULL, ack, NULL,
					    NULL, NULL, NULL);
		if (EFI_ERROR(s))
			wb_printf("efi: the PXE Base Code refused wireboot's DHCP lease (EFI status "
				  "0x%lx)\n", (unsigned long)s);
	}
	wb_free(l);
	wb_free(ack);
}

int efi_start_image(EFI_DEVICE_PATH *dp, const void *buf, size_t len, const char *what,
		    const char *options)
{
	EFI_HANDLE h = NULL;
	EFI_LOADED_IMAGE *li = NULL;
	CHAR16 *opts = NULL;
	UINTN opts_bytes = 0, exit_size = 0;
	CHAR16 *exit_data = NULL;
	EFI_STATUS s = BS->LoadImage(FALSE, efi_image_handle, dp, (void *)buf, len, &h);

	if (s == EFI_SECURITY_VIOLATION || s == EFI_ACCESS_DENIED) {
		if (h)
			BS->UnloadImage(h);
		wb_printf("Secure Boot: the firmware refused to start %s: its signature is not "
			  "trusted (EFI status 0x%lx, %s).\nSign it with a key in the db (or use shim "
			  "and its MOK list); see docs/efi.md.\n", what, (unsigned long)s,
			  s == EFI_SECURITY_VIOLATION ? "Security Violation" : "Access Denied");
		return -WB_EACCES;
	}
	if (EFI_ERROR(s)) {
		wb_printf("efi: the firmware cannot load %s (EFI status 0x%lx)\n", what,
			  (unsigned long)s);
		return efi_to_wb(s);
	}
	if (options && *options && (opts = efi_ucs2(options, false, &opts_bytes)) &&
	    !EFI_ERROR(BS->HandleProtocol(h, &gEfiLoadedImageProtocolGuid, (void **)&li))) {
		li->LoadOptions = opts;
		li->LoadOptionsSize = (UINT32)opts_bytes;
	}
	wb_printf("\nStarting %s\n", what);
	s = BS->StartImage(h, &exit_size, &exit_data);
	wb_printf("\n%s returned to wireboot (EFI status 0x%lx%s)\n", what, (unsigned long)s,
		  EFI_ERROR(s) ? "" : ", success");
	if (exit_data)
		BS->FreePool(exit_data);
	if (opts)
		BS->FreePool(opts);
	return EFI_ERROR(s) ? efi_to_wb(s) : -WB_ERETURNED;
}

int efi_boot_efi_app(const struct boot_plan *plan)
{
	EFI_DEVICE_PATH *nic_path, *base, *dp;
	EFI_HANDLE pxebc;
	int rc;

	if (plan->pe_machine != PE_MACHINE_X64) {
		wb_printf("%s is an EFI application for %s: this firmware (x86-64) can start only "
			  "x86-64 (PE machine 0x8664) ones; point the label at the x86-64 build\n",
			  plan->program_path, pe_machine_name(plan->pe_machine));
		return -WB_ENOEXEC;
	}
	nic_path = efi_snp_device_path();
	nic_path = nic_path ? DuplicateDevicePath(nic_path) : NULL;
	efi_snp_release();
	pxebc = nic_path ? find_pxebc(nic_path) : NULL;
	if (pxebc) {
		pxebc_set_lease(pxebc, plan);
		base = DevicePathFromHandle(pxebc);
	} else {
		wb_printf("efi: the firmware's PXE Base Code did not come back on the NIC: %s must "
			  "bring its own network stack\n", plan->program_path);
		base = nic_path;
	}
	dp = efi_path_with_file(base, plan->program_path);
	rc = efi_start_image(dp, plan->kernel, plan->kernel_len, plan->program_path, plan->cmdline);
	if (dp)
		BS->FreePool(dp);
	if (nic_path)
		BS->FreePool(nic_path);
	/* Back in wireboot: the network is ours again for the menu's next choice. */
	if (efi_snp_probe() < 0)
		wb_printf("efi: the NIC could not be taken back: network boots will fail\n");
	return rc;
}
