; SPDX-License-Identifier: GPL-2.0-or-later
;
; Boot sector of a 1.44 MB floppy image for the e2e tests (memdisk, -fda): prints
; "WIREBOOT-FLOPPY-OK drive=XX" (XX = the BIOS drive number in DL, hex) straight to the COM1
; UART at 0x3F8 (115200 8N1), so it shows in QEMU's -serial log, then powers the machine off
; through the ACPI PM1a control port QEMU's BIOS sets up (0x604, SLP_EN with sleep type 0 =
; soft off); if that does nothing it halts for good.
; Build: nasm -f bin -I tests/e2e/data/ -o floppy.img floppy-marker.asm
; (the image is padded to 1,474,560 bytes)

	bits 16
	org 0x7c00

	jmp short start
	nop
	; A DOS 3.31 BIOS parameter block for a 1.44 MB floppy, so tools that read it agree.
	db "WIREBOOT"		; OEM name
	dw 512			; bytes per sector
	db 1			; sectors per cluster
	dw 1			; reserved sectors
	db 2			; FATs
	dw 224			; root directory entries
	dw 2880			; total sectors
	db 0xf0			; media descriptor
	dw 9			; sectors per FAT
	dw 18			; sectors per track
	dw 2			; heads
	dd 0			; hidden sectors
	dd 0			; large total sectors

start:
	cli
	xor ax, ax
	mov ds, ax
	mov es, ax
	mov ss, ax
	mov sp, 0x7c00
	sti
	cld
	mov [drive], dl

	; COM1: DLAB on, divisor 1 (115200), 8N1, FIFOs on, DTR+RTS.
	mov dx, 0x3f9
	xor al, al
	out dx, al		; no interrupts
	mov dx, 0x3fb
	mov al, 0x80
	out dx, al
	mov dx, 0x3f8
	mov al, 1
	out dx, al
	mov dx, 0x3f9
	xor al, al
	out dx, al
	mov dx, 0x3fb
	mov al, 3
	out dx, al
	mov dx, 0x3fa
	mov al, 0xc7
	out dx, al
	mov dx, 0x3fc
	mov al, 3
	out dx, al

	mov si, message
	call puts
	mov al, [drive]
	shl eax, 24
	mov cx, 2
	call hex
	mov si, crlf
	call puts

	; ACPI soft-off (QEMU PIIX4/ICH9 PM1a_CNT at PMBASE 0x600 + 4).
	mov dx, 0x604
	mov ax, 0x2000
	out dx, ax
halt:
	hlt
	jmp halt

%include "com1.inc"

message:	db "WIREBOOT-FLOPPY-OK drive=", 0
crlf:		db 13, 10, 0
drive:		db 0

	times 510 - ($ - $$) db 0
	dw 0xaa55
	times 1474560 - ($ - $$) db 0
