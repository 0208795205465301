// SPDX-License-Identifier: Apache-2.0
/*
 * Temporal isolation (docs/isolation.md, "console flood" and "trap flood").
 *
 * test=flood [ms=M]: for M ms of its counter, as fast as it can, a 64-byte
 * console line (one trapped store per byte) and one of each trap Tessera
 * reports: an access outside its memory (a data abort injected), a trapped
 * system register Tessera refuses (arm64: ACTLR_EL1 under HCR_EL2.TACR), an
 * SMC for the firmware and an HVC that is not an SMCCC call. Then it sleeps
 * FLOOD_QUIET_MS (its console buffer empties) and says what it did.
 *
 * test=flood-victim [lines=N] [ms=M]: the VM beside it. Writes N numbered
 * lines (each one 64-byte line, each timed) evenly over M ms while it counts
 * its 100 Hz timer ticks on absolute deadlines (test=ticker's). None of its
 * lines may be lost and no tick either; the scenario sees the lines.
 *
 * test=flood-victim bench=1 [lines=N] [irqs=I]: the figures of `make bench`
 * (tools/bench.sh), the same with or without a flooder beside it:
 *   bench flood-line per-line: guest=G min=A max=B   N lines of 64 bytes
 *   bench flood-timer per-irq: latency=L min=A max=B I virtual timer IRQs
 *   bench flood-victim end: cntpct=C                 the physical counter
 * and the flooder prints `flood: done ... cntpct=C` at its end, so the
 * bench can check that the flood outlasted the measurement.
 */
#include "attack.h"
#include "testguest.h"

#define LINE 64u
#define DEFAULT_FLOOD_MS 5000u
#define FLOOD_QUIET_MS 600u    /* a full console buffer, 4 KiB, leaves at 115200 baud */
#define OUTSIDE_IPA 0x1000u    /* below its RAM, no device: an abort */
#define FIRMWARE_SMC 0x82000000u /* SiP service call 0 */
#define DEFAULT_VICTIM_LINES 40u
#define DEFAULT_VICTIM_MS 4000u
#define BENCH_LINES 32u
#define BENCH_IRQS 1000u
#define IRQ_DELAY 20000u       /* counter ticks from arming to the deadline */
#define CNT_CTL_ENABLE 1u

/*
 * One line, byte by byte to the data register: one trapped store each.
 * yield: a YIELD after each (the flooder), a hint that does nothing on
 * hardware; under QEMU's -icount round robin it ends this CPU's slice,
 * so the CPUs take turns a trap at a time, as if side by side
 * (docs/benchmarks.md).
 */
static void put_line(const char *s, bool yield)
{
	uintptr_t dr = uart_tx_reg(&tg_hw.console);
	bool word = tg_hw.console.io_width == 4 && tg_hw.console.kind == UART_16550;

	for (unsigned int i = 0; i < LINE; i++) {
		if (word) {
			mmio_write32(dr, (uint8_t)s[i]);
		} else {
			mmio_write8(dr, (uint8_t)s[i]);
		}
		if (yield) {
			cpu_relax();
		}
	}
}

/* text, padded with dots to a 64-byte line ending in '\n'. */
static void make_line(char *line, const char *text)
{
	unsigned int i = 0;

	for (; text[i] != '\0' && i < LINE - 1; i++) {
		line[i] = text[i];
	}
	for (; i < LINE - 1; i++) {
		line[i] = '.';
	}
	line[LINE - 1] = '\n';
}

static uint64_t ms_ticks(uint64_t ms)
{
	return ms * tg_counter_freq() / 1000u;
}

/*
 * Sleep (wfi: Tessera lets the CPU idle, -icount's clock jumps) for ms,
 * woken by the virtual timer, its interrupt masked: taken by no handler.
 */
static void sleep_ms(uint64_t ms)
{
	uint64_t until = counter_now() + ms_ticks(ms);

	if (!gic_init()) {
		return;
	}
	irq_disable();
	gic_enable(PPI_VTIMER, true);
	cntv_cval_write(until);
	cntv_ctl_write(CNT_CTL_ENABLE);
	__asm__ volatile("isb" ::: "memory");
	while (counter_now() < until) {
		__asm__ volatile("dsb sy\n wfi" ::: "memory");
	}
	cntv_ctl_write(0);
	gic_enable(PPI_VTIMER, false);
}

