/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The vGIC fuzz target's seeds and bug inputs, written in the target's
 * input format by LLVMFuzzerInitialize when FUZZ_WRITE_SEEDS=<dir> is set:
 * <dir>/seeds, the start of the corpus; <dir>/regress, one input per bug
 * found, which breaks an invariant until that bug is fixed (fuzz-check
 * replays them with FUZZ_KNOWN_BUGS=1).
 */
#include "fuzz_vgic.h"

static uint8_t code_of(enum op op)
{
	for (unsigned i = 0; i < nr_dispatch; i++) {
		if (dispatch[i] == op) {
			return (uint8_t)i;
		}
	}
	abort();
}

/* The VM: GIC version, vCPUs, list registers, vCPUs 1-7 running, hardware SPIs, doorbells. */
static void s_vm(struct seed *s, unsigned version, unsigned nr, unsigned lrs, uint8_t started,
		 const uint32_t *hw, unsigned nr_hw, const uint32_t *db, unsigned nr_db)
{
	put_u8(s, (uint8_t)((version == 2) | (nr - 1) << 1));
	put_u8(s, (uint8_t)(lrs - 2));
	put_u8(s, started);
	put_u8(s, (uint8_t)nr_hw);
	for (unsigned i = 0; i < nr_hw; i++) {
		put_u8(s, (uint8_t)(hw[i] - 32));
	}
	put_u8(s, (uint8_t)nr_db);
	for (unsigned i = 0; i < nr_db; i++) {
		put_u8(s, (uint8_t)(db[i] - 32));
	}
}

/* An access by vCPU v to offset off of block b of a region (frame: whose redistributor). */
static void s_mmio(struct seed *s, unsigned v, enum region r, unsigned frame, enum reg_block b,
		   unsigned off, unsigned size, bool write, uint64_t val, bool misalign)
{
	put_u8(s, code_of(OP_MMIO));
	put_u8(s, (uint8_t)v);
	put_u8(s, (uint8_t)(r | frame << 2));
	put_u8(s, (uint8_t)b);
	put_u8(s, (uint8_t)(__builtin_ctz(size) | (write ? MMIO_WRITE : 0) |
			    (misalign ? MMIO_MISALIGN : 0)));
	put_u16(s, (uint16_t)(off / regs[b].stride));
	if (write) {
		put_u64(s, val);
	}
}

static void wr(struct seed *s, unsigned v, enum reg_block b, unsigned off, unsigned size,
	       uint64_t val)
{
	s_mmio(s, v, REG_GICD, 0, b, off, size, true, val, false);
}

static void rd(struct seed *s, unsigned v, enum reg_block b, unsigned off, unsigned size)
{
	s_mmio(s, v, REG_GICD, 0, b, off, size, false, 0, false);
}

/* vCPU v writes the SGI frame of vCPU t's redistributor. */
static void wr_sgi(struct seed *s, unsigned v, unsigned t, enum reg_block b, unsigned off,
		   uint64_t val)
{
	s_mmio(s, v, REG_GICR_SGI, t, b, off, 4, true, val, false);
}

static void op2(struct seed *s, enum op op, uint8_t a, uint8_t b)
{
	put_u8(s, code_of(op));
	put_u8(s, a);
	put_u8(s, b);
}

static void op1(struct seed *s, enum op op, uint8_t a)
{
	put_u8(s, code_of(op));
	put_u8(s, a);
}

static void sgi1r(struct seed *s, unsigned v, unsigned sgi, uint16_t targets)
{
	op2(s, OP_SGI1R, (uint8_t)v, (uint8_t)(sgi << 4));
	put_u16(s, targets);
}

#define U32S(...) (const uint32_t[]){ __VA_ARGS__ }, sizeof((const uint32_t[]){ __VA_ARGS__ }) / 4

