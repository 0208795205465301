/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The IOMMU seam: the DMA of each VM's devices confined to that VM's
 * memory. The driver (drivers/smmuv3.c) programs the hardware; the core
 * says what a VM's DMA address space is (core/dma.c). Inert on a board
 * whose DT has no SMMU Tessera programs.
 */
#ifndef TESSERA_IOMMU_H
#define TESSERA_IOMMU_H

#include <stdbool.h>
#include <stdint.h>

struct cfg_plan;
struct vm;
struct ram_map;
struct pt_pool;

/*
 * A VM's DMA address space, DMA address = IPA, as an IOMMU walks it: the
 * VM's own stage-2 tables (an IOMMU with stage 2 shares them), or stage-1
 * tables Tessera builds from them holding its memory only (no devices).
 * Either way the tables are Tessera's, never mapped into a guest.
 */
struct iommu_ctx {
	bool stage2;
	uint64_t root;          /* table base (physical) */
	unsigned ias;           /* input address bits */
	unsigned level;         /* where the walk starts */
	unsigned root_tables;   /* concatenated at that level (stage 2 only) */
	uint16_t tag;           /* VMID (stage 2) or ASID (stage 1): VM index + 1 */
};

/* The context for vm (once per VM: stage-1 tables come from pool). 0, or -1 if out of tables. */
int dma_vm_ctx(struct vm *vm, bool stage2, struct pt_pool *pool, struct iommu_ctx *ctx);

/* Boot, once every VM is built: probe the SMMUs, bind every VM's streams, turn them on. */
int iommu_init(const struct cfg_plan *plan, struct vm *vms, struct ram_map *ram,
	       struct pt_pool *pool, uint64_t irq_mpidr);
/* Abort the DMA of vm's devices (it restarts or stops); iommu_vm_resume lets it through again. */
void iommu_vm_quiesce(struct vm *vm);
void iommu_vm_resume(struct vm *vm);
/* A physical interrupt: the SMMU's event or error interrupt, handled? */
bool iommu_irq(uint32_t intid);

#endif
