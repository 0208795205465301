/* SPDX-License-Identifier: Apache-2.0 */
/*
 * GICv2 with the virtualization extensions (ARM IHI 0048B): distributor
 * (GICD), CPU interface (GICC) and virtual interface control (GICH), all by
 * MMIO. The guest's GICC is the hardware's virtual CPU interface (GICV),
 * mapped by stage 2 at the guest's GICC address (gic_vcpu_interface()).
 *
 * Like the v3 driver, Tessera takes every interrupt at one priority with
 * EOImode = 1 (EOIR drops priority, DIR deactivates), in group 0: QEMU's
 * virt GIC has no Security Extensions, and group 0 is signalled as IRQ while
 * GICC_CTLR.FIQEn = 0. On a GIC with them, Tessera runs Non-secure: the group
 * writes are ignored, and bits 0 and 9 of GICD_CTLR/GICC_CTLR are then
 * EnableGrp1 and EOImodeNS, so the same values still work.
 *
 * What v2 adds over v3:
 * - CPUs are addressed by CPU interface number (a bit in an 8-bit mask), not
 *   affinity. Each CPU learns its own from GICD_ITARGETSR0 (banked: it reads
 *   as the reader's mask) in gic_cpu_init; the boot CPU also in gic_init. An
 *   SPI routed to a CPU whose mask is not known yet is routed when it is.
 * - SGI/PPI enables are banked and only the owning CPU reaches them: a
 *   request for another CPU is recorded, that CPU is kicked and applies it
 *   in gic_cpu_sync() (the kick's gic_ack also does it).
 * - An SGI's IAR carries the source CPU; its EOIR/DIR must carry it too, so
 *   the last IAR of each SGI is kept per CPU.
 * - Hardware-mapped list registers are emulated: a struct gic_lr with hw set
 *   is written with HW = 0 and EOI = 1, and the physical interrupt is
 *   deactivated here (GICC_DIR) once the guest is done with it, when the core
 *   clears the register after the EOI maintenance interrupt. QEMU's GICv2
 *   (hw/intc/arm_gic.c) forwards a GICH_LR.HW deactivation to the
 *   distributor but never re-evaluates the physical CPU interface then, so a
 *   level interrupt still asserted at that moment (a timer whose next
 *   deadline has already passed) stays unsignalled until some other GICD/GICC
 *   access: a bare-metal guest spinning on its timer stalls for good. The
 *   cost is one maintenance exit per hardware interrupt.
 */
#include <asm/sysreg.h>
#include <stddef.h>
#include <tessera/arch/cpu.h>
#include <tessera/config.h>
#include <tessera/gic.h>
#include <tessera/hyp.h>

#define GICD_CTLR 0x000
#define GICD_CTLR_ENABLE_GRP0 (1u << 0)
#define GICD_TYPER 0x004
#define GICD_IGROUPR 0x080
#define GICD_ISENABLER 0x100
#define GICD_ICENABLER 0x180
#define GICD_ISPENDR 0x200
#define GICD_ICPENDR 0x280
#define GICD_ICACTIVER 0x380
#define GICD_IPRIORITYR 0x400
#define GICD_ITARGETSR 0x800
#define GICD_SGIR 0xf00
#define GICD_SGIR_TARGETS_SHIFT 16

#define GICC_CTLR 0x0000
#define GICC_CTLR_ENABLE_GRP0 (1u << 0)
#define GICC_CTLR_EOIMODE (1u << 9) /* EOImodeS; EOImodeNS in the Non-secure view */
#define GICC_PMR 0x0004
#define GICC_BPR 0x0008
#define GICC_IAR 0x000c
#define GICC_EOIR 0x0010
#define GICC_DIR 0x1000
#define GICC_IAR_INTID 0x3ffu
#define GICC_IAR_ID_CPU 0x1fffu /* INTID plus CPUID [12:10] */

#define GICH_HCR 0x000
#define GICH_HCR_EN (1u << 0)
#define GICH_HCR_UIE (1u << 1)
#define GICH_VTR 0x004
#define GICH_VTR_PRIBITS(vtr) (((vtr) >> 29) & 7u)
#define GICH_VMCR 0x008
#define GICH_ELRSR0 0x030 /* LRs 0-31: empty (invalid, no EOI maintenance pending) */
#define GICH_APR 0x0f0
#define GICH_LR(n) (0x100 + 4 * (n))

