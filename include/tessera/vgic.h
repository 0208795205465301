/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The virtual GIC: per-VM distributor and per-vCPU redistributor state,
 * emulated on trap, and the list registers that carry interrupts into the
 * guest. The guest's CPU interface is the hardware's virtual one.
 */
#ifndef TESSERA_VGIC_H
#define TESSERA_VGIC_H

#include <stdbool.h>
#include <stdint.h>
#include <tessera/config.h>
#include <tessera/spinlock.h>

#define VGIC_NR_IRQS (CFG_GUEST_MAX_INTID + 1) /* SGIs, PPIs and 224 SPIs */
#define VGIC_NR_SPIS (VGIC_NR_IRQS - 32)
#define VGIC_CAND_WORDS (VGIC_NR_IRQS / 32)
#define VGIC_MAX_LRS 16
_Static_assert(VGIC_NR_IRQS % 32 == 0, "candidates are kept in whole words");
#define VGIC_NO_IRQ 0xffffu
#define VGIC_UART_INTID CFG_GUEST_UART_INTID /* the guest console's SPI 1 by default (cfg_console_intid) */

struct virq {
	uint8_t priority;
	uint8_t target;     /* SPIs: the vCPU it is routed to */
	bool enabled;
	bool pending;       /* pending and not yet in a list register */
	bool edge;
	bool hw;            /* backed by the physical interrupt of the same INTID */
	bool owned;         /* the VM may touch it (SPIs) */
	bool line;          /* level of a software level-sensitive source */
	bool in_lr;
	uint8_t lr;         /* which list register, when in_lr ... */
	uint8_t lr_vcpu;    /* ... of which vCPU (SPIs move between vCPUs) */
	uint8_t lr_state;   /* last seen list-register state, for read-back */
	uint8_t source;     /* SGIs: the vCPU that sent it (GICv2 tells the guest) */
	uint8_t targets;    /* SPIs: the vCPUs it may go to (bit i = vCPU i; 0: none), whose
			       lowest is target; GICv2 ITARGETSR reads it back */
};

struct vgic_cpu {
	struct virq priv[32];
	uint32_t cand[VGIC_CAND_WORDS];   /* enabled, pending, not in a list register */
	uint16_t lr_intid[VGIC_MAX_LRS];
	bool asleep;                      /* GICR_WAKER.ProcessorSleep */
	bool underflow;                   /* underflow maintenance interrupt requested */
};

struct vgic {
	struct spinlock lock;             /* taken only by this VM's vCPUs */
	uint32_t ctlr;
	bool v2;                          /* GICv2 register layout (else GICv3) */
	uint8_t prio_mask;                /* the priority bits the virtual CPU interface has */
	struct virq spi[VGIC_NR_SPIS];
};

struct vm;
struct vcpu;

/* Any candidate at all? */
static inline bool vgic_any_cand(const struct vgic_cpu *c)
{
	uint32_t any = 0;

	for (unsigned w = 0; w < VGIC_CAND_WORDS; w++) {
		any |= c->cand[w];
	}
	return any != 0;
}

void vgic_init(struct vm *vm);
/* This CPU's vCPU starts afresh: empty its list registers, forget its SGIs and PPIs. */
void vgic_vcpu_reset(struct vcpu *v);
/*
 * The VM restarts (every vCPU has been through vgic_vcpu_reset): every SPI
 * back to its reset state, the distributor off. Which SPIs it owns stays.
 */
void vgic_vm_reset(struct vm *vm);
/* Distributor / redistributor register access; false if ipa is not a vGIC window. */
bool vgic_mmio(struct vcpu *v, uint64_t ipa, unsigned size, bool write, uint64_t *val);
/* A physical interrupt arrived on this CPU; returns false if nothing wanted it. */
bool vgic_hw_irq(struct vcpu *v, uint32_t intid);
/* Kick or maintenance interrupt: refresh this vCPU's list registers. */
void vgic_refresh(struct vcpu *v);
/* ICC_SGI1R_EL1 written by the guest. */
void vgic_sgi1r(struct vcpu *v, uint64_t val);
/* Raise or lower a software level-sensitive interrupt (the console). */
void vgic_set_line(struct vm *vm, uint32_t intid, bool level);
/* Give the VM a software SPI (a doorbell) before it starts. */
void vgic_own_irq(struct vm *vm, uint32_t intid);
/* Anything for this vCPU to take? (WFI) */
bool vgic_pending(struct vcpu *v);

#endif
