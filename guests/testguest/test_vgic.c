// SPDX-License-Identifier: Apache-2.0
/*
 * test=vgic [hyp=1]: the (virtual) GIC as a guest sees it, with two vCPUs:
 * ID registers, enable/priority/pending state read back, SGIs to self and to
 * the other vCPU, eight SGIs pending at once (more than a GICv3's four list
 * registers) delivered exactly once each in priority order, the registers'
 * read-back rules (test_vgic_regs.c: priority bits, GICD_TYPER, GICv2
 * ITARGETSR), and, under a
 * hypervisor (hyp=1), that enabling an SPI the VM does not own has no effect.
 */
#include "testguest.h"

#define SGI_SELF 1u
#define SGI_TO_VCPU1 2u
#define SGI_TO_VCPU0 3u
#define SGI_BURST_FIRST 4u
#define NR_BURST 8u
#define SGI_ENABLE_TEST 14u
#define SGI_PEND_TEST 15u
#define PPI_TEST 22u /* no device behind it on QEMU virt */
#define FOREIGN_SPI 40u
#define PRIO_TEST 0x50u
#define PRIO_NEIGHBOUR 0x30u
#define BURST_PRIO_STEP 0x10u
#define SECONDARY 1u
#define WAIT_SECONDS 5u
#define SETTLE_DIV 100u /* 10 ms to catch duplicate deliveries */
#define AFF_LEVEL0 0
#define ORDER_MAX 32u

extern char secondary_entry[];

static volatile uint32_t sgi_count[TG_MAX_VCPUS][GIC_NR_SGI];
static volatile uint32_t order[ORDER_MAX];
static volatile uint32_t order_n;
static volatile uint32_t vcpu1_state; /* 1 ready, 2 init failed */
static volatile uint32_t vcpu1_release;

static void sgi_handler(unsigned int intid, unsigned int cpu, uint64_t stamp)
{
	__atomic_fetch_add(&sgi_count[cpu][intid], 1, __ATOMIC_RELEASE);
	if (cpu == 0) {
		uint32_t n = order_n;
		if (n < ORDER_MAX) {
			order[n] = intid;
		}
		order_n = n + 1;
	}
	__asm__ volatile("dsb sy\n sev" ::: "memory");
}

static uint64_t seconds(uint64_t s)
{
	return tg_counter_freq() * s;
}

static void settle(void)
{
	uint64_t end = counter_now() + tg_counter_freq() / SETTLE_DIV;

	while (counter_now() < end) {
		cpu_wfe();
	}
}

static void check_ids(void)
{
	uint32_t pidr2 = gic_pidr2();
	uint32_t typer = mmio_read32(tg_hw.gicd + GICD_TYPER);
	uint32_t ctlr = mmio_read32(tg_hw.gicd + GICD_CTLR);
	unsigned int rev = GIC_PIDR2_ARCHREV(pidr2);
	unsigned int lines = ((typer & 0x1fu) + 1) * 32;

	tg_printf("gic: v%u GICD_PIDR2=0x%x GICD_TYPER=0x%x GICD_IIDR=0x%x "
		  "GICD_CTLR=0x%x\n",
		  gic_version, pidr2, typer, mmio_read32(tg_hw.gicd + GICD_IIDR), ctlr);
	if (gic_version == 3 ? (rev == 3 || rev == 4) : (rev == 1 || rev == 2)) {
		tg_pass("gicd_pidr2 archrev %u\n", rev);
	} else {
		tg_fail("gicd_pidr2 archrev: %u for a GICv%u (PIDR2=0x%x)\n", rev, gic_version,
			pidr2);
	}
	if (lines >= 64 && lines <= 1024) {
		tg_pass("gicd_typer itlines %u interrupt ids\n", lines);
	} else {
		tg_fail("gicd_typer itlines: %u interrupt ids (TYPER=0x%x)\n", lines, typer);
	}
	if (gic_version == 3) {
		if ((ctlr & (1u << 4)) != 0 && (ctlr & 0x3u) != 0) {
			tg_pass("gicd_ctlr affinity routing and group 1 on (0x%x)\n", ctlr);
		} else {
			tg_fail("gicd_ctlr affinity routing and group 1 on: 0x%x\n", ctlr);
		}
	}
}

