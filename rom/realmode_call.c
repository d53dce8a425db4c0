// SPDX-License-Identifier: GPL-2.0-or-later
/* The C side of the real-mode thunk (rom/realmode.S): fills its frame and runs it. */
#include "rom/realmode.h"

/* Thunk state in .data16 (within 64 KiB of RM_BASE: real mode reaches it with CS = RM_SEG). */
extern struct rm_regs rm_frame;
extern segoff_t rm_target;
extern uint8_t rm_is_int;
extern uint16_t rm_nargs, rm_args[RM_MAX_ARGS];
extern uint16_t rm_exit_ss, rm_exit_sp;
void rm_thunk(void) WB_ASMCALL;
void rm_exit(void) WB_ASMCALL __attribute__((noreturn));

void bios_int(uint8_t vec, struct rm_regs *r)
{
	rm_frame = *r;
	rm_is_int = 1;
	rm_target = *(volatile const uint32_t *)(uintptr_t)(vec * 4u); /* the IVT entry */
	rm_nargs = 0;
	rm_thunk();
	*r = rm_frame;
}

void rm_farcall(segoff_t target, struct rm_regs *r, const uint16_t *args, unsigned nargs)
{
	if (nargs > RM_MAX_ARGS)
		nargs = RM_MAX_ARGS;
	rm_frame = *r;
	rm_is_int = 0;
	rm_target = target;
	for (unsigned i = 0; i < nargs; i++)
		rm_args[i] = args[i];
	rm_nargs = (uint16_t)nargs;
	rm_thunk();
	*r = rm_frame;
}

void rm_jump(const struct rm_regs *r, uint16_t ss, uint16_t sp, uint16_t cs, uint16_t ip)
{
	rm_frame = *r;
	rm_exit_ss = ss;
	rm_exit_sp = sp;
	rm_target = (uint32_t)cs << 16 | ip;
	rm_exit();
}
