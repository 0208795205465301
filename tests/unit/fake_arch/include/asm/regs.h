/* SPDX-License-Identifier: Apache-2.0 */
/* Host fake of <asm/regs.h> for unit tests: a plain register file. */
#ifndef ASM_REGS_H
#define ASM_REGS_H

#define FRAME_SIZE 256

#include <stdint.h>

struct arch_regs {
	uint64_t x[31];
	uint64_t pad;
};

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
