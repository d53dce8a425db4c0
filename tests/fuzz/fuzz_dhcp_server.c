// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * server/dhcp_server: a packet in, a reply out.  The first input byte picks the mode
 * (normal/proxy, port 67/4011, the clock); the rest is the datagram.  Every reply must be
 * a well-formed BOOTP/DHCP packet that fits DHCP_MAX_LEN and goes somewhere sensible.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/printf.h"
#include "net/dhcp_packet.h"
#include "server/dhcp_server.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char conf_text[] =
	"group { next-server 10.0.0.9;\n"
	"  host lab { hardware ethernet 02:00:00:00:00:aa; fixed-address 10.0.0.50; filename \"pxelinux.0\"; }\n"
	"}\n"
	"subnet 10.9.0.0 netmask 255.255.255.0 { range dynamic-bootp 10.9.0.10 10.9.0.20; }\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct dhcpd_conf conf;
	static struct lease_db db;
	static struct dhcp_core core;
	static struct dhcp_reply reply;
	static struct dhcp_packet check;
	static uint64_t now = 1000;

	if (!core.leases) {
		dhcpd_conf_parse(conf_text, sizeof(conf_text) - 1, &conf, NULL, NULL);
		lease_db_open(&db, NULL);
		core.cfg.server_ip = 0x0100000a;  /* 10.0.0.1 */
		core.cfg.netmask = 0x00ffffff;
		core.cfg.range_lo = 0x6400000a;   /* 10.0.0.100 */
		core.cfg.range_hi = 0x6e00000a;   /* 10.0.0.110 */
		core.cfg.conf = &conf;
		core.cfg.bios_file = "wireboot.pxe";
		core.cfg.efi64_file = "wireboot.efi";
		core.leases = &db;
	}
	if (size < 1)
		return 0;
	core.cfg.proxy = data[0] & 1;
	struct dhcp_source src = { .ip = 0x0700000a, .port = 68, .binl_port = (data[0] & 2) != 0 };
	now += data[0] >> 4;
	int r = dhcp_handle(&core, data + 1, size - 1, &src, now, &reply);
	if (r == 1) {
		if (reply.len > DHCP_MAX_LEN || reply.len < DHCP_MIN_LEN ||
		    dhcp_parse(reply.buf, reply.len, &check) < 0 || check.op != BOOTP_REPLY ||
		    reply.dst_ip == 0 || reply.dst_port == 0)
			abort();
	}
	if (strlen(reply.log) >= sizeof(reply.log) || db.n > LEASES_MAX)
		abort();
	return 0;
}
