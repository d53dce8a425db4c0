# SPDX-License-Identifier: GPL-2.0-or-later
# The version (scripts/version: git describe, or VERSION in a tarball) as one generated
# header, $(BUILD)/gen/wb_version.h: `#define WB_VERSION "..."`.  Rewritten only when the
# version changes, so only the few files that print it are recompiled.
WB_VERSION := $(shell scripts/version)
VERSION_H := $(BUILD)/gen/wb_version.h

.PHONY: FORCE
FORCE:
$(VERSION_H): FORCE
	@mkdir -p $(@D)
	$(Q)echo '#define WB_VERSION "$(WB_VERSION)"' > $@.tmp && \
		if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv -f $@.tmp $@; echo "  GEN     $@"; fi

# The files that include it (the .d files know it only after their first build).
$(BUILD)/host/server/config.o $(BUILD)/host/linux/wireboot_check.o \
	$(BUILD)/asan/server/config.o $(BUILD)/fuzz/server/config.o \
	$(BUILD)/bios/rom/platform_init.o $(BUILD)/efi/efi/main.o: $(VERSION_H)
