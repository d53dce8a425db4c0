/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Cached DHCP packets rewritten for a chained PXE program (loaders/pxe_bootp.h). */
#include "loaders/pxe_bootp.h"

#include "core/errors.h"
#include "core/printf.h"
#include "core/string.h"

#define OPT_PAD 0
#define OPT_END 255
#define OPT_OVERLOAD 52
#define OPT_TFTP_SERVER 66
#define OPT_BOOTFILE 67
#define OVERLOAD_FILE 1
#define OVERLOAD_SNAME 2

static const uint8_t dhcp_cookie[4] = { 99, 130, 83, 99 };

int pxe_bootp_split_path(const char *program_path, const char **name, uint32_t *server)
{
	const char *sep = strstr(program_path, "::");
	char host[WB_IPV4_STRLEN];

	*name = program_path;
	*server = 0;
	if (!sep)
		return 0;
	*name = sep + 2;
	size_t n = (size_t)(sep - program_path);
	if (n == 0)
		return 0;
	if (n >= sizeof(host))
		return -WB_EINVAL;
	memcpy(host, program_path, n);
	host[n] = '\0';
	return wb_parse_ipv4(host, server) < 0 ? -WB_EINVAL : 0;
}

/*
 * Walk the options from `off` and, when `edit` is set, pad out the ones the new fields make
 * wrong.  Without `edit` it only validates: 0, or -WB_ETRUNCATED for an option past the end.
 */
static int walk_options(uint8_t *pkt, size_t len, size_t off, int edit, int new_server)
{
	while (off < len && pkt[off] != OPT_END) {
		uint8_t code = pkt[off];
		if (code == OPT_PAD) {
			off++;
			continue;
		}
		if (off + 2 > len || off + 2 + pkt[off + 1] > len)
			return -WB_ETRUNCATED;
		size_t olen = pkt[off + 1];
		if (edit && (code == OPT_BOOTFILE || (new_server && code == OPT_TFTP_SERVER)))
			memset(pkt + off, OPT_PAD, 2 + olen);
		else if (edit && code == OPT_OVERLOAD && olen == 1)
			pkt[off + 2] &= (uint8_t)~(OVERLOAD_FILE | (new_server ? OVERLOAD_SNAME : 0));
		off += 2 + olen;
	}
	return 0;
}

int pxe_bootp_retarget(uint8_t *pkt, size_t len, const char *program_path)
{
	const char *name;
	uint32_t server;
	int err;

	if (len < PXE_BOOTP_MIN_LEN)
		return -WB_ETRUNCATED;
	if (memcmp(pkt + PXE_BOOTP_OPTIONS, dhcp_cookie, sizeof(dhcp_cookie)))
		return -WB_EBADMAGIC;
	if ((err = pxe_bootp_split_path(program_path, &name, &server)))
		return err;
	if (strlen(name) >= PXE_BOOTP_FILE_LEN)
		return -WB_ETOOBIG;
	if ((err = walk_options(pkt, len, PXE_BOOTP_MIN_LEN, 0, server != 0)))
		return err;
	walk_options(pkt, len, PXE_BOOTP_MIN_LEN, 1, server != 0);
	memset(pkt + PXE_BOOTP_FILE, 0, PXE_BOOTP_FILE_LEN);
	memcpy(pkt + PXE_BOOTP_FILE, name, strlen(name));
	if (server) {
		memcpy(pkt + PXE_BOOTP_SIADDR, &server, 4);
		memset(pkt + PXE_BOOTP_SNAME, 0, PXE_BOOTP_SNAME_LEN);
	}
	return 0;
}
