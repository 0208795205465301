// SPDX-License-Identifier: Apache-2.0
/*
 * The guest's GIC driver: GICv3 (IHI 0069) with the CPU interface in ICC_*
 * system registers, or GICv2 (IHI 0048) with the GICC in MMIO, chosen by
 * GICD_PIDR2.ArchRev, at the addresses the DT gives (hw.c; the QEMU virt
 * ones in a VM). SGIs, PPIs and (test=spi, gic-abuse) SPIs up to
 * INTID 127. Every wait spins with yield and gives up after a bound, so a GIC
 * that never answers is reported, not hung on. The ICC_* accessors are
 * arch.h's; the arm32 boards have a GICv2, so there only the v2 paths run.
 */
#include "testguest.h"

#define GICR_STRIDE 0x20000ul
#define GICR_SGI_OFFSET 0x10000ul
#define GICR_MAX_FRAMES 64u
#define GICR_CTLR 0x0000u
#define GICR_TYPER_LO 0x0008u
#define GICR_TYPER_HI 0x000cu
#define GICR_WAKER 0x0014u
#define GICR_CTLR_RWP (1u << 3)
#define GICR_TYPER_LAST (1u << 4)
#define GICR_WAKER_PROCESSOR_SLEEP (1u << 1)
#define GICR_WAKER_CHILDREN_ASLEEP (1u << 2)

#define GICD_CTLR_RWP (1u << 31)
#define GICD_CTLR_ARE (1u << 4)
#define GICD_CTLR_ENABLE_G0_G1NS (1u << 0) /* EnableGrp0 (DS=1) / EnableGrp1NS (NS view) */
#define GICD_CTLR_ENABLE_G1 (1u << 1)	   /* EnableGrp1 (DS=1) / EnableGrp1A */
#define GICD_SGIR_TARGET_LIST 0u
#define GICD_SGIR_SELF 2u
#define GICD_CPENDSGIR 0x0f10u
#define GICD_SPENDSGIR 0x0f20u

#define GICC_CTLR 0x0000u
#define GICC_PMR 0x0004u
#define GICC_BPR 0x0008u
#define GICC_IAR 0x000cu
#define GICC_EOIR 0x0010u
#define GICC_CTLR_ENABLE_G0_G1 0x3u

#define ICC_SRE_SRE (1u << 0)
#define ICC_SGI1R_INTID_SHIFT 24
#define ICC_SGI1R_AFF1_SHIFT 16
#define ICC_SGI1R_AFF2_SHIFT 32
#define ICC_SGI1R_RS_SHIFT 44
#define ICC_SGI1R_AFF3_SHIFT 48
#define IAR_INTID_MASK_V3 0xffffffu
#define IAR_INTID_MASK_V2 0x3ffu
#define PMR_ALL 0xffu
#define ALL_BITS 0xffffffffu
#define WAIT_LOOPS 10000000u
#define GICC_RPR 0x0014u
#define GICC_HPPIR 0x0018u

unsigned int gic_version;
volatile uint32_t gic_spurious[TG_MAX_VCPUS];
volatile uint32_t gic_unhandled;
volatile uint32_t gic_unhandled_last;
volatile bool gic_eoi_measure;
volatile uint64_t gic_eoi_el2, gic_eoi_ticks, gic_eoi_count;

static gic_handler_t handlers[GIC_NR_HANDLED];
static uintptr_t rd_base[TG_MAX_VCPUS];	     /* v3: each vCPU's RD_base */
static uint8_t cpu_iface_mask[TG_MAX_VCPUS]; /* v2: each vCPU's GICD_ITARGETSR bit */
static uint32_t dist_done;

static bool wait_clear(uintptr_t reg, uint32_t bit)
{
	for (unsigned int i = 0; i < WAIT_LOOPS; i++) {
		if ((mmio_read32(reg) & bit) == 0) {
			return true;
		}
		cpu_relax();
	}
	return false;
}

/*
 * GICD_PIDR2 sits at 0xffe8 in a GICv3's 64 KiB distributor and at 0xfe8 in
 * a GICv2's 4 KiB one (where 0xffe8 is beyond the frame and may fault).
 * Whether the CPU has the GICv3 system-register interface (arch.h) says
 * which to try first; ArchRev decides.
 */
