// SPDX-License-Identifier: Apache-2.0
/*
 * test=bench [iters=N] [irqs=M]: the benchmarks. The guest-side cost is
 * measured with CNTVCT_EL0 (one tick = one instruction under QEMU
 * -icount shift=0 with cntfrq=1GHz), the hypervisor-side cost with PMU event
 * counter 0 filtered to EL2 only (INST_RETIRED, P and U set, NSH set).
 * PMU: ARM ARM D7 (PMCR_EL0, PMEVTYPER<n>_EL0, PMCNTENSET_EL0).
 *
 * Lines (tools/bench.sh parses the `per-...:` ones):
 *   bench null-hvc per-call: guest=G el2=E     PSCI_VERSION over HVC
 *   bench gicd-read per-call: guest=G el2=E    ldr w of GICD_TYPER
 *   bench eoi per-call: guest=G el2=E          the EOI write of a timer IRQ
 *   bench timer-irq per-irq: latency=L el2=E   CNTV_CVAL deadline -> IRQ vector
 *   bench ipi-self per-ipi: latency=L el2=E    ICC_SGI1R write -> IRQ vector
 * latency is in counter ticks from the deadline (or from the counter read
 * just before the SGI write) to the vector's CNTVCT read, its third
 * instruction; el2 is everything EL2 executed per interrupt. Without a GIC
 * (a GICD read faults) the interrupt lines are replaced by one `bench: no gic`.
 */
#include "testguest.h"

#define DEFAULT_ITERS 1000
#define DEFAULT_IRQS 100
#define IRQ_DELAY 20000u    /* counter ticks from arming to the deadline */
#define IRQ_TIMEOUT_DIV 20u /* give up after 50 ms of counter time */
#define BENCH_SGI 5u
#define CNT_CTL_ENABLE 1u
#define PMCR_E (1u << 0)
#define PMCR_P (1u << 1)
#define PMEVTYPER_P (1u << 31)	 /* don't count EL1 */
#define PMEVTYPER_U (1u << 30)	 /* don't count EL0 */
#define PMEVTYPER_NSH (1u << 27) /* count EL2 */
#define PMU_EVT_INST_RETIRED 0x08u
#define PMCNTEN_C0 (1u << 0)

