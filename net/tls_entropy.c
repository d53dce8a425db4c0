// SPDX-License-Identifier: GPL-2.0-or-later
/* Seed material for TLS: see net/tls_entropy.h. */
#include "net/tls_entropy.h"

#include <stdbool.h>

#include "core/platform.h"
#include "core/string.h"
#include "core/time.h"
#include "net/netdev.h"
#include "net/netif.h"

#if defined(__x86_64__) || defined(__i386__)
static void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	__asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(sub));
}

static uint64_t tsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

/* One word from RDSEED (seed) or RDRAND; false when the CPU gave none after retries. */
static bool hw_random(bool seed, unsigned long *v)
{
	for (int tries = 0; tries < 16; tries++) {
		unsigned char ok;
		if (seed)
			__asm__ volatile("rdseed %0; setc %1" : "=r"(*v), "=qm"(ok));
		else
			__asm__ volatile("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok));
		if (ok)
			return true;
	}
	return false;
}

/* Append up to 64 bytes from RDSEED, else RDRAND, when CPUID lists them. */
static size_t cpu_random(uint8_t *out, size_t cap)
{
	uint32_t r[4];
	cpuid(0, 0, r);
	uint32_t max_leaf = r[0];
	cpuid(1, 0, r);
	bool has_rdrand = r[2] & (1u << 30);
	bool has_rdseed = false;
	if (max_leaf >= 7) {
		cpuid(7, 0, r);
		has_rdseed = r[1] & (1u << 18);
	}
	size_t n = 0;
	while ((has_rdseed || has_rdrand) && cap - n >= sizeof(unsigned long) && n < 64) {
		unsigned long v;
		if (!hw_random(has_rdseed, &v)) {
			if (!has_rdseed)
				break;
			has_rdseed = false; /* RDSEED ran dry: RDRAND for the rest */
			continue;
		}
		memcpy(out + n, &v, sizeof(v));
		n += sizeof(v);
	}
	return n;
}
#else
static uint64_t tsc(void)
{
	return time_now_us();
}

static size_t cpu_random(uint8_t *out, size_t cap)
{
	return 0;
}
#endif

/* Append len bytes of v to out if they fit. */
static void put(uint8_t *out, size_t cap, size_t *n, const void *v, size_t len)
{
	if (len <= cap - *n) {
		memcpy(out + *n, v, len);
		*n += len;
	}
}

size_t tls_entropy(const struct netif *nif, uint8_t *out, size_t cap)
{
	size_t n = platform_random(out, cap / 4);
	n += cpu_random(out + n, cap / 4);
	/* Timing jitter: the low bits of TSC deltas around reads of the platform clock. */
	for (int i = 0; i < 64 && cap - n >= 2; i++) {
		uint64_t t0 = tsc();
		uint64_t us = time_now_us();
		uint16_t d = (uint16_t)((tsc() - t0) ^ (us << 5));
		put(out, cap, &n, &d, sizeof(d));
	}
	uint64_t now = time_now_us(), t = tsc(), wall = 0;
	put(out, cap, &n, &now, sizeof(now));
	put(out, cap, &n, &t, sizeof(t));
	if (platform_wall_clock(&wall) == 0) /* the RTC on BIOS: a few bits, unknown to a remote guesser */
		put(out, cap, &n, &wall, sizeof(wall));
	if (nif) {
		put(out, cap, &n, nif->dev->mac, sizeof(nif->dev->mac));
		put(out, cap, &n, &nif->ip, sizeof(nif->ip));
		put(out, cap, &n, &nif->rng, sizeof(nif->rng));
		put(out, cap, &n, &nif->stats, sizeof(nif->stats));
	}
	return n;
}
