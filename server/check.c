// SPDX-License-Identifier: GPL-2.0-or-later
/* `--check`: validate pxelinux.cfg files and what they name (see server/check.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/errors.h"
#include "core/heap.h"
#include "core/string.h"
#include "loaders/boot_kind.h"
#include "loaders/bzimage.h"
#include "loaders/pxecfg.h"
#include "server/check.h"
#include "server/check_signature.h"
#include "server/path.h"
#include "server/privileges.h"
#include "server/read_file.h"

#define CHECK_MAX_KERNEL (512u << 20)

/* INCLUDE and DISPLAY files come from the same root. */
static int fetch(void *ctx, const char *name, char **text, size_t *len)
{
	return read_confined_file(*(int *)ctx, name, PXECFG_MAX_TOTAL, text, len);
}

/*
 * Extension-typed kernels that are not Linux (PXELINUX's KERNEL type rules), and PXE boot
 * programs, which wireboot chains by their names (loaders/boot_kind.h).
 */
static bool is_linux_kernel(const struct pxecfg_label *l, const char *name)
{
	static const char *const other[] = { ".c32", ".cbt", ".bin", ".bs", ".bss", ".img" };
	if (l->type == PXECFG_KT_LINUX)
		return true;
	if (l->type != PXECFG_KT_KERNEL || boot_kind_pxe_name(name)) /* chained, not parsed */
		return false;
	const char *dot = strrchr(name, '.');
	for (size_t i = 0; dot && i < sizeof(other) / sizeof(other[0]); i++)
		if (strcasecmp(dot, other[i]) == 0)
			return false;
	return true;
}

/*
 * The readability probe: a child process that has become the server's user and opens files
 * under the root exactly as the running server would.  Without privileges to drop (not
 * root, or --user root) there is no child: this process's own permissions are the server's.
 */
struct probe {
	pid_t pid;        /* 0: no child */
	int sock;
	const char *user; /* for messages */
	const struct signers *signers; /* --signer: every file must be signed; NULL: no check */
};

/* With --signer: name must have a valid name.sig (server/check_signature.h); 1 for an error. */
static int check_signed(const struct probe *p, int root_fd, const char *where, const char *name)
{
	if (!p->signers)
		return 0;
	int err = signers_verify(p->signers, root_fd, name);
	if (err == -WB_ENOENT)
		printf("ERROR %s'%s' is not signed: no %s.sig (scripts/wireboot-sign)\n", where, name, name);
	else if (err == -WB_ESIG)
		printf("ERROR %s'%s.sig' is not a valid signature of '%s' by the --signer key(s) "
		       "(modified after signing, or signed with another key)\n", where, name, name);
	else if (err < 0)
		printf("ERROR %s'%s.sig': %s\n", where, name, wb_strerror(err));
	else
		printf("ok    %s'%s' signed\n", where, name);
	return err < 0;
}

static void probe_serve(int sock, int root_fd, const char *user)
{
	char name[PATH_REQUEST_MAX + 1];
	int result = privileges_drop(user);
	ssize_t n;

	if (send(sock, &result, sizeof(result), 0) < 0 || result < 0)
		return;
	while ((n = recv(sock, name, sizeof(name) - 1, 0)) > 0) {
		uint64_t size;
		name[n] = '\0';
		int fd = path_open_confined(root_fd, name, &size);
		result = fd < 0 ? fd : 0;
		if (fd >= 0)
			close(fd);
		if (send(sock, &result, sizeof(result), 0) < 0)
			return;
	}
}

/* Start the probe; 1 for an error (the user cannot be become), else 0. */
static int probe_start(struct probe *p, int root_fd, const char *user)
{
	int sv[2], result = -WB_EIO;

	p->pid = 0;
	p->sock = -1;
	p->user = privileges_target(user);
	if (!privileges_will_drop(user))
		return 0;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return 0;
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		close(sv[0]);
		probe_serve(sv[1], root_fd, user);
		_exit(0);
	}
	close(sv[1]);
	if (pid < 0 || recv(sv[0], &result, sizeof(result), 0) != sizeof(result) || result < 0) {
		close(sv[0]);
		if (pid > 0)
			waitpid(pid, NULL, 0);
		printf("ERROR cannot become user %s to test what it can read: %s\n", p->user,
		       result == -WB_EINVAL ? "no such user (see --user)" : wb_strerror(result));
		return 1;
	}
	p->pid = pid;
	p->sock = sv[0];
	return 0;
}

/* Can the server's user open `name`?  0 or a negative WB_E* (0 without a probe). */
static int probe_open(struct probe *p, const char *name)
{
	int result = -WB_EIO;

	if (!p->pid)
		return 0;
	if (send(p->sock, name, strlen(name), 0) < 0 || recv(p->sock, &result, sizeof(result), 0) != sizeof(result))
		return -WB_EIO;
	return result;
}

