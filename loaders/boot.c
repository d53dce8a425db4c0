// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The boot sequence (loaders/boot.h): DHCP -> pxelinux.cfg search -> parse -> choose ->
 * fetch kernel and initrds -> boot plan -> platform_boot().  Every step prints what it does
 * and, on failure, what failed and where.  Then:
 *  - a choice made at the keyboard that fails brings the menu (or boot: prompt) back;
 *  - ONERROR, when configured, runs once after a failed boot;
 *  - anything else ends at the error prompt: retry (also on its own after a while), menu,
 *    shell or local boot.  Esc at the boot: prompt opens the shell (loaders/shell.h).
 */
#include <stdarg.h>

#include "core/console.h"
#include "core/errors.h"
#include "core/heap.h"
#include "core/platform.h"
#include "core/printf.h"
#include "core/progress.h"
#include "core/string.h"
#include "core/time.h"
#include "loaders/boot.h"
#include "loaders/boot_plan.h"
#include "loaders/boot_kind.h"
#include "loaders/boot_session.h"
#include "loaders/com32_builtin.h"
#include "loaders/pxe_bootp.h"
#include "loaders/bzimage.h"
#include "loaders/initrd.h"
#include "loaders/menu.h"
#include "loaders/pe.h"
#include "loaders/multiboot_load.h"
#include "loaders/pxecfg.h"
#include "loaders/pxecfg_cmdline.h"
#include "loaders/pxecfg_search.h"
#include "loaders/signature.h"
#include "loaders/shell.h"
#include "net/dhcp_client.h"
#include "net/dns.h"
#include "net/http_client.h"
#include "net/netif.h"
#include "net/net_url.h"
#include "net/tftp_client.h"

#define BOOT_MAX_NETDEVS 8
#define BOOT_RETRY_PROMPT_MS 30000 /* the error prompt retries on its own after this */

const char *boot_stage_name(enum boot_stage stage)
{
	static const char *const names[] = {
		[BOOT_STAGE_NETDEV] = "network device",
		[BOOT_STAGE_DHCP] = "dhcp",
		[BOOT_STAGE_CONFIG_SEARCH] = "config search",
		[BOOT_STAGE_CONFIG] = "configuration",
		[BOOT_STAGE_CHOOSE] = "label",
		[BOOT_STAGE_KERNEL] = "kernel",
		[BOOT_STAGE_INITRD] = "initrd",
		[BOOT_STAGE_BOOT] = "boot",
		[BOOT_STAGE_DONE] = "done",
	};
	return (unsigned)stage < sizeof(names) / sizeof(names[0]) ? names[stage] : "?";
}

int boot_fail(struct boot_session *s, int err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	wb_vsnprintf(s->rep->error, sizeof(s->rep->error), fmt, ap);
	va_end(ap);
	s->rep->err = err;
	wb_printf("error: %s\n", s->rep->error);
	return err;
}

static uint8_t *image_reserve(void *ctx, uint8_t *old, size_t used, size_t size, bool exact,
			      size_t *cap)
{
	struct image_dest *d = ctx;
	(void)exact;
	uint8_t *p = platform_image_alloc(size, d->max_end, d->top_down);
	if (!p)
		return NULL;
	if (old) {
		memcpy(p, old, used);
		platform_image_free(d->buf, d->alloc_len);
	}
	d->buf = p;
	d->alloc_len = size;
	*cap = size;
	return p;
}

void image_release(struct image_dest *d)
{
	if (d->buf)
		platform_image_free(d->buf, d->alloc_len);
	d->buf = NULL;
	d->alloc_len = 0;
}

/* ---- fetching, over TFTP or HTTP ------------------------------------------------------- */

/* http:// or https:// (net/http_client.c handles both). */
static bool is_http(const char *path)
{
	return !strncasecmp(path, "http://", 7) || !strncasecmp(path, "https://", 8);
}

/*
 * "a.b.c.d::path", "::path" or "tftp://host[:port]/path" (host a dotted quad or [IPv6]):
 * the TFTP server, its port (0: 69) and the name it is asked for.
 */
static int tftp_target(struct boot_session *s, const char *path, struct ip_addr *server,
		       uint16_t *port, const char **name)
{
	*server = s->server;
	*port = 0;
	*name = path;
	if (strstr(path, "://")) {
		struct net_url u;
		if (net_url_parse(path, &u) < 0 || strcmp(u.scheme, "tftp") ||
		    !ip_addr_is_set(&u.addr) || !u.path[0])
			return -WB_ENOTSUP;
		*server = u.addr;
		*port = u.port;
		*name = u.path + 1;
		return 0;
	}
	uint32_t ip;
	if (pxe_bootp_split_path(path, name, &ip) < 0)
		return -WB_ENOTSUP;
	if (ip)
		*server = ip_addr_v4(ip);
	return 0;
}

