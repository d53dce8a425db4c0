// SPDX-License-Identifier: GPL-2.0-or-later
/* TFTP boot servers from DHCP option 66 names: see loaders/boot_servers.h. */
#include "loaders/boot_servers.h"

#include "core/errors.h"
#include "core/printf.h"
#include "core/string.h"
#include "net/dhcp_client.h"

void boot_servers_from_lease(struct boot_servers *bs, struct netif *nif, const struct dhcp_lease *l)
{
	char err[160];
	memset(bs, 0, sizeof(*bs));
	bs->count = 1;
	bs->addrs[0] = ip_addr_v4(l->tftp_server ? l->tftp_server : l->server_id);
	uint32_t ip;
	if (!nif || !l->tftp_server_name[0] || wb_parse_ipv4(l->tftp_server_name, &ip) == 0)
		return;
	int rc = dns_resolve_all(nif, l->tftp_server_name, bs->addrs, &bs->count, err, sizeof(err));
	if (rc == 0) {
		wb_strlcpy(bs->name, l->tftp_server_name, sizeof(bs->name));
		return;
	}
	char a[IP_ADDR_STRLEN];
	wb_printf("dhcp: TFTP server \"%s\" (option 66) not resolved (%s): using next-server %s\n",
		  l->tftp_server_name, err, ip_addr_fmt(a, &bs->addrs[0]));
	bs->count = 1;
}

bool boot_servers_next(struct boot_servers *bs, int err, const char *file)
{
	if ((err != -WB_ETIMEDOUT && err != -WB_EHOSTUNREACH) || bs->current + 1 >= bs->count)
		return false;
	char a[IP_ADDR_STRLEN], b[IP_ADDR_STRLEN];
	ip_addr_fmt(a, &bs->addrs[bs->current]);
	bs->current++;
	wb_printf("tftp: %s: %s from %s: trying %s, the next address of %s\n", file,
		  err == -WB_ETIMEDOUT ? "no answer" : "no ARP reply", a,
		  ip_addr_fmt(b, &bs->addrs[bs->current]), bs->name);
	return true;
}
