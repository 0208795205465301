/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Host fake of <asm/cpu.h>: "this CPU" is whatever the test says it is
 * (tests/unit/fake_gic.c defines fake_self; the test sets it before each
 * call, as the hardware would run the call on that CPU).
 */
#ifndef ASM_CPU_H
#define ASM_CPU_H

struct cpu;

extern struct cpu *fake_self;

static inline struct cpu *arch_cpu_self(void)
{
	return fake_self;
}

#endif
