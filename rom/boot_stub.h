/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Assembly shared by the loader stubs that run before the body (rom/prefix_disk.S,
 * rom/prefix_lkrn.S). */
#ifndef WB_ROM_BOOT_STUB_H
#define WB_ROM_BOOT_STUB_H

/* Real mode: print the NUL-terminated string at DS:\msg with INT 10h teletype, then INT 18h
 * (the BIOS goes on with the next boot device, or says there is none). */
.macro	stub_fail msg
	movw	$\msg, %si
1000:	lodsb
	testb	%al, %al
	jz	1001f
	movb	$0x0E, %ah
	movw	$0x0007, %bx
	int	$0x10
	jmp	1000b
1001:	int	$0x18
.endm

#endif