bool gic_probe(void)
{
	static const uint32_t offs[2] = { GICD_PIDR2, GICD_PIDR2_V2 };
	bool sysreg_if = gic_cpuif_sysregs();

	for (unsigned int i = 0; i < 2; i++) {
		uint32_t off = offs[sysreg_if ? i : 1 - i], pidr2;

		if (!tg_probe_read32(tg_hw.gicd + off, &pidr2)) {
			continue;
		}
		unsigned int rev = GIC_PIDR2_ARCHREV(pidr2);
		if (off == GICD_PIDR2 && (rev == 3 || rev == 4)) {
			gic_version = 3;
			return true;
		}
		if (off == GICD_PIDR2_V2 && (rev == 1 || rev == 2)) {
			gic_version = 2;
			return true;
		}
	}
	tg_printf("gic: no GICv2/v3 distributor answers at 0x%lx\n", (unsigned long)tg_hw.gicd);
	return false;
}

uint32_t gic_pidr2(void)
{
	return mmio_read32(tg_hw.gicd + (gic_version == 3 ? GICD_PIDR2 : GICD_PIDR2_V2));
}

uintptr_t gic_private_base(void)
{
	if (gic_version == 3) {
		return rd_base[tg_cpu() % TG_MAX_VCPUS] + GICR_SGI_OFFSET;
	}
	return tg_hw.gicd;
}

static bool dist_init(void)
{
	uintptr_t ctlr = tg_hw.gicd + GICD_CTLR;

	if (gic_version == 3) {
		/* Affinity routing first, then the groups (GICv3 12.9.4). */
		mmio_write32(ctlr, mmio_read32(ctlr) | GICD_CTLR_ARE);
		if (!wait_clear(ctlr, GICD_CTLR_RWP)) {
			return false;
		}
		mmio_write32(ctlr, mmio_read32(ctlr) | GICD_CTLR_ARE | GICD_CTLR_ENABLE_G0_G1NS |
					   GICD_CTLR_ENABLE_G1);
		return wait_clear(ctlr, GICD_CTLR_RWP);
	}
	mmio_write32(ctlr, GICD_CTLR_ENABLE_G0_G1NS | GICD_CTLR_ENABLE_G1);
	return true;
}

/* v3: the redistributor whose GICR_TYPER affinity is this vCPU's MPIDR. */
static uintptr_t find_rd(void)
{
	uint64_t mpidr = mpidr_read();
	uint32_t aff = (uint32_t)((mpidr & 0xffffffu) | ((mpidr >> 32) & 0xffu) << 24);

	for (unsigned int i = 0; i < GICR_MAX_FRAMES; i++) {
		uintptr_t rd = tg_hw.gicr + i * GICR_STRIDE;
		uint32_t lo = mmio_read32(rd + GICR_TYPER_LO);
		uint32_t hi = mmio_read32(rd + GICR_TYPER_HI);

		if (hi == aff) {
			return rd;
		}
		if (lo & GICR_TYPER_LAST) {
			break;
		}
	}
	return 0;
}

static bool cpu_init_v3(unsigned int cpu)
{
	uintptr_t rd = find_rd();

	if (rd == 0) {
		tg_printf("gic: vcpu%u: no redistributor with affinity 0x%jx\n", cpu,
			  mpidr_read() & 0xffffffu);
		return false;
	}
	rd_base[cpu] = rd;
	mmio_write32(rd + GICR_WAKER, mmio_read32(rd + GICR_WAKER) & ~GICR_WAKER_PROCESSOR_SLEEP);
	if (!wait_clear(rd + GICR_WAKER, GICR_WAKER_CHILDREN_ASLEEP)) {
		tg_printf("gic: vcpu%u: GICR_WAKER.ChildrenAsleep stays set\n", cpu);
		return false;
	}
	uintptr_t sgi = rd + GICR_SGI_OFFSET;
	mmio_write32(sgi + GICD_ICENABLER, ALL_BITS);
	if (!wait_clear(rd + GICR_CTLR, GICR_CTLR_RWP)) {
		tg_printf("gic: vcpu%u: GICR_CTLR.RWP stays set\n", cpu);
		return false;
	}
	mmio_write32(sgi + GICD_ICPENDR, ALL_BITS);
	mmio_write32(sgi + GICD_ICACTIVER, ALL_BITS);
	mmio_write32(sgi + GICD_IGROUPR, ALL_BITS);
	for (unsigned int i = 0; i < GIC_NR_PRIVATE; i++) {
		mmio_write8(sgi + GICD_IPRIORITYR + i, GIC_PRIO_DEFAULT);
	}
	__asm__ volatile("dsb sy" ::: "memory");

	icc_sre_write(icc_sre_read() | ICC_SRE_SRE);
	__asm__ volatile("isb" ::: "memory");
	if ((icc_sre_read() & ICC_SRE_SRE) == 0) {
		tg_printf("gic: vcpu%u: ICC_SRE_EL1.SRE does not stick\n", cpu);
		return false;
	}
	icc_pmr_write(PMR_ALL);
	icc_bpr1_write(0);
	icc_ctlr_write(0); /* EOImode 0: EOIR1 drops priority and deactivates */
	icc_igrpen1_write(1);
	__asm__ volatile("isb" ::: "memory");
	return true;
}

