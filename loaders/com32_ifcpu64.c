/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ifcpu64.c32 lbl64 -- lbl32 [-- lblnopae]: run the first command on a 64-bit CPU (long
 * mode), the second on a 32-bit one, the third (when given) on one without PAE.  Each part
 * is a command line as typed at the boot: prompt, normally a label.
 */
#include "core/errors.h"
#include "core/platform.h"
#include "core/printf.h"
#include "core/string.h"
#include "loaders/boot_plan.h"
#include "loaders/boot_session.h"
#include "loaders/com32_modules.h"

#define CPUID_PAE (1u << 6)        /* leaf 1, EDX */
#define CPUID_LONG_MODE (1u << 29) /* leaf 0x80000001, EDX */

void cpu_facts_read(struct cpu_facts *f)
{
	uint32_t r[4]; /* EAX, EBX, ECX, EDX */

	memset(f, 0, sizeof(*f));
	platform_cpuid(0, r);
	if (r[0] >= 1) {
		platform_cpuid(1, r);
		f->pae = r[3] & CPUID_PAE;
	}
	platform_cpuid(0x80000000u, r);
	if (r[0] >= 0x80000001u && r[0] <= 0x8000FFFFu) {
		platform_cpuid(0x80000001u, r);
		f->long_mode = r[3] & CPUID_LONG_MODE;
	}
}

/* Part `index` (0-based) of "a -- b -- c", trimmed, into out; false when there is none. */
static bool part(const char *args, int index, char *out, size_t size)
{
	const char *p = args;
	for (int i = 0;; i++) {
		while (*p && wb_isspace((unsigned char)*p))
			p++;
		const char *start = p, *end = p;
		/* up to the next word that is exactly "--" */
		while (*p) {
			const char *w = p;
			while (*p && !wb_isspace((unsigned char)*p))
				p++;
			if (p - w == 2 && w[0] == '-' && w[1] == '-') {
				p = w;
				break;
			}
			end = p;
			while (*p && wb_isspace((unsigned char)*p))
				p++;
		}
		if (i == index) {
			size_t n = (size_t)(end - start);
			if (!n || n >= size)
				return false;
			memcpy(out, start, n);
			out[n] = '\0';
			return true;
		}
		if (!*p)
			return false;
		p += 2; /* past "--" */
	}
}

int com32_ifcpu64_choose(const char *args, const struct cpu_facts *cpu, char *out, size_t size)
{
	if (!args || !part(args, 0, out, size) || !part(args, 1, out, size)) {
		wb_snprintf(out, size, "ifcpu64.c32 \"%s\": expected \"label64 -- label32 "
			    "[-- label-without-pae]\"", args ? args : "");
		return -WB_EINVAL;
	}
	if (cpu->long_mode)
		part(args, 0, out, size);
	else if (cpu->pae || !part(args, 2, out, size)) /* no PAE: the third part, if any */
		part(args, 1, out, size);
	return 0;
}

int com32_ifcpu64_prepare(struct boot_session *s, const char *args, struct boot_plan *plan)
{
	char cmd[PXECFG_PATH_MAX];
	struct cpu_facts cpu;

	cpu_facts_read(&cpu);
	int err = com32_ifcpu64_choose(args, &cpu, cmd, sizeof(cmd));
	if (err)
		return boot_fail(s, err, "%s", cmd);
	wb_printf("ifcpu64.c32: %s CPU%s: %s\n", cpu.long_mode ? "64-bit" : "32-bit",
		  cpu.pae ? "" : " without PAE", cmd);
	return boot_session_prepare_label(s, cmd, plan);
}
