// SPDX-License-Identifier: Apache-2.0
/*
 * test=gic-abuse [hyp=1] [sgis=N] [seed=S]: a one-vCPU guest that mistreats
 * its (virtual) GIC, for running beside a victim VM:
 *  1. pseudo-random values written to every 32-bit offset of its
 *     distributor (64 KiB) and its redistributor (128 KiB), then read back;
 *  2. SGIs naming vCPUs it does not have (GICv3 ICC_SGI1R_EL1: target lists
 *     of CPUs 1-15, Aff1/Aff2/Aff3 != 0, RS != 0, IRM broadcasts; GICv2
 *     GICD_SGIR: lists without itself, "all but self"); none may come
 *     back to it;
 *  3. an SGI storm to itself (N SGIs, default 100000, at most STORM_SECONDS),
 *     IRQs unmasked, a handler that counts and EOIs;
 *  4. every SPI 32-127 enabled, pended, made priority 0 and routed to it;
 *     with hyp=1 only its own console's SPI (33) may read back enabled.
 * After step 1, a fresh GIC set-up must leave no SGI/PPI pending (hyp=1,
 * GICv3). Then "gic-abuse: survived", a fresh set-up again, a pending SGI
 * disabled before it could be taken (not taken until enabled again), and one
 * SGI to itself that must still be delivered. The hypervisor must stay up
 * and the victim undisturbed (checked by the scenario).
 *
 * Steps 1-4 and the SGI counter are also attacks of test=attack and the
 * victim's SGI check (attack.h): each step returns its verdict and a
 * one-line account, which this scenario prints as PASS or FAIL.
 */
#include "attack.h"

#define GICD_SIZE 0x10000u
#define GICR_SIZE 0x20000u
#define DEFAULT_SEED 0x7e55e1a1u
#define DEFAULT_STORM 100000u
#define STORM_SECONDS 4u
#define ABSENT_ROUNDS 1024u
#define STORM_SGI 1u
#define FINAL_SGI 7u
#define RECALL_SGI 9u
#define WAIT_SECONDS 5u
#define SETTLE_DIV 20u /* 50 ms */
#define CONSOLE_INTID 33u
#define SPI_WORDS (GIC_NR_HANDLED / 32)
#define ICC_SGI1R_IRM (1ull << 40)

static uint32_t rng = DEFAULT_SEED;
static volatile uint32_t sgi_hits[GIC_NR_SGI];

void gic_abuse_seed(uint32_t seed)
{
	rng = seed != 0 ? seed : DEFAULT_SEED;
}

