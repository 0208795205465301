/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The configuration engine, part 6: IOMMUs. The SMMUv3s Tessera programs
 * (enabled "arm,smmu-v3" nodes) go into plan->hw; every device handed to a
 * VM brings its stream IDs: a device's 'iommus', a PCIe host bridge's
 * 'iommu-map' for the first CFG_PCI_BUSES buses of its bus-range. A stream
 * belongs to one VM, and a DMA master whose streams are bound is confined
 * to its VM's memory (cfg_check_dma asks cfg_streams_of). See config.c for
 * the rules all parts follow.
 */
#include <libfdt.h>
#include <stdio.h>
#include <string.h>

#include <tessera/config_deps.h>

#include "config_priv.h"

#define SMMU_FRAME 0x20000ULL /* register pages 0 and 1 */

/* The SPI named `name` in the node's interrupt-names (GIC specifiers), as an INTID; 0 if none. */
static uint32_t named_spi(struct parser *p, int node, const char *name)
{
	const struct cfg_index *x = &p->plan->index;
	int gic = p->plan->hw.gic_phandle ? cfg_node_of(x, p->fdt, p->plan->hw.gic_phandle) : -1;
	int idx = fdt_stringlist_search(p->fdt, node, "interrupt-names", name), len;
	const fdt32_t *c = fdt_getprop(p->fdt, node, "interrupts", &len);

	if (idx < 0 || !c || gic < 0 || cfg_irq_parent(x, p->fdt, node) != gic ||
	    len < (idx + 1) * GIC_SPEC_CELLS * 4 ||
	    fdt32_ld(&c[idx * GIC_SPEC_CELLS]) != GIC_SPEC_SPI) {
		return 0;
	}
	return GIC_SPI_BASE + fdt32_ld(&c[idx * GIC_SPEC_CELLS + 1]);
}

void cfg_parse_smmus(struct parser *p)
{
	struct cfg_hw *hw = &p->plan->hw;
	int node = -1;

	while ((node = fdt_node_offset_by_compatible(p->fdt, node, "arm,smmu-v3")) >= 0) {
		struct cfg_smmu *s = &hw->smmu[hw->nr_smmu];
		struct cfg_range reg;
		int len;
		const fdt32_t *cells = fdt_getprop(p->fdt, node, "#iommu-cells", &len);

		if (!cfg_status_okay(p->fdt, node)) {
			continue;       /* disabled: it protects nothing (cfg_check_dma) */
		}
		if (hw->nr_smmu >= CFG_MAX_SMMU) {
			cfg_problem(p, node, "more than %d SMMUs (Tessera programs %d)", CFG_MAX_SMMU,
				    CFG_MAX_SMMU);
			return;
		}
		if (cfg_node_regs(p, node, node, &reg, 1) < 1) {
			continue;
		}
		if (reg.size < SMMU_FRAME) {
			cfg_problem(p, node, "its registers are 0x%llx bytes: an SMMUv3 has two 64 KiB pages (0x20000)",
				    (unsigned long long)reg.size);
			continue;
		}
		if (!cells || len != 4 || fdt32_ld(cells) != 1) {
			cfg_problem(p, node, "#iommu-cells must be 1 (a stream ID)");
			continue;
		}
		cfg_node_path(p->fdt, node, s->path, sizeof(s->path));
		s->reg = (struct cfg_range){ reg.base, SMMU_FRAME };
		s->phandle = fdt_get_phandle(p->fdt, node);
		s->evtq_intid = named_spi(p, node, "eventq");
		if (!s->evtq_intid) {
			s->evtq_intid = named_spi(p, node, "combined");
		}
		s->gerror_intid = named_spi(p, node, "gerror");
		if (!s->evtq_intid) {
			cfg_problem(p, node, "has no \"eventq\" (or \"combined\") SPI in interrupt-names: Tessera reports DMA faults from it");
			continue;
		}
		hw->nr_smmu++;
	}
}

/* The SMMU of plan->hw with this phandle, or -1. */
static int smmu_by_phandle(const struct cfg_hw *hw, uint32_t ph)
{
	for (unsigned i = 0; ph && i < hw->nr_smmu; i++) {
		if (hw->smmu[i].phandle == ph) {
			return (int)i;
		}
	}
	return -1;
}

