// SPDX-License-Identifier: Apache-2.0
/*
 * The timed loops of test=bench (test_bench.c), in assembly so that each
 * measured loop and its nop twin have the same shape. x19 counts because
 * SMCCC preserves it and lets the callee clobber x0-x17.
 */
#ifndef TG_BENCH_LOOPS_H
#define TG_BENCH_LOOPS_H

#include <stdint.h>

/* n x PSCI_VERSION over HVC. */
static inline void bench_loop_hvc(uint64_t n)
{
	register uint64_t cnt __asm__("x19") = n;

	__asm__ volatile("1:	mov	x0, #0x84000000\n"
			 "	hvc	#0\n"
			 "	subs	x19, x19, #1\n"
			 "	b.ne	1b\n"
			 : "+r"(cnt)
			 :
			 : "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10",
			   "x11", "x12", "x13", "x14", "x15", "x16", "x17", "cc", "memory");
}

static inline void bench_loop_hvc_nop(uint64_t n)
{
	register uint64_t cnt __asm__("x19") = n;

	__asm__ volatile("1:	mov	x0, #0x84000000\n"
			 "	nop\n"
			 "	subs	x19, x19, #1\n"
			 "	b.ne	1b\n"
			 : "+r"(cnt)
			 :
			 : "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10",
			   "x11", "x12", "x13", "x14", "x15", "x16", "x17", "cc", "memory");
}

/* n x a 32-bit load from addr. */
static inline void bench_loop_read32(uint64_t n, uintptr_t addr)
{
	register uint64_t cnt __asm__("x19") = n;

	__asm__ volatile("1:	ldr	w0, [%1]\n"
			 "	subs	x19, x19, #1\n"
			 "	b.ne	1b\n"
			 : "+r"(cnt)
			 : "r"(addr)
			 : "x0", "cc", "memory");
}

static inline void bench_loop_read32_nop(uint64_t n, uintptr_t addr)
{
	register uint64_t cnt __asm__("x19") = n;

	__asm__ volatile("1:	nop\n"
			 "	subs	x19, x19, #1\n"
			 "	b.ne	1b\n"
			 : "+r"(cnt)
			 : "r"(addr)
			 : "x0", "cc", "memory");
}

#endif