static void check_enable(const char *what, unsigned int intid)
{
	uintptr_t base = gic_private_base();
	uint32_t bit = 1u << intid;

	gic_enable(intid, true);
	uint32_t set = mmio_read32(base + GICD_ISENABLER);
	uint32_t clr = mmio_read32(base + GICD_ICENABLER);
	gic_enable(intid, false);
	uint32_t set2 = mmio_read32(base + GICD_ISENABLER);
	uint32_t clr2 = mmio_read32(base + GICD_ICENABLER);

	if ((set & bit) && (clr & bit) && !(set2 & bit) && !(clr2 & bit)) {
		tg_pass("%s %u enable/disable reads back\n", what, intid);
	} else {
		tg_fail("%s %u enable/disable: ISENABLER 0x%x ICENABLER 0x%x after enable, "
			"0x%x 0x%x after disable\n",
			what, intid, set, clr, set2, clr2);
	}
}

static void check_priority(void)
{
	uint8_t before = gic_get_priority(PPI_TEST + 1);

	gic_set_priority(PPI_TEST, PRIO_TEST);
	gic_set_priority(SGI_ENABLE_TEST, PRIO_NEIGHBOUR);
	uint8_t p = gic_get_priority(PPI_TEST), q = gic_get_priority(SGI_ENABLE_TEST);
	uint8_t after = gic_get_priority(PPI_TEST + 1);
	uint32_t word = mmio_read32(gic_private_base() + GICD_IPRIORITYR + (PPI_TEST & ~3u));

	if (p == PRIO_TEST && q == PRIO_NEIGHBOUR && after == before &&
	    ((word >> (8 * (PPI_TEST & 3u))) & 0xffu) == PRIO_TEST) {
		tg_pass("ipriorityr byte write/read-back (0x%x, 0x%x; word 0x%x)\n", p, q, word);
	} else {
		tg_fail("ipriorityr byte write/read-back: ppi %u 0x%x (want 0x%x), sgi %u 0x%x "
			"(want 0x%x), ppi %u 0x%x -> 0x%x, word 0x%x\n",
			PPI_TEST, p, PRIO_TEST, SGI_ENABLE_TEST, q, PRIO_NEIGHBOUR, PPI_TEST + 1,
			before, after, word);
	}
	gic_set_priority(PPI_TEST, GIC_PRIO_DEFAULT);
	gic_set_priority(SGI_ENABLE_TEST, GIC_PRIO_DEFAULT);
}

/*
 * Narrow loads (Tessera only: the GIC defines byte access for IPRIORITYR
 * alone): a load returns its own bytes, zero- or sign-extended, and not the
 * rest of the register. A priority byte of 0xf0 and GICD_TYPER, whose upper
 * bytes are not zero.
 */
static void check_narrow(void)
{
	uintptr_t prio = gic_private_base() + GICD_IPRIORITYR + PPI_TEST;
	uint32_t typer = mmio_read32(tg_hw.gicd + GICD_TYPER);

	gic_set_priority(PPI_TEST, 0xf0);
	uint32_t b = mmio_ldrb(prio), sb = mmio_ldrsb(prio);
	uint32_t tb = mmio_ldrb(tg_hw.gicd + GICD_TYPER), th = mmio_ldrh(tg_hw.gicd + GICD_TYPER);

	gic_set_priority(PPI_TEST, GIC_PRIO_DEFAULT);
	if (b == 0xf0 && sb == 0xfffffff0u && tb == (typer & 0xff) && th == (typer & 0xffff)) {
		tg_pass("narrow loads: ldrb 0x%x ldrsb 0x%x of a priority, ldrb 0x%x ldrh 0x%x of "
			"GICD_TYPER 0x%x\n",
			b, sb, tb, th, typer);
	} else {
		tg_fail("narrow loads: ldrb 0x%x (want 0xf0) ldrsb 0x%x (want 0xfffffff0) of a "
			"priority, ldrb 0x%x ldrh 0x%x of GICD_TYPER 0x%x\n",
			b, sb, tb, th, typer);
	}
}

static void check_pending(const char *what, unsigned int intid)
{
	gic_enable(intid, false);
	gic_set_pending(intid, true);
	bool set = gic_is_pending(intid);
	gic_set_pending(intid, false);
	bool cleared = !gic_is_pending(intid);

	if (set && cleared) {
		tg_pass("%s %u pending set/clear reads back (disabled)\n", what, intid);
	} else {
		tg_fail("%s %u pending: ISPENDR shows %u after set, %u after clear\n", what, intid,
			set, !cleared);
	}
}

