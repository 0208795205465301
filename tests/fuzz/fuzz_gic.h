/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The physical GIC under the vGIC fuzz target (tests/fuzz/fuzz_gic.c): the
 * <tessera/gic.h> seam implemented over plain state the target reads and
 * drives. Unlike tests/unit/fake_gic.c it models what the hardware would
 * do, so the target can check the vGIC against it:
 *   - list registers per CPU ("this CPU" is fake_self), with the priority
 *     bits a real GIC keeps, ELRSR as the architecture defines it;
 *   - the physical interrupts the VM may use: enable, route, active state
 *     and line level (all level-sensitive: pending while the line is high),
 *     changed by the vGIC's calls and by the target (a source raises or
 *     lowers its line; an interrupt fires: active; the guest deactivates a
 *     HW list register: inactive);
 *   - kicks (the SGI one CPU sends another) and EOI maintenance requests,
 *     left pending until the target delivers them.
 * Every call is checked against what the VM under test may touch: its own
 * hardware interrupts, only on its own CPUs. The first step outside that
 * aborts.
 */
#ifndef TESTS_FUZZ_FUZZ_GIC_H
#define TESTS_FUZZ_FUZZ_GIC_H

#include <stdbool.h>
#include <stdint.h>
#include <tessera/config.h>
#include <tessera/gic.h>
#include <tessera/vgic.h>

#define PGIC_NR_INTIDS 1020

struct pgic {
	unsigned version;  /* what gic_version() says */
	unsigned nr_lrs;   /* gic_lr_count(): 1..VGIC_MAX_LRS */
	uint8_t prio_mask; /* the priority bits a list register keeps (gic_vprio_bits) */
	unsigned prio_bits;
	bool checking;     /* isolation checks on (off while VMs are built) */

	/* Per physical CPU. */
	struct gic_lr lr[CFG_MAX_CPUS][VGIC_MAX_LRS];
	bool underflow[CFG_MAX_CPUS]; /* underflow maintenance requested */
	bool kick[CFG_MAX_CPUS];      /* GIC_SGI_KICK pending */
	bool maint[CFG_MAX_CPUS];     /* EOI maintenance interrupt pending */
	bool ppi_on[CFG_MAX_CPUS][32];
	bool ppi_active[CFG_MAX_CPUS][32];
	bool ppi_line[CFG_MAX_CPUS][32]; /* a level source asserts it (gic_irq_pending) */

	/* SPIs (physical INTIDs). */
	bool spi_on[PGIC_NR_INTIDS];
	int spi_cpu[PGIC_NR_INTIDS]; /* routed to this CPU, -1 before any route */
	bool spi_active[PGIC_NR_INTIDS];
	bool spi_line[PGIC_NR_INTIDS];

	/* What the VM under test may touch. */
	bool may_spi[PGIC_NR_INTIDS]; /* its hardware SPIs */
	bool may_ppi[32];             /* its hardware PPIs (the EL1 timers) */
	bool may_cpu[CFG_MAX_CPUS];   /* the CPUs its vCPUs are pinned to */

	unsigned nr_logs;
	char last_log[256];
};

extern struct pgic pgic;

/* Power-on: no interrupt enabled, routed or active; empty list registers. */
void pgic_reset(unsigned version, unsigned nr_lrs, unsigned prio_bits);
/* The physical CPU whose MPIDR is mpidr, or -1. */
int pgic_cpu_of(uint64_t mpidr);
/* The CPU fake_self points at (aborts when there is none). */
unsigned pgic_self(void);

#endif
