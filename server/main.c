// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * wireboot-server: DHCP + TFTP (+ HTTP) for network boot, in the foreground, one epoll loop.
 * Order of start-up: settings, the served root, the interface address, the host list and
 * leases, the sockets (privileged ports), then privileges are dropped, then the loop.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netpacket/packet.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "core/errors.h"
#include "core/printf.h"
#include "core/string.h"
#include "server/check.h"
#include "server/check_signature.h"
#include "server/config.h"
#include "server/dhcp_server.h"
#include "server/dhcpv6_bindings_file.h"
#include "server/dhcpv6_server.h"
#include "server/event_loop.h"
#include "server/http_server.h"
#include "server/https_server.h"
#include "server/leases.h"
#include "server/log.h"
#include "server/path.h"
#include "server/privileges.h"
#include "server/log_limit.h"
#include "server/reload.h"
#include "server/signals.h"
#include "server/ra.h"
#include "server/tftp_server.h"

/* The interface's first IPv4 address and netmask (network order). */
static int interface_address(const char *ifname, uint32_t *ip, uint32_t *mask)
{
	struct ifaddrs *list;
	int err = -WB_ENODEV;

	if (getifaddrs(&list) < 0)
		return -WB_EIO;
	for (struct ifaddrs *a = list; a; a = a->ifa_next) {
		if (!a->ifa_addr || a->ifa_addr->sa_family != AF_INET || strcmp(a->ifa_name, ifname))
			continue;
		uint32_t this_ip = ((struct sockaddr_in *)a->ifa_addr)->sin_addr.s_addr;
		if (*ip && this_ip != *ip)
			continue;
		*ip = this_ip;
		*mask = a->ifa_netmask ? ((struct sockaddr_in *)a->ifa_netmask)->sin_addr.s_addr : 0;
		err = 0;
		break;
	}
	freeifaddrs(list);
	return err;
}

/* What DHCPv6 needs of the interface: a global address (for boot URLs), its prefix, the MAC. */
struct interface6 {
	uint8_t addr[16], prefix_len, mac[6];
	bool has_addr, has_mac;
};

static void interface6_find(const char *ifname, struct interface6 *out)
{
	struct ifaddrs *list;

	memset(out, 0, sizeof(*out));
	if (getifaddrs(&list) < 0)
		return;
	for (struct ifaddrs *a = list; a; a = a->ifa_next) {
		if (!a->ifa_addr || strcmp(a->ifa_name, ifname))
			continue;
		if (a->ifa_addr->sa_family == AF_PACKET && !out->has_mac) {
			const struct sockaddr_ll *ll = (const struct sockaddr_ll *)a->ifa_addr;
			if (ll->sll_halen == 6) {
				memcpy(out->mac, ll->sll_addr, 6);
				out->has_mac = true;
			}
		}
		if (a->ifa_addr->sa_family != AF_INET6 || out->has_addr)
			continue;
		const struct in6_addr *in6 = &((const struct sockaddr_in6 *)a->ifa_addr)->sin6_addr;
		if (IN6_IS_ADDR_LINKLOCAL(in6) || IN6_IS_ADDR_LOOPBACK(in6))
			continue;
		memcpy(out->addr, in6->s6_addr, 16);
		out->has_addr = true;
		if (a->ifa_netmask) {
			const uint8_t *m = ((const struct sockaddr_in6 *)a->ifa_netmask)->sin6_addr.s6_addr;
			for (int i = 0; i < 16; i++)
				out->prefix_len += (uint8_t)__builtin_popcount(m[i]);
		}
	}
	freeifaddrs(list);
}

/*
 * The DHCPv6 server on the interface's global address, its DUID-LL from the MAC, bindings
 * from `<lease-file>6`.  0, or the exit status after saying why on stderr.
 */
static int start_dhcpv6(const struct server_config *cfg, const struct dhcpd_conf *hosts,
			const struct interface6 *if6, struct dhcpv6_core *core, struct event_loop *loop,
			struct dhcpv6_server **out)
{
	static char bindings_file[CONFIG_PATH_MAX + 1];
	char a[IP_ADDR_STRLEN];
	struct ip_addr server = ip_addr_v6(if6->addr);
	int err;

