// SPDX-License-Identifier: Apache-2.0
/*
 * test=bench [iters=N] [irqs=M] [spis=S]: the benchmarks of `make bench`
 * (tools/bench.sh). The guest-side cost is measured with the virtual counter
 * CNTVCT (one tick = one instruction under QEMU -icount shift=0 with
 * cntfrq=1GHz), the hypervisor-side cost with PMU event counter 0 filtered
 * to EL2 (Hyp mode on arm32) only: INST_RETIRED, P and U set, NSH set
 * (pmu_setup() in arch.h). The timed loops are arch/<arch>/bench_loops.h.
 *
 * Lines (tools/bench.sh parses `bench <metric> <kind>: name=<n> ...`):
 *   bench boot first-insn: cntpct=C            CNTPCT at the image's first instruction
 *   bench null-hvc per-call: guest=G el2=E     PSCI_VERSION over HVC (natively:
 *                                              the DT's conduit, SMC on boards)
 *   bench console-write per-byte: guest=G el2=E  strb to the console's data
 *                                              register (str: reg-io-width 4)
 *   bench gicd-read per-call: guest=G el2=E    ldr w of GICD_TYPER
 *   bench eoi per-call: guest=G el2=E          the EOI write of a timer IRQ
 *   bench timer-irq per-irq: latency=L el2=E   CNTV_CVAL deadline -> IRQ vector
 *   bench timer-irq samples: L L L ...         every sample, in order
 *   bench timer-irq-busy per-irq: latency=L min=A max=B  the same, the guest
 *                                              busy with trapped GICD reads
 *   bench timer-irq-busy samples: L L L ...
 *   bench timer-wfi per-irq: latency=L el2=E   the same deadline -> IRQ vector, the guest
 *                                              waiting in WFI (interrupts unmasked)
 *   bench ipi-self per-ipi: latency=L el2=E    ICC_SGI1R/GICD_SGIR write -> IRQ vector
 *   bench spi per-irq: latency=L el2=E         PL031 alarm (SPI 34) -> IRQ vector
 * test=bench-ipi [irqs=M] (two vCPUs; tools/bench.sh's second plan):
 *   bench ipi-wfi per-ipi: latency=L el2=E     vCPU 0's SGI write -> vCPU 1's IRQ vector,
 *                                              vCPU 1 waiting in WFI; el2: both CPUs
 * latency is in counter ticks from the deadline (the timer's compare value,
 * the counter read just before the SGI write, or the RTC's alarm time) to
 * the vector's CNTVCT read, one of its first instructions (the third on
 * arm64, the sixth on arm32); el2 is everything EL2 executed per interrupt.
 * Without a GIC (a GICD read faults) the interrupt lines are replaced by
 * one `bench: no gic`, without the RTC the spi line by `bench: no rtc`.
 * The devices are the ones the DT names (hw.c): the console, the GIC and
 * the PL031 (QEMU virt's at 0x09010000; natively on boards there is none).
 */
#include "bench_loops.h"
#include "testguest.h"

#define DEFAULT_ITERS 1000
#define DEFAULT_IRQS 100
#define DEFAULT_SPIS 20
#define MAX_SAMPLES 4096u
#define SAMPLES_PER_LINE 20u
#define IRQ_DELAY 20000u    /* counter ticks from arming to the deadline */
#define IRQ_TIMEOUT_DIV 20u /* give up after 50 ms of counter time */
#define BENCH_SGI 5u
#define CNT_CTL_ENABLE 1u

#define CONSOLE_LINE 64u /* bench_loop_uart()'s line length */

/* The PL031 (ARM DDI 0224), as in test_spi.c, at tg_hw.rtc. */
#define RTC_DR 0x000u
#define RTC_MR 0x004u
#define RTC_IMSC 0x010u
#define RTC_RIS 0x014u
#define RTC_ICR 0x01cu
#define RTC_PERIPHID0 0xfe0u
#define RTC_PL031_ID0 0x31u
#define RTC_INTID 34u
#define RTC_PRIO 0x80u
#define RTC_RETRIES 4u
/* The guest stops sleeping this many counter ticks before the alarm and polls. */
#define SPI_POLL_TICKS 20000u

static uint32_t samples[MAX_SAMPLES];

