// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Mode switching shared by every BIOS prefix (see rom/realmode.h for the memory model):
 *
 *   start32     16-bit -> 32-bit flat protected mode, unpack the image body (rom/unpack.c),
 *               clear .bss, call the C entry point.
 *   rm_thunk    from C: drop to real mode, do one INT or far CALL, come back.
 *   rm_exit     from C: drop to real mode for good and far-jump (kernel entry).
 *
 * Everything here runs with CS = 0 in real mode, so it is linked into .text16/.data16,
 * which the linker script keeps below 64 KiB.
 */
#include "rom/realmode_defs.h"

/* From 32-bit protected mode to real mode with CS = 0 (interrupts must be off). */
.macro	pm_to_rm
	ljmp	$SEL_CODE16, $1000f
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
	ljmp	$0, $1001f
1001:
.endm

/* From real mode (CS = 0) to 32-bit flat protected mode; the GDT is (re)loaded, in case a
 * real-mode callee loaded its own.  The stack pointer is the caller's to set. */
.macro	rm_to_pm
	lgdtl	%cs:gdt_desc
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

	.section .text16, "ax"

/*
 * start32: record the entry state, enter 32-bit protected mode and run C.
 * In: real mode, CS = 0, %ecx = address of the C entry point (void fn(void)); SS:SP, ES, BX,
 * AX and DX as the image was entered (saved in rm_entry_state); interrupts may be on.
 * Never returns.
 */
	.code16
	.globl start32
start32:
	cli
	movw	%ss, %cs:rm_entry_state + RME_SS
	movw	%sp, %cs:rm_entry_state + RME_SP
	movw	%es, %cs:rm_entry_state + RME_ES
	movw	%bx, %cs:rm_entry_state + RME_BX
	movw	%ax, %cs:rm_entry_state + RME_AX
	movw	%dx, %cs:rm_entry_state + RME_DX
	/* Early sign of life: COM1 at 115200 8N1, then 'w' (a hang before C is visible). */
	movw	$0x3FB, %dx
	movb	$0x83, %al		/* DLAB, 8N1 */
	outb	%al, %dx
	movw	$0x3F8, %dx
	movb	$1, %al			/* divisor 1 = 115200 baud */
	outb	%al, %dx
	incw	%dx
	decb	%al
	outb	%al, %dx
	movw	$0x3FB, %dx
	movb	$0x03, %al		/* 8N1, DLAB off */
	outb	%al, %dx
	movw	$0x3F8, %dx
	movb	$'w', %al
	outb	%al, %dx
	cld
	movl	%ecx, %cs:c_entry
	rm_to_pm
	movl	$_stack_top, %esp
	/*
	 * Unpack the body (rom/lzpack.py): the file continues after .text16 with
	 * {u32 packed, u32 unpacked} and the packed bytes, which overlap where the body runs
	 * (_body_start on); move them above .bss first, then expand them into place.
	 */
	movl	$_text16_end, %esi
	movl	(%esi), %ecx
	addl	$8, %ecx
	movl	$_end, %edi
	rep movsb
	pushl	_end + 4
	pushl	$_body_start
	pushl	_end
	pushl	$_end + 8
	call	unpack
	addl	$16, %esp
	testl	%eax, %eax	/* corrupt: stop rather than run garbage */
	jnz	2f
	/* Zero .bss (the stack is part of it; nothing is on it yet). */
	movl	$_bss_start, %edi
	movl	$_bss_end, %ecx
	subl	%edi, %ecx
	xorl	%eax, %eax
	rep stosb
	call	*c_entry
2:	cli
	hlt
	jmp	2b

/*
 * rm_thunk: one real-mode INT or far CALL described by rm_frame, rm_target, rm_is_int,
 * rm_nargs and rm_args (filled by rom/realmode_call.c).  Preserves the C callee-saved
 * registers; the real-mode registers after the call are left in rm_frame.
 */
	.code32
	.globl rm_thunk
rm_thunk:
	pushl	%ebp
	pushl	%ebx
	pushl	%esi
	pushl	%edi
	movl	%esp, pm_esp
	pm_to_rm
	/* Real mode: run on the stack the prefix was entered on. */
	movw	%cs:rm_entry_state + RME_SS, %ss
	movw	%cs:rm_entry_state + RME_SP, %sp
	/* Push the stack arguments, last first, so rm_args[0] ends up on top. */
	movw	%cs:rm_nargs, %cx
	jcxz	4f
	movw	%cx, %si
	addw	%si, %si
	addw	$rm_args, %si
