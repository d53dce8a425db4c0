/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Constants shared by the assembly (rom/realmode.S, the prefixes) and C sides of the real-mode thunk.  The C
 * structures in rom/realmode.h are checked against these offsets at compile time.
 */
#ifndef WB_ROM_REALMODE_DEFS_H
#define WB_ROM_REALMODE_DEFS_H

/* Where the image runs: the PXE load address; every prefix puts the image here. */
#define WB_LOAD_ADDR 0x7C00

/*
 * The real-mode segment base of a body: 0 for wireboot.pxe (linked at 0000:7C00), NATIVE_RM_BASE
 * for the native-driver body, which is linked and runs at RM_BASE + 7C00h (5000:7C00), high
 * in base memory, so that it can stay resident under a chained PXE program at 0000:7C00
 * (rom/pxe_api.c).  Real-mode code runs with CS = RM_BASE >> 4 and addresses its own symbols
 * as RM(sym); the build passes -DRM_BASE to the native body's assembly files.
 */
#define NATIVE_RM_BASE 0x50000
#ifndef RM_BASE
#define RM_BASE 0
#endif
#define RM_SEG (RM_BASE >> 4)
#define RM(sym) ((sym) - RM_BASE)
/*
 * 16-bit code addresses RM(sym) through a 32-bit displacement (the addr32 / 32-bit operand
 * prefixes) when RM_BASE is not 0: i386 ELF relocations keep their addend in the field, and
 * a 16-bit field cannot hold -RM_BASE.  The value itself is below 64 KiB, as real mode needs.
 */
#if RM_BASE
#define A32 addr32
#define A32JMP ljmpl
#else
#define A32
#define A32JMP ljmp
#endif

/* GDT selectors (CODE32/DATA32 equal Linux's __BOOT_CS/__BOOT_DS). */
#define SEL_CODE16 0x08
#define SEL_CODE32 0x10
#define SEL_DATA32 0x18
#define SEL_DATA16 0x20

/* struct rm_regs */
#define RMR_EAX 0
#define RMR_EBX 4
#define RMR_ECX 8
#define RMR_EDX 12
#define RMR_ESI 16
#define RMR_EDI 20
#define RMR_EBP 24
#define RMR_DS 28
#define RMR_ES 30
#define RMR_FS 32
#define RMR_GS 34
#define RMR_FLAGS 36
#define RMR_SIZE 38

/* struct rm_entry */
#define RME_SS 0
#define RME_SP 2
#define RME_ES 4
#define RME_BX 6
#define RME_AX 8
#define RME_DX 10
#define RME_SIZE 12

/* Most 16-bit words rm_farcall() pushes. */
#define RM_MAX_ARGS 8

#endif
