/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Driver seam for the physical GIC (drivers/gicv3.c or drivers/gicv2.c, chosen
 * by the platform at link time): interrupt delivery to the hypervisor, and
 * the virtualization interface (list registers) the vGIC drives.
 */
#ifndef TESSERA_GIC_H
#define TESSERA_GIC_H

#include <stdbool.h>
#include <stdint.h>

struct cfg_hw;

#define GIC_SGI_KICK 0      /* physical SGI one CPU sends another: "look at your vCPU" */
#define GIC_SGI_CONSOLE 1   /* to the console CPU: "output waits" (core/console.c) */
#define GIC_PPI_MAINT 25    /* virtualization maintenance interrupt */
#define GIC_PPI_HTIMER 26   /* the hypervisor's own timer (EL2 / Hyp physical) */
#define GIC_PPI_PTIMER 30   /* EL1 physical timer */
#define GIC_PPI_VTIMER 27   /* EL1 virtual timer */
#define GIC_SPURIOUS 1020

/* A list register, in a form both GIC versions can encode. */
#define GIC_LR_PENDING 1u
#define GIC_LR_ACTIVE 2u
struct gic_lr {
	uint32_t vintid;
	uint32_t pintid;    /* with hw: the physical interrupt the guest's EOI deactivates */
	uint8_t priority;
	uint8_t state;      /* GIC_LR_PENDING | GIC_LR_ACTIVE, 0 = free */
	bool hw;
	bool eoi_maint;     /* maintenance interrupt when the guest deactivates it */
	uint8_t source;     /* SGIs on GICv2: the sending vCPU */
};

/* 2 or 3: the GIC architecture this driver handles. */
unsigned gic_version(void);
/* Boot CPU, once: the distributor. Returns 0 or a negative error. */
int gic_init(const struct cfg_hw *hw);
/* Every CPU, before it runs a guest: its redistributor/CPU interface and the virtual interface. */
void gic_cpu_init(uint64_t mpidr);

uint32_t gic_ack(void);
void gic_eoi(uint32_t intid);        /* priority drop only (EOImode = 1) */
void gic_deactivate(uint32_t intid);
void gic_send_sgi(uint32_t sgi, uint64_t mpidr);
/* Enable or disable an interrupt; PPIs and SGIs on the CPU with affinity mpidr. */
void gic_irq_enable(uint32_t intid, uint64_t mpidr, bool enable);
/*
 * The physical interrupt's pending state (GICD/GICR_ISPENDR: for a level
 * interrupt, its line, whether it is enabled or active or not); SGIs and
 * PPIs of the CPU with affinity mpidr (v2: this CPU's only, another's read
 * as not pending).
 */
bool gic_irq_pending(uint32_t intid, uint64_t mpidr);
/* Deliver SPI intid to the CPU with affinity mpidr. */
void gic_spi_route(uint32_t intid, uint64_t mpidr);
/* SPI intid is edge-triggered (a pulse is an interrupt). */
void gic_spi_edge(uint32_t intid);
/*
 * Apply what other CPUs asked of this CPU's banked registers (v2: SGI/PPI
 * enables are banked, so gic_irq_enable for another CPU's PPI is recorded and
 * that CPU is kicked with GIC_SGI_KICK). The v2 gic_ack() calls it itself
 * when it takes the kick, so the core need not; harmless anytime. Empty for
 * v3 (its redistributors are reachable from every CPU).
 */
void gic_cpu_sync(void);

/* Physical base of the virtual CPU interface to map at the guest's GICC (v2), or 0 (v3). */
uint64_t gic_vcpu_interface(void);

/* The virtual CPU interface of this CPU. */
unsigned gic_lr_count(void);
/* Priority bits the virtual CPU interface implements (ICH_VTR_EL2 / GICH_VTR.PRIbits + 1). */
unsigned gic_vprio_bits(void);
void gic_lr_read(unsigned i, struct gic_lr *lr);
void gic_lr_write(unsigned i, const struct gic_lr *lr);
/* Bitmap of the list registers the guest is done with (state invalid, nothing to report). */
uint32_t gic_lr_empty(void);
void gic_underflow_irq(bool on);
/* Back to the reset state: no list register in use, virtual interface enabled. */
void gic_vcpu_reset(void);

#endif
