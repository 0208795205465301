// SPDX-License-Identifier: Apache-2.0
/*
 * The CPU as the arm32 test guest sees it (ARMv7-A, SVC mode, MMU off): the
 * exception frame, the counter and timers, the PMU, the GICv3 CPU interface,
 * MMIO, interrupt masking and the console lock, under the names of
 * arch/arm64/arch.h. Registers are CP15 (ARM ARM v7-A B4.1, B8 for the
 * generic timer, C12 for the PMU).
 */
#ifndef TG_ARCH_H
#define TG_ARCH_H

#include <stdbool.h>
#include <stdint.h>

/* PSCI calls with register-sized arguments use the SMC32 ids (DEN0022 5.2.1). */
#define PSCI_FN_NATIVE 0x84000000u

/*
 * What vectors.S saves on every exception, on the SVC stack: the counter,
 * r0-r12 and lr of the interrupted code, then what SRS stored (the return
 * address and the SPSR).
 */
struct tg_frame {
	uint64_t stamp; /* CNTVCT, read by the vector's sixth instruction */
	uint32_t r[13];
	uint32_t lr;
	uint32_t pc; /* the interrupted or faulting instruction */
	uint32_t spsr;
};

/* CP15 encodings, with %0 (or %Q0/%R0 for 64-bit ones) where Rt goes. */
#define MPIDR "p15, 0, %0, c0, c0, 5"
#define ID_PFR1 "p15, 0, %0, c0, c1, 1"
#define DFSR "p15, 0, %0, c5, c0, 0"
#define IFSR "p15, 0, %0, c5, c0, 1"
#define DFAR "p15, 0, %0, c6, c0, 0"
#define IFAR "p15, 0, %0, c6, c0, 2"
#define PMCR "p15, 0, %0, c9, c12, 0"
#define PMCNTENSET "p15, 0, %0, c9, c12, 1"
#define PMSELR "p15, 0, %0, c9, c12, 5"
#define PMXEVTYPER "p15, 0, %0, c9, c13, 1"
#define PMXEVCNTR "p15, 0, %0, c9, c13, 2"
#define ISR "p15, 0, %0, c12, c1, 0"
#define CNTFRQ "p15, 0, %0, c14, c0, 0"
#define CNTKCTL "p15, 0, %0, c14, c1, 0"
#define CNTP_TVAL "p15, 0, %0, c14, c2, 0"
#define CNTP_CTL "p15, 0, %0, c14, c2, 1"
#define CNTV_TVAL "p15, 0, %0, c14, c3, 0"
#define CNTV_CTL "p15, 0, %0, c14, c3, 1"
#define CNTVCT "p15, 1, %Q0, %R0, c14"
#define CNTPCT "p15, 0, %Q0, %R0, c14"
#define CNTV_CVAL "p15, 3, %Q0, %R0, c14"
#define CNTP_CVAL "p15, 2, %Q0, %R0, c14"

#define cp15_read(reg)                                                                             \
	({                                                                                         \
		uint32_t v__;                                                                      \
		__asm__ volatile("mrc " reg : "=r"(v__));                                          \
		v__;                                                                               \
	})
#define cp15_write(reg, v) __asm__ volatile("mcr " reg : : "r"((uint32_t)(v)) : "memory")
#define cp15_read64(reg)                                                                           \
	({                                                                                         \
		uint64_t v__;                                                                      \
		__asm__ volatile("mrrc " reg : "=r"(v__));                                         \
		v__;                                                                               \
	})
#define cp15_write64(reg, v) __asm__ volatile("mcrr " reg : : "r"((uint64_t)(v)) : "memory")

static inline uint64_t counter_now(void)
{
	uint64_t v;

	__asm__ volatile("isb\n mrrc " CNTVCT "\n isb" : "=r"(v) : : "memory");
	return v;
}

/* The physical counter: the same for every VM (CNTVCT is offset per VM). */
static inline uint64_t cntpct_read(void)
{
	uint64_t v;

	__asm__ volatile("isb\n mrrc " CNTPCT "\n isb" : "=r"(v) : : "memory");
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
	__asm__ volatile("cpsie i\n isb" ::: "memory");
}

