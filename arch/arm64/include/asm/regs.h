/* SPDX-License-Identifier: Apache-2.0 */
/* The arm64 trap frame: x0..x30 as saved by arch/arm64/vectors.S. */
#ifndef ASM_REGS_H
#define ASM_REGS_H

#define FRAME_SIZE 256

#ifndef __ASSEMBLY__
#include <stdint.h>

struct arch_regs {
	uint64_t x[31];
	uint64_t pad;
};

_Static_assert(sizeof(struct arch_regs) == FRAME_SIZE, "vectors.S assumes this frame size");

/* Register n in AArch64 numbering; 31 is the zero register. */
static inline uint64_t arch_regs_get(const struct arch_regs *r, unsigned n)
{
	return n < 31 ? r->x[n] : 0;
}

static inline void arch_regs_set(struct arch_regs *r, unsigned n, uint64_t val)
{
	if (n < 31) {
		r->x[n] = val;
	}
}
#endif

#endif
