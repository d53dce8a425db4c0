/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A Multiboot kernel and its modules as a boot plan (BOOT_KIND_MULTIBOOT), for both ways a
 * configuration names one: a Multiboot file given to KERNEL (its initrd= files become the
 * modules, each module's string its file name) and mboot.c32 (loaders/mboot.c: "kernel args
 * --- module args --- ...").  Modules are fetched into their own page-aligned image memory
 * below 4 GiB and inflated when gzip'd; the platform places the kernel's segments.
 */
#ifndef WB_LOADERS_MULTIBOOT_LOAD_H
#define WB_LOADERS_MULTIBOOT_LOAD_H

#include <stddef.h>

struct boot_plan;
struct boot_session;

/*
 * The kernel is in s->kernel / s->files[0] (inflated); strings[0] is its command line,
 * strings[1..n-1] the modules' ("file args": the file is the first word).  Takes ownership
 * of strings and each string (freed by multiboot_release() even on failure).  Parses the
 * kernel, fetches the modules into s->files[1..], fills plan; fails through boot_fail().
 */
int multiboot_load(struct boot_session *s, struct boot_plan *plan, char **strings, size_t n);

/* KERNEL <multiboot file> [args]: command line "<file> <args>", modules = the initrds. */
int multiboot_load_label(struct boot_session *s, struct boot_plan *plan);

/* Free what multiboot_load() kept in the session (nothing when it did not run). */
void multiboot_release(struct boot_session *s);

/* The Multiboot facts of a plan, for boot_plan_print(). */
void multiboot_plan_print(const struct boot_plan *plan);

#endif
