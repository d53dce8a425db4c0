// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * PCI expansion ROM prefix (PnP 1.0A option ROM with a Boot Entry Vector).  Linked at
 * offset 0 of the ROM and run from wherever the BIOS shadows it (CS = ROM segment), so
 * everything here is CS-relative.  The packed native-driver body (rom/prefix_native.S + C,
 * linked at 5000:7C00, NATIVE_RM_BASE; the same file format as wireboot.pxe) follows as data
 * (BODY_BIN).
 *
 *   init (offset 3, during POST): remember the PCI bus/dev/fn in AX, keeping the checksum;
 *        report an IPL device.  The BIOS registers the BEV from the $PnP header.
 *   BEV  (when the BIOS boots this entry): own stack below 7C00, copy the body to 5000:7C00
 *        and jump to it with AX = bus/dev/fn, BX = 0 (image kind: option ROM); the body's
 *        start32 unpacks itself (rom/lzpack.py, rom/unpack.c) as wireboot.pxe does.
 *
 * scripts/rom-set-ids --finalise pads the image, writes the sizes (header byte 2, PCIR
 * image length), the $PnP checksum and the image checksum, and checks the size cap.
 */
#include "rom/realmode_defs.h"

#ifndef PCI_VENDOR
#define PCI_VENDOR 0x1AF4
#endif
#ifndef PCI_DEVICE
#define PCI_DEVICE 0x1000
#endif

	.section .text, "ax"
	.code16
	.globl	_start
_start:
	.byte	0x55, 0xAA
	.byte	0			/* size in 512-byte blocks (--finalise) */
	jmp	init			/* offset 3: init entry */
	.org	0x06
csum_fix:
	.byte	0			/* adjusted when init stores the device address */
rom_bdf:
	.word	0			/* PCI bus << 8 | dev << 3 | fn, stored by init */
	.org	0x18
	.word	pcir
	.word	pnp

	.balign	4
pcir:
	.ascii	"PCIR"
	.word	PCI_VENDOR, PCI_DEVICE	/* must match the device (scripts/rom-set-ids) */
	.word	0			/* no VPD / device list */
	.word	0x18			/* structure length */
	.byte	0			/* structure revision */
	.byte	0x00, 0x00, 0x02	/* class 020000: Ethernet controller */
	.word	0			/* image length in 512-byte blocks (--finalise) */
	.word	0x0001			/* code revision */
	.byte	0			/* code type: x86 PC-AT */
	.byte	0x80			/* last image */
	.word	0

	.balign	16
pnp:
	.ascii	"$PnP"
	.byte	1			/* revision */
	.byte	2			/* length in 16-byte units */
	.word	0			/* next header: none */
	.byte	0
	.byte	0			/* checksum of these 32 bytes (--finalise) */
	.long	0			/* device identifier */
	.word	manufacturer
	.word	product
	.byte	0x02, 0x00, 0x00	/* device type: network, Ethernet */
	.byte	0x54			/* shadowable, only needed when booted, IPL device */
	.word	0			/* BCV: none */
	.word	0			/* DV: none */
	.word	bev			/* BEV: SeaBIOS lists us as a network boot entry */
	.word	0
	.word	0			/* static resource information: none */

manufacturer:
	.asciz	"wireboot"
product:
	.asciz	"wireboot native network boot"

/* POST init: far-called with AX = bus/devfn, ES:DI -> $PnP installation check. */
init:
	pushw	%ds
	pushw	%cs
	popw	%ds
	movw	%ax, rom_bdf		/* the image is still writable shadow RAM here */
	subb	%al, csum_fix		/* keep the byte sum at zero */
	subb	%ah, csum_fix
	movw	$0x0020, %ax		/* IPL device attached */
	popw	%ds
	lret

/* Boot Entry Vector: far-called with AX = AA55h when the BIOS boots this entry. */
bev:
	cli
	cld
	xorw	%ax, %ax
	movw	%ax, %ss
	movw	$WB_LOAD_ADDR, %sp	/* 30 KiB of free base memory below the body */
	pushw	%cs
	popw	%ds
	movw	$((NATIVE_RM_BASE + WB_LOAD_ADDR) >> 4), %ax
	movw	%ax, %es
	xorw	%di, %di
	movw	$body, %si
	movw	$(body_end - body), %cx
	rep movsb
	movw	rom_bdf, %ax
	xorw	%bx, %bx		/* image kind 0: option ROM */
	ljmp	$(NATIVE_RM_BASE >> 4), $WB_LOAD_ADDR

body:
	.incbin	BODY_BIN
body_end:

	.section .note.GNU-stack, "", @progbits
