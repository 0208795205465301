// SPDX-License-Identifier: Apache-2.0
/*
 * test=spi: a passed-through device's interrupt. QEMU virt's PL031 RTC
 * (MMIO 0x09010000, SPI 2 = INTID 34) raises its alarm interrupt twice in a
 * row (match register = now + 1 s, then now + 2 s); each alarm must be
 * delivered exactly once, the handler clearing the RTC (RTCICR) before its
 * EOI. The guest sleeps in wfi meanwhile, the virtual timer bounding the
 * wait. Runs natively and under Tessera with the device in its plan.
 *
 * test=spi-denied: a VM without the RTC tries it: its registers must fault
 * (data abort, caught), and INTID 34 must stay disabled, unpended and at
 * priority 0 whatever the VM writes to its distributor.
 */
#include "testguest.h"

#define RTC_BASE 0x09010000ul
#define RTC_DR 0x000u
#define RTC_MR 0x004u
#define RTC_IMSC 0x010u
#define RTC_RIS 0x014u
#define RTC_MIS 0x018u
#define RTC_ICR 0x01cu
#define RTC_PERIPHID0 0xfe0u
#define RTC_INTID 34u
#define RTC_PRIO 0x80u
#define NR_ALARMS 2u
#define WAIT_SECONDS 5u
#define SETTLE_MS 300u
#define CNT_CTL_ENABLE 1u

static volatile uint32_t rtc_irqs;
static volatile uint32_t rtc_bad_mis; /* deliveries with nothing pending at the RTC */
static volatile uint32_t rtc_seen_dr; /* RTCDR read by the handler */
static volatile uint64_t rtc_stamp;   /* counter at the vector of the last delivery */
static volatile uint32_t guard_fired;

static uint64_t ms(uint64_t n)
{
	return tg_counter_freq() * n / 1000u;
}

static void rtc_handler(unsigned int intid, unsigned int cpu, uint64_t stamp)
{
	uint32_t mis = mmio_read32(RTC_BASE + RTC_MIS);

	if ((mis & 1u) == 0) {
		rtc_bad_mis++;
	}
	rtc_seen_dr = mmio_read32(RTC_BASE + RTC_DR);
	mmio_write32(RTC_BASE + RTC_ICR, 1); /* drop the level before the EOI */
	__asm__ volatile("dsb sy" ::: "memory");
	rtc_stamp = stamp;
	rtc_irqs = rtc_irqs + 1;
}

/* The virtual timer only bounds a wfi wait: it wakes the guest and stops. */
static void guard_handler(unsigned int intid, unsigned int cpu, uint64_t stamp)
{
	cntv_ctl_write(0);
	__asm__ volatile("isb" ::: "memory");
	guard_fired = 1;
}

/*
 * Sleeps in wfi until *p == want or `timeout` counter ticks pass. IRQs are
 * masked around the test-then-wfi, so an interrupt arriving between the two
 * still ends the wfi (it wakes on a pending interrupt even when masked) and
 * is taken when they are unmasked.
 */
static bool wfi_wait_eq(volatile uint32_t *p, uint32_t want, uint64_t timeout)
{
	bool ok;

	guard_fired = 0;
	cntv_cval_write(counter_now() + timeout);
	cntv_ctl_write(CNT_CTL_ENABLE);
	__asm__ volatile("isb" ::: "memory");
	for (;;) {
		irq_disable();
		ok = *p == want;
		if (ok || guard_fired) {
			break;
		}
		__asm__ volatile("dsb sy\n wfi" ::: "memory");
		irq_enable();
	}
	cntv_ctl_write(0);
	__asm__ volatile("isb" ::: "memory");
	irq_enable();
	return ok;
}

static void settle(uint64_t ticks)
{
	uint64_t end = counter_now() + ticks;

	while (counter_now() < end) {
		cpu_wfe();
	}
}

