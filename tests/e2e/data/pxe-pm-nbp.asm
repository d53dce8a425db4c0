; SPDX-License-Identifier: GPL-2.0-or-later
;
; A PXE boot program (NBP) for the e2e tests that calls the PXE API from 16-bit protected
; mode, as the PXE spec allows: entered at 0000:7C00 with [SS:SP+4] -> !PXE, it builds its
; own GDT from !PXE's UNDICode and UNDIData segment descriptors (physical base, size) plus
; its own code, data and stack segments, enters 16-bit protected mode and calls
;   GET_CACHED_INFO (DHCP ACK, copied into a buffer behind its own selector) through
;     EntryPointSP (16-bit stack),
;   UNDI_GET_NIC_TYPE through EntryPointESP (a 32-bit stack segment),
;   UNDI_GET_NIC_TYPE with its block behind an LDT selector (must be refused: AX 1, Status
;     UNSUPPORTED, nothing else written) through EntryPointSP,
; with every parameter block behind a selector whose base is not 0; then it goes back to
; real mode and prints on COM1 (0x3F8), all numbers 8 hex digits:
;   WB-NBP-PM gci=<AX:Status> ip=<yiaddr> mac=<chaddr 0-3><chaddr 4-5> nic=<AX:Status>
;     type=<NicType> id=<vendor:device> class=<dword at block+7: class, sub, prog-if, rev>
;     bdf=<BusDevFunc> sub=<dword at block+0xD: subvendor, subdevice> ldt=<AX:Status>
; (one line) and powers the machine off (ACPI, port 0x604).  Without !PXE, or with the entry
; points outside UNDICode's segment, it prints "WB-NBP-PM FAIL ..." instead.
; Build: nasm -f bin -I tests/e2e/data/ -o pm.0 pxe-pm-nbp.asm

	bits 16
	org 0x7c00

SEL_CODE	equ 0x08		; this program: 16-bit code, base 0
SEL_DATA	equ 0x10		; 16-bit data and stack (B=0), base 0
SEL_STACK32	equ 0x18		; the same memory as a 32-bit stack (B=1)
SEL_UNDI_CODE	equ 0x20		; from !PXE UNDICode
SEL_UNDI_DATA	equ 0x28		; from !PXE UNDIData
SEL_BLOCKS	equ 0x30		; the parameter blocks, base = blocks
SEL_BUFFER	equ 0x38		; GET_CACHED_INFO's buffer at 0x8000
SEL_LDT		equ 0x40		; this program's LDT (one descriptor)
SEL_LDT_BLOCKS	equ 0x04		; LDT index 0: the parameter blocks again
BUFFER		equ 0x8000
BUFFER_SIZE	equ 0x600

start:
	cli
	xor ax, ax
	mov ds, ax
	mov bp, sp
	les di, [ss:bp + 4]		; !PXE
	cld
	mov si, msg_no_pxe
	cmp dword [es:di], '!PXE'
	jne fail
	mov si, msg_entry		; both entries are in UNDICode's segment
	mov ax, [es:di + 0x30]		; UNDICode.Seg
	cmp ax, [es:di + 0x12]
	jne fail
	cmp ax, [es:di + 0x16]
	jne fail
	mov ax, [es:di + 0x10]		; EntryPointSP's offset
	mov [entry_sp], ax
	mov ax, [es:di + 0x14]		; EntryPointESP's offset
	mov [entry_esp], ax
	mov bx, gdt + SEL_UNDI_CODE
	mov eax, [es:di + 0x32]		; UNDICode: base, size
	mov cx, [es:di + 0x36]
	call set_desc
	mov bx, gdt + SEL_UNDI_DATA
	mov eax, [es:di + 0x2a]		; UNDIData: base, size
	mov cx, [es:di + 0x2e]
	call set_desc
	mov bx, gdt + SEL_BLOCKS
	mov eax, blocks
	mov cx, blocks_end - blocks
	call set_desc
	mov bx, ldt
	mov eax, blocks
	mov cx, blocks_end - blocks
	call set_desc

	lgdt [gdtr]
	mov eax, cr0
	or al, 1
	mov cr0, eax
	jmp SEL_CODE:pm16
pm16:
	mov ax, SEL_DATA
	mov ds, ax
	mov es, ax
	mov ss, ax
	mov ax, SEL_LDT
	lldt ax

	push word SEL_BLOCKS		; GET_CACHED_INFO through EntryPointSP
	push word gci_blk - blocks
	push word 0x71
	call far [entry_sp]
	add sp, 6
	mov [res_gci], ax

	movzx esp, sp			; UNDI_GET_NIC_TYPE through EntryPointESP, 32-bit stack
	mov ax, SEL_STACK32
	mov ss, ax
	push word SEL_BLOCKS
	push word nic_blk - blocks
	push word 0x12
	call far [entry_esp]
	add esp, 6
	mov [res_nic], ax
	mov bx, SEL_DATA
	mov ss, bx

	push word SEL_LDT_BLOCKS	; an LDT selector: refused
	push word ldt_blk - blocks
	push word 0x12
	call far [entry_sp]
	add sp, 6
	mov [res_ldt], ax

	mov eax, cr0
	and al, 0xfe
	mov cr0, eax
	jmp 0:rm16
