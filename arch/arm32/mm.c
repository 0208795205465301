/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The Hyp mode MMU (ARMv7 ARM B3.6, LPAE): where each stage's walk starts
 * and turning Hyp mode's own stage-1 map on. The descriptors are the
 * long-descriptor format shared with arm64 (arch/lpae/pte.c).
 */
#include "../lpae/lpae.h"
#include <asm/sysreg.h>
#include <stdint.h>
#include <tessera/arch/mm.h>

/*
 * Hyp stage 1: a 32-bit VA space from level 1 (4 entries used of one
 * table). Stage 2: a 40-bit IPA space from level 1, which takes 1024
 * entries: two tables concatenated (B3.6.6).
 */
void arch_pt_root(enum pt_stage stage, unsigned *level, unsigned *tables)
{
	*level = 1;
	*tables = stage == PT_STAGE2 ? 2 : 1;
}

/* Runs on every CPU, first thing, with the MMU still off. */
void arch_mmu_enable(uint64_t root_pa)
{
	write_sysreg(LPAE_MAIR_VALUE, mair_el2);
	write_sysreg(HTCR_RES1 | HTCR_IRGN_WB | HTCR_ORGN_WB | HTCR_SH_IS, tcr_el2);
	write_sysreg(root_pa, ttbr0_el2);
	isb();
	__asm__ volatile("mcr p15, 4, %0, c8, c7, 0" : : "r"(0) : "memory"); /* TLBIALLH */
	dsb(ish);
	isb();
	write_sysreg(HSCTLR_RES1 | SCTLR_M | SCTLR_C | SCTLR_I | SCTLR_WXN, sctlr_el2);
	isb();
}