static void rtc_diag(const char *why)
{
	tg_printf("rtc: %s: RTCDR=%u RTCMR=%u RTCIMSC=0x%x RTCRIS=0x%x RTCMIS=0x%x; INTID %u "
		  "enabled=%u pending=%u\n",
		  why, mmio_read32(RTC_BASE + RTC_DR), mmio_read32(RTC_BASE + RTC_MR),
		  mmio_read32(RTC_BASE + RTC_IMSC), mmio_read32(RTC_BASE + RTC_RIS),
		  mmio_read32(RTC_BASE + RTC_MIS), RTC_INTID, gic_is_enabled(RTC_INTID),
		  gic_is_pending(RTC_INTID));
	gic_dump(why);
}

/* One alarm `secs` seconds ahead: delivered, and only once. */
static void one_alarm(unsigned int n, uint32_t secs)
{
	uint64_t freq = tg_counter_freq();
	uint32_t before = rtc_irqs;

	mmio_write32(RTC_BASE + RTC_ICR, 1);
	uint32_t now = mmio_read32(RTC_BASE + RTC_DR);
	uint64_t t0 = counter_now();
	mmio_write32(RTC_BASE + RTC_MR, now + secs);
	mmio_write32(RTC_BASE + RTC_IMSC, 1);
	__asm__ volatile("dsb sy" ::: "memory");

	bool got = wfi_wait_eq(&rtc_irqs, before + 1, WAIT_SECONDS * freq);
	if (!got) {
		tg_fail("rtc alarm interrupt (INTID %u) delivered: none in %u s (alarm %u, "
			"RTCMR=%u)\n",
			RTC_INTID, WAIT_SECONDS, n, now + secs);
		rtc_diag("no rtc interrupt");
		mmio_write32(RTC_BASE + RTC_IMSC, 0);
		mmio_write32(RTC_BASE + RTC_ICR, 1);
		return;
	}
	uint64_t after_ms = (rtc_stamp - t0) * 1000u / freq;
	tg_pass("rtc alarm interrupt (INTID %u) delivered, alarm %u: RTCDR %u -> %u after %ju "
		"ms\n",
		RTC_INTID, n, now, rtc_seen_dr, after_ms);

	settle(ms(SETTLE_MS));
	uint32_t count = rtc_irqs - before;
	if (count == 1 && rtc_bad_mis == 0) {
		tg_pass("rtc alarm %u delivered once\n", n);
	} else {
		tg_fail("rtc alarm %u delivered once: %u deliveries, %u with RTCMIS clear\n", n,
			count, rtc_bad_mis);
		rtc_diag("after the alarm");
	}
}

void test_spi(void)
{
	if (!gic_init()) {
		tg_fail("gic init\n");
		return;
	}
	uint32_t id = 0;
	for (unsigned int i = 0; i < 4; i++) {
		id |= (mmio_read32(RTC_BASE + RTC_PERIPHID0 + 4 * i) & 0xffu) << (8 * i);
	}
	tg_printf("rtc: PL031 at 0x%lx, PeriphID 0x%08x, RTCDR=%u\n", RTC_BASE, id,
		  mmio_read32(RTC_BASE + RTC_DR));

	irq_disable();
	mmio_write32(RTC_BASE + RTC_IMSC, 0);
	mmio_write32(RTC_BASE + RTC_ICR, 1);
	gic_set_handler(RTC_INTID, rtc_handler);
	gic_set_handler(PPI_VTIMER, guard_handler);
	gic_enable(PPI_VTIMER, true);
	gic_enable(RTC_INTID, false);
	gic_set_pending(RTC_INTID, false);
	gic_set_priority(RTC_INTID, RTC_PRIO);
	gic_route_spi(RTC_INTID, tg_cpu());
	gic_enable(RTC_INTID, true);
	if (gic_is_enabled(RTC_INTID) && gic_get_priority(RTC_INTID) == RTC_PRIO) {
		tg_pass("intid %u enabled, priority 0x%x\n", RTC_INTID, RTC_PRIO);
	} else {
		tg_fail("intid %u enabled, priority 0x%x: enabled %u, priority 0x%x\n", RTC_INTID,
			RTC_PRIO, gic_is_enabled(RTC_INTID), gic_get_priority(RTC_INTID));
	}
	irq_enable();

	for (unsigned int n = 1; n <= NR_ALARMS; n++) {
		one_alarm(n, n);
	}

	mmio_write32(RTC_BASE + RTC_IMSC, 0);
	mmio_write32(RTC_BASE + RTC_ICR, 1);
	irq_disable();
	gic_enable(RTC_INTID, false);
	gic_enable(PPI_VTIMER, false);
	if (gic_unhandled != 0) {
		tg_fail("interrupts with no handler: %u\n", gic_unhandled);
	}
}

