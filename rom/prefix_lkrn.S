// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * build/wireboot.lkrn: the native-driver body (BODY_BIN, the disk/CD image's) dressed as a
 * Linux bzImage (build/wireboot-tls.lkrn: the TLS body), so that anything that boots a Linux
 * kernel through its 16-bit setup entry boots wireboot: QEMU -kernel, GRUB linux16,
 * syslinux/pxelinux KERNEL, and wireboot itself (loaders/bzimage.c accepts it).
 *
 * File: the boot sector (setup header from 0x1F1), one setup sector (this code), then the
 * body as the "protected-mode kernel" (boot protocol 2.06, LOADED_HIGH, not relocatable),
 * which the loader puts at code32_start = 1 MiB.  The loader puts the first two sectors
 * wherever it likes below 640 KiB (QEMU: 0x10000, right where the body will unpack) and
 * enters at seg+0x20:0000.  The setup code then
 *   1. moves the two sectors to 0000:0600 and runs on a stack below 0000:7C00, and stops
 *      with a message when INT 12h says base memory ends below BODY_MEM_END,
 *   2. copies the body from code32_start to its run address (BODY_RM_BASE + 7C00h) with
 *      INT 15h AH=87h (the BIOS's extended-memory block move: no mode switching of our
 *      own), 64 KiB a call,
 *   3. jumps to it with AX = FFFFh (no option ROM device), BX = 3 (image kind: lkrn),
 * after which the body unpacks itself like every other image.  The command line and any
 * initrd the loader passes are ignored.
 * Linked at offset 0 of the file; the code is position-free until it runs at 0000:0600.
 */
#include "rom/boot_stub.h"
#include "rom/realmode_defs.h"

#define STUB_SEG 0x0060
#define SETUP_SECTS 1
#define KERNEL_ADDR 0x100000
#define IMAGE_KIND_LKRN 3
/* Where the body runs: the native body's 5000:7C00, or 0000:7C00 for wireboot-tls.lkrn's
 * (rom/module.mk passes -DBODY_RM_BASE=0). */
#ifndef BODY_RM_BASE
#define BODY_RM_BASE NATIVE_RM_BASE
#endif
/* The end of the base memory the body needs while it unpacks (its _end plus the packed copy
 * above it), from rom/module.mk. */
#ifndef BODY_MEM_END
#error "BODY_MEM_END: the body's _end plus its packed size (rom/module.mk)"
#endif

	.section .text, "ax"
	.code16
	.globl	_start
_start:
	/* Boot sector: never run (the loader enters the setup), but it is where the header
	 * starts. */
	.org	0x1F1
setup_sects:	.byte	SETUP_SECTS
root_flags:	.word	0
syssize:	.long	(body_end - body) / 16	/* the body is padded to 16 bytes */
ram_size:	.word	0
vid_mode:	.word	0xFFFF
root_dev:	.word	0
boot_flag:	.word	0xAA55
	/* 0x200: the setup entry.  The jump's byte at 0x201 also tells loaders where the
	 * header ends (0x202 + that byte). */
	jmp	setup
	.ascii	"HdrS"
version:	.word	0x0206
realmode_swtch:	.long	0
start_sys_seg:	.word	0x1000
kernel_version:	.word	version_string - 0x200
type_of_loader:	.byte	0
loadflags:	.byte	0x01			/* LOADED_HIGH: the body goes to 1 MiB */
setup_move_size: .word	0
code32_start:	.long	KERNEL_ADDR		/* where the loader put the body */
ramdisk_image:	.long	0
ramdisk_size:	.long	0
bootsect_kludge: .long	0
heap_end_ptr:	.word	0
ext_loader_ver:	.byte	0
ext_loader_type: .byte	0
cmd_line_ptr:	.long	0
initrd_addr_max: .long	0x7FFFFFFF
kernel_alignment: .long	0x1000
relocatable_kernel: .byte	0
min_alignment:	.byte	0
xloadflags:	.word	0
cmdline_size:	.long	255

