/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Arch seam: translation-table descriptors. core/pt.c walks and builds the
 * tables; only the arch knows how an entry is encoded (the host unit tests
 * use a fake arch whose encoding is deliberately different).
 */
#ifndef TESSERA_ARCH_MM_H
#define TESSERA_ARCH_MM_H

#include <stdbool.h>
#include <stdint.h>

/*
 * The hypervisor's own map, a VM's stage 2, and the stage-1 tables an
 * IOMMU translates a VM's DMA with (EL1&0-style, any privilege: a PCIe
 * transaction is unprivileged).
 */
enum pt_stage { PT_STAGE1_HYP, PT_STAGE2, PT_STAGE1_DMA };

/* Access attributes of a mapping. */
#define PT_R 0x1u
#define PT_W 0x2u
#define PT_X 0x4u
#define PT_DEVICE 0x8u /* device memory; otherwise normal write-back */

/* Levels 0..3; a table at level L maps 2^(12 + 9 * (3 - L)) bytes per entry. */
#define PT_LEVELS 4
#define PT_ENTRIES 512

uint64_t arch_pte_table(uint64_t table_pa);
uint64_t arch_pte_leaf(enum pt_stage stage, unsigned level, uint64_t pa, unsigned attr);
bool arch_pte_valid(uint64_t pte);
bool arch_pte_is_table(uint64_t pte, unsigned level);
uint64_t arch_pte_pa(uint64_t pte);
unsigned arch_pte_attr(enum pt_stage stage, uint64_t pte);
/* Where a stage's walk starts: its root level and how many tables are concatenated there. */
void arch_pt_root(enum pt_stage stage, unsigned *level, unsigned *tables);
/* Lowest level at which a block (not a page) may be used. */
unsigned arch_pt_min_block_level(void);
/* Turn on this CPU's hypervisor MMU with the table at root_pa (runs with the MMU off). */
void arch_mmu_enable(uint64_t root_pa);

#endif
