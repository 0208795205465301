/* SPDX-License-Identifier: Apache-2.0 */
/*
 * GICv3 (ARM IHI 0069): distributor and redistributors by MMIO, the CPU
 * interface and the virtualization interface (ICH_*) by system register.
 * Tessera takes every interrupt in group 1 at one priority with EOImode = 1:
 * it drops priority at once and leaves deactivation to whoever handles the
 * interrupt, which for a hardware-mapped one is the guest's own EOI.
 */
#include <asm/sysreg.h>
#include <stddef.h>
#include <tessera/config.h>
#include <tessera/gic.h>
#include <tessera/hyp.h>

#define GICD_CTLR 0x0000
#define GICD_CTLR_RWP (1u << 31)
#define GICD_CTLR_ARE (1u << 4)
#define GICD_CTLR_ENABLE_G1 (1u << 1)
#define GICD_TYPER 0x0004
#define GICD_IGROUPR 0x0080
#define GICD_ISENABLER 0x0100
#define GICD_ICENABLER 0x0180
#define GICD_ISPENDR 0x0200
#define GICD_IPRIORITYR 0x0400
#define GICD_IROUTER 0x6100

#define GICR_TYPER 0x0008
#define GICR_TYPER_LAST (1ull << 4)
#define GICR_WAKER 0x0014
#define GICR_WAKER_SLEEP (1u << 1)
#define GICR_WAKER_ASLEEP (1u << 2)
#define GICR_FRAME 0x20000
#define GICR_SGI 0x10000 /* SGI_base: the SGI/PPI registers */

#define ICC_SRE_SRE (1ul << 0)
#define ICC_SRE_ENABLE (1ul << 3)
#define ICC_CTLR_EOIMODE (1ul << 1)
#define ICH_HCR_EN (1ul << 0)
#define ICH_HCR_UIE (1ul << 1)

#define ICH_LR_STATE_SHIFT 62
#define ICH_LR_HW (1ull << 61)
#define ICH_LR_GROUP1 (1ull << 60)
#define ICH_LR_PRIO_SHIFT 48
#define ICH_LR_PINTID_SHIFT 32
#define ICH_LR_EOI (1ull << 41)
#define ICH_VTR_PRIBITS(vtr) ((unsigned)((vtr) >> 29) & 7)

#define HYP_PRIORITY 0xa0

static uintptr_t gicd, gicr_base, gicr_end;
static unsigned nr_lrs;

static inline uint32_t rd32(uintptr_t a)
{
	return *(volatile uint32_t *)a;
}

static inline void wr32(uintptr_t a, uint32_t v)
{
	*(volatile uint32_t *)a = v;
}

static inline uint64_t rd64(uintptr_t a)
{
	return *(volatile uint64_t *)a;
}

static inline void wr64(uintptr_t a, uint64_t v)
{
	*(volatile uint64_t *)a = v;
}

static void dist_wait(void)
{
	while (rd32(gicd + GICD_CTLR) & GICD_CTLR_RWP) {
	}
}

/* GICR_TYPER[63:32] holds Aff3.Aff2.Aff1.Aff0. */
static uint64_t mpidr_to_typer_aff(uint64_t mpidr)
{
	return ((mpidr >> 32) & 0xff) << 24 | (mpidr & 0xffffff);
}

static uintptr_t redist_of(uint64_t mpidr)
{
	for (uintptr_t r = gicr_base; r < gicr_end; r += GICR_FRAME) {
		uint64_t typer = rd64(r + GICR_TYPER);

		if ((typer >> 32) == mpidr_to_typer_aff(mpidr)) {
			return r;
		}
		if (typer & GICR_TYPER_LAST) {
			break;
		}
	}
	return 0;
}

unsigned gic_version(void)
{
	return 3;
}

int gic_init(const struct cfg_hw *hw)
{
	gicd = (uintptr_t)hw->gicd.base;
	gicr_base = (uintptr_t)hw->gicr.base;
	gicr_end = gicr_base + (uintptr_t)hw->gicr.size;

	unsigned lines = 32 * ((rd32(gicd + GICD_TYPER) & 0x1f) + 1);

	wr32(gicd + GICD_CTLR, 0);
	dist_wait();
	/* SPIs: group 1, one priority, disabled until a VM that owns one enables it. */
	for (unsigned i = 32; i < lines; i += 32) {
		wr32(gicd + GICD_ICENABLER + i / 8, ~0u);
		wr32(gicd + GICD_IGROUPR + i / 8, ~0u);
	}
	for (unsigned i = 32; i < lines; i += 4) {
		wr32(gicd + GICD_IPRIORITYR + i, HYP_PRIORITY * 0x01010101u);
	}
	dist_wait();
	wr32(gicd + GICD_CTLR, GICD_CTLR_ARE | GICD_CTLR_ENABLE_G1);
	dist_wait();
	return 0;
}

