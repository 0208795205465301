/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Host tests of core/vgic.c (the vGIC state machine) over the fake physical
 * GIC of tests/unit/fake_gic.c: a 2-vCPU VM on CPUs 0 and 1 (MPIDR = CPU
 * number), driven through the public API as traps would drive it, checked
 * through guest register reads and the fake's list registers.
 *
 * Some checks pin down defects found while writing these tests (an SPI's
 * list register tracked per VM instead of per vCPU, ICPENDR on hardware
 * interrupts, reserved redistributor offsets): they keep them fixed.
 */
#include <asm/fake_gic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>
#include <sys/wait.h>
#include <tessera/gic.h>
#include <tessera/vgic.h>
#include <tessera/vm.h>

#include "check.h"

#define GICD(off) (CFG_GUEST_GICD_BASE + (uint64_t)(off))
#define GICR(n, off) (CFG_GUEST_GICR_BASE + (uint64_t)(n) * CFG_GUEST_GICR_STRIDE + (uint64_t)(off))
#define GICR_SGI(n, off) GICR(n, 0x10000 + (uint64_t)(off))

#define GICD_CTLR 0x0000
#define GICD_TYPER 0x0004
#define GICD_ISENABLER 0x0100
#define GICD_ICENABLER 0x0180
#define GICD_ISPENDR 0x0200
#define GICD_ICPENDR 0x0280
#define GICD_IPRIORITYR 0x0400
#define GICD_ITARGETSR 0x0800
#define GICD_SGIR 0x0f00
#define GICD_IROUTER(n) (0x6000 + 8 * (uint64_t)(n))
#define GICD_PIDR2_V3 0xffe8
#define GICD_PIDR2_V2 0x0fe8 /* GICv2: the distributor is 4 KiB, PIDR2 at 0xFE8 */
#define GICR_TYPER 0x0008
#define GICR_TYPER_LAST (1u << 4)

#define OWNED_SPI 40
#define FOREIGN_SPI 41
#define CONSOLE_SPI VGIC_UART_INTID

static struct vm vm;
static struct cfg_vm cfg;

/* Run what follows on physical CPU c (whose vCPU is vm.vcpu[c]); returns that vCPU. */
static struct vcpu *on_cpu(unsigned c)
{
	fake_self = &cpus[c];
	return &vm.vcpu[c];
}

/* A fresh 2-vCPU VM owning SPI 40, built as core/vm.c builds one. */
static void setup(unsigned gic_version)
{
	fake_gic_reset();
	fake_gic.version = gic_version;
	memset(&vm, 0, sizeof(vm));
	memset(&cfg, 0, sizeof(cfg));
	memset(cpus, 0, sizeof(cpus));
	strcpy(cfg.label, "test");
	cfg.nr_vcpus = 2;
	cfg.cpus[0] = 0;
	cfg.cpus[1] = 1;
	cfg.nr_irqs = 1;
	cfg.irqs[0] = OWNED_SPI;
	vm.cfg = &cfg;
	vm.label = cfg.label;
	vm.nr_vcpus = 2;
	for (unsigned i = 0; i < 2; i++) {
		cpus[i].idx = i;
		cpus[i].mpidr = i;
		cpus[i].vcpu = &vm.vcpu[i];
		vm.vcpu[i].vm = &vm;
		vm.vcpu[i].idx = i;
		vm.vcpu[i].pcpu = i;
		vm.vcpu[i].state = VCPU_ON;
	}
	on_cpu(0);
	vgic_init(&vm);
	for (unsigned i = 0; i < 2; i++) {
		vgic_vcpu_reset(on_cpu(i));
	}
	on_cpu(0);
	fake_gic_clear_logs();
}

/* A guest access by the vCPU of the current CPU. */
static uint64_t rd(uint64_t ipa, unsigned size)
{
	uint64_t val = 0xdeadbeefdeadbeefull;

	if (!vgic_mmio(this_vcpu(), ipa, size, false, &val)) {
		return 0xbad0bad0bad0bad0ull;
	}
	return val;
}

static uint32_t rd32(uint64_t ipa)
{
	return (uint32_t)rd(ipa, 4);
}

static void wr(uint64_t ipa, unsigned size, uint64_t val)
{
	vgic_mmio(this_vcpu(), ipa, size, true, &val);
}

static void wr32(uint64_t ipa, uint32_t val)
{
	wr(ipa, 4, val);
}

/* The list register of CPU c holding vintid (in any state), or -1. */
static int lr_of(unsigned c, uint32_t vintid)
{
	for (unsigned i = 0; i < FAKE_NR_LRS; i++) {
		if (fake_gic.lr[c][i].state && fake_gic.lr[c][i].vintid == vintid) {
			return (int)i;
		}
	}
	return -1;
}

static unsigned lrs_used(unsigned c)
{
	unsigned n = 0;

	for (unsigned i = 0; i < FAKE_NR_LRS; i++) {
		n += fake_gic.lr[c][i].state != 0;
	}
	return n;
}

/* The guest acknowledged and deactivated everything in CPU c's list registers. */
static void guest_eoi_all(unsigned c)
{
	for (unsigned i = 0; i < FAKE_NR_LRS; i++) {
		fake_gic.lr[c][i].state = 0;
	}
}

static bool kicked(uint64_t mpidr)
{
	for (unsigned i = 0; i < fake_gic.nr_sgis && i < FAKE_LOG; i++) {
		if (fake_gic.sgis[i].sgi == GIC_SGI_KICK && fake_gic.sgis[i].mpidr == mpidr) {
			return true;
		}
	}
	return false;
}

static bool enable_logged(uint32_t intid, uint64_t mpidr, bool on)
{
	for (unsigned i = 0; i < fake_gic.nr_enables && i < FAKE_LOG; i++) {
		const struct fake_enable *e = &fake_gic.enables[i];

		if (e->intid == intid && e->mpidr == mpidr && e->on == on) {
			return true;
		}
	}
	return false;
}

