// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Monotonic time and the timer list of core/time.h.  Armed timers sit in `pending`, sorted by
 * expiry.  timers_run() first moves the expired ones to `due` and then calls them one by one, so
 * a callback may arm or disarm any timer (itself included) and a timer re-armed with a zero
 * delay waits for the next timers_run() instead of looping forever.
 */
#include <stddef.h>

#include "core/platform.h"
#include "core/time.h"

static struct timer *pending;
static struct timer *due;

uint64_t time_now_us(void) { return platform_time_us(); }

static bool unlink_from(struct timer **list, struct timer *t)
{
	for (struct timer **pp = list; *pp; pp = &(*pp)->next) {
		if (*pp == t) {
			*pp = t->next;
			t->next = NULL;
			return true;
		}
	}
	return false;
}

void timer_disarm(struct timer *t)
{
	if (t->armed && !unlink_from(&pending, t))
		unlink_from(&due, t);
	t->armed = false;
}

void timer_arm(struct timer *t, uint32_t delay_ms)
{
	timer_disarm(t);
	t->expires_us = time_now_us() + (uint64_t)delay_ms * 1000;
	t->armed = true;
	/* After every timer that expires at the same time or earlier: FIFO among equals. */
	struct timer **pp = &pending;
	while (*pp && time_after_us(t->expires_us, (*pp)->expires_us))
		pp = &(*pp)->next;
	t->next = *pp;
	*pp = t;
}

int timers_run(void)
{
	uint64_t now = time_now_us();
	int ran = 0;

	/* Move the expired prefix of `pending` to `due` (appending: a callback may have run us). */
	struct timer **tail = &due;
	while (*tail)
		tail = &(*tail)->next;
	while (pending && time_after_us(now, pending->expires_us)) {
		struct timer *t = pending;
		pending = t->next;
		t->next = NULL;
		*tail = t;
		tail = &t->next;
	}
	while (due) {
		struct timer *t = due;
		due = t->next;
		t->next = NULL;
		t->armed = false;
		t->fn(t);
		ran++;
	}
	return ran;
}
