/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The user wireboot-server serves files as.  Started as root it becomes `--user` (default
 * nobody) after binding its ports, with no supplementary groups; "root" keeps root; started
 * as anyone else it stays that user.  `--check` tests readability as the same user.
 */
#ifndef WB_SERVER_PRIVILEGES_H
#define WB_SERVER_PRIVILEGES_H

#include <stdbool.h>

/* The user the server will run as for the setting `user` ("" = nobody when root). */
const char *privileges_target(const char *user);
/* True when starting as the current user means changing to another one. */
bool privileges_will_drop(const char *user);
/* Become privileges_target(user) if privileges_will_drop(); 0, -WB_EINVAL (no such user), -WB_EACCES. */
int privileges_drop(const char *user);

#endif
