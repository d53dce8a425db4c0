# SPDX-License-Identifier: GPL-2.0-or-later
LOADER_SRCS += loaders/bzimage.c loaders/initrd.c
LOADER_SRCS += loaders/pxecfg.c loaders/pxecfg_cmdline.c loaders/pxecfg_search.c loaders/menu.c
LOADER_SRCS += loaders/boot.c loaders/boot_kind.c loaders/com32_builtin.c loaders/shell.c \
	loaders/com32_chain.c loaders/com32_ifcpu64.c loaders/pe.c loaders/boot_ack.c
