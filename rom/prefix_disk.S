// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Boot sector for disk and CD images (build/wireboot.usb, build/wireboot.iso): one 512-byte
 * sector followed by the packed native-driver body (BODY_BIN, the same file the option ROM
 * carries) and a 4-byte end mark.
 *
 *   USB/disk: the BIOS loads this MBR to 0000:7C00 with DL = drive; it moves itself to
 *             0000:0600, reads the following sectors to 0000:7E00 with INT 13h AH=42h.
 *   CD:       El Torito no-emulation boot with -boot-load-size covering the whole file: the
 *             BIOS has normally loaded everything (the end mark is in memory), nothing to
 *             read.  A BIOS that loaded less (some load only the first CD sector) is asked
 *             for the boot image's LBA (INT 13h AX=4B01h, El Torito specification packet:
 *             its drive is DL) and the whole file is read again to 0000:7C00 in 2048-byte
 *             CD sectors.
 *   ISO as a disk (hybrid): xorriso -isohybrid-mbr puts this sector in the ISO's system area
 *             and writes the LBA (512-byte units) of the El Torito boot image, i.e. of this
 *             file inside the ISO, at offset 0x1B0; it is 0 in wireboot.usb.  Either way the
 *             body starts one sector after that LBA.
 * Reads and the move go 32 KiB at a time, with segments, so the body may have any size that
 * fits base memory (its cap is checked by the build, rom/module.mk).
 * Then the body moves to its link address 5000:7C00 (NATIVE_RM_BASE) and runs with AX = FFFFh (no
 * option ROM device), BX = image kind (1 CD, 2 disk), DL = drive.
 * Linked at 0x0600 (where it runs after moving); the code before the move is position-free.
 */
#include "rom/boot_stub.h"
#include "rom/realmode_defs.h"

#define STUB_ADDR 0x0600
#define SPEC_PACKET (STUB_ADDR + 512)	/* INT 13h AX=4B01h's 13h-byte answer */
#define CHUNK_PARAS 0x800		/* 32 KiB per INT 13h read and per move (< 127 sectors) */
#define CHUNK (CHUNK_PARAS >> 5)	/* in 512-byte sectors */
#define END_MARK 0x444E4257		/* "WBND" */
/* The end mark's address as the BIOS loads the file at 0000:7C00, as segment:offset. */
#define END_MARK_LINEAR (WB_LOAD_ADDR + (end_mark - _start))

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
	movw	$(END_MARK_LINEAR >> 4), %ax
	movw	%ax, %es
	movb	$1, kind
	cmpl	$END_MARK, %es:(END_MARK_LINEAR & 15)
	je	relocate
	/* A CD whose BIOS loaded only part: read the whole file again, in 2048-byte sectors. */
	movw	$0x4B01, %ax
	movw	$SPEC_PACKET, %si
	int	$0x13
	jc	disk
	movb	drive, %al
	cmpb	%al, SPEC_PACKET + 2
	jne	disk
	movl	SPEC_PACKET + 4, %eax		/* the boot image's LBA */
	movw	$(WB_LOAD_ADDR >> 4), dap_seg
	movb	$7, sector_paras_log2
	movw	$((end_mark + 4 - _start + 2047) / 2048), %bp	/* sectors left */
	jmp	read
disk:
	/* Disk: read from sector image_lba + 1 on to 0000:7E00 in chunks. */
	movb	$2, kind
	movl	image_lba, %eax
	incl	%eax
	movw	$((end_mark + 4 - body + 511) / 512), %bp
read:
	movl	%eax, dap_lba
read_chunk:
	movb	sector_paras_log2, %cl
	movw	$CHUNK_PARAS, %ax
	shrw	%cl, %ax			/* sectors per chunk */
	cmpw	%ax, %bp
	jae	1f
	movw	%bp, %ax
1:	movw	%ax, dap_count
	subw	%ax, %bp
	movw	$dap, %si
	movb	$0x42, %ah
	movb	drive, %dl
	int	$0x13
	jc	fail
	movzwl	dap_count, %eax
	addl	%eax, dap_lba
	movb	sector_paras_log2, %cl
	shlw	%cl, %ax			/* sectors -> paragraphs */
	addw	%ax, dap_seg
	testw	%bp, %bp
	jnz	read_chunk
relocate:
	/* Body from 0000:7E00 up to its link address 5000:7C00 (no overlap), 32 KiB at a time. */
	movw	$((WB_LOAD_ADDR + 512) >> 4), %ax
	movw	$((NATIVE_RM_BASE + WB_LOAD_ADDR) >> 4), %dx
	movw	$((end_mark + 4 - body + 511) / 512), %bp	/* sectors left */
	cli
move:
	movw	$CHUNK, %cx
	cmpw	%cx, %bp
	jae	1f
	movw	%bp, %cx
1:	subw	%cx, %bp
	shlw	$8, %cx				/* sectors -> words */
	movw	%ax, %ds
	movw	%dx, %es
	xorw	%si, %si
	xorw	%di, %di
	rep movsw
	addw	$CHUNK_PARAS, %ax
	addw	$CHUNK_PARAS, %dx
	testw	%bp, %bp
	jnz	move
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
sector_paras_log2:
	.byte	5			/* paragraphs per sector, log2: 5 disk, 7 CD */
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