#define GICH_LR_VID_MASK 0x3ffu
#define GICH_LR_PID_SHIFT 10
#define GICH_LR_CPUID_SHIFT 10
#define GICH_LR_CPUID_MASK 0x7u
#define GICH_LR_EOI (1u << 19)
#define GICH_LR_PRIO_SHIFT 23 /* priority[7:3] */
#define GICH_LR_PRIO_BITS 5
#define GICH_LR_STATE_SHIFT 28
#define GICH_LR_GROUP1 (1u << 30)
#define GICH_LR_HW (1u << 31)

#define HYP_PRIORITY 0xa0
#define MAX_LRS 16 /* the architecture allows 64; the core keeps 16 */

static uintptr_t gicd, gicc, gich;
static uint64_t gicv;
static unsigned nr_lines, nr_lrs;

/* One entry per CPU of the device tree, in its order; filled by gic_init. */
static struct gic_cpu {
	uint64_t mpidr;
	uint8_t mask;            /* CPU interface mask; 0 until known */
	uint32_t ppi_want;       /* SGI/PPI enables another CPU asked for... */
	uint32_t ppi_dirty;      /* ...and which of them are to be applied */
	uint32_t sgi_iar[16];    /* last IAR of each SGI, with its source CPU */
	uint16_t hw_pintid[MAX_LRS]; /* emulated HW list register: physical INTID + 1 */
} cpu_tab[CFG_MAX_CPUS];
static unsigned nr_cpu_tab;

/* SPI -> cpu_tab index + 1 it is routed to (0: not routed by Tessera). */
static uint8_t spi_route[1020];

static inline uint32_t rd32(uintptr_t a)
{
	return *(volatile uint32_t *)a;
}

static inline void wr32(uintptr_t a, uint32_t v)
{
	*(volatile uint32_t *)a = v;
}

static inline void wr8(uintptr_t a, uint8_t v)
{
	*(volatile uint8_t *)a = v;
}

static struct gic_cpu *cpu_of(uint64_t mpidr)
{
	for (unsigned i = 0; i < nr_cpu_tab; i++) {
		if (cpu_tab[i].mpidr == mpidr) {
			return &cpu_tab[i];
		}
	}
	return NULL;
}

static struct gic_cpu *self(void)
{
	return cpu_of(arch_cpu_mpidr());
}

/* GICD_ITARGETSR0..7 read as the reading CPU's own interface mask. */
static uint8_t own_mask(void)
{
	uint32_t v = rd32(gicd + GICD_ITARGETSR);

	for (unsigned b = 0; b < 4; b++) {
		if ((v >> (8 * b)) & 0xff) {
			return (uint8_t)(v >> (8 * b));
		}
	}
	return 1; /* a uniprocessor GIC may read as zero */
}

static void learn_mask(struct gic_cpu *c)
{
	if (!c || __atomic_load_n(&c->mask, __ATOMIC_SEQ_CST)) {
		return;
	}
	uint8_t m = own_mask();

	__atomic_store_n(&c->mask, m, __ATOMIC_SEQ_CST);
	/* SPIs routed here before the mask was known (gic_spi_route checks mask after route). */
	unsigned idx = (unsigned)(c - cpu_tab) + 1;

	for (unsigned i = 32; i < nr_lines; i++) {
		if (__atomic_load_n(&spi_route[i], __ATOMIC_SEQ_CST) == idx) {
			wr8(gicd + GICD_ITARGETSR + i, m);
		}
	}
}

unsigned gic_version(void)
{
	return 2;
}

/*
 * The 8 KiB CPU interface (or virtual CPU interface) of a frame the DT
 * gives as 128 KiB: a GIC-400 on a 64 KiB-page interconnect (ZynqMP) has
 * each 4 KiB page repeated over 64 KiB, so the two pages sit contiguously
 * 60 KiB in (the last copy of the first page, then the first copy of the
 * second). An 8 KiB frame is used as it is.
 */
#define GIC400_ALIASED_FRAME 0x20000u
#define GIC400_ALIAS_OFFSET 0xf000u

static uint64_t contiguous_8k(const struct cfg_range *r)
{
	return r->size >= GIC400_ALIASED_FRAME ? r->base + GIC400_ALIAS_OFFSET : r->base;
}

