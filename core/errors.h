/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One error scheme for all of wireboot: functions return 0 (or a non-negative count) on
 * success and a negative WB_E* code on failure.  wb_strerror() turns a code into a sentence a
 * user can act on; callers add the context (which file, which server).
 */
#ifndef WB_CORE_ERRORS_H
#define WB_CORE_ERRORS_H

/* X-macro: name, message.  Keep messages short, lower case, and actionable. */
#define WB_ERROR_LIST(X)                                                                   \
	X(WB_ENOMEM, "out of memory")                                                      \
	X(WB_EINVAL, "invalid argument")                                                   \
	X(WB_ETRUNCATED, "file or packet is truncated")                                    \
	X(WB_EBADMAGIC, "wrong magic number: not the expected file format")                \
	X(WB_EPROTO_OLD, "boot protocol too old (need 2.00 or later): not a bzImage")       \
	X(WB_ENOT_HIGH, "kernel cannot be loaded high (zImage): rebuild it as a bzImage")   \
	X(WB_ETOOBIG, "too big for the space available")                                   \
	X(WB_ERANGE, "value out of range")                                                 \
	X(WB_ETIMEDOUT, "timed out: no answer from the server")                            \
	X(WB_ENOENT, "file not found")                                                     \
	X(WB_EACCES, "access denied")                                                      \
	X(WB_EIO, "input/output error")                                                    \
	X(WB_ENOTSUP, "not supported")                                                     \
	X(WB_ELOOP, "INCLUDE loop or nesting too deep")                                    \
	X(WB_ESYNTAX, "syntax error")                                                      \
	X(WB_ENOLABEL, "no such label")                                                    \
	X(WB_ENOOFFER, "no DHCP offer received: is a DHCP server on this network?")        \
	X(WB_ENOCONFIG, "no configuration file found")                                     \
	X(WB_ETFTP, "TFTP server reported an error")                                       \
	X(WB_EHTTP, "HTTP server reported an error")                                       \
	X(WB_EPROTO, "protocol error: unexpected packet from the server")                  \
	X(WB_ENETUNREACH, "network unreachable: no route or no link")                      \
	X(WB_EHOSTUNREACH, "host unreachable: no ARP reply")                               \
	X(WB_ECANCELED, "canceled by the user")                                            \
	X(WB_EAGAIN, "try again")                                                          \
	X(WB_EBUSY, "resource busy")                                                       \
	X(WB_ENODEV, "no network device found")                                            \
	X(WB_EEXIST, "already exists")                                                     \
	X(WB_ECORRUPT, "corrupt compressed data: bad code, checksum or length")           \
	X(WB_ENOEXEC, "not a boot program wireboot knows (Linux bzImage, PXE boot program, " \
		      "EFI application, Multiboot kernel)")                  \
	X(WB_ETLS, "TLS handshake failed")                                                 \
	X(WB_ECERT, "server certificate not accepted")                                     \
	X(WB_ENOTRUST, "no trust anchors built in: rebuild with make TRUST=ca.pem")         \
	X(WB_ESIG, "file refused: its signature (file.sig) is missing or not valid")       \
	X(WB_ERETURNED, "the boot program returned to wireboot")

enum wb_error {
	WB_OK = 0,
#define WB_ERROR_ENUM(name, msg) name,
	WB_ERROR_LIST(WB_ERROR_ENUM)
#undef WB_ERROR_ENUM
	WB_ERROR_COUNT
};

/* Message for a code; accepts either sign (-WB_ENOENT or WB_ENOENT). */
const char *wb_strerror(int err);

/* Symbolic name of a code ("WB_ENOENT"), for logs and tests. */
const char *wb_errname(int err);

#endif
