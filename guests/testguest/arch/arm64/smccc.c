// SPDX-License-Identifier: Apache-2.0
/*
 * SMCCC calls over HVC or SMC from AArch64. Per SMCCC (DEN0028) a callee
 * may clobber x0-x17; x18 upwards are preserved.
 */
#include "testguest.h"

#define SMCCC_CLOBBERS                                                                             \
	"x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13", "x14", "x15", "x16", "x17", \
		"memory"

int64_t smccc_call(enum conduit c, uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	if (c == CONDUIT_SMC) {
		__asm__ volatile("smc #0"
				 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
				 :
				 : SMCCC_CLOBBERS);
	} else {
		__asm__ volatile("hvc #0"
				 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
				 :
				 : SMCCC_CLOBBERS);
	}
	return (int64_t)x0;
}
