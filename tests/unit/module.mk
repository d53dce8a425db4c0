# SPDX-License-Identifier: GPL-2.0-or-later
# Unit tests: tests/unit/test_*.c, each a cmocka program linked against the ASan+UBSan build
# of the portable code, the server library and the fake platform.
UNIT_TEST_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_SUPPORT_SRCS := tests/unit/fake_platform.c tests/unit/fake_netdev.c tests/unit/fake_console.c
# Tests of firmware-only code that defines libc names (memcpy, ...): no sanitizers there.
UNIT_PLAIN_TESTS := test_string test_malloc
UNIT_TESTS := $(patsubst tests/unit/%.c,$(BUILD)/tests/unit/%,$(UNIT_TEST_SRCS))

.PHONY: unit-tests
unit-tests: $(UNIT_TESTS)

$(BUILD)/tests/unit/%: $(BUILD)/asan/tests/unit/%.o $(call objs,asan,$(UNIT_SUPPORT_SRCS)) \
		$(BUILD)/asan/libserver.a $(BUILD)/asan/libwb.a
	@mkdir -p $(@D)
	@echo "  LD      $@"
	$(Q)$(CC) -fsanitize=address,undefined $^ -lcmocka -lcrypto -o $@

$(BUILD)/plain/%.o: %.c
	@mkdir -p $(@D)
	@echo "  CC      $@"
	$(Q)$(CC) $(HOST_CFLAGS) -DWB_FREESTANDING -fno-builtin -c $< -o $@

# An archive, so a test links only the objects it needs (core/malloc.o would pull in the heap).
$(BUILD)/plain/libfw.a: $(call objs,plain,$(CORE_FW_SRCS) $(CORE_SRCS))
	@echo "  AR      $@"
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(patsubst %,$(BUILD)/tests/unit/%,$(UNIT_PLAIN_TESTS)): $(BUILD)/tests/unit/%: \
		$(BUILD)/plain/tests/unit/%.o $(BUILD)/plain/libfw.a
	@mkdir -p $(@D)
	@echo "  LD      $@"
	$(Q)$(CC) $^ -lcmocka -o $@