int boot_fetch_unchecked(struct boot_session *s, const char *path, const struct tftp_dest *dest,
			 bool progress, struct fetch_result *res)
{
	const struct boot_options *o = s->opts;
	int err;

	memset(res, 0, sizeof(*res));
	if (!s->nif.dev || !s->have_lease) {
		wb_snprintf(res->error, sizeof(res->error), "%s: the network is not configured "
			    "(no DHCP lease)", path);
		return -WB_ENETUNREACH;
	}
	if (is_http(path) && o->file_source) {
		wb_snprintf(res->error, sizeof(res->error), "%s: HTTP is not available through %s "
			    "(TFTP only): name the file without http://", path, o->file_source->name);
		return -WB_ENOTSUP;
	}
	if (is_http(path)) {
		struct http_result *hr = wb_malloc(sizeof(*hr));
		if (!hr)
			return -WB_ENOMEM;
		err = http_get_ex(&s->nif, path, dest, progress ? HTTP_SHOW_PROGRESS : 0, hr);
		res->data = hr->data;
		res->len = hr->len;
		res->elapsed_us = hr->elapsed_us;
		wb_strlcpy(res->error, hr->error, sizeof(res->error));
		wb_free(hr);
		return err;
	}
	if (strstr(path, "://") && strncasecmp(path, "tftp://", 7)) {
		wb_snprintf(res->error, sizeof(res->error), "%s: only http://, https:// and tftp:// "
			    "URLs are supported", path);
		return -WB_ENOTSUP;
	}

	struct tftp_request req;
	struct tftp_result *tr = wb_malloc(sizeof(*tr));
	if (!tr)
		return -WB_ENOMEM;
	memset(&req, 0, sizeof(req));
	if ((err = tftp_target(s, path, &req.server, &req.server_port, &req.filename)) < 0) {
		wb_snprintf(res->error, sizeof(res->error), "%s: write the server as a.b.c.d::path "
			    "or tftp://a.b.c.d/path or tftp://[IPv6 address]/path", path);
	} else if (!ip_addr_is_set(&req.server)) {
		err = -WB_ENOCONFIG;
		wb_snprintf(res->error, sizeof(res->error), "%s: no TFTP server known (DHCP gave no "
			    "next-server or option 66)", path);
	} else {
		req.blksize = o->tftp_blksize;
		req.windowsize = o->tftp_windowsize;
		req.no_options = o->tftp_no_options;
		req.show_progress = progress;
		req.dest = *dest;
		err = o->file_source ? o->file_source->fetch(&req, tr) : tftp_fetch(&s->nif, &req, tr);
		while (err < 0 && !o->file_source && ip_addr_eq(&req.server, &s->server) &&
		       !tr->data && boot_servers_next(&s->servers, err, req.filename)) {
			s->server = req.server = s->servers.addrs[s->servers.current];
			ip_addr_fmt(s->server_str, &s->server);
			err = tftp_fetch(&s->nif, &req, tr);
		}
		res->data = tr->data;
		res->len = tr->len;
		res->elapsed_us = tr->elapsed_us;
		wb_strlcpy(res->error, tr->error, sizeof(res->error));
	}
	wb_free(tr);
	return err;
}

int boot_fetch(struct boot_session *s, const char *path, const struct tftp_dest *dest,
	       bool progress, struct fetch_result *res)
{
	int err = boot_fetch_unchecked(s, path, dest, progress, res);
	return err ? err : signature_require(s, path, res);
}

/* Fetch a text file (config, INCLUDE, DISPLAY) into the heap. */
static int fetch_text(struct boot_session *s, const char *path, char **text, size_t *len,
		      struct fetch_result *res)
{
	static const struct tftp_dest heap = { .reserve = tftp_reserve_heap };
	int err = boot_fetch(s, path, &heap, false, res);
	if (err) {
		wb_free(res->data);
		return err;
	}
	s->rep->files++;
	*text = (char *)res->data;
	*len = res->len;
	return 0;
}

/* pxecfg_fetch_fn for INCLUDE / DISPLAY: names are relative to the path prefix. */
static int include_fetch(void *ctx, const char *name, char **text, size_t *len)
{
	struct boot_session *s = ctx;
	char path[PXECFG_PATH_MAX];
	struct fetch_result *res = wb_malloc(sizeof(*res));
	if (!res)
		return -WB_ENOMEM;
	int err = pxecfg_path(s->prefix, name, path, sizeof(path));
	if (!err)
		err = fetch_text(s, path, text, len, res);
	if (err)
		wb_printf("%s: %s\n", path, res->error[0] ? res->error : wb_strerror(err));
	wb_free(res);
	return err;
}

/* Only the images with IPv6 link loaders/boot_net.c; the others always boot with an ACK. */
#pragma weak boot_session_program_ack

/* ---- DHCP ------------------------------------------------------------------------------- */

