// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * chain.c32 on UEFI (BOOT_KIND_DISK):
 *  - hdN [P]: the Nth whole-disk Block I/O device (firmware handle order, as the firmware
 *    enumerates disks), its file system (partition P when given, else the first one the
 *    firmware mounted) and on it the removable-media loader \EFI\BOOT\BOOTX64.EFI, started
 *    as the firmware's boot manager would (LoadImage from the device path).
 *  - boot=XXXX: the firmware's own entry Boot####, through BootNext and a reset, since only
 *    the boot manager expands the short-form device paths entries hold.
 */
#include "efi/efi_platform.h"

#include "core/errors.h"
#include "core/printf.h"
#include "core/string.h"
#include "loaders/boot_plan.h"

#define REMOVABLE_LOADER L"\\EFI\\BOOT\\BOOTX64.EFI"

/* The index-th Block I/O handle that is a whole disk with media, or NULL. */
static EFI_HANDLE find_disk(unsigned index)
{
	EFI_HANDLE *handles = NULL, found = NULL;
	UINTN count = 0;
	unsigned n = 0;

	if (EFI_ERROR(BS->LocateHandleBuffer(ByProtocol, &gEfiBlockIoProtocolGuid, NULL, &count,
					     &handles)))
		return NULL;
	for (UINTN i = 0; i < count && !found; i++) {
		EFI_BLOCK_IO *bio = NULL;
		if (EFI_ERROR(BS->HandleProtocol(handles[i], &gEfiBlockIoProtocolGuid, (void **)&bio)) ||
		    bio->Media->LogicalPartition || !bio->Media->MediaPresent)
			continue;
		if (n++ == index)
			found = handles[i];
	}
	BS->FreePool(handles);
	return found;
}

/* Partition number of the hard-drive node in dp, 0 when there is none. */
static unsigned partition_of(EFI_DEVICE_PATH *dp)
{
	for (; dp && !IsDevicePathEnd(dp); dp = NextDevicePathNode(dp))
		if (DevicePathType(dp) == MEDIA_DEVICE_PATH && DevicePathSubType(dp) == MEDIA_HARDDRIVE_DP)
			return ((HARDDRIVE_DEVICE_PATH *)dp)->PartitionNumber;
	return 0;
}

/* A file system on the disk at disk_path (partition part, or any when 0), or NULL. */
static EFI_HANDLE find_volume(EFI_DEVICE_PATH *disk_path, unsigned part)
{
	EFI_HANDLE *handles = NULL, found = NULL;
	UINTN count = 0, n = DevicePathSize(disk_path) - END_DEVICE_PATH_LENGTH;

	if (EFI_ERROR(BS->LocateHandleBuffer(ByProtocol, &gEfiSimpleFileSystemProtocolGuid, NULL,
					     &count, &handles)))
		return NULL;
	for (UINTN i = 0; i < count && !found; i++) {
		EFI_DEVICE_PATH *dp = DevicePathFromHandle(handles[i]);
		if (dp && DevicePathSize(dp) >= n + END_DEVICE_PATH_LENGTH && !memcmp(dp, disk_path, n) &&
		    (!part || partition_of(dp) == part))
			found = handles[i];
	}
	BS->FreePool(handles);
	return found;
}

/* Boot#### through BootNext and a cold reset. */
static int boot_entry(unsigned option)
{
	CHAR16 name[9] = L"Boot0000";
	static const char hex[] = "0123456789ABCDEF";
	UINT16 next = (UINT16)option;
	UINTN size = 0;

	for (int i = 0; i < 4; i++)
		name[4 + i] = (CHAR16)hex[(option >> (12 - 4 * i)) & 0xF];
	void *entry = LibGetVariableAndSize(name, &gEfiGlobalVariableGuid, &size);
	if (!entry) {
		wb_printf("chain: the firmware has no boot entry Boot%04X (see the firmware's boot "
			  "menu or efibootmgr for the numbers)\n", option);
		return -WB_ENOENT;
	}
	BS->FreePool(entry);
	EFI_STATUS s = RT->SetVariable(L"BootNext", &gEfiGlobalVariableGuid,
				       EFI_VARIABLE_NON_VOLATILE | EFI_VARIABLE_BOOTSERVICE_ACCESS |
				       EFI_VARIABLE_RUNTIME_ACCESS, sizeof(next), &next);
	if (EFI_ERROR(s)) {
		wb_printf("chain: cannot set BootNext (EFI status 0x%lx)\n", (unsigned long)s);
		return efi_to_wb(s);
	}
	wb_printf("chain: BootNext = Boot%04X; restarting into it\n", option);
	efi_snp_release();
	RT->ResetSystem(EfiResetCold, EFI_SUCCESS, 0, NULL);
	return -WB_EIO;
}

int efi_boot_disk(const struct boot_plan *plan)
{
	const struct boot_disk *d = &plan->disk;
	char what[64];
	int rc;

	if (d->efi_boot_option >= 0)
		return boot_entry((unsigned)d->efi_boot_option);
	if (!(d->bios_drive & 0x80)) {
		wb_printf("chain: fd%u: UEFI has no floppy boot; name a disk as hdN\n", d->index);
		return -WB_ENOTSUP;
	}
	EFI_HANDLE disk = find_disk(d->index);
	EFI_DEVICE_PATH *disk_path = disk ? DevicePathFromHandle(disk) : NULL;
	if (!disk_path) {
		wb_printf("chain: hd%u: the firmware has no such disk\n", d->index);
		return -WB_ENOENT;
	}
	EFI_HANDLE vol = find_volume(disk_path, d->partition);
	if (!vol) {
		wb_printf("chain: hd%u%s%.0u: no file system the firmware can read there\n", d->index,
			  d->partition ? " partition " : "", d->partition);
		return -WB_ENOENT;
	}
	EFI_DEVICE_PATH *dp = FileDevicePath(vol, REMOVABLE_LOADER);
	if (!dp)
		return -WB_ENOMEM;
	wb_snprintf(what, sizeof(what), "hd%u's \\EFI\\BOOT\\BOOTX64.EFI", d->index);
	efi_snp_release();
	rc = efi_start_image(dp, NULL, 0, what, plan->cmdline);
	BS->FreePool(dp);
	if (efi_snp_probe() < 0)
		wb_printf("efi: the NIC could not be taken back: network boots will fail\n");
	return rc;
}
