/* SPDX-License-Identifier: Apache-2.0 */
/* The per-CPU pointer lives in HTPIDR: read on every trap, so inline. */
#ifndef ASM_CPU_H
#define ASM_CPU_H

#include <stdint.h>

struct cpu;

static inline struct cpu *arch_cpu_self(void)
{
	uint32_t v;

	__asm__ volatile("mrc p15, 4, %0, c13, c0, 2" : "=r"(v));
	return (struct cpu *)v;
}

#endif
