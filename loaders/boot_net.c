// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Which IP family the boot uses (boot_session_net() in loaders/boot_session.h).
 *
 * Order and timeouts:
 *  - A firmware DHCP reply (cached ACK) or a file source: IPv4, as before.
 *  - A firmware DHCPv6 Reply (wireboot.efi started by UEFI PXE over IPv6): IPv6 with that
 *    lease (link-local DAD, RS/RA up to BOOT_RA_WAIT_MS, DAD of the address), no DHCPv6.
 *  - Otherwise IPv6 reception is switched on and one router solicitation goes out (from the
 *    unspecified address, RFC 4861 6.3.7) just before IPv4 DHCP starts.  While DHCP has no
 *    offer, a router advertisement with the M or O flag stops it at once (so an IPv6-only
 *    network costs one DISCOVER and no IPv4 wait) and the boot goes on over IPv6: link-local
 *    address and DAD (1 s), SLAAC from the RA (DAD 1 s), DHCPv6 (net/dhcpv6_client.h), then
 *    the boot file URL (option 59) names the TFTP server and the boot file.
 *  - An IPv4 offer before any such RA: IPv4 (dual-stack networks whose DHCPv4 server is
 *    faster; IPv4-only networks cost only the one RS frame).
 *  - When the IPv6 path fails (no DHCPv6 server, no boot file URL), IPv4 DHCP runs in full.
 *  - When IPv4 DHCP fails and an RA without M/O came, the IPv6 path runs anyway and its
 *    error names what is missing (the RA's flags, the DHCPv6 server, option 59).
 *
 * On IPv6 the pxelinux.cfg search has no hex-IP names (MAC-based names and "default"), and
 * IPAPPEND 1 adds nothing: the kernel's ip= is IPv4 only (BOOTIF= works as ever).
 *
 * A PXE program chosen after an IPv6 boot gets an IPv4 lease first (boot_session_program_ack):
 * the PXE API speaks IPv4 and hands the program the DHCPv4 ACK.
 */
#include "core/errors.h"
#include "core/heap.h"
#include "core/printf.h"
#include "core/string.h"
#include "loaders/boot_session.h"
#include "net/dhcp_client.h"
#include "net/dhcpv6_client.h"
#include "net/dns.h"
#include "net/ipv6.h"
#include "net/ndp.h"
#include "net/net_url.h"

#define BOOT_RA_WAIT_MS 3000 /* for ndp_configure(): the RA normally came during DHCP */

/* dhcp_give_up hook: stop IPv4 DHCP once a router has asked for DHCPv6. */
static const char *router_wants_dhcpv6(void *ctx)
{
	const struct netif_ipv6 *c = &((struct boot_session *)ctx)->nif.ip6;
	return c->ra_seen && (c->ra_flags & (RA_FLAG_MANAGED | RA_FLAG_OTHER))
		       ? "a router advertises DHCPv6: booting over IPv6"
		       : NULL;
}

/*
 * The boot file URL as the session's server and boot file: "tftp://[addr]/dir/file" gives
 * the server and "dir/file" (whose directory becomes the path prefix, as for PXELINUX);
 * an http:// URL is kept whole.
 */
static int take_boot_url(struct boot_session *s, const struct dhcpv6_lease *l6)
{
	struct net_url u;
	if (net_url_parse(l6->boot_url, &u) < 0)
		return -WB_EINVAL;
	if (!strcmp(u.scheme, "http")) {
		wb_strlcpy(s->lease->boot_file, l6->boot_url, sizeof(s->lease->boot_file));
		s->server = (struct ip_addr){0};
	} else if (!strcmp(u.scheme, "tftp") && ip_addr_is_set(&u.addr) && u.path[0] && !u.port) {
		wb_strlcpy(s->lease->boot_file, u.path + 1, sizeof(s->lease->boot_file));
		s->server = u.addr;
	} else {
		return -WB_ENOTSUP;
	}
	ip_addr_fmt(s->server_str, &s->server);
	return 0;
}

/* The firmware's DHCPv6 Reply as the lease (no DHCPv6 traffic), its address applied. */
static int cached_reply(struct boot_session *s, struct dhcpv6_lease *l6, char *err_text,
			size_t cap)
{
	struct dhcpv6_packet p;
	if (dhcpv6_parse(s->opts->cached_dhcpv6, s->opts->cached_dhcpv6_len, &p) < 0 ||
	    p.type != DHCPV6_REPLY || dhcpv6_lease_from_reply(&p, l6) < 0) {
		wb_snprintf(err_text, cap, "the firmware's DHCPv6 reply is unusable: check the "
			    "DHCPv6 server's Reply to the UEFI PXE client");
		return -WB_EPROTO;
	}
	return dhcpv6_lease_apply(&s->nif, l6, err_text, cap);
}

/* IPv6: addresses (NDP), DHCPv6 (or the firmware's Reply), the boot file URL. */
static int boot_session_dhcp6(struct boot_session *s)
{
	const struct boot_options *o = s->opts;
	char err_text[320], a[IP_ADDR_STRLEN];
	s->rep->stage = BOOT_STAGE_DHCP;
	s->have_lease = false;
	wb_printf("IPv6 on %s...", s->dev->name);
	int err = ndp_configure(&s->nif, BOOT_RA_WAIT_MS);
	if (err == -WB_EEXIST || (err < 0 && err != -WB_ETIMEDOUT)) {
		wb_printf(" failed\n");
		return boot_fail(s, err, "IPv6 on %s: %s", s->dev->name,
				 err == -WB_EEXIST ? "the link-local address is used by another host"
						   : wb_strerror(err));
	}
	struct dhcpv6_lease *l6 = wb_zalloc(sizeof(*l6));
	if (!l6)
		return boot_fail(s, -WB_ENOMEM, "out of memory");
	struct dhcpv6_client_config cfg = {.client_arch = o->client_arch,
					   .vendor_class = o->vendor_class};
	if (o->cached_dhcpv6)
		err = cached_reply(s, l6, err_text, sizeof(err_text));
	else
		err = dhcpv6_configure(&s->nif, &cfg, l6, err_text, sizeof(err_text));
	struct ip_addr mine = ip_addr_v6(s->nif.ip6.global_state == IPV6_ADDR_PREFERRED
						 ? s->nif.ip6.global : s->nif.ip6.link_local);
	if (err) {
		wb_printf(" failed\n");
		boot_fail(s, err, "DHCPv6 on %s: %s", s->dev->name, err_text);
	} else if (!l6->boot_url[0]) {
		wb_printf(" %s\n", ip_addr_fmt(a, &mine));
		err = boot_fail(s, -WB_ENOCONFIG, "the DHCPv6 reply on %s has no boot file URL "
				"(option 59): configure one, e.g. dnsmasq "
				"dhcp-option=option6:bootfile-url,tftp://[server]/pxelinux.0", s->dev->name);
	} else if ((err = take_boot_url(s, l6)) < 0) {
		wb_printf(" %s\n", ip_addr_fmt(a, &mine));
		boot_fail(s, err, "the DHCPv6 boot file URL \"%s\" is not usable: write "
			  "tftp://[IPv6 address]/path (port 69) or http://...", l6->boot_url);
	} else {
		wb_printf(" %s\n", ip_addr_fmt(a, &mine));
	}
	if (err) {
		wb_free(l6);
		return err;
	}
	s->have_lease = true;
	dns_configure_v6(l6->dns, l6->dns_count, l6->domains);
	wb_printf("dhcpv6: TFTP server %s, boot file \"%s\"\n", s->server_str, s->lease->boot_file);
	struct pxecfg_netinfo net = {.hwtype = 1, .hwlen = ETH_ALEN, .uuid = o->uuid};
	memcpy(net.hwaddr, s->dev->mac, ETH_ALEN);
	pxecfg_sysappend_init(&s->sysappend, &net);
	wb_free(l6);
	return 0;
}

/*
 * The PXE API is IPv4 (PXE 2.1): GET_CACHED_INFO hands the program a DHCPv4 ACK, from which
 * pxelinux.0 and undionly.kpxe take their address and TFTP server.  After an IPv6 boot there
 * is none, so DHCPv4 runs now, for the program (a dual-stack network whose router asked for
 * DHCPv6 first); on an IPv6-only network nothing answers and the program is refused.  The
 * session keeps its IPv6 server; only the lease's ACK is for the program.  Not on UEFI,
 * whose platform refuses PXE programs (BIOS programs) anyway.
 */
int boot_session_program_ack(struct boot_session *s)
{
	if (s->opts->client_arch != DHCP_ARCH_BIOS)
		return 0;
	struct dhcp_client_config cfg = {.client_arch = s->opts->client_arch,
					 .vendor_class = s->opts->vendor_class, .uuid = s->opts->uuid};
	wb_printf("%s: a PXE program needs IPv4 (booted over IPv6): ", s->boot.kernel);
	int err = dhcp_configure(&s->nif, &cfg, s->lease);
	if (err)
		return boot_fail(s, err, "%s: a PXE program needs IPv4 (the PXE API hands it the "
				 "DHCPv4 ACK), and DHCPv4 on %s failed (%s): on an IPv6-only network "
				 "boot a Linux kernel from this label, or serve DHCPv4 too",
				 s->boot.kernel, s->dev->name, wb_strerror(err));
	return 0;
}

int boot_session_net(struct boot_session *s, bool fresh)
{
	if (s->opts->cached_ack || s->opts->file_source)
		return boot_session_dhcp(s, fresh);
	if (!s->lease && !(s->lease = wb_zalloc(sizeof(*s->lease))))
		return boot_fail(s, -WB_ENOMEM, "out of memory");
	if (s->opts->cached_dhcpv6 && !fresh && boot_session_dhcp6(s) == 0)
		return 0;
	ipv6_enable(&s->nif);
	ndp_solicit_routers(&s->nif);
	s->dhcp_give_up = router_wants_dhcpv6;
	int err = boot_session_dhcp(s, fresh);
	s->dhcp_give_up = NULL;
	if (err && err != -WB_ECANCELED && s->nif.ip6.ra_seen) {
		/* No IPv4, but a router: say what IPv6 lacks too (no M/O flag, no DHCPv6...). */
		memset(s->lease, 0, sizeof(*s->lease));
		return boot_session_dhcp6(s) == 0 ? 0 : err;
	}
	if (err != -WB_ECANCELED)
		return err;
	memset(s->lease, 0, sizeof(*s->lease));
	if ((err = boot_session_dhcp6(s)) == 0)
		return 0;
	wb_printf("falling back to IPv4 DHCP\n");
	memset(s->lease, 0, sizeof(*s->lease));
	return boot_session_dhcp(s, true);
}
