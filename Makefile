# SPDX-License-Identifier: GPL-2.0-or-later
#
# wireboot build.  Every directory adds its sources and programs in its own module.mk;
# objects go to build/<variant>/ so one tree builds for several platforms at once:
#   host  - Linux programs (wireboot-check, wireboot-server)
#   asan  - the same code with ASan+UBSan, for the unit tests
#   fuzz  - clang + libFuzzer + ASan+UBSan, for the fuzz targets
#   bios  - 32-bit freestanding firmware (rom/)
#   efi   - x86_64 freestanding firmware for gnu-efi (efi/)
# `make V=1` shows the commands.

BUILD ?= build
PYTHON ?= /usr/bin/python3

CC ?= gcc
ifeq ($(origin CC),default)
CC := gcc
endif
FUZZ_CC ?= clang
AR ?= ar

WERROR := $(if $(filter true 1 yes,$(CI)),-Werror,)
WARN := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wno-unused-parameter $(WERROR)
COMMON_CFLAGS := -std=gnu11 -g -I. -I$(BUILD)/gen $(WARN) -MMD -MP
# HOST_EXTRA_CFLAGS, HOST_LDFLAGS: more flags for the Linux programs only (debian/rules
# gives Debian's hardening flags there).
HOST_CFLAGS := $(COMMON_CFLAGS) -O2 -D_GNU_SOURCE $(HOST_EXTRA_CFLAGS)
ASAN_CFLAGS := $(COMMON_CFLAGS) -O1 -D_GNU_SOURCE -fsanitize=address,undefined \
	-fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_CFLAGS := $(COMMON_CFLAGS) -O1 -D_GNU_SOURCE -DWB_FUZZING -fsanitize=fuzzer-no-link,address,undefined \
	-fno-sanitize-recover=undefined -fno-omit-frame-pointer -Wno-unknown-warning-option
FUZZ_LDFLAGS := -fsanitize=fuzzer,address,undefined

ifeq ($(V),1)
Q :=
else
Q := @
endif

.DEFAULT_GOAL := all
.PHONY: all test test-unit test-fuzz test-e2e fuzz demo demo-efi bench clean check-deps
.SUFFIXES:
.SECONDARY:

# Filled in by the module.mk files:
#   CORE_SRCS          portable, host and firmware
#   CORE_FW_SRCS       firmware only (libc replacements, the global heap)
#   NET_SRCS, LOADER_SRCS
#   HOST_SUPPORT_SRCS  host only, shared by host programs and tests (libc heap, ...)
#   SERVER_SRCS        wireboot-server without main()
#   PROGRAMS           final artefacts for `make all`
CORE_SRCS :=
CORE_FW_SRCS :=
NET_SRCS :=
LOADER_SRCS :=
HOST_SUPPORT_SRCS :=
SERVER_SRCS :=
PROGRAMS :=

# $(call objs,variant,sources): the object files of sources in one variant (used by module.mk).
objs = $(patsubst %.c,$(BUILD)/$(1)/%.o,$(2))

include packaging/version.mk
include bearssl/module.mk core/module.mk net/module.mk loaders/module.mk linux/module.mk server/module.mk
include rom/module.mk efi/module.mk
include tests/unit/module.mk tests/fuzz/module.mk tests/efi/module.mk
include packaging/install.mk packaging/deb.mk

PORTABLE_SRCS := $(CORE_SRCS) $(NET_SRCS) $(LOADER_SRCS)

# ---- object rules, one per variant ------------------------------------------------------
$(BUILD)/host/%.o: %.c
	@mkdir -p $(@D)
	@echo "  CC      $@"
	$(Q)$(CC) $(HOST_CFLAGS) -c $< -o $@

$(BUILD)/asan/%.o: %.c
	@mkdir -p $(@D)
	@echo "  CC      $@"
	$(Q)$(CC) $(ASAN_CFLAGS) -c $< -o $@

$(BUILD)/fuzz/%.o: %.c
	@mkdir -p $(@D)
	@echo "  CC      $@"
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@

.SECONDEXPANSION:

# Archives: the linker takes only the objects a program needs.
$(BUILD)/%/libwb.a: $$(call objs,$$*,$(PORTABLE_SRCS) $(HOST_SUPPORT_SRCS) $$(CRYPTO_SRCS_$$*))
	@echo "  AR      $@"
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(BUILD)/%/libserver.a: $$(call objs,$$*,$(SERVER_SRCS))
	@echo "  AR      $@"
	$(Q)rm -f $@ && $(AR) rcs $@ $^

all: $(PROGRAMS)

# ---- tests --------------------------------------------------------------------------------
test: all unit-tests fuzz-targets
	$(Q)BUILD=$(abspath $(BUILD)) $(PYTHON) scripts/run-tests all

test-unit: unit-tests
	$(Q)BUILD=$(abspath $(BUILD)) $(PYTHON) scripts/run-tests unit

test-fuzz: fuzz-targets
	$(Q)BUILD=$(abspath $(BUILD)) $(PYTHON) scripts/run-tests fuzz

test-e2e: all
	$(Q)BUILD=$(abspath $(BUILD)) $(PYTHON) scripts/run-tests e2e

# Longer fuzzing: `make fuzz FUZZ_SECONDS=60` runs each target that long.
FUZZ_SECONDS ?= 30
fuzz: fuzz-targets
	$(Q)BUILD=$(abspath $(BUILD)) $(PYTHON) scripts/run-tests fuzz --seconds $(FUZZ_SECONDS)

# The demo installs what it needs first, so it works on a fresh machine.
demo:
	$(Q)scripts/install-deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)scripts/demo

demo-efi:
	$(Q)scripts/install-deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)scripts/demo --efi

bench: all
	$(Q)scripts/bench $(if $(QUICK),--quick,)

# The fleet benchmark alone (also part of make bench): updates its part of docs/benchmarks.md.
.PHONY: bench-fleet
bench-fleet: all
	$(Q)scripts/bench --only fleet

# The IPv6 vs IPv4 transfers alone (also part of make bench): its part of docs/benchmarks.md.
.PHONY: bench-ipv6
bench-ipv6: all
	$(Q)scripts/bench --only ipv6

# Lock-step TFTP under 10 % loss alone (also part of make bench): its part of docs/benchmarks.md.
.PHONY: bench-loss
bench-loss: all
	$(Q)scripts/bench --only loss

.PHONY: reliability
reliability: all
	$(Q)BUILD=$(abspath $(BUILD)) $(PYTHON) scripts/reliability

check-deps:
	$(Q)scripts/install-deps

clean:
	rm -rf $(BUILD)

DEPFILES := $(shell find $(BUILD) -type f -name '*.d' 2>/dev/null)
-include $(DEPFILES)
