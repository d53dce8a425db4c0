// SPDX-License-Identifier: GPL-2.0-or-later
/* Opening the A20 gate (rom/a20.h), verifying after each method. */
#include "rom/a20.h"

#include "core/errors.h"
#include "rom/realmode.h"

#define KBC_DATA 0x60
#define KBC_STATUS 0x64
#define SYS_CTRL_A 0x92

/* With A20 closed, 1 MiB + x aliases x.  Compare a word in our .bss with its alias. */
static int a20_open(void)
{
	static volatile uint32_t probe;
	volatile uint32_t *alias = (volatile uint32_t *)((uintptr_t)&probe + 0x100000);
	for (uint32_t v = 0x5A5A0001; v < 0x5A5A0003; v++) {
		probe = v;
		if (*alias != v)
			return 1;
	}
	return 0;
}

static void kbc_wait(void)
{
	for (unsigned i = 0; i < 100000; i++) {
		uint8_t st = inb(KBC_STATUS);
		if (st & 0x01)
			(void)inb(KBC_DATA); /* drain output */
		else if (!(st & 0x02))
			return;
	}
}

int a20_enable(void)
{
	if (a20_open())
		return 0;
	struct rm_regs r = { .eax = 0x2401 };
	bios_int(0x15, &r);
	if (a20_open())
		return 0;
	uint8_t v = inb(SYS_CTRL_A);
	outb(SYS_CTRL_A, (v | 0x02) & ~0x01); /* bit 0 would reset the machine */
	if (a20_open())
		return 0;
	kbc_wait();
	outb(KBC_STATUS, 0xD1); /* write output port */
	kbc_wait();
	outb(KBC_DATA, 0xDF);   /* A20 on */
	kbc_wait();
	outb(KBC_STATUS, 0xFF);
	kbc_wait();
	for (unsigned i = 0; i < 1000000; i++)
		if (a20_open())
			return 0;
	return -WB_EIO;
}