void pmu_setup(void)
{
	write_sysreg(pmcr_el0, PMCR_E | PMCR_P);
	write_sysreg(pmevtyper0_el0, PMEVTYPER_P | PMEVTYPER_U | PMEVTYPER_NSH |
					     PMU_EVT_INST_RETIRED);
	write_sysreg(pmcntenset_el0, PMCNTEN_C0);
	__asm__ volatile("isb" ::: "memory");
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

static void loop_gicd_read(uint64_t n)
{
	register uint64_t cnt __asm__("x19") = n;

	__asm__ volatile("1:	ldr	w0, [%1]\n"
			 "	subs	x19, x19, #1\n"
			 "	b.ne	1b\n"
			 : "+r"(cnt)
			 : "r"(GICD_BASE + GICD_TYPER)
			 : "x0", "cc", "memory");
}

static void loop_gicd_nop(uint64_t n)
{
	register uint64_t cnt __asm__("x19") = n;

	__asm__ volatile("1:	nop\n"
			 "	subs	x19, x19, #1\n"
			 "	b.ne	1b\n"
			 : "+r"(cnt)
			 : "r"(GICD_BASE + GICD_TYPER)
			 : "x0", "cc", "memory");
}

static void bench_gicd_read(uint64_t n)
{
	uint64_t c0 = pmu_read0();
	uint64_t t0 = counter_now();
	loop_gicd_read(n);
	uint64_t t1 = counter_now();
	uint64_t c1 = pmu_read0();

	uint64_t n0 = counter_now();
	loop_gicd_nop(n);
	uint64_t n1 = counter_now();

	uint64_t total = t1 - t0, overhead = n1 - n0, el2 = (uint32_t)(c1 - c0);
	uint64_t per_call = total > overhead ? (total - overhead) / n : 0;

	tg_printf("bench gicd-read iters=%lu guest-total=%lu loop-overhead=%lu "
		  "el2-total=%lu\n",
		  n, total, overhead, el2);
	tg_printf("bench gicd-read per-call: guest=%lu el2=%lu\n", per_call, el2 / n);
}

static volatile uint32_t irq_seen;
static volatile uint64_t irq_stamp;

static void bench_vtimer(unsigned int intid, unsigned int cpu, uint64_t stamp)
{
	write_sysreg(cntv_ctl_el0, 0); /* lower the line before the EOI */
	__asm__ volatile("isb" ::: "memory");
	irq_stamp = stamp;
	irq_seen = 1;
}

static void bench_sgi(unsigned int intid, unsigned int cpu, uint64_t stamp)
{
	irq_stamp = stamp;
	irq_seen = 1;
}

/* Polls with yield only: a trapped wfe would add to the EL2 count. */
static bool wait_irq(void)
{
	uint64_t deadline = counter_now() + tg_counter_freq() / IRQ_TIMEOUT_DIV;

	while (irq_seen == 0) {
		if (counter_now() > deadline) {
			return false;
		}
		cpu_relax();
	}
	return true;
}

static void bench_timer_irq(uint64_t n)
{
	uint64_t lat = 0, el2 = 0, done = 0;

	gic_set_handler(PPI_VTIMER, bench_vtimer);
	gic_enable(PPI_VTIMER, true);
	gic_eoi_el2 = 0;
	gic_eoi_ticks = 0;
	gic_eoi_count = 0;
	gic_eoi_measure = true;
	irq_enable();
	for (uint64_t i = 0; i < n; i++) {
		irq_seen = 0;
		uint64_t c0 = pmu_read0();
		uint64_t deadline = counter_now() + IRQ_DELAY;
		write_sysreg(cntv_cval_el0, deadline);
		write_sysreg(cntv_ctl_el0, CNT_CTL_ENABLE);
		__asm__ volatile("isb" ::: "memory");
		if (!wait_irq()) {
			write_sysreg(cntv_ctl_el0, 0);
			tg_printf("bench timer-irq: no interrupt 50 ms after the deadline (irq "
				  "%lu)\n",
				  i);
			break;
		}
		uint64_t c1 = pmu_read0();
		lat += irq_stamp > deadline ? irq_stamp - deadline : 0;
		el2 += (uint32_t)(c1 - c0);
		done++;
	}
	irq_disable();
	gic_eoi_measure = false;
	gic_enable(PPI_VTIMER, false);
	if (done == 0) {
		return;
	}
	tg_printf("bench timer-irq irqs=%lu latency-total=%lu el2-total=%lu\n", done, lat, el2);
	if (gic_eoi_count != 0) {
		tg_printf("bench eoi per-call: guest=%lu el2=%lu\n", gic_eoi_ticks / gic_eoi_count,
			  gic_eoi_el2 / gic_eoi_count);
	}
	tg_printf("bench timer-irq per-irq: latency=%lu el2=%lu\n", lat / done, el2 / done);
}

static void bench_ipi_self(uint64_t n)
{
	uint64_t lat = 0, el2 = 0, done = 0;

	gic_set_handler(BENCH_SGI, bench_sgi);
	gic_enable(BENCH_SGI, true);
	irq_enable();
	for (uint64_t i = 0; i < n; i++) {
		irq_seen = 0;
		uint64_t c0 = pmu_read0();
		uint64_t t0 = counter_now();
		gic_send_sgi_self(BENCH_SGI);
		if (!wait_irq()) {
			tg_printf("bench ipi-self: no interrupt after 50 ms (ipi %lu)\n", i);
			break;
		}
		uint64_t c1 = pmu_read0();
		lat += irq_stamp > t0 ? irq_stamp - t0 : 0;
		el2 += (uint32_t)(c1 - c0);
		done++;
	}
	irq_disable();
	gic_enable(BENCH_SGI, false);
	if (done == 0) {
		return;
	}
	tg_printf("bench ipi-self ipis=%lu latency-total=%lu el2-total=%lu\n", done, lat, el2);
	tg_printf("bench ipi-self per-ipi: latency=%lu el2=%lu\n", lat / done, el2 / done);
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

	tg_printf("bench null-hvc iters=%lu guest-total=%lu loop-overhead=%lu "
		  "el2-total=%lu\n",
		  n, total, overhead, el2);
	tg_printf("bench null-hvc per-call: guest=%lu el2=%lu\n", per_call, el2 / n);

	if (!gic_probe()) {
		tg_printf("bench: no gic, interrupt benchmarks skipped\n");
		return;
	}
	bench_gicd_read(n);
	if (!gic_init()) {
		tg_printf("bench: gic init failed, interrupt benchmarks skipped\n");
		return;
	}
	uint64_t irqs = tg_arg_u64("irqs", DEFAULT_IRQS);
	if (irqs == 0) {
		irqs = 1;
	}
	bench_timer_irq(irqs);
	bench_ipi_self(irqs);
}
