/* SPDX-License-Identifier: Apache-2.0 */
/* arm64 system-register access and the fields Tessera uses (ARM ARM, D13). */
#ifndef ASM_SYSREG_H
#define ASM_SYSREG_H

#define read_sysreg(r) ({ uint64_t __v; __asm__ volatile("mrs %0, " #r : "=r"(__v)); __v; })
#define write_sysreg(v, r) __asm__ volatile("msr " #r ", %0" : : "r"((uint64_t)(v)))
#define isb() __asm__ volatile("isb" ::: "memory")
#define dsb(o) __asm__ volatile("dsb " #o ::: "memory")

/* HCR_EL2 */
#define HCR_VM (1UL << 0)
#define HCR_SWIO (1UL << 1)
#define HCR_FMO (1UL << 3)
#define HCR_IMO (1UL << 4)
#define HCR_AMO (1UL << 5)
#define HCR_TWI (1UL << 13)
#define HCR_TWE (1UL << 14)
#define HCR_TIDCP (1UL << 20)
#define HCR_TSC (1UL << 19)
#define HCR_TACR (1UL << 21)
#define HCR_RW (1UL << 31)

/* ESR_ELx */
#define ESR_EC_SHIFT 26
#define ESR_EC(esr) (((esr) >> ESR_EC_SHIFT) & 0x3f)
#define ESR_IL (1UL << 25)
#define EC_UNKNOWN 0x00
#define EC_WFX 0x01
#define EC_HVC64 0x16
#define EC_SMC64 0x17
#define EC_SYS64 0x18
#define EC_IABT_LOW 0x20
#define EC_IABT_CUR 0x21
#define EC_DABT_LOW 0x24
#define EC_DABT_CUR 0x25
/* Data abort ISS (ARM ARM D13.2.39) */
#define ESR_ISV (1UL << 24)
#define ESR_SAS(esr) (((esr) >> 22) & 3)
#define ESR_SSE (1UL << 21)
#define ESR_SRT(esr) (((esr) >> 16) & 0x1f)
#define ESR_SF (1UL << 15)
#define ESR_S1PTW (1UL << 7)
#define ESR_WNR (1UL << 6)
#define FSC_EXTABT 0x10
/* WFx ISS: TI bit 0 set for WFE. */
#define ESR_WFX_WFE (1UL << 0)
/* System-register trap ISS (ARM ARM D13.2.37): Op0, Op2, Op1, CRn, CRm and direction. */
#define ESR_SYSREG_READ (1UL << 0)
#define ESR_SYSREG_RT(esr) (((esr) >> 5) & 0x1f)
#define ESR_SYSREG_MASK 0x3ffc1eUL
#define ESR_SYSREG(op0, op1, crn, crm, op2)                                                   \
	((unsigned long)(op0) << 20 | (unsigned long)(op2) << 17 | (unsigned long)(op1) << 14 |    \
	 (unsigned long)(crn) << 10 | (unsigned long)(crm) << 1)
#define ESR_SYSREG_ICC_SGI1R ESR_SYSREG(3, 0, 12, 11, 5)

/* SPSR / PSTATE */
#define PSR_MODE_MASK 0xfUL
#define PSR_MODE_EL0t 0x0UL
#define PSR_MODE_EL1t 0x4UL
#define PSR_MODE_EL1h 0x5UL
#define PSR_DAIF (0xfUL << 6)

/* SCTLR */
#define SCTLR_M (1UL << 0)
#define SCTLR_C (1UL << 2)
#define SCTLR_SA (1UL << 3)
#define SCTLR_I (1UL << 12)
#define SCTLR_WXN (1UL << 19)
#define SCTLR_EL2_RES1 0x30c50830UL
#define SCTLR_EL1_RES1 0x30d00800UL

/* CPTR_EL2 (non-VHE): RES1 bits; TFP (bit 10) clear so FP/SIMD is not trapped. */
#define CPTR_EL2_RES1 0x33ffUL
/* CNTHCTL_EL2: EL1 may use the physical counter and timer. */
#define CNTHCTL_EL1PCTEN (1UL << 0)
#define CNTHCTL_EL1PCEN (1UL << 1)
/* CNTHP_CTL_EL2: the EL2 physical timer, enabled, its interrupt not masked. */
#define CNTHP_CTL_ENABLE (1UL << 0)
/* MDCR_EL2.HPMN: counters EL1 may use. */
#define PMCR_N(pmcr) (((pmcr) >> 11) & 0x1f)

/* VTCR_EL2: 4 KiB granule, 40-bit IPA starting at level 1 (two concatenated tables), WB caches, inner shareable. */
#define VTCR_T0SZ(bits) (64UL - (bits))
#define VTCR_SL0_L1 (1UL << 6)
#define VTCR_IRGN_WB (1UL << 8)
#define VTCR_ORGN_WB (1UL << 10)
#define VTCR_SH_IS (3UL << 12)
#define VTCR_PS_SHIFT 16
#define VTCR_RES1 (1UL << 31)
#define VTTBR_VMID_SHIFT 48

/* TCR_EL2 (non-VHE) */
#define TCR_T0SZ(bits) (64UL - (bits))
#define TCR_IRGN_WB (1UL << 8)
#define TCR_ORGN_WB (1UL << 10)
#define TCR_SH_IS (3UL << 12)
#define TCR_PS_SHIFT 16
#define TCR_EL2_RES1 ((1UL << 31) | (1UL << 23))

#endif
