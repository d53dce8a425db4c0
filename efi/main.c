// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * wireboot.efi entry point: bring up the platform (console, clock, heap, the boot NIC) and run
 * the portable boot sequence.  If that returns, give the NIC back and return an error so the
 * firmware's boot manager tries its next boot option.
 *
 * efi_main is called by gnu-efi's crt0 with the SysV ABI after self-relocation: plain C, not
 * EFIAPI.
 */
#include "efi/efi_platform.h"

#include "core/errors.h"
#include "core/platform.h"
#include "core/printf.h"
#include "core/string.h"
#include "loaders/boot.h"
#include "loaders/boot_plan.h"
#include "net/dhcp_packet.h"
#include "wb_version.h"

EFI_HANDLE efi_image_handle;

int efi_to_wb(EFI_STATUS s)
{
	switch (s) {
	case EFI_SUCCESS:
		return 0;
	case EFI_OUT_OF_RESOURCES:
		return -WB_ENOMEM;
	case EFI_NOT_FOUND:
		return -WB_ENOENT;
	case EFI_ACCESS_DENIED:
	case EFI_SECURITY_VIOLATION:
		return -WB_EACCES;
	case EFI_UNSUPPORTED:
		return -WB_ENOTSUP;
	case EFI_TIMEOUT:
		return -WB_ETIMEDOUT;
	case EFI_INVALID_PARAMETER:
		return -WB_EINVAL;
	case EFI_BUFFER_TOO_SMALL:
	case EFI_BAD_BUFFER_SIZE:
		return -WB_ETOOBIG;
	case EFI_ALREADY_STARTED:
		return -WB_EEXIST;
	case EFI_NOT_READY:
		return -WB_EAGAIN;
	case EFI_ABORTED:
		return -WB_ECANCELED;
	default:
		return -WB_EIO;
	}
}

/* The SMBIOS system UUID (pxelinux.cfg/<UUID>, DHCP option 97), if the firmware has one. */
static const uint8_t *smbios_uuid(void)
{
	static EFI_GUID uuid;
	CHAR8 *serial = NULL;
	static const uint8_t zero[16], ones[16] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
						   0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

	if (EFI_ERROR(LibGetSmbiosSystemGuidAndSerialNumber(&uuid, &serial)))
		return NULL;
	if (!memcmp(&uuid, zero, 16) || !memcmp(&uuid, ones, 16))
		return NULL;
	return (const uint8_t *)&uuid;
}

/* Is `word` (ASCII) one of the space-separated words in a CHAR16 string of n units? */
static bool has_word(const CHAR16 *s, size_t n, const char *word)
{
	size_t wl = strlen(word);

	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && s[j] && s[j] != L' ')
			j++;
		if (j - i == wl) {
			size_t k = 0;
			while (k < wl && s[i + k] == (CHAR16)word[k])
				k++;
			if (k == wl)
				return true;
		}
		if (j < n && !s[j])
			break;
		i = j + 1;
	}
	return false;
}

/*
 * Options on our own command line (EFI shell, a boot entry's optional data):
 *   no-efi-stub  boot every kernel through our own boot_params (BOOT_NO_EFI_STUB)
 *   entry32      the same, entering at the 32-bit entry even where a 64-bit one exists
 *                (the path Kitten takes)
 *   legacy-tables / no-legacy-tables
 *                always / never put an RSDP copy and an MP table below 640 KiB
 *                (efi/legacy_tables.c; by default only for kernels that scan for them)
 * Network-booted, the firmware passes none.
 */
static void parse_load_options(struct boot_options *opts)
{
	EFI_LOADED_IMAGE *li = NULL;
	const CHAR16 *s;
	size_t n;

	if (EFI_ERROR(BS->HandleProtocol(efi_image_handle, &gEfiLoadedImageProtocolGuid,
					 (void **)&li)) || !li->LoadOptions)
		return;
	s = li->LoadOptions;
	n = li->LoadOptionsSize / sizeof(CHAR16);
	if (has_word(s, n, "entry32"))
		efi_force_entry32 = true;
	if (efi_force_entry32 || has_word(s, n, "no-efi-stub")) {
		opts->plan_flags |= BOOT_NO_EFI_STUB;
		wb_printf("Option: booting kernels without their EFI stub%s\n",
			  efi_force_entry32 ? ", 32-bit entry" : "");
	}
	if (has_word(s, n, "legacy-tables"))
		efi_legacy_tables = EFI_LEGACY_TABLES_ON;
	if (has_word(s, n, "no-legacy-tables"))
		efi_legacy_tables = EFI_LEGACY_TABLES_OFF;
	if (efi_legacy_tables != EFI_LEGACY_TABLES_AUTO)
		wb_printf("Option: %s\n", efi_legacy_tables == EFI_LEGACY_TABLES_ON
						 ? "an RSDP copy and an MP table for every kernel"
						 : "no legacy firmware tables, even for kernels that scan");
}

int platform_local_boot(int type)
{
	wb_printf("Local boot: returning to the firmware's next boot option\n");
	efi_snp_release();
	BS->Exit(efi_image_handle, EFI_NOT_FOUND, 0, NULL);
	return -WB_ENOTSUP; /* Exit does not return */
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
	static struct boot_options opts;
	int rc;

	InitializeLib(image, st);
	efi_image_handle = image;
	/* The boot manager arms a 5-minute watchdog; a menu may legitimately wait longer. */
	BS->SetWatchdogTimer(0, 0, 0, NULL);
	efi_console_init();
	wb_printf("\nwireboot (UEFI x86-64), version %s\n", WB_VERSION);
	efi_clock_init();
	rc = efi_heap_init();
	if (rc < 0) {
		wb_printf("wireboot: cannot allocate the heap: %s\n", wb_strerror(rc));
		return EFI_OUT_OF_RESOURCES;
	}

	opts.client_arch = DHCP_ARCH_EFI_X64;
	opts.vendor_class = "PXEClient:Arch:00007:UNDI:003016";
	opts.uuid = smbios_uuid();
	parse_load_options(&opts);
	efi_pxe_fill_options(&opts);
	rc = efi_snp_probe();
	if (rc < 0)
		wb_printf("wireboot: no usable network interface: %s\n", wb_strerror(rc));

	rc = boot_run(&opts);
	wb_printf("wireboot: nothing booted (%s); returning to the firmware\n", wb_strerror(rc));
	efi_snp_release();
	return EFI_NOT_FOUND;
}
