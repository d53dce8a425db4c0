# SPDX-License-Identifier: GPL-2.0-or-later
#
# BIOS firmware (x86, 32-bit flat protected mode + real-mode thunk), docs/bios-images.md:
#   build/wireboot.pxe          PXE network boot program (chainloaded by the firmware's PXE ROM)
#   build/wireboot-pxetftp.pxe  the same, always through the PXE ROM's TFTP API (never UNDI)
#   build/wireboot-virtio.rom   PCI expansion ROM for virtio-net (1AF4:1000), its driver only
#   build/wireboot-e1000.rom    the same for an Intel 82540EM (8086:100E), the e1000 driver only
#   build/wireboot.usb          disk image: MBR + body
#   build/wireboot.iso          El Torito CD, hybrid (also a disk image), + EFI System Partition
#   build/wireboot.lkrn         Linux-kernel-format image (bzImage with a 16-bit setup)
# Build options (the images are rebuilt when they change):
#   PXE_NATIVE=0   wireboot.pxe always uses the PXE ROM's UNDI, even for a NIC it has a
#                  native driver for (default 1: unload the PXE stack, drive the NIC itself)
#   EMBED=file     build this pxelinux-style config into every BIOS image; it replaces the
#                  pxelinux.cfg/ search (DHCP still runs)
#   ISO_EFI=0      wireboot.iso without the EFI System Partition (BIOS boot only)
# Objects: $(BUILD)/bios/...; the portable code goes into an archive so the linker takes only
# what the firmware uses.  The bodies, linked at 0000:7C00 and packed (rom/lzpack.py):
# wireboot-pxe (PXE API + UNDI + native drivers), wireboot-native (both native drivers, for
# the disk/CD and lkrn images) and wireboot-native-NIC (one driver: the option ROMs), which
# rom/prefix_{rom,disk,lkrn}.S wrap as the images.

BIOS_CC ?= gcc
BIOS_ROM_CAP := 65536

# Optimised for size above all (measured on the packed images, docs/bios-images.md): -Oz over
# -Os, no jump tables, points-to analysis across the whole program.
BIOS_OPT := -Oz -fno-jump-tables -fipa-pta
BIOS_CFLAGS := $(COMMON_CFLAGS) -m32 -march=i686 $(BIOS_OPT) -ffreestanding -fno-builtin -nostdlib \
	-fno-pic -fno-pie -fno-stack-protector -mgeneral-regs-only -mregparm=3 -fomit-frame-pointer \
	-mpreferred-stack-boundary=2 -fno-asynchronous-unwind-tables -ffunction-sections \
	-fdata-sections -fno-delete-null-pointer-checks --param=min-pagesize=0 \
	-DWB_FREESTANDING -DWB_PLATFORM_BIOS
BIOS_ASFLAGS := -m32 -I. -MMD -MP -D__ASSEMBLY__
# Link-time optimisation shrinks the packed bodies (cross-file inlining and dead-code removal).
# rom/divdi3.c stays out of it: LTO would drop __udivdi3, which gcc itself calls after LTO.
BIOS_LTO := -flto=auto -flto-partition=one -ffat-lto-objects
BIOS_CFLAGS += $(BIOS_LTO)
BIOS_AR := gcc-ar
BIOS_LDFLAGS := $(BIOS_LTO) $(BIOS_OPT) -m32 -nostdlib -static -no-pie -Wl,--gc-sections -Wl,--build-id=none -Wl,--no-warn-rwx-segments \
	-Wl,-T,rom/wireboot.lds

PXE_NATIVE ?= 1
EMBED ?=
ISO_EFI ?= 1
ifneq ($(EMBED),)
ifeq ($(wildcard $(EMBED)),)
$(error EMBED=$(EMBED): no such file)
endif
endif

# Shared by every BIOS image (rom/realmode.S too, assembled per body: see RM_BASE below).
ROM_COMMON_SRCS := rom/realmode_call.c rom/a20.c rom/serial.c rom/vgacon.c \
	rom/clock.c rom/memmap.c rom/boot.c rom/boot_linux.c rom/boot_multiboot.c rom/divdi3.c rom/unpack.c rom/platform_init.c \
	rom/smbios.c rom/boot_disk.c rom/power.c rom/poweroff.c rom/acpi.c core/cpuid_x86.c