static void check_sgi_self(void)
{
	gic_enable(SGI_SELF, true);
	irq_enable();
	gic_send_sgi_self(SGI_SELF);
	bool got = tg_wait_eq(&sgi_count[0][SGI_SELF], 1, seconds(WAIT_SECONDS));
	settle();
	uint32_t n = sgi_count[0][SGI_SELF];
	if (got && n == 1) {
		tg_pass("sgi to self delivered once\n");
	} else {
		tg_fail("sgi to self: delivered %u times\n", n);
		gic_dump("after sgi to self");
	}
	irq_disable();
}

static bool wait_vcpu1_off(void)
{
	uint64_t deadline = counter_now() + seconds(WAIT_SECONDS);

	while (psci_call(PSCI_AFFINITY_INFO, SECONDARY, AFF_LEVEL0, 0) != PSCI_AFF_OFF) {
		if (counter_now() > deadline) {
			return false;
		}
		cpu_relax();
	}
	return true;
}

/* vCPU1 (PSCI CPU_ON with VGIC_CONTEXT): takes one SGI, sends one back. */
void vgic_secondary(uint64_t context)
{
	unsigned int cpu = tg_cpu();

	if (!gic_init()) {
		tg_fail("vcpu%u gic init\n", cpu);
		__atomic_store_n(&vcpu1_state, 2, __ATOMIC_RELEASE);
	} else {
		gic_enable(SGI_TO_VCPU1, true);
		irq_enable();
		__atomic_store_n(&vcpu1_state, 1, __ATOMIC_RELEASE);
		__asm__ volatile("dsb sy\n sev" ::: "memory");
		if (tg_wait_eq(&sgi_count[cpu][SGI_TO_VCPU1], 1, seconds(WAIT_SECONDS))) {
			gic_send_sgi(SGI_TO_VCPU0, 0);
		}
		tg_wait_eq(&vcpu1_release, 1, seconds(2 * WAIT_SECONDS));
		irq_disable();
	}
	psci_call(PSCI_CPU_OFF, 0, 0, 0);
	tg_fail("vcpu%u: CPU_OFF returned\n", cpu);
	for (;;) {
		cpu_wfe();
	}
}

static void check_sgi_cross(void)
{
	gic_enable(SGI_TO_VCPU0, true);
	irq_enable();
	int64_t r = psci_call(PSCI_CPU_ON, SECONDARY, (uintptr_t)secondary_entry, VGIC_CONTEXT);
	if (r != PSCI_RET_SUCCESS) {
		tg_fail("cpu_on vcpu1: %jd\n", r);
		irq_disable();
		return;
	}
	uint64_t deadline = counter_now() + seconds(WAIT_SECONDS);
	while (__atomic_load_n(&vcpu1_state, __ATOMIC_ACQUIRE) == 0 && counter_now() < deadline) {
		cpu_wfe();
	}
	if (vcpu1_state != 1) {
		tg_fail("sgi delivered to vcpu1: vcpu1 not ready (state %u)\n", vcpu1_state);
	} else {
		gic_send_sgi(SGI_TO_VCPU1, SECONDARY);
		if (tg_wait_eq(&sgi_count[SECONDARY][SGI_TO_VCPU1], 1, seconds(WAIT_SECONDS))) {
			tg_pass("sgi delivered to vcpu1\n");
		} else {
			tg_fail("sgi delivered to vcpu1: count %u\n",
				sgi_count[SECONDARY][SGI_TO_VCPU1]);
		}
		if (tg_wait_eq(&sgi_count[0][SGI_TO_VCPU0], 1, seconds(WAIT_SECONDS))) {
			tg_pass("sgi from vcpu1 delivered to vcpu0\n");
		} else {
			tg_fail("sgi from vcpu1 delivered to vcpu0: count %u\n",
				sgi_count[0][SGI_TO_VCPU0]);
		}
	}
	__atomic_store_n(&vcpu1_release, 1, __ATOMIC_RELEASE);
	__asm__ volatile("dsb sy\n sev" ::: "memory");
	if (!wait_vcpu1_off()) {
		tg_fail("vcpu1 off: AFFINITY_INFO still on after %u s\n", WAIT_SECONDS);
	}
	irq_disable();
}

/*
 * NR_BURST SGIs made pending while IRQs are masked, the lowest INTID with the
 * lowest priority, so INTID order and priority order are opposite.
 */