static void probe_stop(struct probe *p)
{
	if (!p->pid)
		return;
	close(p->sock);
	waitpid(p->pid, NULL, 0);
	p->pid = 0;
}

/* After this process could read `name`: may the server's user?  Returns 1 for an error. */
static int check_readable(struct probe *p, const char *where, const char *what, const char *name)
{
	int err = probe_open(p, name);

	if (err == 0)
		return 0;
	if (err == -WB_EACCES)
		printf("ERROR %s%s'%s': not readable by user %s, which wireboot-server serves files as "
		       "(make it and its directories readable: chmod a+r / a+x, or set --user)\n",
		       where, what, name, p->user);
	else
		printf("ERROR %s%s'%s': user %s cannot open it: %s\n", where, what, name, p->user,
		       wb_strerror(err));
	return 1;
}

/* Check one file named by a label; returns 1 for an error. */
static int check_file(struct probe *p, int root_fd, const char *where, const char *what,
		      const char *name, bool bzimage)
{
	char *buf, prefix[400];
	size_t len;
	struct bzimage_info info;
	int err;

	snprintf(prefix, sizeof(prefix), "%s: %s ", where, what);
	if (!bzimage) {
		uint64_t size;
		int fd = path_open_confined(root_fd, name, &size);
		if (fd < 0) {
			printf("ERROR %s: %s '%s': %s\n", where, what, name, wb_strerror(fd));
			return 1;
		}
		close(fd);
		if (check_readable(p, prefix, "", name))
			return 1;
		printf("ok    %s: %s '%s' (%llu bytes)\n", where, what, name, (unsigned long long)size);
		return check_signed(p, root_fd, prefix, name);
	}
	if ((err = read_confined_file(root_fd, name, CHECK_MAX_KERNEL, &buf, &len)) < 0) {
		printf("ERROR %s: %s '%s': %s\n", where, what, name, wb_strerror(err));
		return 1;
	}
	err = bzimage_parse(buf, len, &info);
	wb_free(buf);
	if (err < 0) {
		printf("ERROR %s: %s '%s' is not a bootable bzImage: %s\n", where, what, name, wb_strerror(err));
		return 1;
	}
	if (check_readable(p, prefix, "", name))
		return 1;
	printf("ok    %s: %s '%s' (bzImage, boot protocol %u.%02u%s%s)\n", where, what, name,
	       info.protocol >> 8, info.protocol & 0xff, info.version[0] ? ", " : "", info.version);
	return check_signed(p, root_fd, prefix, name);
}

/* Each name of a comma list (INITRD a,b or initrd=a,b). */
static int check_list(struct probe *p, int root_fd, const char *where, const char *list, size_t n)
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
			errors += check_file(p, root_fd, where, "initrd", name, false);
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
static int check_label(struct probe *p, int root_fd, const char *file, const struct pxecfg_label *l)
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
	errors += check_file(p, root_fd, where, "kernel", kernel, is_linux_kernel(l, kernel));
	if (l->initrd)
		errors += check_list(p, root_fd, where, l->initrd, strlen(l->initrd));
	for (const char *a = l->append; a && (a = strstr(a, "initrd=")); a += 7) {
		if (a != l->append && a[-1] != ' ' && a[-1] != '\t')
			continue;
		errors += check_list(p, root_fd, where, a + 7, strcspn(a + 7, " \t"));
	}
	return errors;
}

/* Why label `e` can never be chosen (the rules in check.h), or NULL when it can. */
static const char *unreachable(const struct pxecfg *cfg, const struct pxecfg_label *e, char *buf,
			       size_t cap)
{
	const struct pxecfg_label *first = pxecfg_find_label(cfg, e->name);
	if (first != e) {
		snprintf(buf, cap, "LABEL %s at line %u has the same name and is always the one booted",
			 first->name, first->line);
		return buf;
	}
	const char *refs[] = { cfg->default_cmd, cfg->global_default, cfg->ontimeout, cfg->onerror };
	for (size_t i = 0; i < sizeof(refs) / sizeof(refs[0]); i++)
		if (refs[i] && pxecfg_find_label(cfg, refs[i]) == e)
			return NULL;
	if (pxecfg_wants_menu(cfg)) {
		bool can_type = (cfg->allowoptions && !cfg->menu_noedit) || !cfg->noescape;
		if (!e->hidden || can_type)
			return NULL;
		return "MENU HIDE keeps it out of the menu, and with editing off (MENU NOEDIT or "
		       "ALLOWOPTIONS 0) and NOESCAPE 1 its name cannot be typed either";
	}
	if (cfg->prompt || !cfg->default_cmd)
		return NULL;
	snprintf(buf, cap, "PROMPT 0 boots DEFAULT '%s' without showing the boot: prompt%s; "
		 "use PROMPT 1 or a menu (DEFAULT menu.c32) to choose it", cfg->default_cmd,
		 cfg->noescape ? " (NOESCAPE 1: never)" : " unless a key is already pressed");
	return buf;
}

