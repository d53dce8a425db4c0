// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A stand-in for shim in tests (tests/e2e/test_efi_shim.py): installs a SHIM_LOCK protocol
 * whose Verify always gives the verdict this program was built with (FAKE_SHIM_ACCEPT 1:
 * EFI_SUCCESS, 0: EFI_SECURITY_VIOLATION) and prints each call, then loads and starts
 * \EFI\wireboot\wireboot.efi from its own device, as shim starts its second stage.
 */
#include <efi.h>
#include <efilib.h>

#define SHIM_LOCK_GUID \
	{ 0x605dab50, 0xe046, 0x4300, { 0xab, 0xb6, 0x3d, 0xd8, 0x10, 0xdd, 0x8b, 0x23 } }

/* shim's functions use the System V ABI on x86-64. */
static EFI_STATUS __attribute__((sysv_abi)) fake_verify(void *buffer, UINT32 size)
{
	Print(L"fake SHIM_LOCK: Verify(%u bytes) -> %s\n", size,
	      FAKE_SHIM_ACCEPT ? L"accepted" : L"refused");
	return FAKE_SHIM_ACCEPT ? EFI_SUCCESS : EFI_SECURITY_VIOLATION;
}

static struct {
	EFI_STATUS (__attribute__((sysv_abi)) *verify)(void *buffer, UINT32 size);
	void *hash, *context;
} shim_lock = { fake_verify, NULL, NULL };

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
	EFI_GUID guid = SHIM_LOCK_GUID;
	EFI_HANDLE handle = NULL, wireboot = NULL;
	EFI_LOADED_IMAGE *li;
	EFI_STATUS s;

	InitializeLib(image, st);
	s = BS->InstallProtocolInterface(&handle, &guid, EFI_NATIVE_INTERFACE, &shim_lock);
	if (!EFI_ERROR(s))
		s = BS->HandleProtocol(image, &LoadedImageProtocol, (void **)&li);
	if (!EFI_ERROR(s))
		s = BS->LoadImage(FALSE, image, FileDevicePath(li->DeviceHandle,
							       L"\\EFI\\wireboot\\wireboot.efi"),
				  NULL, 0, &wireboot);
	if (EFI_ERROR(s)) {
		Print(L"fake shim: cannot start wireboot.efi: %r\n", s);
		return s;
	}
	Print(L"fake shim: SHIM_LOCK installed, starting wireboot.efi\n");
	return BS->StartImage(wireboot, NULL, NULL);
}
