/* SPDX-License-Identifier: Apache-2.0 */
/* Arch seam: the physical CPU (identity, sleeping, firmware calls, caches). */
#ifndef TESSERA_ARCH_CPU_H
#define TESSERA_ARCH_CPU_H

#include <asm/cpu.h> /* inline arch_cpu_self() */
#include <stddef.h>
#include <stdint.h>
#include <stdnoreturn.h>

struct cpu;

/* This CPU's affinity (MPIDR Aff3..Aff0 only). */
uint64_t arch_cpu_mpidr(void);
/* Per-CPU pointer; struct cpu *arch_cpu_self(void) is inline in <asm/cpu.h>. */
void arch_cpu_set_self(struct cpu *c);

void arch_cpu_wait_event(void);
/* The system counter (CNTPCT). */
uint64_t arch_counter(void);
/* Its frequency in Hz (CNTFRQ, as firmware set it). */
uint64_t arch_counter_freq(void);
/* Sleep until an interrupt is pending (taken or not). */
void arch_cpu_wait_interrupt(void);
void arch_cpu_send_event(void);
/* Stop this CPU for good (interrupts masked, WFI loop). */
noreturn void arch_cpu_halt(void);
/* A busy-wait's pause: lets an emulator run the other CPUs (YIELD). */
void arch_cpu_relax(void);

/*
 * The hypervisor's own timer on this CPU (the EL2 / Hyp physical timer,
 * GIC_PPI_HTIMER): raise its interrupt once the system counter reaches at;
 * off: never.
 */
void arch_cpu_timer_set(uint64_t at);
void arch_cpu_timer_off(void);

/*
 * Start physical CPU `mpidr` at the hypervisor's secondary entry with `idx`,
 * with PSCI CPU_ON (the 0.2 function ID for this execution state, or
 * cpu_on when the firmware is PSCI 0.1 and its DT names the ID).
 */
int arch_cpu_start(uint64_t mpidr, unsigned idx, int smc, uint32_t cpu_on);
/* Ask firmware to power the machine off (PSCI SYSTEM_OFF); returns its error if it cannot. */
int arch_system_off(int smc);

/* Clean the data cache to the point of coherency over [p, p+size). */
void arch_dcache_clean(const void *p, size_t size);
void arch_icache_invalidate(void);

#endif
