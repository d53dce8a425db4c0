// SPDX-License-Identifier: GPL-2.0-or-later
/* PXELINUX's configuration file search order (see pxecfg_search.h). */
#include "loaders/pxecfg_search.h"

#include <stdbool.h>

#include "core/errors.h"
#include "core/printf.h"
#include "core/string.h"

/* Absolute in PXELINUX's url_type() sense: "proto://..." or "host::path" / "::path". */
static bool is_absolute(const char *name)
{
	const char *q = strchr(name, ':');
	return q && (q[1] == ':' || (q[1] == '/' && q[2] == '/'));
}

int pxecfg_path(const char *prefix, const char *name, char *buf, size_t size)
{
	if (is_absolute(name))
		prefix = "";
	int n = wb_snprintf(buf, size, "%s%s", prefix, name);
	return n < 0 || (size_t)n >= size ? -WB_ETOOBIG : 0;
}

/* get_prefix(): the boot file name up to its last character outside [0-9A-Za-z.-]. */
static void prefix_from_bootfile(const char *bootfile, char *out, size_t size)
{
	size_t len = strlen(bootfile);
	while (len) {
		char c = bootfile[len - 1];
		char l = (char)wb_tolower((unsigned char)c);
		if (!(wb_isdigit((unsigned char)c) || (l >= 'a' && l <= 'z') || c == '.' || c == '-'))
			break;
		len--;
	}
	if (len >= size)
		len = size - 1;
	memcpy(out, bootfile, len);
	out[len] = '\0';
}

static int add(struct pxecfg_search *out, const char *prefix, const char *name)
{
	if (out->count >= PXECFG_SEARCH_MAX)
		return -WB_ETOOBIG;
	int err = pxecfg_path(prefix, name, out->names[out->count], PXECFG_PATH_MAX);
	if (!err)
		out->count++;
	return err;
}

int pxecfg_search_build(const struct pxecfg_search_input *in, struct pxecfg_search *out)
{
	char name[64];
	int err;

	memset(out, 0, sizeof(*out));
	if (!in->hwaddr || !in->hwlen || in->hwlen > 16)
		return -WB_EINVAL;
	if (in->pathprefix) {
		if (strlen(in->pathprefix) >= sizeof(out->prefix))
			return -WB_ETOOBIG;
		wb_strlcpy(out->prefix, in->pathprefix, sizeof(out->prefix));
	} else if (in->bootfile) {
		prefix_from_bootfile(in->bootfile, out->prefix, sizeof(out->prefix));
	}

	if (in->configfile && in->configfile[0] && (err = add(out, out->prefix, in->configfile)))
		return err;

	const uint8_t *u = in->uuid;
	if (u && u[6] >= 0x10 && u[6] < 0xf0) {
		char text[WB_UUID_STRLEN];
		wb_snprintf(name, sizeof(name), "pxelinux.cfg/%s", wb_fmt_uuid(text, u));
		if ((err = add(out, out->prefix, name)))
			return err;
	}

	size_t n = (size_t)wb_snprintf(name, sizeof(name), "pxelinux.cfg/%02x", in->hwtype);
	for (unsigned i = 0; i < in->hwlen; i++)
		n += (size_t)wb_snprintf(name + n, sizeof(name) - n, "-%02x", in->hwaddr[i]);
	if ((err = add(out, out->prefix, name)))
		return err;

	const uint8_t *ip = (const uint8_t *)&in->client_ip; /* network order in memory */
	wb_snprintf(name, sizeof(name), "pxelinux.cfg/%02X%02X%02X%02X", ip[0], ip[1], ip[2], ip[3]);
	size_t end = strlen(name);
	for (int digits = 8; in->client_ip && digits >= 1; digits--, end--) {
		name[end] = '\0';
		if ((err = add(out, out->prefix, name)))
			return err;
	}
	return add(out, out->prefix, "pxelinux.cfg/default");
}
