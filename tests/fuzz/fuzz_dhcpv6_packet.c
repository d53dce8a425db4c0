// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * net/dhcpv6_packet and the client's reading of a Reply: arbitrary bytes into dhcpv6_parse();
 * a message that parses is turned into a lease (domain list, boot URL and parameters), its
 * DUIDs into MACs, and a relay message's inner message is parsed too.  Every pointer the
 * parser returns must lie inside the input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "net/dhcpv6_client.h"
#include "net/dhcpv6_packet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Abort when b is not inside data[0..size). */
static void check(const struct dhcpv6_bytes *b, const uint8_t *data, size_t size)
{
	if (b->len && (b->p < data || b->p + b->len > data + size))
		abort();
}

static void one(const uint8_t *data, size_t size, int depth)
{
	struct dhcpv6_packet p;
	if (dhcpv6_parse(data, size, &p) < 0)
		return;
	const struct dhcpv6_bytes *all[] = {&p.relay_msg, &p.interface_id, &p.client_id,
					    &p.server_id, &p.oro, &p.dns, &p.domains, &p.boot_url,
					    &p.boot_params, &p.nii, &p.vendor_class, &p.user_class,
					    &p.linklayer};
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		check(all[i], data, size);
	static struct dhcpv6_lease lease;
	if (dhcpv6_lease_from_reply(&p, &lease) == 0 &&
	    (strlen(lease.boot_url) >= sizeof(lease.boot_url) ||
	     strlen(lease.domains) >= sizeof(lease.domains)))
		abort();
	uint8_t mac[6];
	dhcpv6_duid_mac(&p.client_id, mac);
	dhcpv6_duid_mac(&p.server_id, mac);
	(void)dhcpv6_requested(&p, DHCPV6_OPT_BOOTFILE_URL);
	if (p.relay_msg.len && depth < 4)
		one(p.relay_msg.p, p.relay_msg.len, depth + 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	one(data, size, 0);
	return 0;
}