int boot_session_dhcp(struct boot_session *s, bool fresh)
{
	const struct boot_options *o = s->opts;
	struct dhcp_client_config cfg = { .client_arch = o->client_arch,
					  .vendor_class = o->vendor_class, .uuid = o->uuid,
					  .give_up = s->dhcp_give_up, .give_up_ctx = s };
	int err = -WB_ENOENT;

	s->rep->stage = BOOT_STAGE_DHCP;
	s->have_lease = false;
	if (!s->lease && !(s->lease = wb_zalloc(sizeof(*s->lease))))
		return boot_fail(s, -WB_ENOMEM, "out of memory");
	/* A file source has no network stack to run DHCP with: its ACK is the only one. */
	if (o->cached_ack && (!fresh || o->file_source))
		err = dhcp_lease_from_ack(o->cached_ack, o->cached_ack_len, s->lease);
	if (err && o->file_source)
		return boot_fail(s, err, "the firmware's DHCP reply is unusable (%s), and %s cannot "
				 "ask again: check the DHCP server's reply to the PXE ROM",
				 o->cached_ack ? wb_strerror(err) : "there is none", o->file_source->name);
	if (err && o->cached_ack && !fresh)
		wb_printf("dhcp: the firmware's DHCP reply is unusable (%s): asking again\n",
			  wb_strerror(err));
	if (err == 0)
		dhcp_lease_apply(&s->nif, s->lease);
	else if ((err = dhcp_configure(&s->nif, &cfg, s->lease)) == -WB_ECANCELED)
		return err; /* the give_up hook's choice: not a failure (loaders/boot_net.c) */
	else if (err)
		return boot_fail(s, err, "DHCP on %s: %s", s->dev->name, wb_strerror(err));
	s->have_lease = true;
	dns_configure(s->lease->dns, s->lease->dns_count, s->lease->domain);

	boot_servers_from_lease(&s->servers, o->file_source ? NULL : &s->nif, s->lease);
	s->server = s->servers.addrs[0];
	ip_addr_fmt(s->server_str, &s->server);
	char ip[WB_IPV4_STRLEN];
	wb_printf("dhcp: address %s, TFTP server %s, boot file \"%s\"\n",
		  wb_fmt_ipv4(ip, s->lease->client_ip), s->server_str, s->lease->boot_file);

	struct pxecfg_netinfo net = {
		.client_ip = s->lease->client_ip, .server_ip = s->server.v4,
		.gateway_ip = s->lease->gateway, .netmask = s->lease->netmask,
		.hwtype = 1, .hwlen = ETH_ALEN, .uuid = o->uuid,
	};
	memcpy(net.hwaddr, s->dev->mac, ETH_ALEN);
	pxecfg_sysappend_init(&s->sysappend, &net);
	return 0;
}

/* ---- configuration ---------------------------------------------------------------------- */

/*
 * A configuration that came over HTTP: relative names are under its directory, or under
 * the parent of a "pxelinux.cfg/" directory (the PXELINUX layout).
 */
static void prefix_from_config_url(struct boot_session *s, const char *url)
{
	char dir[PXECFG_PATH_MAX];
	wb_strlcpy(dir, url, sizeof(dir));
	char *slash = strrchr(dir + 7, '/');
	if (!slash)
		return;
	slash[1] = '\0';
	size_t n = strlen(dir);
	if (n >= 13 + 7 && !strcmp(dir + n - 13, "pxelinux.cfg/"))
		dir[n - 13] = '\0';
	wb_strlcpy(s->prefix, dir, sizeof(s->prefix));
	wb_printf("file names are relative to %s\n", s->prefix);
}

/*
 * SERIAL port [baud]: move the serial console where the config says; CONSOLE 0/1: video
 * output off/on.  As PXELINUX does.
 */
static void apply_console_directives(const struct pxecfg *cfg)
{
	console_set_video(cfg->console);
	if (!cfg->serial.set || cfg->serial.disabled)
		return;
	int err = platform_serial_configure(cfg->serial.port, cfg->serial.baud);
	if (err && err != -WB_ENOTSUP)
		wb_printf("warning: SERIAL %u %u: %s\n", (unsigned)cfg->serial.port,
			  (unsigned)cfg->serial.baud, wb_strerror(err));
}

/* Parse text (freed here) as the session's configuration. */
static int parse_config(struct boot_session *s, const char *name, char *text, size_t len)
{
	int err;
	s->rep->stage = BOOT_STAGE_CONFIG;
	pxecfg_free(s->cfg);
	s->config_name[0] = '\0';
	if (!(s->cfg = pxecfg_new(include_fetch, s))) {
		err = boot_fail(s, -WB_ENOMEM, "out of memory");
	} else {
		s->cfg->sysappend_info = &s->sysappend;
		err = pxecfg_parse(s->cfg, name, text, len);
		if (err) {
			boot_fail(s, err, "%s", s->cfg->error);
			pxecfg_free(s->cfg);
			s->cfg = NULL;
		}
	}
	wb_free(text);
	if (err)
		return err;
	wb_strlcpy(s->config_name, name, sizeof(s->config_name));
	apply_console_directives(s->cfg);
	for (size_t i = 0; i < s->cfg->nwarnings; i++)
		wb_printf("warning: %s\n", s->cfg->warnings[i]);
	if (s->cfg->nwarnings_total > s->cfg->nwarnings)
		wb_printf("warning: %zu more warnings\n",
			  s->cfg->nwarnings_total - s->cfg->nwarnings);
	return 0;
}

/* Try each pxelinux.cfg name in PXELINUX's order, printing each answer; the first found. */
static int search_config(struct boot_session *s, char **text, size_t *len, char *found,
			 struct fetch_result *res)
{
	const struct boot_options *o = s->opts;
	int err;

