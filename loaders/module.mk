# SPDX-License-Identifier: GPL-2.0-or-later
LOADER_SRCS += loaders/bzimage.c loaders/initrd.c
LOADER_SRCS += loaders/pxecfg.c loaders/pxecfg_cmdline.c loaders/pxecfg_search.c loaders/menu.c
LOADER_SRCS += loaders/boot.c loaders/boot_servers.c loaders/shell.c
