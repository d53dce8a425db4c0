// SPDX-License-Identifier: GPL-2.0-or-later
/* `--check`: validate pxelinux.cfg files and what they name (see server/check.h). */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/errors.h"
#include "core/heap.h"
#include "core/string.h"
#include "loaders/bzimage.h"
#include "loaders/pxecfg.h"
#include "server/check.h"
#include "server/path.h"

#define CHECK_MAX_KERNEL (512u << 20)

/* Read a whole file under the root (at most `max` bytes) into a wb_malloc buffer. */
static int read_confined(int root_fd, const char *name, size_t max, char **out, size_t *len)
{
	uint64_t size;
	int fd = path_open_confined(root_fd, name, &size);

	if (fd < 0)
		return fd;
	if (size > max) {
		close(fd);
		return -WB_ETOOBIG;
	}
	char *buf = wb_malloc(size ? (size_t)size : 1);
	size_t got = 0;
	while (buf && got < size) {
		ssize_t n = pread(fd, buf + got, (size_t)size - got, (off_t)got);
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	if (!buf)
		return -WB_ENOMEM;
	*out = buf;
	*len = got;
	return 0;
}

/* INCLUDE and DISPLAY files come from the same root. */
static int fetch(void *ctx, const char *name, char **text, size_t *len)
{
	return read_confined(*(int *)ctx, name, PXECFG_MAX_TOTAL, text, len);
}

/* Extension-typed kernels that are not Linux (PXELINUX's KERNEL type rules). */
static bool is_linux_kernel(const struct pxecfg_label *l, const char *name)
{
	static const char *const other[] = { ".c32", ".cbt", ".0", ".bin", ".bs", ".bss", ".com", ".img" };
	if (l->type == PXECFG_KT_LINUX)
		return true;
	if (l->type != PXECFG_KT_KERNEL)
		return false;
	const char *dot = strrchr(name, '.');
	for (size_t i = 0; dot && i < sizeof(other) / sizeof(other[0]); i++)
		if (strcasecmp(dot, other[i]) == 0)
			return false;
	return true;
}

/* Check one file named by a label; returns 1 for an error. */
static int check_file(int root_fd, const char *where, const char *what, const char *name, bool bzimage)
{
	char *buf;
	size_t len;
	struct bzimage_info info;
	int err;

	if (!bzimage) {
		uint64_t size;
		int fd = path_open_confined(root_fd, name, &size);
		if (fd < 0) {
			printf("ERROR %s: %s '%s': %s\n", where, what, name, wb_strerror(fd));
			return 1;
		}
		close(fd);
		printf("ok    %s: %s '%s' (%llu bytes)\n", where, what, name, (unsigned long long)size);
		return 0;
	}
	if ((err = read_confined(root_fd, name, CHECK_MAX_KERNEL, &buf, &len)) < 0) {
		printf("ERROR %s: %s '%s': %s\n", where, what, name, wb_strerror(err));
		return 1;
	}
	err = bzimage_parse(buf, len, &info);
	wb_free(buf);
	if (err < 0) {
		printf("ERROR %s: %s '%s' is not a bootable bzImage: %s\n", where, what, name, wb_strerror(err));
		return 1;
	}
	printf("ok    %s: %s '%s' (bzImage, boot protocol %u.%02u%s%s)\n", where, what, name,
	       info.protocol >> 8, info.protocol & 0xff, info.version[0] ? ", " : "", info.version);
	return 0;
}

/* Each name of a comma list (INITRD a,b or initrd=a,b). */
static int check_list(int root_fd, const char *where, const char *list, size_t n)
{
	int errors = 0;
	char name[512];

	while (n) {
		size_t l = 0;
		while (l < n && list[l] != ',')
			l++;
		if (l && l < sizeof(name)) {
			memcpy(name, list, l);
			name[l] = '\0';
			errors += check_file(root_fd, where, "initrd", name, false);
		}
		list += l;
		n -= l;
		if (n) {
			list++;
			n--;
		}
	}
	return errors;
}

/* The kernel, INITRD and initrd= of one label. */
static int check_label(int root_fd, const char *file, const struct pxecfg_label *l)
{
	char where[300], kernel[512];
	int errors = 0;

	if (l->kind != PXECFG_ENTRY_LABEL || l->type == PXECFG_KT_LOCALBOOT || !l->kernel)
		return 0;
	snprintf(where, sizeof(where), "%s: label %s", file, l->name ? l->name : "?");
	size_t kl = strcspn(l->kernel, " \t");
	if (kl == 0 || kl >= sizeof(kernel))
		return 0;
	memcpy(kernel, l->kernel, kl);
	kernel[kl] = '\0';
	errors += check_file(root_fd, where, "kernel", kernel, is_linux_kernel(l, kernel));
	if (l->initrd)
		errors += check_list(root_fd, where, l->initrd, strlen(l->initrd));
	for (const char *p = l->append; p && (p = strstr(p, "initrd=")); p += 7) {
		if (p != l->append && p[-1] != ' ' && p[-1] != '\t')
			continue;
		errors += check_list(root_fd, where, p + 7, strcspn(p + 7, " \t"));
	}
	return errors;
}

/* Parse one configuration file and check its labels. */
static int check_config(int root_fd, const char *file)
{
	char *text;
	size_t len;
	int errors = 0, err;

	if ((err = read_confined(root_fd, file, PXECFG_MAX_TOTAL, &text, &len)) < 0) {
		printf("ERROR %s: %s\n", file, wb_strerror(err));
		return 1;
	}
	int fd = root_fd;
	struct pxecfg *cfg = pxecfg_new(fetch, &fd);
	if (!cfg) {
		wb_free(text);
		return 1;
	}
	err = pxecfg_parse(cfg, file, text, len);
	wb_free(text);
	for (size_t i = 0; i < cfg->nwarnings; i++)
		printf("warn  %s\n", cfg->warnings[i]);
	if (err < 0) {
		printf("ERROR %s\n", cfg->error);
		errors++;
	} else {
		size_t labels = 0;
		for (size_t i = 0; i < cfg->nentries; i++) {
			labels += cfg->entries[i].kind == PXECFG_ENTRY_LABEL;
			errors += check_label(root_fd, file, &cfg->entries[i]);
		}
		if (cfg->default_cmd && !pxecfg_find_label(cfg, cfg->default_cmd) && labels)
			printf("warn  %s: DEFAULT '%s' names no label (it is booted as a kernel)\n", file,
			       cfg->default_cmd);
		printf("ok    %s: %zu labels\n", file, labels);
	}
	pxecfg_free(cfg);
	return errors;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int check_tree(int root_fd)
{
	int dfd = openat(root_fd, "pxelinux.cfg", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0) {
		printf("ERROR pxelinux.cfg: no such directory under the root\n");
		return 1;
	}
	DIR *d = fdopendir(dfd);
	if (!d) {
		close(dfd);
		return 1;
	}
	char *names[1024];
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d)) && n < sizeof(names) / sizeof(names[0])) {
		if (e->d_name[0] == '.')
			continue;
		char path[300];
		snprintf(path, sizeof(path), "pxelinux.cfg/%s", e->d_name);
		names[n] = strdup(path);
		if (names[n])
			n++;
	}
	closedir(d);
	qsort(names, n, sizeof(names[0]), compare_names);
	int errors = 0;
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		if (fstatat(root_fd, names[i], &st, 0) == 0 && S_ISREG(st.st_mode))
			errors += check_config(root_fd, names[i]);
		free(names[i]);
	}
	if (n == 0)
		printf("warn  pxelinux.cfg/ is empty\n");
	printf("%s: %d error%s\n", errors ? "FAILED" : "passed", errors, errors == 1 ? "" : "s");
	return errors;
}