static bool cpu_init_v2(unsigned int cpu)
{
	mmio_write32(tg_hw.gicd + GICD_ICENABLER, ALL_BITS);
	mmio_write32(tg_hw.gicd + GICD_ICPENDR, ALL_BITS);
	mmio_write32(tg_hw.gicd + GICD_ICACTIVER, ALL_BITS);
	mmio_write32(tg_hw.gicd + GICD_IGROUPR, 0); /* group 0, signalled as IRQ (FIQEn=0) */
	for (unsigned int i = 0; i < GIC_NR_PRIVATE; i++) {
		mmio_write8(tg_hw.gicd + GICD_IPRIORITYR + i, GIC_PRIO_DEFAULT);
	}
	/* ITARGETSR0-7 read as this CPU interface's own bit. */
	cpu_iface_mask[cpu] = mmio_read8(tg_hw.gicd + GICD_ITARGETSR);
	mmio_write32(tg_hw.gicc + GICC_PMR, PMR_ALL);
	mmio_write32(tg_hw.gicc + GICC_BPR, 0);
	mmio_write32(tg_hw.gicc + GICC_CTLR, GICC_CTLR_ENABLE_G0_G1);
	__asm__ volatile("dsb sy\n isb" ::: "memory");
	return true;
}

bool gic_init(void)
{
	unsigned int cpu = tg_cpu();

	if (cpu >= TG_MAX_VCPUS) {
		tg_printf("gic: vcpu aff0 %u out of range\n", cpu);
		return false;
	}
	if (gic_version == 0 && !gic_probe()) {
		return false;
	}
	if (__atomic_exchange_n(&dist_done, 1, __ATOMIC_ACQ_REL) == 0 && !dist_init()) {
		tg_printf("gic: GICD_CTLR.RWP stays set\n");
		return false;
	}
	return gic_version == 3 ? cpu_init_v3(cpu) : cpu_init_v2(cpu);
}

/*
 * Starts over, distributor included: for a guest that scribbled over its own
 * GIC (test=gic-abuse). Every SPI the distributor has is disabled, unpended
 * and deactivated too, and (GICv2) every SGI unpended.
 */
bool gic_reinit(void)
{
	if (gic_version == 0) {
		return gic_init();
	}
	unsigned int words = (mmio_read32(tg_hw.gicd + GICD_TYPER) & 0x1fu) + 1;

	for (unsigned int i = 1; i < words; i++) {
		mmio_write32(tg_hw.gicd + GICD_ICENABLER + 4 * i, ALL_BITS);
		mmio_write32(tg_hw.gicd + GICD_ICPENDR + 4 * i, ALL_BITS);
		mmio_write32(tg_hw.gicd + GICD_ICACTIVER + 4 * i, ALL_BITS);
	}
	if (gic_version == 2) {
		/* GICv2 SGIs pend per source; ICPENDR0 does not clear them. */
		for (unsigned int i = 0; i < GIC_NR_SGI; i += 4) {
			mmio_write32(tg_hw.gicd + GICD_CPENDSGIR + i, ALL_BITS);
		}
	}
	__asm__ volatile("dsb sy" ::: "memory");
	__atomic_store_n(&dist_done, 0, __ATOMIC_RELEASE);
	return gic_init();
}

/*
 * An SPI to vCPU `cpu` (v3: GICD_IROUTER, Aff1-3 taken from this vCPU's
 * MPIDR; v2: GICD_ITARGETSR), in group 1 on a GICv3 (IAR1 acks it) and
 * group 0 on a GICv2, like the private interrupts.
 */
