// SPDX-License-Identifier: Apache-2.0
/*
 * The timed loops of test=bench (test_bench.c), in assembly so that each
 * measured loop and its nop twin have the same shape. r8 counts: SMCCC
 * preserves it, while r0-r7 may carry results (SMCCC 1.2) and r12 is
 * treated as clobbered too.
 */
#ifndef TG_BENCH_LOOPS_H
#define TG_BENCH_LOOPS_H

#include <stdbool.h>
#include <stdint.h>

/*
 * n x PSCI_VERSION over HVC, or over SMC: natively on a board whose PSCI
 * is in Monitor mode (or QEMU's, standing in for it) the DT names that
 * conduit.
 */
#define BENCH_LOOP_CALL(insn)                                                                      \
	__asm__ volatile("1:	mov	r0, #0x84000000\n"                                         \
			 "	" insn "\n"                                                        \
			 "	subs	r8, r8, #1\n"                                              \
			 "	bne	1b\n"                                                      \
			 : "+r"(cnt)                                                               \
			 :                                                                         \
			 : "r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r12", "cc", "memory")

static inline void bench_loop_call(uint64_t n, bool smc)
{
	register uint32_t cnt __asm__("r8") = (uint32_t)n;

	if (smc) {
		BENCH_LOOP_CALL("smc	#0");
	} else {
		BENCH_LOOP_CALL("hvc	#0");
	}
}

static inline void bench_loop_call_nop(uint64_t n)
{
	register uint32_t cnt __asm__("r8") = (uint32_t)n;

	BENCH_LOOP_CALL("nop");
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

/*
 * n x one byte to the UART's data register (a strb, as a console driver
 * does; a 32-bit str when word: a 16550 with reg-io-width 4), taken in turn
 * from the 64-byte line at buf: byte i of the loop is buf[(n - i) % 64], so
 * the caller lays the line out backwards.
 */
#define BENCH_LOOP_UART(store)                                                                     \
	__asm__ volatile("1:	and	r1, r8, #63\n"                                             \
			 "	ldrb	r0, [%2, r1]\n"                                            \
			 "	" store "\n"                                                       \
			 "	subs	r8, r8, #1\n"                                              \
			 "	bne	1b\n"                                                      \
			 : "+r"(cnt)                                                               \
			 : "r"(dr), "r"(buf)                                                       \
			 : "r0", "r1", "cc", "memory")

static inline void bench_loop_uart(uint64_t n, uintptr_t dr, const char *buf, bool word)
{
	register uint32_t cnt __asm__("r8") = (uint32_t)n;

	if (word) {
		BENCH_LOOP_UART("str	r0, [%1]");
	} else {
		BENCH_LOOP_UART("strb	r0, [%1]");
	}
}

static inline void bench_loop_uart_nop(uint64_t n, uintptr_t dr, const char *buf)
{
	register uint32_t cnt __asm__("r8") = (uint32_t)n;

	BENCH_LOOP_UART("nop");
}

/*
 * Arms the RTC one second ahead (PL031: RTCMR = RTCDR + 1) and returns the
 * virtual counter read by the instruction just before the RTCMR store (the
 * store is BENCH_RTC_STORE_DELAY instructions later). QEMU's PL031 fires
 * its alarm exactly one second of its clock after that store: virtual time,
 * i.e. counter ticks, with -rtc clock=vm.
 */
#define BENCH_RTC_STORE_DELAY 1u

static inline uint64_t bench_rtc_arm(uintptr_t dr, uintptr_t mr)
{
	uint64_t t;
	uint32_t c, next;

	__asm__ volatile("	ldr	%1, [%3]\n"
			 "	add	%2, %1, #1\n"
			 "	isb\n"
			 "	mrrc	p15, 1, %Q0, %R0, c14\n"
			 "	str	%2, [%4]\n"
			 : "=&r"(t), "=&r"(c), "=&r"(next)
			 : "r"(dr), "r"(mr)
			 : "memory");
	return t;
}

#endif