static bool route_logged(uint32_t intid, uint64_t mpidr)
{
	for (unsigned i = 0; i < fake_gic.nr_routes && i < FAKE_LOG; i++) {
		if (fake_gic.routes[i].intid == intid && fake_gic.routes[i].mpidr == mpidr) {
			return true;
		}
	}
	return false;
}

/* ICC_SGI1R_EL1 value: SGI sgi to the vCPUs in target_list (Aff3..1 = 0). */
static uint64_t sgi1r(uint32_t sgi, uint32_t target_list)
{
	return (uint64_t)sgi << 24 | target_list;
}

static void test_id_regs(void)
{
	setup(3);
	CHECK(rd32(GICD(GICD_PIDR2_V3)) == 0x3b, "vgic: GICD_PIDR2 reads 0x3b (GICv3)");
	CHECK((rd32(GICD(GICD_TYPER)) & 0x1f) == VGIC_NR_IRQS / 32 - 1,
	      "vgic: GICD_TYPER.ITLinesNumber covers 128 INTIDs");
	uint64_t t1 = rd(GICR(1, GICR_TYPER), 8), t0 = rd(GICR(0, GICR_TYPER), 8);

	CHECK(((t1 >> 32) & 0xffffffff) == 1 && (t1 & GICR_TYPER_LAST),
	      "vgic: GICR_TYPER of vCPU 1 has affinity 1 and Last");
	CHECK(((t0 >> 32) & 0xffffffff) == 0 && !(t0 & GICR_TYPER_LAST),
	      "vgic: GICR_TYPER of vCPU 0 has affinity 0 and not Last");
	CHECK(rd32(GICR(1, GICR_TYPER + 4)) == 1, "vgic: GICR_TYPER high word alone reads the affinity");
	CHECK(rd32(GICR(0, 0xffe8)) == 0x3b, "vgic: GICR_PIDR2 reads 0x3b");
	CHECK(rd(GICR(2, 0), 4) == 0xbad0bad0bad0bad0ull,
	      "vgic: no redistributor frame past the last vCPU (not handled)");
}

static void test_enable_priority(void)
{
	setup(3);
	wr32(GICR_SGI(0, GICD_ISENABLER), 1u << 3 | 1u << 20);
	bool both = (rd32(GICR_SGI(0, GICD_ISENABLER)) & (1u << 3 | 1u << 20)) == (1u << 3 | 1u << 20);

	wr32(GICR_SGI(0, GICD_ICENABLER), 1u << 3);
	uint32_t after = rd32(GICR_SGI(0, GICD_ICENABLER));

	CHECK(both && !(after & (1u << 3)) && (after & (1u << 20)),
	      "vgic: SGI 3 and PPI 20 enable, SGI 3 disables, through the redistributor");
	CHECK(!(rd32(GICR_SGI(1, GICD_ISENABLER)) & (1u << 20)),
	      "vgic: enabling PPI 20 of vCPU 0 leaves vCPU 1's PPI 20 alone");
	wr(GICR_SGI(0, GICD_IPRIORITYR + 3), 1, 0xa0);
	wr(GICR_SGI(0, GICD_IPRIORITYR + 20), 1, 0x58);
	CHECK(rd(GICR_SGI(0, GICD_IPRIORITYR + 3), 1) == 0xa0 &&
		      rd32(GICR_SGI(0, GICD_IPRIORITYR)) == 0xa0000000u &&
		      rd32(GICR_SGI(0, GICD_IPRIORITYR + 20)) == 0x58,
	      "vgic: priority byte write reads back (byte and word)");
}

static void test_pending(void)
{
	setup(3);
	wr32(GICR_SGI(0, GICD_ISPENDR), 1u << 5);
	CHECK((rd32(GICR_SGI(0, GICD_ISPENDR)) & (1u << 5)) && (rd32(GICR_SGI(0, GICD_ICPENDR)) & (1u << 5)),
	      "vgic: ISPENDR of a disabled SGI reads back pending");
	wr32(GICR_SGI(0, GICD_ICPENDR), 1u << 5);
	CHECK(!(rd32(GICR_SGI(0, GICD_ISPENDR)) & (1u << 5)), "vgic: ICPENDR clears it");

	wr(GICR_SGI(0, GICD_IPRIORITYR + 5), 1, 0x40);
	wr32(GICR_SGI(0, GICD_ISPENDR), 1u << 5);
	vgic_refresh(on_cpu(0));
	CHECK(lr_of(0, 5) < 0 && !vgic_pending(this_vcpu()),
	      "vgic: a disabled pending SGI is not put in a list register");
	wr32(GICR_SGI(0, GICD_ISENABLER), 1u << 5);
	int i = lr_of(0, 5);

	CHECK(i >= 0 && fake_gic.lr[0][i].priority == 0x40 && fake_gic.lr[0][i].state == GIC_LR_PENDING &&
		      !fake_gic.lr[0][i].hw,
	      "vgic: enabling it puts it in a list register with its priority");
	CHECK(rd32(GICR_SGI(0, GICD_ISPENDR)) & (1u << 5), "vgic: pending in a list register still reads pending");
	CHECK(vgic_pending(this_vcpu()), "vgic: vgic_pending sees it");
}

