// SPDX-License-Identifier: Apache-2.0
/*
 * test=timer [ticks=N]: the EL1 virtual timer (CNTV_*, PPI 27) at 100 Hz for
 * N ticks, then the EL1 physical timer (CNTP_*, PPI 30) for 10; then, for each
 * timer, what the GIC reports about its interrupt as hardware does: pending
 * once the timer has fired, disabled at the GIC, then enabled there while
 * the CPU masks interrupts (PSTATE.I/CPSR.I), no longer pending once the
 * timer is masked
 * (a level interrupt follows its line), no stale interrupt afterwards, and
 * active (and, the line still high, pending too) inside its handler.
 * test=ticker [seconds=S]: the guest that runs beside Linux: a 100 Hz
 * virtual-timer tick on absolute deadlines (CVAL += period, as an RTOS
 * would) for S seconds of counter time, a progress line every 2 s, then the
 * count against the expected 100*S (PASS within 2%). Given a UART of its
 * own (hw.c: a second UART in its DT, e.g. one passed through), it prints
 * the progress and verdict lines there too. The tick itself
 * (ticker_start/ticker_report) also drives test=victim (test_victim.c).
 */
#include "attack.h"

#define HZ 100u
#define DEFAULT_TICKS 50u
#define PTIMER_TICKS 10u
#define DEFAULT_SECONDS 20u
#define PROGRESS_SECONDS 2u
#define SLACK_SECONDS 2u
#define TOLERANCE_DIV 50u /* 2% */
#define CNT_CTL_ENABLE 1u
#define CNT_CTL_IMASK 2u
#define CNT_CTL_ISTATUS 4u
#define FIRE_WAIT_DIV 1000u /* 1 ms of counter time for a timer due now to fire */
#define STALE_WAIT_DIV 100u /* 10 ms to catch an interrupt that should not come */

static volatile uint32_t ticks;
static uint32_t target;
static uint64_t period;
static uint64_t next_deadline;
static uint64_t max_latency;

static void vtimer_relative(unsigned int intid, unsigned int cpu, uint64_t stamp)
{
	uint32_t n = ticks + 1;

	if (n >= target) {
		cntv_ctl_write(0);
	} else {
		cntv_tval_write(period);
	}
	__asm__ volatile("isb" ::: "memory");
	ticks = n;
	__asm__ volatile("dsb sy\n sev" ::: "memory");
}

static void ptimer_relative(unsigned int intid, unsigned int cpu, uint64_t stamp)
{
	uint32_t n = ticks + 1;

	if (n >= target) {
		cntp_ctl_write(0);
	} else {
		cntp_tval_write(period);
	}
	__asm__ volatile("isb" ::: "memory");
	ticks = n;
	__asm__ volatile("dsb sy\n sev" ::: "memory");
}

static bool run_timer(const char *name, unsigned int ppi, uint32_t n, gic_handler_t h)
{
	uint64_t freq = tg_counter_freq();

	ticks = 0;
	target = n;
	period = freq / HZ;
	gic_set_handler(ppi, h);
	gic_enable(ppi, true);
	uint64_t t0 = counter_now();
	if (ppi == PPI_VTIMER) {
		cntv_tval_write(period);
		cntv_ctl_write(CNT_CTL_ENABLE);
	} else {
		cntp_tval_write(period);
		cntp_ctl_write(CNT_CTL_ENABLE);
	}
	irq_enable();
	bool ok = tg_wait_eq(&ticks, n, (n / HZ + SLACK_SECONDS) * freq);
	irq_disable();
	uint64_t t1 = counter_now();
	if (ppi == PPI_VTIMER) {
		cntv_ctl_write(0);
	} else {
		cntp_ctl_write(0);
	}
	gic_enable(ppi, false);
	tg_printf("timer: %s: %u ticks in %ju ms of counter time\n", name, ticks,
		  (t1 - t0) * 1000 / freq);
	return ok;
}

/* The EL1 virtual or physical timer, by its PPI. */
static void timer_ctl(unsigned int ppi, uint64_t v)
{
	if (ppi == PPI_VTIMER) {
		cntv_ctl_write(v);
	} else {
		cntp_ctl_write(v);
	}
	__asm__ volatile("isb" ::: "memory");
}

static uint64_t timer_ctl_get(unsigned int ppi)
{
	return ppi == PPI_VTIMER ? cntv_ctl_read() : cntp_ctl_read();
}