int gic_init(const struct cfg_hw *hw)
{
	gicd = (uintptr_t)hw->gicd.base;
	gicc = (uintptr_t)contiguous_8k(&hw->gicc);
	gich = (uintptr_t)hw->gich.base;
	gicv = contiguous_8k(&hw->gicv);
	if (!gicd || !gicc || !gich || !gicv) {
		panic("GICv2: the device tree lacks GICD, GICC, GICH or GICV (virtualization extensions)");
	}
	nr_cpu_tab = hw->nr_cpus < CFG_MAX_CPUS ? hw->nr_cpus : CFG_MAX_CPUS;
	for (unsigned i = 0; i < nr_cpu_tab; i++) {
		cpu_tab[i].mpidr = hw->mpidr[i];
	}

	nr_lines = 32 * ((rd32(gicd + GICD_TYPER) & 0x1f) + 1);
	if (nr_lines > 1020) {
		nr_lines = 1020;
	}
	wr32(gicd + GICD_CTLR, 0);
	/* SPIs: group 0, one priority, disabled until a VM that owns one enables it. */
	for (unsigned i = 32; i < nr_lines; i += 32) {
		wr32(gicd + GICD_ICENABLER + i / 8, ~0u);
		wr32(gicd + GICD_ICPENDR + i / 8, ~0u);
		wr32(gicd + GICD_ICACTIVER + i / 8, ~0u);
		wr32(gicd + GICD_IGROUPR + i / 8, 0);
	}
	for (unsigned i = 32; i < nr_lines; i += 4) {
		wr32(gicd + GICD_IPRIORITYR + i, HYP_PRIORITY * 0x01010101u);
	}
	wr32(gicd + GICD_CTLR, GICD_CTLR_ENABLE_GRP0);
	/* The boot CPU routes SPIs before its gic_cpu_init: learn its mask now. */
	learn_mask(self());
	return 0;
}

void gic_cpu_init(uint64_t mpidr)
{
	struct gic_cpu *c = cpu_of(mpidr);

	if (!c || mpidr != arch_cpu_mpidr()) {
		panic("GICv2: gic_cpu_init for MPIDR 0x%llx on another or unknown CPU",
		      (unsigned long long)mpidr);
	}
	/* Banked SGI/PPI registers: group 0, one priority, all off but the kick and maintenance. */
	wr32(gicd + GICD_ICENABLER, ~0u);
	wr32(gicd + GICD_ICPENDR, ~0u);
	wr32(gicd + GICD_ICACTIVER, ~0u);
	wr32(gicd + GICD_IGROUPR, 0);
	for (unsigned i = 0; i < 32; i += 4) {
		wr32(gicd + GICD_IPRIORITYR + i, HYP_PRIORITY * 0x01010101u);
	}
	wr32(gicd + GICD_ISENABLER, 1u << GIC_SGI_KICK | 1u << GIC_SGI_CONSOLE | 1u << GIC_PPI_MAINT);
	learn_mask(c);

	wr32(gicc + GICC_PMR, 0xff);
	wr32(gicc + GICC_BPR, 0);
	wr32(gicc + GICC_CTLR, GICC_CTLR_ENABLE_GRP0 | GICC_CTLR_EOIMODE);

	nr_lrs = (rd32(gich + GICH_VTR) & 0x3f) + 1;
	if (nr_lrs > MAX_LRS) {
		nr_lrs = MAX_LRS;
	}
	gic_vcpu_reset();
	/* Enables asked for before this CPU came up (the kick and maintenance stay on). */
	__atomic_or_fetch(&c->ppi_dirty, __atomic_load_n(&c->ppi_want, __ATOMIC_ACQUIRE),
			  __ATOMIC_ACQ_REL);
	gic_cpu_sync();
}

void gic_cpu_sync(void)
{
	struct gic_cpu *c = self();

	if (!c || !__atomic_load_n(&c->ppi_dirty, __ATOMIC_RELAXED)) {
		return;
	}
	uint32_t dirty = __atomic_exchange_n(&c->ppi_dirty, 0, __ATOMIC_ACQ_REL);
	uint32_t want = __atomic_load_n(&c->ppi_want, __ATOMIC_ACQUIRE);

	if (dirty & want) {
		wr32(gicd + GICD_ISENABLER, dirty & want);
	}
	if (dirty & ~want) {
		wr32(gicd + GICD_ICENABLER, dirty & ~want);
	}
}

