/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pxechn.c32 (loaders/pxechn.h). */
#include "loaders/pxechn.h"

#include "core/errors.h"
#include "core/heap.h"
#include "core/string.h"
#include "loaders/boot_session.h"
#include "loaders/pxe_bootp.h"

int pxechn_prepare(struct boot_session *s, const char *args, struct boot_plan *plan)
{
	char file[sizeof(s->boot.kernel)];
	const char *p = args ? args : "";
	const char *name;
	uint32_t server;
	size_t n;

	while (*p == ' ')
		p++;
	if (*p == '-')
		return boot_fail(s, -WB_ENOTSUP, "pxechn.c32: options (%s) are not supported: "
				 "write `pxechn.c32 [server::]file`", p);
	for (n = 0; p[n] && p[n] != ' '; n++)
		;
	if (n == 0)
		return boot_fail(s, -WB_EINVAL, "pxechn.c32: no program named: write "
				 "`pxechn.c32 [server::]file`");
	if (n >= sizeof(file))
		return boot_fail(s, -WB_ETOOBIG, "pxechn.c32: the program's name is too long");
	memcpy(file, p, n);
	file[n] = '\0';
	for (const char *rest = p + n; *rest; rest++)
		if (*rest != ' ')
			return boot_fail(s, -WB_ENOTSUP, "pxechn.c32: arguments after the file (%s) "
					 "are not supported: write `pxechn.c32 [server::]file`", rest);
	if (pxe_bootp_split_path(file, &name, &server) < 0)
		return boot_fail(s, -WB_EINVAL, "pxechn.c32 %s: the server before \"::\" must be "
				 "an IPv4 address", file);
	if (!*name)
		return boot_fail(s, -WB_EINVAL, "pxechn.c32 %s: no file after \"::\"", file);
	char *none = wb_strdup("");
	if (!none)
		return boot_fail(s, -WB_ENOMEM, "out of memory");
	/* From here on the label is `PXE file`: the program itself, no arguments. */
	wb_strlcpy(s->boot.kernel, file, sizeof(s->boot.kernel));
	s->boot.kind = PXECFG_BOOT_PXE;
	wb_free(s->boot.args);
	s->boot.args = none;
	return boot_session_fetch_images(s, plan);
}