# Native NIC drivers (rom/nic_probe.c takes them as weak references: an option ROM's body
# links only its own NIC's).
ROM_NIC_DRIVERS := rom/virtio_net.c rom/e1000.c
ROM_DRIVER_SRCS := rom/pci.c rom/pci_io.c rom/nic_probe.c $(ROM_NIC_DRIVERS)
# The PXE NBP: prefix, PXE API, UNDI netdev, main.
ROM_PXE_SRCS := rom/prefix_pxe.S rom/realmode.S rom/pxe.c rom/pxe_tftp.c rom/undi.c rom/main_pxe.c rom/boot_pxe.c \
	rom/nbp_enter.S $(ROM_DRIVER_SRCS)
# Without a PXE stack: the option ROM, CD / USB / lkrn images.  Their body runs high in base
# memory (NATIVE_RM_BASE, rom/realmode_defs.h) and offers its own PXE API to a chained PXE
# program (rom/pxe_api*.c).
ROM_NATIVE_SRCS := rom/prefix_native.S rom/realmode.S rom/pxe_api_entry.S rom/main_native.c \
	rom/pxe_api.c $(ROM_DRIVER_SRCS)

# Kept out of the BIOS images (64 KiB), each replaced by a small stand-in: the Multiboot 2
# parser (wireboot.efi's; BIOS loads Multiboot 1), the no_boot plan report, IPv6 address
# text (the BIOS images carry no IPv6) and chain.c32's logical/GPT partitions (the images
# with room link loaders/partition_table.c: wireboot.usb/.iso, wireboot.lkrn, wireboot-tls.pxe).
ROM_PARTITION_SRCS := loaders/partition_table.c
BIOS_LIB_SRCS = $(CORE_SRCS) $(CORE_FW_SRCS) $(filter-out net/ip6_text.c,$(NET_SRCS)) \
	$(CRYPTO_ABSENT_SRCS) \
	$(filter-out loaders/multiboot2.c loaders/boot_plan_print.c $(ROM_PARTITION_SRCS),$(LOADER_SRCS)) \
	rom/multiboot2_absent.c rom/boot_plan_quiet.c rom/ip6_text_absent.c rom/partition_table_primary.c
BIOS_RM_BASE := 0
bios_objs = $(patsubst %.S,$(BUILD)/bios/%.o,$(patsubst %.c,$(BUILD)/bios/%.o,$(1)))
# The native body's assembly is linked at NATIVE_RM_BASE + 7C00h: its own objects.
NATIVE_RM_BASE := $(shell awk '/define NATIVE_RM_BASE/ { print $$3 }' rom/realmode_defs.h)
native_objs = $(patsubst %.S,$(BUILD)/bios/native/%.o,$(filter %.S,$(1))) $(call bios_objs,$(filter %.c,$(1)))

$(BUILD)/bios/native/%.o: %.S
	@mkdir -p $(@D)
	@echo "  AS32    $@"
	$(Q)$(BIOS_CC) $(BIOS_ASFLAGS) -DRM_BASE=NATIVE_RM_BASE -c $< -o $@

$(BUILD)/bios/%.o: %.c
	@mkdir -p $(@D)
	@echo "  CC32    $@"
	$(Q)$(BIOS_CC) $(BIOS_CFLAGS) -c $< -o $@

$(BUILD)/bios/%.o: %.S
	@mkdir -p $(@D)
	@echo "  AS32    $@"
	$(Q)$(BIOS_CC) $(BIOS_ASFLAGS) -c $< -o $@

$(BUILD)/bios/libfw.a: $(call bios_objs,$(BIOS_LIB_SRCS))
	@echo "  AR      $@"
	$(Q)rm -f $@ && $(BIOS_AR) rcs $@ $^

# The options the images were built with, rewritten only when they change, so that changing
# an option rebuilds what depends on it.
BIOS_OPTIONS := PXE_NATIVE=$(PXE_NATIVE) EMBED=$(abspath $(EMBED)) ISO_EFI=$(ISO_EFI)
$(BUILD)/bios/options: FORCE
	@mkdir -p $(@D)
	$(Q)echo '$(BIOS_OPTIONS)' | cmp -s - $@ || echo '$(BIOS_OPTIONS)' > $@
.PHONY: FORCE
FORCE:

$(BUILD)/bios/rom/divdi3.o: BIOS_CFLAGS += -fno-lto