3:	subw	$2, %si
	pushw	%cs:(%si)
	loop	3b
4:	call	load_frame
	sti
	/* An INT n is FLAGS pushed + IF cleared + a far call through the IVT (rm_target);
	 * emulating it keeps the code unmodified (no patched vector byte). */
	cmpb	$0, %cs:rm_is_int
	je	5f
	pushfw
	cli
5:	lcall	*%cs:rm_target
	cli
	movl	%eax, %cs:rm_frame + RMR_EAX
	movl	%ebx, %cs:rm_frame + RMR_EBX
	movl	%ecx, %cs:rm_frame + RMR_ECX
	movl	%edx, %cs:rm_frame + RMR_EDX
	movl	%esi, %cs:rm_frame + RMR_ESI
	movl	%edi, %cs:rm_frame + RMR_EDI
	movl	%ebp, %cs:rm_frame + RMR_EBP
	pushfw
	popw	%cs:rm_frame + RMR_FLAGS
	movw	%ds, %cs:rm_frame + RMR_DS
	movw	%es, %cs:rm_frame + RMR_ES
	movw	%fs, %cs:rm_frame + RMR_FS
	movw	%gs, %cs:rm_frame + RMR_GS
	cld
	rm_to_pm
	movl	pm_esp, %esp
	popl	%edi
	popl	%esi
	popl	%ebx
	popl	%ebp
	ret

/*
 * rm_exit: leave protected mode for good.  Loads SS:SP from rm_exit_ss/rm_exit_sp, the
 * segment and general registers from rm_frame, and far-jumps to rm_target with interrupts
 * off.
 */
	.globl rm_exit
rm_exit:
	cli
	pm_to_rm
	movw	%cs:rm_exit_ss, %ss
	movw	%cs:rm_exit_sp, %sp
	call	load_frame
	ljmp	*%cs:rm_target

/* Real mode, near call: load the segment and general registers from rm_frame. */
	.code16
load_frame:
	movw	%cs:rm_frame + RMR_ES, %es
	movw	%cs:rm_frame + RMR_FS, %fs
	movw	%cs:rm_frame + RMR_GS, %gs
	movw	%cs:rm_frame + RMR_DS, %ds
	movl	%cs:rm_frame + RMR_EBX, %ebx
	movl	%cs:rm_frame + RMR_ECX, %ecx
	movl	%cs:rm_frame + RMR_EDX, %edx
	movl	%cs:rm_frame + RMR_ESI, %esi
	movl	%cs:rm_frame + RMR_EDI, %edi
	movl	%cs:rm_frame + RMR_EBP, %ebp
	movl	%cs:rm_frame + RMR_EAX, %eax
	ret

/*
 * Read-only, or written once before the body is unpacked: stays in .text16.  The GDT's
 * descriptors have their accessed bits preset, so the CPU never writes to them.
 */
	.align	8
gdt:
	.quad	0
	/* SEL_CODE16: base 0, limit 64 KiB, 16-bit code */
	.word	0xFFFF, 0
	.byte	0, 0x9B, 0x00, 0
	/* SEL_CODE32: base 0, limit 4 GiB, 32-bit code */
	.word	0xFFFF, 0
	.byte	0, 0x9B, 0xCF, 0
	/* SEL_DATA32: base 0, limit 4 GiB, 32-bit data */
	.word	0xFFFF, 0
	.byte	0, 0x93, 0xCF, 0
	/* SEL_DATA16: base 0, limit 64 KiB, 16-bit data */
	.word	0xFFFF, 0
	.byte	0, 0x93, 0x00, 0
gdt_end:
	.globl	gdt_desc
gdt_desc:
	.word	gdt_end - gdt - 1
	.long	gdt
	.align	4
c_entry:	.long	0
	.globl	rm_entry_state
rm_entry_state:	.space	RME_SIZE

/* Written on every real-mode call: on its own page, away from code (rom/wireboot.lds). */
	.section .data16, "aw"
	.align	4
pm_esp:		.long	0
	.globl	rm_frame, rm_target, rm_is_int, rm_nargs, rm_args, rm_exit_ss, rm_exit_sp
rm_frame:	.space	RMR_SIZE
rm_target:	.long	0
rm_is_int:	.byte	0
	.align	2
rm_nargs:	.word	0
rm_args:	.space	2 * RM_MAX_ARGS
rm_exit_ss:	.word	0
rm_exit_sp:	.word	0

	.section .note.GNU-stack, "", @progbits