	struct pxecfg_search *search = wb_zalloc(sizeof(*search));
	if (!search)
		return boot_fail(s, -WB_ENOMEM, "out of memory");
	struct pxecfg_search_input in = {
		.hwaddr = s->dev->mac, .hwlen = ETH_ALEN, .hwtype = 1,
		.client_ip = s->lease->client_ip, .uuid = o->uuid,
		.bootfile = s->lease->boot_file[0] ? s->lease->boot_file : NULL,
		.configfile = s->lease->config_file[0] ? s->lease->config_file : NULL,
		.pathprefix = s->lease->path_prefix[0] ? s->lease->path_prefix : NULL,
	};
	if ((err = pxecfg_search_build(&in, search))) {
		boot_fail(s, err, "cannot build the configuration file names: %s", wb_strerror(err));
		goto out;
	}
	wb_strlcpy(s->prefix, search->prefix, sizeof(s->prefix));
	err = -WB_ENOCONFIG;
	for (int i = 0; i < search->count; i++) {
		const char *name = search->names[i];
		const char *where = is_http(name) ? "the web server" : s->server_str;
		err = fetch_text(s, name, text, len, res);
		if (err == 0) {
			wb_printf("%s: found on %s (%zu bytes)\n", name, where, *len);
			wb_strlcpy(found, name, PXECFG_PATH_MAX);
			goto out;
		}
		if (err == -WB_ENOENT) {
			wb_printf("%s: not found on %s\n", name, where);
		} else if (err == -WB_ETIMEDOUT || err == -WB_EHOSTUNREACH ||
			   err == -WB_ENOCONFIG) {
			/* every other name would fail just the same */
			boot_fail(s, err, "%s", res->error);
			goto out;
		} else {
			wb_printf("%s: %s\n", name, res->error);
		}
	}
	err = boot_fail(s, -WB_ENOCONFIG, "no configuration file on %s (tried %d names under "
			"\"%s\")", s->server_str, search->count, s->prefix);
out:
	wb_free(search);
	return err;
}

/* boot_session_config(); as_is: name is already the full path (not under the prefix). */
static int load_config(struct boot_session *s, const char *name, bool as_is)
{
	char *text = NULL;
	size_t len = 0;
	char found[PXECFG_PATH_MAX];
	int err;

	s->rep->stage = BOOT_STAGE_CONFIG_SEARCH;
	struct fetch_result *res = wb_malloc(sizeof(*res));
	if (!res)
		return boot_fail(s, -WB_ENOMEM, "out of memory");
	if (name) {
		if (as_is)
			err = wb_strlcpy(found, name, sizeof(found)) < sizeof(found) ? 0 : -WB_ETOOBIG;
		else
			err = pxecfg_path(s->prefix, name, found, sizeof(found));
		if (err) {
			boot_fail(s, err, "%s: name too long", name);
		} else if ((err = fetch_text(s, found, &text, &len, res))) {
			boot_fail(s, err, "%s", res->error);
		} else {
			wb_printf("%s: %zu bytes\n", found, len);
		}
	} else if (!s->opts->embedded_config) {
		err = search_config(s, &text, &len, found, res);
	} else {
		wb_strlcpy(found, "(embedded)", sizeof(found));
		text = wb_strdup(s->opts->embedded_config);
		len = text ? strlen(text) : 0;
		err = text ? 0 : boot_fail(s, -WB_ENOMEM, "out of memory");
	}
	wb_free(res);
	if (err)
		return err;
	if (is_http(found) && !is_http(s->prefix))
		prefix_from_config_url(s, found);
	return parse_config(s, found, text, len);
}

int boot_session_config(struct boot_session *s, const char *name)
{
	return load_config(s, name, false);
}

bool boot_next_word(const char **p, char *out, size_t size)
{
	const char *s = *p;
	size_t n;
	while (*s == ' ' || *s == '\t')
		s++;
	for (n = 0; s[n] && s[n] != ' ' && s[n] != '\t'; n++)
		;
	if (n >= size)
		return false;
	memcpy(out, s, n);
	out[n] = '\0';
	*p = s + n;
	return true;
}