$(BUILD)/bios/rom/main_pxe.o: $(BUILD)/bios/options
$(BUILD)/bios/rom/main_pxe.o: BIOS_CFLAGS += -DWB_PXE_NATIVE=$(PXE_NATIVE)
# wireboot-pxetftp.pxe: main_pxe.c built to skip UNDI and the native drivers.
$(BUILD)/bios/rom/main_pxetftp.o: rom/main_pxe.c
	@mkdir -p $(@D)
	@echo "  CC32    $@"
	$(Q)$(BIOS_CC) $(BIOS_CFLAGS) -DWB_PXE_UNDI=0 -c $< -o $@

# EMBED: the file as NUL-terminated text in .rodata (rom/embedded_config.S); no NUL inside.
ROM_EMBED_OBJ := $(if $(EMBED),$(BUILD)/bios/rom/embedded_config.o)
$(BUILD)/bios/rom/embedded_config.o: rom/embedded_config.S $(EMBED) $(BUILD)/bios/options
	@mkdir -p $(@D)
	@echo "  EMBED   $(EMBED)"
	$(Q)if tr -d '\000' < $(EMBED) | cmp -s - $(EMBED); then :; else \
		echo "error: EMBED=$(EMBED) contains NUL bytes: not a text config" >&2; exit 1; fi
	$(Q)$(BIOS_CC) $(BIOS_ASFLAGS) -DEMBED_FILE='"$(abspath $(EMBED))"' -c $< -o $@

$(BUILD)/bios/wireboot-pxe.elf: $(call bios_objs,$(ROM_COMMON_SRCS) $(ROM_PXE_SRCS))
# Every native body (wireboot-native.elf, wireboot-native-*.elf) runs at NATIVE_RM_BASE + 7C00h.
$(BUILD)/bios/wireboot-native.elf: BIOS_RM_BASE := $(NATIVE_RM_BASE)
$(BUILD)/bios/wireboot-native-%.elf: BIOS_RM_BASE := $(NATIVE_RM_BASE)
$(BUILD)/bios/wireboot-pxetftp.elf: $(call bios_objs,$(ROM_COMMON_SRCS) \
	$(filter-out rom/main_pxe.c,$(ROM_PXE_SRCS))) $(BUILD)/bios/rom/main_pxetftp.o
$(BUILD)/bios/wireboot-%.elf: $(ROM_EMBED_OBJ) $(BUILD)/bios/libfw.a rom/wireboot.lds $(BUILD)/bios/options
	$(call bios_link,$(BUILD)/bios/libfw.a)

# $(call bios_link,ARCHIVES): link the objects among the prerequisites, then ARCHIVES.
define bios_link
	@echo "  LD      $@"
	$(Q)$(BIOS_CC) $(BIOS_LDFLAGS) -Wl,--defsym=RM_BASE=$(BIOS_RM_BASE) -o $@ $(filter %.o,$^) $(1)
endef

# $(call section_field,ELF,SECTION,FIELD): a section's size (3) or address (4), as 0x... .
section_field = 0x$$(objdump -h $(1) | awk '$$2 == "$(2)" { print $$$(3) }')

# The loaded sections as a flat file (from .text16 at RM_BASE + 7C00h), the body packed: .text16 as is, the rest
# from .data16 (_body_start) on compressed (start32 unpacks it: rom/lzpack.py, rom/unpack.c).
$(BUILD)/bios/wireboot-%.bin: $(BUILD)/bios/wireboot-%.elf rom/lzpack.py
	$(bios_pack)

define bios_pack
	@echo "  PACK    $@"
	$(Q)objcopy -O binary -j .text16 -j .data16 -j .data -j .rodata -j .text $< $@.unpacked
	$(Q)$(PYTHON) rom/lzpack.py $@.unpacked $(call section_field,$<,.text16,3) \
		$$(( $(call section_field,$<,.data16,4) - $(call section_field,$<,.text16,4) )) $@
endef

