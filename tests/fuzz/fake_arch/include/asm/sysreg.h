/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Host stand-in for arch/arm64's <asm/sysreg.h>, so arch/arm64/traps.c
 * builds into the PSCI fuzz target: the real header's register fields, with
 * mrs/msr replaced by a plain variable per system register
 * (fuzz_sysregs, defined by the target) and the barriers by nothing.
 */
#ifndef TESTS_FUZZ_ASM_SYSREG_H
#define TESTS_FUZZ_ASM_SYSREG_H

#include <stdint.h>

#include "../../../../../arch/arm64/include/asm/sysreg.h"

struct fuzz_sysregs {
	uint64_t elr_el2, esr_el2, far_el2, hpfar_el2, spsr_el2;
};

extern struct fuzz_sysregs fuzz_sysregs;

#undef read_sysreg
#undef write_sysreg
#undef isb
#undef dsb
#define read_sysreg(r) (fuzz_sysregs.r)
#define write_sysreg(v, r) ((void)(fuzz_sysregs.r = (uint64_t)(v)))
#define isb() ((void)0)
#define dsb(o) ((void)0)

#endif