static void test_sgi_delivery(void)
{
	setup(3);
	on_cpu(0);
	wr32(GICR_SGI(0, GICD_ISENABLER), 0xffff);
	wr32(GICR_SGI(1, GICD_ISENABLER), 0xffff); /* vCPU 0 enables vCPU 1's SGIs */
	CHECK(rd32(GICR_SGI(1, GICD_ISENABLER)) == 0xffff, "vgic: vCPU 0 enables vCPU 1's SGIs via its frame");

	vgic_sgi1r(on_cpu(0), sgi1r(1, 1u << 0));
	int i = lr_of(0, 1);

	CHECK(i >= 0 && fake_gic.lr[0][i].source == 0 && lrs_used(1) == 0,
	      "vgic: SGI from vCPU 0 to itself lands in CPU 0's list registers");

	fake_gic_clear_logs();
	vgic_sgi1r(on_cpu(0), sgi1r(2, 1u << 1));
	CHECK(lr_of(0, 2) < 0 && lrs_used(1) == 0 && kicked(1) && fake_gic.nr_sgis == 1,
	      "vgic: SGI to vCPU 1 from CPU 0 touches no list register and kicks MPIDR 1");
	vgic_refresh(on_cpu(1));
	i = lr_of(1, 2);
	CHECK(i >= 0 && fake_gic.lr[1][i].source == 0 && fake_gic.lr[1][i].state == GIC_LR_PENDING,
	      "vgic: the kicked CPU 1's refresh puts it in its list registers");

	/* IRM: everyone but the sender. */
	setup(3);
	on_cpu(1);
	wr32(GICR_SGI(0, GICD_ISENABLER), 0xffff);
	wr32(GICR_SGI(1, GICD_ISENABLER), 0xffff);
	vgic_sgi1r(on_cpu(1), 1ull << 40 | sgi1r(9, 0));
	CHECK(lr_of(1, 9) < 0 && kicked(0), "vgic: SGI1R.IRM reaches the others, not the sender");
	fake_gic_clear_logs();
	vgic_sgi1r(on_cpu(0), sgi1r(4, 1u << 1) | 1ull << 16); /* Aff1 = 1: no such vCPU */
	CHECK(fake_gic.nr_sgis == 0 && lr_of(0, 4) < 0,
	      "vgic: SGI1R to Aff1 = 1 names no vCPU: nothing sent");
}

static void test_lr_overflow(void)
{
	static const uint8_t prio[6] = { 0x50, 0x20, 0x60, 0x10, 0x40, 0x30 };

	setup(3);
	struct vcpu *v = on_cpu(0);

	for (unsigned s = 0; s < 6; s++) {
		wr(GICR_SGI(0, GICD_IPRIORITYR + s), 1, prio[s]);
	}
	wr32(GICR_SGI(0, GICD_ISPENDR), 0x3f);
	wr32(GICR_SGI(0, GICD_ISENABLER), 0x3f);
	bool best4 = lr_of(0, 3) >= 0 && lr_of(0, 1) >= 0 && lr_of(0, 5) >= 0 && lr_of(0, 4) >= 0;

	CHECK(best4 && lrs_used(0) == 4, "vgic: overflow: the 4 highest-priority SGIs are in the LRs");
	CHECK(fake_gic.underflow[0], "vgic: overflow: underflow interrupt requested");
	CHECK((rd32(GICR_SGI(0, GICD_ISPENDR)) & 0x3f) == 0x3f, "vgic: overflow: all 6 read pending");
	guest_eoi_all(0);
	vgic_refresh(v);
	CHECK(lr_of(0, 0) >= 0 && lr_of(0, 2) >= 0 && lrs_used(0) == 2,
	      "vgic: overflow: after the guest's EOIs the remaining 2 arrive");
	CHECK(!fake_gic.underflow[0], "vgic: overflow: underflow request dropped");
	guest_eoi_all(0);
	vgic_refresh(v);
	CHECK(lrs_used(0) == 0 && !vgic_pending(v) && (rd32(GICR_SGI(0, GICD_ISPENDR)) & 0x3f) == 0,
	      "vgic: overflow: all done, nothing pending");

	/* Eviction: 4 low-priority pending-only SGIs fill the LRs; a better one arrives. */
	setup(3);
	v = on_cpu(0);
	wr32(GICR_SGI(0, GICD_ISENABLER), 0x1f);
	for (unsigned s = 0; s < 4; s++) {
		wr(GICR_SGI(0, GICD_IPRIORITYR + s), 1, 0x80 + s);
		vgic_sgi1r(v, sgi1r(s, 1));
	}
	wr(GICR_SGI(0, GICD_IPRIORITYR + 4), 1, 0x10);
	bool full = lrs_used(0) == 4 && !fake_gic.underflow[0];

	vgic_sgi1r(v, sgi1r(4, 1));
	int i = lr_of(0, 4);

	CHECK(full && i >= 0 && fake_gic.lr[0][i].priority == 0x10 && lr_of(0, 3) < 0 && lr_of(0, 0) >= 0 &&
		      lr_of(0, 1) >= 0 && lr_of(0, 2) >= 0,
	      "vgic: a higher-priority SGI evicts the lowest-priority pending one");
	CHECK((rd32(GICR_SGI(0, GICD_ISPENDR)) & (1u << 3)) && fake_gic.underflow[0],
	      "vgic: the evicted SGI is still pending and underflow is requested");

	/* Active ones are not evicted. */
	for (unsigned k = 0; k < FAKE_NR_LRS; k++) {
		fake_gic.lr[0][k].state = GIC_LR_ACTIVE;
	}
	wr(GICR_SGI(0, GICD_IPRIORITYR + 6), 1, 0x00);
	wr32(GICR_SGI(0, GICD_ISENABLER), 1u << 6);
	vgic_sgi1r(v, sgi1r(6, 1));
	CHECK(lr_of(0, 6) < 0 && lrs_used(0) == 4 && fake_gic.underflow[0] && vgic_pending(v),
	      "vgic: active interrupts are never evicted; the new one waits");
}

