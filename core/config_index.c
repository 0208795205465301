/* SPDX-License-Identifier: Apache-2.0 */
/*
 * An index of the board DT, built once per parse: each node's offset, its
 * parent, its phandle and where its subtree ends, so that the engine, the
 * guest DT generator and tcheck find a node's parent, a phandle's node and
 * "is this node inside that device" in O(log n) or O(1). libfdt answers the
 * first two by walking the blob from its start, which made checking a real
 * SoC's plan (hundreds of nodes, a rich OS with dozens of devices, each
 * with providers) cost a billion instructions. A DT with more nodes than
 * the index holds is still served, by libfdt, only slower.
 */
#include <libfdt.h>
#include <string.h>
#include <tessera/config.h>

/* The index i of node offset off, or -1 (binary search: offsets grow in DT order). */
static int find(const struct cfg_index *x, int off)
{
	int lo = 0, hi = (int)x->nr - 1;

	while (lo <= hi) {
		int mid = (lo + hi) / 2;

		if (x->off[mid] == off) {
			return mid;
		}
		if (x->off[mid] < off) {
			lo = mid + 1;
		} else {
			hi = mid - 1;
		}
	}
	return -1;
}

static int usable(const struct cfg_index *x, const void *fdt)
{
	return x && x->fdt == fdt && x->nr;
}

void cfg_index_build(struct cfg_index *x, const void *fdt)
{
	uint16_t open[CFG_INDEX_DEPTH]; /* the node open at each depth */
	int depth = 0, open_depth = 0;

	x->fdt = fdt;
	x->nr = 0;
	x->nr_phandles = 0;
	for (int n = 0; n >= 0 && depth >= 0; n = fdt_next_node(fdt, n, &depth)) {
		unsigned i = x->nr;

		if (i == CFG_INDEX_NODES || depth >= CFG_INDEX_DEPTH) {
			x->nr = 0; /* too big: libfdt does it all */
			return;
		}
		/* This node ends every subtree open at its depth or deeper. */
		for (int d = depth; d < open_depth; d++) {
			x->end[open[d]] = (uint16_t)i;
		}
		open_depth = depth + 1;
		open[depth] = (uint16_t)i;
		x->off[i] = n;
		x->parent[i] = depth ? open[depth - 1] : 0;
		x->phandle[i] = fdt_get_phandle(fdt, n);
		if (x->phandle[i]) {
			/* Insertion sort by phandle: few nodes have one, mostly in rising order. */
			unsigned k = x->nr_phandles++;

			while (k && x->phandle[x->by_phandle[k - 1]] > x->phandle[i]) {
				x->by_phandle[k] = x->by_phandle[k - 1];
				k--;
			}
			x->by_phandle[k] = (uint16_t)i;
		}
		x->nr++;
	}
	for (int d = 0; d < open_depth; d++) {
		x->end[open[d]] = (uint16_t)x->nr;
	}
}

int cfg_parent(const struct cfg_index *x, const void *fdt, int node)
{
	int i;

	if (!usable(x, fdt) || (i = find(x, node)) < 0) {
		return fdt_parent_offset(fdt, node);
	}
	return i == 0 ? -FDT_ERR_NOTFOUND : x->off[x->parent[i]];
}

int cfg_node_of(const struct cfg_index *x, const void *fdt, uint32_t phandle)
{
	int lo = 0, hi;

	if (!usable(x, fdt)) {
		return fdt_node_offset_by_phandle(fdt, phandle);
	}
	if (phandle == 0 || phandle == (uint32_t)-1) {
		return -FDT_ERR_BADPHANDLE;
	}
	hi = (int)x->nr_phandles - 1;
	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		uint32_t p = x->phandle[x->by_phandle[mid]];

		if (p == phandle) {
			return x->off[x->by_phandle[mid]];
		}
		if (p < phandle) {
			lo = mid + 1;
		} else {
			hi = mid - 1;
		}
	}
	return -FDT_ERR_NOTFOUND;
}

int cfg_inside(const struct cfg_index *x, const void *fdt, int node, int top)
{
	int i, t;

	if (node < 0 || top < 0) {
		return 0;
	}
	if (!usable(x, fdt) || (i = find(x, node)) < 0 || (t = find(x, top)) < 0) {
		for (int n = node; n >= 0; n = fdt_parent_offset(fdt, n)) {
			if (n == top) {
				return 1;
			}
		}
		return 0;
	}
	return i >= t && i < x->end[t];
}