# $(call check_base_mem,ELF,PACKED,START,CAP): the finished image's size and the base memory
# its body occupies while start32 unpacks it (START up to ELF's _end plus the packed body
# PACKED, copied there), reported and checked against CAP (the build fails above it).
check_base_mem = size=$$(stat -c %s $@); end=$$(( 0x$$(nm $(1) | awk '$$3 == "_end" { print $$1 }') + $$(stat -c %s $(2)) )); \
	printf '  SIZE    %s: %s bytes, base memory %\#x-%\#x while unpacking (cap %\#x)\n' $@ $$size $$(( $(3) )) $$end $$(( $(4) )); \
	if [ $$end -gt $$(( $(4) )) ]; then \
		echo "error: $@ needs base memory up to $$(printf %\#x $$end), over the $(4) cap" >&2; rm -f $@; exit 1; fi

# A finished image's size, reported and checked against the cap (the build fails above it).
check_cap = size=$$(stat -c %s $@); echo "  SIZE    $@: $$size bytes (cap $(BIOS_ROM_CAP))"; \
	if [ $$size -gt $(BIOS_ROM_CAP) ]; then \
		echo "error: $@ is $$size bytes, over the $(BIOS_ROM_CAP)-byte cap" >&2; rm -f $@; exit 1; fi

$(BUILD)/wireboot.pxe: $(BUILD)/bios/wireboot-pxe.bin
	$(Q)cp $< $@
	$(Q)$(check_cap)

$(BUILD)/wireboot-pxetftp.pxe: $(BUILD)/bios/wireboot-pxetftp.bin
	$(Q)cp $< $@
	$(Q)$(check_cap)

# The loaders around the native body (.incbin), each linked as a flat binary:
#   prefix_rom.S   PCI option ROM header, at offset 0 of the ROM
#   prefix_disk.S  MBR / El Torito boot sector, runs at 0000:0600
#   prefix_lkrn.S  Linux boot-protocol header and 16-bit setup, at offset 0 of the file
# Recipe: assemble the loader $< around the packed body among the prerequisites (BODY_BIN).
define asm_wrapper
	@mkdir -p $(@D)
	@echo "  AS32    $@"
	$(Q)$(BIOS_CC) $(BIOS_ASFLAGS) -DBODY_BIN='"$(filter %.bin,$^)"' -c $< -o $@
endef
# The disk/CD/lkrn body keeps both drivers (any NIC), the whole PXE API and chain.c32's
# logical/GPT partitions.
$(BUILD)/bios/wireboot-native.elf: $(call native_objs,$(ROM_COMMON_SRCS) $(ROM_NATIVE_SRCS) \
	$(ROM_PARTITION_SRCS))
$(BUILD)/bios/rom/prefix_disk.o: rom/prefix_disk.S $(BUILD)/bios/wireboot-native.bin
	$(asm_wrapper)

# wireboot.lkrn wraps the same body (rom/prefix_lkrn.S), which checks at run time that base
# memory reaches the body's _end plus its packed size.
$(BUILD)/bios/rom/prefix_lkrn.o: rom/prefix_lkrn.S $(BUILD)/bios/wireboot-native.bin \
		$(BUILD)/bios/wireboot-native.elf
	$(asm_wrapper)
# (private: the body's own objects, prerequisites here, must not inherit a flag that reads
# the finished body)
lkrn_mem_end = -DBODY_MEM_END=$$(( 0x$$(nm $(1) | awk '$$3 == "_end" { print $$1 }') + $$(stat -c %s $(2)) ))
$(BUILD)/bios/rom/prefix_lkrn.o: private BIOS_ASFLAGS += $(call lkrn_mem_end,$(BUILD)/bios/wireboot-native.elf,$(BUILD)/bios/wireboot-native.bin)

# $(call link_flat,ADDRESS): link the loader object $< as a flat binary that runs at ADDRESS.
define link_flat
	@echo "  LD      $@"
	$(Q)$(BIOS_CC) -m32 -nostdlib -static -no-pie -Wl,--build-id=none -Wl,-Ttext=$(1) \
		-Wl,-e,$(1) -Wl,--oformat=binary -o $@ $<
endef