uint32_t gic_ack(void)
{
	uint32_t iar = rd32(gicc + GICC_IAR);
	uint32_t intid = iar & GICC_IAR_INTID;

	dsb(sy);
	if (intid < 16) {
		struct gic_cpu *c = self();

		if (c) {
			c->sgi_iar[intid] = iar & GICC_IAR_ID_CPU;
		}
		if (intid == GIC_SGI_KICK) {
			gic_cpu_sync();
		}
	}
	return intid;
}

/* The value EOIR/DIR want: for an SGI, the IAR with its source CPU. */
static uint32_t eoi_value(uint32_t intid)
{
	if (intid < 16) {
		struct gic_cpu *c = self();

		if (c && (c->sgi_iar[intid] & GICC_IAR_INTID) == intid) {
			return c->sgi_iar[intid];
		}
	}
	return intid;
}

void gic_eoi(uint32_t intid)
{
	wr32(gicc + GICC_EOIR, eoi_value(intid));
}

void gic_deactivate(uint32_t intid)
{
	wr32(gicc + GICC_DIR, eoi_value(intid));
}

void gic_send_sgi(uint32_t sgi, uint64_t mpidr)
{
	struct gic_cpu *c = cpu_of(mpidr);
	uint8_t mask = c ? __atomic_load_n(&c->mask, __ATOMIC_ACQUIRE) : 0;

	if (!mask) {
		return; /* that CPU has not set up its interface: nothing to wake */
	}
	dsb(ishst);
	wr32(gicd + GICD_SGIR, (uint32_t)mask << GICD_SGIR_TARGETS_SHIFT | (sgi & 0xf));
}

void gic_irq_enable(uint32_t intid, uint64_t mpidr, bool enable)
{
	unsigned off = enable ? GICD_ISENABLER : GICD_ICENABLER;

	if (intid >= 32) {
		wr32(gicd + off + (intid / 32) * 4, 1u << (intid % 32));
		return;
	}
	struct gic_cpu *c = cpu_of(mpidr);

	if (!c) {
		return;
	}
	if (enable) {
		__atomic_or_fetch(&c->ppi_want, 1u << intid, __ATOMIC_RELEASE);
	} else {
		__atomic_and_fetch(&c->ppi_want, ~(1u << intid), __ATOMIC_RELEASE);
	}
	if (mpidr == arch_cpu_mpidr()) {
		/* Banked: ours to write directly. */
		wr32(gicd + off, 1u << intid);
		return;
	}
	__atomic_or_fetch(&c->ppi_dirty, 1u << intid, __ATOMIC_ACQ_REL);
	gic_send_sgi(GIC_SGI_KICK, mpidr);
}

/* GICD_ICFGR: two bits per interrupt, the upper one set for an edge. */
void gic_spi_edge(uint32_t intid)
{
	uintptr_t r = gicd + 0xc00 + (intid / 16) * 4;

	wr32(r, rd32(r) | 2u << ((intid % 16) * 2));
}

bool gic_irq_pending(uint32_t intid, uint64_t mpidr)
{
	/* SGIs and PPIs are banked: only this CPU's are in reach. */
	if (intid < 32 && mpidr != arch_cpu_mpidr()) {
		return false;
	}
	return (rd32(gicd + GICD_ISPENDR + (intid / 32) * 4) >> (intid % 32)) & 1;
}

void gic_spi_route(uint32_t intid, uint64_t mpidr)
{
	struct gic_cpu *c = cpu_of(mpidr);

	if (!c || intid < 32 || intid >= nr_lines) {
		return;
	}
	__atomic_store_n(&spi_route[intid], (uint8_t)(c - cpu_tab + 1), __ATOMIC_SEQ_CST);
	uint8_t mask = __atomic_load_n(&c->mask, __ATOMIC_SEQ_CST);

	if (mask) {
		wr8(gicd + GICD_ITARGETSR + intid, mask);
	}
	/* Otherwise that CPU's learn_mask() routes it. */
}

uint64_t gic_vcpu_interface(void)
{
	return gicv;
}

unsigned gic_lr_count(void)
{
	return nr_lrs;
}

