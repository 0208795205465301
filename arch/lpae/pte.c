/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Long-descriptor entries (ARM ARM D8.3 for VMSAv8-64 with a 4 KiB granule;
 * ARMv7 ARM B3.6 for LPAE): how core/pt.c's tables are encoded on both
 * arm64 and arm32. Output addresses are taken up to bit 47; an LPAE system
 * never sets bits above 39.
 */
#include "lpae.h"
#include <stdint.h>
#include <tessera/arch/mm.h>

#define PTE_VALID (1ULL << 0)
#define PTE_TABLE (1ULL << 1) /* also "page" at level 3 */
#define PTE_ATTRIDX(i) ((uint64_t)(i) << 2)
#define PTE_AP_RO (1ULL << 7)
#define PTE_AP_HYP_RES1 (1ULL << 6) /* AP[1]: should be one in EL2 / Hyp mode tables */
#define PTE_S2_MEMATTR_NORMAL (0xfULL << 2)
#define PTE_S2_MEMATTR_DEVICE (0x1ULL << 2)
#define PTE_S2AP_R (1ULL << 6)
#define PTE_S2AP_W (1ULL << 7)
#define PTE_SH_INNER (3ULL << 8)
#define PTE_AF (1ULL << 10)
#define PTE_XN (1ULL << 54)
#define PTE_ADDR_MASK 0x0000fffffffff000ULL

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
		/* Stage 1, EL2's own or an SMMU's for DMA (its context
		 * descriptor carries LPAE_MAIR_VALUE): AP[1] is RES1 at EL2
		 * and "any privilege" in an EL1&0-style map. */
		pte |= (attr & PT_DEVICE) ? PTE_ATTRIDX(LPAE_MAIR_DEVICE_IDX)
					  : PTE_ATTRIDX(LPAE_MAIR_NORMAL_IDX) | PTE_SH_INNER;
		pte |= PTE_AP_HYP_RES1 | ((attr & PT_W) ? 0 : PTE_AP_RO);
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
		attr |= ((pte >> 2) & 7) == LPAE_MAIR_DEVICE_IDX ? PT_DEVICE : 0;
	}
	return attr;
}

/* Blocks of 1 GiB (level 1) and 2 MiB (level 2) exist in both formats. */
unsigned arch_pt_min_block_level(void)
{
	return 1;
}