# ---- option ROMs: one native body per NIC driver -------------------------------------------
#   build/wireboot-NIC.rom       NIC = virtio or e1000: that driver only, the full PXE API
#   build/wireboot-NIC-ipv6.rom  the same with IPv6 (below)
# The body wireboot-native-NIC[-ipv6].elf, wrapped by rom/prefix_rom.S; the PCI IDs from
# ROM_IDS_NIC.  scripts/rom-set-ids pads, sets the IDs, sizes and checksums, and checks the cap.
ROM_NICS := virtio e1000
ROM_DRIVER_virtio := rom/virtio_net.c
ROM_DRIVER_e1000 := rom/e1000.c
ROM_IDS_virtio := 1af4:1000
ROM_IDS_e1000 := 8086:100e
ROM_ONE_NIC_SRCS := $(filter-out $(ROM_NIC_DRIVERS),$(ROM_COMMON_SRCS) $(ROM_NATIVE_SRCS))
$(foreach nic,$(ROM_NICS),$(eval $(BUILD)/bios/wireboot-native-$(nic).elf: \
	$(call native_objs,$(ROM_ONE_NIC_SRCS) $(ROM_DRIVER_$(nic)))))
$(BUILD)/bios/rom/prefix_rom-%.o: rom/prefix_rom.S $(BUILD)/bios/wireboot-native-%.bin
	$(asm_wrapper)
$(BUILD)/bios/wireboot-rom-%.bin: $(BUILD)/bios/rom/prefix_rom-%.o
	$(call link_flat,0)
$(BUILD)/wireboot-%.rom: $(BUILD)/bios/wireboot-rom-%.bin scripts/rom-set-ids
	$(Q)$(PYTHON) scripts/rom-set-ids --finalise --cap $(BIOS_ROM_CAP) $< \
		$(ROM_IDS_$(firstword $(subst -, ,$*))) -o $@

# wireboot.usb (and the ISO, which boots the same file) is not held to 64 KiB: its loader
# reads and moves a body of any size.  Its cap is base memory: the body runs at 0x57C00 and,
# while start32 unpacks it, needs up to _end plus the packed copy, which must stay below
# BIOS_DISK_MEM_END (608 KiB: 32 KiB below 640 KiB are left to the EBDA, which firmware with
# USB or AHCI support grows; docs/bios-images.md).
BIOS_DISK_MEM_END := 0x98000
$(BUILD)/wireboot.usb: $(BUILD)/bios/rom/prefix_disk.o $(BUILD)/bios/wireboot-native.elf
	$(call link_flat,0x600)
	$(Q)$(call check_base_mem,$(BUILD)/bios/wireboot-native.elf,$(BUILD)/bios/wireboot-native.bin,$(NATIVE_RM_BASE) + 0x7c00,$(BIOS_DISK_MEM_END))

# Not held to 64 KiB either (its prefix copies the body below 1 MiB in 64 KiB block moves):
# capped like wireboot.usb by the base memory its body occupies from 5000:7C00 while it
# unpacks, and the prefix checks that end against INT 12h at run time.
BIOS_LKRN_MEM_END := $(BIOS_DISK_MEM_END)
$(BUILD)/wireboot.lkrn: $(BUILD)/bios/rom/prefix_lkrn.o $(BUILD)/bios/wireboot-native.elf
	$(call link_flat,0)
	$(Q)$(call check_base_mem,$(BUILD)/bios/wireboot-native.elf,$(BUILD)/bios/wireboot-native.bin,$(NATIVE_RM_BASE) + 0x7c00,$(BIOS_LKRN_MEM_END))

PROGRAMS += $(BUILD)/wireboot.pxe $(BUILD)/wireboot-pxetftp.pxe $(BUILD)/wireboot-virtio.rom $(BUILD)/wireboot-e1000.rom \
	$(BUILD)/wireboot.usb $(BUILD)/wireboot.lkrn

# The ISO: El Torito BIOS boot of wireboot.usb as a no-emulation image, loaded whole; hybrid:
# the image's MBR goes into the system area, where xorriso -isohybrid-mbr writes the image's
# LBA for it (rom/prefix_disk.S), so the same file boots as a USB disk.  With ISO_EFI=1 (the
# default) also UEFI: an EFI System Partition image with EFI/BOOT/BOOTX64.EFI, appended as MBR
# partition 2 (type EF, for disks) and named by the El Torito UEFI entry (for CDs).
ISO_EFI_DEP := $(if $(filter 1,$(ISO_EFI)),$(BUILD)/efi/esp.img)

