// SPDX-License-Identifier: GPL-2.0-or-later
/* The console multiplexer of core/console.h: a list of sinks, written in registration order. */
#include "core/console.h"
#include "core/string.h"

static struct console_sink *sinks;
static unsigned silenced; /* flags of the sinks output skips: CONSOLE_VIDEO or none */

void console_add(struct console_sink *sink)
{
	struct console_sink **pp = &sinks;
	for (; *pp; pp = &(*pp)->next)
		if (*pp == sink)
			return;
	sink->next = NULL;
	*pp = sink;
}

void console_remove(struct console_sink *sink)
{
	for (struct console_sink **pp = &sinks; *pp; pp = &(*pp)->next) {
		if (*pp == sink) {
			*pp = sink->next;
			sink->next = NULL;
			return;
		}
	}
}

void console_write_filtered(const char *s, size_t n, unsigned require, unsigned exclude)
{
	if (!n)
		return;
	exclude |= silenced;
	for (struct console_sink *k = sinks; k; k = k->next)
		if ((k->flags & require) == require && !(k->flags & exclude))
			k->write(k, s, n);
}

void console_write(const char *s, size_t n) { console_write_filtered(s, n, 0, 0); }

void console_puts(const char *s) { console_write(s, strlen(s)); }

void console_set_video(bool on) { silenced = on ? 0 : CONSOLE_VIDEO; }

int console_getkey(void)
{
	for (struct console_sink *k = sinks; k; k = k->next) {
		if (k->getkey) {
			int key = k->getkey(k);
			if (key != KEY_NONE)
				return key;
		}
	}
	return KEY_NONE;
}
