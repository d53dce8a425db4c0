// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * PXE network boot program prefix.  The PXE ROM copies wireboot.pxe to 0000:7C00 and far-calls
 * it with ES:BX -> PXENV+ and SS:[SP+4] -> !PXE (rom/pxe.c validates both).  The image is
 * linked to run right here, so nothing needs to move: start32 records the entry registers
 * and goes to protected mode and rom/main_pxe.c.
 */
	.section .prefix, "ax"
	.code16
	.globl	_start
_start:
	ljmp	$0, $1f			/* CS:IP may be 07C0:0000; make it 0000:7Cxx */
1:	movl	$pxe_main, %ecx
	jmp	start32

	.section .note.GNU-stack, "", @progbits