/* An access that must fault: true (and the syndrome checked) if it did. */
static bool must_fault(const char *what, uintptr_t addr, bool write)
{
	uint32_t v = 0;

	tg_fault.taken = false;
	tg_fault.esr = 0;
	tg_fault.far = 0;
	tg_fault.expected = true;
	__asm__ volatile("dsb sy" ::: "memory");
	if (write) {
		mmio_write32(addr, v);
	} else {
		v = mmio_read32(addr);
	}
	tg_fault.expected = false;

	if (!tg_fault.taken) {
		tg_fail("rtc not reachable from this vm: %s 0x%lx did not fault%s%x\n", what,
			(unsigned long)addr, write ? "" : ", read 0x", v);
		return false;
	}
	if (!tg_fault.data_abort || tg_fault.far != addr) {
		tg_fail("rtc not reachable from this vm: %s 0x%lx: ESR=0x%jx FAR=0x%jx\n", what,
			(unsigned long)addr, tg_fault.esr, tg_fault.far);
		return false;
	}
	tg_printf("rtc: %s 0x%lx: data abort, ESR=0x%jx FAR=0x%jx\n", what, (unsigned long)addr,
		  tg_fault.esr, tg_fault.far);
	return true;
}

void test_spi_denied(void)
{
	bool r = must_fault("read", RTC_BASE + RTC_DR, false);
	bool w = must_fault("write", RTC_BASE + RTC_IMSC, true);

	if (r && w) {
		tg_pass("rtc not reachable from this vm\n");
	}

	if (!gic_init()) {
		tg_fail("gic init\n");
		return;
	}
	uint32_t word = (RTC_INTID / 32) * 4;
	uint32_t bit = 1u << (RTC_INTID % 32);

	irq_disable();
	gic_set_priority(RTC_INTID, RTC_PRIO);
	gic_route_spi(RTC_INTID, tg_cpu());
	mmio_write32(tg_hw.gicd + GICD_ISENABLER + word, bit);
	mmio_write32(tg_hw.gicd + GICD_ISPENDR + word, bit);
	__asm__ volatile("dsb sy" ::: "memory");
	uint32_t en = mmio_read32(tg_hw.gicd + GICD_ISENABLER + word);
	uint32_t pend = mmio_read32(tg_hw.gicd + GICD_ISPENDR + word);
	uint8_t prio = gic_get_priority(RTC_INTID);
	uint32_t route = gic_version == 3
				 ? mmio_read32(tg_hw.gicd + GICD_IROUTER + 8u * RTC_INTID)
				 : mmio_read8(tg_hw.gicd + GICD_ITARGETSR + RTC_INTID);

	if ((en & bit) == 0) {
		tg_pass("foreign spi %u not enabled\n", RTC_INTID);
	} else {
		tg_fail("foreign spi %u not enabled: ISENABLER%u reads 0x%x\n", RTC_INTID,
			word / 4, en);
	}
	if ((pend & bit) == 0 && prio == 0 && route == 0) {
		tg_pass("foreign spi %u not pending, priority and routing read 0\n", RTC_INTID);
	} else {
		tg_fail("foreign spi %u untouched: ISPENDR%u 0x%x, priority 0x%x, route 0x%x\n",
			RTC_INTID, word / 4, pend, prio, route);
	}
	/* Nothing may come of it either. */
	irq_enable();
	settle(ms(SETTLE_MS));
	irq_disable();
	mmio_write32(tg_hw.gicd + GICD_ICPENDR + word, bit);
	mmio_write32(tg_hw.gicd + GICD_ICENABLER + word, bit);
	if (gic_unhandled != 0) {
		tg_fail("foreign spi %u delivered: %u interrupts with no handler\n", RTC_INTID,
			gic_unhandled);
	}
}
