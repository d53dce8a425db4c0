/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Monotonic time and timers.  The platform supplies the clock (platform_time_us); timers are
 * a sorted list run from the poll loop: nothing here is interrupt-driven.
 */
#ifndef WB_CORE_TIME_H
#define WB_CORE_TIME_H

#include <stdbool.h>
#include <stdint.h>

/* Microseconds since an arbitrary point; never goes backwards. */
uint64_t time_now_us(void);
static inline uint64_t time_now_ms(void) { return time_now_us() / 1000; }

struct timer {
	uint64_t expires_us;
	void (*fn)(struct timer *t); /* called once from timers_run() when expired */
	struct timer *next;          /* owned by the timer list */
	bool armed;
};

/* (Re)arm t to fire `delay_ms` from now. */
void timer_arm(struct timer *t, uint32_t delay_ms);
void timer_disarm(struct timer *t);
/* Run every expired timer; returns how many ran. */
int timers_run(void);

/* A deadline helper for poll loops. */
static inline bool time_after_us(uint64_t now, uint64_t deadline) { return (int64_t)(now - deadline) >= 0; }

#endif
