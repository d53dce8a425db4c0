/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Device access for the BIOS drivers: port I/O of every width and memory-mapped registers.
 * The C code runs flat with paging off, so an MMIO address below 4 GiB is a pointer.
 * (outb/inb come from rom/realmode.h, which the console code already uses.)
 */
#ifndef WB_ROM_IO_H
#define WB_ROM_IO_H

#include <stdint.h>

#include "core/time.h"
#include "rom/realmode.h"

static inline void outw(uint16_t port, uint16_t v) { __asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port)); }
static inline void outl(uint16_t port, uint32_t v) { __asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port)); }
static inline uint16_t inw(uint16_t port)
{
	uint16_t v;
	__asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}
static inline uint32_t inl(uint16_t port)
{
	uint32_t v;
	__asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

/* MMIO: volatile accesses of the exact width (registers care). */
static inline uint8_t mmio_read8(uintptr_t a) { return *(volatile uint8_t *)a; }
static inline uint16_t mmio_read16(uintptr_t a) { return *(volatile uint16_t *)a; }
static inline uint32_t mmio_read32(uintptr_t a) { return *(volatile uint32_t *)a; }
static inline void mmio_write8(uintptr_t a, uint8_t v) { *(volatile uint8_t *)a = v; }
static inline void mmio_write16(uintptr_t a, uint16_t v) { *(volatile uint16_t *)a = v; }
static inline void mmio_write32(uintptr_t a, uint32_t v) { *(volatile uint32_t *)a = v; }

/* Accesses of `size` bytes (1, 2 or 4), for registers whose width is a parameter. */
static inline uint32_t io_read(uint16_t port, int size)
{
	return size == 1 ? inb(port) : size == 2 ? inw(port) : inl(port);
}
static inline void io_write(uint16_t port, int size, uint32_t v)
{
	if (size == 1)
		outb(port, (uint8_t)v);
	else if (size == 2)
		outw(port, (uint16_t)v);
	else
		outl(port, v);
}
static inline uint32_t mmio_read(uintptr_t a, int size)
{
	return size == 1 ? mmio_read8(a) : size == 2 ? mmio_read16(a) : mmio_read32(a);
}
static inline void mmio_write(uintptr_t a, int size, uint32_t v)
{
	if (size == 1)
		mmio_write8(a, (uint8_t)v);
	else if (size == 2)
		mmio_write16(a, (uint16_t)v);
	else
		mmio_write32(a, v);
}

/*
 * Ordering between CPU writes to DMA memory and a doorbell write (and between reading a
 * device-written index and the data it covers).  x86 keeps stores ordered and the memory is
 * uncached for the device, so a compiler barrier suffices.
 */
static inline void dma_barrier(void) { __asm__ volatile("" : : : "memory"); }

/* Busy-wait `us` microseconds on the platform clock. */
static inline void io_delay_us(unsigned us)
{
	uint64_t end = time_now_us() + us;
	while (!time_after_us(time_now_us(), end))
		;
}

#endif
