// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Path confinement (see server/path.h): a lexical pass that refuses what no served file can
 * be called, then one openat2() call that the kernel keeps beneath the root.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "core/errors.h"
#include "core/string.h"
#include "server/path.h"

int path_normalize(const char *request, char *out, size_t cap)
{
	size_t n = 0;
	const char *p = request;

	if (cap == 0)
		return -WB_ETOOBIG;
	for (;;) {
		while (*p == '/' || *p == '\\')
			p++;
		if (*p == '\0')
			break;
		/* One component: up to the next separator. */
		const char *c = p;
		while (*p && *p != '/' && *p != '\\') {
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				return -WB_EACCES;
			p++;
		}
		size_t len = (size_t)(p - c);
		if (len == 1 && c[0] == '.')
			continue;
		if (len == 2 && c[0] == '.' && c[1] == '.')
			return -WB_EACCES;
		if (n + (n ? 1 : 0) + len >= cap)
			return -WB_ETOOBIG;
		if (n)
			out[n++] = '/';
		memcpy(out + n, c, len);
		n += len;
	}
	if (n == 0)
		return -WB_EACCES;
	out[n] = '\0';
	return 0;
}

/* openat2(2) has no glibc wrapper in every distribution: call it directly. */
static int openat2_beneath(int dirfd, const char *path, uint64_t flags)
{
	struct open_how how = {
		.flags = flags,
		.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS,
	};
	return (int)syscall(SYS_openat2, dirfd, path, &how, sizeof(how));
}

int path_check_support(int root_fd)
{
	int fd = openat2_beneath(root_fd, ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -WB_ENOTSUP;
	char self[48];
	snprintf(self, sizeof(self), "/proc/self/fd/%d", fd);
	int ok = access(self, F_OK) == 0;
	close(fd);
	return ok ? 0 : -WB_ENOTSUP;
}

int path_open_confined(int root_fd, const char *request, uint64_t *size)
{
	char rel[PATH_REQUEST_MAX];
	struct stat st;
	int err = path_normalize(request, rel, sizeof(rel));

	if (err)
		return err;
	/*
	 * O_PATH first: opening a device node for reading can have effects (a tape rewinds),
	 * so the type is checked before the file is really opened, through the O_PATH handle.
	 */
	int pfd = openat2_beneath(root_fd, rel, O_PATH | O_CLOEXEC);
	if (pfd < 0) {
		switch (errno) {
		case ENOENT:
		case ENOTDIR:
			return -WB_ENOENT;
		case EXDEV:  /* resolution tried to leave the root */
		case ELOOP:  /* symlink loop, or a magic link */
		case EACCES:
		case EPERM:
			return -WB_EACCES;
		case ENAMETOOLONG:
			return -WB_ETOOBIG;
		default:
			return -WB_EIO;
		}
	}
	if (fstat(pfd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(pfd);
		return -WB_EACCES;
	}
	char self[48];
	snprintf(self, sizeof(self), "/proc/self/fd/%d", pfd);
	int fd = open(self, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	int open_errno = errno;
	close(pfd);
	if (fd < 0)
		return open_errno == EACCES || open_errno == EPERM ? -WB_EACCES : -WB_EIO;
	if (fstat(fd, &st) < 0) {
		close(fd);
		return -WB_EIO;
	}
	*size = (uint64_t)st.st_size;
	return fd;
}