void test_flood(void)
{
	uint64_t end = counter_now() + ms_ticks(tg_arg_u64("ms", DEFAULT_FLOOD_MS));
	uint64_t lines = 0, aborts = 0, undefs = 0, smcs = 0, hvcs = 0;
	char text[32], line[LINE];
	uint32_t v;

	while (counter_now() < end) {
		tg_snprintf(text, sizeof(text), "flood %ju ", lines);
		make_line(line, text);
		put_line(line, true);
		lines++;
		aborts += !tg_probe_read32(OUTSIDE_IPA, &v);
		cpu_relax(); /* as in put_line */
		undefs += arch_flood_undef();
		cpu_relax();
		smcs += arch_smc_imm(FIRMWARE_SMC) == PSCI_RET_NOT_SUPPORTED;
		cpu_relax();
		hvcs += arch_hvc_imm(PSCI_VERSION) == PSCI_RET_NOT_SUPPORTED;
		cpu_relax();
	}
	/* Quiet, so that this line finds room in its console buffer again. */
	sleep_ms(FLOOD_QUIET_MS);
	tg_printf("flood: done, %ju lines, %ju aborts, %ju undefined, %ju SMCs and %ju HVCs "
		  "refused, cntpct=%ju\n",
		  lines, aborts, undefs, smcs, hvcs, cntpct_read());
	if (aborts == lines && smcs == lines && hvcs == lines) {
		tg_pass("flood: every abort, SMC and HVC refused, %ju times\n", lines);
	} else {
		tg_fail("flood: of %ju, %ju aborts, %ju SMCs and %ju HVCs refused\n", lines, aborts,
			smcs, hvcs);
	}
}

/* Cost of one 64-byte line, n times; the lines appear on the console. */
static void bench_lines(uint64_t n)
{
	uint64_t total = 0, lo = UINT64_MAX, hi = 0;
	char text[32], line[LINE];

	for (uint64_t i = 0; i < n; i++) {
		tg_snprintf(text, sizeof(text), "flood-victim line %ju ", i);
		make_line(line, text);
		uint64_t t0 = counter_now();
		put_line(line, false);
		uint64_t t = counter_now() - t0;

		total += t;
		lo = t < lo ? t : lo;
		hi = t > hi ? t : hi;
	}
	tg_printf("bench flood-line per-line: guest=%ju min=%ju max=%ju lines=%ju\n", total / n,
		  lo, hi, n);
}

/* The virtual timer's latency while the guest polls (yield), as test=bench measures it. */
static void bench_timer(uint64_t n)
{
	uint64_t total = 0, done = 0, lo = UINT64_MAX, hi = 0;
	uint64_t timeout = tg_counter_freq() / 20u;

	gic_set_handler(PPI_VTIMER, bench_vtimer);
	gic_enable(PPI_VTIMER, true);
	irq_enable();
	for (uint64_t i = 0; i < n; i++) {
		irq_seen = 0;
		uint64_t deadline = counter_now() + IRQ_DELAY;

		cntv_cval_write(deadline);
		cntv_ctl_write(CNT_CTL_ENABLE);
		__asm__ volatile("isb" ::: "memory");
		while (irq_seen == 0 && counter_now() < deadline + timeout) {
			cpu_relax();
		}
		if (irq_seen == 0) {
			cntv_ctl_write(0);
			tg_printf("bench flood-timer: no interrupt 50 ms after the deadline (irq %ju)\n",
				  i);
			break;
		}
		uint64_t l = irq_stamp > deadline ? irq_stamp - deadline : 0;

		total += l;
		lo = l < lo ? l : lo;
		hi = l > hi ? l : hi;
		done++;
	}
	irq_disable();
	gic_enable(PPI_VTIMER, false);
	if (done != 0) {
		tg_printf("bench flood-timer per-irq: latency=%ju min=%ju max=%ju irqs=%ju\n",
			  total / done, lo, hi, done);
	}
}

static void victim_bench(void)
{
	bench_lines(tg_arg_u64("lines", BENCH_LINES));
	if (!gic_init()) {
		tg_fail("gic init\n");
		return;
	}
	bench_timer(tg_arg_u64("irqs", BENCH_IRQS));
	tg_printf("bench flood-victim end: cntpct=%ju\n", cntpct_read());
}

void test_flood_victim(void)
{
	if (tg_arg_u64("bench", 0)) {
		victim_bench();
		return;
	}
	uint64_t n = tg_arg_u64("lines", DEFAULT_VICTIM_LINES);
	uint64_t ms = tg_arg_u64("ms", DEFAULT_VICTIM_MS);
	uint64_t seconds = (ms + 999u) / 1000u;
	uint64_t worst = 0;
	char text[48], line[LINE];

	if (n == 0 || !gic_init()) {
		tg_fail("flood-victim: no lines, or no gic\n");
		return;
	}
	uint64_t start = ticker_start(seconds);
	uint64_t step = ms_ticks(ms) / n;

	for (uint64_t i = 1; i <= n; i++) {
		while (counter_now() < start + i * step) {
			cpu_wfe();
		}
		tg_snprintf(text, sizeof(text), "flood-victim line %ju of %ju ", i, n);
		make_line(line, text);
		uint64_t t0 = counter_now();
		put_line(line, false);
		uint64_t t = counter_now() - t0;

		worst = t > worst ? t : worst;
	}
	ticker_report("flood-victim", seconds);
	/* Not judged: QEMU's CPUs share the host's, whose load shows here. */
	tg_printf("flood-victim: wrote %ju lines, the slowest in %ju us\n", n,
		  worst * 1000000u / tg_counter_freq());
}
