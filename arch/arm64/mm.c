/* SPDX-License-Identifier: Apache-2.0 */
/*
 * VMSAv8-64 descriptors with a 4 KiB granule (ARM ARM D8.3), for the EL2
 * stage-1 map and stage-2, and turning the EL2 MMU on.
 */
#include <asm/sysreg.h>
#include <stdint.h>
#include <tessera/arch/mm.h>

#define PTE_VALID (1UL << 0)
#define PTE_TABLE (1UL << 1) /* also "page" at level 3 */
#define PTE_ATTRIDX(i) ((uint64_t)(i) << 2)
#define PTE_AP_RO (1UL << 7)
#define PTE_AP_EL2_RES1 (1UL << 6)
#define PTE_S2_MEMATTR_NORMAL (0xfUL << 2)
#define PTE_S2_MEMATTR_DEVICE (0x1UL << 2)
#define PTE_S2AP_R (1UL << 6)
#define PTE_S2AP_W (1UL << 7)
#define PTE_SH_INNER (3UL << 8)
#define PTE_AF (1UL << 10)
#define PTE_XN (1UL << 54)
#define PTE_ADDR_MASK 0x0000fffffffff000UL

uint64_t arch_pte_table(uint64_t table_pa)
{
	return (table_pa & PTE_ADDR_MASK) | PTE_TABLE | PTE_VALID;
}

uint64_t arch_pte_leaf(enum pt_stage stage, unsigned level, uint64_t pa, unsigned attr)
{
	uint64_t pte = (pa & PTE_ADDR_MASK) | PTE_AF | PTE_VALID;

	if (level == 3) {
		pte |= PTE_TABLE;
	}
	if (!(attr & PT_X)) {
		pte |= PTE_XN;
	}
	if (stage == PT_STAGE2) {
		pte |= (attr & PT_DEVICE) ? PTE_S2_MEMATTR_DEVICE : PTE_S2_MEMATTR_NORMAL | PTE_SH_INNER;
		pte |= (attr & PT_R) ? PTE_S2AP_R : 0;
		pte |= (attr & PT_W) ? PTE_S2AP_W : 0;
	} else {
		pte |= (attr & PT_DEVICE) ? PTE_ATTRIDX(MAIR_DEVICE_IDX)
					  : PTE_ATTRIDX(MAIR_NORMAL_IDX) | PTE_SH_INNER;
		pte |= PTE_AP_EL2_RES1 | ((attr & PT_W) ? 0 : PTE_AP_RO);
	}
	return pte;
}

bool arch_pte_valid(uint64_t pte)
{
	return pte & PTE_VALID;
}

bool arch_pte_is_table(uint64_t pte, unsigned level)
{
	return level < 3 && (pte & PTE_TABLE);
}

uint64_t arch_pte_pa(uint64_t pte)
{
	return pte & PTE_ADDR_MASK;
}

unsigned arch_pte_attr(enum pt_stage stage, uint64_t pte)
{
	unsigned attr = (pte & PTE_XN) ? 0 : PT_X;

	if (stage == PT_STAGE2) {
		attr |= (pte & PTE_S2AP_R) ? PT_R : 0;
		attr |= (pte & PTE_S2AP_W) ? PT_W : 0;
		attr |= ((pte >> 2) & 0xf) == 0x1 ? PT_DEVICE : 0;
	} else {
		attr |= PT_R | ((pte & PTE_AP_RO) ? 0 : PT_W);
		attr |= ((pte >> 2) & 7) == MAIR_DEVICE_IDX ? PT_DEVICE : 0;
	}
	return attr;
}

unsigned arch_pt_min_block_level(void)
{
	return 1;
}

/* Physical address size field (TCR.PS / VTCR.PS) this CPU supports, capped at 40 bits. */
uint64_t arm64_pa_range(void)
{
	uint64_t pa = read_sysreg(id_aa64mmfr0_el1) & 0xf;

	return pa > 2 ? 2 : pa;
}

/* Runs on every CPU, first thing, with the MMU still off. */
void arch_mmu_enable(uint64_t root_pa)
{
	write_sysreg(MAIR_EL2_VALUE, mair_el2);
	write_sysreg(TCR_EL2_RES1 | TCR_T0SZ(39) | TCR_IRGN_WB | TCR_ORGN_WB | TCR_SH_IS |
			     (arm64_pa_range() << TCR_PS_SHIFT),
		     tcr_el2);
	write_sysreg(root_pa, ttbr0_el2);
	isb();
	__asm__ volatile("tlbi alle2" ::: "memory");
	dsb(ish);
	isb();
	write_sysreg(SCTLR_EL2_RES1 | SCTLR_M | SCTLR_C | SCTLR_I | SCTLR_SA | SCTLR_WXN, sctlr_el2);
	isb();
}
