// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * net/dhcp_packet: arbitrary bytes into dhcp_parse().  A packet that parses is rebuilt with
 * the builder and parsed again: the options must come back identical (round trip).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "net/dhcp_packet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct dhcp_packet p, q;
	static uint8_t buf[8192];
	if (dhcp_parse(data, size, &p) < 0)
		return 0;
	if (p.opt_used > DHCP_OPTIONS_DATA_MAX || strlen(p.sname) > 64 || strlen(p.file) > 128)
		abort();
	char s[300];
	uint32_t v;
	dhcp_get_string(&p, DHCP_OPT_BOOTFILE, s, sizeof(s));
	dhcp_get_ipv4(&p, DHCP_OPT_ROUTER, &v);
	(void)dhcp_msg_type(&p);

	struct dhcp_builder b;
	dhcp_build_start(&b, buf, sizeof(buf), &p);
	for (int c = 1; c < 255; c++) {
		size_t len;
		const uint8_t *val = dhcp_get_option(&p, (uint8_t)c, &len);
		if (val && c != DHCP_OPT_OVERLOAD)
			dhcp_build_option(&b, (uint8_t)c, val, len);
		if (val && c == DHCP_OPT_VENDOR) {
			size_t sl;
			dhcp_find_suboption(val, len, PXE_VENDOR_BOOT_MENU, &sl);
		}
	}
	int n = dhcp_build_finish(&b);
	if (!p.is_dhcp)
		return 0;
	if (n < 0 || dhcp_parse(buf, (size_t)n, &q) < 0)
		abort();
	if (q.xid != p.xid || q.yiaddr != p.yiaddr || memcmp(q.chaddr, p.chaddr, 16) ||
	    strcmp(q.file, p.file) || strcmp(q.sname, p.sname))
		abort();
	for (int c = 1; c < 255; c++) {
		if (c == DHCP_OPT_OVERLOAD)
			continue;
		size_t l1 = 0, l2 = 0;
		const uint8_t *a = dhcp_get_option(&p, (uint8_t)c, &l1);
		const uint8_t *z = dhcp_get_option(&q, (uint8_t)c, &l2);
		if (!a != !z || l1 != l2 || (a && memcmp(a, z, l1)))
			abort();
	}
	return 0;
}