/* What GICH_VTR says, but no more than a list register's priority field holds. */
unsigned gic_vprio_bits(void)
{
	unsigned bits = GICH_VTR_PRIBITS(rd32(gich + GICH_VTR)) + 1;

	return bits < GICH_LR_PRIO_BITS ? bits : GICH_LR_PRIO_BITS;
}

/*
 * List register i is about to be overwritten: if it carried an emulated
 * hardware interrupt the guest has finished (state invalid), deactivate the
 * physical one. One still pending (evicted) stays active: the core puts it
 * back in a register later.
 */
static void hw_lr_release(struct gic_cpu *c, unsigned i)
{
	unsigned p = c->hw_pintid[i];

	if (!p) {
		return;
	}
	c->hw_pintid[i] = 0;
	if (!((rd32(gich + GICH_LR(i)) >> GICH_LR_STATE_SHIFT) & 3)) {
		wr32(gicc + GICC_DIR, p - 1);
	}
}

void gic_lr_read(unsigned i, struct gic_lr *lr)
{
	struct gic_cpu *c = self();
	uint32_t v = rd32(gich + GICH_LR(i));

	lr->vintid = v & GICH_LR_VID_MASK;
	lr->state = (uint8_t)((v >> GICH_LR_STATE_SHIFT) & 3);
	lr->priority = (uint8_t)(((v >> GICH_LR_PRIO_SHIFT) & 0x1f) << 3);
	if (c && c->hw_pintid[i]) {
		lr->hw = true;
		lr->pintid = c->hw_pintid[i] - 1u;
		lr->eoi_maint = false;
		lr->source = 0;
		return;
	}
	lr->hw = v & GICH_LR_HW;
	lr->pintid = lr->hw ? (v >> GICH_LR_PID_SHIFT) & 0x3ff : 0;
	lr->eoi_maint = !lr->hw && (v & GICH_LR_EOI);
	lr->source = lr->hw ? 0 : (uint8_t)((v >> GICH_LR_CPUID_SHIFT) & GICH_LR_CPUID_MASK);
}

void gic_lr_write(unsigned i, const struct gic_lr *lr)
{
	struct gic_cpu *c = self();
	uint32_t v = 0;

	if (c) {
		hw_lr_release(c, i);
	}
	if (lr->state) {
		/* Group 0: a v2 guest enables its interrupts with GICC_CTLR.EnableGrp0. */
		v = (uint32_t)(lr->state & 3) << GICH_LR_STATE_SHIFT |
		    (uint32_t)(lr->priority >> 3) << GICH_LR_PRIO_SHIFT | (lr->vintid & GICH_LR_VID_MASK);
		if (lr->hw && c) {
			/* Emulated (see the top of this file): EOI maintenance, then GICC_DIR. */
			v |= GICH_LR_EOI;
			c->hw_pintid[i] = (uint16_t)((lr->pintid & 0x3ff) + 1);
		} else if (lr->hw) {
			v |= GICH_LR_HW | (lr->pintid & 0x3ff) << GICH_LR_PID_SHIFT;
		} else {
			if (lr->eoi_maint) {
				v |= GICH_LR_EOI;
			}
			if (lr->vintid < 16) {
				v |= (uint32_t)(lr->source & GICH_LR_CPUID_MASK) << GICH_LR_CPUID_SHIFT;
			}
		}
	}
	wr32(gich + GICH_LR(i), v);
}

uint32_t gic_lr_empty(void)
{
	return rd32(gich + GICH_ELRSR0) & ((1u << nr_lrs) - 1);
}

void gic_underflow_irq(bool on)
{
	uint32_t hcr = rd32(gich + GICH_HCR);

	wr32(gich + GICH_HCR, on ? hcr | GICH_HCR_UIE : hcr & ~GICH_HCR_UIE);
}

void gic_vcpu_reset(void)
{
	struct gic_cpu *c = self();

	for (unsigned i = 0; i < nr_lrs; i++) {
		if (c && c->hw_pintid[i]) {
			/* The guest will never finish it: give the physical interrupt back. */
			wr32(gicc + GICC_DIR, c->hw_pintid[i] - 1u);
			c->hw_pintid[i] = 0;
		}
		wr32(gich + GICH_LR(i), 0);
	}
	wr32(gich + GICH_APR, 0);
	wr32(gich + GICH_VMCR, 0);
	wr32(gich + GICH_HCR, GICH_HCR_EN);
}
