// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Real-mode side of wireboot's resident PXE API (rom/pxe_api.c), in the native body, which
 * runs at RM_SEG:7C00 high in base memory while the chained program runs at 0000:7C00:
 *
 *   pxe_api_pxenv_entry  PXENV+ RMEntry (CS = RM_SEG): far call with BX = opcode, ES:DI =
 *                        parameter block
 *   pxe_api_bang_entry   !PXE EntryPointSP, real mode or 16-bit protected mode, and
 *   pxe_api_bang_esp_entry  !PXE EntryPointESP (16-bit protected mode, 32-bit stack): far
 *                        call with [SP+4] = opcode, [SP+6] = offset and [SP+8] = segment or
 *                        selector of the parameter block; CS = UNDICode (its segment
 *                        _image_start >> 4 in real mode, the caller's selector with that base
 *                        in protected mode)
 *       All save every register on the caller's stack and switch to 32-bit protected mode
 *       on wireboot's own stack and GDT (a protected-mode caller's GDTR is kept; its IDT
 *       stays loaded, interrupts stay off); pxe_api_entry_c() finds the call on the caller's
 *       stack (through the caller's GDT in protected mode) and puts the exit code into the
 *       saved AX; back on the caller's GDT, stack and selectors they return AX = PXENV_EXIT_*
 *       (CF set on failure), all other registers and the flags (IF) as they were.
 *       Protected mode with paging on is refused before anything else (wireboot's memory is
 *       not mapped): Status = PXENV_STATUS_UNSUPPORTED through the caller's selector, AX = 1.
 *       A block behind an LDT selector gets that Status the same way; pxe_api_entry_c()
 *       then refuses the call (AX = 1) and logs why.
 *   pxe_api_nbp_start    the program's start: STI, far jump to 0000:7C00 (SS:SP prepared)
 *   pxe_api_nbp_return   where the program's far RET lands: INT 18h (next boot device)
 *   pxe_api_int15        INT 15h hook: E820 entries covering wireboot's memory above 1 MiB
 *                        (heap, NIC rings) are cut short or turned reserved
 */
#include "rom/realmode_defs.h"
#include "rom/realmode_switch.h"

	.section .text16, "ax"
	.code16
	.globl	pxe_api_pxenv_entry, pxe_api_bang_entry, pxe_api_bang_esp_entry
	.globl	pxe_api_nbp_start, pxe_api_nbp_return
	.globl	pxe_api_int15
/* Every entry pushes FLAGS, every general and segment register (42 bytes; the saved AX at
 * +36 gets the exit code), then reaches api_common with SI = 1 for !PXE (0 for PXENV+),
 * EBP = the stack pointer, BX = SS, CX = CS, EDX:EDI = the caller's GDTR limit:base (EDX 0 in
 * real mode). */
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
/* An offset in UNDICode (CS base _image_start): a 32-bit displacement, as for A32. */
#define UC(sym) ((sym) - RM_BASE - WB_LOAD_ADDR)
#define PXENV_STATUS_UNSUPPORTED 3

pxe_api_pxenv_entry:
	save_state
	xorw	%si, %si
	jmp	1f

pxe_api_bang_esp_entry:
	save_state
	movw	$1, %si
	movl	%esp, %ebp
	jmp	2f

pxe_api_bang_entry:
	save_state
	movw	$1, %si
1:	movzwl	%sp, %ebp
2:	movw	%ss, %bx
	movw	%cs, %cx
	xorl	%edx, %edx
	movl	%cr0, %eax
	testb	$1, %al
	jnz	3f
	A32JMP	$RM_SEG, $RM(api_common)
3:	testl	%eax, %eax	/* PG */
	js	paging_on
	addr32 testb $4, SAVED_LEN + 8(%ebp)	/* an LDT selector: pxe_api_entry_c() refuses */
	jz	6f				/* (and logs) it, its Status says so */
	call	status_unsupported
6:	addr32 sgdtl -6(%ebp)	/* below the saved registers (interrupts are off) */
	addr32 movw -6(%ebp), %dx
	addr32 movl -4(%ebp), %edi
	addr32 lgdtl %cs:UC(gdt_desc)
	ljmpl	$SEL_CODE16, $RM(api_common)

paging_on:
	call	status_unsupported
	addr32 movw $1, SAVED_AX(%ebp)
	jmp	api_return

/* The !PXE call's Status, through the caller's own selector (ES, DI change). */
status_unsupported:
	addr32 lesw SAVED_LEN + 6(%ebp), %di
	movw	$PXENV_STATUS_UNSUPPORTED, %es:(%di)
	ret

/* Real mode with CS = RM_SEG, or 16-bit protected mode on wireboot's GDT. */
api_common:
	cld
	rm_to_pm
	movl	$_stack_top, %esp	/* nothing else runs on it while the program runs */
	pushl	%ecx
	pushl	%edi
	pushl	%edx
	pushl	%ebx
	pushl	%ebp
	pushl	%esi
	call	pxe_api_entry_c		/* struct pxe_api_caller, rom/pxe_api.c */
	popl	%esi
	popl	%ebp
	popl	%ebx
	popl	%edx
	popl	%edi
	popl	%ecx
	testl	%edx, %edx
	jnz	4f
	pm_to_rm
	movw	%bx, %ss
	movl	%ebp, %esp
	jmp	api_return
	.code32
4:	ljmp	$SEL_CODE16, $RM(5f)
	.code16
5:	pushl	%edi		/* the caller's GDT back */
	pushw	%dx
	addr32 lgdtl (%esp)
	movw	%bx, %ss
	movl	%ebp, %esp
	pushl	%ecx		/* into the caller's UNDICode selector */
	pushl	$UC(api_return)
	lretl
/* Position-independent: runs with CS = RM_SEG, UNDICode's segment or its selector. */
api_return:
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

	.section .note.GNU-stack, "", @progbits
