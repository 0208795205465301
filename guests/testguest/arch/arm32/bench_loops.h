// SPDX-License-Identifier: Apache-2.0
/*
 * The timed loops of test=bench (test_bench.c), in assembly so that each
 * measured loop and its nop twin have the same shape. r8 counts: SMCCC
 * preserves it, while r0-r7 may carry results (SMCCC 1.2) and r12 is
 * treated as clobbered too.
 */
#ifndef TG_BENCH_LOOPS_H
#define TG_BENCH_LOOPS_H

#include <stdint.h>

/* n x PSCI_VERSION over HVC. */
static inline void bench_loop_hvc(uint64_t n)
{
	register uint32_t cnt __asm__("r8") = (uint32_t)n;

	__asm__ volatile("1:	mov	r0, #0x84000000\n"
			 "	hvc	#0\n"
			 "	subs	r8, r8, #1\n"
			 "	bne	1b\n"
			 : "+r"(cnt)
			 :
			 : "r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r12", "cc", "memory");
}

static inline void bench_loop_hvc_nop(uint64_t n)
{
	register uint32_t cnt __asm__("r8") = (uint32_t)n;

	__asm__ volatile("1:	mov	r0, #0x84000000\n"
			 "	nop\n"
			 "	subs	r8, r8, #1\n"
			 "	bne	1b\n"
			 : "+r"(cnt)
			 :
			 : "r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r12", "cc", "memory");
}

/* n x a 32-bit load from addr. */
static inline void bench_loop_read32(uint64_t n, uintptr_t addr)
{
	register uint32_t cnt __asm__("r8") = (uint32_t)n;

	__asm__ volatile("1:	ldr	r0, [%1]\n"
			 "	subs	r8, r8, #1\n"
			 "	bne	1b\n"
			 : "+r"(cnt)
			 : "r"(addr)
			 : "r0", "cc", "memory");
}

static inline void bench_loop_read32_nop(uint64_t n, uintptr_t addr)
{
	register uint32_t cnt __asm__("r8") = (uint32_t)n;

	__asm__ volatile("1:	nop\n"
			 "	subs	r8, r8, #1\n"
			 "	bne	1b\n"
			 : "+r"(cnt)
			 : "r"(addr)
			 : "r0", "cc", "memory");
}

#endif
