/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The last step of a boot without the EFI stub, after ExitBootServices.  This code is copied
 * to a page below 4 GiB (identity-mapped, as the firmware left paging) and called there as
 *
 *   void trampoline(const struct entry_args *a);            (SysV: rdi; efi/boot_direct.c)
 *
 * with the block `a` (below 4 GiB) holding, at these offsets:
 *   0x00 entry, 0x08 boot_params, 0x10 GDTR address, 0x18 mode32 (0 = 64-bit entry),
 *   0x20 stack top, 0x28 copy destination, 0x30 copy source, 0x38 copy length (0 = none).
 *
 * The copy moves a non-relocatable kernel into memory the firmware released; it runs on our
 * own stack, and for the 32-bit entry only once paging is off, so neither the firmware's stack
 * nor its page tables matter any more.
 *
 * The GDT has the boot protocol's flat selectors: 0x10 code (64-bit or 32-bit, as prepared
 * by the caller), 0x18 data.
 *
 * mode32 == 0: 64-bit entry (boot protocol 2.12+ with XLF_KERNEL_64): reload CS/DS with our
 *   selectors, RSI = boot_params, jump.
 * mode32 != 0: 32-bit entry (code32_start): far return into 32-bit compatibility mode, turn
 *   paging off (which leaves long mode), clear EFER.LME, then ESI = boot_params,
 *   EBX = EBP = EDI = 0 and jump.  Everything involved must be below 4 GiB.
 */
	.text
	.globl	efi_trampoline_start
	.globl	efi_trampoline_end

	.code64
efi_trampoline_start:
	cli
	cld
	movq	0x20(%rdi), %rsp
	movq	0x10(%rdi), %rax
	lgdt	(%rax)
	movq	0x00(%rdi), %r11	/* entry */
	movq	0x08(%rdi), %r12	/* boot_params */
	movq	0x18(%rdi), %rax	/* mode32 */
	movq	0x38(%rdi), %rcx	/* copy length */
	movq	0x30(%rdi), %rsi	/* copy source */
	movq	0x28(%rdi), %rdi	/* copy destination */
	testq	%rax, %rax
	jnz	1f

	/* 64-bit entry */
	leaq	2f(%rip), %rax
	pushq	$0x10
	pushq	%rax
	lretq
2:	movl	$0x18, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	movl	%eax, %fs
	movl	%eax, %gs
	rep movsb
	movq	%r12, %rsi
	jmp	*%r11

	/* 32-bit entry: values the 32-bit code needs go to registers it can see. */
1:	movl	%r11d, %ebx		/* entry */
	movl	%r12d, %ebp		/* boot_params */
	/* PCIDE must be off before paging can be turned off. */
	movq	%cr4, %rax
	btq	$17, %rax
	jnc	3f
	movq	%cr3, %rdx
	andq	$~0xfff, %rdx
	movq	%rdx, %cr3
	btrq	$17, %rax
	movq	%rax, %cr4
3:	leaq	4f(%rip), %rax
	pushq	$0x10
	pushq	%rax
	lretq

	.code32
4:	movl	$0x18, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	movl	%eax, %fs
	movl	%eax, %gs
	movl	%cr0, %eax
	andl	$0x7fffffff, %eax	/* CR0.PG off: long mode is left here */
	movl	%eax, %cr0
	rep movsb			/* physical addresses now */
	movl	$0xc0000080, %ecx	/* EFER */
	rdmsr
	andl	$~0x100, %eax		/* LME off */
	wrmsr
	movl	%cr4, %eax
	andl	$~0x20, %eax		/* PAE off: a 32-bit kernel sets up its own paging */
	movl	%eax, %cr4
	xorl	%eax, %eax
	movl	%eax, %cr3
	movl	%ebx, %eax
	movl	%ebp, %esi
	xorl	%ebx, %ebx
	xorl	%ebp, %ebp
	xorl	%edi, %edi
	jmp	*%eax
efi_trampoline_end:

	.section .note.GNU-stack, "", @progbits
