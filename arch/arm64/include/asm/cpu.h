/* SPDX-License-Identifier: Apache-2.0 */
/* The per-CPU pointer lives in TPIDR_EL2: read on every trap, so inline. */
#ifndef ASM_CPU_H
#define ASM_CPU_H

#include <stdint.h>

struct cpu;

static inline struct cpu *arch_cpu_self(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, tpidr_el2" : "=r"(v));
	return (struct cpu *)v;
}

#endif
