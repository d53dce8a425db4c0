// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Serial console on UEFI, through the firmware's Serial I/O protocol (no port I/O: the
 * firmware owns the UART, which may not even be a legacy 16550).
 *
 * Firmware with a serial console (OVMF; servers with console redirection) lists the UART's
 * path in the ConOut variable and mirrors ConOut to it, so the ConOut sink already reaches
 * the serial line.  The SERIAL directive then only changes the baud rate if asked.  When the
 * requested port is not a firmware console, we add a sink of our own that writes through its
 * Serial I/O protocol.  Input on our own sink is plain bytes (no escape-sequence decoding:
 * the serial menu is line-based).
 */
#include "efi/efi_platform.h"

#include "core/console.h"
#include "core/errors.h"
#include "core/platform.h"
#include "core/printf.h"

#define PNP0501 EISA_PNP_ID(0x0501) /* 16550-compatible COM port */
#define SERIAL_CHUNK 128

static EFI_SERIAL_IO_PROTOCOL *own_sio;

/* COM index 0-3 of a SERIAL port argument (index or legacy I/O base), or -1. */
static int com_index(unsigned port)
{
	static const unsigned bases[4] = { 0x3F8, 0x2F8, 0x3E8, 0x2E8 };

	if (port < 4)
		return (int)port;
	for (int i = 0; i < 4; i++)
		if (port == bases[i])
			return i;
	return -1;
}

static size_t node_len(const EFI_DEVICE_PATH *dp)
{
	return (size_t)dp->Length[0] | (size_t)dp->Length[1] << 8;
}

/* COM index of the PNP0501 node in one device path instance, or -1. */
static int path_com_index(EFI_DEVICE_PATH *dp, const uint8_t *end)
{
	for (; (const uint8_t *)dp + sizeof(*dp) <= end && !IsDevicePathEndType(dp);
	     dp = NextDevicePathNode(dp)) {
		if (node_len(dp) < sizeof(*dp))
			return -1;
		if (DevicePathType(dp) == ACPI_DEVICE_PATH && DevicePathSubType(dp) == ACPI_DP &&
		    node_len(dp) >= sizeof(ACPI_HID_DEVICE_PATH)) {
			ACPI_HID_DEVICE_PATH *a = (ACPI_HID_DEVICE_PATH *)dp;
			if (a->HID == PNP0501 && a->UID < 4)
				return (int)a->UID;
		}
	}
	return -1;
}

unsigned efi_console_uarts(void)
{
	UINTN size = 0;
	uint8_t *var = LibGetVariableAndSize(L"ConOut", &gEfiGlobalVariableGuid, &size);
	const uint8_t *end = var + size;
	EFI_DEVICE_PATH *instance, *dp;
	unsigned mask = 0;
	bool uart = false;

	if (!var)
		return 0;
	instance = dp = (EFI_DEVICE_PATH *)var;
	while ((const uint8_t *)dp + sizeof(*dp) <= end && node_len(dp) >= sizeof(*dp) &&
	       (const uint8_t *)dp + node_len(dp) <= end) {
		if (DevicePathType(dp) == MESSAGING_DEVICE_PATH && DevicePathSubType(dp) == MSG_UART_DP)
			uart = true;
		if (IsDevicePathEndType(dp)) {
			if (uart) {
				int com = path_com_index(instance, end);
				mask |= com >= 0 ? 1u << com : EFI_CONSOLE_UART_UNKNOWN;
			}
			if (DevicePathSubType(dp) == END_ENTIRE_DEVICE_PATH_SUBTYPE)
				break;
			uart = false;
			instance = NextDevicePathNode(dp);
		}
		dp = NextDevicePathNode(dp);
	}
	BS->FreePool(var);
	return mask;
}

static EFI_SERIAL_IO_PROTOCOL *find_serial_io(int com)
{
	EFI_HANDLE *handles = NULL;
	UINTN count = 0;
	EFI_SERIAL_IO_PROTOCOL *found = NULL;

	if (EFI_ERROR(BS->LocateHandleBuffer(ByProtocol, &gEfiSerialIoProtocolGuid, NULL, &count,
					     &handles)))
		return NULL;
	for (UINTN i = 0; i < count && !found; i++) {
		EFI_DEVICE_PATH *dp = DevicePathFromHandle(handles[i]);
		if (dp && path_com_index(dp, (const uint8_t *)dp + DevicePathSize(dp)) == com)
			BS->HandleProtocol(handles[i], &gEfiSerialIoProtocolGuid, (void **)&found);
	}
	BS->FreePool(handles);
	return found;
}

static void sio_write(struct console_sink *sink, const char *s, size_t n)
{
	char buf[SERIAL_CHUNK + 2];
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			buf[k++] = '\r';
		buf[k++] = s[i];
		if (k >= SERIAL_CHUNK || i + 1 == n) {
			UINTN len = k;
			own_sio->Write(own_sio, &len, buf);
			k = 0;
		}
	}
}

static int sio_getkey(struct console_sink *sink)
{
	UINT32 control = 0;
	UINTN len = 1;
	uint8_t c;

	if (!EFI_ERROR(own_sio->GetControl(own_sio, &control)) &&
	    (control & EFI_SERIAL_INPUT_BUFFER_EMPTY))
		return KEY_NONE;
	if (EFI_ERROR(own_sio->Read(own_sio, &len, &c)) || len != 1)
		return KEY_NONE;
	return c == 0x7F ? '\b' : c;
}

static struct console_sink sio_sink = {
	.name = "serial",
	.flags = CONSOLE_SERIAL | CONSOLE_ANSI,
	.write = sio_write,
	.getkey = sio_getkey,
};

int platform_serial_configure(unsigned port, uint32_t baud)
{
	int com = com_index(port);
	EFI_SERIAL_IO_PROTOCOL *sio;
	bool mirrored;

	if (!baud)
		return -WB_EINVAL;
	if (com < 0 || !(sio = find_serial_io(com)))
		return -WB_ENODEV;
	mirrored = efi_console_uarts() & (1u << com);
	if (mirrored && sio->Mode && sio->Mode->BaudRate == baud)
		return 0; /* the firmware's console already is that port at that speed */
	/* 8N1; a short read timeout (us) keeps polling for keys cheap. */
	if (EFI_ERROR(sio->SetAttributes(sio, baud, 0, mirrored ? 0 : 1000, NoParity, 8,
					 OneStopBit)))
		return -WB_EINVAL;
	if (!mirrored) {
		own_sio = sio;
		console_add(&sio_sink);
	}
	return 0;
}
