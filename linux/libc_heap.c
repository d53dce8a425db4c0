// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * wb_malloc & co. on the host: the C library's allocator, so that ASan and valgrind see every
 * allocation of the portable code.  Firmware builds use core/malloc.c instead.
 */
#include <stdlib.h>
#include <string.h>

#include "core/heap.h"

void *wb_malloc(size_t n) { return malloc(n ? n : 1); }
void *wb_zalloc(size_t n) { return calloc(1, n ? n : 1); }
void *wb_realloc(void *p, size_t n) { return realloc(p, n ? n : 1); }
void wb_free(void *p) { free(p); }
char *wb_strdup(const char *s) { return strdup(s); }
char *wb_strndup(const char *s, size_t max) { return strndup(s, max); }
