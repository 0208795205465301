/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A VM's DMA address space (core/dma.c): for a stage-1-only SMMU, tables
 * that map its memory and shared regions exactly as its stage 2 does, and
 * nothing of its devices; for a stage-2 SMMU, its stage-2 tables as they
 * are. Built on the fake arch's descriptors (tests/unit/fake_mm.c).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <tessera/iommu.h>
#include <tessera/vm.h>

#include "check.h"

#define MiB (1ULL << 20)

void log_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

static uint64_t to_pa(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

static void *to_ptr(uint64_t pa)
{
	return (void *)(uintptr_t)pa;
}

static int maps(const struct pt *pt, uint64_t va, uint64_t *pa, unsigned *attr)
{
	return pt_lookup(pt, va, pa, attr) == PT_OK;
}

int main(void)
{
	static struct vm vm;
	struct pt_pool pool = { aligned_alloc(4096, 64 * 4096), 64, 0, to_pa, to_ptr };
	struct iommu_ctx ctx;
	struct pt dma;
	uint64_t pa;
	unsigned attr;

	vm.id = 2;
	vm.label = "alpha";
	pt_init(&vm.s2, PT_STAGE2, 1, 1, &pool);
	/* Memory, a shared region, a device and the vGIC's CPU interface. */
	pt_map(&vm.s2, 0x40000000, 0x7e000000, 16 * MiB, PT_R | PT_W | PT_X);
	pt_map(&vm.s2, 0x70000000, 0x6e000000, 2 * MiB, PT_R | PT_W);
	pt_map(&vm.s2, 0x10000000, 0x10000000, 64 * MiB, PT_R | PT_W | PT_DEVICE);
	pt_map(&vm.s2, 0x08010000, 0x08040000, 8192, PT_R | PT_W | PT_DEVICE);

	CHECK(dma_vm_ctx(&vm, false, &pool, &ctx) == 0 && !ctx.stage2 && ctx.ias == 40 &&
	      ctx.level == 0 && ctx.tag == 3,
	      "dma: stage-1 context: 40-bit DMA addresses from level 0, ASID = VM index + 1");
	dma = (struct pt){ PT_STAGE1_DMA, 0, 512, to_ptr(ctx.root), &pool };
	CHECK(maps(&dma, 0x40000000, &pa, &attr) && pa == 0x7e000000 && attr == (PT_R | PT_W) &&
	      maps(&dma, 0x40ffffff, &pa, &attr) && pa == 0x7effffff,
	      "dma: its memory: DMA address = IPA, to where its memory is in the host, read-write, never executable");
	CHECK(maps(&dma, 0x70001000, &pa, &attr) && pa == 0x6e001000,
	      "dma: its shared region too");
	CHECK(!maps(&dma, 0x10000000, &pa, &attr) && !maps(&dma, 0x08010000, &pa, &attr) &&
	      !maps(&dma, 0x41000000, &pa, &attr) && !maps(&dma, 0x3ffff000, &pa, &attr),
	      "dma: not its devices, not its vGIC window, nothing beyond its memory");
	uint64_t root = ctx.root;

	CHECK(dma_vm_ctx(&vm, false, &pool, &ctx) == 0 && ctx.root == root,
	      "dma: asked again (a second SMMU), the same tables");
	CHECK(dma_vm_ctx(&vm, true, &pool, &ctx) == 0 && ctx.stage2 && ctx.root == pt_root_pa(&vm.s2) &&
	      ctx.level == 1 && ctx.root_tables == 1 && ctx.ias == 39 && ctx.tag == 3,
	      "dma: stage-2 context: the VM's own stage-2 tables, walked as the arch walks them (VMID = index + 1)");
	free(pool.pages);
	return check_status();
}
