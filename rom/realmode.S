// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Mode switching shared by every BIOS prefix (see rom/realmode.h for the memory model):
 *
 *   start32     16-bit -> 32-bit flat protected mode, unpack the image body (rom/unpack.c),
 *               clear .bss, call the C entry point.
 *   rm_thunk    from C: drop to real mode, do one INT or far CALL, come back.
 *   rm_exit     from C: drop to real mode for good and far-jump (kernel entry).
 *
 * Everything here runs with CS = RM_SEG in real mode (rom/realmode_defs.h), so it is linked
 * into .text16/.data16, which the linker script keeps within 64 KiB of RM_BASE.
 */
#include "rom/realmode_defs.h"
#include "rom/realmode_switch.h"

	.section .text16, "ax"

/*
 * start32: record the entry state, enter 32-bit protected mode and run C.
 * In: real mode, CS = RM_SEG, %ecx = address of the C entry point (void fn(void)); SS:SP, ES, BX,
 * AX and DX as the image was entered (saved in rm_entry_state); interrupts may be on.
 * Never returns.
 */
	.code16
	.globl start32
start32:
	cli
	movl	$RM(rm_entry_state), %ebp	/* short displacements from %bp */
	movw	%ss, %cs:RME_SS(%bp)
	movw	%sp, %cs:RME_SP(%bp)
	movw	%es, %cs:RME_ES(%bp)
	movw	%bx, %cs:RME_BX(%bp)
	movw	%ax, %cs:RME_AX(%bp)
	movw	%dx, %cs:RME_DX(%bp)
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
	A32 movl	%ecx, %cs:RM(c_entry)
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
	A32 movw	%cs:RM(rm_entry_state + RME_SS), %ss
	A32 movw	%cs:RM(rm_entry_state + RME_SP), %sp
	/* Push the stack arguments, last first, so rm_args[0] ends up on top. */
	A32 movw	%cs:RM(rm_nargs), %cx
	jcxz	4f
	movzwl	%cx, %esi
	addl	%esi, %esi
	addl	$RM(rm_args), %esi	/* 32-bit immediate: see A32 */
3:	subw	$2, %si
	pushw	%cs:(%si)
	loop	3b
4:	call	load_frame
	sti
	/* An INT n is FLAGS pushed + IF cleared + a far call through the IVT (rm_target);
	 * emulating it keeps the code unmodified (no patched vector byte). */
	A32 cmpb	$0, %cs:RM(rm_is_int)
	je	5f
	pushfw
	cli
5:	A32 lcall	*%cs:RM(rm_target)
	cli
	pushl	%ebx		/* rm_frame's fields through %bx: short displacements */
	movl	$RM(rm_frame), %ebx
	movl	%eax, %cs:RMR_EAX(%bx)
	popl	%cs:RMR_EBX(%bx)
	movl	%ecx, %cs:RMR_ECX(%bx)
	movl	%edx, %cs:RMR_EDX(%bx)
	movl	%esi, %cs:RMR_ESI(%bx)
	movl	%edi, %cs:RMR_EDI(%bx)
	movl	%ebp, %cs:RMR_EBP(%bx)
	pushfw
	popw	%cs:RMR_FLAGS(%bx)
	movw	%ds, %cs:RMR_DS(%bx)
	movw	%es, %cs:RMR_ES(%bx)
	movw	%fs, %cs:RMR_FS(%bx)
	movw	%gs, %cs:RMR_GS(%bx)
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
	A32 movw	%cs:RM(rm_exit_ss), %ss
	A32 movw	%cs:RM(rm_exit_sp), %sp
	call	load_frame
	A32 ljmp	*%cs:RM(rm_target)

/* Real mode, near call: load the segment and general registers from rm_frame. */
	.code16
load_frame:
	movl	$RM(rm_frame), %ebx
	movw	%cs:RMR_ES(%bx), %es
	movw	%cs:RMR_FS(%bx), %fs
	movw	%cs:RMR_GS(%bx), %gs
	movw	%cs:RMR_DS(%bx), %ds
	movl	%cs:RMR_ECX(%bx), %ecx
	movl	%cs:RMR_EDX(%bx), %edx
	movl	%cs:RMR_ESI(%bx), %esi
	movl	%cs:RMR_EDI(%bx), %edi
	movl	%cs:RMR_EBP(%bx), %ebp
	movl	%cs:RMR_EAX(%bx), %eax
	movl	%cs:RMR_EBX(%bx), %ebx	/* last: %bx was the base */
	ret

/*
 * Read-only, or written once before the body is unpacked: stays in .text16.  The GDT's
 * descriptors have their accessed bits preset, so the CPU never writes to them.
 */
	.align	8
gdt:
	.quad	0
	/* SEL_CODE16: base RM_BASE, limit 64 KiB, 16-bit code */
	.word	0xFFFF, RM_BASE & 0xFFFF
	.byte	RM_BASE >> 16, 0x9B, 0x00, 0
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
