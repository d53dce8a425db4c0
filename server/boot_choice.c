// SPDX-License-Identifier: GPL-2.0-or-later
/* Which boot file a client gets (see server/boot_choice.h). */
#include "core/printf.h"
#include "core/string.h"
#include "net/dhcp_packet.h"
#include "server/boot_choice.h"

bool dhcp_is_pxelinux_file(const char *file)
{
	const char *slash = strrchr(file, '/');
	return strcmp(slash ? slash + 1 : file, "pxelinux.0") == 0;
}

/* UEFI HTTP Boot: the boot file as a URL on our web server; or NULL. */
static const char *http_boot_url(const struct boot_files *f, const struct dhcp_host *host, int arch,
				 const char *server, char *buf, size_t cap)
{
	if (host && host->scope.has_filename && !strncmp(host->scope.filename, "http://", 7))
		return host->scope.filename;
	const char *file = arch == DHCP_ARCH_EFI_X64_HTTP    ? f->efi64_file
			   : arch == DHCP_ARCH_EFI_IA32_HTTP ? f->efi32_file
							     : NULL;
	if (!file || !f->http_port)
		return NULL;
	wb_snprintf(buf, cap, "http://%s:%u/%s", server, f->http_port, file + (file[0] == '/'));
	return buf;
}

const char *boot_choice(const struct boot_files *f, const struct dhcp_host *host,
			const struct dhcp_scope *pool, int arch, bool http, const char *server,
			char *buf, size_t cap)
{
	const char *file;

	if (http)
		return http_boot_url(f, host, arch, server, buf, cap);
	if (host && host->scope.has_filename) {
		file = host->scope.filename;
	} else {
		switch (arch) {
		case -1:
		case DHCP_ARCH_BIOS:
			file = pool && pool->has_filename ? pool->filename : f->bios_file;
			break;
		case DHCP_ARCH_EFI_IA32:
			return f->efi32_file;
		case DHCP_ARCH_EFI_X64:
		case DHCP_ARCH_EFI_BC:
			return f->efi64_file;
		default:
			return NULL;
		}
	}
	if (f->replace_pxelinux && dhcp_is_pxelinux_file(file)) {
		int dir = (int)(strlen(file) - strlen("pxelinux.0"));
		wb_snprintf(buf, cap, "%.*s%s", dir, file, f->bios_file);
		file = buf;
	}
	return file;
}
