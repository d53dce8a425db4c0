# SPDX-License-Identifier: GPL-2.0-or-later
CORE_SRCS += core/errors.c core/strutil.c core/printf.c core/console.c core/ansi_screen.c \
	core/timer.c core/heap.c core/sha256.c core/progress.c core/calendar.c
# Firmware only: the C library's names, and wb_malloc over the global heap.
CORE_FW_SRCS += core/string.c core/malloc.c