int boot_session_switch_config(struct boot_session *s, const char *file, const char *args)
{
	char path[PXECFG_PATH_MAX], prefix[PXECFG_PATH_MAX], dir[PXECFG_PATH_MAX];
	int err;

	s->rep->stage = BOOT_STAGE_CONFIG_SEARCH;
	if (!file || !*file)
		return boot_fail(s, -WB_EINVAL, "CONFIG: no configuration file named (CONFIG file "
				 "[directory])");
	/* dir is the first word: ONERROR appends the DEFAULT command to its own */
	const char *rest = args ? args : "";
	if (!boot_next_word(&rest, dir, sizeof(dir)))
		return boot_fail(s, -WB_ETOOBIG, "CONFIG %s: directory name too long", file);
	/* As PXELINUX: the file is found from the current directory, then dir becomes it. */
	if (pxecfg_path(s->prefix, file, path, sizeof(path)))
		return boot_fail(s, -WB_ETOOBIG, "CONFIG %s: name too long", file);
	if (*dir) {
		size_t n;
		if (pxecfg_path(s->prefix, dir, prefix, sizeof(prefix)) ||
		    (n = strlen(prefix)) + 2 > sizeof(prefix))
			return boot_fail(s, -WB_ETOOBIG, "CONFIG %s %s: directory name too long",
					 file, dir);
		if (n && prefix[n - 1] != '/')
			wb_strlcat(prefix, "/", sizeof(prefix));
	} else {
		wb_strlcpy(prefix, s->prefix, sizeof(prefix));
	}
	wb_printf("CONFIG: switching to %s%s%s\n", path, *dir ? ", directory " : "",
		  *dir ? prefix : "");
	wb_strlcpy(s->prefix, prefix, sizeof(s->prefix));
	if ((err = load_config(s, path, true)))
		return err;
	return BOOT_CONFIG_SWITCHED;
}

/* ---- one boot attempt ------------------------------------------------------------------- */

int boot_fetch_image(struct boot_session *s, const char *name, struct image_dest *d)
{
	char path[PXECFG_PATH_MAX];
	struct tftp_dest dest = { .reserve = image_reserve, .ctx = d };
	int err;

	struct fetch_result *res = wb_malloc(sizeof(*res));
	if (!res)
		return boot_fail(s, -WB_ENOMEM, "out of memory");
	if ((err = pxecfg_path(s->prefix, name, path, sizeof(path)))) {
		wb_free(res);
		return boot_fail(s, err, "%s: name too long", name);
	}
	err = boot_fetch(s, path, &dest, true, res);
	if (err) {
		boot_fail(s, err, "%s", res->error);
	} else {
		struct boot_plan_file *f = &s->files[s->nfiles++];
		f->name = name;
		f->data = res->data;
		f->len = res->len;
		f->fetch_us = res->elapsed_us;
		s->rep->files++;
	}
	wb_free(res);
	return err;
}

/*
 * Several initrds: each is fetched into its own memory, then all are copied into one image
 * below the kernel's limit, 4 KiB aligned (loaders/initrd.h).
 */
static int concat_initrds(struct boot_session *s, struct boot_plan *plan, uint64_t limit)
{
	size_t n = s->boot.ninitrds, total = 0, cap = 0;
	struct image_dest *parts = wb_zalloc(n * sizeof(*parts));
	struct initrd_part *list = wb_zalloc(n * sizeof(*list));
	size_t *sizes = wb_zalloc(n * sizeof(*sizes));
	size_t *offsets = wb_zalloc(n * sizeof(*offsets));
	int err = 0;

	if (!parts || !list || !sizes || !offsets)
		err = boot_fail(s, -WB_ENOMEM, "out of memory");
	for (size_t i = 0; !err && i < n; i++) {
		parts[i] = (struct image_dest){ .max_end = UINT64_MAX, .top_down = 1 };
		err = boot_fetch_image(s, s->boot.initrds[i], &parts[i]);
		if (!err) {
			list[i].data = parts[i].buf;
			list[i].len = sizes[i] = s->files[1 + i].len;
		}
	}
	if (!err && (err = initrd_layout(sizes, n, offsets, &total)))
		boot_fail(s, err, "initrds: %s", wb_strerror(err));
	s->initrd = (struct image_dest){ .max_end = limit, .top_down = 1 };
	if (!err && !image_reserve(&s->initrd, NULL, 0, total ? total : 1, true, &cap))
		err = boot_fail(s, -WB_ETOOBIG, "initrds: no room for %zu bytes below 0x%llx (the "
				"kernel's initrd_addr_max)", total, (unsigned long long)limit);
	if (!err && (err = initrd_concat(s->initrd.buf, cap, list, n, &plan->initrd_len)))
		boot_fail(s, err, "initrds: %s", wb_strerror(err));
	if (!err) {
		plan->initrd = s->initrd.buf;
		for (size_t i = 0; i < n; i++) /* the plan's files now point into the image */
			s->files[1 + i].data = s->initrd.buf + offsets[i];
	}
	for (size_t i = 0; parts && i < n; i++)
		image_release(&parts[i]);
	wb_free(parts);
	wb_free(list);
	wb_free(sizes);
	wb_free(offsets);
	return err;
}

/* The initrds of a Linux kernel, below the kernel's limit. */
static int fetch_initrds(struct boot_session *s, struct boot_plan *plan)
{
	int err;

	s->rep->stage = BOOT_STAGE_INITRD;
	uint64_t limit = bzimage_initrd_limit(&plan->info, UINT64_MAX);
	if (s->boot.ninitrds == 1) {
		/* One initrd: received straight into its final place. */
		s->initrd = (struct image_dest){ .max_end = limit, .top_down = 1 };
		if ((err = boot_fetch_image(s, s->boot.initrds[0], &s->initrd))) {
			if (err == -WB_ETOOBIG)
				wb_printf("(the kernel takes initrds below 0x%llx only)\n",
					  (unsigned long long)limit);
			return err;
		}
		plan->initrd = s->initrd.buf;
		plan->initrd_len = s->files[1].len;
	} else if (s->boot.ninitrds > 1) {
		err = concat_initrds(s, plan, limit);
		if (err)
			return err;
	}
	return 0;
}

