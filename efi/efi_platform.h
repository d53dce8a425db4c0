/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The UEFI platform's internal interfaces (efi/ only).  Everything here runs while boot
 * services are up, except the kernel entry in efi/kernel_entry.S.
 *
 * Built with gnu-efi and GNU_EFI_USE_MS_ABI: firmware calls go straight through the
 * protocol pointers with the MS ABI; callbacks we hand to the firmware are EFIAPI.
 */
#ifndef WB_EFI_PLATFORM_H
#define WB_EFI_PLATFORM_H

#include <efi.h>
#include <efilib.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct boot_plan;
struct boot_options;

/* Our own image handle (efi_main's first argument). */
extern EFI_HANDLE efi_image_handle;

/* Map a firmware status to a WB_E* code (negative). */
int efi_to_wb(EFI_STATUS s);

/* The ConOut/ConIn console sink. */
void efi_console_init(void);

/*
 * UARTs the firmware mirrors its console to (ConOut variable): bit n = COMn+1, and
 * EFI_CONSOLE_UART_UNKNOWN for one whose port we cannot tell (efi/serial.c).
 */
#define EFI_CONSOLE_UART_UNKNOWN 0x10u
unsigned efi_console_uarts(void);

/* Calibrate the clock behind platform_time_us(). */
void efi_clock_init(void);

/* Give the global heap its arena from AllocatePool; 0 or -WB_ENOMEM. */
int efi_heap_init(void);

/* Memory from AllocatePages; `max_end` exclusive (UINT64_MAX = anywhere). */
void *efi_alloc_pages(size_t len, uint64_t max_end, EFI_MEMORY_TYPE type);
void efi_free_pages(void *p, size_t len);

/*
 * Fill in what the firmware's PXE Base Code knows before we take the NIC over: its DHCP
 * ACK (opts->cached_ack), the client identity options.  The buffer is static.
 */
void efi_pxe_fill_options(struct boot_options *opts);

/* Open the boot NIC's Simple Network Protocol for our own stack (efi/snp.c). */
int efi_snp_probe(void);
/* Quiesce every opened NIC (before a kernel runs); they restart on the next use. */
void efi_snp_quiesce(void);
/* Give every NIC back to the firmware's network stack (before returning to it). */
void efi_snp_release(void);
/* Device path of the NIC in use, or NULL. */
EFI_DEVICE_PATH *efi_snp_device_path(void);

/* Boot paths: efi/boot.c dispatches by kind; efi/boot_linux.c among the Linux ones. */
int efi_boot_linux(const struct boot_plan *plan);
int efi_boot_stub(const struct boot_plan *plan);
int efi_boot_direct(const struct boot_plan *plan);
/* Ask shim's SHIM_LOCK protocol to verify an image (efi/shim_lock.c): 0 verified,
 * -WB_EACCES refused (*verdict: its status), -WB_ENOTSUP no shim, -WB_ETOOBIG. */
int efi_shim_verify(const void *image, size_t len, EFI_STATUS *verdict);
/* Is BS->LoadImage shim's own verifying loader (shim 16+ under Secure Boot)? */
bool efi_shim_hooks_load_image(void);
/* EFI_APP (efi/boot_efi_app.c), DISK (efi/boot_disk.c), POWER (efi/power.c). */
int efi_boot_efi_app(const struct boot_plan *plan);
int efi_boot_disk(const struct boot_plan *plan);
int efi_power(const struct boot_plan *plan);
/*
 * LoadImage (from buf, or from dp when buf is NULL) + LoadOptions + StartImage, with the
 * Secure Boot refusal explained; `what` names the image in messages.  Returns when the image
 * does: its status as a WB_E* code (-WB_ERETURNED for a successful return).
 */
int efi_start_image(EFI_DEVICE_PATH *dp, const void *buf, size_t len, const char *what,
		    const char *options);
/* ASCII -> CHAR16 in pool memory ('/' -> '\' when path); NULL when out of memory. */
CHAR16 *efi_ucs2(const char *s, bool path, UINTN *bytes);
/* base + a File(name) node (pool memory), as a file loaded from that device has; or NULL. */
EFI_DEVICE_PATH *efi_path_with_file(EFI_DEVICE_PATH *base, const char *name);
/* Use the 32-bit entry even when the kernel has a 64-bit one (LoadOptions "entry32"). */
extern bool efi_force_entry32;

/*
 * An RSDP copy and an MP table below 640 KiB for kernels that scan the BIOS areas for them
 * (efi/legacy_tables.c).  AUTO: for kernels started through our own boot_params (`direct`)
 * that have no EFI stub or a boot protocol before 2.14; LoadOptions legacy-tables /
 * no-legacy-tables force it on or off.  Never fails the boot.
 */
enum efi_legacy_tables { EFI_LEGACY_TABLES_AUTO, EFI_LEGACY_TABLES_ON, EFI_LEGACY_TABLES_OFF };
extern enum efi_legacy_tables efi_legacy_tables;
void efi_legacy_tables_install(const struct boot_plan *plan, bool direct);
/* The firmware's RSDP from the EFI configuration table (ACPI 2.0 preferred), or 0. */
uint64_t efi_acpi_rsdp(void);
/* E820 type of an EFI memory descriptor (as the Linux EFI stub maps them); 0 = leave out. */
uint32_t efi_e820_type(const EFI_MEMORY_DESCRIPTOR *d);

/* Start a Multiboot 2 kernel with boot services running (efi/boot_multiboot2.c). */
int efi_boot_multiboot2(const struct boot_plan *plan);

/* Offer an initrd to the Linux EFI stub through LINUX_EFI_INITRD_MEDIA_GUID (efi/initrd_lf2.c). */
int efi_initrd_install(const void *data, size_t len);
void efi_initrd_uninstall(void);

#endif
