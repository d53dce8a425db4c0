# SPDX-License-Identifier: GPL-2.0-or-later
NET_SRCS += net/dhcp_packet.c
NET_SRCS += net/tftp_packet.c
NET_SRCS += net/tftp_client.c
NET_SRCS += net/checksum.c net/netif.c net/ethernet.c net/arp.c net/ipv4.c net/icmp.c net/udp.c
NET_SRCS += net/dhcp_client.c
NET_SRCS += net/tcp.c net/http_response.c net/http_client.c net/dns_packet.c net/dns.c
NET_SRCS += net/x509_text.c

# TLS (https://, net/tls.h): BearSSL-backed in the images that carry it (wireboot.efi,
# wireboot-check), net/tls_absent.c elsewhere (the BIOS images, unit tests, fuzz targets).
TLS_SRCS := net/tls.c net/tls_entropy.c
TLS_ABSENT_SRCS := net/tls_absent.c
TLS_SRCS_host := $(TLS_SRCS)
TLS_SRCS_asan := $(TLS_ABSENT_SRCS)
TLS_SRCS_fuzz := $(TLS_ABSENT_SRCS)

# Build-time trust and clock policy (net/tls_trust.h):
#   TRUST=a.pem[,b.pem]  CA certificates (PEM or DER) the TLS images trust; none by default
#   TLS_MIN_TIME=secs    a wall clock before this Unix time is wrong: use this instead
#                        (default: the commit date of the source)
#   TLS_SKIP_DATES=1     do not check certificate validity dates (chain and name still are)
#   TRUST_BUILD=dir      where the generated policy goes (default $(BUILD)/trust).  Set
#                        elsewhere, `make TRUST=ca.pem TRUST_BUILD=dir dir/wireboot.efi`
#                        links a second wireboot.efi with those anchors from the same
#                        objects (the e2e tests do this with the CA they make)
TRUST ?=
TLS_MIN_TIME ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)
TLS_SKIP_DATES ?= 0
comma := ,
TRUST_FILES := $(subst $(comma), ,$(TRUST))
$(foreach f,$(TRUST_FILES),$(if $(wildcard $(f)),,$(error TRUST=$(TRUST): no such file $(f))))
TLS_OPTIONS := TRUST=$(abspath $(TRUST_FILES)) TLS_MIN_TIME=$(TLS_MIN_TIME) TLS_SKIP_DATES=$(TLS_SKIP_DATES)

TRUST_BUILD ?= $(BUILD)/trust
$(TRUST_BUILD)/options: FORCE
	@mkdir -p $(@D)
	$(Q)echo '$(TLS_OPTIONS)' | cmp -s - $@ || echo '$(TLS_OPTIONS)' > $@

$(TRUST_BUILD)/trust_anchors.c: $(BUILD)/wireboot-mkanchors $(TRUST_FILES) $(TRUST_BUILD)/options
	@echo "  TRUST   $@ ($(if $(TRUST),$(TRUST),no anchors))"
	$(Q)$(BUILD)/wireboot-mkanchors --min-time $(TLS_MIN_TIME) \
		$(if $(filter 1 yes true,$(TLS_SKIP_DATES)),--skip-dates) $(TRUST_FILES) > $@.tmp && mv $@.tmp $@

# Objects that include bearssl.h: the headers come from the fetched source.
BEARSSL_USERS := net/tls.c net/tls_entropy.c linux/cert_files.c linux/wireboot_mkanchors.c \
	linux/trust_option.c \
	tests/fuzz/fuzz_cert_files.c
$(foreach v,host fuzz efi,$(call objs,$(v),$(BEARSSL_USERS))): | $(BEARSSL_STAMP)
$(call objs,host,$(BEARSSL_USERS)): HOST_CFLAGS += -isystem $(BEARSSL_INC)
$(call objs,fuzz,$(BEARSSL_USERS)): FUZZ_CFLAGS += -isystem $(BEARSSL_INC)
$(call objs,efi,$(BEARSSL_USERS)): EFI_CFLAGS += -isystem $(BEARSSL_INC)

$(TRUST_BUILD)/host-trust_anchors.o: $(TRUST_BUILD)/trust_anchors.c | $(BEARSSL_STAMP)
	@mkdir -p $(@D)
	@echo "  CC      $@"
	$(Q)$(CC) $(HOST_CFLAGS) -isystem $(BEARSSL_INC) -c $< -o $@

$(TRUST_BUILD)/efi-trust_anchors.o: $(TRUST_BUILD)/trust_anchors.c | $(BEARSSL_STAMP)
	@mkdir -p $(@D)
	@echo "  CC      $@"
	$(Q)$(CC) $(EFI_CFLAGS) -isystem $(BEARSSL_INC) -c $< -o $@

# The build-time tool that writes trust_anchors.c.
$(BUILD)/wireboot-mkanchors: $(call objs,host,linux/wireboot_mkanchors.c linux/cert_files.c \
		core/errors.c) $(BUILD)/host/bearssl/libbearssl.a
	@echo "  LD      $@"
	$(Q)$(CC) $^ -o $@
