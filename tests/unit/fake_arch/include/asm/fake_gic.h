/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The state of the fake physical GIC (tests/unit/fake_gic.c) that host tests
 * of core/vgic.c inspect and drive: per-CPU list registers (the CPU is
 * fake_self), the underflow request, and logs of what was asked of the GIC.
 */
#ifndef ASM_FAKE_GIC_H
#define ASM_FAKE_GIC_H

#include <stdbool.h>
#include <stdint.h>
#include <tessera/config.h>
#include <tessera/gic.h>

#define FAKE_NR_LRS 4
#define FAKE_LOG 64 /* entries kept per log; counts go on past it */

struct fake_sgi {
	uint32_t sgi;
	uint64_t mpidr;
};

struct fake_enable {
	uint32_t intid;
	uint64_t mpidr;
	bool on;
};

struct fake_route {
	uint32_t intid;
	uint64_t mpidr;
};

struct fake_gic {
	unsigned version;                              /* gic_version(): 3 unless a test says 2 */
	unsigned vprio_bits;                           /* gic_vprio_bits(): 8 unless a test says */
	bool line[CFG_MAX_CPUS][1024];                 /* gic_irq_pending(), per CPU (SPIs: [0]) */
	struct gic_lr lr[CFG_MAX_CPUS][FAKE_NR_LRS];   /* each CPU's list registers */
	bool underflow[CFG_MAX_CPUS];
	unsigned nr_sgis, nr_enables, nr_routes, nr_deactivates;
	struct fake_sgi sgis[FAKE_LOG];
	struct fake_enable enables[FAKE_LOG];
	struct fake_route routes[FAKE_LOG];
	uint32_t deactivates[FAKE_LOG];
	/* Every gic_irq_enable/gic_spi_route INTID ever seen (the log above may wrap). */
	bool enabled_touched[1024], routed_touched[1024];
	unsigned nr_logs;                              /* log_info calls */
	char last_log[512];
};

extern struct fake_gic fake_gic;

/* Everything back to power-on (version 3, 8 priority bits, no line high, no LRs in use, empty logs). */
void fake_gic_reset(void);
/* Forget what was logged, keep the LRs. */
void fake_gic_clear_logs(void);

#endif