$(BUILD)/efi/esp.img: $(BUILD)/wireboot.efi
	@mkdir -p $(@D)
	@echo "  ESP     $@"
	$(Q)rm -f $@ && dd if=/dev/zero of=$@ bs=1024 status=none \
		count=$$(( ($$(stat -c %s $<) + 1023) / 1024 + 64 ))
	$(Q)MTOOLS_SKIP_CHECK=1 mformat -i $@ -v WIREBOOT :: && \
		MTOOLS_SKIP_CHECK=1 mmd -i $@ ::/EFI ::/EFI/BOOT && \
		MTOOLS_SKIP_CHECK=1 mcopy -i $@ $< ::/EFI/BOOT/BOOTX64.EFI

$(BUILD)/wireboot.iso: $(BUILD)/wireboot.usb $(ISO_EFI_DEP) $(BUILD)/bios/options
	@echo "  XORRISO $@"
	$(Q)rm -rf $@.d && mkdir -p $@.d && cp $< $@.d/wireboot.img && head -c 512 $< > $@.mbr
	$(Q)xorriso -as mkisofs -quiet -o $@ -V WIREBOOT -isohybrid-mbr $@.mbr \
		-b wireboot.img -no-emul-boot -boot-load-size $$(( $$(stat -c %s $<) / 512 )) \
		$(if $(ISO_EFI_DEP),-eltorito-alt-boot -e --interval:appended_partition_2:all:: \
			-no-emul-boot -append_partition 2 0xef $(ISO_EFI_DEP)) \
		$@.d
	$(Q)rm -rf $@.d $@.mbr

ifneq ($(shell command -v xorriso 2>/dev/null),)
PROGRAMS += $(BUILD)/wireboot.iso
endif

# tests/unit/test_pci.c exercises rom/pci.c against a fake configuration space.
$(BUILD)/tests/unit/test_pci: $(BUILD)/asan/rom/pci.o
# rom/smbios.c's entry point and table parsers on memory the test / fuzzer builds.
$(BUILD)/tests/unit/test_smbios: $(BUILD)/asan/rom/smbios.o
$(BUILD)/tests/fuzz/fuzz_smbios: $(BUILD)/fuzz/rom/smbios.o

# tests/unit/test_unpack.c runs rom/unpack.c on the packed bodies of this build and on edge
# cases packed by rom/lzpack.py (tests/unit/make_unpack_vectors.py writes both).
UNPACK_VECTORS := $(BUILD)/tests/unit/unpack-vectors
$(UNPACK_VECTORS)/done: tests/unit/make_unpack_vectors.py rom/lzpack.py \
		$(BUILD)/bios/wireboot-pxe.bin $(BUILD)/bios/wireboot-native.bin
	@mkdir -p $(@D)
	@echo "  VECTORS $(@D)"
	$(Q)for body in pxe native; do \
		$(PYTHON) tests/unit/make_unpack_vectors.py --image $(BUILD)/bios/wireboot-$$body.bin \
			$(call section_field,$(BUILD)/bios/wireboot-$$body.elf,.text16,3) \
			$$(( $(call section_field,$(BUILD)/bios/wireboot-$$body.elf,.data16,4) - \
			     $(call section_field,$(BUILD)/bios/wireboot-$$body.elf,.text16,4) )) \
			$(@D)/$$body-body || exit 1; \
	done
	$(Q)$(PYTHON) tests/unit/make_unpack_vectors.py --edge-cases $(@D)
	$(Q)touch $@
$(BUILD)/tests/unit/test_unpack: $(BUILD)/asan/rom/unpack.o | $(UNPACK_VECTORS)/done
$(BUILD)/asan/tests/unit/test_unpack.o: ASAN_CFLAGS += -DUNPACK_VECTORS='"$(abspath $(UNPACK_VECTORS))"'
$(BUILD)/tests/fuzz/fuzz_unpack: $(BUILD)/fuzz/rom/unpack.o
# rom/acpi.c's RSDP/FADT/\_S5 scan on tables the test / fuzzer builds.
# (with the table lookup it uses: the objects come after the library on the link line)
$(BUILD)/tests/unit/test_acpi: $(BUILD)/asan/rom/acpi.o $(BUILD)/asan/loaders/acpi_rsdp.o
$(BUILD)/tests/fuzz/fuzz_acpi: $(BUILD)/fuzz/rom/acpi.o $(BUILD)/fuzz/loaders/acpi_rsdp.o

