; SPDX-License-Identifier: GPL-2.0-or-later
;
; A Multiboot 1 test kernel for the e2e tests (tests/e2e/test_multiboot.py): prints on COM1
; (0x3F8) what the boot loader handed it, one fact per line:
;   MB-MAGIC=<eax>  MB-FLAGS=<info flags>  MB-MEM=<mem_lower>,<mem_upper>
;   MB-CMDLINE=<command line>|
;   MB-MOD=<mod_start>,<mod_end>,<CRC-32 of the module's bytes>,<string>|   (one per module)
;   MB-MMAP=<base>,<length>,<type>                                          (one per entry)
;   MB-LOADER=<boot_loader_name>|  MB-BSS=<0 when the bss came zeroed>  MB-DONE
; (numbers in hex), then powers QEMU off through the ACPI PM1a control port (0x604).
; Two builds of the one source:
;   nasm -f bin -I tests/e2e/data/ -DAOUT -o mbtest.aout multiboot-info.asm          a.out kludge, at 1 MiB
;   nasm -f elf32 -I tests/e2e/data/ -o mbtest.o multiboot-info.asm
;   ld -m elf_i386 -Ttext=0x200000 -e start -o mbtest.elf mbtest.o   ELF32, at 2 MiB

	bits 32
%ifdef AOUT
	org 0x100000
%define MB_FLAGS 0x00010003
%else
%define MB_FLAGS 0x00000003
	section .text
	global start
%endif

mb_header:
	dd 0x1BADB002
	dd MB_FLAGS
	dd -(0x1BADB002 + MB_FLAGS)
%ifdef AOUT
	dd mb_header		; header_addr
	dd mb_header		; load_addr: the file starts with the header
	dd load_end		; load_end_addr
	dd bss_end		; bss_end_addr
	dd start		; entry_addr
%endif

start:
	mov esp, stack_top
	mov [magic], eax
	mov [info], ebx
	cld

	mov esi, s_magic
	mov eax, [magic]
	call put_line_hex
	mov ebx, [info]
	mov esi, s_flags
	mov eax, [ebx]
	call put_line_hex
	mov esi, s_mem
	call puts
	mov eax, [ebx + 4]
	call hex32
	mov al, ','
	call putc
	mov eax, [ebx + 8]
	call hex32
	call newline

	mov esi, s_cmdline
	call puts
	mov esi, [ebx + 16]
	call puts
	call bar_newline

	; modules: start, end, CRC-32, string
	mov ecx, [ebx + 20]
	mov edi, [ebx + 24]
.mod:
	test ecx, ecx
	jz .mods_done
	push ecx
	mov esi, s_mod
	call puts
	mov eax, [edi]
	call hex32
	call comma
	mov eax, [edi + 4]
	call hex32
	call comma
	mov esi, [edi]
	mov ecx, [edi + 4]
	sub ecx, esi
	call crc32
	call hex32
	call comma
	mov esi, [edi + 8]
	call puts
	call bar_newline
	add edi, 16
	pop ecx
	dec ecx
	jmp .mod
.mods_done:

	; memory map: size, base (64), length (64), type
	mov edi, [ebx + 48]
	mov edx, edi
	add edx, [ebx + 44]
.mmap:
	cmp edi, edx
	jae .mmap_done
	mov esi, s_mmap
	call puts
	mov eax, [edi + 8]
	call hex32
	mov eax, [edi + 4]
	call hex32
	call comma
	mov eax, [edi + 16]
	call hex32
	mov eax, [edi + 12]
	call hex32
	call comma
	mov eax, [edi + 20]
	call hex32
	call newline
	add edi, [edi]
	add edi, 4
	jmp .mmap
.mmap_done:

	mov esi, s_loader
	call puts
	mov esi, [ebx + 64]
	call puts
	call bar_newline

	; the first 4 KiB of the bss (below the stack) must have come zeroed
	xor eax, eax
	mov esi, bss_check
	mov ecx, 1024
.bss:
	or eax, [esi]
	add esi, 4
	loop .bss
	mov esi, s_bss
	call put_line_hex
	mov esi, s_done
	call puts
	call newline

	jmp poweroff

; CRC-32 (IEEE) of ecx bytes at esi -> eax
crc32:
	push edx
	mov eax, 0xFFFFFFFF
.byte:
	test ecx, ecx
	jz .end
	xor al, [esi]
	inc esi
	mov edx, 8
.bit:
	shr eax, 1
	jnc .next
	xor eax, 0xEDB88320
.next:
	dec edx
	jnz .bit
	dec ecx
	jmp .byte
.end:
	not eax
	pop edx
	ret

; the string at esi, then eax in hex, then a newline
put_line_hex:
	push eax
	call puts
	pop eax
	call hex32
	jmp newline

comma:
	mov al, ','
	jmp putc

bar_newline:
	mov al, '|'
	call putc
newline:
	mov al, 10
	jmp putc

%include "com1.inc"
%include "qemu-poweroff.inc"

s_magic:	db "MB-MAGIC=", 0
s_flags:	db "MB-FLAGS=", 0
s_mem:		db "MB-MEM=", 0
s_cmdline:	db "MB-CMDLINE=", 0
s_mod:		db "MB-MOD=", 0
s_mmap:		db "MB-MMAP=", 0
s_loader:	db "MB-LOADER=", 0
s_bss:		db "MB-BSS=", 0
s_done:		db "MB-DONE", 0

%ifdef AOUT
	align 4
load_end:
magic		equ load_end
info		equ load_end + 4
bss_check	equ load_end + 8
stack_top	equ load_end + 0x2000
bss_end		equ stack_top
%else
	section .bss
	alignb 4
magic:		resd 1
info:		resd 1
bss_check:	resb 4096
		resb 4096
stack_top:
%endif
