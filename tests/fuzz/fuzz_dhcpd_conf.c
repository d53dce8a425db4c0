// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * server/dhcpd_conf: arbitrary text into dhcpd_conf_parse().  Whatever is accepted must be
 * internally consistent: counts within limits, strings terminated, ranges inside subnets.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "server/dhcpd_conf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dhcpd_conf c;

	if (dhcpd_conf_parse((const char *)data, size, &c, NULL, NULL) < 0) {
		if (c.hosts || c.n_hosts)
			abort();
		return 0;
	}
	if (c.n_hosts > DHCPD_MAX_HOSTS || c.n_subnets > DHCPD_MAX_SUBNETS)
		abort();
	for (unsigned i = 0; i < c.n_subnets; i++) {
		const struct dhcp_subnet *s = &c.subnets[i];
		if ((s->range_lo || s->range_hi) &&
		    ((s->range_lo & s->netmask) != s->network || (s->range_hi & s->netmask) != s->network))
			abort();
		if (strlen(s->scope.domain_name) >= DHCPD_NAME_MAX || s->scope.n_routers > DHCPD_MAX_ADDRS)
			abort();
	}
	for (unsigned i = 0; i < c.n_hosts; i++) {
		const struct dhcp_host *h = &c.hosts[i];
		if (!h->has_mac || strlen(h->name) >= DHCPD_NAME_MAX ||
		    strlen(h->scope.filename) >= DHCPD_NAME_MAX || dhcpd_conf_find_host(&c, h->mac) == NULL)
			abort();
	}
	dhcpd_conf_free(&c);
	return 0;
}
