# SPDX-License-Identifier: GPL-2.0-or-later
# Host support shared by the Linux programs and the unit tests.
HOST_SUPPORT_SRCS += linux/libc_heap.c
