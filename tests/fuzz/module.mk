# SPDX-License-Identifier: GPL-2.0-or-later
# libFuzzer targets: tests/fuzz/fuzz_*.c, seed corpora in tests/fuzz/corpus/<target>/.
FUZZ_SRCS := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_TARGETS := $(patsubst tests/fuzz/%.c,$(BUILD)/tests/fuzz/%,$(FUZZ_SRCS))

.PHONY: fuzz-targets
fuzz-targets: $(FUZZ_TARGETS)

$(BUILD)/tests/fuzz/%: $(BUILD)/fuzz/tests/fuzz/%.o $(BUILD)/fuzz/tests/unit/fake_platform.o \
		$(BUILD)/fuzz/libserver.a $(BUILD)/fuzz/libwb.a
	@mkdir -p $(@D)
	@echo "  LD      $@"
	$(Q)$(FUZZ_CC) $(FUZZ_LDFLAGS) $^ -o $@

# fuzz_cert_files: linux/cert_files.c over the host build of BearSSL (bearssl/module.mk).
$(BUILD)/tests/fuzz/fuzz_cert_files: $(BUILD)/fuzz/tests/fuzz/fuzz_cert_files.o \
		$(BUILD)/fuzz/linux/cert_files.o $(BUILD)/fuzz/core/errors.o $(BUILD)/host/bearssl/libbearssl.a
	@mkdir -p $(@D)
	@echo "  LD      $@"
	$(Q)$(FUZZ_CC) $(FUZZ_LDFLAGS) $^ -o $@
