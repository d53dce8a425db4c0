# SPDX-License-Identifier: GPL-2.0-or-later
NET_SRCS += net/dhcp_packet.c
NET_SRCS += net/tftp_packet.c
NET_SRCS += net/tftp_client.c net/tftp_blocks.c
NET_SRCS += net/ip_addr.c net/ip_output.c net/ip6_text.c net/ip_reasm.c net/checksum.c net/netif.c net/ethernet.c net/arp.c net/ipv4.c net/icmp.c net/udp.c
NET_SRCS += net/ipv6.c net/icmpv6.c net/ndp.c net/dhcpv6_packet.c net/dhcpv6_client.c net/net_url.c
NET_SRCS += net/dhcp_client.c
NET_SRCS += net/tcp.c net/http_response.c net/http_client.c net/dns_packet.c net/dns.c
NET_SRCS += net/x509_text.c

# TLS (https://, net/tls.h) and signed files (loaders/signature.h): BearSSL-backed in the
# images that carry them (wireboot.efi, wireboot-tls.pxe, wireboot-check); the *_absent.c
# versions elsewhere (the 64 KiB BIOS images, unit tests, fuzz targets).
CRYPTO_SRCS := net/tls.c net/tls_entropy.c net/tls_profile_full.c loaders/signature.c
CRYPTO_ABSENT_SRCS := net/tls_absent.c loaders/signature_absent.c
CRYPTO_SRCS_host := $(CRYPTO_SRCS)
CRYPTO_SRCS_asan := $(CRYPTO_ABSENT_SRCS)
CRYPTO_SRCS_fuzz := $(CRYPTO_ABSENT_SRCS)

# Build-time trust and clock policy (net/tls_trust.h):
#   TRUST=a.pem[,b.pem]  CA certificates (PEM or DER) the TLS images trust; none by default
#   TLS_MIN_TIME=secs    a wall clock before this Unix time is wrong: use this instead
#                        (default: the commit date of the source)
#   TLS_SKIP_DATES=1     do not check certificate validity dates (chain and name still are)
#   SIGNERS=a.pem[,b.pem] certificates (or public keys) whose signatures every fetched file
#                        must carry (file.sig, loaders/signature.h); none by default
#   TRUST_BUILD=dir      where the generated policy goes (default $(BUILD)/trust).  Set
#                        elsewhere, `make TRUST=ca.pem TRUST_BUILD=dir dir/wireboot.efi`
#                        links a second wireboot.efi with those anchors from the same
#                        objects (the e2e tests do this with the CA they make)
TRUST ?=
TLS_MIN_TIME ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)
TLS_SKIP_DATES ?= 0
comma := ,
SIGNERS ?=
TRUST_FILES := $(subst $(comma), ,$(TRUST))
SIGNER_FILES := $(subst $(comma), ,$(SIGNERS))
$(foreach f,$(TRUST_FILES) $(SIGNER_FILES),$(if $(wildcard $(f)),,$(error no such file $(f) (TRUST=$(TRUST) SIGNERS=$(SIGNERS)))))
TLS_OPTIONS := TRUST=$(abspath $(TRUST_FILES)) TLS_MIN_TIME=$(TLS_MIN_TIME) \
	TLS_SKIP_DATES=$(TLS_SKIP_DATES) SIGNERS=$(abspath $(SIGNER_FILES))

TRUST_BUILD ?= $(BUILD)/trust
$(TRUST_BUILD)/options: FORCE
	@mkdir -p $(@D)
	$(Q)echo '$(TLS_OPTIONS)' | cmp -s - $@ || echo '$(TLS_OPTIONS)' > $@

$(TRUST_BUILD)/trust_anchors.c: $(BUILD)/wireboot-mkanchors $(TRUST_FILES) $(SIGNER_FILES) \
		$(TRUST_BUILD)/options
	@echo "  TRUST   $@ ($(if $(TRUST),$(TRUST),no anchors); $(if $(SIGNERS),signers $(SIGNERS),no signers))"
	$(Q)$(BUILD)/wireboot-mkanchors --min-time $(TLS_MIN_TIME) \
		$(if $(filter 1 yes true,$(TLS_SKIP_DATES)),--skip-dates) \
		$(foreach f,$(SIGNER_FILES),--signer $(f)) $(TRUST_FILES) > $@.tmp && mv $@.tmp $@

# A TRUST_BUILD elsewhere links its images from $(BUILD)'s objects and leaves those alone.
TRUST_BUILD_ELSEWHERE := $(if $(filter $(abspath $(BUILD)/trust),$(abspath $(TRUST_BUILD))),,1)

# The 64 KiB BIOS images cannot verify: built with SIGNERS, they refuse every file.
ifeq ($(TRUST_BUILD_ELSEWHERE),)
$(BUILD)/bios/loaders/signature_absent.o: $(TRUST_BUILD)/options
endif
$(BUILD)/bios/loaders/signature_absent.o: BIOS_CFLAGS += -DWB_SIGNERS_REQUIRED=$(if $(SIGNERS),1,0)

# Objects that include bearssl.h: the headers come from the fetched source.
BEARSSL_USERS := net/tls.c net/tls_entropy.c net/tls_profile_full.c net/tls_profile_small.c \
	loaders/signature.c linux/cert_files.c \
	linux/wireboot_mkanchors.c \
	linux/trust_option.c \
	tests/fuzz/fuzz_cert_files.c
$(foreach v,host fuzz efi bios,$(call objs,$(v),$(BEARSSL_USERS))): | $(BEARSSL_STAMP)
$(call objs,host,$(BEARSSL_USERS)): HOST_CFLAGS += -isystem $(BEARSSL_INC)
$(call objs,fuzz,$(BEARSSL_USERS)): FUZZ_CFLAGS += -isystem $(BEARSSL_INC)
$(call objs,efi,$(BEARSSL_USERS)): EFI_CFLAGS += -isystem $(BEARSSL_INC)
$(call objs,bios,$(BEARSSL_USERS)): BIOS_CFLAGS += -isystem $(BEARSSL_INC)

# The anchors compiled for each image that carries TLS: $(TRUST_BUILD)/VARIANT-trust_anchors.o.
TRUST_CC_host = $(CC) $(HOST_CFLAGS)
TRUST_CC_efi = $(CC) $(EFI_CFLAGS)
TRUST_CC_bios = $(BIOS_CC) $(BIOS_CFLAGS)
$(TRUST_BUILD)/%-trust_anchors.o: $(TRUST_BUILD)/trust_anchors.c | $(BEARSSL_STAMP)
	@mkdir -p $(@D)
	@echo "  CC      $@"
	$(Q)$(TRUST_CC_$*) -isystem $(BEARSSL_INC) -c $< -o $@

# The build-time tool that writes trust_anchors.c.
$(BUILD)/wireboot-mkanchors: $(call objs,host,linux/wireboot_mkanchors.c linux/cert_files.c \
		core/errors.c) $(BUILD)/host/bearssl/libbearssl.a
	@echo "  LD      $@"
	$(Q)$(CC) $^ -o $@
