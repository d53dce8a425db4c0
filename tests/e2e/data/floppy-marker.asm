; SPDX-License-Identifier: GPL-2.0-or-later
;
; Boot sector of a 1.44 MB floppy image for the e2e tests (memdisk, -fda; chain.c32 boots it
; as a partition's boot record too): prints "WIREBOOT-FLOPPY-OK drive=XX eax=XXXXXXXX
; type=XX lba=XXXXXXXX" (hex: the BIOS drive number in DL, EAX, and from the partition entry
; DS:SI points to at entry, its type byte and start LBA) straight to the COM1 UART at 0x3F8
; (115200 8N1), so it shows in QEMU's -serial log, then powers the machine off through the
; ACPI PM1a control port QEMU's BIOS sets up (0x604, SLP_EN with sleep type 0 = soft off); if
; that does nothing it halts for good.
; Build: nasm -f bin -I tests/e2e/data/ -o floppy.img floppy-marker.asm
; (the image is padded to 1,474,560 bytes)

	bits 16
	cpu 386
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
	mov [cs:entry_eax], eax
	mov al, [si + 4]		; DS:SI as the loader left it
	mov [cs:entry_type], al
	mov eax, [si + 8]
	mov [cs:entry_lba], eax
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
	mov si, eax_is
	call puts
	mov eax, [entry_eax]
	call hex32
	mov si, type_is
	call puts
	mov al, [entry_type]
	shl eax, 24
	mov cx, 2
	call hex
	mov si, lba_is
	call puts
	mov eax, [entry_lba]
	call hex32
	mov si, crlf
	call puts
	jmp poweroff

%include "com1.inc"
%include "qemu-poweroff.inc"

message:	db "WIREBOOT-FLOPPY-OK drive=", 0
eax_is:		db " eax=", 0
type_is:	db " type=", 0
lba_is:		db " lba=", 0
crlf:		db 13, 10, 0
drive:		db 0
entry_type:	db 0
entry_eax:	dd 0
entry_lba:	dd 0

	times 510 - ($ - $$) db 0
	dw 0xaa55
	times 1474560 - ($ - $$) db 0
