// SPDX-License-Identifier: Apache-2.0
/*
 * test=vgic, its register checks (vgic_check_registers): what the GIC's
 * registers read back, as the architecture says and a physical GIC does:
 *  - priorities (GICv2 4.3.11, GICv3 12.9.22): 0xff written to an
 *    interrupt's IPRIORITYR byte reads back as the mask of implemented
 *    bits: the low bits zero, at least four set, the same for every
 *    interrupt the GIC has (an SPI that reads 0 is one it does not have),
 *    and, under a hypervisor (hyp=1), as many as the CPU interface
 *    implements (GICC_PMR on GICv2, ICC_CTLR_EL1.PRIbits on GICv3);
 *  - GICD_TYPER: on GICv2 CPUNumber is the number of CPUs minus one; every
 *    INTID beyond ITLinesNumber is RAZ/WI;
 *  - GICv2 ITARGETSR: an SPI's byte keeps the CPU bits written, those of
 *    CPUs the GIC has (the others are RAZ/WI), none at all included;
 *    INTIDs 0-31 read as this CPU's own bit and ignore writes.
 * Every value is put back as it was. Where QEMU's own GIC models part from
 * the architecture (said where each check is), a native run prints SKIP.
 */
#include "testguest.h"

#define PRIO_ALL 0xffu
#define MIN_PRIO_BITS 4u
#define GICC_PMR 0x0004u
#define ICC_CTLR_PRIBITS_SHIFT 8
#define ICC_CTLR_PRIBITS_MASK 0x7u
#define TYPER_CPUS_SHIFT 5
#define TYPER_CPUS_MASK 0x7u
#define MAX_INTIDS 1020u
#define NO_INTID 0xffffffffu
#define PPI_TARGETS_PROBE 27u

static unsigned int popcount8(uint32_t v)
{
	unsigned int n = 0;

	for (v &= 0xffu; v != 0; v &= v - 1) {
		n++;
	}
	return n;
}

/* 0xff into a priority byte: what sticks, then the old value back. */
static uint8_t prio_probe(uintptr_t reg)
{
	uint8_t old = mmio_read8(reg);

	mmio_write8(reg, PRIO_ALL);
	uint8_t m = mmio_read8(reg);
	mmio_write8(reg, old);
	return m;
}

static unsigned int cpu_if_prio_bits(void)
{
	if (gic_version == 3) {
		return (unsigned int)((icc_ctlr_read() >> ICC_CTLR_PRIBITS_SHIFT) &
				      ICC_CTLR_PRIBITS_MASK) +
		       1;
	}
	uintptr_t pmr = tg_hw.gicc + GICC_PMR;
	uint32_t old = mmio_read32(pmr);

	mmio_write32(pmr, PRIO_ALL);
	unsigned int bits = popcount8(mmio_read32(pmr));
	mmio_write32(pmr, old);
	return bits;
}

/* Returns the first SPI the GIC has (its priority holds bits), or NO_INTID. */
static uint32_t check_priority_bits(unsigned int lines)
{
	uintptr_t priv = gic_private_base() + GICD_IPRIORITYR;
	uint8_t mask = prio_probe(priv);
	uint32_t odd = NO_INTID, first_spi = NO_INTID;
	uint8_t odd_mask = 0;
	unsigned int spis = 0;

	for (uint32_t i = 0; i < lines; i++) {
		uintptr_t reg = (i < GIC_NR_PRIVATE ? priv : tg_hw.gicd + GICD_IPRIORITYR) + i;
		uint8_t m = prio_probe(reg);

		if (i >= GIC_NR_PRIVATE && m == 0) {
			continue; /* an SPI this GIC does not have: RAZ/WI */
		}
		if (i >= GIC_NR_PRIVATE) {
			spis++;
			first_spi = first_spi == NO_INTID ? i : first_spi;
		}
		if (m != mask && odd == NO_INTID) {
			odd = i;
			odd_mask = m;
		}
	}
	unsigned int bits = popcount8(mask), cpu_bits = cpu_if_prio_bits();
	bool low_zero = mask != 0 && (uint8_t)(mask | (mask - 1u)) == PRIO_ALL;

	/*
	 * QEMU's own GICv3 keeps 8 bits in its distributor and compares 5 in
	 * its CPU interface; a virtual GIC must not promise more than the
	 * virtual CPU interface honours. So that relation under Tessera only.
	 */
	bool hyp = tg_arg_u64("hyp", 0) == 1;

	if (odd == NO_INTID && low_zero && bits >= MIN_PRIO_BITS && spis > 0 &&
	    (!hyp || bits == cpu_bits)) {
		tg_pass("ipriorityr 0xff reads 0x%x: %u priority bits for all 32 private "
			"interrupts and %u spis%s (cpu interface: %u)\n",
			mask, bits, spis, hyp ? ", as the cpu interface" : "", cpu_bits);
	} else {
		tg_fail("ipriorityr 0xff reads 0x%x (%u bits, low bits zero %u) at intid 0, "
			"0x%x at intid %d; %u spis; the cpu interface has %u bits\n",
			mask, bits, low_zero, odd_mask, odd == NO_INTID ? -1 : (int)odd, spis,
			cpu_bits);
	}
	return first_spi;
}

