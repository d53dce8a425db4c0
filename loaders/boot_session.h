/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The state of one boot_run() (loaders/boot.c) and the steps it is made of, shared with the
 * command shell (loaders/shell.c), which runs the same steps one by one.  Not a platform
 * contract: platforms only call boot_run().
 *
 * File names: a name from the configuration or the shell is made absolute with the path
 * prefix (loaders/pxecfg_search.h).  "http://a.b.c.d[:port]/path" is fetched over HTTP
 * (net/http_client.h), "a.b.c.d::path" / "::path" and "tftp://host[:port]/path" (host a dotted
 * quad or "[IPv6]") over TFTP from that server (or the boot server), anything else over TFTP
 * from the boot server.  A configuration file found over
 * HTTP makes its own directory the prefix (its parent when that is "pxelinux.cfg/"), so the
 * files it names relatively come from the same web server.
 */
#ifndef WB_LOADERS_BOOT_SESSION_H
#define WB_LOADERS_BOOT_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/printf.h"
#include "loaders/boot.h"
#include "loaders/boot_plan.h"
#include "loaders/boot_servers.h"
#include "loaders/pxecfg.h"
#include "loaders/pxecfg_cmdline.h"
#include "loaders/pxecfg_search.h"
#include "net/netif.h"
#include "net/tftp_client.h"

struct dhcp_lease;
struct multiboot_files;

/* Image memory handed out through tftp_dest: one allocation, grown by moving. */
struct image_dest {
	uint64_t max_end;
	int top_down;
	uint8_t *buf;
	size_t alloc_len;
};

struct boot_session {
	const struct boot_options *opts;
	struct boot_report *rep;
	struct netdev *dev;                /* NULL until a netdev was found */
	struct netif nif;
	struct dhcp_lease *lease;          /* owned */
	bool have_lease;
	struct ip_addr server;             /* TFTP boot server (either family); unset = none */
	struct boot_servers servers;       /* every IPv4 address of it (option 66 as a name) */
	char server_str[IP_ADDR_STRLEN];
	/* While DHCP waits for an offer: a reason to stop it (loaders/boot_net.c), or NULL. */
	const char *(*dhcp_give_up)(void *ctx);
	char prefix[PXECFG_PATH_MAX];      /* path prefix of relative names */
	char config_name[PXECFG_PATH_MAX]; /* the configuration in use, "" = none */
	struct pxecfg_sysappend sysappend;
	struct pxecfg *cfg;                /* owned; NULL = none loaded */
	/* One boot attempt (released by boot_attempt_release()): */
	struct pxecfg_boot boot;
	struct image_dest kernel;
	struct image_dest initrd;
	struct boot_plan_file *files;
	size_t nfiles;
	char program_path[PXECFG_PATH_MAX]; /* a chained program's path (boot_plan.program_path) */
	int redirects;                     /* labels chosen by modules in this attempt */
	bool config_switched;              /* CONFIG ran: --label no longer applies */
	struct multiboot_files *multiboot; /* a Multiboot kernel's modules (loaders/multiboot_load.h) */
};

/* boot_session_execute() after CONFIG: the new configuration is loaded, choose again. */
#define BOOT_CONFIG_SWITCHED 1

/* A fetched file, whatever the protocol. */
struct fetch_result {
	uint8_t *data;     /* the destination's buffer; the caller's also on failure */
	size_t len;
	uint64_t elapsed_us;
	char error[256];   /* what failed and where: "file not found: x on 10.0.0.1" */
};

/* Fetch path (absolute, see above) into dest; progress draws the progress line.  The file is
 * returned only when loaders/signature.h accepts it. */
int boot_fetch(struct boot_session *s, const char *path, const struct tftp_dest *dest,
	       bool progress, struct fetch_result *res);
/* The same without the signature check: for the .sig files themselves (loaders/signature.c). */
int boot_fetch_unchecked(struct boot_session *s, const char *path, const struct tftp_dest *dest,
			 bool progress, struct fetch_result *res);

/*
 * Fetch one image file (relative to the prefix) into d, with the progress line; it is
 * appended to s->files (room for it is the caller's).  Fails through boot_fail().
 */
int boot_fetch_image(struct boot_session *s, const char *name, struct image_dest *d);

/* Give d's memory back (nothing when it has none). */
void image_release(struct image_dest *d);

/*
 * A fetched image that is gzip (1f 8b) is replaced by its inflated content, in new image
 * memory under the same constraints (loaders/image_gzip.c), as mboot.c32 and GRUB do for
 * xen.gz; f (its entry in s->files) follows.  Anything else stays as it is.
 */
int boot_gunzip_image(struct boot_session *s, struct image_dest *d, struct boot_plan_file *f);

/* DHCP on the session's netdev: the firmware's cached ACK unless fresh, else a DHCP run. */
int boot_session_dhcp(struct boot_session *s, bool fresh);


/*
 * Load a configuration (replacing the current one): name NULL searches PXELINUX's names,
 * otherwise name (relative to the prefix, or absolute) is fetched and parsed.
 */
int boot_session_config(struct boot_session *s, const char *name);

/*
 * CONFIG file [dir] / config.c32: load file (relative to the current prefix) as the
 * configuration; dir (the first word of args, if any; later words are ignored, as ONERROR
 * appends the DEFAULT command) becomes the prefix (PXELINUX's working directory).
 * BOOT_CONFIG_SWITCHED, or a failure through boot_fail().
 */
int boot_session_switch_config(struct boot_session *s, const char *file, const char *args);

/* The next blank-separated word of *p into out, advancing *p; false when it does not fit. */
bool boot_next_word(const char **p, char *out, size_t size);

/*
 * A module chose another label (ifcpu64.c32): build that label's command into s->boot
 * (replacing the module's) and prepare its plan as execute would.  Loops end with -WB_ELOOP.
 */
int boot_session_prepare_label(struct boot_session *s, const char *label,
			       struct boot_plan *plan);

/*
 * Fetch s->boot.kernel (and, for a Linux kernel, its initrds) and fill plan by what the file
 * is (loaders/boot_kind.h); a COM32 built-in that names another file uses it too.  0, or the
 * failure recorded through boot_fail().
 */
int boot_session_fetch_images(struct boot_session *s, struct boot_plan *plan);

/*
 * Execute run: build the command line, fetch the kernel and initrds, hand the plan to
 * platform_boot() (or print it / the file list for no_boot / no_fetch runs, returning 0).
 * Returns the failure otherwise; the attempt's memory is released either way.
 */
int boot_session_execute(struct boot_session *s, const struct pxecfg_run *run, bool timed_out);

/* Record and print a failure of the current stage ("error: ..."); returns err. */
int boot_fail(struct boot_session *s, int err, const char *fmt, ...) WB_PRINTF(3, 4);

#endif
