# SPDX-License-Identifier: GPL-2.0-or-later
LOADER_SRCS += loaders/bzimage.c loaders/initrd.c
