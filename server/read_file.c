// SPDX-License-Identifier: GPL-2.0-or-later
/* See server/read_file.h. */
#include <errno.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/errors.h"
#include "core/heap.h"
#include "server/path.h"
#include "server/read_file.h"

int read_whole_file(int fd, size_t max, char **out, size_t *len)
{
	struct stat st;

	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))
		return -WB_EIO;
	if ((uint64_t)st.st_size > max)
		return -WB_ETOOBIG;
	size_t size = (size_t)st.st_size, got = 0;
	char *buf = wb_malloc(size + 1);
	if (!buf)
		return -WB_ENOMEM;
	while (got < size) {
		ssize_t n = pread(fd, buf + got, size - got, (off_t)got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			wb_free(buf);
			return -WB_EIO;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	buf[got] = '\0';
	*out = buf;
	*len = got;
	return 0;
}

int read_confined_file(int root_fd, const char *name, size_t max, char **out, size_t *len)
{
	uint64_t size;
	int fd = path_open_confined(root_fd, name, &size);
	if (fd < 0)
		return fd;
	int err = read_whole_file(fd, max, out, len);
	close(fd);
	return err;
}
