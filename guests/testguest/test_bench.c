// SPDX-License-Identifier: Apache-2.0
/*
 * test=bench [iters=N] [irqs=M]: the benchmarks. The guest-side cost is
 * measured with the virtual counter CNTVCT (one tick = one instruction under
 * QEMU -icount shift=0 with cntfrq=1GHz), the hypervisor-side cost with PMU
 * event counter 0 filtered to EL2 (Hyp mode on arm32) only: INST_RETIRED,
 * P and U set, NSH set (pmu_setup() in arch.h). The timed loops are
 * arch/<arch>/bench_loops.h.
 *
 * Lines (tools/bench.sh parses the `per-...:` ones):
 *   bench null-hvc per-call: guest=G el2=E     PSCI_VERSION over HVC
 *   bench gicd-read per-call: guest=G el2=E    ldr w of GICD_TYPER
 *   bench eoi per-call: guest=G el2=E          the EOI write of a timer IRQ
 *   bench timer-irq per-irq: latency=L el2=E   CNTV_CVAL deadline -> IRQ vector
 *   bench ipi-self per-ipi: latency=L el2=E    ICC_SGI1R/GICD_SGIR write -> IRQ vector
 * latency is in counter ticks from the deadline (or from the counter read
 * just before the SGI write) to the vector's CNTVCT read, one of its first
 * instructions (the third on arm64, the sixth on arm32); el2 is everything
 * EL2 executed per interrupt. Without a GIC (a GICD read faults) the
 * interrupt lines are replaced by one `bench: no gic`.
 */
#include "bench_loops.h"
#include "testguest.h"

#define DEFAULT_ITERS 1000
#define DEFAULT_IRQS 100
#define IRQ_DELAY 20000u    /* counter ticks from arming to the deadline */
#define IRQ_TIMEOUT_DIV 20u /* give up after 50 ms of counter time */
#define BENCH_SGI 5u
#define CNT_CTL_ENABLE 1u

static void bench_gicd_read(uint64_t n)
{
	uint64_t c0 = pmu_read0();
	uint64_t t0 = counter_now();
	bench_loop_read32(n, GICD_BASE + GICD_TYPER);
	uint64_t t1 = counter_now();
	uint64_t c1 = pmu_read0();

	uint64_t n0 = counter_now();
	bench_loop_read32_nop(n, GICD_BASE + GICD_TYPER);
	uint64_t n1 = counter_now();

	uint64_t total = t1 - t0, overhead = n1 - n0, el2 = (uint32_t)(c1 - c0);
	uint64_t per_call = total > overhead ? (total - overhead) / n : 0;

	tg_printf("bench gicd-read iters=%ju guest-total=%ju loop-overhead=%ju "
		  "el2-total=%ju\n",
		  n, total, overhead, el2);
	tg_printf("bench gicd-read per-call: guest=%ju el2=%ju\n", per_call, el2 / n);
}

static volatile uint32_t irq_seen;
static volatile uint64_t irq_stamp;

static void bench_vtimer(unsigned int intid, unsigned int cpu, uint64_t stamp)
{
	cntv_ctl_write(0); /* lower the line before the EOI */
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
		cntv_cval_write(deadline);
		cntv_ctl_write(CNT_CTL_ENABLE);
		__asm__ volatile("isb" ::: "memory");
		if (!wait_irq()) {
			cntv_ctl_write(0);
			tg_printf("bench timer-irq: no interrupt 50 ms after the deadline (irq "
				  "%ju)\n",
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
	tg_printf("bench timer-irq irqs=%ju latency-total=%ju el2-total=%ju\n", done, lat, el2);
	if (gic_eoi_count != 0) {
		tg_printf("bench eoi per-call: guest=%ju el2=%ju\n", gic_eoi_ticks / gic_eoi_count,
			  gic_eoi_el2 / gic_eoi_count);
	}
	tg_printf("bench timer-irq per-irq: latency=%ju el2=%ju\n", lat / done, el2 / done);
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
			tg_printf("bench ipi-self: no interrupt after 50 ms (ipi %ju)\n", i);
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
	tg_printf("bench ipi-self ipis=%ju latency-total=%ju el2-total=%ju\n", done, lat, el2);
	tg_printf("bench ipi-self per-ipi: latency=%ju el2=%ju\n", lat / done, el2 / done);
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
	bench_loop_hvc(n);
	uint64_t t1 = counter_now();
	uint64_t c1 = pmu_read0();

	uint64_t n0 = counter_now();
	bench_loop_hvc_nop(n);
	uint64_t n1 = counter_now();

	/* Event counters are 32 bits wide (ARMv7, and ARMv8.0: no PMCR.LP). */
	uint64_t total = t1 - t0, overhead = n1 - n0, el2 = (uint32_t)(c1 - c0);
	uint64_t per_call = total > overhead ? (total - overhead) / n : 0;

	tg_printf("bench null-hvc iters=%ju guest-total=%ju loop-overhead=%ju "
		  "el2-total=%ju\n",
		  n, total, overhead, el2);
	tg_printf("bench null-hvc per-call: guest=%ju el2=%ju\n", per_call, el2 / n);

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