void gic_cpu_init(uint64_t mpidr)
{
	uintptr_t r = redist_of(mpidr);

	if (!r) {
		panic("no GICv3 redistributor for MPIDR 0x%llx", (unsigned long long)mpidr);
	}
	wr32(r + GICR_WAKER, rd32(r + GICR_WAKER) & ~GICR_WAKER_SLEEP);
	while (rd32(r + GICR_WAKER) & GICR_WAKER_ASLEEP) {
	}
	uintptr_t sgi = r + GICR_SGI;

	wr32(sgi + GICD_ICENABLER, ~0u);
	wr32(sgi + GICD_IGROUPR, ~0u);
	for (unsigned i = 0; i < 32; i += 4) {
		wr32(sgi + GICD_IPRIORITYR + i, HYP_PRIORITY * 0x01010101u);
	}
	/* The kick and the maintenance interrupt are always on; timers follow their guest. */
	wr32(sgi + GICD_ISENABLER, 1u << GIC_SGI_KICK | 1u << GIC_SGI_CONSOLE | 1u << GIC_PPI_MAINT);

	write_sysreg(ICC_SRE_SRE | ICC_SRE_ENABLE, icc_sre_el2);
	isb();
	write_sysreg(0xff, icc_pmr_el1);
	write_sysreg(0, icc_bpr1_el1);
	write_sysreg(ICC_CTLR_EOIMODE, icc_ctlr_el1);
	write_sysreg(1, icc_igrpen1_el1);
	isb();
	nr_lrs = (unsigned)(read_sysreg(ich_vtr_el2) & 0x1f) + 1;
	gic_vcpu_reset();
}

uint32_t gic_ack(void)
{
	return (uint32_t)read_sysreg(icc_iar1_el1);
}

/* No ISB: IRQs stay masked at EL2 and the return to the guest synchronizes. */
void gic_eoi(uint32_t intid)
{
	write_sysreg(intid, icc_eoir1_el1);
}

void gic_deactivate(uint32_t intid)
{
	write_sysreg(intid, icc_dir_el1);
}

void gic_send_sgi(uint32_t sgi, uint64_t mpidr)
{
	/* ICC_SGI1R_EL1: Aff3 [55:48], Aff2 [39:32], INTID [27:24], Aff1 [23:16], target list [15:0]. */
	uint64_t v = ((mpidr >> 32) & 0xff) << 48 | ((mpidr >> 16) & 0xff) << 32 |
		     (uint64_t)(sgi & 0xf) << 24 | ((mpidr >> 8) & 0xff) << 16 | 1u << (mpidr & 0xf);

	dsb(ishst);
	write_sysreg(v, icc_sgi1r_el1);
	isb();
}

void gic_irq_enable(uint32_t intid, uint64_t mpidr, bool enable)
{
	unsigned off = enable ? GICD_ISENABLER : GICD_ICENABLER;

	if (intid < 32) {
		uintptr_t r = redist_of(mpidr);

		if (r) {
			wr32(r + GICR_SGI + off, 1u << intid);
		}
	} else {
		wr32(gicd + off + (intid / 32) * 4, 1u << (intid % 32));
	}
}

/* GICD_ICFGR: two bits per interrupt, the upper one set for an edge. */
void gic_spi_edge(uint32_t intid)
{
	uintptr_t r = gicd + 0xc00 + (intid / 16) * 4;

	wr32(r, rd32(r) | 2u << ((intid % 16) * 2));
}

bool gic_irq_pending(uint32_t intid, uint64_t mpidr)
{
	uintptr_t reg = gicd + GICD_ISPENDR + (intid / 32) * 4;

	if (intid < 32) {
		uintptr_t r = redist_of(mpidr);

		if (!r) {
			return false;
		}
		reg = r + GICR_SGI + GICD_ISPENDR;
	}
	return (rd32(reg) >> (intid % 32)) & 1;
}

void gic_spi_route(uint32_t intid, uint64_t mpidr)
{
	uint64_t aff = ((mpidr >> 32) & 0xff) << 32 | (mpidr & 0xffffff);

	wr64(gicd + GICD_IROUTER + (intid - 32) * 8, aff);
}

uint64_t gic_vcpu_interface(void)
{
	return 0; /* the guest's CPU interface is system registers */
}

void gic_cpu_sync(void)
{
}

unsigned gic_lr_count(void)
{
	return nr_lrs;
}

unsigned gic_vprio_bits(void)
{
	return ICH_VTR_PRIBITS(read_sysreg(ich_vtr_el2)) + 1;
}

