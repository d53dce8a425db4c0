/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Assembly macros switching between real mode (CS = RM_SEG) and 32-bit flat protected mode,
 * shared by rom/realmode.S (the thunk) and rom/pxe_api_entry.S (the resident PXE API).
 * Include after rom/realmode_defs.h, from assembly only.
 */
#ifndef WB_ROM_REALMODE_SWITCH_H
#define WB_ROM_REALMODE_SWITCH_H

/* From 32-bit protected mode to real mode with CS = RM_SEG (interrupts must be off). */
.macro	pm_to_rm
	ljmp	$SEL_CODE16, $RM(1000f)
	.code16
1000:	movw	$SEL_DATA16, %ax	/* 64 KiB limits, as real mode expects */
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %fs
	movw	%ax, %gs
	movw	%ax, %ss
	movl	%cr0, %eax
	andb	$0xFE, %al
	movl	%eax, %cr0
	A32JMP	$RM_SEG, $RM(1001f)
1001:
.endm

/* From real mode (CS = RM_SEG) to 32-bit flat protected mode; the GDT is (re)loaded, in case a
 * real-mode callee loaded its own.  The stack pointer is the caller's to set. */
.macro	rm_to_pm
	A32 lgdtl	%cs:RM(gdt_desc)
	movl	%cr0, %eax
	orb	$1, %al
	movl	%eax, %cr0
	ljmpl	$SEL_CODE32, $1002f
	.code32
1002:	movw	$SEL_DATA32, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %fs
	movw	%ax, %gs
	movw	%ax, %ss
.endm

#endif