rm16:
	xor ax, ax
	mov ds, ax
	mov es, ax
	mov ss, ax

	mov si, msg_gci
	mov ax, [res_gci]
	mov bx, gci_blk
	call put_result
	mov si, msg_ip
	mov eax, [BUFFER + 0x10]	; yiaddr
	call put_field
	mov si, msg_mac
	mov eax, [BUFFER + 0x1c]	; chaddr
	call put_field
	mov eax, [BUFFER + 0x20]
	shl eax, 16
	mov cx, 4
	call hex
	mov si, msg_nic
	mov ax, [res_nic]
	mov bx, nic_blk
	call put_result
	mov si, msg_type
	movzx eax, byte [nic_blk + 2]
	call put_field
	mov si, msg_id
	mov ax, [nic_blk + 3]		; vendor
	shl eax, 16
	mov ax, [nic_blk + 5]		; device
	call put_field
	mov si, msg_class
	mov eax, [nic_blk + 7]
	call put_field
	mov si, msg_bdf
	movzx eax, word [nic_blk + 0xb]
	call put_field
	mov si, msg_sub
	mov eax, [nic_blk + 0xd]
	call put_field
	mov si, msg_ldt
	mov ax, [res_ldt]
	mov bx, ldt_blk
	call put_result
	mov si, crlf
	call puts
	jmp poweroff

fail:
	call puts
	jmp poweroff

; GDT entry at BX: 16-bit, byte-granular, base EAX, CX bytes (access byte as preset).
set_desc:
	dec cx
	mov [bx], cx
	mov [bx + 2], ax
	shr eax, 16
	mov [bx + 4], al
	mov [bx + 7], ah
	ret

; Print the string at SI, then AX (a call's exit code) and the Status word at BX.
put_result:
	shl eax, 16
	mov ax, [bx]
; Print the string at SI, then EAX as 8 hex digits.
put_field:
	push eax
	call puts
	pop eax
	jmp hex32

%include "com1.inc"
%include "qemu-poweroff.inc"

msg_no_pxe:	db "WB-NBP-PM FAIL no !PXE", 13, 10, 0
msg_entry:	db "WB-NBP-PM FAIL entry points outside UNDICode", 13, 10, 0
msg_gci:	db "WB-NBP-PM gci=", 0
msg_ip:		db " ip=", 0
msg_mac:	db " mac=", 0
msg_nic:	db " nic=", 0
msg_type:	db " type=", 0
msg_id:		db " id=", 0
msg_class:	db " class=", 0
msg_bdf:	db " bdf=", 0
msg_sub:	db " sub=", 0
msg_ldt:	db " ldt=", 0
crlf:		db 13, 10, 0

	align 8
gdt:		dq 0
		dw 0xffff, 0, 0x9a00, 0x0000	; SEL_CODE
		dw 0xffff, 0, 0x9200, 0x0000	; SEL_DATA
		dw 0xffff, 0, 0x9200, 0x0040	; SEL_STACK32
		dw 0, 0, 0x9a00, 0		; SEL_UNDI_CODE (set_desc)
		dw 0, 0, 0x9200, 0		; SEL_UNDI_DATA (set_desc)
		dw 0, 0, 0x9200, 0		; SEL_BLOCKS (set_desc)
		dw BUFFER_SIZE - 1, BUFFER, 0x9200, 0	; SEL_BUFFER
		dw ldt_end - ldt - 1, ldt, 0x8200, 0	; SEL_LDT
gdt_end:
ldt:		dw 0, 0, 0x9200, 0		; SEL_LDT_BLOCKS (set_desc)
ldt_end:
gdtr:		dw gdt_end - gdt - 1
		dd gdt
entry_sp:	dw 0, SEL_UNDI_CODE
entry_esp:	dw 0, SEL_UNDI_CODE
res_gci:	dw 0
res_nic:	dw 0
res_ldt:	dw 0

	align 16
blocks:
gci_blk:	dw 0x5555, 2, BUFFER_SIZE	; Status, PacketType 2 (the ACK), BufferSize
		dd SEL_BUFFER << 16		; Buffer: SEL_BUFFER:0000
		dw 0
nic_blk:	dw 0x5555
		times 15 db 0xeb		; NicType and the rest, as iPXE pre-fills
ldt_blk:	dw 0x5555
		times 15 db 0
blocks_end:
