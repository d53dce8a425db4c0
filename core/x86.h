/* SPDX-License-Identifier: GPL-2.0-or-later */
/* x86 instructions shared by the platforms and the portable code that runs on x86 only. */
#ifndef WB_CORE_X86_H
#define WB_CORE_X86_H

#include <stdint.h>

/* The time-stamp counter (the same instruction in 32- and 64-bit code). */
static inline uint64_t x86_rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

/* CPUID leaf `leaf`, subleaf `sub`, into r: EAX, EBX, ECX, EDX. */
static inline void x86_cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	__asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(sub));
}

#endif
