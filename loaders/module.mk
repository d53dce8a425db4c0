# SPDX-License-Identifier: GPL-2.0-or-later
LOADER_SRCS += loaders/bzimage.c loaders/initrd.c
LOADER_SRCS += loaders/pxecfg.c loaders/pxecfg_cmdline.c loaders/pxecfg_search.c loaders/menu.c
LOADER_SRCS += loaders/boot.c loaders/boot_plan_print.c loaders/boot_servers.c loaders/boot_net.c \
	loaders/boot_kind.c loaders/com32_builtin.c loaders/shell.c \
	loaders/com32_chain.c loaders/com32_ifcpu64.c loaders/pe.c loaders/partition_table.c
LOADER_SRCS += loaders/acpi_rsdp.c loaders/mptable.c
LOADER_SRCS += loaders/pxe_bootp.c loaders/pxechn.c loaders/pxe_api.c \
	loaders/pxe_api_udp.c loaders/pxe_api_undi.c loaders/pxe_api_tftp.c
LOADER_SRCS += loaders/inflate.c loaders/image_gzip.c loaders/multiboot.c loaders/multiboot2.c loaders/multiboot_load.c \
	loaders/mboot.c