/* Parse one configuration file and check its labels. */
static int check_config(struct probe *p, int root_fd, const char *file)
{
	char *text, why[400];
	size_t len;
	int errors = 0, err;

	if ((err = read_confined_file(root_fd, file, PXECFG_MAX_TOTAL, &text, &len)) < 0) {
		printf("ERROR %s: %s\n", file, wb_strerror(err));
		return 1;
	}
	errors += check_readable(p, "", "", file);
	errors += check_signed(p, root_fd, "", file);
	int fd = root_fd;
	struct pxecfg *cfg = pxecfg_new(fetch, &fd);
	if (!cfg) {
		wb_free(text);
		return errors + 1;
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
			const struct pxecfg_label *e = &cfg->entries[i];
			if (e->kind != PXECFG_ENTRY_LABEL)
				continue;
			labels++;
			errors += check_label(p, root_fd, file, e);
			const char *reason = e->name ? unreachable(cfg, e, why, sizeof(why)) : NULL;
			if (reason)
				printf("warn  %s:%u: label %s is unreachable: %s\n", file, e->line, e->name,
				       reason);
		}
		if (cfg->default_cmd && !pxecfg_find_label(cfg, cfg->default_cmd) && labels &&
		    !pxecfg_wants_menu(cfg))
			printf("warn  %s: DEFAULT '%s' names no label (it is booted as a kernel)\n", file,
			       cfg->default_cmd);
		printf("ok    %s: %zu labels\n", file, labels);
	}
	pxecfg_free(cfg);
	return errors;
}

/* The files the DHCP server hands out: a missing one is a warning, an unreadable one an error. */
static int check_boot_files(struct probe *p, int root_fd, const struct check_options *opt)
{
	static const char *const setting[] = { "bios-file", "efi-file", "efi32-file" };
	int errors = 0;

	for (size_t i = 0; i < sizeof(setting) / sizeof(setting[0]); i++) {
		const char *name = opt->boot_files[i];
		uint64_t size;
		if (!name || !*name)
			continue;
		int fd = path_open_confined(root_fd, name, &size);
		if (fd < 0) {
			printf("warn  boot file '%s' (--%s): %s: clients given it cannot start\n", name,
			       setting[i], wb_strerror(fd));
			continue;
		}
		close(fd);
		char where[64];
		snprintf(where, sizeof(where), "boot file (--%s) ", setting[i]);
		if (!check_readable(p, where, "", name))
			printf("ok    boot file '%s' (%llu bytes)\n", name, (unsigned long long)size);
		else
			errors++;
	}
	return errors;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int check_tree(int root_fd, const struct check_options *opt)
{
	struct probe probe;
	int errors = probe_start(&probe, root_fd, opt->user);
	probe.signers = opt->signers;

	if (!privileges_will_drop(opt->user))
		printf("note  readability is checked for user %s: run --check as root to check it for "
		       "the user a server started as root becomes\n", probe.user);
	errors += check_boot_files(&probe, root_fd, opt);
	int dfd = openat(root_fd, "pxelinux.cfg", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = dfd >= 0 ? fdopendir(dfd) : NULL;
	if (!d) {
		printf("ERROR pxelinux.cfg: %s under the root\n", dfd < 0 && errno == ENOENT ?
		       "no such directory" : "cannot read the directory");
		if (dfd >= 0)
			close(dfd);
		probe_stop(&probe);
		return errors + 1;
	}
	char *names[1024];
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d)) && n < sizeof(names) / sizeof(names[0])) {
		size_t nl = strlen(e->d_name);
		if (e->d_name[0] == '.' || (nl > 4 && !strcmp(e->d_name + nl - 4, ".sig")))
			continue; /* hidden files, and the signatures of the configs */
		char path[300];
		snprintf(path, sizeof(path), "pxelinux.cfg/%s", e->d_name);
		names[n] = strdup(path);
		if (names[n])
			n++;
	}
	closedir(d);
	qsort(names, n, sizeof(names[0]), compare_names);
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		if (fstatat(root_fd, names[i], &st, 0) == 0 && S_ISREG(st.st_mode))
			errors += check_config(&probe, root_fd, names[i]);
		free(names[i]);
	}
	probe_stop(&probe);
	if (n == 0)
		printf("warn  pxelinux.cfg/ is empty\n");
	printf("%s: %d error%s\n", errors ? "FAILED" : "passed", errors, errors == 1 ? "" : "s");
	return errors;
}
