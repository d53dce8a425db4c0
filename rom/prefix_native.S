// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Entry of the native-driver body (rom/main_native.c), shared by every image that brings
 * wireboot without a PXE stack: the option ROM (rom/prefix_rom.S) and the disk/CD/lkrn
 * loaders copy the body to its link address RM_SEG:7C00 (rom/realmode_defs.h) and jump here
 * in real mode with
 *   AX = PCI bus/device/function of the option ROM's device, 0xFFFF if none
 *   BX = image kind: 0 option ROM, 1 CD, 2 USB/disk, 3 Linux-kernel (lkrn) image
 *   SS:SP = a real-mode stack for BIOS calls (the thunk runs on it)
 * start32 records them (rm_entry_state) and goes to protected mode.
 */
#include "rom/realmode_defs.h"

	.section .prefix, "ax"
	.code16
	.globl	_start
_start:
	A32JMP	$RM_SEG, $RM(1f)	/* canonical CS = RM_SEG */
1:	movl	$native_main, %ecx
	jmp	start32

	.section .note.GNU-stack, "", @progbits