static inline void irq_disable(void)
{
	__asm__ volatile("cpsid i\n isb" ::: "memory");
}

/*
 * MMIO (the MMU is off: every data access is Strongly-ordered). One
 * ldr/str/ldrb/strb with a plain [Rn] address: a hypervisor can only
 * emulate an access whose syndrome is valid (HSR.ISV), which ldrd, ldm or
 * a writeback form the compiler might pick would not give.
 */
static inline uint32_t mmio_read32(uintptr_t addr)
{
	uint32_t v;

	__asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

static inline void mmio_write32(uintptr_t addr, uint32_t v)
{
	__asm__ volatile("str %0, [%1]" : : "r"(v), "r"(addr) : "memory");
}

static inline uint8_t mmio_read8(uintptr_t addr)
{
	uint32_t v;

	__asm__ volatile("ldrb %0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return (uint8_t)v;
}

/* Narrow loads as the register sees them: LDRB, LDRSB, LDRH. */
static inline uint32_t mmio_ldrb(uintptr_t addr)
{
	uint32_t v;

	__asm__ volatile("ldrb %0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

static inline uint32_t mmio_ldrsb(uintptr_t addr)
{
	uint32_t v;

	__asm__ volatile("ldrsb %0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

static inline uint32_t mmio_ldrh(uintptr_t addr)
{
	uint32_t v;

	__asm__ volatile("ldrh %0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

static inline void mmio_write8(uintptr_t addr, uint8_t v)
{
	__asm__ volatile("strb %0, [%1]" : : "r"((uint32_t)v), "r"(addr) : "memory");
}

/* A register-wide access (32 bits here), for test=fault. */
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
	return cp15_read(MPIDR);
}

/*
 * Interrupt state for failure reports: ISR, and the CPSR's A, I and F
 * bits, which sit at bits 8-6 like AArch64's DAIF.
 */
#define CPSR_AIF 0x1c0u

static inline uint64_t isr_read(void)
{
	return cp15_read(ISR);
}

static inline uint64_t daif_read(void)
{
	uint32_t v;

	__asm__ volatile("mrs %0, cpsr" : "=r"(v));
	return v & CPSR_AIF;
}

/* The generic timer, PL1 view (ARM ARM v7-A B8). TVAL is 32 bits. */
static inline uint64_t cntfrq_read(void)
{
	return cp15_read(CNTFRQ);
}

static inline void cntkctl_write(uint64_t v)
{
	cp15_write(CNTKCTL, v);
}

static inline void cntv_ctl_write(uint64_t v)
{
	cp15_write(CNTV_CTL, v);
}

static inline void cntv_tval_write(uint64_t v)
{
	cp15_write(CNTV_TVAL, v);
}

static inline void cntv_cval_write(uint64_t v)
{
	cp15_write64(CNTV_CVAL, v);
}

static inline void cntp_ctl_write(uint64_t v)
{
	cp15_write(CNTP_CTL, v);
}

static inline void cntp_tval_write(uint64_t v)
{
	cp15_write(CNTP_TVAL, v);
}

static inline uint64_t cntv_ctl_read(void)
{
	return cp15_read(CNTV_CTL);
}

static inline uint64_t cntp_ctl_read(void)
{
	return cp15_read(CNTP_CTL);
}

static inline void cntp_cval_write(uint64_t v)
{
	cp15_write64(CNTP_CVAL, v);
}

/*
 * PMU event counter 0 counting Hyp-mode instructions only, like arm64's
 * EL2 filter (ARM ARM v7-A C12.8): INST_RETIRED with PMXEVTYPER.P (no
 * PL1) and U (no PL0) set, NSK and NSU clear, NSH (count Hyp mode) set.
 * The counter is reached through PMSELR = 0.
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
	cp15_write(PMCR, PMCR_E | PMCR_P);
	cp15_write(PMSELR, 0);
	__asm__ volatile("isb" ::: "memory");
	cp15_write(PMXEVTYPER, PMEVTYPER_P | PMEVTYPER_U | PMEVTYPER_NSH | PMU_EVT_INST_RETIRED);
	cp15_write(PMCNTENSET, PMCNTEN_C0);
	__asm__ volatile("isb" ::: "memory");
}

static inline uint64_t pmu_read0(void)
{
	uint32_t v = 0; /* selects counter 0, then receives its value */

	__asm__ volatile("isb\n mcr " PMSELR "\n isb\n mrc " PMXEVCNTR : "+r"(v) : : "memory");
	return v;
}

/*
 * Test-and-set lock with wfe. ARMv7 does not promise an event when the
 * holder's store clears the waiter's exclusive monitor (ARMv8 does), so
 * the release also signals one with sev.
 */
static inline void spin_lock(uint32_t *l)
{
	uint32_t busy, fail;

	__asm__ volatile("1:	ldrex	%0, [%2]\n"
			 "	cmp	%0, #0\n"
			 "	wfene\n"
			 "	bne	1b\n"
			 "	strex	%1, %3, [%2]\n"
			 "	cmp	%1, #0\n"
			 "	bne	1b\n"
			 "	dmb	ish\n"
			 : "=&r"(busy), "=&r"(fail)
			 : "r"(l), "r"(1u)
			 : "cc", "memory");
}

static inline void spin_unlock(uint32_t *l)
{
	__asm__ volatile("dmb ish\n str %1, [%0]\n dsb ishst\n sev"
			 :
			 : "r"(l), "r"(0u)
			 : "memory");
}

/*
 * The GICv3 CPU interface has AArch32 CP15 encodings too (IHI 0069
 * 12.1.4); ID_PFR1.GIC (ARMv8 AArch32, RAZ on ARMv7) says whether the CPU
 * has it. The arm32 boards have a GICv2, so these are not normally reached.
 */
#define ID_PFR1_GIC_SHIFT 28
#define ID_PFR1_GIC_MASK 0xfu
#define ICC_IAR1 "p15, 0, %0, c12, c12, 0"
#define ICC_EOIR1 "p15, 0, %0, c12, c12, 1"
#define ICC_HPPIR1 "p15, 0, %0, c12, c12, 2"
#define ICC_BPR1 "p15, 0, %0, c12, c12, 3"
#define ICC_CTLR "p15, 0, %0, c12, c12, 4"
#define ICC_SRE "p15, 0, %0, c12, c12, 5"
#define ICC_IGRPEN1 "p15, 0, %0, c12, c12, 7"
#define ICC_PMR "p15, 0, %0, c4, c6, 0"
#define ICC_RPR "p15, 0, %0, c12, c11, 3"
#define ICC_SGI1R "p15, 0, %Q0, %R0, c12"

static inline bool gic_cpuif_sysregs(void)
{
	return ((cp15_read(ID_PFR1) >> ID_PFR1_GIC_SHIFT) & ID_PFR1_GIC_MASK) != 0;
}

static inline uint64_t icc_iar1_read(void)
{
	return cp15_read(ICC_IAR1);
}

static inline void icc_eoir1_write(uint64_t v)
{
	cp15_write(ICC_EOIR1, v);
}

static inline uint64_t icc_hppir1_read(void)
{
	return cp15_read(ICC_HPPIR1);
}

static inline void icc_bpr1_write(uint64_t v)
{
	cp15_write(ICC_BPR1, v);
}

static inline uint64_t icc_ctlr_read(void)
{
	return cp15_read(ICC_CTLR);
}

static inline void icc_ctlr_write(uint64_t v)
{
	cp15_write(ICC_CTLR, v);
}

static inline uint64_t icc_sre_read(void)
{
	return cp15_read(ICC_SRE);
}

static inline void icc_sre_write(uint64_t v)
{
	cp15_write(ICC_SRE, v);
}

static inline void icc_igrpen1_write(uint64_t v)
{
	cp15_write(ICC_IGRPEN1, v);
}

static inline void icc_pmr_write(uint64_t v)
{
	cp15_write(ICC_PMR, v);
}

static inline uint64_t icc_rpr_read(void)
{
	return cp15_read(ICC_RPR);
}

static inline void icc_sgi1r_write(uint64_t v)
{
	cp15_write64(ICC_SGI1R, v);
}

#endif