/* Due at once: TVAL = 0 sets the compare value to the timer's own counter. */
static void timer_fire_now(unsigned int ppi)
{
	if (ppi == PPI_VTIMER) {
		cntv_tval_write(0);
	} else {
		cntp_tval_write(0);
	}
	timer_ctl(ppi, CNT_CTL_ENABLE);
}

static volatile uint32_t state_irqs;
static volatile bool state_active, state_pending;

/* Counts an interrupt and stops the timer, after looking at the GIC from the handler. */
static void state_handler(unsigned int intid, unsigned int cpu, uint64_t stamp)
{
	state_active = gic_is_active(intid);
	state_pending = gic_is_pending(intid);
	timer_ctl(intid, 0);
	state_irqs = state_irqs + 1;
	__asm__ volatile("dsb sy\n sev" ::: "memory");
}

static void check_gic_state(const char *name, unsigned int ppi)
{
	uint64_t freq = tg_counter_freq();

	irq_disable();
	state_irqs = 0;
	gic_set_handler(ppi, state_handler);
	/* Disabled at the GIC: the line is asserted all the same, so it is pending. */
	gic_enable(ppi, false);
	timer_fire_now(ppi);
	uint64_t end = counter_now() + freq / FIRE_WAIT_DIV;
	while ((timer_ctl_get(ppi) & CNT_CTL_ISTATUS) == 0 && counter_now() < end) {
		cpu_relax();
	}
	bool fired = (timer_ctl_get(ppi) & CNT_CTL_ISTATUS) != 0;
	bool pending = gic_is_pending(ppi), active = gic_is_active(ppi);

	if (fired && pending && !active) {
		tg_pass("%s timer ppi %u fired, disabled at the gic: pending, not active\n", name,
			ppi);
	} else {
		tg_fail("%s timer ppi %u fired, disabled at the gic (ISTATUS %u): ISPENDR0 bit %u, "
			"ISACTIVER0 bit %u (want 1, 0)\n",
			name, ppi, fired, pending, active);
	}
	/* Enabled at the GIC, masked at the CPU: still pending, and not taken. */
	gic_enable(ppi, true);
	pending = gic_is_pending(ppi);
	active = gic_is_active(ppi);
	if (pending && !active) {
		tg_pass("%s timer ppi %u fired with irqs masked: pending, not active\n", name, ppi);
	} else {
		tg_fail("%s timer ppi %u fired with irqs masked: ISPENDR0 bit %u, ISACTIVER0 bit %u "
			"(want 1, 0)\n",
			name, ppi, pending, active);
	}
	/* The line drops with the timer masked: a level interrupt is pending no more. */
	timer_ctl(ppi, CNT_CTL_ENABLE | CNT_CTL_IMASK);
	pending = gic_is_pending(ppi);
	timer_ctl(ppi, 0);
	gic_enable(ppi, false);
	irq_enable();
	gic_enable(ppi, true);
	bool stale = tg_wait_eq(&state_irqs, 1, freq / STALE_WAIT_DIV);
	irq_disable();
	if (!pending && !stale) {
		tg_pass("%s timer ppi %u masked at the timer: not pending, no interrupt later\n",
			name, ppi);
	} else {
		tg_fail("%s timer ppi %u masked at the timer: ISPENDR0 bit %u (want 0), %u "
			"interrupt(s) after it was stopped (want 0)\n",
			name, ppi, pending, state_irqs);
	}
	/* Taken: active in the handler, and pending too while the line is still high. */
	state_irqs = 0;
	state_active = false;
	state_pending = false;
	timer_fire_now(ppi);
	irq_enable();
	bool taken = tg_wait_eq(&state_irqs, 1, freq / STALE_WAIT_DIV);
	irq_disable();
	gic_enable(ppi, false);
	if (taken && state_active && state_pending) {
		tg_pass("%s timer ppi %u in its handler: active and pending (line high)\n", name,
			ppi);
	} else {
		tg_fail("%s timer ppi %u in its handler (taken %u): ISACTIVER0 bit %u, ISPENDR0 "
			"bit %u (want 1, 1)\n",
			name, ppi, taken, state_active, state_pending);
	}
}

