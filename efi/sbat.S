/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * wireboot.efi's .sbat section (efi/sbat.csv): shim refuses to start a second stage without
 * one under Secure Boot.  Its generation numbers are what a revocation (shim's SbatLevel)
 * compares against: raise wireboot's when a security fix must make older images unbootable.
 * efi/sbat.lds places the section; efi/module.mk copies it into the PE image.
 */
	.section .sbat, "a"
	.incbin "efi/sbat.csv"

	.section .note.GNU-stack, "", @progbits