void gic_route_spi(unsigned int intid, unsigned int cpu)
{
	uintptr_t grp = tg_hw.gicd + GICD_IGROUPR + (intid / 32) * 4;
	uint32_t bit = 1u << (intid % 32);

	if (gic_version == 3) {
		uint64_t mpidr = mpidr_read();
		uintptr_t r = tg_hw.gicd + GICD_IROUTER + 8ul * intid;

		mmio_write32(grp, mmio_read32(grp) | bit);
		mmio_write32(r, (uint32_t)((mpidr & 0xffff00u) | (cpu & 0xffu)));
		mmio_write32(r + 4, (uint32_t)((mpidr >> 32) & 0xffu));
	} else {
		mmio_write32(grp, mmio_read32(grp) & ~bit);
		mmio_write8(tg_hw.gicd + GICD_ITARGETSR + intid,
			    cpu < TG_MAX_VCPUS && cpu_iface_mask[cpu] != 0 ? cpu_iface_mask[cpu]
									   : 1u << (cpu & 7u));
	}
	__asm__ volatile("dsb sy" ::: "memory");
}

void gic_set_handler(unsigned int intid, gic_handler_t h)
{
	if (intid < GIC_NR_HANDLED) {
		handlers[intid] = h;
	}
}

static uintptr_t bank_reg(unsigned int intid, uint32_t off)
{
	return (intid < GIC_NR_PRIVATE ? gic_private_base() : tg_hw.gicd) + off + (intid / 32) * 4;
}

void gic_enable(unsigned int intid, bool on)
{
	mmio_write32(bank_reg(intid, on ? GICD_ISENABLER : GICD_ICENABLER), 1u << (intid % 32));
	if (!on && gic_version == 3) {
		(void)wait_clear(intid < GIC_NR_PRIVATE ? rd_base[tg_cpu()] + GICR_CTLR
							: tg_hw.gicd + GICD_CTLR,
				 intid < GIC_NR_PRIVATE ? GICR_CTLR_RWP : GICD_CTLR_RWP);
	}
	__asm__ volatile("dsb sy" ::: "memory");
}

bool gic_is_enabled(unsigned int intid)
{
	return (mmio_read32(bank_reg(intid, GICD_ISENABLER)) >> (intid % 32)) & 1u;
}

void gic_set_priority(unsigned int intid, uint8_t prio)
{
	uintptr_t base = intid < GIC_NR_PRIVATE ? gic_private_base() : tg_hw.gicd;

	mmio_write8(base + GICD_IPRIORITYR + intid, prio);
}

uint8_t gic_get_priority(unsigned int intid)
{
	uintptr_t base = intid < GIC_NR_PRIVATE ? gic_private_base() : tg_hw.gicd;

	return mmio_read8(base + GICD_IPRIORITYR + intid);
}

void gic_set_pending(unsigned int intid, bool pending)
{
	if (gic_version == 2 && intid < GIC_NR_SGI) {
		/* GICv2: SGI pending state is per source, in S/CPENDSGIR. */
		uint8_t mask = cpu_iface_mask[tg_cpu() % TG_MAX_VCPUS];
		mmio_write8(tg_hw.gicd + (pending ? GICD_SPENDSGIR : GICD_CPENDSGIR) + intid,
			    pending ? mask : 0xffu);
		__asm__ volatile("dsb sy" ::: "memory");
		return;
	}
	mmio_write32(bank_reg(intid, pending ? GICD_ISPENDR : GICD_ICPENDR), 1u << (intid % 32));
	__asm__ volatile("dsb sy" ::: "memory");
}

bool gic_is_pending(unsigned int intid)
{
	return (mmio_read32(bank_reg(intid, GICD_ISPENDR)) >> (intid % 32)) & 1u;
}

bool gic_is_active(unsigned int intid)
{
	return (mmio_read32(bank_reg(intid, GICD_ISACTIVER)) >> (intid % 32)) & 1u;
}

/* v3: affinity of vCPU `cpu`, assumed to share aff1-3 with this vCPU. */
static uint64_t sgi1r_value(unsigned int intid, unsigned int cpu)
{
	uint64_t mpidr = mpidr_read();

	return (uint64_t)(intid & 0xfu) << ICC_SGI1R_INTID_SHIFT |
	       ((mpidr >> 8) & 0xffu) << ICC_SGI1R_AFF1_SHIFT |
	       ((mpidr >> 16) & 0xffu) << ICC_SGI1R_AFF2_SHIFT |
	       ((mpidr >> 32) & 0xffu) << ICC_SGI1R_AFF3_SHIFT |
	       (uint64_t)(cpu / 16) << ICC_SGI1R_RS_SHIFT | (1u << (cpu % 16));
}

