// SPDX-License-Identifier: GPL-2.0-or-later
/* Multiboot kernels and modules into a boot plan (loaders/multiboot_load.h). */
#include "loaders/multiboot_load.h"

#include "core/errors.h"
#include "core/heap.h"
#include "core/platform.h"
#include "core/printf.h"
#include "core/string.h"
#include "loaders/boot_plan.h"
#include "loaders/boot_session.h"
#include "loaders/multiboot.h"
#include "loaders/multiboot2.h"

#define FOUR_GB 0x100000000ull

/* What one Multiboot attempt keeps until it is released. */
struct multiboot_files {
	struct multiboot_image image;
	struct multiboot2_image image2;
	char **strings;            /* [0] the kernel's command line, then each module's */
	char **names;              /* [i] the file named by strings[i] (names[0] unused) */
	struct image_dest *mem;    /* [i] module i's memory (mem[0] unused) */
	size_t n;
};

void multiboot_release(struct boot_session *s)
{
	struct multiboot_files *mb = s->multiboot;
	if (!mb)
		return;
	for (size_t i = 0; i < mb->n; i++) {
		wb_free(mb->strings[i]);
		if (mb->names)
			wb_free(mb->names[i]);
		if (mb->mem)
			image_release(&mb->mem[i]);
	}
	wb_free(mb->strings);
	wb_free(mb->names);
	wb_free(mb->mem);
	wb_free(mb);
	s->multiboot = NULL;
}

/* The first word of a module string: its file name. */
static char *first_word(const char *s)
{
	size_t n = 0;
	while (s[n] && s[n] != ' ')
		n++;
	char *w = wb_malloc(n + 1);
	if (w) {
		memcpy(w, s, n);
		w[n] = '\0';
	}
	return w;
}

int multiboot_load(struct boot_session *s, struct boot_plan *plan, char **strings, size_t n)
{
	struct multiboot_files *mb = wb_zalloc(sizeof(*mb));
	int err;

	if (!mb) {
		for (size_t i = 0; i < n; i++)
			wb_free(strings[i]);
		wb_free(strings);
		return boot_fail(s, -WB_ENOMEM, "out of memory");
	}
	s->multiboot = mb;
	mb->strings = strings;
	mb->n = n;
	/* Multiboot 1 for the BIOS images, 2 for wireboot.efi: a kernel may have both. */
	int err1 = multiboot_parse(s->files[0].data, s->files[0].len, &mb->image);
	int err2 = multiboot2_parse(s->files[0].data, s->files[0].len, &mb->image2);
	if (err1 && err2)
		return boot_fail(s, err2 == -WB_EBADMAGIC ? err1 : err2, "%s: not a loadable "
				 "Multiboot kernel: %s", s->files[0].name, err2 == -WB_EBADMAGIC
				 ? mb->image.error : mb->image2.layout.error);
	mb->names = wb_zalloc(n * sizeof(*mb->names));
	mb->mem = wb_zalloc(n * sizeof(*mb->mem));
	if (!mb->names || !mb->mem)
		return boot_fail(s, -WB_ENOMEM, "out of memory");
	s->rep->stage = BOOT_STAGE_INITRD;
	for (size_t i = 1; i < n; i++) {
		mb->mem[i] = (struct image_dest){ .max_end = FOUR_GB, .top_down = 1 };
		if (!(mb->names[i] = first_word(strings[i])))
			return boot_fail(s, -WB_ENOMEM, "out of memory");
		if ((err = boot_fetch_image(s, mb->names[i], &mb->mem[i])) ||
		    (err = boot_gunzip_image(s, &mb->mem[i], &s->files[i])))
			return err;
	}
	plan->kind = BOOT_KIND_MULTIBOOT;
	plan->multiboot = err1 ? NULL : &mb->image;
	plan->multiboot2 = &mb->image2;
	plan->module_strings = (const char *const *)strings + 1;
	plan->cmdline = strings[0];
	return 0;
}

int multiboot_load_label(struct boot_session *s, struct boot_plan *plan)
{
	size_t n = 1 + s->boot.ninitrds;
	char **strings = wb_zalloc(n * sizeof(*strings));
	size_t len = strlen(s->boot.kernel) + 1 + strlen(s->boot.args) + 1;

	if (strings && (strings[0] = wb_malloc(len)))
		wb_snprintf(strings[0], len, "%s%s%s", s->boot.kernel, s->boot.args[0] ? " " : "",
			    s->boot.args);
	for (size_t i = 1; strings && strings[0] && i < n; i++)
		if (!(strings[i] = wb_strdup(s->boot.initrds[i - 1])))
			break;
	if (!strings || !strings[n - 1]) {
		for (size_t i = 0; strings && i < n; i++)
			wb_free(strings[i]);
		wb_free(strings);
		return boot_fail(s, -WB_ENOMEM, "out of memory");
	}
	return multiboot_load(s, plan, strings, n);
}

/* One line per segment of a layout. */
static void print_segments(const struct multiboot_image *img)
{
	for (size_t i = 0; i < img->nsegs; i++)
		wb_printf("  segment: %#x-%#x (%u bytes from the file at %#x)\n", img->seg[i].dest,
			  img->seg[i].dest + img->seg[i].memsz, img->seg[i].filesz,
			  img->seg[i].offset);
}

void multiboot_plan_print(const struct boot_plan *plan)
{
	const struct multiboot_image *img = plan->multiboot;
	const struct multiboot2_image *img2 = plan->multiboot2;

	if (img) {
		wb_printf("  Multiboot 1: %s, header at %#x, flags %#x (checksum ok), entry %#x\n",
			  img->format, img->header_offset, img->flags, img->entry);
		print_segments(img);
	}
	multiboot2_plan_print(img2);
	if (!img && !img2->status)
		print_segments(&img2->layout);
	for (size_t i = 1; i < plan->nfiles; i++)
		wb_printf("  module %zu: %zu bytes, string \"%s\"\n", i, plan->files[i].len,
			  plan->module_strings[i - 1]);
	wb_printf("  cmdline: \"%s\"\n", plan->cmdline);
}
