// SPDX-License-Identifier: GPL-2.0-or-later
/* Dropping root for the configured user (see server/privileges.h). */
#include <grp.h>
#include <pwd.h>
#include <unistd.h>

#include "core/errors.h"
#include "core/string.h"
#include "server/privileges.h"

const char *privileges_target(const char *user)
{
	if (geteuid() != 0) {
		struct passwd *pw = getpwuid(geteuid());
		return pw ? pw->pw_name : "the current user";
	}
	return *user ? user : "nobody";
}

bool privileges_will_drop(const char *user)
{
	return geteuid() == 0 && strcmp(privileges_target(user), "root") != 0;
}

int privileges_drop(const char *user)
{
	if (!privileges_will_drop(user))
		return 0;
	struct passwd *pw = getpwnam(privileges_target(user));
	if (!pw)
		return -WB_EINVAL;
	if (setgroups(0, NULL) < 0 || setgid(pw->pw_gid) < 0 || setuid(pw->pw_uid) < 0)
		return -WB_EACCES;
	return 0;
}
