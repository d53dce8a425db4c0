// SPDX-License-Identifier: GPL-2.0-or-later
/* Crash-safe replacement of a state file (see server/atomic_file.h). */
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/errors.h"
#include "core/printf.h"
#include "core/string.h"
#include "server/atomic_file.h"

/* fsync() the directory holding `path`, so the rename itself is on disk. */
static int sync_dir(const char *path)
{
	char *copy = strdup(path);
	if (!copy)
		return -WB_ENOMEM;
	int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(copy);
	if (fd < 0)
		return -WB_EIO;
	int err = fsync(fd) < 0 ? -WB_EIO : 0;
	close(fd);
	return err;
}

int atomic_file_write(const char *path, void (*write_all)(FILE *f, const void *ctx), const void *ctx)
{
	char tmp[4096];

	if ((size_t)wb_snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= sizeof(tmp))
		return -WB_ETOOBIG;
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -WB_EIO;
	FILE *f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		return -WB_EIO;
	}
	write_all(f, ctx);
	int err = 0;
	if (fflush(f) != 0 || fsync(fd) < 0)
		err = -WB_EIO;
	if (fclose(f) != 0)
		err = -WB_EIO;
	if (!err && rename(tmp, path) < 0)
		err = -WB_EIO;
	if (err) {
		unlink(tmp);
		return err;
	}
	return sync_dir(path);
}
