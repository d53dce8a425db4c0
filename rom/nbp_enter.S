// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The last step of chaining a PXE boot program (rom/boot_pxe.c): the program must end up at
 * 0000:7C00, where wireboot itself runs, so this position-independent real-mode code is
 * copied into base memory just above the staged program and entered there by rm_jump at
 * <its segment>:0000 with interrupts off and
 *     DS = segment of the staged program (above 0x7C00), EBP = its length in bytes,
 *     SS:SP = the program's stack ([SP] return address, [SP+4] the !PXE far pointer).
 * It moves the program down (forwards: the source lies above the destination) in 32 KiB
 * steps, loads ES:BX (PXENV+) and EDX from the parameter block at its end (struct
 * nbp_tramp_params in rom/boot_pxe.c), clears EAX and jumps to 0000:7C00 with IF set, as a
 * PXE ROM starts an NBP.
 */
	.section .text16, "ax"
	.code16
	.globl	nbp_tramp, nbp_tramp_params, nbp_tramp_end
nbp_tramp:
	cld
	movw	$(0x7C00 >> 4), %ax
	movw	%ax, %es
1:	movl	%ebp, %ecx
	cmpl	$0x8000, %ecx
	jbe	2f
	movl	$0x8000, %ecx
2:	subl	%ecx, %ebp
	xorw	%si, %si
	xorw	%di, %di
	rep movsb
	movw	%ds, %ax
	addw	$0x800, %ax
	movw	%ax, %ds
	movw	%es, %ax
	addw	$0x800, %ax
	movw	%ax, %es
	testl	%ebp, %ebp
	jnz	1b
	movl	%cs:(nbp_tramp_params - nbp_tramp + 4), %edx
	movw	%cs:(nbp_tramp_params - nbp_tramp + 2), %bx
	movw	%cs:(nbp_tramp_params - nbp_tramp + 0), %es
	xorl	%eax, %eax
	xorl	%ecx, %ecx
	xorl	%esi, %esi
	xorl	%edi, %edi
	xorl	%ebp, %ebp
	movw	%ax, %ds
	movw	%ax, %fs
	movw	%ax, %gs
	sti
	ljmp	$0, $0x7C00
	.align	4
nbp_tramp_params:		/* {u16 es, u16 bx, u32 edx}, filled in the copy */
	.space	8
nbp_tramp_end:

	.section .note.GNU-stack, "", @progbits
