// SPDX-License-Identifier: Apache-2.0
/*
 * The CPU as the arm64 test guest sees it (AArch64 EL1, MMU off): the
 * exception frame, the counter and timers, the PMU, the GICv3 CPU interface,
 * MMIO, interrupt masking and the console lock. arch/arm32/arch.h has the
 * same names for AArch32; the shared code uses nothing else.
 */
#ifndef TG_ARCH_H
#define TG_ARCH_H

#include <stdbool.h>
#include <stdint.h>

/* PSCI calls with register-sized arguments use the SMC64 ids (DEN0022 5.2.1). */
#define PSCI_FN_NATIVE 0xC4000000u

/* What vectors.S saves on every exception. */
struct tg_frame {
	uint64_t x[31];
	uint64_t elr;
	uint64_t spsr;
	uint64_t stamp; /* IRQ vectors: CNTVCT_EL0 read by the vector's third
			   instruction */
};

#define read_sysreg(r)                                                                             \
	({                                                                                         \
		uint64_t v__;                                                                      \
		__asm__ volatile("mrs %0, " #r : "=r"(v__));                                       \
		v__;                                                                               \
	})
#define write_sysreg(r, v) __asm__ volatile("msr " #r ", %0" : : "r"((uint64_t)(v)))

static inline uint64_t counter_now(void)
{
	uint64_t v;

	__asm__ volatile("isb\n mrs %0, cntvct_el0\n isb" : "=r"(v) : : "memory");
	return v;
}

/* The physical counter: the same for every VM (CNTVCT is offset per VM). */
static inline uint64_t cntpct_read(void)
{
	uint64_t v;

	__asm__ volatile("isb\n mrs %0, cntpct_el0\n isb" : "=r"(v) : : "memory");
	return v;
}

static inline void cpu_relax(void)
{
	__asm__ volatile("yield" ::: "memory");
}

static inline void cpu_wfe(void)
{
	__asm__ volatile("wfe" ::: "memory");
}

static inline void irq_enable(void)
{
	__asm__ volatile("msr daifclr, #2\n isb" ::: "memory");
}

static inline void irq_disable(void)
{
	__asm__ volatile("msr daifset, #2\n isb" ::: "memory");
}

/*
 * MMIO (the MMU is off: every data access is Device-nGnRnE). Inline assembly
 * with a plain [Xn] address, like Linux's accessors: a hypervisor can only
 * emulate an access whose syndrome is valid (ESR_EL2.ISV), which a
 * writeback or pair instruction the compiler might pick would not give.
 */
static inline uint32_t mmio_read32(uintptr_t addr)
{
	uint32_t v;

	__asm__ volatile("ldr %w0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

static inline void mmio_write32(uintptr_t addr, uint32_t v)
{
	__asm__ volatile("str %w0, [%1]" : : "rZ"(v), "r"(addr) : "memory");
}

static inline uint8_t mmio_read8(uintptr_t addr)
{
	uint32_t v;

	__asm__ volatile("ldrb %w0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return (uint8_t)v;
}

/* Narrow loads as the register sees them: LDRB, LDRSB, LDRH into a W register. */
static inline uint32_t mmio_ldrb(uintptr_t addr)
{
	uint32_t v;

	__asm__ volatile("ldrb %w0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

static inline uint32_t mmio_ldrsb(uintptr_t addr)
{
	uint32_t v;

	__asm__ volatile("ldrsb %w0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

static inline uint32_t mmio_ldrh(uintptr_t addr)
{
	uint32_t v;

	__asm__ volatile("ldrh %w0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

static inline void mmio_write8(uintptr_t addr, uint8_t v)
{
	__asm__ volatile("strb %w0, [%1]" : : "rZ"((uint32_t)v), "r"(addr) : "memory");
}

/* A register-wide access (64 bits here), for test=fault. */
static inline unsigned long mmio_read_ulong(uintptr_t addr)
{
	unsigned long v = 0;

	__asm__ volatile("ldr %0, [%1]" : "+r"(v) : "r"(addr) : "memory");
	return v;
}

static inline void mmio_write_ulong(uintptr_t addr, unsigned long v)
{
	__asm__ volatile("str %0, [%1]" : : "r"(v), "r"(addr) : "memory");
}

static inline uint64_t mpidr_read(void)
{
	return read_sysreg(mpidr_el1);
}

/* Interrupt state for failure reports: ISR_EL1 and DAIF (A, I, F at bits 8-6). */
static inline uint64_t isr_read(void)
{
	return read_sysreg(isr_el1);
}

static inline uint64_t daif_read(void)
{
	return read_sysreg(daif);
}

/* The generic timer, EL1 view (ARM ARM D11). */
static inline uint64_t cntfrq_read(void)
{
	return read_sysreg(cntfrq_el0);
}

static inline void cntkctl_write(uint64_t v)
{
	write_sysreg(cntkctl_el1, v);
}

static inline void cntv_ctl_write(uint64_t v)
{
	write_sysreg(cntv_ctl_el0, v);
}

static inline void cntv_tval_write(uint64_t v)
{
	write_sysreg(cntv_tval_el0, v);
}

static inline void cntv_cval_write(uint64_t v)
{
	write_sysreg(cntv_cval_el0, v);
}

static inline void cntp_ctl_write(uint64_t v)
{
	write_sysreg(cntp_ctl_el0, v);
}

static inline void cntp_tval_write(uint64_t v)
{
	write_sysreg(cntp_tval_el0, v);
}

static inline uint64_t cntv_ctl_read(void)
{
	return read_sysreg(cntv_ctl_el0);
}

static inline uint64_t cntp_ctl_read(void)
{
	return read_sysreg(cntp_ctl_el0);
}

static inline void cntp_cval_write(uint64_t v)
{
	write_sysreg(cntp_cval_el0, v);
}

/*
 * PMU event counter 0 counting EL2 instructions only (ARM ARM D7:
 * PMCR_EL0, PMEVTYPER<n>_EL0, PMCNTENSET_EL0): INST_RETIRED with P (no
 * EL1) and U (no EL0) set and NSH (count EL2) set.
 */
#define PMCR_E (1u << 0)
#define PMCR_P (1u << 1)
#define PMEVTYPER_P (1u << 31)
#define PMEVTYPER_U (1u << 30)
#define PMEVTYPER_NSH (1u << 27)
#define PMU_EVT_INST_RETIRED 0x08u
#define PMCNTEN_C0 (1u << 0)

static inline void pmu_setup(void)
{
	write_sysreg(pmcr_el0, PMCR_E | PMCR_P);
	write_sysreg(pmevtyper0_el0, PMEVTYPER_P | PMEVTYPER_U | PMEVTYPER_NSH |
					     PMU_EVT_INST_RETIRED);
	write_sysreg(pmcntenset_el0, PMCNTEN_C0);
	__asm__ volatile("isb" ::: "memory");
}

static inline uint64_t pmu_read0(void)
{
	uint64_t v;

	__asm__ volatile("isb\n mrs %0, pmevcntr0_el0" : "=r"(v) : : "memory");
	return v;
}

/*
 * Test-and-set lock with wfe: the waiter sleeps until the holder's release
 * store clears its exclusive monitor, which generates an event.
 */
static inline void spin_lock(uint32_t *l)
{
	uint32_t tmp, busy;

	__asm__ volatile("	sevl\n"
			 "1:	wfe\n"
			 "	ldaxr	%w0, [%2]\n"
			 "	cbnz	%w0, 1b\n"
			 "	stxr	%w1, %w3, [%2]\n"
			 "	cbnz	%w1, 1b\n"
			 : "=&r"(busy), "=&r"(tmp)
			 : "r"(l), "r"(1u)
			 : "memory");
}

static inline void spin_unlock(uint32_t *l)
{
	__asm__ volatile("stlr wzr, [%0]" : : "r"(l) : "memory");
}

/*
 * The GICv3 CPU interface (ICC_* system registers, IHI 0069 12.2), by
 * encoding (older assemblers lack the names). ID_AA64PFR0_EL1.GIC says
 * whether the CPU has it.
 */
#define ID_AA64PFR0_GIC_SHIFT 24
#define ID_AA64PFR0_GIC_MASK 0xfu

static inline bool gic_cpuif_sysregs(void)
{
	return ((read_sysreg(id_aa64pfr0_el1) >> ID_AA64PFR0_GIC_SHIFT) & ID_AA64PFR0_GIC_MASK) !=
	       0;
}

#define icc_read(r)                                                                                \
	({                                                                                         \
		uint64_t v__;                                                                      \
		__asm__ volatile("mrs %0, " r : "=r"(v__));                                        \
		v__;                                                                               \
	})
#define icc_write(r, v) __asm__ volatile("msr " r ", %0" : : "r"((uint64_t)(v)) : "memory")

static inline uint64_t icc_iar1_read(void)
{
	return icc_read("S3_0_C12_C12_0");
}

static inline void icc_eoir1_write(uint64_t v)
{
	icc_write("S3_0_C12_C12_1", v);
}

static inline uint64_t icc_hppir1_read(void)
{
	return icc_read("S3_0_C12_C12_2");
}

static inline void icc_bpr1_write(uint64_t v)
{
	icc_write("S3_0_C12_C12_3", v);
}

static inline uint64_t icc_ctlr_read(void)
{
	return icc_read("S3_0_C12_C12_4");
}

static inline void icc_ctlr_write(uint64_t v)
{
	icc_write("S3_0_C12_C12_4", v);
}

static inline uint64_t icc_sre_read(void)
{
	return icc_read("S3_0_C12_C12_5");
}

static inline void icc_sre_write(uint64_t v)
{
	icc_write("S3_0_C12_C12_5", v);
}

static inline void icc_igrpen1_write(uint64_t v)
{
	icc_write("S3_0_C12_C12_7", v);
}

static inline void icc_pmr_write(uint64_t v)
{
	icc_write("S3_0_C4_C6_0", v);
}

static inline uint64_t icc_rpr_read(void)
{
	return icc_read("S3_0_C12_C11_3");
}

static inline void icc_sgi1r_write(uint64_t v)
{
	icc_write("S3_0_C12_C11_5", v);
}

#endif