void test_timer(void)
{
	uint32_t n = (uint32_t)tg_arg_u64("ticks", DEFAULT_TICKS);

	if (n == 0) {
		n = 1;
	}

	if (!gic_init()) {
		tg_fail("gic init\n");
		return;
	}
	if (run_timer("virtual", PPI_VTIMER, n, vtimer_relative)) {
		tg_pass("%u virtual timer ticks\n", n);
	} else {
		tg_fail("%u virtual timer ticks: got %u\n", n, ticks);
	}
	if (run_timer("physical", PPI_PTIMER, PTIMER_TICKS, ptimer_relative)) {
		tg_pass("%u physical timer ticks\n", PTIMER_TICKS);
	} else {
		tg_fail("%u physical timer ticks: got %u\n", PTIMER_TICKS, ticks);
	}
	check_gic_state("virtual", PPI_VTIMER);
	check_gic_state("physical", PPI_PTIMER);
	if (gic_unhandled != 0) {
		tg_fail("interrupts with no handler: %u\n", gic_unhandled);
	}
}

/*
 * One tick per deadline: a late interrupt only delays the count, as the
 * next deadline is already due and fires at once. After the last deadline
 * of the run the timer stops, so the count is exact unless ticks are lost.
 */
static uint64_t ticker_end;

static void vtimer_absolute(unsigned int intid, unsigned int cpu, uint64_t stamp)
{
	uint64_t lat = stamp > next_deadline ? stamp - next_deadline : 0;

	if (lat > max_latency) {
		max_latency = lat;
	}
	next_deadline += period;
	if (next_deadline > ticker_end) {
		cntv_ctl_write(0);
	} else {
		cntv_cval_write(next_deadline);
	}
	__asm__ volatile("isb" ::: "memory");
	ticks = ticks + 1;
	__asm__ volatile("dsb sy\n sev" ::: "memory");
}

uint64_t ticker_start(uint64_t seconds)
{
	uint64_t start;

	ticks = 0;
	max_latency = 0;
	period = tg_counter_freq() / HZ;
	gic_set_handler(PPI_VTIMER, vtimer_absolute);
	gic_enable(PPI_VTIMER, true);
	start = counter_now();
	ticker_end = start + seconds * HZ * period;
	next_deadline = start + period;
	cntv_cval_write(next_deadline);
	cntv_ctl_write(CNT_CTL_ENABLE);
	irq_enable();
	return start;
}

uint32_t ticker_ticks(void)
{
	return ticks;
}

bool ticker_report(const char *who, uint64_t seconds)
{
	uint64_t expected = HZ * seconds;

	/* The last deadline may still be due: wait for it (bounded). */
	(void)tg_wait_eq(&ticks, (uint32_t)expected, SLACK_SECONDS * tg_counter_freq());
	irq_disable();
	cntv_ctl_write(0);
	gic_enable(PPI_VTIMER, false);

	uint64_t n = ticks;
	uint64_t diff = n > expected ? n - expected : expected - n;
	tg_printf("%s: done, %ju ticks in %ju s (expected %ju)\n", who, n, seconds, expected);
	tg_printf("%s: worst tick latency %ju us\n", who,
		  max_latency * 1000000 / tg_counter_freq());
	if (diff * TOLERANCE_DIV <= expected) {
		tg_pass("%s %ju ticks within 2%% of %ju\n", who, n, expected);
		return true;
	}
	tg_fail("%s %ju ticks, not within 2%% of %ju\n", who, n, expected);
	return false;
}

void test_ticker(void)
{
	uint64_t s = tg_arg_u64("seconds", DEFAULT_SECONDS);
	uint64_t freq = tg_counter_freq();

	if (!gic_init()) {
		tg_fail("gic init\n");
		return;
	}
	if (tg_hw.own_uart.kind != UART_NONE) {
		tg_printf("ticker: own uart: %s at 0x%lx\n", uart_kind_name(tg_hw.own_uart.kind),
			  (unsigned long)tg_hw.own_uart.base);
		uart_init(&tg_hw.own_uart);
		tg_console_mirror(&tg_hw.own_uart);
		tg_printf("ticker: %ju s of %u Hz ticks\n", s, HZ);
	}
	uint64_t start = ticker_start(s);
	uint64_t end = start + s * freq;
	uint64_t next_print = start + PROGRESS_SECONDS * freq;

	for (;;) {
		uint64_t now = counter_now();

		if (now >= end) {
			break;
		}
		if (now >= next_print) {
			tg_printf("ticker: ticks=%u at t=%jus\n", ticks, (now - start) / freq);
			next_print += PROGRESS_SECONDS * freq;
		}
		cpu_wfe();
	}
	ticker_report("ticker", s);
	tg_console_mirror(NULL);
}