/* An EFI application: its PE header must parse (the platform checks the machine). */
static int check_efi_app(struct boot_session *s, struct boot_plan *plan)
{
	struct pe_info pe;
	int err = pe_parse(plan->kernel, plan->kernel_len, &pe);
	if (err)
		return boot_fail(s, err, "%s: not a usable EFI application: %s", s->boot.kernel,
				 wb_strerror(err));
	plan->pe_machine = pe.machine;
	plan->pe_subsystem = pe.subsystem;
	return 0;
}

/*
 * The file in the kernel's place; what it is (loaders/boot_kind.h) decides the rest: a Linux
 * kernel is validated and gets its initrds, other kinds are handed to the platform as they are.
 */
int boot_session_fetch_images(struct boot_session *s, struct boot_plan *plan)
{
	int err;

	s->files = wb_zalloc((1 + s->boot.ninitrds) * sizeof(*s->files));
	if (!s->files)
		return boot_fail(s, -WB_ENOMEM, "out of memory");

	s->rep->stage = BOOT_STAGE_KERNEL;
	s->kernel = (struct image_dest){ .max_end = UINT64_MAX, .top_down = 0 };
	if ((err = boot_fetch_image(s, s->boot.kernel, &s->kernel)) ||
	    (err = boot_gunzip_image(s, &s->kernel, &s->files[0])))
		return err;
	plan->kernel = s->kernel.buf;
	plan->kernel_len = s->files[0].len;
	if ((err = boot_kind_detect(s->boot.kernel, s->boot.kind == PXECFG_BOOT_PXE, plan->kernel,
				    plan->kernel_len, &plan->kind)))
		return boot_fail(s, err, "%s: not a bootable Linux kernel (no \"HdrS\" header: a "
				 "vmlinux or compressed file?), EFI application or Multiboot kernel; "
				 "a PXE program is known by its name (.0 .pxe .kpxe .com) or the PXE "
				 "keyword", s->boot.kernel);
	switch (plan->kind) {
	case BOOT_KIND_LINUX:
		if ((err = bzimage_parse(plan->kernel, plan->kernel_len, &plan->info)))
			return boot_fail(s, err, "%s: not a bootable Linux kernel: %s",
					 s->boot.kernel, wb_strerror(err));
		return fetch_initrds(s, plan);
	case BOOT_KIND_EFI_APP:
		if ((err = check_efi_app(s, plan)))
			return err;
		/* fall through */
	case BOOT_KIND_PXE:
		/* The program's path as DHCP would have named it, and its own arguments. */
		if ((err = pxecfg_path(s->prefix, s->boot.kernel, s->program_path,
				       sizeof(s->program_path))))
			return boot_fail(s, err, "%s: name too long", s->boot.kernel);
		plan->program_path = s->program_path;
		plan->cmdline = s->boot.args;
		if (plan->kind == BOOT_KIND_PXE && !s->lease->ack_len && boot_session_program_ack &&
		    (err = boot_session_program_ack(s)))
			return err;
		plan->dhcp_ack = s->lease->ack;
		plan->dhcp_ack_len = s->lease->ack_len;
		return 0;
	case BOOT_KIND_MULTIBOOT:
		return multiboot_load_label(s, plan);
	default:
		return boot_fail(s, -WB_ENOTSUP, "%s: a %s cannot be booted from a label yet",
				 s->boot.kernel, boot_kind_name(plan->kind));
	}
}

/* Without --fetch: what would be fetched. */
static void print_file_list(struct boot_session *s)
{
	char path[PXECFG_PATH_MAX];
	const char *from = s->server_str;

	pxecfg_path(s->prefix, s->boot.kernel, path, sizeof(path));
	wb_printf("would fetch kernel %s from %s\n", path, is_http(path) ? "the web server" : from);
	for (size_t i = 0; i < s->boot.ninitrds; i++) {
		pxecfg_path(s->prefix, s->boot.initrds[i], path, sizeof(path));
		wb_printf("would fetch initrd %s from %s\n", path,
			  is_http(path) ? "the web server" : from);
	}
	wb_printf("cmdline \"%s\"\n", s->boot.cmdline);
}

/* Free what one attempt allocated. */
static void attempt_release(struct boot_session *s)
{
	image_release(&s->kernel);
	image_release(&s->initrd);
	multiboot_release(s);
	wb_free(s->files);
	s->files = NULL;
	s->nfiles = 0;
	pxecfg_boot_free(&s->boot);
	memset(&s->boot, 0, sizeof(s->boot));
}

