/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A VM's DMA address space for an IOMMU (include/tessera/iommu.h). DMA
 * addresses are IPAs, so the VM's stage 2 is the truth: an IOMMU with
 * stage 2 walks it as it is; for one with stage 1 only (QEMU 7.2's SMMUv3)
 * Tessera copies its normal-memory mappings (the VM's memory and shared
 * regions, not its devices, vGIC or doorbells) into stage-1 tables of the
 * same table code.
 */
#include <tessera/hyp.h>
#include <tessera/iommu.h>
#include <tessera/vm.h>

/* Bits of input address the DMA tables take: the guest's IPA space. */
#define DMA_IAS 40

static int copy_memory(void *ctx, uint64_t va, uint64_t pa, uint64_t size, unsigned attr)
{
	if (attr & PT_DEVICE) {
		return 0;
	}
	return pt_map(ctx, va, pa, size, attr & (PT_R | PT_W));
}

int dma_vm_ctx(struct vm *vm, bool stage2, struct pt_pool *pool, struct iommu_ctx *ctx)
{
	static struct pt dma[CFG_MAX_VMS];
	struct pt *t = &dma[vm->id];

	*ctx = (struct iommu_ctx){ .stage2 = stage2, .tag = (uint16_t)(vm->id + 1) };
	if (stage2) {
		arch_pt_root(PT_STAGE2, &ctx->level, &ctx->root_tables);
		ctx->root = pt_root_pa(&vm->s2);
		ctx->ias = 12 + 9 * (4 - ctx->level) + (unsigned)__builtin_ctz(ctx->root_tables);
		return 0;
	}
	/* A 40-bit input from level 0 (stage 1 concatenates no tables). */
	if (!t->root && (pt_init(t, PT_STAGE1_DMA, 0, 1, pool) || pt_walk(&vm->s2, copy_memory, t))) {
		log_info("vm '%s': out of translation-table memory for its DMA", vm->label);
		return -1;
	}
	ctx->root = pt_root_pa(t);
	ctx->ias = DMA_IAS;
	ctx->level = 0;
	ctx->root_tables = 1;
	return 0;
}
