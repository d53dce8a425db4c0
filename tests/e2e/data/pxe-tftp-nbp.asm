; SPDX-License-Identifier: GPL-2.0-or-later
;
; A PXE boot program (NBP) for the e2e tests that reads a file through the PXE API's TFTP
; calls, as older and vendor NBPs do: entered at 0000:7C00 with [SS:SP+4] -> !PXE, it checks
; the !PXE signature, takes the TFTP server from the cached DHCP ACK (GET_CACHED_INFO, siaddr),
; asks TFTP_GET_FSIZE for "tftp-probe.bin", reads it with TFTP_OPEN (PacketSize 1024),
; TFTP_READ until the short packet (checking that packet numbers count 1, 2, ...) and
; TFTP_CLOSE, then prints on COM1 (0x3F8)
;   WB-NBP-TFTP fsize=XXXXXXXX read=XXXXXXXX blocks=XXXXXXXX hash=XXXXXXXX
; (hex; hash: h = h * 31 + byte over the file, from 0) and powers the machine off (ACPI,
; port 0x604).  A failed call prints "WB-NBP-TFTP FAIL op=XXXXXXXX status=XXXXXXXX" instead.
; Build: nasm -f bin -I tests/e2e/data/ -o probe.0 pxe-tftp-nbp.asm

	bits 16
	org 0x7c00

start:
	cli
	xor ax, ax
	mov ds, ax
	mov bp, sp
	les di, [ss:bp + 4]		; !PXE
	sti
	cld
	cmp dword [es:di], '!PXE'
	jne no_pxe
	mov eax, [es:di + 0x10]		; EntryPointSP (seg:off)
	mov [pxe_entry], eax

	mov bx, 0x71			; GET_CACHED_INFO, DHCP ACK, by reference (BufferSize 0)
	mov si, gci
	call pxe
	les di, [gci + 6]
	mov eax, [es:di + 0x14]		; siaddr: the TFTP server
	mov [fsize_blk + 2], eax
	mov [open_blk + 2], eax

	mov bx, 0x25			; TFTP_GET_FSIZE
	mov si, fsize_blk
	call pxe
	mov bx, 0x20			; TFTP_OPEN
	mov si, open_blk
	call pxe

next_packet:
	mov dword [read_blk + 6], 0x10000000	; 1000:0000
	mov bx, 0x22			; TFTP_READ
	mov si, read_blk
	call pxe
	inc dword [blocks]
	movzx eax, word [read_blk + 2]	; PacketNumber
	cmp eax, [blocks]
	jne bad_number
	movzx ecx, word [read_blk + 4]	; BufferSize
	add [total], ecx
	mov ax, 0x1000
	mov es, ax
	xor di, di
	mov eax, [hash]
	jcxz .hashed
.byte:
	imul eax, eax, 31
	movzx edx, byte [es:di]
	add eax, edx
	inc di
	loop .byte
.hashed:
	mov [hash], eax
	mov ax, [read_blk + 4]
	cmp ax, [open_blk + 0x8c]	; a full packet: more follow
	je next_packet

	mov bx, 0x21			; TFTP_CLOSE
	mov si, close_blk
	call pxe

	mov si, msg_fsize
	call puts
	mov eax, [fsize_blk + 0x8a]
	call hex32
	mov si, msg_read
	call puts
	mov eax, [total]
	call hex32
	mov si, msg_blocks
	call puts
	mov eax, [blocks]
	call hex32
	mov si, msg_hash
	call puts
	mov eax, [hash]
	call hex32
	mov si, crlf
	call puts
	jmp poweroff

no_pxe:
	mov si, msg_no_pxe
	call puts
	jmp poweroff

bad_number:
	mov word [read_blk], 0xffff	; reported as the READ's status FFFF
	jmp fail

; Call the !PXE entry: BX = opcode, DS:SI = parameter block; on failure report and stop.
pxe:
	mov [last_op], bx
	mov [last_block], si
	push ds
	push si
	push bx
	call far [pxe_entry]
	add sp, 6
	test ax, ax
	jnz fail
	ret
fail:
	mov si, msg_fail
	call puts
	movzx eax, word [last_op]
	call hex32
	mov si, msg_status
	call puts
	mov bx, [last_block]		; every block starts with its Status word
	movzx eax, word [bx]
	call hex32
	mov si, crlf
	call puts
	jmp poweroff

%include "com1.inc"
%include "qemu-poweroff.inc"

msg_no_pxe:	db "WB-NBP-TFTP FAIL no !PXE", 13, 10, 0
msg_fail:	db "WB-NBP-TFTP FAIL op=", 0
msg_status:	db " status=", 0
msg_fsize:	db "WB-NBP-TFTP fsize=", 0
msg_read:	db " read=", 0
msg_blocks:	db " blocks=", 0
msg_hash:	db " hash=", 0
crlf:		db 13, 10, 0


	align 4
pxe_entry:	dd 0
last_op:	dw 0
last_block:	dw 0
total:		dd 0
blocks:		dd 0
hash:		dd 0
gci:		dw 0, 2, 0		; Status, PacketType 2, BufferSize 0
		dd 0			; Buffer
close_blk:	dw 0
read_blk:	dw 0, 0, 0		; Status, PacketNumber, BufferSize
		dd 0			; Buffer
fsize_blk:	dw 0			; Status
		dd 0, 0			; ServerIP, GatewayIP
		db "tftp-probe.bin", 0
		times fsize_blk + 0x8a - $ db 0
		dd 0			; FileSize
open_blk:	dw 0
		dd 0, 0
		db "tftp-probe.bin", 0
		times open_blk + 0x8a - $ db 0
		dw 0x4500		; TFTPPort 69, network order
		dw 1024			; PacketSize (the server agrees: blksize 1024)
