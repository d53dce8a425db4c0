/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Crash-safe replacement of a small state file (the lease files): the new contents go to
 * "<path>.tmp", which is fsync()ed and renamed over `path`, then the directory is
 * fsync()ed, so a crash (kill -9, power loss) leaves either the old or the new file.
 */
#ifndef WB_SERVER_ATOMIC_FILE_H
#define WB_SERVER_ATOMIC_FILE_H

#include <stdio.h>

/* write_all(f, ctx) prints the whole contents.  0, or -WB_ETOOBIG (path too long) / -WB_EIO. */
int atomic_file_write(const char *path, void (*write_all)(FILE *f, const void *ctx), const void *ctx);

#endif