void gic_send_sgi(unsigned int intid, unsigned int cpu)
{
	__asm__ volatile("dsb sy" ::: "memory");
	if (gic_version == 3) {
		icc_sgi1r_write(sgi1r_value(intid, cpu));
		__asm__ volatile("isb" ::: "memory");
		return;
	}
	uint32_t mask = cpu < TG_MAX_VCPUS && cpu_iface_mask[cpu] != 0 ? cpu_iface_mask[cpu]
								       : 1u << (cpu & 7u);
	mmio_write32(tg_hw.gicd + GICD_SGIR,
		     GICD_SGIR_TARGET_LIST << 24 | mask << 16 | (intid & 0xfu));
	__asm__ volatile("dsb sy" ::: "memory");
}

void gic_send_sgi_self(unsigned int intid)
{
	if (gic_version == 3) {
		gic_send_sgi(intid, tg_cpu());
		return;
	}
	__asm__ volatile("dsb sy" ::: "memory");
	mmio_write32(tg_hw.gicd + GICD_SGIR, GICD_SGIR_SELF << 24 | (intid & 0xfu));
	__asm__ volatile("dsb sy" ::: "memory");
}

static void eoi(uint64_t iar)
{
	if (gic_version == 3) {
		icc_eoir1_write(iar);
	} else {
		mmio_write32(tg_hw.gicc + GICC_EOIR, (uint32_t)iar);
	}
}

/* Called from the IRQ vector (exceptions.c) with IRQs masked. */
void gic_handle_irq(struct tg_frame *f)
{
	unsigned int cpu = tg_cpu() % TG_MAX_VCPUS;
	uint64_t iar;
	unsigned int intid;

	if (gic_version == 3) {
		iar = icc_iar1_read();
		intid = (unsigned int)(iar & IAR_INTID_MASK_V3);
	} else {
		iar = mmio_read32(tg_hw.gicc + GICC_IAR);
		intid = (unsigned int)(iar & IAR_INTID_MASK_V2);
	}
	__asm__ volatile("dsb sy" ::: "memory");
	if (intid >= GIC_INTID_SPURIOUS && intid <= 1023) {
		gic_spurious[cpu]++;
		return;
	}
	if (intid < GIC_NR_HANDLED && handlers[intid] != NULL) {
		handlers[intid](intid, cpu, f->stamp);
	} else {
		gic_unhandled_last = intid;
		gic_unhandled++;
	}
	if (gic_eoi_measure) {
		uint64_t c0 = pmu_read0();
		uint64_t t0 = counter_now();
		eoi(iar);
		uint64_t t1 = counter_now();
		uint64_t c1 = pmu_read0();
		uint64_t t2 = counter_now();
		uint64_t t3 = counter_now();

		/* counter_now() is isb; mrs; isb: subtract one back-to-back pair. */
		gic_eoi_ticks += (t1 - t0) > (t3 - t2) ? (t1 - t0) - (t3 - t2) : 0;
		gic_eoi_el2 += (uint32_t)(c1 - c0);
		gic_eoi_count++;
	} else {
		eoi(iar);
	}
	__asm__ volatile("isb" ::: "memory");
}

/* One line of CPU-interface and private-interrupt state, for failure reports.
 */
void gic_dump(const char *why)
{
	uintptr_t base = gic_private_base();
	uint64_t hppir, rpr;

	if (gic_version == 3) {
		hppir = icc_hppir1_read();
		rpr = icc_rpr_read();
	} else {
		hppir = mmio_read32(tg_hw.gicc + GICC_HPPIR);
		rpr = mmio_read32(tg_hw.gicc + GICC_RPR);
	}
	tg_printf("gic: vcpu%u %s: ISR_EL1=0x%jx DAIF=0x%jx HPPIR=0x%jx RPR=0x%jx "
		  "ISENABLER0=0x%x "
		  "ISPENDR0=0x%x ISACTIVER0=0x%x spurious=%u\n",
		  tg_cpu(), why, isr_read(), daif_read(), hppir, rpr,
		  mmio_read32(base + GICD_ISENABLER), mmio_read32(base + GICD_ISPENDR),
		  mmio_read32(base + GICD_ISACTIVER), gic_spurious[tg_cpu() % TG_MAX_VCPUS]);
}