	if (!if6->has_addr || !if6->has_mac) {
		fprintf(stderr, "wireboot-server: --dhcp6/--range6: interface %s has no %s: %s\n",
			cfg->interface, if6->has_mac ? "global IPv6 address" : "MAC address",
			if6->has_mac ? "boot file URLs need one (ip -6 addr add 2001:db8::1/64 dev IF)"
				     : "the DHCPv6 server identifier is made from it");
		return 2;
	}
	if (cfg->range6.set && memcmp(cfg->range6.lo, if6->addr, 8))
		log_warn("dhcpv6: range6 is not in the /64 of %s, the address of %s that boot URLs "
			 "name: clients will reach it only through a router", ip_addr_fmt(a, &server),
			 cfg->interface);
	if (*cfg->lease_file) {
		wb_snprintf(bindings_file, sizeof(bindings_file), "%s6", cfg->lease_file);
		core->cfg.bindings_file = bindings_file;
		if ((err = dhcpv6_bindings_load(core, bindings_file, (uint64_t)time(NULL))) < 0) {
			fprintf(stderr, "wireboot-server: DHCPv6 bindings %s: %s\n", bindings_file,
				wb_strerror(err));
			return 2;
		}
	}
	memcpy(core->cfg.server_addr, if6->addr, 16);
	core->cfg.prefix_len = if6->prefix_len;
	dhcpv6_duid_ll(if6->mac, core->cfg.duid);
	server_dhcpv6_settings(cfg, hosts, &core->cfg);
	if ((err = dhcpv6_server_open(out, core, cfg->interface, loop)) < 0) {
		fprintf(stderr, "wireboot-server: DHCPv6 on %s: %s\n", cfg->interface, wb_strerror(err));
		return 1;
	}
	return 0;
}

/* The on-link prefix the RA announces with DHCPv6: the range's /64, else the address's. */
static void ra_prefix(const struct server_config *cfg, const struct interface6 *if6,
		      struct ra_dhcpv6 *out)
{
	memset(out, 0, sizeof(*out));
	out->prefix_len = 64;
	memcpy(out->prefix, cfg->range6.set ? cfg->range6.lo : if6->addr, 8);
	if (!cfg->range6.set && if6->prefix_len > 64 && if6->prefix_len <= 128) {
		out->prefix_len = if6->prefix_len;
		memcpy(out->prefix, if6->addr, 16);
		for (unsigned b = if6->prefix_len; b < 128; b++)
			out->prefix[b / 8] &= (uint8_t)~(0x80u >> (b % 8));
	}
}

static void conf_warning(void *ctx, unsigned line, const char *msg)
{
	log_warn("%s:%u: %s", (const char *)ctx, line, msg);
}

/* Become --user after binding (see server/privileges.h), and say what that means. */
static int drop_privileges(const char *user, const char *lease_file)
{
	const char *name = privileges_target(user);
	int err;

	if (geteuid() == 0 && strcmp(name, "root") == 0)
		log_warn("running as root (--user root)");
	if ((err = privileges_drop(user)) < 0) {
		log_error(err == -WB_EINVAL ? "--user %s: no such user" : "cannot become user %s", name);
		return err;
	}
	if (*lease_file) {
		char dir[CONFIG_PATH_MAX];
		wb_strlcpy(dir, lease_file, sizeof(dir));
		char *slash = strrchr(dir, '/');
		if (slash)
			*(slash == dir ? slash + 1 : slash) = '\0';
		if (access(slash ? dir : ".", W_OK) < 0) {
			log_error("user %s cannot write in %s, the directory of --lease-file %s, so no lease "
				  "could be saved: make it writable for %s (chown %s %s), or put the lease "
				  "file in a directory %s owns (the systemd unit's StateDirectory, "
				  "/var/lib/wireboot)", name, slash ? dir : ".", lease_file, name, name,
				  slash ? dir : ".", name);
			return -WB_EACCES;
		}
	}
	log_info("running as user %s", name);
	return 0;
}

