// SPDX-License-Identifier: GPL-2.0-or-later
/* mboot.c32 (loaders/mboot.h). */
#include "loaders/mboot.h"

#include <stdbool.h>

#include "core/errors.h"
#include "core/heap.h"
#include "core/string.h"
#include "loaders/boot_kind.h"
#include "loaders/boot_session.h"
#include "loaders/multiboot_load.h"

#define MBOOT_MAX_FILES 32

/* Is p the separator "---" standing alone as a word? */
static bool at_separator(const char *p, const char *start)
{
	return !strncmp(p, "---", 3) && (p == start || p[-1] == ' ') && (!p[3] || p[3] == ' ');
}

/* One part of the arguments, blanks trimmed, as an owned string (NULL when out of memory). */
static char *part_dup(const char *from, const char *to)
{
	while (from < to && *from == ' ')
		from++;
	while (to > from && to[-1] == ' ')
		to--;
	char *p = wb_malloc((size_t)(to - from) + 1);
	if (p) {
		memcpy(p, from, (size_t)(to - from));
		p[to - from] = '\0';
	}
	return p;
}

/* Split args at "---" into strings[]; returns the count, or -WB_ENOMEM / -WB_ETOOBIG. */
static int split(const char *args, char **strings)
{
	int n = 0;
	const char *from = args;
	for (const char *p = args;; p++) {
		if (*p && !at_separator(p, args))
			continue;
		if (n == MBOOT_MAX_FILES)
			return -WB_ETOOBIG;
		if (!(strings[n++] = part_dup(from, p)))
			return -WB_ENOMEM;
		if (!*p)
			return n;
		from = p + 3;
		p += 2;
	}
}

int mboot_prepare(struct boot_session *s, const char *args, struct boot_plan *plan)
{
	char **strings = wb_zalloc(MBOOT_MAX_FILES * sizeof(*strings));
	int n = strings ? split(args, strings) : -WB_ENOMEM, err;

	if (n > 0 && !strings[0][0])
		n = -WB_EINVAL;
	if (n < 0) {
		for (int i = 0; strings && i < MBOOT_MAX_FILES; i++)
			wb_free(strings[i]);
		wb_free(strings);
		return boot_fail(s, n, "mboot.c32: %s: give \"kernel [args] --- module [args] ...\" "
				 "(at most %u files)", n == -WB_EINVAL ? "no kernel named"
				 : wb_strerror(n), MBOOT_MAX_FILES);
	}
	/* The kernel's name takes the module's place in the session (it names files[0]). */
	size_t k = 0;
	while (strings[0][k] && strings[0][k] != ' ' && k + 1 < sizeof(s->boot.kernel))
		k++;
	memcpy(s->boot.kernel, strings[0], k);
	s->boot.kernel[k] = '\0';
	s->files = wb_zalloc((size_t)n * sizeof(*s->files));
	s->kernel = (struct image_dest){ .max_end = UINT64_MAX, .top_down = 0 };
	s->rep->stage = BOOT_STAGE_KERNEL;
	if (!s->files)
		err = boot_fail(s, -WB_ENOMEM, "out of memory");
	else if (!(err = boot_fetch_image(s, s->boot.kernel, &s->kernel)))
		err = boot_gunzip_image(s, &s->kernel, &s->files[0]);
	enum boot_kind kind = BOOT_KIND_PXE;
	if (!err && (boot_kind_detect(s->boot.kernel, false, s->files[0].data, s->files[0].len,
				      &kind) || kind != BOOT_KIND_MULTIBOOT))
		err = boot_fail(s, -WB_ENOEXEC, "mboot.c32: %s is not a Multiboot kernel",
				s->boot.kernel);
	if (err) {
		for (int i = 0; i < n; i++)
			wb_free(strings[i]);
		wb_free(strings);
		return err;
	}
	plan->kernel = s->kernel.buf;
	plan->kernel_len = s->files[0].len;
	return multiboot_load(s, plan, strings, (size_t)n);
}