/* The plan for the command in s->boot: a built-in module, CONFIG, or a fetched file. */
static int prepare_plan(struct boot_session *s, struct boot_plan *plan)
{
	plan->cmdline = s->boot.cmdline;
	switch (s->boot.kind) {
	case PXECFG_BOOT_COM32:
		return com32_builtin_prepare(s, plan);
	case PXECFG_BOOT_CONFIG:
		return boot_session_switch_config(s, s->boot.kernel, s->boot.args);
	case PXECFG_BOOT_LOCALBOOT:
		return boot_fail(s, -WB_ENOTSUP, "LOCALBOOT cannot be the target of a module "
				 "(ifcpu64.c32): name a label that boots a file");
	default:
		return boot_session_fetch_images(s, plan);
	}
}

#define BOOT_MAX_REDIRECTS 8 /* ifcpu64.c32 -> label -> ifcpu64.c32 ... */

int boot_session_prepare_label(struct boot_session *s, const char *label,
			       struct boot_plan *plan)
{
	struct pxecfg_run run;
	char name[PXECFG_PATH_MAX];
	int err;

	if (++s->redirects > BOOT_MAX_REDIRECTS)
		return boot_fail(s, -WB_ELOOP, "%s: more than %d labels chained by modules",
				 label, BOOT_MAX_REDIRECTS);
	wb_strlcpy(name, label, sizeof(name)); /* label may point into s->boot */
	if ((err = pxecfg_resolve(s->cfg, name, PXECFG_FROM_PROMPT, &run)))
		return boot_fail(s, err, "%s: %s", name, err == -WB_ENOLABEL ? "no such label"
							 : wb_strerror(err));
	pxecfg_boot_free(&s->boot);
	memset(&s->boot, 0, sizeof(s->boot));
	if ((err = pxecfg_boot_build(s->cfg, &run, &s->boot)))
		return boot_fail(s, err, "%s", s->boot.error);
	wb_printf("label: %s\n", name);
	return prepare_plan(s, plan);
}

static int execute(struct boot_session *s, const struct pxecfg_run *run, bool timed_out)
{
	struct boot_plan plan;
	int err;

	s->rep->stage = BOOT_STAGE_CHOOSE;
	if ((err = pxecfg_boot_build(s->cfg, run, &s->boot)))
		return boot_fail(s, err, "%s", s->boot.error);
	const char *label = run->label ? run->label->name : s->boot.kernel;
	wb_strlcpy(s->rep->label, label, sizeof(s->rep->label));
	wb_printf("label: %s%s\n", label, timed_out ? " (after the timeout)" : "");

	if (s->boot.kind == PXECFG_BOOT_LOCALBOOT) {
		wb_printf("LOCALBOOT %d: back to the firmware\n", s->boot.local_type);
		if (s->opts->no_boot) {
			s->rep->stage = BOOT_STAGE_DONE;
			return 0;
		}
		s->rep->stage = BOOT_STAGE_BOOT;
		err = platform_local_boot(s->boot.local_type);
		return boot_fail(s, err, "LOCALBOOT %d failed: %s", s->boot.local_type,
				 wb_strerror(err));
	}
	if (s->opts->no_fetch) {
		print_file_list(s);
		s->rep->stage = BOOT_STAGE_DONE;
		return 0;
	}
	memset(&plan, 0, sizeof(plan));
	s->redirects = 0;
	if ((err = prepare_plan(s, &plan)))
		return err;
	plan.label = s->rep->label;
	plan.flags = s->opts->plan_flags;
	plan.files = s->files;
	plan.nfiles = s->nfiles;
	if (s->opts->no_boot) {
		boot_plan_print(&plan);
		s->rep->stage = BOOT_STAGE_DONE;
		return 0;
	}
	s->rep->stage = BOOT_STAGE_BOOT;
	err = platform_boot(&plan);
	return boot_fail(s, err, "booting %s: %s", s->boot.kernel, wb_strerror(err));
}

int boot_session_execute(struct boot_session *s, const struct pxecfg_run *run, bool timed_out)
{
	s->rep->err = 0;
	s->rep->error[0] = '\0';
	int err = execute(s, run, timed_out);
	attempt_release(s);
	return err;
}

/* ---- the sequence ----------------------------------------------------------------------- */

/* Netdev, DHCP (fresh or the firmware's) and the configuration search. */
static int session_start(struct boot_session *s, bool fresh)
{
	struct netdev *devs[BOOT_MAX_NETDEVS];

	pxecfg_free(s->cfg);
	s->cfg = NULL;
	s->config_name[0] = '\0';
	if (s->nif.dev)
		netif_shutdown(&s->nif);
	s->rep->stage = BOOT_STAGE_NETDEV;
	if (platform_netdevs(devs, BOOT_MAX_NETDEVS) < 1) {
		s->dev = NULL;
		return boot_fail(s, -WB_ENODEV, "no network device found");
	}
	s->dev = devs[0];
	netif_init(&s->nif, s->dev);
	const struct boot_options *o = s->opts;
	int err = o->net_configure ? o->net_configure(s, fresh) : boot_session_dhcp(s, fresh);
	return err ? err : boot_session_config(s, NULL);
}