static uint32_t rnd(void)
{
	/* xorshift32 */
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

uint32_t gic_abuse_rnd(void)
{
	return rnd();
}

static void sgi1r(uint64_t v)
{
	icc_sgi1r_write(v);
	__asm__ volatile("isb" ::: "memory");
}

static void count_sgi(unsigned int intid, unsigned int cpu, uint64_t stamp)
{
	sgi_hits[intid] = sgi_hits[intid] + 1;
	__asm__ volatile("dsb sy\n sev" ::: "memory");
}

void sgi_counter_install(void)
{
	for (unsigned int i = 0; i < GIC_NR_SGI; i++) {
		sgi_hits[i] = 0;
		gic_set_handler(i, count_sgi);
	}
}

uint32_t sgi_counter_total(void)
{
	uint32_t n = 0;

	for (unsigned int i = 0; i < GIC_NR_SGI; i++) {
		n += sgi_hits[i];
	}
	return n;
}

/* "sgi 3 x1, sgi 9 x2" for the SGIs counted so far. */
const char *sgi_counter_list(void)
{
	static char buf[16 * 16];
	size_t len = 0;

	for (unsigned int i = 0; i < GIC_NR_SGI; i++) {
		uint32_t n = sgi_hits[i];

		if (n == 0) {
			continue;
		}
		if (len != 0) {
			buf[len++] = ',';
			buf[len++] = ' ';
		}
		buf[len++] = 's';
		buf[len++] = 'g';
		buf[len++] = 'i';
		buf[len++] = ' ';
		if (i >= 10) {
			buf[len++] = '1';
		}
		buf[len++] = (char)('0' + i % 10);
		buf[len++] = ' ';
		buf[len++] = 'x';
		buf[len++] = (char)(n > 9 ? '+' : '0' + n);
	}
	buf[len] = '\0';
	return buf;
}

/*
 * After gic_reinit() with IRQs masked nothing may be pending: ICPENDR0 has
 * just cleared every SGI and PPI, whatever the garbage had pended.
 */
static void check_clean(const char *when)
{
	uintptr_t base = gic_private_base();
	uint32_t pend = mmio_read32(base + GICD_ISPENDR);
	uint32_t en = mmio_read32(base + GICD_ISENABLER);

	if (gic_version != 3 || tg_arg_u64("hyp", 0) != 1) {
		return;
	}
	if ((pend & ~(1u << PPI_VTIMER | 1u << PPI_PTIMER)) == 0 && en == 0) {
		tg_pass("%s: ICPENDR0/ICENABLER0 cleared every sgi and ppi\n", when);
	} else {
		tg_fail("%s: ICPENDR0/ICENABLER0 cleared every sgi and ppi: ISPENDR0 reads 0x%x, "
			"ISENABLER0 0x%x\n",
			when, pend, en);
		gic_dump(when);
	}
}

static void settle(void)
{
	uint64_t end = counter_now() + tg_counter_freq() / SETTLE_DIV;

	while (counter_now() < end) {
		cpu_wfe();
	}
}

static uint64_t elapsed_ms(uint64_t t0)
{
	return (counter_now() - t0) * 1000u / tg_counter_freq();
}

/*
 * A 32-bit access that may fault: a GICv2's distributor is 4 KiB of the
 * 64 KiB window and the rest may abort. Counts the faults.
 */
static unsigned int faults;

static uint32_t poke(uintptr_t addr, bool write, uint32_t v)
{
	tg_fault.taken = false;
	tg_fault.expected = true;
	if (write) {
		mmio_write32(addr, v);
	} else {
		v = mmio_read32(addr);
	}
	tg_fault.expected = false;
	if (tg_fault.taken) {
		faults++;
		return 0;
	}
	return v;
}

/* 1. Garbage everywhere in the GIC windows, IRQs masked. Returns the faults. */
unsigned int gic_abuse_scribble(char *msg, size_t size)
{
	uint64_t t0 = counter_now();
	uint32_t gicr_size = gic_version == 3 ? GICR_SIZE : 0;
	uint32_t sum = 0;

	irq_disable();
	faults = 0;
	for (uint32_t off = 0; off < GICD_SIZE; off += 4) {
		poke(tg_hw.gicd + off, true, rnd());
	}
	for (uint32_t off = 0; off < gicr_size; off += 4) {
		poke(tg_hw.gicr + off, true, rnd());
	}
	for (uint32_t off = 0; off < GICD_SIZE; off += 4) {
		sum += poke(tg_hw.gicd + off, false, 0);
	}
	for (uint32_t off = 0; off < gicr_size; off += 4) {
		sum += poke(tg_hw.gicr + off, false, 0);
	}
	tg_snprintf(msg, size,
		    "garbage written to and read back from %u GICD and %u GICR registers in %ju ms "
		    "(sum 0x%x, %u accesses faulted)",
		    GICD_SIZE / 4, gicr_size / 4, elapsed_ms(t0), sum, faults);
	return faults;
}

/* 2. SGIs to vCPUs that do not exist. */
bool gic_abuse_absent_sgis(char *msg, size_t size)
{
	uint64_t mpidr = mpidr_read();
	uint64_t own_aff = ((mpidr >> 8) & 0xffu) << 16 | ((mpidr >> 16) & 0xffu) << 32 |
			   ((mpidr >> 32) & 0xffu) << 48;
	unsigned int sent = 0;

	for (unsigned int i = 0; i < GIC_NR_SGI; i++) {
		sgi_hits[i] = 0;
	}
	irq_enable();
	for (unsigned int i = 0; i < ABSENT_ROUNDS && gic_version == 2; i++) {
		/* GICD_SGIR: target lists without its own CPU interface; "all but
		 * self" is nobody here. (The reserved filter 3 is not tried: QEMU's
		 * GICv2 sends that to every CPU.) */
		uint32_t own = mmio_read8(tg_hw.gicd + GICD_ITARGETSR);
		uint32_t list = (rnd() & 0xffu & ~own) << 16;
		uint32_t sgi = rnd() & 0xfu;

		mmio_write32(tg_hw.gicd + GICD_SGIR, list | sgi);
		sent++;
		if ((i & 63u) == 0) {
			mmio_write32(tg_hw.gicd + GICD_SGIR, 1u << 24 | sgi);
			sent++;
		}
	}
	for (unsigned int i = 0; i < ABSENT_ROUNDS && gic_version == 3; i++) {
		uint64_t sgi = (uint64_t)(rnd() & 0xfu) << 24;
		uint64_t list = rnd() & 0xffffu;

		/* CPUs 1-15 at this vCPU's Aff3.Aff2.Aff1 (never itself). */
		sgi1r(sgi | own_aff | (list & 0xfffeu) | 2u);
		/* Any list, in another Aff1, Aff2 or Aff3. */
		sgi1r(sgi | list | (uint64_t)(1u + rnd() % 255u) << 16);
		sgi1r(sgi | list | (uint64_t)(1u + rnd() % 255u) << 32);
		sgi1r(sgi | list | (uint64_t)(1u + rnd() % 255u) << 48);
		/*
		 * Range selector: CPUs 16-255 of this cluster. Without
		 * ICC_CTLR_EL1.RSS, RS may be ignored (QEMU's GICv3 does),
		 * so never name CPU 0 here either.
		 */
		sgi1r(sgi | own_aff | (list & 0xfffeu) | (uint64_t)(1u + rnd() % 15u) << 44);
		sent += 5;
		if ((i & 63u) == 0) {
			/* IRM: everyone but itself, which is nobody in a one-vCPU VM. */
			sgi1r(sgi | ICC_SGI1R_IRM | (rnd() & 0xffffu));
			sent++;
		}
	}
	settle();
	irq_disable();
	uint32_t got = sgi_counter_total();
	if (got == 0) {
		tg_snprintf(msg, size, "%u sgis to vcpus this vm does not have came back to none",
			    sent);
		return true;
	}
	tg_snprintf(msg, size,
		    "%u sgis to vcpus this vm does not have: %u delivered to vcpu%u (%s)", sent, got,
		    tg_cpu(), sgi_counter_list());
	return false;
}

/* 3. SGIs to itself as fast as it can send them: n, or as many as fit in `seconds`. */
bool gic_abuse_storm(uint32_t n, unsigned int seconds, char *msg, size_t size)
{
	uint64_t freq = tg_counter_freq();
	uint64_t t0 = counter_now();
	uint64_t end = t0 + seconds * freq;
	uint32_t sent = 0;

	sgi_hits[STORM_SGI] = 0;
	irq_enable();
	while (sent < n) {
		gic_send_sgi_self(STORM_SGI);
		sent++;
		if ((sent & 1023u) == 0 && counter_now() >= end) {
			break;
		}
	}
	uint64_t took = elapsed_ms(t0);
	settle();
	irq_disable();
	uint32_t got = sgi_hits[STORM_SGI];
	tg_snprintf(msg, size, "sgi storm to self: %u sent in %ju ms, %u delivered", sent, took,
		    got);
	/* A pending SGI sent again may legitimately be taken once for both. */
	if (got > 0 && got <= sent) {
		return true;
	}
	gic_dump("after the sgi storm");
	return false;
}

/*
 * 4. Every SPI 32-127 (and the enable bits up to 1019): on, pending, routed
 * here. Under a hypervisor that gives it no SPI but its console's, only
 * that one (33) may read back enabled or pending.
 */
bool gic_abuse_foreign_spis(char *msg, size_t size)
{
	uint64_t mpidr = mpidr_read();
	uint32_t en[SPI_WORDS], pend[SPI_WORDS];

	irq_disable();
	for (unsigned int w = 1; w < 32; w++) {
		mmio_write32(tg_hw.gicd + GICD_ISENABLER + 4 * w, 0xffffffffu);
	}
	for (unsigned int w = 1; w < SPI_WORDS; w++) {
		mmio_write32(tg_hw.gicd + GICD_ISPENDR + 4 * w, 0xffffffffu);
	}
	for (unsigned int intid = 32; intid < GIC_NR_HANDLED; intid += 4) {
		mmio_write32(tg_hw.gicd + GICD_IPRIORITYR + intid, 0);
	}
	for (unsigned int intid = 32; intid < GIC_NR_HANDLED; intid++) {
		if (gic_version == 3) {
			mmio_write32(tg_hw.gicd + GICD_IROUTER + 8u * intid,
				     (uint32_t)(mpidr & 0xffffffu));
		} else {
			mmio_write8(tg_hw.gicd + GICD_ITARGETSR + intid, 0xff);
		}
	}
	__asm__ volatile("dsb sy" ::: "memory");
	for (unsigned int w = 1; w < SPI_WORDS; w++) {
		en[w] = mmio_read32(tg_hw.gicd + GICD_ISENABLER + 4 * w);
		pend[w] = mmio_read32(tg_hw.gicd + GICD_ISPENDR + 4 * w);
	}
	uint32_t own = 1u << (CONSOLE_INTID % 32);
	bool idle = (en[1] & ~own) == 0 && en[2] == 0 && en[3] == 0 && (pend[1] & ~own) == 0 &&
		    pend[2] == 0 && pend[3] == 0;

	tg_snprintf(msg, size,
		    "spis 32-127 other than its console's %s (after enable+pend: ISENABLER1-3 "
		    "0x%x 0x%x 0x%x, ISPENDR1-3 0x%x 0x%x 0x%x)",
		    idle ? "stay disabled and idle" : "do not stay disabled and idle", en[1],
		    en[2], en[3], pend[1], pend[2], pend[3]);
	return idle;
}

static void verdict(bool ok, const char *msg)
{
	if (ok) {
		tg_pass("%s\n", msg);
	} else {
		tg_fail("%s\n", msg);
	}
}

/*
 * An SGI made pending while IRQs are masked (under a hypervisor it then sits
 * in a list register) and disabled before they are unmasked must not be
 * taken (ICENABLER0 + GICR_CTLR.RWP: it is no longer forwarded); enabled
 * again, it is taken once.
 */
static void check_disable_recalls(void)
{
	uint64_t wait = WAIT_SECONDS * tg_counter_freq();

	if (gic_version != 3) {
		/* A GICv2's SGIs may be always enabled (QEMU's are). */
		tg_printf("SKIP: pending sgi disabled (GICv%u)\n", gic_version);
		return;
	}
	sgi_hits[RECALL_SGI] = 0;
	irq_disable();
	gic_enable(RECALL_SGI, true);
	gic_send_sgi_self(RECALL_SGI);
	__asm__ volatile("dsb sy\n isb" ::: "memory");
	gic_enable(RECALL_SGI, false);
	irq_enable();
	settle();
	irq_disable();
	uint32_t early = sgi_hits[RECALL_SGI];
	bool pending = gic_is_pending(RECALL_SGI);

	gic_enable(RECALL_SGI, true);
	irq_enable();
	bool later = tg_wait_eq(&sgi_hits[RECALL_SGI], 1, wait);
	settle();
	irq_disable();
	gic_enable(RECALL_SGI, false);
	if (early == 0 && pending && later && sgi_hits[RECALL_SGI] == 1) {
		tg_pass("pending sgi disabled before irqs were unmasked: not taken until "
			"enabled again, then once\n");
	} else {
		tg_fail("pending sgi disabled before irqs were unmasked: taken %u times while "
			"disabled, pending %u, %u in all after enabling again\n",
			early, pending, sgi_hits[RECALL_SGI]);
	}
}

static void final_check(void)
{
	if (!gic_reinit()) {
		tg_fail("own gic still works after abuse: re-init failed\n");
		return;
	}
	for (unsigned int i = 0; i < GIC_NR_SGI; i++) {
		sgi_hits[i] = 0;
	}
	check_disable_recalls();
	for (unsigned int i = 0; i < GIC_NR_SGI; i++) {
		sgi_hits[i] = 0;
	}
	gic_enable(FINAL_SGI, true);
	irq_enable();
	gic_send_sgi_self(FINAL_SGI);
	bool got = tg_wait_eq(&sgi_hits[FINAL_SGI], 1, WAIT_SECONDS * tg_counter_freq());
	settle();
	irq_disable();
	if (got && sgi_counter_total() == 1) {
		tg_pass("own gic still works after abuse (sgi %u delivered once)\n", FINAL_SGI);
	} else {
		tg_fail("own gic still works after abuse: sgi %u delivered %u times, %u in all\n",
			FINAL_SGI, sgi_hits[FINAL_SGI], sgi_counter_total());
		gic_dump("final sgi");
	}
}

void test_gic_abuse(void)
{
	uint64_t t0 = counter_now();
	bool hyp = tg_arg_u64("hyp", 0) == 1;
	char msg[200];

	gic_abuse_seed((uint32_t)tg_arg_u64("seed", DEFAULT_SEED));
	if (!gic_init()) {
		tg_fail("gic init\n");
		return;
	}
	sgi_counter_install();

	unsigned int faulted = gic_abuse_scribble(msg, sizeof(msg));
	tg_printf("gic-abuse: %s\n", msg);
	if (gic_version == 3 && hyp && faulted != 0) {
		tg_fail("vgic windows fully emulated: %u accesses faulted\n", faulted);
	}
	/* Its own SGIs must work for the next steps: start over, all SGIs on. */
	if (!gic_reinit()) {
		tg_fail("gic re-init after the garbage\n");
		return;
	}
	check_clean("re-init after the garbage");
	for (unsigned int i = 0; i < GIC_NR_SGI; i++) {
		gic_enable(i, true);
	}
	bool ok = gic_abuse_absent_sgis(msg, sizeof(msg));
	verdict(ok, msg);
	ok = gic_abuse_storm((uint32_t)tg_arg_u64("sgis", DEFAULT_STORM), STORM_SECONDS, msg,
			     sizeof(msg));
	verdict(ok, msg);
	ok = gic_abuse_foreign_spis(msg, sizeof(msg));
	if (hyp) {
		verdict(ok, msg);
	} else {
		tg_printf("gic-abuse: %s\nSKIP: foreign spis stay off (no hyp=1)\n", msg);
	}
	tg_printf("gic-abuse: survived (%ju ms); %u interrupts with no handler taken (last: "
		  "INTID %u)\n",
		  elapsed_ms(t0), gic_unhandled, gic_unhandled_last);
	final_check();
}