void write_seeds(const char *dir)
{
	char sub[400];
	struct seed s;

	snprintf(sub, sizeof(sub), "%s/seeds", dir);

	/* GICv3: SGIs through ICC_SGI1R to every vCPU, taken and finished. */
	s = (struct seed){ 0 };
	s_vm(&s, 3, 4, 4, 0xe, NULL, 0, NULL, 0);
	for (unsigned c = 0; c < 4; c++) {
		wr_sgi(&s, c, c, R_ISENABLER, 0, 0xffff);
	}
	sgi1r(&s, 0, 3, 0xe);
	sgi1r(&s, 1, 5, 0x1);
	for (unsigned c = 1; c < 4; c++) {
		op1(&s, OP_REFRESH, (uint8_t)c);
		op1(&s, OP_DONE, (uint8_t)c);
	}
	op1(&s, OP_DONE, 0);
	op1(&s, OP_WFI, 0);
	seed_write(sub, "v3-sgi", &s);

	/* GICv2: GICD_SGIR, SPENDSGIR/CPENDSGIR, ITARGETSR, banked ISENABLER0, a hardware SPI. */
	s = (struct seed){ 0 };
	s_vm(&s, 2, 3, 4, 0x6, U32S(40), NULL, 0);
	wr(&s, 0, R_CTLR, 0, 4, 3);
	for (unsigned c = 0; c < 3; c++) {
		wr(&s, c, R_ISENABLER, 0, 4, 0xffff);
	}
	wr(&s, 0, R_SGIR, 0, 4, 0x6u << 16 | 7);
	op1(&s, OP_REFRESH, 1);
	op1(&s, OP_REFRESH, 2);
	op1(&s, OP_DONE, 1);
	op1(&s, OP_DONE, 2);
	wr(&s, 1, R_SGIR, 0, 4, 2u << 24 | 4);
	op1(&s, OP_DONE, 1);
	wr(&s, 0, R_SGIR, 0x20, 1, 0x1);
	wr(&s, 0, R_SGIR, 0x10, 1, 0x1);
	rd(&s, 0, R_SGIR, 0x20, 4);
	wr(&s, 0, R_ITARGETSR, 40, 1, 4);
	wr(&s, 0, R_ISENABLER, 4, 4, 1u << 8);
	op2(&s, OP_HW_FIRE, 0, 0);
	op1(&s, OP_REFRESH, 2);
	op1(&s, OP_DONE, 2);
	rd(&s, 0, R_ITARGETSR, 40, 4);
	seed_write(sub, "v2-sgi-spi", &s);

	/* More pending SGIs than list registers: priorities, eviction, underflow. */
	s = (struct seed){ 0 };
	s_vm(&s, 3, 1, 2, 0, NULL, 0, NULL, 0);
	wr_sgi(&s, 0, 0, R_IPRIORITYR, 0, 0x10203040);
	wr_sgi(&s, 0, 0, R_IPRIORITYR, 4, 0x08182838);
	wr_sgi(&s, 0, 0, R_ISPENDR, 0, 0xff);
	wr_sgi(&s, 0, 0, R_ISENABLER, 0, 0xff);
	for (unsigned i = 0; i < 2; i++) {
		op2(&s, OP_ACK, 0, 0);
	}
	op2(&s, OP_EOI, 0, 0);
	op1(&s, OP_REFRESH, 0);
	for (unsigned i = 0; i < 6; i++) {
		op1(&s, OP_DONE, 0);
		op1(&s, OP_REFRESH, 0);
	}
	seed_write(sub, "overflow", &s);

	/* The EL1 timers (hardware PPIs): enable, fire, take, disable while pending. */
	s = (struct seed){ 0 };
	s_vm(&s, 3, 2, 4, 0x2, NULL, 0, NULL, 0);
	wr_sgi(&s, 0, 0, R_ISENABLER, 0, 1u << 27 | 1u << 30);
	wr_sgi(&s, 1, 1, R_ISENABLER, 0, 1u << 27);
	op2(&s, OP_HW_FIRE, 0, 0);
	op2(&s, OP_HW_FIRE, 1, 0);
	op2(&s, OP_HW_FIRE, 0, 1);
	op2(&s, OP_ACK, 0, 0);
	op2(&s, OP_EOI, 0, 0);
	op2(&s, OP_HW_FIRE, 0, 0);
	op1(&s, OP_DONE, 0);
	op2(&s, OP_HW_FIRE, 0, 0);
	wr_sgi(&s, 0, 0, R_ICENABLER, 0, 1u << 27);
	s_mmio(&s, 0, REG_GICR_SGI, 0, R_ISPENDR, 0, 4, false, 0, false);
	wr_sgi(&s, 0, 0, R_ISENABLER, 0, 1u << 27);
	op1(&s, OP_DONE, 0);
	seed_write(sub, "timers", &s);

	/* GICv3 hardware SPIs: routed with IROUTER, fired where routed, rerouted in flight. */
	s = (struct seed){ 0 };
	s_vm(&s, 3, 3, 4, 0x6, U32S(40, 48, 100), NULL, 0);
	wr(&s, 0, R_CTLR, 0, 4, 2);
	wr(&s, 0, R_ISENABLER, 4, 4, 1u << 8 | 1u << 16);
	wr(&s, 0, R_IROUTER, 8 * 40, 8, 2);
	wr(&s, 0, R_IPRIORITYR, 40, 1, 0x80);
	op2(&s, OP_HW_FIRE, 0, 0);
	op1(&s, OP_REFRESH, 2);
	op2(&s, OP_ACK, 2, 0);
	wr(&s, 0, R_IROUTER, 8 * 40, 8, 1);
	op2(&s, OP_EOI, 2, 0);
	op2(&s, OP_HW_FIRE, 0, 0);
	op1(&s, OP_REFRESH, 1);
	op1(&s, OP_DONE, 1);
	op2(&s, OP_HW_FIRE, 1, 0);
	op1(&s, OP_DONE, 0);
	rd(&s, 0, R_IROUTER, 8 * 48, 4);
	rd(&s, 0, R_ACTIVER, 4, 4);
	seed_write(sub, "v3-hw-spi", &s);

	/* The console and a doorbell raised from other CPUs; the console moved off a register. */
	s = (struct seed){ 0 };
	s_vm(&s, 3, 2, 4, 0x2, NULL, 0, U32S(50));
	wr(&s, 0, R_CTLR, 0, 4, 2);
	wr(&s, 0, R_ISENABLER, 4, 4, 1u << 1 | 1u << 18);
	op2(&s, OP_LINE, 0x80, 1);
	op2(&s, OP_LINE, 0x81, 2);
	wr(&s, 0, R_IROUTER, 8 * 33, 8, 1);
	op2(&s, OP_LINE, 0x00, 0);
	op2(&s, OP_LINE, 0x80, 0);
	op1(&s, OP_REFRESH, 1);
	op1(&s, OP_REFRESH, 0);
	op1(&s, OP_DONE, 0);
	op1(&s, OP_REFRESH, 0);
	op1(&s, OP_DONE, 1);
	op1(&s, OP_REFRESH, 1);
	op2(&s, OP_LINE, 0x01, 1);
	wr(&s, 0, R_ICPENDR, 4, 4, 1u << 18);
	rd(&s, 0, R_ISPENDR, 4, 4);
	seed_write(sub, "lines", &s);

	/* GICv2: the distributor off and on with SPIs pending, ICFGR, reads of others' SPIs. */
	s = (struct seed){ 0 };
	s_vm(&s, 2, 2, 4, 0x2, U32S(64), NULL, 0);
	wr(&s, 0, R_ISENABLER, 8, 4, 0xffffffff);
	wr(&s, 0, R_ISPENDR, 8, 4, 0xffffffff);
	wr(&s, 0, R_ICFGR, 16, 4, 0xaaaaaaaa);
	rd(&s, 0, R_ICFGR, 16, 4);
	op2(&s, OP_LINE, 0x80, 0);
	wr(&s, 0, R_CTLR, 0, 4, 3);
	op1(&s, OP_DONE, 0);
	wr(&s, 0, R_CTLR, 0, 4, 0);
	wr(&s, 0, R_CTLR, 0, 4, 3);
	rd(&s, 0, R_IPRIORITYR, 64, 4);
	rd(&s, 0, R_ITARGETSR, 64, 4);
	op1(&s, OP_DONE, 0);
	seed_write(sub, "v2-ctlr", &s);

	/* Redistributors: TYPER, WAKER, another vCPU's SGI frame, reserved offsets, IDs. */
	s = (struct seed){ 0 };
	s_vm(&s, 3, 3, 4, 0x6, NULL, 0, NULL, 0);
	for (unsigned f = 0; f < 4; f++) {
		s_mmio(&s, 0, REG_GICR_RD, f, R_CTLR, 8, 8, false, 0, false);
	}
	s_mmio(&s, 0, REG_GICR_RD, 1, R_CTLR, 0x14, 4, true, 0, false);
	s_mmio(&s, 0, REG_GICR_RD, 1, R_CTLR, 0x14, 4, false, 0, false);
	wr_sgi(&s, 0, 2, R_ISENABLER, 0, 1u << 9);
	wr_sgi(&s, 0, 2, R_ISPENDR, 0, 1u << 9);
	s_mmio(&s, 0, REG_GICR_SGI, 0, R_IPRIORITYR, 28, 8, true, ~0ull, false);
	wr_sgi(&s, 0, 0, R_ISENABLER, 4, 0xffffffff);
	rd(&s, 0, R_ID, 0x18, 4);
	op1(&s, OP_REFRESH, 2);
	op1(&s, OP_DONE, 2);
	seed_write(sub, "redistributors", &s);

	/* SYSTEM_RESET: the console, routed to vCPU 2, raised (from another CPU) midway. */
	s = (struct seed){ 0 };
	s_vm(&s, 3, 3, 4, 0x6, U32S(44), U32S(90));
	wr(&s, 0, R_CTLR, 0, 4, 2);
	wr(&s, 0, R_ISENABLER, 4, 4, 1u << 1 | 1u << 12);
	wr_sgi(&s, 1, 1, R_ISENABLER, 0, 1u << 27 | 1u << 3);
	wr(&s, 0, R_IROUTER, 8 * 33, 8, 2);
	sgi1r(&s, 0, 3, 0x2);
	op1(&s, OP_RESTART, 1);
	op2(&s, OP_LINE, 0x80, 2);
	op1(&s, OP_RESTART, 0);
	op1(&s, OP_POWER, 0);
	wr(&s, 0, R_CTLR, 0, 4, 2);
	wr(&s, 0, R_ISENABLER, 4, 4, 1u << 1 | 1u << 12);
	op2(&s, OP_LINE, 0x81, 2);
	op1(&s, OP_DONE, 0);
	seed_write(sub, "restart", &s);

	/*
	 * Regression inputs: one per bug found, each breaking an invariant
	 * until the bug is fixed (replayed with FUZZ_KNOWN_BUGS=1).
	 */
	snprintf(sub, sizeof(sub), "%s/regress", dir);

	/* 1: GICv2 SPENDSGIR "from CPU 1" on a 1-vCPU VM: SGI 0 from a CPU that does not exist. */
	s = (struct seed){ 0 };
	s_vm(&s, 2, 1, 4, 0, NULL, 0, NULL, 0);
	wr(&s, 0, R_SGIR, 0x20, 1, 0x02);
	seed_write(sub, "spendsgir-source", &s);

	/* 2: SPI 33 pending for vCPU 1, which goes through CPU_OFF/CPU_ON: the reset drops it. */
	s = (struct seed){ 0 };
	s_vm(&s, 3, 2, 4, 0x2, NULL, 0, NULL, 0);
	wr(&s, 0, R_CTLR, 0, 4, 2);
	wr(&s, 0, R_IROUTER, 8 * 33, 8, 1);
	wr(&s, 0, R_ISENABLER, 4, 4, 1u << 1);
	wr(&s, 0, R_ISPENDR, 4, 4, 1u << 1);
	op1(&s, OP_POWER, 1);
	op1(&s, OP_POWER, 1);
	op1(&s, OP_POWER, 1);
	seed_write(sub, "reset-drops-spi", &s);

	/* 2 too: the console, still asserted, finished by the guest, unseen when vCPU 0 resets. */
	s = (struct seed){ 0 };
	s_vm(&s, 3, 2, 4, 0x2, NULL, 0, NULL, 0);
	wr(&s, 0, R_CTLR, 0, 4, 2);
	wr(&s, 0, R_ISENABLER, 4, 4, 1u << 1);
	op2(&s, OP_LINE, 0x80, 0);
	op1(&s, OP_DONE, 0);
	op1(&s, OP_POWER, 0); /* CPU_OFF */
	op1(&s, OP_POWER, 0); /* CPU_ON (from nobody: vCPU 1 runs) */
	op1(&s, OP_POWER, 0); /* enters: vgic_vcpu_reset */
	seed_write(sub, "reset-drops-line", &s);

	/* 3: SPI 60 in vCPU 1's list register, routed to vCPU 0, then vCPU 1 CPU_OFF: stranded. */
	s = (struct seed){ 0 };
	s_vm(&s, 3, 2, 4, 0x2, U32S(60), NULL, 0);
	wr(&s, 0, R_CTLR, 0, 4, 2);
	wr(&s, 0, R_ISENABLER, 4, 4, 1u << 28);
	wr(&s, 0, R_IROUTER, 8 * 60, 8, 1);
	op2(&s, OP_HW_FIRE, 0, 0);
	op1(&s, OP_REFRESH, 1);
	wr(&s, 0, R_IROUTER, 8 * 60, 8, 0);
	op1(&s, OP_POWER, 1);
	put_u8(&s, code_of(OP_QUIESCE));
	seed_write(sub, "cpu-off-strands-spi", &s);

	/* 4: GICv3 distributor, 4 bytes at 0x101 (misaligned): reaches the vCPU's PPIs. */
	s = (struct seed){ 0 };
	s_vm(&s, 3, 1, 4, 0, NULL, 0, NULL, 0);
	s_mmio(&s, 0, REG_GICD, 0, R_ANY, 0x101, 4, true, 0x1, true);
	seed_write(sub, "gicd-misaligned-private", &s);

	/* 4 too: 8 bytes at GICR SGI frame + 0x41c (priorities of INTIDs 28-35) reach SPI 33. */
	s = (struct seed){ 0 };
	s_vm(&s, 3, 1, 4, 0, NULL, 0, NULL, 0);
	s_mmio(&s, 0, REG_GICR_SGI, 0, R_IPRIORITYR, 0x1c, 8, true, ~0ull, true);
	seed_write(sub, "gicr-misaligned-spi", &s);

	/* 5: a pending hardware SPI retargeted with ITARGETSR: the new target is never kicked. */
	s = (struct seed){ 0 };
	s_vm(&s, 2, 2, 4, 0x2, U32S(40), NULL, 0);
	wr(&s, 0, R_CTLR, 0, 4, 3);
	wr(&s, 0, R_ISENABLER, 4, 4, 1u << 8);
	/* SPI 40 (0x81 % 3 == 0) taken on vCPU 1's CPU (bit 7) as it was being rerouted. */
	op2(&s, OP_HW_FIRE, 0x81, 1);
	wr(&s, 0, R_ITARGETSR, 40, 1, 0x02);
	put_u8(&s, code_of(OP_QUIESCE));
	seed_write(sub, "reroute-no-kick", &s);

	/* 6: the console raised while the VM restarts: a stale candidate of vCPU 2 remains. */
	s = (struct seed){ 0 };
	s_vm(&s, 3, 3, 4, 0x6, NULL, 0, NULL, 0);
	wr(&s, 0, R_CTLR, 0, 4, 2);
	wr(&s, 0, R_ISENABLER, 4, 4, 1u << 1);
	wr(&s, 0, R_IROUTER, 8 * 33, 8, 2);
	op1(&s, OP_RESTART, 0);
	op2(&s, OP_LINE, 0x80, 2);
	op1(&s, OP_RESTART, 0);
	seed_write(sub, "restart-stale-candidate", &s);

	/* 7 (narrow-read) is checked from a guest now: see tests/fuzz/crashes/README.md. */

	/* 8: SPI 33 made pending (ISPENDR) in a list register, then its line rises: no EOI maintenance. */
	s = (struct seed){ 0 };
	s_vm(&s, 3, 1, 4, 0, NULL, 0, NULL, 0);
	wr(&s, 0, R_CTLR, 0, 4, 2);
	wr(&s, 0, R_ISENABLER, 4, 4, 1u << 1);
	wr(&s, 0, R_ISPENDR, 4, 4, 1u << 1);
	op2(&s, OP_LINE, 0x80, 0);
	op1(&s, OP_DONE, 0);
	seed_write(sub, "line-rises-in-lr", &s);

	/* 9: SGI 4, waiting behind 4 list registers of priority 0x80, raised to 0: it still waits. */
	s = (struct seed){ 0 };
	s_vm(&s, 3, 1, 4, 0, NULL, 0, NULL, 0);
	wr_sgi(&s, 0, 0, R_IPRIORITYR, 0, 0x80808080);
	wr_sgi(&s, 0, 0, R_IPRIORITYR, 4, 0x80);
	wr_sgi(&s, 0, 0, R_ISENABLER, 0, 0x1f);
	wr_sgi(&s, 0, 0, R_ISPENDR, 0, 0x1f);
	wr_sgi(&s, 0, 0, R_IPRIORITYR, 4, 0);
	put_u8(&s, code_of(OP_QUIESCE));
	seed_write(sub, "priority-raised-waits", &s);

	/* 10: SPI 33 finished in vCPU 0's list register after a reroute to vCPU 1: ISPENDR reads it
	 * pending (only the doorbell's bit, later in the word, made vCPU 0 look at its registers). */
	s = (struct seed){ 0 };
	s_vm(&s, 3, 2, 4, 0x2, NULL, 0, U32S(50));
	wr(&s, 0, R_CTLR, 0, 4, 2);
	wr(&s, 0, R_ISENABLER, 4, 4, 1u << 1 | 1u << 18);
	op2(&s, OP_LINE, 0x80, 0);
	wr(&s, 0, R_IROUTER, 8 * 33, 8, 1);
	op2(&s, OP_LINE, 0x00, 0);
	op1(&s, OP_DONE, 0);
	op2(&s, OP_LINE, 0x81, 0);
	rd(&s, 0, R_ISPENDR, 4, 4);
	seed_write(sub, "pending-read-stale-lr", &s);
}
