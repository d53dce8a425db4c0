// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Boot sector for disk and CD images (build/wireboot.usb, build/wireboot.iso): one 512-byte
 * sector followed by the packed native-driver body (BODY_BIN, the same file the option ROM
 * carries) and a 4-byte end mark.
 *
 *   USB/disk: the BIOS loads this MBR to 0000:7C00 with DL = drive; it moves itself to
 *             0000:0600, reads the following sectors to 0000:7E00 with INT 13h AH=42h.
 *   CD:       El Torito no-emulation boot with -boot-load-size covering the whole file: the
 *             BIOS has already loaded everything (the end mark is in memory), nothing to read.
 *   ISO as a disk (hybrid): xorriso -isohybrid-mbr puts this sector in the ISO's system area
 *             and writes the LBA (512-byte units) of the El Torito boot image, i.e. of this
 *             file inside the ISO, at offset 0x1B0; it is 0 in wireboot.usb.  Either way the
 *             body starts one sector after that LBA.
 * Then the body moves to its link address 5000:7C00 (NATIVE_RM_BASE) and runs with AX = FFFFh (no
 * option ROM device), BX = image kind (1 CD, 2 disk), DL = drive.
 * Linked at 0x0600 (where it runs after moving); the code before the move is position-free.
 */
#include "rom/boot_stub.h"
#include "rom/realmode_defs.h"

#define STUB_ADDR 0x0600
#define CHUNK 64			/* sectors per INT 13h read (32 KiB, < 127) */
#define END_MARK 0x444E4257		/* "WBND" */

	.section .text, "ax"
	.code16
	.globl	_start
_start:
	cli
	xorw	%ax, %ax
	movw	%ax, %ss
	movw	$WB_LOAD_ADDR, %sp
	movw	%ax, %ds
	movw	%ax, %es
	cld
	movw	$WB_LOAD_ADDR, %si
	movw	$STUB_ADDR, %di
	movw	$256, %cx
	rep movsw
	ljmp	$0, $moved
moved:
	sti
	movb	%dl, drive
	/* Everything loaded already (El Torito)?  Look for the end mark after the body. */
	movw	$(WB_LOAD_ADDR >> 4), %ax
	movw	%ax, %es
	movb	$1, kind
	cmpl	$END_MARK, %es:(end_mark - _start)
	je	relocate
	movb	$2, kind
	/* Disk: read from sector image_lba + 1 on to 0000:7E00 in chunks. */
	movl	image_lba, %eax
	incl	%eax
	movl	%eax, dap_lba
	movw	$((end_mark + 4 - body + 511) / 512), %bp	/* sectors left */
read:
	movw	$CHUNK, %ax
	cmpw	%ax, %bp
	jae	1f
	movw	%bp, %ax
1:	movw	%ax, dap_count
	movw	$dap, %si
	movb	$0x42, %ah
	movb	drive, %dl
	int	$0x13
	jc	fail
	movzwl	dap_count, %eax
	addl	%eax, dap_lba
	shlw	$5, %ax			/* sectors -> paragraphs */
	addw	%ax, dap_seg
	shrw	$5, %ax
	subw	%ax, %bp
	jnz	read
relocate:
	/* Body from 0000:7E00 up to its link address 5000:7C00 (no overlap). */
	movw	$((WB_LOAD_ADDR + 512) >> 4), %ax
	movw	%ax, %ds
	movw	$((NATIVE_RM_BASE + WB_LOAD_ADDR) >> 4), %ax
	movw	%ax, %es
	xorw	%si, %si
	xorw	%di, %di
	movw	$(end_mark - body), %cx
	cli
	rep movsb
	xorw	%ax, %ax
	movw	%ax, %ds
	movb	drive, %dl
	xorb	%bh, %bh
	movb	kind, %bl
	movw	$0xFFFF, %ax
	ljmp	$(NATIVE_RM_BASE >> 4), $WB_LOAD_ADDR

fail:
	stub_fail msg

msg:	.asciz	"wireboot: disk read error\r\n"
drive:	.byte	0
kind:	.byte	0
	.balign	4
dap:	.byte	0x10, 0
dap_count:
	.word	0
	.word	0			/* buffer offset */
dap_seg:
	.word	(WB_LOAD_ADDR + 512) >> 4
dap_lba:
	.quad	0

	.org	0x1B0
image_lba:
	.quad	0			/* this file's LBA: 0, or set by xorriso -isohybrid-mbr */
	.long	0x57425442		/* disk signature */
	.word	0
	/* One active partition over the image (type DA: non-file-system data), LBA only. */
	.byte	0x80, 0xFE, 0xFF, 0xFF, 0xDA, 0xFE, 0xFF, 0xFF
	.long	1
	.long	(end_mark + 4 - body + 511) / 512
	.org	0x1FE
	.byte	0x55, 0xAA
body:
	.incbin	BODY_BIN
end_mark:
	.long	END_MARK
	.balign	512, 0

	.section .note.GNU-stack, "", @progbits
