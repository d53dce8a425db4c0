// SPDX-License-Identifier: GPL-2.0-or-later
/* SIGHUP reload of settings, hosts file and root (see server/reload.h). */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

#include "core/errors.h"
#include "server/log.h"
#include "server/reload.h"

#define FIELD(name, field, is_string) { name, offsetof(struct server_config, field), \
			     sizeof(((struct server_config *)0)->field), is_string }

/* Settings bound to sockets or privileges at start: a reload keeps them. */
static const struct {
	const char *name;
	size_t offset, size;
	bool string; /* compared up to the NUL: the bytes after it are whatever was there */
} restart_only[] = {
	FIELD("interface", interface, true), FIELD("address", address, false),
	FIELD("tftp-port", tftp_port, false), FIELD("http-port", http_port, false),
	FIELD("proxy", proxy, false), FIELD("no-dhcp", no_dhcp, false), FIELD("dhcp6", dhcp6, false),
	FIELD("lease-file", lease_file, true), FIELD("user", user, true),
	FIELD("tftp-max-blksize", tftp_max_blksize, false),
	FIELD("max-transfers", max_transfers, false), FIELD("max-per-client", max_per_client, false),
};

void server_dhcp_settings(const struct server_config *cfg, const struct dhcpd_conf *hosts,
			  struct dhcp_server_config *out)
{
	out->range_lo = cfg->range_lo;
	out->range_hi = cfg->range_hi;
	out->scope = cfg->scope;
	out->conf = hosts;
	out->proxy = cfg->proxy;
	out->bios_file = cfg->bios_file;
	out->efi64_file = cfg->efi_file;
	out->efi32_file = *cfg->efi32_file ? cfg->efi32_file : NULL;
	out->replace_pxelinux = cfg->replace_pxelinux;
	out->pxe_config_file = *cfg->pxe_config_file ? cfg->pxe_config_file : NULL;
	out->pxe_path_prefix = *cfg->pxe_path_prefix ? cfg->pxe_path_prefix : NULL;
	out->http_port = cfg->http_port; /* UEFI HTTP Boot URLs */
}

void server_dhcpv6_settings(const struct server_config *cfg, const struct dhcpd_conf *hosts,
			    struct dhcpv6_server_config *out)
{
	out->has_range = cfg->range6.set;
	memcpy(out->range_lo, cfg->range6.lo, 16);
	memcpy(out->range_hi, cfg->range6.hi, 16);
	memcpy(out->dns, cfg->dns6.a, sizeof(out->dns));
	out->n_dns = cfg->dns6.n;
	out->conf = hosts;
	out->files = (struct boot_files){
		.bios_file = cfg->bios_file, .efi64_file = cfg->efi_file,
		.efi32_file = *cfg->efi32_file ? cfg->efi32_file : NULL,
		.replace_pxelinux = cfg->replace_pxelinux, .http_port = cfg->http_port,
	};
}

static void hosts_warning(void *ctx, unsigned line, const char *msg)
{
	log_warn("reload: %s:%u: %s", (const char *)ctx, line, msg);
}

int server_reload(struct server_live *live)
{
	struct server_config next;
	struct dhcpd_conf hosts;
	char err_msg[512];
	int err, root_fd;

	config_defaults(&next);
	if ((err = config_parse_args(&next, live->argc, live->argv, err_msg, sizeof(err_msg))) < 0) {
		log_error("reload: %s: keeping the running configuration", err_msg);
		return err;
	}
	for (size_t i = 0; i < sizeof(restart_only) / sizeof(restart_only[0]); i++) {
		char *now = (char *)live->cfg + restart_only[i].offset;
		char *want = (char *)&next + restart_only[i].offset;
		if (restart_only[i].string ? strncmp(now, want, restart_only[i].size)
					   : memcmp(now, want, restart_only[i].size)) {
			log_warn("reload: '%s' changed: that takes a restart; keeping the running value",
				 restart_only[i].name);
			memcpy(want, now, restart_only[i].size);
		}
	}
	root_fd = open(next.root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (root_fd < 0) {
		log_error("reload: root %s: %s: keeping the running configuration", next.root,
			  strerror(errno));
		return -WB_ENOENT;
	}
	if (*next.hosts && (err = dhcpd_conf_load(next.hosts, &hosts, hosts_warning, next.hosts)) < 0) {
		log_error("reload: hosts %s: %s: keeping the running configuration", next.hosts,
			  wb_strerror(err));
		close(root_fd);
		return err;
	}

	/* Nothing can fail from here on: switch. */
	dup3(root_fd, live->root_fd, O_CLOEXEC); /* same number: TFTP and HTTP see the new tree */
	close(root_fd);
	if (*live->have_hosts)
		dhcpd_conf_free(live->hosts);
	*live->have_hosts = *next.hosts != '\0';
	if (*live->have_hosts)
		*live->hosts = hosts;
	*live->cfg = next;
	server_dhcp_settings(live->cfg, *live->have_hosts ? live->hosts : NULL, &live->core->cfg);
	if (live->core6)
		server_dhcpv6_settings(live->cfg, *live->have_hosts ? live->hosts : NULL, &live->core6->cfg);
	log_set_level(live->cfg->log_level);
	if (*live->have_hosts)
		log_info("reload: root %s; %s: %u hosts, %u subnets", live->cfg->root, live->cfg->hosts,
			 live->hosts->n_hosts, live->hosts->n_subnets);
	else
		log_info("reload: root %s; no hosts file", live->cfg->root);
	return 0;
}
