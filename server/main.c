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
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

#include "core/errors.h"
#include "core/printf.h"
#include "core/string.h"
#include "server/check.h"
#include "server/config.h"
#include "server/dhcp_server.h"
#include "server/event_loop.h"
#include "server/http_server.h"
#include "server/leases.h"
#include "server/log.h"
#include "server/path.h"
#include "server/privileges.h"
#include "server/log_limit.h"
#include "server/reload.h"
#include "server/signals.h"
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
		return check_tree(root_fd, &copt) ? 1 : 0;
	}
	if (!*cfg.interface) {
		fprintf(stderr, "wireboot-server: --interface IF is required (see --help)\n");
		return 2;
	}

	uint32_t ip = cfg.address, mask = 0;
	if ((err = interface_address(cfg.interface, &ip, &mask)) < 0) {
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
	if ((err = tftp_server_open(&tftp, &tcfg, &loop)) < 0) {
		fprintf(stderr, "wireboot-server: TFTP port %u: %s\n", cfg.tftp_port, wb_strerror(err));
		return 1;
	}
	struct dhcp_core core = {
		.cfg = { .server_ip = ip, .netmask = mask, .interface = cfg.interface },
		.leases = &leases,
	};
	server_dhcp_settings(&cfg, have_hosts ? &hosts : NULL, &core.cfg);
	struct dhcp_server *dhcp = NULL;
	if (!cfg.no_dhcp && (err = dhcp_server_open(&dhcp, &core, &loop)) < 0) {
		fprintf(stderr, "wireboot-server: DHCP on %s: %s\n", cfg.interface, wb_strerror(err));
		return 1;
	}
	struct http_server *http = NULL;
	if (cfg.http_port) {
		struct http_server_config hcfg = { .root_fd = root_fd, .port = cfg.http_port,
						   .interface = cfg.interface };
		if ((err = http_server_open(&http, &hcfg, &loop)) < 0) {
			fprintf(stderr, "wireboot-server: HTTP port %u: %s\n", cfg.http_port, wb_strerror(err));
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
	log_info("wireboot-server: root %s on %s %s/%s; dhcp %s%s; tftp port %u; http port %u%s",
		 cfg.root, cfg.interface, wb_fmt_ipv4(ips, ip), wb_fmt_ipv4(masks, mask),
		 cfg.no_dhcp ? "off" : cfg.proxy ? "proxy" : "on", range, cfg.tftp_port, cfg.http_port,
		 cfg.http_port ? "" : " (off)");

	struct server_live live = { .argc = argc, .argv = argv, .cfg = &cfg, .hosts = &hosts,
				    .have_hosts = &have_hosts, .core = &core, .root_fd = root_fd };
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
	http_server_close(http);
	dhcp_server_close(dhcp);
	tftp_server_close(tftp);
	close(sig.fd);
	ev_close(&loop);
	lease_db_close(&leases);
	if (have_hosts)
		dhcpd_conf_free(&hosts);
	close(root_fd);
	return 0;
}
