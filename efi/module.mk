# SPDX-License-Identifier: GPL-2.0-or-later
#
# wireboot.efi: a UEFI x86-64 application built with gnu-efi (Debian's gnu-efi package) from
# the same core/net/loaders sources as the BIOS build, plus the platform in efi/.
#
# Objects: $(BUILD)/efi/<path>.o, -fpic freestanding x86-64 with the MS ABI for firmware calls.
# Link: gnu-efi's crt0 (self-relocating) + its linker script into a shared object, then
# objcopy to PE32+ (subsystem 10, EFI application).
#
# core/string.c supplies memcpy/memset for the whole image; libefi.a's init.o defines the
# same two symbols (for calls the compiler generates), so we link a copy of libefi.a with
# those two made weak: ours win, and there is exactly one implementation in the image.

GNU_EFI_INC ?= /usr/include/efi
GNU_EFI_LIB ?= /usr/lib

EFI_SRCS := efi/main.c efi/console.c efi/serial.c efi/clock.c efi/memory.c efi/pxebc.c efi/snp.c \
	efi/boot.c efi/boot_linux.c efi/initrd_lf2.c efi/boot_direct.c efi/legacy_tables.c \
	efi/boot_multiboot2.c efi/random.c efi/shim_lock.c efi/boot_efi_app.c efi/boot_disk.c \
	efi/power.c core/cpuid_x86.c
EFI_ASM_SRCS := efi/kernel_entry.S efi/sbat.S

EFI_CFLAGS := $(COMMON_CFLAGS) -O2 -isystem $(GNU_EFI_INC) -isystem $(GNU_EFI_INC)/x86_64 \
	-DGNU_EFI_USE_MS_ABI -DWB_FREESTANDING -DWB_PLATFORM_EFI \
	-fpic -fshort-wchar -mno-red-zone -ffreestanding -fno-builtin -fno-stack-protector \
	-fno-strict-aliasing -fno-stack-check -maccumulate-outgoing-args

EFI_OBJS := $(patsubst %.c,$(BUILD)/efi/%.o,$(CORE_SRCS) $(CORE_FW_SRCS) $(NET_SRCS) \
	$(LOADER_SRCS) $(CRYPTO_SRCS) $(EFI_SRCS)) $(patsubst %.S,$(BUILD)/efi/%.o,$(EFI_ASM_SRCS))

$(BUILD)/efi/%.o: %.c
	@mkdir -p $(@D)
	@echo "  CC      $@"
	$(Q)$(CC) $(EFI_CFLAGS) -c $< -o $@

$(BUILD)/efi/%.o: %.S
	@mkdir -p $(@D)
	@echo "  AS      $@"
	$(Q)$(CC) $(EFI_CFLAGS) -c $< -o $@

# .incbin is invisible to -MMD.
$(BUILD)/efi/efi/sbat.o: efi/sbat.csv

$(BUILD)/efi/libefi.a: $(GNU_EFI_LIB)/libefi.a
	@mkdir -p $(@D)
	@echo "  OBJCOPY $@"
	$(Q)objcopy --weaken-symbol=memcpy --weaken-symbol=memset $< $@

# gnu-efi's linker script with efi/sbat.lds inserted after .dynstr: the .sbat section that
# shim requires of a second stage (efi/sbat.S).
$(BUILD)/efi/wireboot.lds: $(GNU_EFI_LIB)/elf_x86_64_efi.lds efi/sbat.lds
	@mkdir -p $(@D)
	$(Q)sed '/\*(\.dynstr)/r efi/sbat.lds' $< > $@.tmp && grep -q '^ *\.sbat :' $@.tmp && mv $@.tmp $@

# $(call efi_link,DIR,TRUST_OBJ,EFI): link DIR/wireboot.so with TRUST_OBJ, then EFI from it.
# --no-undefined: a symbol missing from the image would otherwise become a dynamic
# relocation that gnu-efi's _relocate cannot resolve (a crash at run time).
define efi_link
$(1)/wireboot.so: $(EFI_OBJS) $(2) $(BUILD)/efi/libefi.a $(BUILD)/efi/bearssl/libbearssl.a \
		$(BUILD)/efi/wireboot.lds
	@echo "  LD      $$@"
	$(Q)ld -nostdlib -znocombreloc -shared -Bsymbolic --no-undefined \
		-T $(BUILD)/efi/wireboot.lds $(GNU_EFI_LIB)/crt0-efi-x86_64.o $(EFI_OBJS) $(2) \
		$(BUILD)/efi/bearssl/libbearssl.a \
		-o $$@ -L$(BUILD)/efi -lefi -L$(GNU_EFI_LIB) -lgnuefi
	$(Q)if readelf -rW $$@ | awk '/^ *[0-9a-f]+ +[0-9a-f]+ +R_X86_64_/ && $$$$3 != "R_X86_64_RELATIVE"' \
		| grep -q .; then echo "$$@: relocations gnu-efi cannot apply:"; \
		readelf -rW $$@ | grep R_X86_64_ | grep -v R_X86_64_RELATIVE; rm -f $$@; exit 1; fi

$(3): $(1)/wireboot.so
	@echo "  EFI     $$@"
	$(Q)objcopy -j .text -j .sdata -j .data -j .dynamic -j .dynsym -j .rel -j .rela \
		-j '.rel.*' -j '.rela.*' -j .reloc -j .sbat --target efi-app-x86_64 $$< $$@
endef

# wireboot.efi with the trust anchors of TRUST (net/module.mk); with TRUST_BUILD set
# elsewhere, TRUST_BUILD/wireboot.efi instead, from the same objects.
ifeq ($(abspath $(TRUST_BUILD)),$(abspath $(BUILD)/trust))
$(eval $(call efi_link,$(BUILD)/efi,$(TRUST_BUILD)/efi-trust_anchors.o,$(BUILD)/wireboot.efi))
else
$(eval $(call efi_link,$(TRUST_BUILD),$(TRUST_BUILD)/efi-trust_anchors.o,$(TRUST_BUILD)/wireboot.efi))
endif

PROGRAMS += $(BUILD)/wireboot.efi