static void test_pending_active(void)
{
	setup(3);
	struct vcpu *v = on_cpu(0);

	wr32(GICR_SGI(0, GICD_ISENABLER), 1u << 7);
	vgic_sgi1r(v, sgi1r(7, 1));
	int i = lr_of(0, 7);

	if (i >= 0) {
		fake_gic.lr[0][i].state = GIC_LR_ACTIVE; /* the guest acknowledged it */
	}
	vgic_sgi1r(v, sgi1r(7, 1));
	CHECK(i >= 0 && fake_gic.lr[0][i].state == (GIC_LR_PENDING | GIC_LR_ACTIVE) && lrs_used(0) == 1,
	      "vgic: an active SGI sent again becomes pending+active in the same LR");
	CHECK(rd32(GICR_SGI(0, 0x300)) & (1u << 7), "vgic: ISACTIVER0 reads it active");
}

static void test_hw_ppi(void)
{
	setup(3);
	struct vcpu *v = on_cpu(0);

	wr32(GICR_SGI(0, GICD_ISENABLER), 1u << GIC_PPI_VTIMER);
	CHECK(enable_logged(GIC_PPI_VTIMER, 0, true), "vgic: enabling PPI 27 enables the physical PPI 27 of CPU 0");
	bool taken = vgic_hw_irq(v, GIC_PPI_VTIMER);
	int i = lr_of(0, GIC_PPI_VTIMER);

	CHECK(taken && i >= 0 && fake_gic.lr[0][i].hw && fake_gic.lr[0][i].pintid == GIC_PPI_VTIMER &&
		      !fake_gic.lr[0][i].eoi_maint,
	      "vgic: vgic_hw_irq(27) gives an LR with hw=1, pintid 27");
	CHECK(!vgic_hw_irq(v, 28) && !vgic_hw_irq(v, CONSOLE_SPI) && !vgic_hw_irq(v, FOREIGN_SPI) &&
		      !vgic_hw_irq(v, GIC_SGI_KICK) && !vgic_hw_irq(v, GIC_PPI_MAINT) && !vgic_hw_irq(v, 200) &&
		      !vgic_hw_irq(v, GIC_SPURIOUS),
	      "vgic: vgic_hw_irq of an INTID that is not hardware-backed returns false");
}

static void test_spis(void)
{
	setup(3);
	on_cpu(0);
	wr32(GICD(GICD_CTLR), 2);
	fake_gic_clear_logs();
	wr32(GICD(GICD_ISENABLER + 4), 1u << (OWNED_SPI - 32));
	CHECK((rd32(GICD(GICD_ISENABLER + 4)) & (1u << (OWNED_SPI - 32))) && enable_logged(OWNED_SPI, 0, true),
	      "vgic: owned SPI 40 enables (and the physical SPI 40 too)");
	unsigned logs = fake_gic.nr_logs;

	wr32(GICD(GICD_ISENABLER + 4), 1u << (FOREIGN_SPI - 32));
	CHECK(!(rd32(GICD(GICD_ISENABLER + 4)) & (1u << (FOREIGN_SPI - 32))) &&
		      !fake_gic.enabled_touched[FOREIGN_SPI] && fake_gic.nr_logs == logs + 1 &&
		      vm.reports.count[VM_REPORT_GIC] == 1,
	      "vgic: SPI 41 (not owned): enable ignored, reads 0, refusal logged");
	wr(GICD(GICD_IPRIORITYR + FOREIGN_SPI), 1, 0x20);
	wr(GICD(GICD_IROUTER(FOREIGN_SPI)), 8, 1);
	CHECK(rd(GICD(GICD_IPRIORITYR + FOREIGN_SPI), 1) == 0 && rd(GICD(GICD_IROUTER(FOREIGN_SPI)), 8) == 0 &&
		      !fake_gic.routed_touched[FOREIGN_SPI] && vm.reports.count[VM_REPORT_GIC] == 3,
	      "vgic: SPI 41 priority and route: ignored, read 0, counted");

	wr(GICD(GICD_IROUTER(OWNED_SPI)), 8, 1);
	CHECK(rd(GICD(GICD_IROUTER(OWNED_SPI)), 8) == 1 && route_logged(OWNED_SPI, 1),
	      "vgic: IROUTER of SPI 40 to vCPU 1 reads back and routes the physical SPI to CPU 1");
	fake_gic_clear_logs();
	bool taken = vgic_hw_irq(on_cpu(0), OWNED_SPI);

	CHECK(taken && lr_of(0, OWNED_SPI) < 0 && kicked(1), "vgic: SPI 40 routed to vCPU 1: CPU 0 kicks CPU 1");
	vgic_refresh(on_cpu(1));
	int i = lr_of(1, OWNED_SPI);

	CHECK(i >= 0 && fake_gic.lr[1][i].hw && fake_gic.lr[1][i].pintid == OWNED_SPI,
	      "vgic: SPI 40 arrives in CPU 1's list registers with hw=1");
	wr(GICD(GICD_IROUTER(OWNED_SPI)), 8, 1ull << 31 | 1);
	CHECK(rd(GICD(GICD_IROUTER(OWNED_SPI)), 8) == 0, "vgic: IROUTER.IRM (any) routes to vCPU 0");
	wr(GICD(GICD_IROUTER(OWNED_SPI)), 8, 7);
	CHECK(rd(GICD(GICD_IROUTER(OWNED_SPI)), 8) == 0, "vgic: IROUTER to a vCPU that does not exist routes to vCPU 0");
}

