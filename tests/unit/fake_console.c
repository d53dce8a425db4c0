// SPDX-License-Identifier: GPL-2.0-or-later
/* See fake_console.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "tests/unit/fake_console.h"

void fake_sink_write(struct console_sink *sink, const char *s, size_t n)
{
	struct fake_sink *f = (struct fake_sink *)sink;
	assert_true(f->len + n < sizeof(f->out));
	memcpy(f->out + f->len, s, n);
	f->len += n;
	f->out[f->len] = '\0';
	f->writes++;
}

int fake_sink_getkey(struct console_sink *sink)
{
	struct fake_sink *f = (struct fake_sink *)sink;
	if (!f->nkeys)
		return KEY_NONE;
	int k = f->keys[0];
	memmove(f->keys, f->keys + 1, sizeof(f->keys) - sizeof(f->keys[0]));
	f->nkeys--;
	return k;
}

void fake_sink_clear(struct fake_sink *f)
{
	f->len = 0;
	f->out[0] = '\0';
	f->writes = 0;
	f->nkeys = 0;
}

void fake_console_attach(struct fake_sink *first, ...)
{
	va_list ap;
	va_start(ap, first);
	for (struct fake_sink *f = first; f; f = va_arg(ap, struct fake_sink *)) {
		fake_sink_clear(f);
		console_add(&f->sink);
	}
	va_end(ap);
}

void fake_console_detach(struct fake_sink *first, ...)
{
	va_list ap;
	va_start(ap, first);
	for (struct fake_sink *f = first; f; f = va_arg(ap, struct fake_sink *))
		console_remove(&f->sink);
	va_end(ap);
}