static void print_samples(const char *metric, uint64_t n)
{
	for (uint64_t i = 0; i < n; i += SAMPLES_PER_LINE) {
		char line[SAMPLES_PER_LINE * 11 + 1];
		size_t len = 0;

		for (uint64_t j = i; j < n && j < i + SAMPLES_PER_LINE; j++) {
			char tmp[11];
			size_t k = 0;
			uint32_t v = samples[j];

			do {
				tmp[k++] = (char)('0' + v % 10);
				v /= 10;
			} while (v != 0);
			line[len++] = ' ';
			while (k > 0) {
				line[len++] = tmp[--k];
			}
		}
		line[len] = '\0';
		tg_printf("bench %s samples:%s\n", metric, line);
	}
}

static void bench_null_hvc(uint64_t n)
{
	bool smc = tg_hw.psci == CONDUIT_SMC;

	/* The PMU reads bracket the timed region so neither skews the other. */
	uint64_t c0 = pmu_read0();
	uint64_t t0 = counter_now();
	bench_loop_call(n, smc);
	uint64_t t1 = counter_now();
	uint64_t c1 = pmu_read0();

	uint64_t n0 = counter_now();
	bench_loop_call_nop(n);
	uint64_t n1 = counter_now();

	/* Event counters are 32 bits wide (ARMv7, and ARMv8.0: no PMCR.LP). */
	uint64_t total = t1 - t0, overhead = n1 - n0, el2 = (uint32_t)(c1 - c0);
	uint64_t per_call = total > overhead ? (total - overhead) / n : 0;

	tg_printf("bench null-hvc iters=%ju guest-total=%ju loop-overhead=%ju "
		  "el2-total=%ju conduit=%s\n",
		  n, total, overhead, el2, smc ? "smc" : "hvc");
	tg_printf("bench null-hvc per-call: guest=%ju el2=%ju\n", per_call, el2 / n);
}

/*
 * Bytes to the UART's data register, in whole 64-byte lines (so the figure
 * includes a console's per-line work, e.g. Tessera handing each finished
 * line to the physical UART). n is rounded up to whole lines.
 */
static void bench_console(uint64_t n)
{
	static const char text[] = "console-write: one strb per byte to UARTDR";
	char line[CONSOLE_LINE], buf[CONSOLE_LINE];

	for (unsigned int j = 0; j < CONSOLE_LINE - 1; j++) {
		line[j] = j < sizeof(text) - 1 ? text[j] : '.';
	}
	line[CONSOLE_LINE - 1] = '\n';
	/* bench_loop_uart() sends buf[(n - i) % 64] as byte i. */
	for (unsigned int j = 0; j < CONSOLE_LINE; j++) {
		buf[(CONSOLE_LINE - j) % CONSOLE_LINE] = line[j];
	}
	n = (n + CONSOLE_LINE - 1) / CONSOLE_LINE * CONSOLE_LINE;
	uintptr_t dr = uart_tx_reg(&tg_hw.console);
	bool word = tg_hw.console.io_width == 4 && tg_hw.console.kind == UART_16550;

	uint64_t c0 = pmu_read0();
	uint64_t t0 = counter_now();
	bench_loop_uart(n, dr, buf, word);
	uint64_t t1 = counter_now();
	uint64_t c1 = pmu_read0();

	uint64_t n0 = counter_now();
	bench_loop_uart_nop(n, dr, buf);
	uint64_t n1 = counter_now();

	uint64_t total = t1 - t0, overhead = n1 - n0, el2 = (uint32_t)(c1 - c0);
	uint64_t per_byte = total > overhead ? (total - overhead) / n : 0;

	tg_printf("bench console-write bytes=%ju guest-total=%ju loop-overhead=%ju "
		  "el2-total=%ju\n",
		  n, total, overhead, el2);
	tg_printf("bench console-write per-byte: guest=%ju el2=%ju\n", per_byte, el2 / n);
}