static void test_console_line(void)
{
	setup(3);
	struct vcpu *v = on_cpu(0);

	wr32(GICD(GICD_CTLR), 2);
	wr32(GICD(GICD_ISENABLER + 4), 1u << (CONSOLE_SPI - 32));
	vgic_set_line(&vm, CONSOLE_SPI, true);
	int i = lr_of(0, CONSOLE_SPI);

	CHECK(i >= 0 && fake_gic.lr[0][i].eoi_maint && !fake_gic.lr[0][i].hw,
	      "vgic: console line high gives an LR with eoi_maint");
	guest_eoi_all(0);
	vgic_refresh(v);
	i = lr_of(0, CONSOLE_SPI);
	CHECK(i >= 0 && fake_gic.lr[0][i].state == GIC_LR_PENDING,
	      "vgic: console: EOI with the line still high: pending again");
	vgic_set_line(&vm, CONSOLE_SPI, false);
	guest_eoi_all(0);
	vgic_refresh(v);
	CHECK(lr_of(0, CONSOLE_SPI) < 0 && !(rd32(GICD(GICD_ISPENDR + 4)) & (1u << (CONSOLE_SPI - 32))) &&
		      !vgic_pending(v),
	      "vgic: console: EOI with the line low: not pending");
	wr32(GICD(GICD_ICPENDR + 4), 1u << (CONSOLE_SPI - 32));
	vgic_set_line(&vm, CONSOLE_SPI, true);
	wr32(GICD(GICD_ICPENDR + 4), 1u << (CONSOLE_SPI - 32));
	CHECK(rd32(GICD(GICD_ISPENDR + 4)) & (1u << (CONSOLE_SPI - 32)),
	      "vgic: console: ICPENDR cannot clear a line that is still high");
}

static void test_ctlr_gate(void)
{
	setup(3);
	struct vcpu *v = on_cpu(0);

	wr32(GICD(GICD_ISENABLER + 4), 1u << (CONSOLE_SPI - 32));
	wr32(GICD(GICD_ISPENDR + 4), 1u << (CONSOLE_SPI - 32));
	vgic_refresh(v);
	CHECK(lr_of(0, CONSOLE_SPI) < 0 && !vgic_pending(v) && (rd32(GICD(GICD_CTLR)) & 2) == 0,
	      "vgic: GICD_CTLR group 1 off: an enabled pending SPI is not delivered");
	wr32(GICD(GICD_CTLR), 2);
	CHECK(lr_of(0, CONSOLE_SPI) >= 0 && (rd32(GICD(GICD_CTLR)) & 0x12) == 0x12,
	      "vgic: setting GICD_CTLR.EnableGrp1 delivers it (ARE reads 1)");
}

/* xorshift64: reproducible garbage. */
static uint64_t rnd_state = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

/* What a guest may do to its list registers: acknowledge, EOI. */
static void guest_plays(unsigned c)
{
	for (unsigned i = 0; i < FAKE_NR_LRS; i++) {
		struct gic_lr *lr = &fake_gic.lr[c][i];
		unsigned r = (unsigned)rnd() % 4;

		if (lr->state & GIC_LR_PENDING && r == 0) {
			lr->state = GIC_LR_ACTIVE;
		} else if (lr->state && r == 1) {
			lr->state = 0;
		}
	}
}

/* Each CPU's list registers agree with its vCPU's bookkeeping, and hw=1 only for what the VM owns. */
static bool lrs_sane(void)
{
	for (unsigned c = 0; c < 2; c++) {
		for (unsigned i = 0; i < FAKE_NR_LRS; i++) {
			const struct gic_lr *lr = &fake_gic.lr[c][i];

			if (!lr->state) {
				continue;
			}
			if (vm.vcpu[c].gic.lr_intid[i] != lr->vintid || lr->vintid >= VGIC_NR_IRQS) {
				return false;
			}
			if (lr->hw && lr->pintid != OWNED_SPI && lr->pintid != GIC_PPI_VTIMER &&
			    lr->pintid != GIC_PPI_PTIMER) {
				return false;
			}
			for (unsigned k = i + 1; k < FAKE_NR_LRS; k++) {
				if (fake_gic.lr[c][k].state && fake_gic.lr[c][k].vintid == lr->vintid) {
					return false;
				}
			}
		}
	}
	return true;
}

static void garbage_window(uint64_t base, uint64_t size)
{
	static const unsigned sizes[] = { 1, 2, 4, 8 };

	for (uint64_t off = 0; off < size; off += 4) {
		unsigned c = (unsigned)(off >> 2) & 1;

		on_cpu(c);
		wr(base + off, 4, rnd());
		(void)rd(base + off, 4);
		if ((off & 0xff) == 0) {
			guest_plays(c);
			vgic_refresh(&vm.vcpu[c]);
			vgic_hw_irq(&vm.vcpu[c], (uint32_t)rnd() % 1100);
		}
	}
	for (unsigned n = 0; n < 20000; n++) {
		unsigned c = n & 1, sz = sizes[rnd() % 4];
		uint64_t off = (rnd() % size) & ~(uint64_t)(sz - 1);

		on_cpu(c);
		if (rnd() & 1) {
			wr(base + off, sz, rnd());
		} else {
			(void)rd(base + off, sz);
		}
		if (n % 64 == 0) {
			guest_plays(c);
			vgic_sgi1r(&vm.vcpu[c], rnd());
			vgic_set_line(&vm, CONSOLE_SPI, rnd() & 1);
			(void)vgic_pending(&vm.vcpu[c]);
		}
	}
}

