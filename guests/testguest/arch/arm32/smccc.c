// SPDX-License-Identifier: Apache-2.0
/*
 * SMCCC calls over HVC or SMC from AArch32 (SMC32/HVC32, DEN0028): the
 * function id and arguments in r0-r3, the result in r0. r4-r7 may hold
 * results since SMCCC 1.2 and r12 is not promised either, so all are
 * clobbered here; r8 upwards are preserved. Arguments are 32 bits wide, so
 * the result is a signed 32-bit value.
 */
#include "testguest.h"

#define SMCCC_CLOBBERS "r4", "r5", "r6", "r7", "r12", "memory"

int64_t smccc_call(enum conduit c, uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint32_t r0 __asm__("r0") = (uint32_t)fn;
	register uint32_t r1 __asm__("r1") = (uint32_t)a1;
	register uint32_t r2 __asm__("r2") = (uint32_t)a2;
	register uint32_t r3 __asm__("r3") = (uint32_t)a3;

	if (c == CONDUIT_SMC) {
		__asm__ volatile("smc #0"
				 : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3)
				 :
				 : SMCCC_CLOBBERS);
	} else {
		__asm__ volatile("hvc #0"
				 : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3)
				 :
				 : SMCCC_CLOBBERS);
	}
	return (int32_t)r0;
}