static void bench_gicd_read(uint64_t n)
{
	uint64_t c0 = pmu_read0();
	uint64_t t0 = counter_now();
	bench_loop_read32(n, tg_hw.gicd + GICD_TYPER);
	uint64_t t1 = counter_now();
	uint64_t c1 = pmu_read0();

	uint64_t n0 = counter_now();
	bench_loop_read32_nop(n, tg_hw.gicd + GICD_TYPER);
	uint64_t n1 = counter_now();

	uint64_t total = t1 - t0, overhead = n1 - n0, el2 = (uint32_t)(c1 - c0);
	uint64_t per_call = total > overhead ? (total - overhead) / n : 0;

	tg_printf("bench gicd-read iters=%ju guest-total=%ju loop-overhead=%ju "
		  "el2-total=%ju\n",
		  n, total, overhead, el2);
	tg_printf("bench gicd-read per-call: guest=%ju el2=%ju\n", per_call, el2 / n);
}

volatile uint32_t irq_seen;
volatile uint64_t irq_stamp;
static volatile uint32_t guard_fired;

void bench_vtimer(unsigned int intid, unsigned int cpu, uint64_t stamp)
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

static void bench_rtc(unsigned int intid, unsigned int cpu, uint64_t stamp)
{
	mmio_write32(tg_hw.rtc + RTC_ICR, 1); /* lower the line before the EOI */
	__asm__ volatile("dsb sy" ::: "memory");
	irq_stamp = stamp;
	irq_seen = 1;
}

/* The virtual timer as the alarm clock of the spi benchmark's sleep. */
static void bench_guard(unsigned int intid, unsigned int cpu, uint64_t stamp)
{
	cntv_ctl_write(0);
	__asm__ volatile("isb" ::: "memory");
	guard_fired = 1;
}

/* The EL1 physical timer as a watchdog: it ends a WFI whose interrupt never comes. */
static void bench_pguard(unsigned int intid, unsigned int cpu, uint64_t stamp)
{
	cntp_ctl_write(0);
	__asm__ volatile("isb" ::: "memory");
	guard_fired = 1;
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
		uint64_t l = irq_stamp > deadline ? irq_stamp - deadline : 0;

		lat += l;
		samples[i] = (uint32_t)l;
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
	print_samples("timer-irq", done);
}

/*
 * The same timer interrupt while the guest is busy with trapped accesses
 * (GICD_TYPER reads, as a driver polling a register): the deadline lands
 * anywhere in the loop, in the hypervisor's handling of a read too, and
 * waits for it to finish. The delay varies by BUSY_PHASE_STEP ticks from
 * one interrupt to the next to sweep those phases (a period of the loop
 * is under BUSY_PHASES ticks).
 */
#define BUSY_PHASE_STEP 37u
#define BUSY_PHASES 1024u

static bool wait_irq_busy(void)
{
	uint64_t deadline = counter_now() + tg_counter_freq() / IRQ_TIMEOUT_DIV;

	while (irq_seen == 0) {
		(void)mmio_read32(tg_hw.gicd + GICD_TYPER);
		if (counter_now() > deadline) {
			return false;
		}
	}
	return true;
}

static void bench_timer_irq_busy(uint64_t n)
{
	uint64_t lat = 0, done = 0;
	uint32_t lo = UINT32_MAX, hi = 0;

	gic_set_handler(PPI_VTIMER, bench_vtimer);
	gic_enable(PPI_VTIMER, true);
	irq_enable();
	for (uint64_t i = 0; i < n; i++) {
		irq_seen = 0;
		uint64_t deadline =
			counter_now() + IRQ_DELAY + (i * BUSY_PHASE_STEP) % BUSY_PHASES;
		cntv_cval_write(deadline);
		cntv_ctl_write(CNT_CTL_ENABLE);
		__asm__ volatile("isb" ::: "memory");
		if (!wait_irq_busy()) {
			cntv_ctl_write(0);
			tg_printf("bench timer-irq-busy: no interrupt 50 ms after the deadline "
				  "(irq %ju)\n",
				  i);
			break;
		}
		uint32_t l = irq_stamp > deadline ? (uint32_t)(irq_stamp - deadline) : 0;

		lat += l;
		samples[i] = l;
		lo = l < lo ? l : lo;
		hi = l > hi ? l : hi;
		done++;
	}
	irq_disable();
	gic_enable(PPI_VTIMER, false);
	if (done == 0) {
		return;
	}
	tg_printf("bench timer-irq-busy irqs=%ju latency-total=%ju\n", done, lat);
	tg_printf("bench timer-irq-busy per-irq: latency=%ju min=%u max=%u\n", lat / done, lo,
		  hi);
	print_samples("timer-irq-busy", done);
}