static void test_garbage(void)
{
	setup(3);
	garbage_window(CFG_GUEST_GICD_BASE, CFG_GUEST_GICD_SIZE);
	garbage_window(GICR(0, 0), CFG_GUEST_GICR_STRIDE);
	garbage_window(GICR(1, 0), CFG_GUEST_GICR_STRIDE);
	garbage_window(CFG_GUEST_GICD_BASE, CFG_GUEST_GICD_SIZE);
	CHECK(1, "vgic: random writes to GICD and both redistributors: no crash");

	on_cpu(0);
	bool foreign_zero = !(rd32(GICD(GICD_ISENABLER + 4)) & (1u << (FOREIGN_SPI - 32))) &&
			    !(rd32(GICD(GICD_ISPENDR + 4)) & (1u << (FOREIGN_SPI - 32))) &&
			    rd(GICD(GICD_IPRIORITYR + FOREIGN_SPI), 1) == 0 &&
			    rd(GICD(GICD_IROUTER(FOREIGN_SPI)), 8) == 0;

	CHECK(foreign_zero, "vgic: after garbage SPI 41 still reads 0");
	bool phys_ok = true;

	for (unsigned i = 0; i < 1024; i++) {
		bool allowed_enable = i == OWNED_SPI || i == GIC_PPI_VTIMER || i == GIC_PPI_PTIMER;

		phys_ok &= !fake_gic.enabled_touched[i] || allowed_enable;
		phys_ok &= !fake_gic.routed_touched[i] || i == OWNED_SPI;
	}
	for (unsigned i = 0; i < fake_gic.nr_routes && i < FAKE_LOG; i++) {
		phys_ok &= fake_gic.routes[i].mpidr < 2;
	}
	CHECK(phys_ok, "vgic: after garbage only owned interrupts were enabled or routed physically");
	CHECK(lrs_sane(), "vgic: after garbage list registers match the bookkeeping, hw=1 only for owned");
	for (unsigned c = 0; c < 2; c++) {
		on_cpu(c);
		guest_eoi_all(c);
		vgic_refresh(&vm.vcpu[c]);
	}
	CHECK(lrs_sane(), "vgic: after garbage and EOIs the list registers are still consistent");
}

static void test_v2(void)
{
	setup(2);
	on_cpu(0);
	CHECK(rd32(GICD(GICD_PIDR2_V2)) == 0x2b, "vgic: GICv2 GICD_PIDR2 at 0xFE8 reads 0x2b");
	CHECK(rd(GICR(0, 0), 4) == 0xbad0bad0bad0bad0ull, "vgic: GICv2 has no redistributor window");
	CHECK(((rd32(GICD(GICD_TYPER)) >> 5) & 7) == 1, "vgic: GICv2 GICD_TYPER.CPUNumber = 2 CPUs - 1");
	on_cpu(1);
	bool t1 = rd(GICD(GICD_ITARGETSR + 3), 1) == 0x02 && rd32(GICD(GICD_ITARGETSR)) == 0x02020202u;

	on_cpu(0);
	bool t0 = rd(GICD(GICD_ITARGETSR + 3), 1) == 0x01;

	CHECK(t1 && t0, "vgic: GICv2 ITARGETSR of an SGI reads the accessing vCPU's mask");
	on_cpu(1);
	wr32(GICD(GICD_ISENABLER), 1u << 6); /* banked: vCPU 1's own SGI 6 */
	on_cpu(0);
	CHECK(!(rd32(GICD(GICD_ISENABLER)) & (1u << 6)), "vgic: GICv2 ISENABLER0 is banked per vCPU");
	fake_gic_clear_logs();
	wr32(GICD(GICD_SGIR), 1u << (16 + 1) | 6);
	CHECK(kicked(1) && lr_of(0, 6) < 0, "vgic: GICv2 GICD_SGIR to vCPU 1 kicks CPU 1");
	vgic_refresh(on_cpu(1));
	int i = lr_of(1, 6);

	CHECK(i >= 0 && fake_gic.lr[1][i].source == 0, "vgic: GICv2 SGI arrives at vCPU 1 with source = 0");

	/* SPIs: the v2 enable bits (either group) gate them; ITARGETSR routes them. */
	on_cpu(0);
	wr32(GICD(GICD_CTLR), 1);
	wr(GICD(GICD_ITARGETSR + OWNED_SPI), 1, 0x02);
	CHECK(rd(GICD(GICD_ITARGETSR + OWNED_SPI), 1) == 0x02 && route_logged(OWNED_SPI, 1),
	      "vgic: GICv2 ITARGETSR routes owned SPI 40 to vCPU 1");
	wr(GICD(GICD_ITARGETSR + FOREIGN_SPI), 1, 0x02);
	CHECK(rd(GICD(GICD_ITARGETSR + FOREIGN_SPI), 1) == 0 && vm.reports.count[VM_REPORT_GIC] == 1,
	      "vgic: GICv2 ITARGETSR of SPI 41 (not owned) refused");
	wr32(GICD(GICD_ISENABLER + 4), 1u << (CONSOLE_SPI - 32));
	vgic_set_line(&vm, CONSOLE_SPI, true);
	CHECK(lr_of(0, CONSOLE_SPI) >= 0, "vgic: GICv2 GICD_CTLR bit 0 enables SPI delivery");
	CHECK(rd(GICD(GICD_IROUTER(OWNED_SPI)), 8) == 0, "vgic: GICv2 has no IROUTER");

	setup(2);
	garbage_window(CFG_GUEST_GICD_BASE, CFG_GUEST_GICD_SIZE);
	on_cpu(1);
	CHECK(rd(GICD(GICD_ITARGETSR + FOREIGN_SPI), 1) == 0 && !(rd32(GICD(GICD_ISENABLER + 4)) & (1u << 9)) &&
		      !fake_gic.enabled_touched[FOREIGN_SPI] && !fake_gic.routed_touched[FOREIGN_SPI] && lrs_sane(),
	      "vgic: GICv2 random writes to GICD: no crash, SPI 41 untouched, LRs consistent");
}

/* Reserved offsets of the redistributor's SGI frame are RAZ/WI: only INTIDs 0-31 live there. */
static void test_gicr_reserved(void)
{
	setup(3);
	on_cpu(0);
	wr32(GICR_SGI(0, GICD_ISENABLER + 4), 1u << (CONSOLE_SPI - 32));
	wr(GICR_SGI(0, GICD_IPRIORITYR + OWNED_SPI), 1, 0x30);
	CHECK(!(rd32(GICD(GICD_ISENABLER + 4)) & (1u << (CONSOLE_SPI - 32))) &&
		      rd(GICD(GICD_IPRIORITYR + OWNED_SPI), 1) == 0,
	      "vgic: GICR SGI-frame offsets past INTID 31 (reserved) do not reach the SPIs");
}