/* ICH_LR<n>_EL2 are 16 registers with no index form: one switch each way. */
static uint64_t lr_get(unsigned i)
{
	switch (i) {
	case 0: return read_sysreg(ich_lr0_el2);
	case 1: return read_sysreg(ich_lr1_el2);
	case 2: return read_sysreg(ich_lr2_el2);
	case 3: return read_sysreg(ich_lr3_el2);
	case 4: return read_sysreg(ich_lr4_el2);
	case 5: return read_sysreg(ich_lr5_el2);
	case 6: return read_sysreg(ich_lr6_el2);
	case 7: return read_sysreg(ich_lr7_el2);
	case 8: return read_sysreg(ich_lr8_el2);
	case 9: return read_sysreg(ich_lr9_el2);
	case 10: return read_sysreg(ich_lr10_el2);
	case 11: return read_sysreg(ich_lr11_el2);
	case 12: return read_sysreg(ich_lr12_el2);
	case 13: return read_sysreg(ich_lr13_el2);
	case 14: return read_sysreg(ich_lr14_el2);
	default: return read_sysreg(ich_lr15_el2);
	}
}

static void lr_set(unsigned i, uint64_t v)
{
	switch (i) {
	case 0: write_sysreg(v, ich_lr0_el2); break;
	case 1: write_sysreg(v, ich_lr1_el2); break;
	case 2: write_sysreg(v, ich_lr2_el2); break;
	case 3: write_sysreg(v, ich_lr3_el2); break;
	case 4: write_sysreg(v, ich_lr4_el2); break;
	case 5: write_sysreg(v, ich_lr5_el2); break;
	case 6: write_sysreg(v, ich_lr6_el2); break;
	case 7: write_sysreg(v, ich_lr7_el2); break;
	case 8: write_sysreg(v, ich_lr8_el2); break;
	case 9: write_sysreg(v, ich_lr9_el2); break;
	case 10: write_sysreg(v, ich_lr10_el2); break;
	case 11: write_sysreg(v, ich_lr11_el2); break;
	case 12: write_sysreg(v, ich_lr12_el2); break;
	case 13: write_sysreg(v, ich_lr13_el2); break;
	case 14: write_sysreg(v, ich_lr14_el2); break;
	default: write_sysreg(v, ich_lr15_el2); break;
	}
}

void gic_lr_read(unsigned i, struct gic_lr *lr)
{
	uint64_t v = lr_get(i);

	lr->vintid = (uint32_t)v;
	lr->state = (uint8_t)(v >> ICH_LR_STATE_SHIFT);
	lr->hw = v & ICH_LR_HW;
	lr->pintid = lr->hw ? (uint32_t)(v >> ICH_LR_PINTID_SHIFT) & 0x3ff : 0;
	lr->eoi_maint = !lr->hw && (v & ICH_LR_EOI);
	lr->priority = (uint8_t)(v >> ICH_LR_PRIO_SHIFT);
}

void gic_lr_write(unsigned i, const struct gic_lr *lr)
{
	uint64_t v = 0;

	if (lr->state) {
		v = (uint64_t)lr->state << ICH_LR_STATE_SHIFT | ICH_LR_GROUP1 |
		    (uint64_t)lr->priority << ICH_LR_PRIO_SHIFT | lr->vintid;
		if (lr->hw) {
			v |= ICH_LR_HW | (uint64_t)lr->pintid << ICH_LR_PINTID_SHIFT;
		} else if (lr->eoi_maint) {
			v |= ICH_LR_EOI;
		}
	}
	lr_set(i, v);
}

uint32_t gic_lr_empty(void)
{
	return (uint32_t)read_sysreg(ich_elrsr_el2);
}

void gic_underflow_irq(bool on)
{
	uint64_t hcr = read_sysreg(ich_hcr_el2);

	write_sysreg(on ? hcr | ICH_HCR_UIE : hcr & ~ICH_HCR_UIE, ich_hcr_el2);
}

void gic_vcpu_reset(void)
{
	/* ICH_VTR_EL2.PREbits: 5 preemption bits need one active-priority register, 7 need four. */
	unsigned pre = (unsigned)((read_sysreg(ich_vtr_el2) >> 26) & 7) + 1;

	for (unsigned i = 0; i < nr_lrs; i++) {
		lr_set(i, 0);
	}
	/* Nothing is active any more: no active priority may mask the guest's next interrupts. */
	write_sysreg(0, ich_ap0r0_el2);
	write_sysreg(0, ich_ap1r0_el2);
	if (pre >= 6) {
		write_sysreg(0, ich_ap0r1_el2);
		write_sysreg(0, ich_ap1r1_el2);
	}
	if (pre >= 7) {
		write_sysreg(0, ich_ap0r2_el2);
		write_sysreg(0, ich_ap0r3_el2);
		write_sysreg(0, ich_ap1r2_el2);
		write_sysreg(0, ich_ap1r3_el2);
	}
	write_sysreg(0, ich_vmcr_el2);
	write_sysreg(ICH_HCR_EN, ich_hcr_el2);
	isb();
}