/*
 * The virtual timer's interrupt waking the guest from WFI, as an idle OS or
 * an RTOS waits for its next tick: interrupts unmasked, the deadline well
 * after the WFI. The physical timer, 50 ms later, ends a WFI the virtual
 * one fails to.
 */
static void bench_timer_wfi(uint64_t n)
{
	uint64_t lat = 0, el2 = 0, done = 0;
	uint64_t timeout = tg_counter_freq() / IRQ_TIMEOUT_DIV;

	gic_set_handler(PPI_VTIMER, bench_vtimer);
	gic_set_handler(PPI_PTIMER, bench_pguard);
	gic_enable(PPI_VTIMER, true);
	gic_enable(PPI_PTIMER, true);
	irq_enable();
	for (uint64_t i = 0; i < n; i++) {
		irq_seen = 0;
		guard_fired = 0;
		cntp_tval_write(IRQ_DELAY + timeout);
		cntp_ctl_write(CNT_CTL_ENABLE);
		uint64_t c0 = pmu_read0();
		uint64_t deadline = counter_now() + IRQ_DELAY;
		cntv_cval_write(deadline);
		cntv_ctl_write(CNT_CTL_ENABLE);
		__asm__ volatile("isb" ::: "memory");
		while (irq_seen == 0 && guard_fired == 0) {
			__asm__ volatile("dsb sy\n wfi" ::: "memory");
		}
		uint64_t c1 = pmu_read0();

		cntp_ctl_write(0);
		if (irq_seen == 0) {
			cntv_ctl_write(0);
			tg_printf("bench timer-wfi: no interrupt 50 ms after the deadline (irq %ju)\n",
				  i);
			break;
		}
		uint64_t l = irq_stamp > deadline ? irq_stamp - deadline : 0;

		lat += l;
		samples[i] = (uint32_t)l;
		el2 += (uint32_t)(c1 - c0);
		done++;
	}
	irq_disable();
	gic_enable(PPI_VTIMER, false);
	gic_enable(PPI_PTIMER, false);
	if (done == 0) {
		return;
	}
	tg_printf("bench timer-wfi irqs=%ju latency-total=%ju el2-total=%ju\n", done, lat, el2);
	tg_printf("bench timer-wfi per-irq: latency=%ju el2=%ju\n", lat / done, el2 / done);
	print_samples("timer-wfi", done);
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

/* Is a PL031 there (named by the DT, not faulting, right PeriphID0)? */
static bool rtc_present(void)
{
	uint32_t id;

	return tg_hw.rtc != 0 && tg_probe_read32(tg_hw.rtc + RTC_PERIPHID0, &id) &&
	       (id & 0xffu) == RTC_PL031_ID0;
}

/*
 * Sleeps (wfi, interrupts masked around the check so none is lost) until
 * the virtual timer reaches `until`; the guard's interrupt is taken and
 * EOIed before this returns.
 */
static void sleep_until(uint64_t until)
{
	guard_fired = 0;
	cntv_cval_write(until);
	cntv_ctl_write(CNT_CTL_ENABLE);
	__asm__ volatile("isb" ::: "memory");
	for (;;) {
		irq_disable();
		if (guard_fired) {
			break;
		}
		__asm__ volatile("dsb sy\n wfi" ::: "memory");
		irq_enable();
	}
}

/*
 * A passed-through device interrupt: the PL031's alarm, one RTC second
 * after it is armed. QEMU's PL031 (with -rtc clock=vm) fires exactly one
 * second of virtual time after the RTCMR store, i.e. tg_counter_freq()
 * ticks after it. The guest sleeps until shortly before and polls, as for
 * the timer, so the figure is the delivery path, not a wake-up.
 */
static void bench_spi(uint64_t n)
{
	uint64_t freq = tg_counter_freq();
	uint64_t lat = 0, el2 = 0, done = 0;

	irq_disable();
	mmio_write32(tg_hw.rtc + RTC_IMSC, 0);
	mmio_write32(tg_hw.rtc + RTC_ICR, 1);
	gic_set_handler(RTC_INTID, bench_rtc);
	gic_set_handler(PPI_VTIMER, bench_guard);
	gic_enable(RTC_INTID, false);
	gic_set_pending(RTC_INTID, false);
	gic_set_priority(RTC_INTID, RTC_PRIO);
	gic_route_spi(RTC_INTID, tg_cpu());
	gic_enable(RTC_INTID, true);
	gic_enable(PPI_VTIMER, true);
	mmio_write32(tg_hw.rtc + RTC_IMSC, 1);

	for (uint64_t i = 0; i < n; i++) {
		uint64_t t = 0;
		unsigned int tries;

		/*
		 * A store landing just after the RTC's second rolled over (one
		 * instruction after the RTCDR read) would make the alarm
		 * immediate: seen as RTCRIS set at once, and tried again.
		 */
		for (tries = 0; tries < RTC_RETRIES; tries++) {
			irq_seen = 0;
			mmio_write32(tg_hw.rtc + RTC_ICR, 1);
			t = bench_rtc_arm(tg_hw.rtc + RTC_DR, tg_hw.rtc + RTC_MR);
			if ((mmio_read32(tg_hw.rtc + RTC_RIS) & 1u) == 0) {
				break;
			}
		}
		uint64_t deadline = t + BENCH_RTC_STORE_DELAY + freq;

		if (tries == RTC_RETRIES) {
			tg_printf("bench spi: the rtc alarm fires at once (irq %ju)\n", i);
			break;
		}
		sleep_until(deadline - SPI_POLL_TICKS);
		uint64_t c0 = pmu_read0();
		irq_enable();
		bool got = wait_irq();
		uint64_t c1 = pmu_read0();

		if (!got) {
			tg_printf("bench spi: no interrupt 50 ms after the rtc alarm (irq %ju)\n", i);
			break;
		}
		lat += irq_stamp > deadline ? irq_stamp - deadline : 0;
		el2 += (uint32_t)(c1 - c0);
		done++;
	}
	irq_disable();
	mmio_write32(tg_hw.rtc + RTC_IMSC, 0);
	mmio_write32(tg_hw.rtc + RTC_ICR, 1);
	cntv_ctl_write(0);
	gic_enable(RTC_INTID, false);
	gic_enable(PPI_VTIMER, false);
	if (done == 0) {
		return;
	}
	tg_printf("bench spi irqs=%ju latency-total=%ju el2-total=%ju\n", done, lat, el2);
	tg_printf("bench spi per-irq: latency=%ju el2=%ju\n", lat / done, el2 / done);
}

void test_bench(void)
{
	uint64_t n = tg_arg_u64("iters", DEFAULT_ITERS);
	uint64_t irqs = tg_arg_u64("irqs", DEFAULT_IRQS);
	uint64_t spis = tg_arg_u64("spis", DEFAULT_SPIS);

	/* Natively: QEMU's reset stub; under Tessera: that and Tessera's boot. */
	tg_printf("bench boot first-insn: cntpct=%ju\n", tg_boot_cntpct);
	n = n != 0 ? n : 1;
	irqs = irqs == 0 ? 1 : irqs > MAX_SAMPLES ? MAX_SAMPLES : irqs;
	spis = spis != 0 ? spis : 1;
	pmu_setup();

	bench_null_hvc(n);
	bench_console(n);
	if (!gic_probe()) {
		tg_printf("bench: no gic, interrupt benchmarks skipped\n");
		return;
	}
	bench_gicd_read(n);
	if (!gic_init()) {
		tg_printf("bench: gic init failed, interrupt benchmarks skipped\n");
		return;
	}
	bench_timer_irq(irqs);
	bench_timer_irq_busy(irqs);
	bench_timer_wfi(irqs);
	bench_ipi_self(irqs);
	if (rtc_present()) {
		bench_spi(spis);
	} else {
		tg_printf("bench: no rtc, spi benchmark skipped\n");
	}
}

/*
 * test=bench-ipi: an SGI to a vCPU that waits in WFI (an idle CPU of an SMP
 * guest woken by its scheduler's IPI). vCPU 1 says, round after round, that
 * it is about to wait and executes WFI; vCPU 0 waits (wfe: QEMU's
 * round-robin -icount mode runs the CPUs in turn on one clock without
 * fairness, so nothing here spins without yielding) until it does, reads
 * the counter and writes the SGI. The latency is from that read to vCPU
 * 1's IRQ vector, in ticks of every CPU. EL2: the send on vCPU 0 plus,
 * on vCPU 1, everything from its WFI to its handler.
 */
#define IPI_VCPU 1u

extern char secondary_entry[];
#define IPI_WAIT_DIV 20u /* 50 ms of counter time for any step */

static volatile uint32_t ipi_ready, ipi_round, ipi_done, ipi_stop;
static volatile uint64_t ipi_stamp, ipi_c0, ipi_el2;

static void bench_ipi_handler(unsigned int intid, unsigned int cpu, uint64_t stamp)
{
	ipi_el2 = (uint32_t)(pmu_read0() - ipi_c0);
	ipi_stamp = stamp;
	__atomic_store_n(&ipi_done, ipi_done + 1, __ATOMIC_RELEASE);
	__asm__ volatile("dsb sy\n sev" ::: "memory");
}

void bench_ipi_secondary(void)
{
	pmu_setup();
	if (!gic_init()) {
		__atomic_store_n(&ipi_ready, 2, __ATOMIC_RELEASE);
		for (;;) {
			cpu_wfe();
		}
	}
	gic_enable(BENCH_SGI, true);
	irq_enable();
	__atomic_store_n(&ipi_ready, 1, __ATOMIC_RELEASE);
	for (uint32_t r = 1; ipi_stop == 0; r++) {
		ipi_c0 = pmu_read0();
		__atomic_store_n(&ipi_round, r, __ATOMIC_RELEASE);
		__asm__ volatile("dsb sy\n sev" ::: "memory");
		while (__atomic_load_n(&ipi_done, __ATOMIC_ACQUIRE) < r) {
			__asm__ volatile("wfi" ::: "memory");
		}
	}
	irq_disable();
	psci_call(PSCI_CPU_OFF, 0, 0, 0);
	for (;;) {
		cpu_wfe();
	}
}

void test_bench_ipi(void)
{
	uint64_t n = tg_arg_u64("irqs", DEFAULT_IRQS), lat = 0, el2 = 0, done = 0;
	uint64_t timeout = tg_counter_freq() / IPI_WAIT_DIV;

	n = n == 0 ? 1 : n > MAX_SAMPLES ? MAX_SAMPLES : n;
	pmu_setup();
	if (!gic_init()) {
		tg_printf("bench: gic init failed, ipi benchmark skipped\n");
		return;
	}
	gic_set_handler(BENCH_SGI, bench_ipi_handler);
	if (psci_call(PSCI_CPU_ON, IPI_VCPU, (uintptr_t)secondary_entry, BENCH_IPI_CONTEXT) != 0 ||
	    !tg_wait_eq(&ipi_ready, 1, timeout)) {
		tg_printf("bench ipi-wfi: vcpu %u did not start\n", IPI_VCPU);
		return;
	}
	for (uint32_t i = 0; i < n; i++) {
		if (!tg_wait_eq(&ipi_round, i + 1, timeout)) {
			tg_printf("bench ipi-wfi: vcpu %u not waiting (ipi %u)\n", IPI_VCPU, i);
			break;
		}
		uint64_t c0 = pmu_read0();
		uint64_t t0 = counter_now();
		gic_send_sgi(BENCH_SGI, IPI_VCPU);
		uint64_t c1 = pmu_read0();

		if (!tg_wait_eq(&ipi_done, i + 1, timeout)) {
			tg_printf("bench ipi-wfi: no interrupt after 50 ms (ipi %u)\n", i);
			break;
		}
		uint64_t l = ipi_stamp > t0 ? ipi_stamp - t0 : 0;

		lat += l;
		samples[i] = (uint32_t)l;
		el2 += (uint32_t)(c1 - c0) + ipi_el2;
		done++;
	}
	ipi_stop = 1;
	gic_send_sgi(BENCH_SGI, IPI_VCPU);
	for (unsigned int k = 0; k < 1000 && psci_call(PSCI_AFFINITY_INFO, IPI_VCPU, 0, 0) != 1;
	     k++) {
		cpu_wfe();
	}
	if (done == 0) {
		return;
	}
	tg_printf("bench ipi-wfi ipis=%ju latency-total=%ju el2-total=%ju\n", done, lat, el2);
	tg_printf("bench ipi-wfi per-ipi: latency=%ju el2=%ju\n", lat / done, el2 / done);
	print_samples("ipi-wfi", done);
}
