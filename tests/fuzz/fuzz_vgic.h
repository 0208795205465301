/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What the vGIC fuzz target's files share (fuzz_vgic.c: the target and its
 * operations; fuzz_vgic_check.c: the invariants; fuzz_vgic_seeds.c: seeds
 * and bug inputs): the VMs, what the input set up, the operations and the
 * encoding of register accesses, and views of the vGIC state.
 */
#ifndef TESTS_FUZZ_FUZZ_VGIC_H
#define TESTS_FUZZ_FUZZ_VGIC_H

#include <stdbool.h>
#include <stdint.h>
#include <tessera/gic.h>
#include <tessera/hyp.h>
#include <tessera/vgic.h>
#include <tessera/vm.h>

#include "fuzz.h"
#include "fuzz_gic.h"

#define MAX_HW_SPIS 8
#define MAX_LINES 4 /* the console and up to three doorbells */

/* Register offsets (GIC architecture; vgic.c keeps its own copy). */
#define GICD_CTLR 0x0000
#define GICD_TYPER 0x0004
#define GICD_IGROUPR 0x0080
#define GICD_ISENABLER 0x0100
#define GICD_ICENABLER 0x0180
#define GICD_ISPENDR 0x0200
#define GICD_ICPENDR 0x0280
#define GICD_ISACTIVER 0x0300
#define GICD_IPRIORITYR 0x0400
#define GICD_ITARGETSR 0x0800
#define GICD_ICFGR 0x0c00
#define GICD_IROUTER 0x6000 /* + 8 * INTID */
#define GICD_PIDR2_V3 0xffe8
#define GICD_PIDR2_V2 0x0fe8 /* GICv2: at the end of its 4 KiB distributor */
#define GICD_CTLR_ARE (1u << 4)
#define GICD_IROUTER_IRM (1ull << 31)
#define GICR_TYPER 0x0008
#define GICR_TYPER_LAST (1u << 4)
#define GICR_WAKER 0x0014
#define GICR_WAKER_SLEEP (1u << 1)
#define GICR_SGI 0x10000
#define ICC_SGI1R_IRM (1ull << 40)

#define NR_HW_PPIS 2
extern const uint32_t hw_ppis[NR_HW_PPIS]; /* the EL1 timers */

extern struct vm vms[2]; /* [0]: the VM under test; [1]: the bystander */
#define A (&vms[0])
extern struct vm snap_b; /* the bystander as built */
extern struct vm before; /* A before a register access */

/* What the input set up, to check against. */
struct fuzz_setup {
	unsigned version, nr_vcpus;
	bool owned[VGIC_NR_IRQS]; /* SPIs the VM owns */
	bool hw[VGIC_NR_IRQS];    /* ... backed by the physical SPI */
	bool line[VGIC_NR_IRQS];  /* ... raised with vgic_set_line */
	uint32_t hw_list[MAX_HW_SPIS], lines[MAX_LINES];
	unsigned nr_hw, nr_lines;
	unsigned b_cpu, free_cpu;    /* a CPU of the bystander; one with no vCPU */
	bool started[CFG_MAX_VCPUS]; /* vgic_vcpu_reset has run for it */
	bool restarting;             /* between the two halves of op_restart */
};

extern struct fuzz_setup S;

enum op {
	OP_MMIO,
	OP_SGI1R,
	OP_HW_FIRE,
	OP_IRQ_OTHER,
	OP_ACK,
	OP_EOI,
	OP_REFRESH,
	OP_WFI,
	OP_LINE,
	OP_POWER,
	OP_QUIESCE,
	OP_DONE,
	OP_RESTART,
	OP_HW_LOWER,
	NR_OPS
};

extern const enum op dispatch[];
extern const unsigned nr_dispatch;