/* In: CS = seg + 0x20, IP = 0 (the file's 0x200), the real-mode part at seg:0000. */
setup:
	cli
	cld
	/* Address the file from its start: CS = seg, IP = the link offset. */
	movw	%cs, %ax
	subw	$0x20, %ax
	pushw	%ax
	pushw	$1f
	lret
1:	/* Move the boot and setup sectors to STUB_SEG:0000, out of the body's way. */
	movw	%ax, %ds
	xorw	%si, %si
	movw	$STUB_SEG, %ax
	movw	%ax, %es
	xorw	%di, %di
	movw	$((SETUP_SECTS + 1) * 256), %cx
	rep movsw
	ljmp	$STUB_SEG, $moved
moved:
	xorw	%ax, %ax
	movw	%ax, %ss
	movw	$WB_LOAD_ADDR, %sp
	movw	%cs, %ax
	movw	%ax, %ds
	movw	%ax, %es
	/* Refuse, rather than overwrite an EBDA or a PXE stack, when the body's base memory is
	 * not free (INT 12h: KiB below the free-memory mark 40:13). */
	int	$0x12
	cmpw	$((BODY_MEM_END + 1023) >> 10), %ax
	jb	no_room
	/* INT 15h AH=87h moves at most 64 KiB (CX = 8000h words) a call: the body goes down in
	 * chunks, each descriptor's base advanced by the chunk. */
copy_chunk:
	movl	copy_left, %ecx
	testl	%ecx, %ecx
	jz	copied
	movl	$0x10000, %edx
	cmpl	%edx, %ecx
	jbe	1f
	movl	%edx, %ecx
1:	subl	%ecx, copy_left
	movl	code32_start, %eax	/* the source: where the loader put the body, */
	addl	%ecx, code32_start	/* advanced chunk by chunk in this copy of the header */
	movw	$gdt_src, %bx
	call	set_base
	movl	copy_dst, %eax
	addl	%ecx, copy_dst
	movw	$gdt_dst, %bx
	call	set_base
	shrl	$1, %ecx		/* bytes (even: the body is padded) to words */
	movw	$gdt, %si
	movb	$0x87, %ah
	sti
	int	$0x15
	cli
	jc	fail
	jmp	copy_chunk
copied:
	xorw	%ax, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	$0xFFFF, %ax
	movw	$IMAGE_KIND_LKRN, %bx
	ljmp	$(BODY_RM_BASE >> 4), $WB_LOAD_ADDR

fail:
	stub_fail msg
no_room:
	stub_fail msg_room

/* Set the block-move descriptor at BX to the linear base EAX (bits 0-23 and 24-31). */
set_base:
	movw	%ax, 2(%bx)
	shrl	$16, %eax
	movb	%al, 4(%bx)
	movb	%ah, 7(%bx)
	ret

msg:	.asciz	"wireboot.lkrn: INT 15h AH=87h could not copy the image below 1 MiB\r\n"
msg_room:
	.asciz	"wireboot.lkrn: too little free base memory (INT 12h) for the image\r\n"
version_string:
	.asciz	"wireboot"

/* The block move's descriptor table: dummy, GDT, source, destination, BIOS CS, SS. */
	.balign	8
gdt:
	.quad	0, 0
gdt_src:
	.word	0xFFFF, 0
	.byte	0, 0x93, 0, 0
gdt_dst:
	.word	0xFFFF, 0
	.byte	0, 0x93, 0, 0
	.quad	0, 0

/* The copy's progress: bytes still to move and where the next chunk goes. */
copy_left:	.long	body_end - body
copy_dst:	.long	BODY_RM_BASE + WB_LOAD_ADDR

	.org	(SETUP_SECTS + 1) * 512
body:
	.incbin	BODY_BIN
	.balign	16, 0
body_end:	/* any size that fits base memory from its run address (rom/module.mk checks) */

	.section .note.GNU-stack, "", @progbits
