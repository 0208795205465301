/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The arm32 trap frame, as arch/arm32/vectors.S saves it: r0-r12 and the
 * User-mode LR, which Hyp mode shares and so must save before calling C.
 * The guest's other banked registers (its SP, the LR of its own mode, FIQ's
 * r8-r12) stay in their banks and are reached through arm32_banked_get/set.
 */
#ifndef ASM_REGS_H
#define ASM_REGS_H

#define FRAME_SIZE 64
#define FRAME_LR_USR 52

#ifndef __ASSEMBLY__
#include <stddef.h>
#include <stdint.h>

struct arch_regs {
	uint32_t r[13];
	uint32_t lr_usr;
	uint32_t pad[2];
};

_Static_assert(sizeof(struct arch_regs) == FRAME_SIZE, "vectors.S assumes this frame size");
_Static_assert(offsetof(struct arch_regs, lr_usr) == FRAME_LR_USR, "vectors.S saves LR_usr here");

/* Register n of the guest's current mode that is not in the frame (arch/arm32/regs.c). */
uint32_t arm32_banked_get(const struct arch_regs *r, unsigned n);
void arm32_banked_set(struct arch_regs *r, unsigned n, uint32_t val);

/* Register n in AArch32 numbering (r0-r14; r15 reads as zero). */
static inline uint64_t arch_regs_get(const struct arch_regs *r, unsigned n)
{
	if (n < 8) {
		return r->r[n];
	}
	return n < 15 ? arm32_banked_get(r, n) : 0;
}

static inline void arch_regs_set(struct arch_regs *r, unsigned n, uint64_t val)
{
	if (n < 8) {
		r->r[n] = (uint32_t)val;
	} else if (n < 15) {
		arm32_banked_set(r, n, (uint32_t)val);
	}
}
#endif

#endif