static void check_burst(void)
{
	char got[3 * ORDER_MAX + 1];
	size_t len = 0;
	bool once = true, sorted = true;

	irq_disable();
	order_n = 0;
	for (unsigned int i = 0; i < NR_BURST; i++) {
		unsigned int sgi = SGI_BURST_FIRST + i;
		gic_set_priority(sgi, (uint8_t)(BURST_PRIO_STEP * (NR_BURST - i)));
		gic_enable(sgi, true);
	}
	for (unsigned int i = 0; i < NR_BURST; i++) {
		gic_send_sgi_self(SGI_BURST_FIRST + i);
	}
	__asm__ volatile("dsb sy\n isb" ::: "memory");
	tg_printf("gic: %u sgis sent with IRQs masked; ISPENDR0 reads 0x%x\n", NR_BURST,
		  mmio_read32(gic_private_base() + GICD_ISPENDR));
	irq_enable();
	bool all = tg_wait_eq(&order_n, NR_BURST, seconds(WAIT_SECONDS));
	settle();
	irq_disable();

	for (unsigned int i = 0; i < NR_BURST; i++) {
		if (sgi_count[0][SGI_BURST_FIRST + i] != 1) {
			once = false;
		}
	}
	uint32_t n = order_n;
	for (uint32_t i = 0; i < n && i < ORDER_MAX; i++) {
		unsigned int v = order[i];
		if (v >= 10) {
			got[len++] = (char)('0' + v / 10);
		}
		got[len++] = (char)('0' + v % 10);
		got[len++] = ' ';
		if (i > 0 && order[i] > order[i - 1]) {
			sorted = false; /* higher INTID = higher priority here */
		}
	}
	got[len > 0 ? len - 1 : 0] = '\0'; /* drop the last space */
	if (all && once && n == NR_BURST) {
		tg_pass("%u pending sgis all delivered\n", NR_BURST);
	} else {
		tg_fail("%u pending sgis all delivered: %u deliveries: %s\n", NR_BURST, n, got);
		gic_dump("after the sgi burst");
	}
	if (sorted && n == NR_BURST) {
		tg_pass("%u pending sgis delivered in priority order: %s\n", NR_BURST, got);
	} else {
		tg_fail("%u pending sgis delivered in priority order: got %s\n", NR_BURST, got);
	}
	for (unsigned int i = 0; i < NR_BURST; i++) {
		gic_enable(SGI_BURST_FIRST + i, false);
		gic_set_priority(SGI_BURST_FIRST + i, GIC_PRIO_DEFAULT);
	}
}

static void check_foreign_spi(void)
{
	uintptr_t set = tg_hw.gicd + GICD_ISENABLER + (FOREIGN_SPI / 32) * 4;
	uint32_t bit = 1u << (FOREIGN_SPI % 32);

	mmio_write32(set, bit);
	__asm__ volatile("dsb sy" ::: "memory");
	uint32_t v = mmio_read32(set) & bit;
	if (tg_arg_u64("hyp", 0) != 1) {
		tg_printf("SKIP: foreign spi enable ignored (no hyp=1: native, spi %u "
			  "reads %u)\n",
			  FOREIGN_SPI, v != 0);
	} else if (v == 0) {
		tg_pass("foreign spi enable ignored\n");
	} else {
		tg_fail("foreign spi enable ignored: spi %u reads enabled\n", FOREIGN_SPI);
	}
	mmio_write32(tg_hw.gicd + GICD_ICENABLER + (FOREIGN_SPI / 32) * 4, bit);
}

void test_vgic(void)
{
	if (!gic_init()) {
		tg_fail("gic init\n");
		return;
	}
	tg_pass("gic init (GICv%u)\n", gic_version);
	for (unsigned int i = 0; i < GIC_NR_SGI; i++) {
		gic_set_handler(i, sgi_handler);
	}
	check_ids();
	if (gic_version == 3) {
		check_enable("sgi", SGI_ENABLE_TEST);
	}
	check_enable("ppi", PPI_TEST);
	check_priority();
	vgic_check_registers();
	if (tg_arg_u64("hyp", 0) == 1) {
		check_narrow();
	}
	check_pending("sgi", SGI_PEND_TEST); /* GICv2: through S/CPENDSGIR */
	if (gic_version == 2 && tg_arg_u64("hyp", 0) != 1) {
		/* QEMU's GICv2 model drops ISPENDR writes to PPIs. */
		tg_printf("SKIP: ppi %u pending set/clear (native GICv2)\n", PPI_TEST);
	} else {
		check_pending("ppi", PPI_TEST);
	}
	check_sgi_self();
	check_sgi_cross();
	check_burst();
	check_foreign_spi();
	if (gic_unhandled != 0) {
		tg_fail("interrupts with no handler: %u\n", gic_unhandled);
	}
}