# ---- IPv6 option ROMs ----------------------------------------------------------------------
#   build/wireboot-virtio-ipv6.rom  wireboot-virtio.rom / wireboot-e1000.rom with IPv6
#   build/wireboot-e1000-ipv6.rom   (docs/ipv6.md): a native body per NIC driver, linked with
#                                   loaders/boot_net.c (rom/platform_init.c takes it when
#                                   present) and the IPv6 address text.
# To fit 64 KiB each leaves out what IPv6 provisioning networks need least (measured in
# docs/bios-images.md): the other NIC's driver (one driver per ROM, as its PCI IDs say),
# Multiboot (rom/multiboot_absent.c stands in for the loaders and the BIOS entry), gzip
# inflate (rom/gzip_absent.c); the virtio ROM, whose driver is larger, also the PXE API's TFTP
# calls (rom/pxe_api_tftp_absent.c) and poweroff.c32 (rom/poweroff_absent.c: ACPI S5).
# Both keep the resident PXE API (a PXE program after an IPv6 boot gets a DHCPv4 lease
# first: loaders/boot_net.c).
# The stand-ins are objects, so the archive's versions are never pulled in.
# The images themselves come from the option ROM rules above (wireboot-%.rom).
ROM_IPV6_SRCS := $(filter-out rom/boot_multiboot.c,$(ROM_ONE_NIC_SRCS)) \
	loaders/boot_net.c net/ip6_text.c rom/multiboot_absent.c rom/gzip_absent.c
ROM_IPV6_OUT_virtio := rom/poweroff.c rom/acpi.c
ROM_IPV6_STANDINS_virtio := rom/poweroff_absent.c rom/pxe_api_tftp_absent.c
$(foreach nic,$(ROM_NICS),$(eval $(BUILD)/bios/wireboot-native-$(nic)-ipv6.elf: \
	$(call native_objs,$(filter-out $(ROM_IPV6_OUT_$(nic)),$(ROM_IPV6_SRCS)) $(ROM_DRIVER_$(nic)) \
		$(ROM_IPV6_STANDINS_$(nic)))))
PROGRAMS += $(BUILD)/wireboot-virtio-ipv6.rom $(BUILD)/wireboot-e1000-ipv6.rom

# ---- wireboot-tls.pxe: wireboot.pxe with https:// and signed files (BearSSL) ----------------
# The PXE body plus TLS, X.509 and the signature check (net/tls.c, loaders/signature.c) with
# the small client profile (net/tls_profile_small.c: TLS 1.2, ECDHE, ChaCha20-Poly1305 and
# AES-GCM), the CMOS RTC as the wall clock (rom/rtc.c) and BearSSL built for i686; the
# trust anchors and signers of `make TRUST= SIGNERS=` like wireboot.efi (net/module.mk), and
# built by `make all` like it (without TRUST, https:// says how to rebuild).
# Not held to the 64 KiB cap: a PXE ROM loads a boot program of any size that fits base memory
# (iPXE's ipxe.pxe is ~350 KB).  Its cap is where it lives instead: from 0x7C00 to the end of
# .bss, plus the packed copy that start32 unpacks from above .bss, must stay below
# BIOS_TLS_MEM_END (512 KiB: PXE stacks and the EBDA sit in the top of base memory, above
# it).  `make TRUST_BUILD=dir dir/wireboot-tls.pxe` links one with other anchors from the same
# objects (the e2e tests do, with their own CA).
BIOS_TLS_MEM_END := 0x80000
# The 32-bit stack: BearSSL's handshake (EC and RSA arithmetic) runs inside the TCP receive
# callback, below the boot flow's own frames: 16,548 bytes measured at the deepest, over the
# other images' 16 KiB (docs/bios-images.md).
BIOS_TLS_STACK ?= 65536
ROM_TLS_SRCS := net/tls.c net/tls_entropy.c net/tls_profile_small.c loaders/signature.c \
	rom/rtc.c rom/random.c $(ROM_PARTITION_SRCS)
ROM_TLS_PXE := $(if $(TRUST_BUILD_ELSEWHERE),$(TRUST_BUILD),$(BUILD))/wireboot-tls.pxe

$(TRUST_BUILD)/wireboot-tls.elf: $(call bios_objs,$(ROM_COMMON_SRCS) $(ROM_PXE_SRCS) $(ROM_TLS_SRCS)) \
		$(TRUST_BUILD)/bios-trust_anchors.o $(ROM_EMBED_OBJ) $(BUILD)/bios/libfw.a \
		$(BUILD)/bios/bearssl/libbearssl.a rom/wireboot.lds $(BUILD)/bios/options
	$(call bios_link,$(BUILD)/bios/libfw.a $(BUILD)/bios/bearssl/libbearssl.a)
