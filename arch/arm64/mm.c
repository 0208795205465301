/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The EL2 MMU: where each stage's walk starts and turning the EL2 stage-1
 * map on. The descriptors themselves are in arch/lpae/pte.c.
 */
#include "../lpae/lpae.h"
#include <asm/sysreg.h>
#include <stdint.h>
#include <tessera/arch/mm.h>

/*
 * Walks start at level 1. Stage 1 (Tessera's own map) takes 39-bit input
 * addresses, one table. Stage 2 takes 40-bit IPAs, two concatenated
 * tables (ARM ARM D8.2.6), as on arm32: a device passed through at IPA = PA
 * may sit above 512 GiB (the ZynqMP's and QEMU virt's high PCIe windows).
 */
void arch_pt_root(enum pt_stage stage, unsigned *level, unsigned *tables)
{
	*level = 1;
	*tables = stage == PT_STAGE2 ? 2 : 1;
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
	write_sysreg(LPAE_MAIR_VALUE, mair_el2);
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
