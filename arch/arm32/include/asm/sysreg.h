/* SPDX-License-Identifier: Apache-2.0 */
/*
 * arm32 system registers under their AArch64 names (DESIGN.md section 3):
 * read_sysreg(hcr_el2) reads HCR through CP15, so code written against the
 * AArch64 names reads the same here. Each name maps to its AArch32
 * counterpart (ARM ARM G8, ARMv7 ARM B4.1); 64-bit registers go through
 * MRRC/MCRR. Only the registers Tessera uses are listed.
 */
#ifndef ASM_SYSREG_H
#define ASM_SYSREG_H

#ifndef __ASSEMBLY__
#include <stdint.h>

#define CP15_32(name, op1, crn, crm, op2)                                                      \
	static inline uint32_t read_##name(void)                                               \
	{                                                                                      \
		uint32_t v;                                                                    \
		__asm__ volatile("mrc p15, " #op1 ", %0, " #crn ", " #crm ", " #op2 : "=r"(v)); \
		return v;                                                                      \
	}                                                                                      \
	static inline void write_##name(uint32_t v)                                            \
	{                                                                                      \
		__asm__ volatile("mcr p15, " #op1 ", %0, " #crn ", " #crm ", " #op2 : : "r"(v) \
				 : "memory");                                                  \
	}

#define CP15_64(name, op1, crm)                                                                \
	static inline uint64_t read_##name(void)                                               \
	{                                                                                      \
		uint64_t v;                                                                    \
		__asm__ volatile("mrrc p15, " #op1 ", %Q0, %R0, " #crm : "=r"(v));             \
		return v;                                                                      \
	}                                                                                      \
	static inline void write_##name(uint64_t v)                                            \
	{                                                                                      \
		__asm__ volatile("mcrr p15, " #op1 ", %Q0, %R0, " #crm : : "r"(v) : "memory"); \
	}

/* Banked and special registers, reached with MRS/MSR (ARMv7 virtualization extensions). */
#define BANKED(name, reg)                                                                      \
	static inline uint32_t read_##name(void)                                               \
	{                                                                                      \
		uint32_t v;                                                                    \
		__asm__ volatile("mrs %0, " #reg : "=r"(v));                                   \
		return v;                                                                      \
	}                                                                                      \
	static inline void write_##name(uint32_t v)                                            \
	{                                                                                      \
		__asm__ volatile("msr " #reg ", %0" : : "r"(v) : "memory");                    \
	}

/* Identification */
CP15_32(midr_el1, 0, c0, c0, 0)
CP15_32(mpidr_el1, 0, c0, c0, 5)
CP15_32(ctr_el0, 0, c0, c0, 1)
CP15_32(vpidr_el2, 4, c0, c0, 0)  /* VPIDR */
CP15_32(vmpidr_el2, 4, c0, c0, 5) /* VMPIDR */
/* Hyp mode control */
CP15_32(sctlr_el2, 4, c1, c0, 0)  /* HSCTLR */
CP15_32(hcr_el2, 4, c1, c1, 0)    /* HCR */
CP15_32(mdcr_el2, 4, c1, c1, 1)   /* HDCR */
CP15_32(cptr_el2, 4, c1, c1, 2)   /* HCPTR */
CP15_32(tcr_el2, 4, c2, c0, 2)    /* HTCR */
CP15_32(vtcr_el2, 4, c2, c1, 2)   /* VTCR */
CP15_64(ttbr0_el2, 4, c2)         /* HTTBR */
CP15_64(vttbr_el2, 6, c2)         /* VTTBR */
CP15_32(mair_el2, 4, c10, c2, 0)  /* HMAIR0 */
CP15_32(vbar_el2, 4, c12, c0, 0)  /* HVBAR */
CP15_32(tpidr_el2, 4, c13, c0, 2) /* HTPIDR */
/* Hyp mode exception syndrome and fault addresses */
CP15_32(esr_el2, 4, c5, c2, 0)    /* HSR */
CP15_32(far_el2, 4, c6, c0, 0)    /* HDFAR */
CP15_32(hifar, 4, c6, c0, 2)      /* HIFAR: AArch64 has one FAR_EL2 for both */
CP15_32(hpfar_el2, 4, c6, c0, 4)  /* HPFAR */
/* ELR_hyp is read as a banked register even in Hyp mode; SPSR_hyp is Hyp mode's own SPSR. */
BANKED(elr_el2, elr_hyp)
static inline uint32_t read_spsr_el2(void)
{
	uint32_t v;

	__asm__ volatile("mrs %0, spsr" : "=r"(v));
	return v;
}

static inline void write_spsr_el2(uint32_t v)
{
	__asm__ volatile("msr spsr_cxsf, %0" : : "r"(v) : "memory");
}
/* The guest's PL1 registers */
CP15_32(sctlr_el1, 0, c1, c0, 0)  /* SCTLR */
CP15_32(ttbcr, 0, c2, c0, 2)      /* TTBCR (its EAE bit selects the fault status format) */
CP15_32(dfsr, 0, c5, c0, 0)
CP15_32(ifsr, 0, c5, c0, 1)
CP15_32(dfar, 0, c6, c0, 0)
CP15_32(ifar, 0, c6, c0, 2)
CP15_32(vbar_el1, 0, c12, c0, 0)  /* VBAR */
/* Generic timer and PMU */
CP15_64(cntpct_el0, 0, c14)       /* CNTPCT */
CP15_32(cntfrq_el0, 0, c14, c0, 0) /* CNTFRQ */
CP15_64(cntvoff_el2, 4, c14)      /* CNTVOFF */
CP15_32(cnthctl_el2, 4, c14, c1, 0) /* CNTHCTL */
CP15_32(cnthp_ctl_el2, 4, c14, c2, 1) /* CNTHP_CTL: the Hyp physical timer */
CP15_64(cnthp_cval_el2, 6, c14)   /* CNTHP_CVAL */
CP15_32(pmcr_el0, 0, c9, c12, 0)  /* PMCR */

#define read_sysreg(r) read_##r()
#define write_sysreg(v, r) write_##r(v)
#define isb() __asm__ volatile("isb" ::: "memory")
#define dsb(o) __asm__ volatile("dsb " #o ::: "memory")
#endif

/* HCR (ARMv7 ARM B4.1.65) */
#define HCR_VM (1u << 0)
#define HCR_SWIO (1u << 1)
#define HCR_FMO (1u << 3)
#define HCR_IMO (1u << 4)
#define HCR_AMO (1u << 5)
#define HCR_TWI (1u << 13)
#define HCR_TWE (1u << 14)
#define HCR_TSC (1u << 19)
#define HCR_TIDCP (1u << 20)
#define HCR_TAC (1u << 21)

/* HSR (B3.13.6): exception class, instruction length, ISS. */
#define HSR_EC_SHIFT 26
#define HSR_EC(hsr) (((hsr) >> HSR_EC_SHIFT) & 0x3f)
#define HSR_IL (1u << 25)
#define HSR_CV (1u << 24) /* ISS of a trapped instruction: condition field valid */
#define HSR_COND(hsr) (((hsr) >> 20) & 0xf)
#define EC_UNKNOWN 0x00
#define EC_WFX 0x01
#define EC_CP15_32 0x03
#define EC_CP15_64 0x04
#define EC_HVC 0x12
#define EC_SMC 0x13
#define EC_IABT_LOW 0x20
#define EC_DABT_LOW 0x24
/* Data abort ISS */
#define HSR_ISV (1u << 24)
#define HSR_SAS(hsr) (((hsr) >> 22) & 3)
#define HSR_SSE (1u << 21)
#define HSR_SRT(hsr) (((hsr) >> 16) & 0xf)
#define HSR_S1PTW (1u << 7)
#define HSR_WNR (1u << 6)
#define HSR_WFX_WFE (1u << 0)
/* MCR/MRC ISS: Opc2 [19:17], Opc1 [16:14], CRn [13:10], Rt [8:5], CRm [4:1], direction [0]. */
#define HSR_CP32_RT(hsr) (((hsr) >> 5) & 0xf)
#define HSR_CP32_MASK 0x000ffc1eu /* the register: everything but Rt and the direction */
#define HSR_CP32(opc1, crn, crm, opc2)                                                         \
	((uint32_t)(opc2) << 17 | (uint32_t)(opc1) << 14 | (uint32_t)(crn) << 10 | (uint32_t)(crm) << 1)
#define HSR_CP32_ACTLR HSR_CP32(0, 1, 0, 1)
/* MCRR/MRRC ISS: Opc1 [19:16], Rt2 [13:10], Rt [8:5], CRm [4:1], direction [0] (1 = read). */
#define HSR_CP64_OPC1(hsr) (((hsr) >> 16) & 0xf)
#define HSR_CP64_RT2(hsr) (((hsr) >> 10) & 0xf)
#define HSR_CP64_RT(hsr) (((hsr) >> 5) & 0xf)
#define HSR_CP64_CRM(hsr) (((hsr) >> 1) & 0xf)
#define HSR_CP_READ (1u << 0)

/* CPSR / SPSR */
#define PSR_MODE_MASK 0x1fu
#define PSR_MODE_USR 0x10u
#define PSR_MODE_FIQ 0x11u
#define PSR_MODE_IRQ 0x12u
#define PSR_MODE_SVC 0x13u
#define PSR_MODE_ABT 0x17u
#define PSR_MODE_HYP 0x1au
#define PSR_MODE_UND 0x1bu
#define PSR_MODE_SYS 0x1fu
#define PSR_T (1u << 5)
#define PSR_F (1u << 6)
#define PSR_I (1u << 7)
#define PSR_A (1u << 8)
#define PSR_E (1u << 9)
#define PSR_IT_MASK 0x0600fc00u /* IT[7:2] at [15:10], IT[1:0] at [26:25] */
#define PSR_J (1u << 24)

/* SCTLR / HSCTLR */
#define SCTLR_M (1u << 0)
#define SCTLR_C (1u << 2)
#define SCTLR_V (1u << 13) /* high vectors at 0xffff0000 */
#define SCTLR_I (1u << 12)
#define SCTLR_WXN (1u << 19)
#define SCTLR_EE (1u << 25)
#define SCTLR_TE (1u << 30) /* exceptions taken in Thumb state */
#define HSCTLR_RES1 0x30c50818u
#define SCTLR_GUEST_RESET 0x00c50078u /* Cortex-A15 reset value: MMU, caches off */
#define TTBCR_EAE (1u << 31)

/* CNTHCTL: PL1 may use the physical counter and timer. */
#define CNTHCTL_PL1PCTEN (1u << 0)
#define CNTHCTL_PL1PCEN (1u << 1)
/* CNTHP_CTL: the Hyp physical timer enabled, its interrupt not masked. */
#define CNTHP_CTL_ENABLE (1u << 0)
#define PMCR_N(pmcr) (((pmcr) >> 11) & 0x1f)

/* VTCR: 40-bit IPA (T0SZ = -8, signed 4 bits with S = 1), walk from level 1, WB, inner shareable. */
#define VTCR_T0SZ_40 0x18u
#define VTCR_SL0_L1 (1u << 6)
#define VTCR_IRGN_WB (1u << 8)
#define VTCR_ORGN_WB (1u << 10)
#define VTCR_SH_IS (3u << 12)
#define VTCR_RES1 (1u << 31)
#define VTTBR_VMID_SHIFT 48

/* HTCR: 32-bit VA (T0SZ = 0, walk from level 1), WB, inner shareable. */
#define HTCR_IRGN_WB (1u << 8)
#define HTCR_ORGN_WB (1u << 10)
#define HTCR_SH_IS (3u << 12)
#define HTCR_RES1 ((1u << 31) | (1u << 23))

#endif