/* Vcpus as PSCI knows them: AFFINITY_INFO refuses an MPIDR that names none. */
static unsigned int count_cpus(void)
{
	unsigned int n = 0;

	while (n < TG_MAX_VCPUS && psci_call(PSCI_AFFINITY_INFO, n, 0, 0) >= 0) {
		n++;
	}
	return n;
}

static void check_typer(unsigned int lines, unsigned int cpus)
{
	uint32_t typer = mmio_read32(tg_hw.gicd + GICD_TYPER);
	unsigned int gic_cpus = ((typer >> TYPER_CPUS_SHIFT) & TYPER_CPUS_MASK) + 1;

	if (gic_version == 2) {
		if (gic_cpus == cpus) {
			tg_pass("gicd_typer cpunumber: %u cpus, as psci says\n", cpus);
		} else {
			tg_fail("gicd_typer cpunumber: %u cpus, psci says %u\n", gic_cpus, cpus);
		}
	}
	if (lines >= MAX_INTIDS) {
		return;
	}
	/* The first INTID beyond ITLinesNumber: its priority and enable are RAZ/WI. */
	uintptr_t prio = tg_hw.gicd + GICD_IPRIORITYR + lines;
	uintptr_t en = tg_hw.gicd + GICD_ISENABLER + lines / 8;

	mmio_write8(prio, PRIO_ALL);
	mmio_write32(en, 1u);
	uint32_t p = mmio_read8(prio), e = mmio_read32(en);
	mmio_write32(tg_hw.gicd + GICD_ICENABLER + lines / 8, 1u);
	/* QEMU's GICv3 has 288 INTIDs and says 256: natively, only say what it read. */
	if (tg_arg_u64("hyp", 0) != 1 && (p != 0 || e != 0)) {
		tg_printf("SKIP: intid %u beyond gicd_typer.itlinesnumber (native): priority 0x%x, "
			  "isenabler 0x%x\n",
			  lines, p, e);
	} else if (p == 0 && e == 0) {
		tg_pass("intid %u beyond gicd_typer.itlinesnumber is raz/wi\n", lines);
	} else {
		tg_fail("intid %u beyond gicd_typer.itlinesnumber: priority 0x%x, isenabler 0x%x "
			"(want 0, 0)\n",
			lines, p, e);
	}
}

static void check_targets(uint32_t spi, unsigned int cpus)
{
	uint8_t all = (uint8_t)((1u << cpus) - 1u), own = (uint8_t)(1u << tg_cpu());
	uint8_t other = cpus > 1 ? (uint8_t)(all & ~own) : own;
	uintptr_t ppi = tg_hw.gicd + GICD_ITARGETSR + PPI_TARGETS_PROBE;

	mmio_write8(ppi, 0);
	uint8_t p = mmio_read8(ppi);
	if (p == own) {
		tg_pass("itargetsr of ppi %u reads this cpu's bit 0x%x, read-only\n",
			PPI_TARGETS_PROBE, own);
	} else {
		tg_fail("itargetsr of ppi %u reads 0x%x after writing 0 (want 0x%x)\n",
			PPI_TARGETS_PROBE, p, own);
	}
	if (spi == NO_INTID) {
		tg_fail("itargetsr: no spi to try\n");
		return;
	}
	uintptr_t reg = tg_hw.gicd + GICD_ITARGETSR + spi;
	uint8_t old = mmio_read8(reg);

	mmio_write8(reg, PRIO_ALL);
	uint8_t a = mmio_read8(reg);
	mmio_write8(reg, other);
	uint8_t b = mmio_read8(reg);
	mmio_write8(reg, 0);
	uint8_t c = mmio_read8(reg);
	mmio_write8(reg, old);
	/* QEMU's GICv2 keeps all eight bits: natively, only say what it read. */
	if (tg_arg_u64("hyp", 0) != 1 && a != all) {
		tg_printf("SKIP: itargetsr of spi %u: 0xff reads 0x%x (native, %u cpus)\n", spi, a,
			  cpus);
	} else if (a == all && b == other && c == 0) {
		tg_pass("itargetsr of spi %u keeps the cpus written: 0xff reads 0x%x, 0x%x and 0 "
			"read back\n",
			spi, a, other);
	} else {
		tg_fail("itargetsr of spi %u: 0xff reads 0x%x (want 0x%x), 0x%x reads 0x%x, 0 "
			"reads 0x%x\n",
			spi, a, all, other, b, c);
	}
}

void vgic_check_registers(void)
{
	unsigned int lines = ((mmio_read32(tg_hw.gicd + GICD_TYPER) & 0x1fu) + 1) * 32;
	unsigned int cpus = count_cpus();

	if (lines > MAX_INTIDS) {
		lines = MAX_INTIDS;
	}
	uint32_t spi = check_priority_bits(lines);

	check_typer(lines, cpus);
	if (gic_version == 2) {
		check_targets(spi, cpus);
	}
}
