# SPDX-License-Identifier: GPL-2.0-or-later
# Host support shared by the Linux programs and the unit tests.
HOST_SUPPORT_SRCS += linux/libc_heap.c

# The Linux platform (core/platform.h on Linux), linked into wireboot-check only: unit tests
# and fuzz targets have their own fake platform.
LINUX_PLATFORM_SRCS := linux/platform.c linux/netdev_fd.c linux/netdev_tap.c \
	linux/netdev_packet.c core/cpuid_x86.c

PROGRAMS += $(BUILD)/wireboot-check
$(BUILD)/wireboot-check: $(call objs,host,linux/wireboot_check.c linux/trust_option.c \
		linux/cert_files.c $(LINUX_PLATFORM_SRCS)) \
		$(BUILD)/host/libwb.a $(TRUST_BUILD)/host-trust_anchors.o $(BUILD)/host/bearssl/libbearssl.a
	@echo "  LD      $@"
	$(Q)$(CC) $(HOST_LDFLAGS) $^ -o $@