/*
 * Hosts whose dhcpd.conf `filename` is pxelinux.0 keep getting PXELINUX although the tree
 * has wireboot: say so once, with the two ways to switch.
 */
static void note_pxelinux_hosts(const struct dhcpd_conf *hosts, const struct server_config *cfg,
				int root_fd)
{
	char names[160] = "";
	unsigned n = 0, first_line = 0;
	uint64_t size;
	int fd = path_open_confined(root_fd, cfg->bios_file, &size);

	if (fd < 0)
		return;
	close(fd);
	for (unsigned i = 0; i < hosts->n_hosts; i++) {
		const struct dhcp_host *h = &hosts->hosts[i];
		if (!h->scope.has_filename || !dhcp_is_pxelinux_file(h->scope.filename))
			continue;
		if (n++ == 0)
			first_line = h->line;
		size_t len = strlen(names);
		if (n <= 4)
			wb_snprintf(names + len, sizeof(names) - len, "%s%s", len ? ", " : "", h->name);
		else if (n == 5)
			wb_snprintf(names + len, sizeof(names) - len, ", ...");
	}
	if (n)
		log_info("%s: %s %s (%sline %u) %s filename \"pxelinux.0\", so %s PXELINUX, not %s: "
			 "set filename \"%s\" there, or start with --replace-pxelinux to hand out %s "
			 "instead of pxelinux.0 to every host", cfg->hosts, n == 1 ? "host" : "hosts", names,
			 n == 1 ? "" : "first at ", first_line, n == 1 ? "has" : "have",
			 n == 1 ? "it gets" : "they get", cfg->bios_file, cfg->bios_file, cfg->bios_file);
}