# (before the linker script, which reads it)
$(TRUST_BUILD)/wireboot-tls.elf: BIOS_LDFLAGS := -Wl,--defsym=WB_STACK_SIZE=$(BIOS_TLS_STACK) \
	$(BIOS_LDFLAGS)

$(TRUST_BUILD)/wireboot-tls.bin: $(TRUST_BUILD)/wireboot-tls.elf rom/lzpack.py
	$(bios_pack)

# The file, and its extent in base memory while it unpacks, checked against BIOS_TLS_MEM_END.
$(ROM_TLS_PXE): $(TRUST_BUILD)/wireboot-tls.bin $(TRUST_BUILD)/wireboot-tls.elf
	$(Q)cp $< $@
	$(Q)$(call check_base_mem,$(TRUST_BUILD)/wireboot-tls.elf,$@,0x7c00,$(BIOS_TLS_MEM_END))

PROGRAMS += $(BUILD)/wireboot-tls.pxe

# ---- wireboot-tls.lkrn: wireboot.lkrn with https:// and signed files ------------------------
# The native body with both drivers and TLS as in wireboot-tls.pxe, behind rom/prefix_lkrn.S.
# It runs at 0000:7C00 (RM_BASE 0, like the .pxe images): at 5000:7C00 its 279 KiB with .bss
# would not fit below 640 KiB.  So it leaves the resident PXE API out (that needs the room
# below the body for a program) and refuses PXE programs (rom/boot.c).  Capped like
# wireboot.lkrn by BIOS_LKRN_MEM_END.
ROM_TLS_LKRN := $(if $(TRUST_BUILD_ELSEWHERE),$(TRUST_BUILD),$(BUILD))/wireboot-tls.lkrn
ROM_TLS_LKRN_SRCS := $(ROM_COMMON_SRCS) \
	$(filter-out rom/pxe_api.c rom/pxe_api_entry.S,$(ROM_NATIVE_SRCS)) $(ROM_TLS_SRCS)

$(TRUST_BUILD)/wireboot-tls-lkrn.elf: $(call bios_objs,$(ROM_TLS_LKRN_SRCS)) \
		$(TRUST_BUILD)/bios-trust_anchors.o $(ROM_EMBED_OBJ) $(BUILD)/bios/libfw.a \
		$(BUILD)/bios/bearssl/libbearssl.a rom/wireboot.lds $(BUILD)/bios/options
	$(call bios_link,$(BUILD)/bios/libfw.a $(BUILD)/bios/bearssl/libbearssl.a)
$(TRUST_BUILD)/wireboot-tls-lkrn.elf: BIOS_LDFLAGS := -Wl,--defsym=WB_STACK_SIZE=$(BIOS_TLS_STACK) \
	$(BIOS_LDFLAGS)

$(TRUST_BUILD)/wireboot-tls-lkrn.bin: $(TRUST_BUILD)/wireboot-tls-lkrn.elf rom/lzpack.py
	$(bios_pack)

$(TRUST_BUILD)/prefix_lkrn-tls.o: rom/prefix_lkrn.S $(TRUST_BUILD)/wireboot-tls-lkrn.bin \
		$(TRUST_BUILD)/wireboot-tls-lkrn.elf
	$(asm_wrapper)
$(TRUST_BUILD)/prefix_lkrn-tls.o: private BIOS_ASFLAGS += -DBODY_RM_BASE=0 \
	$(call lkrn_mem_end,$(TRUST_BUILD)/wireboot-tls-lkrn.elf,$(TRUST_BUILD)/wireboot-tls-lkrn.bin)

$(ROM_TLS_LKRN): $(TRUST_BUILD)/prefix_lkrn-tls.o $(TRUST_BUILD)/wireboot-tls-lkrn.elf
	$(call link_flat,0)
	$(Q)$(call check_base_mem,$(TRUST_BUILD)/wireboot-tls-lkrn.elf,$(TRUST_BUILD)/wireboot-tls-lkrn.bin,0x7c00,$(BIOS_LKRN_MEM_END))

PROGRAMS += $(BUILD)/wireboot-tls.lkrn
