# SPDX-License-Identifier: GPL-2.0-or-later
#
# BearSSL (TLS and X.509 for https://, net/tls.c), built from Debian's source package at
# build time; none of its code is in this tree.  scripts/fetch-bearssl runs
# `apt-get source bearssl` once into BEARSSL_SRC (default build/bearssl-src; point it at a
# cached or shared directory to fetch only once, as CI does).  Then each variant that carries
# TLS gets its own archive:
#   $(BUILD)/efi/bearssl/libbearssl.a   freestanding x86-64, EFI_CFLAGS (wireboot.efi)
#   $(BUILD)/bios/bearssl/libbearssl.a  freestanding i686, BIOS_CFLAGS without LTO (the
#                                       BIOS image with TLS, wireboot-tls.pxe; -mregparm=3
#                                       like the rest of that image)
#   $(BUILD)/host/bearssl/libbearssl.a  normal host build (wireboot-check, wireboot-server,
#                                       the trust-anchor tool, unit tests and fuzz targets)
# BearSSL's own platform code is switched off (no /dev/urandom, time() or OS RNG): the
# caller seeds the PRNG (net/tls_entropy.c) and gives X.509 the time (net/tls.c).  The C
# library it needs is memcpy/memmove/memset/memcmp/strlen, which core/string.c supplies.
BEARSSL_SRC ?= $(BUILD)/bearssl-src
BEARSSL_INC := $(BEARSSL_SRC)/inc
BEARSSL_STAMP := $(BEARSSL_SRC)/.fetched
BEARSSL_CONFIG := -DBR_USE_URANDOM=0 -DBR_USE_UNIX_TIME=0 -DBR_USE_WIN32_RAND=0 \
	-DBR_USE_WIN32_TIME=0 -DBR_RDRAND=0 -DBR_AES_X86NI=0 -DBR_SSE2=0 -DBR_POWER8=0
# Third-party code: its own warnings are not ours to fix.
BEARSSL_WARN := -w

$(BEARSSL_STAMP):
	$(Q)scripts/fetch-bearssl $(BEARSSL_SRC)

# Recompiled only when the fetched tree or the flags change (the sub-make tracks the files).
$(BUILD)/%/bearssl/libbearssl.a: $(BEARSSL_STAMP) bearssl/module.mk bearssl/lib.mk FORCE
	$(Q)$(MAKE) --no-print-directory -s -f bearssl/lib.mk SRC=$(BEARSSL_SRC) OUT=$(@D) \
		CC="$(BEARSSL_CC_$*)" CFLAGS="$(BEARSSL_CFLAGS_$*) $(BEARSSL_CONFIG) $(BEARSSL_WARN)"

BEARSSL_CC_host := $(CC)
BEARSSL_CFLAGS_host := -O2 -g
BEARSSL_CC_efi := $(CC)
BEARSSL_CFLAGS_efi = $(filter-out -MMD -MP $(WARN) -I.,$(EFI_CFLAGS))
BEARSSL_CC_bios = $(BIOS_CC)
BEARSSL_CFLAGS_bios = $(filter-out -MMD -MP $(WARN) -I. $(BIOS_LTO),$(BIOS_CFLAGS))