int main(int argc, char **argv)
{
	struct server_config cfg;
	char err_msg[512];
	int err;

	config_defaults(&cfg);
	err = config_parse_args(&cfg, argc, argv, err_msg, sizeof(err_msg));
	if (err == 1)
		return 0;
	if (err < 0) {
		fprintf(stderr, "wireboot-server: %s\n", err_msg);
		return 2;
	}
	log_set_level(cfg.log_level);
	if (!*cfg.root) {
		fprintf(stderr, "wireboot-server: --root DIR is required (see --help)\n");
		return 2;
	}
	int root_fd = open(cfg.root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (root_fd < 0) {
		fprintf(stderr, "wireboot-server: --root %s: %s\n", cfg.root, strerror(errno));
		return 2;
	}
	if (path_check_support(root_fd) < 0) {
		fprintf(stderr, "wireboot-server: this kernel lacks openat2() or /proc/self/fd, which "
				"confine file access to --root: Linux 5.6 or later is needed\n");
		return 2;
	}
	if (cfg.check) {
		struct check_options copt = {
			.user = cfg.user, .boot_files = { cfg.bios_file, cfg.efi_file, cfg.efi32_file },
		};
		struct signers *signers = NULL;
		char why[300];
		if (cfg.signer[0] && signers_load(&signers, cfg.signer, why, sizeof(why)) < 0) {
			fprintf(stderr, "wireboot-server: %s\n", why);
			return 2;
		}
		copt.signers = signers;
		int errors = check_tree(root_fd, &copt);
		signers_free(signers);
		return errors ? 1 : 0;
	}
	if (!*cfg.interface) {
		fprintf(stderr, "wireboot-server: --interface IF is required (see --help)\n");
		return 2;
	}

	uint32_t ip = cfg.address, mask = 0;
	bool serve_dhcp4 = !cfg.no_dhcp, serve_dhcp6 = !cfg.no_dhcp && cfg.dhcp6;
	if ((err = interface_address(cfg.interface, &ip, &mask)) < 0 && !cfg.address &&
	    (cfg.no_dhcp || cfg.dhcp6)) { /* an IPv6-only link */
		log_info("interface %s has no IPv4 address: %s", cfg.interface,
			 cfg.no_dhcp ? "serving IPv6 and no DHCP" : "DHCP (IPv4) off, DHCPv6 only");
		serve_dhcp4 = false;
	} else if (err < 0) {
		if (!cfg.address) {
			fprintf(stderr, "wireboot-server: interface %s has no IPv4 address%s: give --address\n",
				cfg.interface, cfg.address ? " matching --address" : "");
			return 2;
		}
		mask = htonl(0xffffff00u);
		log_warn("--address is not on %s: assuming a /24", cfg.interface);
	}

	struct dhcpd_conf hosts;
	bool have_hosts = false;
	if (*cfg.hosts) {
		if ((err = dhcpd_conf_load(cfg.hosts, &hosts, conf_warning, cfg.hosts)) < 0) {
			fprintf(stderr, "wireboot-server: --hosts %s: %s\n", cfg.hosts, wb_strerror(err));
			return 2;
		}
		have_hosts = true;
		log_info("%s: %u hosts, %u subnets", cfg.hosts, hosts.n_hosts, hosts.n_subnets);
		if (!cfg.replace_pxelinux)
			note_pxelinux_hosts(&hosts, &cfg, root_fd);
	}
	struct lease_db leases;
	if ((err = lease_db_open(&leases, *cfg.lease_file ? cfg.lease_file : NULL)) < 0) {
		fprintf(stderr, "wireboot-server: --lease-file %s: %s\n", cfg.lease_file, wb_strerror(err));
		return 2;
	}

	/* Room for every transfer's socket and file, plus HTTP connections. */
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	signal(SIGPIPE, SIG_IGN);

	struct event_loop loop;
	struct server_signals sig;
	if (ev_init(&loop) < 0 || server_signals_open(&sig, &loop) < 0)
		return 1;
	struct tftp_server *tftp = NULL;
	struct tftp_server_config tcfg = {
		.root_fd = root_fd, .port = cfg.tftp_port, .interface = cfg.interface,
		.max_blksize = cfg.tftp_max_blksize, .max_transfers = cfg.max_transfers,
		.max_per_client = cfg.max_per_client,
	};
	if (!cfg.no_tftp && (err = tftp_server_open(&tftp, &tcfg, &loop)) < 0) {
		fprintf(stderr, "wireboot-server: TFTP port %u: %s\n", cfg.tftp_port, wb_strerror(err));
		return 1;
	}
	struct dhcp_core core = {
		.cfg = { .server_ip = ip, .netmask = mask, .interface = cfg.interface },
		.leases = &leases,
	};
	server_dhcp_settings(&cfg, have_hosts ? &hosts : NULL, &core.cfg);
	struct dhcp_server *dhcp = NULL;
	if (serve_dhcp4 && (err = dhcp_server_open(&dhcp, &core, &loop)) < 0) {
		fprintf(stderr, "wireboot-server: DHCP on %s: %s\n", cfg.interface, wb_strerror(err));
		return 1;
	}
	static struct dhcpv6_core core6; /* large: the bindings */
	struct dhcpv6_server *dhcp6 = NULL;
	struct interface6 if6;
	interface6_find(cfg.interface, &if6);
	if (serve_dhcp6 && (err = start_dhcpv6(&cfg, have_hosts ? &hosts : NULL, &if6, &core6, &loop,
					       &dhcp6)) != 0)
		return err;
	struct http_server *http = NULL;
	if (cfg.http_port || cfg.https_port) { /* https only: an HTTP server without a port */
		struct http_server_config hcfg = { .root_fd = root_fd, .port = cfg.http_port,
						   .interface = cfg.interface };
		if ((err = http_server_open(&http, &hcfg, &loop)) < 0) {
			fprintf(stderr, "wireboot-server: HTTP port %u: %s\n", cfg.http_port, wb_strerror(err));
			return 1;
		}
	}
	struct ra_sender *ra = NULL;
	struct ra_dhcpv6 ra6;
	ra_prefix(&cfg, &if6, &ra6);
	struct ra_config rcfg = { .interface = cfg.interface, .mode = cfg.no_ra ? RA_OFF : cfg.ra,
				  .serves_dhcp = !cfg.no_dhcp, .dhcpv6 = dhcp6 ? &ra6 : NULL };
	if ((err = ra_open(&ra, &rcfg, &loop)) < 0) {
		fprintf(stderr, "wireboot-server: --ra on %s: %s\n", cfg.interface, wb_strerror(err));
		return 1;
	}
	struct https_server *https = NULL;
	if (cfg.https_port) {
		struct https_server_config scfg = { .port = cfg.https_port, .interface = cfg.interface,
						    .cert = cfg.cert, .key = cfg.key };
		char why[256];
		if (!cfg.cert[0] || !cfg.key[0]) {
			fprintf(stderr, "wireboot-server: --https-port needs --cert FILE and --key FILE\n");
			return 1;
		}
		if (https_server_open(&https, &scfg, &loop, http, why, sizeof(why)) < 0) {
			fprintf(stderr, "wireboot-server: HTTPS: %s\n", why);
			return 1;
		}
	}
	if (drop_privileges(cfg.user, cfg.lease_file) < 0)
		return 1;

	char ips[WB_IPV4_STRLEN], masks[WB_IPV4_STRLEN], lo[WB_IPV4_STRLEN], hi[WB_IPV4_STRLEN];
	char range[48] = "";
	if (cfg.range_lo)
		wb_snprintf(range, sizeof(range), " range %s-%s", wb_fmt_ipv4(lo, cfg.range_lo),
			    wb_fmt_ipv4(hi, cfg.range_hi));
	log_info("wireboot-server: root %s on %s %s/%s; dhcp %s%s; tftp port %u; http port %u%s; "
		 "https port %u%s", cfg.root, cfg.interface, wb_fmt_ipv4(ips, ip), wb_fmt_ipv4(masks, mask),
		 !serve_dhcp4 ? "off" : cfg.proxy ? "proxy" : "on", range, cfg.no_tftp ? 0 : cfg.tftp_port,
		 cfg.http_port, cfg.http_port ? "" : " (off)", cfg.https_port, cfg.https_port ? "" : " (off)");

	if (dhcp6) {
		char a6[IP_ADDR_STRLEN], lo6[IP_ADDR_STRLEN], hi6[IP_ADDR_STRLEN];
		struct ip_addr s6 = ip_addr_v6(if6.addr), l6 = ip_addr_v6(cfg.range6.lo),
			       h6 = ip_addr_v6(cfg.range6.hi);
		log_info("dhcpv6: on %s as %s/%u%s%s%s%s", cfg.interface, ip_addr_fmt(a6, &s6),
			 if6.prefix_len, cfg.range6.set ? " range6 " : "; no range6 (hosts only)",
			 cfg.range6.set ? ip_addr_fmt(lo6, &l6) : "", cfg.range6.set ? "-" : "",
			 cfg.range6.set ? ip_addr_fmt(hi6, &h6) : "");
	}
	struct server_live live = { .argc = argc, .argv = argv, .cfg = &cfg, .hosts = &hosts,
				    .have_hosts = &have_hosts, .core = &core,
				    .core6 = dhcp6 ? &core6 : NULL, .root_fd = root_fd };
	while (!sig.stop) {
		if (sig.reload) {
			sig.reload = 0;
			server_reload(&live);
		}
		uint64_t now = ev_now_ms();
		int timeout = tftp_server_next_timeout(tftp, now);
		int ht = http ? http_server_next_timeout(http, now) : -1;
		if (ht >= 0 && (timeout < 0 || ht < timeout))
			timeout = ht;
		int lt = log_limit_next_timeout(log_limit_global(), now);
		if (lt >= 0 && (timeout < 0 || lt < timeout))
			timeout = lt;
		if (ev_run_once(&loop, timeout) < 0) {
			log_error("event loop failed");
			break;
		}
		now = ev_now_ms();
		tftp_server_tick(tftp, now);
		log_limit_tick(log_limit_global(), now);
		if (http)
			http_server_tick(http, now);
	}
	log_info("wireboot-server: stopping (signal %d)", sig.stop);
	https_server_close(https);
	ra_close(ra);
	http_server_close(http);
	dhcp_server_close(dhcp);
	dhcpv6_server_close(dhcp6);
	tftp_server_close(tftp);
	close(sig.fd);
	ev_close(&loop);
	lease_db_close(&leases);
	if (have_hosts)
		dhcpd_conf_free(&hosts);
	close(root_fd);
	return 0;
}
