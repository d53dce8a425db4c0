/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Confinement of client-requested paths (TFTP, HTTP) to the served root.
 *
 * Rules, in order:
 *  - backslashes are path separators (as tftpd-hpa's usual `rg \\ /` remap for Windows PXE
 *    clients): "boot\x86\pxe.0" is "boot/x86/pxe.0", and "..\..\x" is refused like "../../x";
 *  - leading slashes map into the root, like tftpd-hpa -s: "/pxelinux.0" is root/pxelinux.0;
 *  - an empty path, a control character, or any ".." component is refused;
 *  - the kernel resolves the rest under the root with openat2(RESOLVE_BENEATH |
 *    RESOLVE_NO_MAGICLINKS): symlinks inside the tree work (pxelinux.cfg/01-<mac> ->
 *    default is common), a symlink leading outside it (absolute, or by "..") fails, and the
 *    check and the open are one system call, so there is no window for a rename race.
 *    realpath() + prefix check has that window, and a hand-written openat(O_NOFOLLOW) walk
 *    re-implements what the kernel does; openat2 needs Linux 5.6 (path_check_support());
 *  - only regular files are served: directories, devices, FIFOs and sockets are refused.
 *    The type is checked on an O_PATH handle and the file then opened through
 *    /proc/self/fd, so a device node is never opened (opening one can have effects).
 */
#ifndef WB_SERVER_PATH_H
#define WB_SERVER_PATH_H

#include <stddef.h>
#include <stdint.h>

#define PATH_REQUEST_MAX 1024

/* 0 when openat2 and /proc/self/fd work here, else -WB_ENOTSUP: refuse to serve then. */
int path_check_support(int root_fd);

/*
 * Rewrite `request` into the relative form used under the root (out[cap]).
 * 0, or -WB_EACCES (a ".." component, a control character, or nothing left),
 * -WB_ETOOBIG (longer than cap - 1).
 */
int path_normalize(const char *request, char *out, size_t cap);

/*
 * Open `request` read-only under the directory `root_fd`.  Returns the descriptor (>= 0) and
 * the file size in *size, or -WB_ENOENT (missing), -WB_EACCES (refused by a rule above or by
 * permissions), -WB_ETOOBIG, -WB_EIO.
 */
int path_open_confined(int root_fd, const char *request, uint64_t *size);

#endif