/* A hardware-backed interrupt the hypervisor acknowledged stays active until the guest's EOI. */
static void test_hw_icpendr(void)
{
	setup(3);
	struct vcpu *v = on_cpu(0);

	/* SPI 40 fired while the guest had it disabled: pending, physically active. */
	vgic_hw_irq(v, OWNED_SPI);
	wr32(GICD(GICD_ICPENDR + 4), 1u << (OWNED_SPI - 32));
	bool still = rd32(GICD(GICD_ISPENDR + 4)) & (1u << (OWNED_SPI - 32));
	bool deactivated = false;

	for (unsigned i = 0; i < fake_gic.nr_deactivates && i < FAKE_LOG; i++) {
		deactivated |= fake_gic.deactivates[i] == OWNED_SPI;
	}
	CHECK(still || deactivated,
	      "vgic: ICPENDR of an acknowledged hw SPI does not leave the physical SPI active forever");
}

static bool deactivated(uint32_t intid)
{
	for (unsigned i = 0; i < fake_gic.nr_deactivates && i < FAKE_LOG; i++) {
		if (fake_gic.deactivates[i] == intid) {
			return true;
		}
	}
	return false;
}

/* Priorities keep the bits the virtual CPU interface has (5 on QEMU's, and always on GICv2). */
static void test_prio_bits(void)
{
	setup(3);
	fake_gic.vprio_bits = 5;
	vgic_init(&vm);
	on_cpu(0);
	wr(GICR_SGI(0, GICD_IPRIORITYR + 20), 1, 0xff);
	wr(GICD(GICD_IPRIORITYR + OWNED_SPI), 1, 0x57);
	CHECK(rd(GICR_SGI(0, GICD_IPRIORITYR + 20), 1) == 0xf8 &&
		      rd(GICD(GICD_IPRIORITYR + OWNED_SPI), 1) == 0x50,
	      "vgic: with 5 priority bits, 0xff reads 0xf8 and 0x57 reads 0x50");
}

/* GICv2 ITARGETSR keeps the vCPUs written (those the VM has); with none the SPI waits. */
static void test_v2_targets(void)
{
	setup(2);
	on_cpu(0);
	wr32(GICD(GICD_CTLR), 1);
	wr(GICD(GICD_ITARGETSR + CONSOLE_SPI), 1, 0xff);
	CHECK(rd(GICD(GICD_ITARGETSR + CONSOLE_SPI), 1) == 0x03,
	      "vgic: GICv2 ITARGETSR 0xff of SPI 33 reads 0x03 (2 vCPUs)");
	wr(GICD(GICD_ITARGETSR + CONSOLE_SPI), 1, 0);
	wr32(GICD(GICD_ISENABLER + 4), 1u << (CONSOLE_SPI - 32));
	vgic_set_line(&vm, CONSOLE_SPI, true);
	bool waits = lr_of(0, CONSOLE_SPI) < 0 && lr_of(1, CONSOLE_SPI) < 0 &&
		     rd(GICD(GICD_ITARGETSR + CONSOLE_SPI), 1) == 0 &&
		     (rd32(GICD(GICD_ISPENDR + 4)) & (1u << (CONSOLE_SPI - 32)));

	fake_gic_clear_logs();
	wr(GICD(GICD_ITARGETSR + CONSOLE_SPI), 1, 0x06);
	vgic_refresh(on_cpu(1));
	CHECK(waits && lr_of(1, CONSOLE_SPI) >= 0 && rd(GICD(GICD_ITARGETSR + CONSOLE_SPI), 1) == 0x02,
	      "vgic: GICv2 SPI 33 with no target waits pending; targeted 0x06 it goes to vCPU 1 and "
	      "reads 0x02");
}

/*
 * A hardware level interrupt reads as its physical line: pending though
 * disabled or not yet taken; once the line drops, an instance the guest
 * has not started on is given back (not delivered later), and disabling
 * one gives it back too.
 */
static void test_hw_line(void)
{
	setup(3);
	struct vcpu *v = on_cpu(0);
	uint64_t ispendr0 = GICR_SGI(0, GICD_ISPENDR);
	uint32_t bit = 1u << GIC_PPI_VTIMER;

	fake_gic.line[0][GIC_PPI_VTIMER] = true;
	CHECK(rd32(ispendr0) & bit, "vgic: PPI 27 disabled, its line high: reads pending");
	wr32(GICR_SGI(0, GICD_ISENABLER), bit);
	vgic_hw_irq(v, GIC_PPI_VTIMER);
	CHECK(lr_of(0, GIC_PPI_VTIMER) >= 0 && (rd32(ispendr0) & bit),
	      "vgic: PPI 27 taken, in a list register, line high: reads pending");
	fake_gic.line[0][GIC_PPI_VTIMER] = false;
	fake_gic_clear_logs();
	bool low = !(rd32(ispendr0) & bit);

	CHECK(low && lr_of(0, GIC_PPI_VTIMER) < 0 && deactivated(GIC_PPI_VTIMER) && !vgic_pending(v),
	      "vgic: PPI 27's line dropped: reads not pending, its list register emptied, the "
	      "physical PPI deactivated");

	fake_gic.line[0][GIC_PPI_VTIMER] = true;
	vgic_hw_irq(v, GIC_PPI_VTIMER);
	int i = lr_of(0, GIC_PPI_VTIMER);

	fake_gic.lr[0][i].state = GIC_LR_ACTIVE; /* the guest acknowledged it */
	fake_gic_clear_logs();
	CHECK((rd32(ispendr0) & bit) && (rd32(GICR_SGI(0, 0x300)) & bit) && !deactivated(GIC_PPI_VTIMER),
	      "vgic: PPI 27 active, line still high: reads active and pending, stays active");
	fake_gic.lr[0][i].state = 0; /* and finished it */
	vgic_hw_irq(v, GIC_PPI_VTIMER);
	fake_gic_clear_logs();
	wr32(GICR_SGI(0, GICD_ICENABLER), bit);
	CHECK(lr_of(0, GIC_PPI_VTIMER) < 0 && deactivated(GIC_PPI_VTIMER) && !vgic_pending(v),
	      "vgic: disabling PPI 27 while it waits in a list register gives it back");
}

