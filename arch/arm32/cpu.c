/* SPDX-License-Identifier: Apache-2.0 */
/* The physical CPU: identity, events, caches and PSCI calls to firmware. */
#include <asm/regs.h>
#include <asm/sysreg.h>
#include <tessera/arch/cpu.h>
#include <tessera/config.h>

#define PSCI_CPU_ON_32 0x84000003u
#define PSCI_SYSTEM_OFF 0x84000008u
#define MPIDR_AFF_MASK 0xffffffu

extern char secondary_entry[];

uint64_t arch_cpu_mpidr(void)
{
	return read_sysreg(mpidr_el1) & MPIDR_AFF_MASK;
}

void arch_cpu_set_self(struct cpu *c)
{
	write_sysreg((uint32_t)(uintptr_t)c, tpidr_el2);
}

void arch_cpu_wait_event(void)
{
	__asm__ volatile("wfe" ::: "memory");
}

uint64_t arch_counter(void)
{
	isb();
	return read_sysreg(cntpct_el0);
}

uint64_t arch_counter_freq(void)
{
	return read_sysreg(cntfrq_el0);
}

void arch_cpu_wait_interrupt(void)
{
	__asm__ volatile("dsb sy; wfi" ::: "memory");
}

void arch_cpu_send_event(void)
{
	__asm__ volatile("dsb ish; sev" ::: "memory");
}

noreturn void arch_cpu_halt(void)
{
	__asm__ volatile("cpsid aif");
	for (;;) {
		__asm__ volatile("wfi");
	}
}

void arch_cpu_relax(void)
{
	__asm__ volatile("yield" ::: "memory");
}

void arch_cpu_timer_set(uint64_t at)
{
	write_sysreg(at, cnthp_cval_el2);
	write_sysreg(CNTHP_CTL_ENABLE, cnthp_ctl_el2);
	isb();
}

void arch_cpu_timer_off(void)
{
	write_sysreg(0, cnthp_ctl_el2);
	isb();
}

/* SMCCC (SMC32) call to firmware, or HVC under another hypervisor. */
static uint32_t fw_call(int smc, uint32_t fid, uint32_t a1, uint32_t a2, uint32_t a3)
{
	register uint32_t r0 __asm__("r0") = fid;
	register uint32_t r1 __asm__("r1") = a1;
	register uint32_t r2 __asm__("r2") = a2;
	register uint32_t r3 __asm__("r3") = a3;

	if (smc) {
		__asm__ volatile(".arch_extension sec\n smc #0"
				 : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3) : : "memory");
	} else {
		__asm__ volatile(".arch_extension virt\n hvc #0"
				 : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3) : : "memory");
	}
	return r0;
}

int arch_cpu_start(uint64_t mpidr, unsigned idx, int smc, uint32_t cpu_on)
{
	/* QEMU's PSCI matches the target exactly: pass only the affinity fields. */
	return (int)fw_call(smc, cpu_on ? cpu_on : PSCI_CPU_ON_32, (uint32_t)mpidr & MPIDR_AFF_MASK,
			    (uint32_t)(uintptr_t)secondary_entry, idx);
}

int arch_system_off(int smc)
{
	return (int)fw_call(smc, PSCI_SYSTEM_OFF, 0, 0, 0);
}

void arch_dcache_clean(const void *p, size_t size)
{
	uint32_t line = 4u << ((read_sysreg(ctr_el0) >> 16) & 0xf);
	uintptr_t a = (uintptr_t)p & ~(uintptr_t)(line - 1);

	for (; a < (uintptr_t)p + size; a += line) {
		__asm__ volatile("mcr p15, 0, %0, c7, c10, 1" : : "r"(a) : "memory"); /* DCCMVAC */
	}
	dsb(sy);
}

void arch_icache_invalidate(void)
{
	__asm__ volatile("mcr p15, 0, %0, c7, c1, 0; dsb ish; isb" : : "r"(0) : "memory"); /* ICIALLUIS */
}

/* Per-CPU Hyp stacks; each ends with that CPU's guest trap frame. */
#define STACK_SIZE (16 * 1024)
char cpu_stacks[CFG_MAX_CPUS][STACK_SIZE] __attribute__((aligned(16)));
char boot_stack[STACK_SIZE] __attribute__((aligned(16)));

struct arch_regs *arch_cpu_frame(unsigned idx)
{
	return (struct arch_regs *)(void *)(cpu_stacks[idx] + STACK_SIZE - FRAME_SIZE);
}
