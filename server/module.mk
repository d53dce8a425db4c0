# SPDX-License-Identifier: GPL-2.0-or-later
# wireboot-server: the library parts (also linked into unit tests and fuzz targets) and main.
SERVER_SRCS += server/dhcpd_conf.c
SERVER_SRCS += server/path.c
SERVER_SRCS += server/read_file.c
SERVER_SRCS += server/log.c
SERVER_SRCS += server/log_limit.c
SERVER_SRCS += server/event_loop.c
SERVER_SRCS += server/tftp_xfer.c
SERVER_SRCS += server/tftp_admit.c
SERVER_SRCS += server/tftp_server.c
SERVER_SRCS += server/atomic_file.c
SERVER_SRCS += server/leases.c
SERVER_SRCS += server/boot_choice.c
SERVER_SRCS += server/dhcp_server.c
SERVER_SRCS += server/dhcpv6_server.c
SERVER_SRCS += server/dhcpv6_bindings_file.c
SERVER_SRCS += server/http_server.c
SERVER_SRCS += server/https_server.c
SERVER_SRCS += server/config.c
SERVER_SRCS += server/check.c
SERVER_SRCS += server/check_signature.c
SERVER_SRCS += server/privileges.c
SERVER_SRCS += server/reload.c
SERVER_SRCS += server/signals.c
SERVER_SRCS += server/ra.c
SERVER_SRCS += server/sock_addr.c

PROGRAMS += $(BUILD)/wireboot-server
# OpenSSL (libssl-dev) for --https-port (server/https_server.c).
$(BUILD)/wireboot-server: $(call objs,host,server/main.c) $(BUILD)/host/libserver.a $(BUILD)/host/libwb.a
	@echo "  LD      $@"
	$(Q)$(CC) $(HOST_LDFLAGS) $^ -lssl -lcrypto -lpthread -o $@
