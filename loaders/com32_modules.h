/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The built-in modules behind loaders/com32_builtin.c's table that have logic of their own,
 * with their argument parsers exposed for the unit tests.
 */
#ifndef WB_LOADERS_COM32_MODULES_H
#define WB_LOADERS_COM32_MODULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct boot_disk;
struct boot_plan;
struct boot_session;

/*
 * chain.c32's arguments (loaders/com32_chain.c):
 *   hdN [P] | hdN,P   hard disk N (0-based, BIOS drive 0x80+N), its MBR or primary partition P
 *   fdN               floppy N (BIOS drive N), its boot sector
 *   boot=XXXX         UEFI: boot entry Boot#### (4 hex digits)
 * 0, or -WB_EINVAL / -WB_ERANGE with a message in err naming the syntax.
 */
int com32_chain_parse(const char *args, struct boot_disk *d, char *err, size_t errlen);
int com32_chain_prepare(struct boot_session *s, const char *args, struct boot_plan *plan);

/* What ifcpu64.c32 decides on: CPUID facts. */
struct cpu_facts {
	bool long_mode; /* CPUID 0x80000001 EDX bit 29 */
	bool pae;       /* CPUID 1 EDX bit 6 */
};
/* The facts of this CPU, through platform_cpuid(). */
void cpu_facts_read(struct cpu_facts *f);

/*
 * ifcpu64.c32 "lbl64 -- lbl32 [-- lblnopae]" (loaders/com32_ifcpu64.c): copy the command for
 * this CPU into out (lbl32 when there is no third part and no PAE).  0, or -WB_EINVAL with a
 * message in out.
 */
int com32_ifcpu64_choose(const char *args, const struct cpu_facts *cpu, char *out, size_t size);
int com32_ifcpu64_prepare(struct boot_session *s, const char *args, struct boot_plan *plan);

#endif
