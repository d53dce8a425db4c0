// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Real-mode side of wireboot's resident PXE API (rom/pxe_api.c), in the native body, which
 * runs at RM_SEG:7C00 high in base memory while the chained program runs at 0000:7C00:
 *
 *   pxe_api_pxenv_entry  PXENV+ RMEntry: far call with BX = opcode, ES:DI = parameter block
 *   pxe_api_bang_entry   !PXE EntryPointSP: far call with [SP+4] = opcode, [SP+6] = offset and
 *                        [SP+8] = segment of the parameter block
 *       Both save every register on the caller's stack, switch to 32-bit protected mode on
 *       wireboot's own stack, run pxe_api_entry_c(opcode, seg:off) and come back with
 *       AX = PXENV_EXIT_*
 *       (CF set on failure), all other registers and the flags (IF) as they were.
 *   pxe_api_nbp_start    the program's start: STI, far jump to 0000:7C00 (SS:SP prepared)
 *   pxe_api_nbp_return   where the program's far RET lands: INT 18h (next boot device)
 *   pxe_api_int15        INT 15h hook: E820 entries covering wireboot's memory above 1 MiB
 *                        (heap, NIC rings) are cut short or turned reserved
 */
#include "rom/realmode_defs.h"
#include "rom/realmode_switch.h"

	.section .text16, "ax"
	.code16
	.globl	pxe_api_pxenv_entry, pxe_api_bang_entry, pxe_api_nbp_start, pxe_api_nbp_return
	.globl	pxe_api_int15
/* Both entries push FLAGS, every general and segment register (42 bytes; the saved AX at
 * SP+36 gets the exit code), then run api_common with ESI = opcode, EDI = seg:off. */
.macro	save_state
	pushfw
	cli
	pushal
	pushw	%ds
	pushw	%es
	pushw	%fs
	pushw	%gs
.endm
#define SAVED_AX 36
#define SAVED_LEN 42

pxe_api_pxenv_entry:
	save_state
	movzwl	%bx, %esi
	pushw	%es
	pushw	%di
	popl	%edi
	jmp	api_common

pxe_api_bang_entry:
	save_state
	movw	%sp, %bp
	movzwl	SAVED_LEN + 4(%bp), %esi	/* [SP+4] at entry: opcode */
	movl	SAVED_LEN + 6(%bp), %edi	/* [SP+6], [SP+8]: offset, segment */

api_common:
	A32 movw %ss, %cs:RM(api_rm_ss)
	A32 movw %sp, %cs:RM(api_rm_sp)
	cld
	rm_to_pm
	movl	$_stack_top, %esp	/* nothing else runs on it while the program runs */
	movl	%esi, %eax
	movl	%edi, %edx
	call	pxe_api_entry_c
	movzwl	api_rm_ss, %ecx		/* the exit code into the saved AX */
	shll	$4, %ecx
	movzwl	api_rm_sp, %edx
	movw	%ax, SAVED_AX(%ecx, %edx)
	pm_to_rm
	A32 movw %cs:RM(api_rm_ss), %ss
	A32 movw %cs:RM(api_rm_sp), %sp
	popw	%gs
	popw	%fs
	popw	%es
	popw	%ds
	popal
	popfw
	testw	%ax, %ax	/* clears CF */
	jz	1f
	stc
1:	lret

pxe_api_nbp_start:
	sti
	ljmp	$0, $WB_LOAD_ADDR

pxe_api_nbp_return:
	int	$0x18
2:	hlt
	jmp	2b

pxe_api_int15:
	cmpl	$0xE820, %eax
	je	1f
	A32 ljmp *%cs:RM(pxe_api_int15_next)
1:	pushfw
	A32 lcall *%cs:RM(pxe_api_int15_next)
	pushfw			/* the BIOS's result flags */
	jc	8f
	pushal
	cmpl	$1, %es:16(%di)	/* RAM */
	jne	7f
	cmpl	$0, %es:4(%di)	/* below 4 GiB */
	jne	7f
	movl	%es:(%di), %eax	/* base */
	A32 cmpl %cs:RM(pxe_api_hide_hi), %eax
	jae	7f
	cmpl	$0, %es:12(%di)
	jne	3f		/* 4 GiB or longer: reaches into the hidden range */
	movl	%es:8(%di), %edx
	addl	%eax, %edx	/* end */
	jc	3f
	A32 cmpl %cs:RM(pxe_api_hide_lo), %edx
	jbe	7f
3:	A32 movl %cs:RM(pxe_api_hide_lo), %edx
	cmpl	%edx, %eax
	jae	4f
	subl	%eax, %edx	/* starts below: ends where the hidden range starts */
	movl	%edx, %es:8(%di)
	movl	$0, %es:12(%di)
	jmp	7f
4:	movl	$2, %es:16(%di)	/* starts inside: reserved */
7:	popal
8:	pushw	%bp		/* the caller's saved FLAGS get the BIOS's CF */
	movw	%sp, %bp	/* [bp] bp, +2 result flags, +4 IP, +6 CS, +8 FLAGS */
	pushw	%ax
	movw	2(%bp), %ax
	andw	$1, %ax
	andw	$0xFFFE, 8(%bp)
	orw	%ax, 8(%bp)
	popw	%ax
	popw	%bp
	addw	$2, %sp
	iret

/* Written on every call: .data16 (rom/wireboot.lds). */
	.section .data16, "aw"
	.align	4
	.globl	pxe_api_int15_next, pxe_api_hide_lo, pxe_api_hide_hi
pxe_api_int15_next:	.long	0	/* the INT 15h vector before the hook */
pxe_api_hide_lo:	.long	0	/* hidden from E820: [lo, hi) */
pxe_api_hide_hi:	.long	0
api_rm_ss:		.word	0
api_rm_sp:		.word	0

	.section .note.GNU-stack, "", @progbits