/* What to boot: --label, what an unattended client boots, or the user's choice. */
static int choose(struct boot_session *s, unsigned flags, struct menu_choice *choice)
{
	const struct boot_options *o = s->opts;
	int err;

	s->rep->stage = BOOT_STAGE_CHOOSE;
	memset(choice, 0, sizeof(*choice));
	if (o->force_label && !(flags & MENU_AGAIN) && !s->config_switched)
		err = pxecfg_resolve(s->cfg, o->force_label, PXECFG_FROM_PROMPT, &choice->run);
	else if (o->no_input)
		err = menu_choose_unattended(s->cfg, choice);
	else
		err = menu_choose_ex(s->cfg, flags, choice);
	if (err && err != -WB_ECANCELED)
		boot_fail(s, err, "%s: %s", o->force_label ? o->force_label : "default",
			  err == -WB_ENOLABEL ? "no such label, and no DEFAULT or UI to boot"
					      : wb_strerror(err));
	return err;
}

/* The shell; true when the user asked for the menu again, false to leave boot_run(). */
static bool shell(struct boot_session *s, int *err)
{
	int r = shell_run(s);
	if (r == SHELL_MENU)
		return true;
	*err = r == SHELL_DONE ? 0 : r; /* a no_boot plan was made, or a local boot came back */
	return false;
}

/*
 * The menu (or boot:) and the boots it chooses, until one fails without someone at the
 * keyboard (returns that error), a no_boot run is done (0), or the user leaves through a
 * failed local boot from the shell (*leave set).
 */
static int interact(struct boot_session *s, unsigned flags, bool start_in_shell, bool *leave)
{
	int err = 0;

	for (;;) {
		if (start_in_shell || !s->cfg) {
			start_in_shell = false;
			if (!shell(s, &err)) {
				*leave = true;
				return err;
			}
			if (!s->cfg)
				return s->rep->err ? s->rep->err : -WB_ENOCONFIG;
			flags = MENU_AGAIN;
		}
		struct menu_choice c;
		err = choose(s, flags, &c);
		flags = MENU_AGAIN;
		if (err == -WB_ECANCELED) {
			start_in_shell = true;
			continue;
		}
		if (err)
			return err;
		err = boot_session_execute(s, &c.run, c.timed_out);
		struct pxecfg_run onerror;
		if (err && err != BOOT_CONFIG_SWITCHED && !s->opts->no_input &&
		    pxecfg_resolve_onerror(s->cfg, &onerror) == 0) {
			wb_printf("ONERROR: %s\n", onerror.command);
			err = boot_session_execute(s, &onerror, false);
		}
		if (err == BOOT_CONFIG_SWITCHED) {
			flags = 0; /* a new configuration: its own menu, timeout and DEFAULT */
			s->config_switched = true;
			continue;
		}
		if (!err || s->opts->no_input)
			return err;
		if (!c.by_key)
			return err;
		/* Someone chose it at the keyboard: the error is on screen, the menu comes back. */
	}
}

enum after_error { AFTER_RETRY, AFTER_MENU, AFTER_SHELL, AFTER_LEAVE };

/* After a failure: retry (R, or on its own after a while), menu, shell or local boot. */
static enum after_error error_prompt(struct boot_session *s)
{
	uint64_t deadline = time_now_us() + (uint64_t)BOOT_RETRY_PROMPT_MS * 1000;
	wb_printf("Press R to retry, %sS for the shell, L to boot from the next device "
		  "(retrying in %u s)\n", s->cfg ? "M for the menu, " : "",
		  BOOT_RETRY_PROMPT_MS / 1000);
	while (!time_after_us(time_now_us(), deadline)) {
		int key = console_getkey();
		if (key == 'r' || key == 'R' || key == '\r' || key == '\n')
			return AFTER_RETRY;
		if ((key == 'm' || key == 'M') && s->cfg)
			return AFTER_MENU;
		if (key == 's' || key == 'S' || key == 0x1b)
			return AFTER_SHELL;
		if (key == 'l' || key == 'L') {
			int err = platform_local_boot(0);
			wb_printf("local boot failed: %s\n", wb_strerror(err));
			return AFTER_LEAVE;
		}
	}
	return AFTER_RETRY;
}

int boot_run(const struct boot_options *opts)
{
	struct boot_report own_report;
	struct boot_session s;
	bool fresh = false, leave = false;
	int err;

	memset(&s, 0, sizeof(s));
	s.opts = opts;
	s.rep = opts->report ? opts->report : &own_report;
	memset(s.rep, 0, sizeof(*s.rep));
	for (;;) {
		memset(s.rep, 0, sizeof(*s.rep));
		err = session_start(&s, fresh);
		fresh = true; /* a retry asks the DHCP server again */
		if (!err)
			err = interact(&s, 0, false, &leave);
		while (err && !leave && !opts->no_input && !opts->no_boot) {
			enum after_error next = error_prompt(&s);
			if (next == AFTER_RETRY)
				break;
			if (next == AFTER_LEAVE)
				leave = true;
			else
				err = interact(&s, MENU_AGAIN, next == AFTER_SHELL, &leave);
		}
		if (!err || leave || opts->no_input || opts->no_boot)
			break;
	}
	attempt_release(&s);
	pxecfg_free(s.cfg);
	if (s.nif.dev)
		netif_shutdown(&s.nif);
	wb_free(s.lease);
	return err;
}
