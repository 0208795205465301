// SPDX-License-Identifier: Apache-2.0
/*
 * The end mark of the Linux boot benchmark (tools/bench-linux.sh): a static
 * Linux program without libc, run by the guest's interactive shell as it
 * starts (the shell sources $ENV; the kernel command line sets ENV). It
 * prints the virtual counter it reads at EL0/PL0 (Linux lets user space
 * read CNTVCT, for its vDSO):
 *
 *   bench linux-shell at-prompt: cntvct=<N>
 *
 * Under QEMU -icount shift=0 with a 1 GHz counter, N is the number of
 * instructions the guest has seen executed since its virtual counter
 * started (plus any idle time QEMU skipped). Built for the board's Linux
 * ABI by tools/bench-linux.sh: aarch64 or ARM EABI (hard-float, either
 * instruction set).
 */
#include <stddef.h>
#include <stdint.h>

#if defined(__aarch64__)
#define SYS_WRITE 64
#define SYS_EXIT 93
#elif defined(__arm__)
#define SYS_WRITE 4
#define SYS_EXIT 1
#else
#error "bench-stamp: aarch64 or arm only"
#endif

#define STDOUT 1
#define DEC_DIGITS_U64 20

void _start(void);

static uint64_t cntvct(void)
{
	uint64_t v;

#if defined(__aarch64__)
	__asm__ volatile("isb\n mrs %0, cntvct_el0" : "=r"(v) : : "memory");
#else
	__asm__ volatile("isb\n mrrc p15, 1, %Q0, %R0, c14" : "=r"(v) : : "memory");
#endif
	return v;
}

static long syscall3(long nr, long a0, long a1, long a2)
{
#if defined(__aarch64__)
	register long x8 __asm__("x8") = nr;
	register long x0 __asm__("x0") = a0;
	register long x1 __asm__("x1") = a1;
	register long x2 __asm__("x2") = a2;

	__asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2) : "memory");
	return x0;
#else
	register long r7 __asm__("r7") = nr;
	register long r0 __asm__("r0") = a0;
	register long r1 __asm__("r1") = a1;
	register long r2 __asm__("r2") = a2;

	__asm__ volatile("svc #0" : "+r"(r0) : "r"(r7), "r"(r1), "r"(r2) : "memory");
	return r0;
#endif
}

/* The entry point (no libc, no arguments used): never returns. */
void _start(void)
{
	static const char prefix[] = "bench linux-shell at-prompt: cntvct=";
	uint64_t t = cntvct();
	char buf[sizeof(prefix) + DEC_DIGITS_U64 + 1];
	char digits[DEC_DIGITS_U64];
	size_t n = 0, d = 0;

	do {
		digits[d++] = (char)('0' + t % 10);
		t /= 10;
	} while (t != 0);
	for (size_t i = 0; i < sizeof(prefix) - 1; i++) {
		buf[n++] = prefix[i];
	}
	while (d > 0) {
		buf[n++] = digits[--d];
	}
	buf[n++] = '\n';
	syscall3(SYS_WRITE, STDOUT, (long)buf, (long)n);
	syscall3(SYS_EXIT, 0, 0, 0);
	for (;;) {
	}
}
