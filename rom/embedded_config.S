// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The boot config built into an image with `make EMBED=file` (EMBED_FILE), NUL-terminated.
 * rom/platform_init.c passes it to the boot sequence in place of the pxelinux.cfg/ search:
 * DHCP still runs, and the config's files come from the DHCP server's TFTP server unless
 * they name another one ("10.0.0.1::bzImage").  Linked only into images built with EMBED.
 */
	.section .rodata.embedded_config, "a"
	.globl	rom_embedded_config
rom_embedded_config:
	.incbin	EMBED_FILE
	.byte	0

	.section .note.GNU-stack, "", @progbits
