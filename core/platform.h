/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What a platform (rom/, efi/, linux/, or the unit tests' fake) supplies.  Exactly one
 * platform is linked into each program; everything else is platform-free.
 */
#ifndef WB_CORE_PLATFORM_H
#define WB_CORE_PLATFORM_H

#include <stddef.h>
#include <stdint.h>

struct netdev;
struct boot_plan;

/* Monotonic clock in microseconds (core/time.h builds on it). */
uint64_t platform_time_us(void);

/*
 * Memory for a large image: page-aligned, `len` bytes, whose physical end is at most
 * `max_end` (exclusive; UINT64_MAX for no limit).  `top_down` asks for the highest such
 * place (initrds), otherwise the lowest (kernels).  NULL when it does not fit.
 */
void *platform_image_alloc(size_t len, uint64_t max_end, int top_down);
void platform_image_free(void *p, size_t len);
/* Physical address of memory from platform_image_alloc (identity on BIOS). */
uint64_t platform_phys_addr(const void *p);

/* The network devices the platform found, in boot order; returns the count (<= max). */
int platform_netdevs(struct netdev **devs, int max);

/*
 * Hand over to the kernel described by `plan`.  Returns only on failure (negative WB_E*),
 * after which the caller shows the error and the menu again.
 */
int platform_boot(const struct boot_plan *plan);

/* Return to the firmware to try the next boot device (LOCALBOOT); returns on failure. */
int platform_local_boot(int type);

/* CPUID leaf `leaf` (subleaf 0) into regs: EAX, EBX, ECX, EDX (core/cpuid_x86.c on x86). */
void platform_cpuid(uint32_t leaf, uint32_t regs[4]);

/*
 * The SERIAL config directive: move the serial console to `port` (0-3 = COM1-COM4, else an
 * I/O base address) at `baud` (8N1).  0, -WB_EINVAL, -WB_ENODEV, or -WB_ENOTSUP where the
 * platform has no UART of its own (EFI, Linux).
 */
int platform_serial_configure(unsigned port, uint32_t baud);

/*
 * Wall-clock time for certificate dates (net/tls.c): seconds since 1970-01-01 UTC.  0, or a
 * negative WB_E* when the platform has no clock (TLS then uses its build-time minimum).
 */
int platform_wall_clock(uint64_t *unix_seconds);

/* Up to len bytes from the platform's random source (EFI_RNG_PROTOCOL, getrandom());
 * returns how many were written, 0 when there is none (net/tls_entropy.h). */
size_t platform_random(void *buf, size_t len);

#endif
