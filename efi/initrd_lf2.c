// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The initrd for a Linux EFI stub (5.7+): a handle carrying the vendor media device path
 * LINUX_EFI_INITRD_MEDIA_GUID and an EFI_LOAD_FILE2_PROTOCOL.  The stub finds it with
 * LocateDevicePath, asks for the size (BUFFER_TOO_SMALL), allocates, and asks again.
 *
 * gnu-efi 3.0.15 lacks both GUIDs; the LoadFile2 interface has LoadFile's layout.
 */
#include "efi/efi_platform.h"

#include "core/errors.h"
#include "core/printf.h"
#include "core/string.h"

static EFI_GUID load_file2_guid = { 0x4006c0c1, 0xfcb3, 0x403e,
				    { 0x99, 0x6d, 0x4a, 0x6c, 0x87, 0x24, 0xe0, 0x6d } };

static struct __attribute__((packed)) {
	VENDOR_DEVICE_PATH vendor;
	EFI_DEVICE_PATH end;
} initrd_path = {
	.vendor = {
		.Header = { MEDIA_DEVICE_PATH, MEDIA_VENDOR_DP,
			    { sizeof(VENDOR_DEVICE_PATH), 0 } },
		/* LINUX_EFI_INITRD_MEDIA_GUID */
		.Guid = { 0x5568e427, 0x68fc, 0x4f3d,
			  { 0xac, 0x74, 0xca, 0x55, 0x52, 0x31, 0xcc, 0x68 } },
	},
	.end = { END_DEVICE_PATH_TYPE, END_ENTIRE_DEVICE_PATH_SUBTYPE,
		 { sizeof(EFI_DEVICE_PATH), 0 } },
};

static const void *initrd_data;
static size_t initrd_len;
static EFI_HANDLE initrd_handle;

static EFI_STATUS EFIAPI initrd_load_file(EFI_LOAD_FILE_PROTOCOL *this, EFI_DEVICE_PATH *path,
					  BOOLEAN boot_policy, UINTN *size, VOID *buf)
{
	if (boot_policy)
		return EFI_UNSUPPORTED; /* only for boot manager use; Linux passes FALSE */
	if (!size)
		return EFI_INVALID_PARAMETER;
	if (!buf || *size < initrd_len) {
		*size = initrd_len;
		return EFI_BUFFER_TOO_SMALL;
	}
	memcpy(buf, initrd_data, initrd_len);
	*size = initrd_len;
	return EFI_SUCCESS;
}

static EFI_LOAD_FILE_PROTOCOL initrd_lf2 = { .LoadFile = initrd_load_file };

int efi_initrd_install(const void *data, size_t len)
{
	EFI_STATUS s;

	initrd_data = data;
	initrd_len = len;
	initrd_handle = NULL;
	s = BS->InstallMultipleProtocolInterfaces(&initrd_handle, &gEfiDevicePathProtocolGuid,
						  &initrd_path, &load_file2_guid, &initrd_lf2,
						  NULL);
	if (EFI_ERROR(s)) {
		wb_printf("Cannot offer the initrd to the kernel (EFI status 0x%lx)%s\n",
			  (unsigned long)s, s == EFI_ALREADY_STARTED ?
			  ": another loader left its initrd provider installed" : "");
		initrd_handle = NULL;
		return efi_to_wb(s);
	}
	return 0;
}

void efi_initrd_uninstall(void)
{
	if (!initrd_handle)
		return;
	BS->UninstallMultipleProtocolInterfaces(initrd_handle, &gEfiDevicePathProtocolGuid,
						&initrd_path, &load_file2_guid, &initrd_lf2, NULL);
	initrd_handle = NULL;
}
