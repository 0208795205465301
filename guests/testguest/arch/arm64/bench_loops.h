// SPDX-License-Identifier: Apache-2.0
/*
 * The timed loops of test=bench (test_bench.c), in assembly so that each
 * measured loop and its nop twin have the same shape. x19 counts because
 * SMCCC preserves it and lets the callee clobber x0-x17.
 */
#ifndef TG_BENCH_LOOPS_H
#define TG_BENCH_LOOPS_H

#include <stdbool.h>
#include <stdint.h>

/*
 * n x PSCI_VERSION over HVC, or over SMC: natively on a board whose PSCI
 * is at EL3 (or QEMU's, standing in for it) the DT names that conduit.
 */
#define BENCH_LOOP_CALL(insn)                                                                      \
	__asm__ volatile("1:	mov	x0, #0x84000000\n"                                         \
			 "	" insn "\n"                                                        \
			 "	subs	x19, x19, #1\n"                                            \
			 "	b.ne	1b\n"                                                      \
			 : "+r"(cnt)                                                               \
			 :                                                                         \
			 : "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10",      \
			   "x11", "x12", "x13", "x14", "x15", "x16", "x17", "cc", "memory")

static inline void bench_loop_call(uint64_t n, bool smc)
{
	register uint64_t cnt __asm__("x19") = n;

	if (smc) {
		BENCH_LOOP_CALL("smc	#0");
	} else {
		BENCH_LOOP_CALL("hvc	#0");
	}
}

static inline void bench_loop_call_nop(uint64_t n)
{
	register uint64_t cnt __asm__("x19") = n;

	BENCH_LOOP_CALL("nop");
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

/*
 * n x one byte to the UART's data register (a strb, as a console driver
 * does; a 32-bit str when word: a 16550 with reg-io-width 4), taken in turn
 * from the 64-byte line at buf: byte i of the loop is buf[(n - i) % 64], so
 * the caller lays the line out backwards.
 */
#define BENCH_LOOP_UART(store)                                                                     \
	__asm__ volatile("1:	and	x1, x19, #63\n"                                            \
			 "	ldrb	w0, [%2, x1]\n"                                            \
			 "	" store "\n"                                                       \
			 "	subs	x19, x19, #1\n"                                            \
			 "	b.ne	1b\n"                                                      \
			 : "+r"(cnt)                                                               \
			 : "r"(dr), "r"(buf)                                                       \
			 : "x0", "x1", "cc", "memory")

static inline void bench_loop_uart(uint64_t n, uintptr_t dr, const char *buf, bool word)
{
	register uint64_t cnt __asm__("x19") = n;

	if (word) {
		BENCH_LOOP_UART("str	w0, [%1]");
	} else {
		BENCH_LOOP_UART("strb	w0, [%1]");
	}
}

static inline void bench_loop_uart_nop(uint64_t n, uintptr_t dr, const char *buf)
{
	register uint64_t cnt __asm__("x19") = n;

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

	__asm__ volatile("	ldr	%w1, [%3]\n"
			 "	add	%w2, %w1, #1\n"
			 "	isb\n"
			 "	mrs	%0, cntvct_el0\n"
			 "	str	%w2, [%4]\n"
			 : "=&r"(t), "=&r"(c), "=&r"(next)
			 : "r"(dr), "r"(mr)
			 : "memory");
	return t;
}

#endif