static void add_stream(struct parser *p, int at, struct cfg_vm *vm, int dev, unsigned smmu,
		       uint32_t sid, uint32_t count)
{
	const struct cfg_plan *plan = p->plan;

	for (const struct cfg_vm *o = plan->vm; o < plan->vm + plan->nr_vms; o++) {
		for (unsigned j = 0; j < o->nr_streams; j++) {
			const struct cfg_stream *t = &o->stream[j];
			char a[VM_NAME_LEN], b[VM_NAME_LEN];

			if (t->smmu != smmu || !cfg_overlaps(sid, count, t->sid, t->count)) {
				continue;
			}
			if (o == vm) {
				cfg_problem_via(p, at, dev, "has stream IDs 0x%x-0x%x of %s that another device of this VM has too",
						sid, sid + count - 1, plan->hw.smmu[smmu].path);
				return;
			}
			cfg_vm_name(o, a, sizeof(a));
			cfg_vm_name(vm, b, sizeof(b));
			cfg_problem_via(p, at, dev, "has stream IDs 0x%x-0x%x of %s, given twice: to %s and to %s",
					sid, sid + count - 1, plan->hw.smmu[smmu].path, a, b);
			return;
		}
	}
	if (vm->nr_streams >= CFG_MAX_STREAMS) {
		cfg_problem(p, at, "too many stream-ID ranges (Tessera binds %d per VM)", CFG_MAX_STREAMS);
		return;
	}
	vm->stream[vm->nr_streams++] = (struct cfg_stream){ sid, count, smmu, dev };
}

/* 'iommus' = <&smmu sid ...>: one stream each, on an SMMU Tessera programs. */
static void device_iommus(struct parser *p, int at, struct cfg_vm *vm, int dev)
{
	int len;
	const fdt32_t *c = fdt_getprop(p->fdt, dev, "iommus", &len);

	for (int i = 0; c && i + 1 < len / 4; i += 2) {
		int s = smmu_by_phandle(&p->plan->hw, fdt32_ld(&c[i]));

		if (s < 0) {
			return; /* another IOMMU: cfg_check_dma says what that means */
		}
		add_stream(p, at, vm, dev, (unsigned)s, fdt32_ld(&c[i + 1]), 1);
	}
}

/*
 * A host bridge's 'iommu-map' = <rid-base &smmu sid-base length ...>: the
 * requester IDs (bus << 8 | devfn) of its first CFG_PCI_BUSES buses, as
 * stream IDs. Buses beyond have no stream bound: their DMA aborts.
 */
static void bridge_iommu_map(struct parser *p, int at, struct cfg_vm *vm, int dev)
{
	int len, rlen;
	const fdt32_t *m = fdt_getprop(p->fdt, dev, "iommu-map", &len);
	const fdt32_t *range = fdt_getprop(p->fdt, dev, "bus-range", &rlen);
	uint32_t first = range && rlen == 8 ? fdt32_ld(&range[0]) : 0;
	uint32_t last = range && rlen == 8 ? fdt32_ld(&range[1]) : 0xff;
	uint32_t lo, hi;

	if (!m) {
		return;
	}
	if (len % 16 || first > last || last > 0xff) {
		cfg_problem_via(p, at, dev, "has a malformed 'iommu-map' or 'bus-range'");
		return;
	}
	if (fdt_getprop(p->fdt, dev, "iommu-map-mask", NULL)) {
		cfg_problem_via(p, at, dev, "has an 'iommu-map-mask': Tessera maps requester IDs one to one");
		return;
	}
	if (last - first >= CFG_PCI_BUSES) {
		last = first + CFG_PCI_BUSES - 1;
	}
	lo = first << 8;
	hi = ((last + 1) << 8) - 1;
	for (int i = 0; i < len / 16; i++) {
		uint32_t rid = fdt32_ld(&m[i * 4]), sid = fdt32_ld(&m[i * 4 + 2]);
		uint32_t n = fdt32_ld(&m[i * 4 + 3]);
		int s = smmu_by_phandle(&p->plan->hw, fdt32_ld(&m[i * 4 + 1]));
		uint64_t end = (uint64_t)rid + n - 1;
		uint32_t from = rid > lo ? rid : lo, to = end < hi ? (uint32_t)end : hi;

		if (s < 0) {
			return;
		}
		if (n && from <= to && end >= lo) {
			add_stream(p, at, vm, dev, (unsigned)s, sid + (from - rid), to - from + 1);
		}
	}
}

void cfg_device_streams(struct parser *p, int at, struct cfg_vm *vm, int dev)
{
	device_iommus(p, at, vm, dev);
	bridge_iommu_map(p, at, vm, dev);
}

int cfg_streams_of(const struct cfg_vm *vm, int dev)
{
	int n = 0;

	for (unsigned i = 0; i < vm->nr_streams; i++) {
		n += vm->stream[i].dev == dev;
	}
	return n;
}
