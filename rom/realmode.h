/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Calling real-mode code from the 32-bit C code, for every BIOS prefix (PXE NBP, option ROM,
 * CD, USB, lkrn).
 *
 * Memory model: the whole image is linked at its physical address (rom/wireboot.lds) and the
 * C code runs in flat 32-bit protected mode with paging off, so a pointer is a physical
 * address.  Real-mode code and its data (.text16/.data16) sit within 64 KiB of RM_BASE (0 for
 * wireboot.pxe, 0x50000 for the native body: rom/realmode_defs.h), so the thunk runs them with
 * CS = RM_SEG.  Buffers handed to real-mode code must lie below 1 MiB: .data,
 * .bss and the 32-bit stack do; the heap and image memory (above 1 MiB) do not.  Interrupts are off in protected mode (no IDT); they are enabled
 * while real-mode code runs, so BIOS timers and the keyboard keep working.
 *
 * The thunk drops to real mode on the stack the prefix was entered on (PXE stacks are known
 * to dislike other stacks), loads the registers from a struct rm_regs, performs an INT or a
 * far CALL, stores the registers back and returns to protected mode.  A round trip costs
 * ~0.1 ms under QEMU's TCG (each CR0.PE change flushes its TLB): keep calls per packet few.
 *
 * How a prefix starts an image: the file (.text16, then the packed body) must be at
 * RM_BASE + 0x7C00; in real mode with CS = RM_SEG, store the entry registers in rm_entry_state (the thunk's real-mode
 * stack is rm_entry_state.ss:sp), load %ecx with the C entry point (void fn(void)) and jump
 * to start32.  start32 unpacks the body, clears .bss and calls the entry in flat 32-bit mode.
 */
#ifndef WB_ROM_REALMODE_H
#define WB_ROM_REALMODE_H

#include <stddef.h>
#include <stdint.h>

#include "rom/realmode_defs.h"

/* Functions written in assembly take their arguments on the stack. */
#define WB_ASMCALL __attribute__((regparm(0)))

#define EFLAGS_CF 0x0001
#define EFLAGS_ZF 0x0040

/* Register image for real-mode calls: inputs before, outputs after. */
struct rm_regs {
	uint32_t eax, ebx, ecx, edx, esi, edi, ebp;
	uint16_t ds, es, fs, gs;
	uint16_t flags; /* output only */
} __attribute__((packed));
_Static_assert(offsetof(struct rm_regs, ds) == RMR_DS && offsetof(struct rm_regs, flags) == RMR_FLAGS &&
	       sizeof(struct rm_regs) == RMR_SIZE, "struct rm_regs must match realmode_defs.h");

/* A far pointer as stored in real-mode structures: offset (low word), segment (high word). */
typedef uint32_t segoff_t;

static inline uint32_t segoff_linear(segoff_t p) { return (p >> 16) * 16 + (p & 0xFFFF); }
static inline void *segoff_ptr(segoff_t p) { return (void *)(uintptr_t)segoff_linear(p); }
/* A far pointer to `p`, which must lie below 1 MiB. */
static inline segoff_t segoff_of(const void *p)
{
	uint32_t a = (uint32_t)(uintptr_t)p;
	return (a >> 4) << 16 | (a & 0xF);
}
static inline uint16_t rm_seg(const void *p) { return (uint16_t)((uintptr_t)p >> 4); }
static inline uint16_t rm_off(const void *p) { return (uint16_t)((uintptr_t)p & 0xF); }

/* Software interrupt `vec` with registers `r` (in/out). */
void bios_int(uint8_t vec, struct rm_regs *r);

/*
 * Far call to seg:off `target` with registers `r` (in/out), after pushing `nargs` 16-bit
 * words so that args[0] is on top of the stack (at SS:SP+4 inside the callee).  The caller
 * removes the words afterwards (cdecl-style, as the !PXE API expects).
 */
void rm_farcall(segoff_t target, struct rm_regs *r, const uint16_t *args, unsigned nargs);

/*
 * Leave for good: switch to real mode with interrupts off, load the segment registers from
 * `r` (ds, es, fs, gs) and ss:sp, the general registers from `r`, and far-jump to cs:ip.
 * Used to enter a Linux kernel's real-mode setup.
 */
void rm_jump(const struct rm_regs *r, uint16_t ss, uint16_t sp, uint16_t cs, uint16_t ip)
	__attribute__((noreturn));

/* Where the prefix was entered from; filled by the prefix before C runs. */
struct rm_entry {
	uint16_t ss, sp;   /* stack at entry (real-mode calls run on it, below sp) */
	uint16_t es, bx;   /* ES:BX at entry (PXE: the PXENV+ structure) */
	uint16_t ax, dx;   /* AX, DX at entry (option ROM / disk prefixes: bdf, drive) */
};
_Static_assert(offsetof(struct rm_entry, dx) == RME_DX && sizeof(struct rm_entry) == RME_SIZE,
	       "struct rm_entry must match realmode_defs.h");
extern struct rm_entry rm_entry_state;

/* Image bounds from the linker script (physical addresses). */
extern char _image_start[], _image_end[], _bss_end[];

/* Port I/O. */
static inline void outb(uint16_t port, uint8_t v) { __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port)); }
static inline uint8_t inb(uint16_t port)
{
	uint8_t v;
	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

/* BIOS data area. */
#define BDA_COM_PORTS 0x400   /* 4 words: COM1-4 I/O bases */
#define BDA_EBDA_SEG 0x40E
#define BDA_BASE_MEM_KB 0x413 /* free base memory in KiB (FBMS) */
#define BDA_TICKS 0x46C       /* 18.2 Hz tick counter */
static inline uint16_t bda_read16(uint32_t addr) { return *(volatile uint16_t *)(uintptr_t)addr; }
static inline uint32_t bda_read32(uint32_t addr) { return *(volatile uint32_t *)(uintptr_t)addr; }

#endif
