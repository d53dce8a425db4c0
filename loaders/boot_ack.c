/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "loaders/boot_ack.h"

#include "core/errors.h"
#include "core/heap.h"
#include "core/string.h"
#include "net/dhcp_packet.h"

int boot_ack_for_program(const uint8_t *ack, size_t len, const char *file, uint8_t *out,
			 size_t cap)
{
	struct dhcp_packet *pkt = wb_malloc(sizeof(*pkt));
	struct dhcp_builder b;
	int rc;

	if (!pkt)
		return -WB_ENOMEM;
	if ((rc = dhcp_parse(ack, len, pkt)))
		goto out;
	const char *sep = strstr(file, "::");
	if (sep)
		file = sep + 2;
	size_t flen = strlen(file);
	memset(pkt->file, 0, sizeof(pkt->file));
	if (flen < sizeof(pkt->file))
		memcpy(pkt->file, file, flen);
	dhcp_build_start(&b, out, cap, pkt);
	for (unsigned code = 1; code < DHCP_OPT_END; code++) {
		size_t n;
		const uint8_t *v = dhcp_get_option(pkt, (uint8_t)code, &n);
		if (code == DHCP_OPT_BOOTFILE || code == DHCP_OPT_OVERLOAD || !v)
			continue;
		dhcp_build_option(&b, (uint8_t)code, v, n);
	}
	dhcp_build_option(&b, DHCP_OPT_BOOTFILE, file, flen);
	rc = dhcp_build_finish(&b);
out:
	wb_free(pkt);
	return rc;
}
