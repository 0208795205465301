// SPDX-License-Identifier: Apache-2.0
/*
 * test=bench [iters=N]: the null-hypercall benchmark. The guest-side cost is
 * measured with CNTVCT_EL0 (one tick = one instruction under QEMU
 * -icount shift=0 with cntfrq=1GHz), the hypervisor-side cost with PMU event
 * counter 0 filtered to EL2 only (INST_RETIRED, P and U set, NSH set).
 * PMU: ARM ARM D7 (PMCR_EL0, PMEVTYPER<n>_EL0, PMCNTENSET_EL0).
 */
#include "testguest.h"

#define DEFAULT_ITERS 1000
#define PMCR_E (1u << 0)
#define PMCR_P (1u << 1)
#define PMEVTYPER_P (1u << 31)	 /* don't count EL1 */
#define PMEVTYPER_U (1u << 30)	 /* don't count EL0 */
#define PMEVTYPER_NSH (1u << 27) /* count EL2 */
#define PMU_EVT_INST_RETIRED 0x08u
#define PMCNTEN_C0 (1u << 0)

static void pmu_setup(void)
{
	write_sysreg(pmcr_el0, PMCR_E | PMCR_P);
	write_sysreg(pmevtyper0_el0, PMEVTYPER_P | PMEVTYPER_U | PMEVTYPER_NSH |
					     PMU_EVT_INST_RETIRED);
	write_sysreg(pmcntenset_el0, PMCNTEN_C0);
	__asm__ volatile("isb" ::: "memory");
}

static uint64_t pmu_read0(void)
{
	uint64_t v;

	__asm__ volatile("isb\n mrs %0, pmevcntr0_el0" : "=r"(v) : : "memory");
	return v;
}

/*
 * The loops are assembly so both variants have the same shape; x19 counts
 * because SMCCC preserves it and lets the callee clobber x0-x17.
 */
static void loop_hvc(uint64_t n)
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

static void loop_nop(uint64_t n)
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

void test_bench(void)
{
	uint64_t n = tg_arg_u64("iters", DEFAULT_ITERS);

	if (n == 0) {
		n = 1;
	}
	pmu_setup();

	/* The PMU reads bracket the timed region so neither skews the other. */
	uint64_t c0 = pmu_read0();
	uint64_t t0 = counter_now();
	loop_hvc(n);
	uint64_t t1 = counter_now();
	uint64_t c1 = pmu_read0();

	uint64_t n0 = counter_now();
	loop_nop(n);
	uint64_t n1 = counter_now();

	/* PMEVCNTR0_EL0 is 32 bits wide on ARMv8.0 (no PMCR_EL0.LP). */
	uint64_t total = t1 - t0, overhead = n1 - n0, el2 = (uint32_t)(c1 - c0);
	uint64_t per_call = total > overhead ? (total - overhead) / n : 0;

	tg_printf("bench null-hvc iters=%lu guest-total=%lu loop-overhead=%lu el2-total=%lu\n", n,
		  total, overhead, el2);
	tg_printf("bench null-hvc per-call: guest=%lu el2=%lu\n", per_call, el2 / n);
}
