# SPDX-License-Identifier: GPL-2.0-or-later
# EFI programs for the e2e tests: build/tests/efi/fake-shim-{accept,refuse}.efi
# (tests/efi/fake_shim.c), a SHIM_LOCK with a fixed verdict in front of wireboot.efi.
FAKE_SHIMS := $(BUILD)/tests/efi/fake-shim-accept.efi $(BUILD)/tests/efi/fake-shim-refuse.efi

$(BUILD)/tests/efi/fake_shim_%.o: tests/efi/fake_shim.c
	@mkdir -p $(@D)
	@echo "  CC      $@"
	$(Q)$(CC) $(EFI_CFLAGS) -DFAKE_SHIM_ACCEPT=$(if $(filter accept,$*),1,0) -c $< -o $@

$(BUILD)/tests/efi/fake-shim-%.so: $(BUILD)/tests/efi/fake_shim_%.o
	@echo "  LD      $@"
	$(Q)ld -nostdlib -znocombreloc -shared -Bsymbolic --no-undefined \
		-T $(GNU_EFI_LIB)/elf_x86_64_efi.lds $(GNU_EFI_LIB)/crt0-efi-x86_64.o $< \
		-o $@ -L$(GNU_EFI_LIB) -lefi -lgnuefi

$(BUILD)/tests/efi/fake-shim-%.efi: $(BUILD)/tests/efi/fake-shim-%.so
	@echo "  EFI     $@"
	$(Q)objcopy -j .text -j .sdata -j .data -j .dynamic -j .dynsym -j .rel -j .rela \
		-j '.rel.*' -j '.rela.*' -j .reloc --target efi-app-x86_64 $< $@

PROGRAMS += $(FAKE_SHIMS)