/* Register blocks an access is aimed at; the index picks one within. */
enum reg_block {
	R_CTLR, /* CTLR TYPER IIDR (GICR: CTLR IIDR TYPER WAKER) */
	R_IGROUPR,
	R_ISENABLER,
	R_ICENABLER,
	R_ISPENDR,
	R_ICPENDR,
	R_ACTIVER, /* IS/ICACTIVER */
	R_IPRIORITYR,
	R_ITARGETSR,
	R_ICFGR,
	R_IGRPMODR, /* and NSACR */
	R_SGIR,     /* SGIR, CPENDSGIR, SPENDSGIR */
	R_IROUTER,
	R_ID,
	R_ID_V2, /* the ID registers at the end of a 4 KiB (GICv2) distributor */
	R_ANY,
	NR_REG_BLOCKS
};

struct reg_block_desc {
	uint16_t base, span;
	uint8_t stride;
};

extern const struct reg_block_desc regs[NR_REG_BLOCKS];

/* Where an access goes (the first byte of an MMIO operation, low two bits). */
enum region { REG_GICD, REG_GICR_RD, REG_GICR_SGI, REG_EDGES };

/* The flags byte of an MMIO operation. */
#define MMIO_SIZE(f) (1u << ((f)&3))
#define MMIO_WRITE 4u
#define MMIO_MISALIGN 8u /* keep the offset as it is, else align it to the size */
#define MMIO_ONE_BIT 16u /* the value is one byte: the number of its only set bit */

/* ------------------------------------------------------------------ */
/* Views of the state                                                   */

static inline struct virq *virq(struct vcpu *v, unsigned intid)
{
	return intid < 32 ? &v->gic.priv[intid] : &A->gic.spi[intid - 32];
}

static inline bool owned(unsigned intid)
{
	return intid < 32 || (intid < VGIC_NR_IRQS && S.owned[intid]);
}

static inline bool dist_enabled(void)
{
	/* v2: either group's enable; v3: EnableGrp1 (non-secure). */
	return A->gic.ctlr & (S.version == 2 ? 3u : 2u);
}

static inline struct vcpu *dest(struct vcpu *v, unsigned intid)
{
	return intid < 32 ? v : &A->vcpu[A->gic.spi[intid - 32].target];
}

static inline bool cand(const struct vcpu *v, unsigned intid)
{
	return (v->gic.cand[intid / 32] >> (intid % 32)) & 1;
}

/* The list register an interrupt sits in, or NULL. */
static inline struct gic_lr *lr_of(const struct virq *q)
{
	return q->in_lr ? &pgic.lr[A->vcpu[q->lr_vcpu].pcpu][q->lr] : NULL;
}

/* Enabled and pending, and (SPIs) the distributor is on and it has a target: should be taken. */
static inline bool wants(struct vcpu *v, unsigned intid)
{
	const struct virq *q = virq(v, intid);

	return q->enabled && q->pending && (intid < 32 || (dist_enabled() && q->targets));
}

/* The physical line of hardware interrupt intid (a PPI: of v's CPU). */
static inline bool hw_line(struct vcpu *v, unsigned intid)
{
	return intid < 32 ? pgic.ppi_line[v->pcpu][intid] : pgic.spi_line[intid];
}

/*
 * Pending as the guest would read it: a hardware level interrupt's line (the
 * physical GIC's pending state); else held here or in a list register, or
 * (hardware, edge) still pending at the GIC.
 */
static inline bool pending_view(struct vcpu *v, unsigned intid)
{
	const struct virq *q = virq(v, intid);
	const struct gic_lr *lr = lr_of(q);
	bool held = q->pending || (lr && (lr->state & GIC_LR_PENDING));

	if (!q->hw) {
		return held;
	}
	return q->edge ? held || hw_line(v, intid) : hw_line(v, intid);
}

static inline bool running(const struct vcpu *v)
{
	return v->state == VCPU_ON;
}

/* fuzz_vgic_check.c */
void check_all(void);
/*
 * After vgic_mmio() handled an access by v (region r; t: whose
 * redistributor, NULL for the distributor or none) at register offset o
 * (~0 when it aimed at no register): val is what was written or read.
 */
void check_access(struct vcpu *v, enum region r, struct vcpu *t, uint64_t o, unsigned size,
		  bool write, uint64_t val);
/* After quiesce: nothing a running vCPU should take is stuck. */
void check_quiesced(void);

/* fuzz_vgic.c: would the hardware interrupt CPU p (a kick, maintenance)? */
bool trigger(unsigned p);


#endif
