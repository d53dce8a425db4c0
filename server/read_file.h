/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reading a whole (bounded) file into memory: configuration files, PXELINUX text. */
#ifndef WB_SERVER_READ_FILE_H
#define WB_SERVER_READ_FILE_H

#include <stddef.h>

/*
 * Read the regular file open on fd into a new wb_malloc() buffer (*out, wb_free() it) of
 * *len bytes plus a NUL.  A file that shrinks while read gives what was there.  Returns 0,
 * -WB_EIO (not a regular file, or a read error), -WB_ETOOBIG (over max bytes) or -WB_ENOMEM.
 * fd stays open.
 */
int read_whole_file(int fd, size_t max, char **out, size_t *len);

/* read_whole_file() of name under root_fd, opened with the TFTP server's confinement
 * (server/path.h): also the errors of path_open_confined(). */
int read_confined_file(int root_fd, const char *name, size_t max, char **out, size_t *len);

#endif