/*
 * Run fn in a child process: true if it returned true without crashing or
 * a sanitizer report (those go to stderr, into the test log), so a defect
 * that corrupts memory fails one check instead of ending the test.
 */
static bool survives(bool (*fn)(void))
{
	int status;

	fflush(stdout);
	fflush(stderr);
	pid_t pid = fork();

	if (pid == 0) {
		_exit(fn() ? 0 : 1);
	}
	return pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* The console line is in vCPU 0's list register; then the guest routes SPI 33 to vCPU 1. */
static struct vcpu *console_in_lr_of_vcpu0(void)
{
	setup(3);
	struct vcpu *v = on_cpu(0);

	wr32(GICD(GICD_CTLR), 2);
	wr32(GICD(GICD_ISENABLER + 4), 1u << (CONSOLE_SPI - 32));
	vgic_set_line(&vm, CONSOLE_SPI, true);
	return v;
}

static bool reroute_while_in_lr(void)
{
	console_in_lr_of_vcpu0();
	if (lr_of(0, CONSOLE_SPI) < 0) {
		return false;
	}
	wr(GICD(GICD_IROUTER(CONSOLE_SPI)), 8, 1);     /* Linux does this when CPU 0 goes offline */
	wr32(GICD(GICD_ISPENDR + 4), 1u << (CONSOLE_SPI - 32));
	vgic_refresh(on_cpu(1));                       /* the kick: lr_fill on vCPU 1 */
	guest_eoi_all(0);
	vgic_refresh(on_cpu(0));
	vgic_refresh(on_cpu(1));
	return lrs_sane();
}

/* As above, but vCPU 1 is busy with SGI 2 (active) in the register SPI 33 had on CPU 0. */
static bool reroute_onto_busy_lr(void)
{
	struct vcpu *v1;

	console_in_lr_of_vcpu0();
	int i0 = lr_of(0, CONSOLE_SPI);

	v1 = on_cpu(1);
	wr32(GICR_SGI(1, GICD_ISENABLER), 1u << 2);
	vgic_sgi1r(v1, sgi1r(2, 1u << 1));
	int i1 = lr_of(1, 2);

	if (i0 < 0 || i1 != i0) {
		return false;
	}
	fake_gic.lr[1][i1].state = GIC_LR_ACTIVE;      /* vCPU 1 is handling SGI 2 */
	on_cpu(0);
	wr(GICD(GICD_IROUTER(CONSOLE_SPI)), 8, 1);
	wr32(GICD(GICD_ISPENDR + 4), 1u << (CONSOLE_SPI - 32));
	vgic_refresh(on_cpu(1));
	return fake_gic.lr[1][i1].vintid == 2 && fake_gic.lr[1][i1].state == GIC_LR_ACTIVE && lrs_sane();
}

static bool reset_while_in_lr(void)
{
	console_in_lr_of_vcpu0();
	if (lr_of(0, CONSOLE_SPI) != 0) {
		return false;
	}
	/* vCPU 0 goes through PSCI CPU_OFF / CPU_ON: vcpu_park resets its vGIC state. */
	struct vcpu *v = on_cpu(0);

	vgic_vcpu_reset(v);
	/* Back up, it enables its timer, which fires and is being handled in LR 0. */
	wr32(GICR_SGI(0, GICD_ISENABLER), 1u << GIC_PPI_VTIMER);
	vgic_hw_irq(v, GIC_PPI_VTIMER);
	if (lr_of(0, GIC_PPI_VTIMER) != 0) {
		return false;
	}
	fake_gic.lr[0][0].state = GIC_LR_ACTIVE;
	vgic_set_line(&vm, CONSOLE_SPI, false);
	vgic_set_line(&vm, CONSOLE_SPI, true);        /* the console has output again */
	vgic_refresh(v);
	return lr_of(0, CONSOLE_SPI) > 0 && fake_gic.lr[0][0].vintid == GIC_PPI_VTIMER &&
	       fake_gic.lr[0][0].state == GIC_LR_ACTIVE && lrs_sane();
}

int main(void)
{
	test_id_regs();
	test_enable_priority();
	test_pending();
	test_sgi_delivery();
	test_lr_overflow();
	test_pending_active();
	test_hw_ppi();
	test_spis();
	test_console_line();
	test_ctlr_gate();
	test_garbage();
	test_v2();
	test_gicr_reserved();
	test_hw_icpendr();
	test_prio_bits();
	test_v2_targets();
	test_hw_line();
	CHECK(survives(reroute_while_in_lr),
	      "vgic: IROUTER of SPI 33 while it is in vCPU 0's LR, then pending: no crash, LRs consistent");
	CHECK(survives(reroute_onto_busy_lr),
	      "vgic: SPI 33 rerouted to vCPU 1 does not mark vCPU 1's active SGI 2 LR pending");
	CHECK(survives(reset_while_in_lr),
	      "vgic: vCPU reset while SPI 33 is in its LR: SPI 33 later gets an LR of its own, "
	      "the timer's active LR is left alone");
	return check_status();
}
