// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * server/dhcpv6_server: a datagram in (client message or Relay-forward), an answer out.
 * The first input byte advances the clock; the rest is the datagram.  Every answer must fit
 * DHCPV6_MAX_LEN, parse with the shared codec, be an Advertise, Reply or Relay-reply, and
 * the binding table must stay within its bounds.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "net/dhcpv6_packet.h"
#include "server/dhcpv6_server.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char conf_text[] =
	"host lab { hardware ethernet 02:00:00:00:00:aa; fixed-address6 2001:db8::50; filename \"lab.efi\"; }\n"
	"host web { hardware ethernet 02:00:00:00:00:bb; option dhcp6.bootfile-url \"http://[2001:db8::9]/x\"; }\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct dhcpd_conf conf;
	static struct dhcpv6_core core;
	static struct dhcpv6_reply reply;
	static struct dhcpv6_packet check;
	static uint64_t now = 1000;
	static bool ready;

	if (!ready) {
		static const uint8_t mac[6] = { 2, 0, 0, 0, 0, 1 };
		dhcpd_conf_parse(conf_text, sizeof(conf_text) - 1, &conf, NULL, NULL);
		core.cfg.server_addr[0] = 0x20;
		core.cfg.server_addr[1] = 0x01;
		core.cfg.server_addr[15] = 1;
		core.cfg.prefix_len = 64;
		dhcpv6_duid_ll(mac, core.cfg.duid);
		core.cfg.has_range = true;
		memcpy(core.cfg.range_lo, core.cfg.server_addr, 16);
		memcpy(core.cfg.range_hi, core.cfg.server_addr, 16);
		core.cfg.range_lo[15] = 0x10;
		core.cfg.range_hi[15] = 0x1f;
		core.cfg.n_dns = 1;
		core.cfg.conf = &conf;
		core.cfg.files = (struct boot_files){ .bios_file = "wireboot.pxe",
						      .efi64_file = "wireboot.efi", .http_port = 80 };
		ready = true;
	}
	if (size < 1)
		return 0;
	now += data[0];
	int r = dhcpv6_handle(&core, data + 1, size - 1, now, &reply);
	if (r == 1) {
		if (reply.len > DHCPV6_MAX_LEN || dhcpv6_parse(reply.buf, reply.len, &check) < 0 ||
		    (check.type != DHCPV6_ADVERTISE && check.type != DHCPV6_REPLY &&
		     check.type != DHCPV6_RELAY_REPL))
			abort();
	}
	if (strlen(reply.log) >= sizeof(reply.log) || core.n_bindings > DHCPV6_BINDINGS_MAX)
		abort();
	return 0;
}
