/* SPDX-License-Identifier: Apache-2.0 */
/* Host tests of core/pt.c (translation tables) over the fake arch. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <tessera/pt.h>

#include "check.h"

#define MiB (1ULL << 20)
#define GiB (1ULL << 30)
#define POOL_PAGES 64

/* Host pointers stand for physical addresses: the pool is ordinary memory. */
static uint64_t to_pa(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

static void *to_ptr(uint64_t pa)
{
	return (void *)(uintptr_t)pa;
}

static struct pt_pool new_pool(void)
{
	struct pt_pool pool = { aligned_alloc(8192, POOL_PAGES * 4096), POOL_PAGES, 0, to_pa,
				to_ptr };
	return pool;
}

static int maps_to(const struct pt *pt, uint64_t va, uint64_t want_pa, unsigned want_attr)
{
	uint64_t pa;
	unsigned attr;

	return pt_lookup(pt, va, &pa, &attr) == PT_OK && pa == want_pa && attr == want_attr;
}

struct walked {
	unsigned n, stop_at;
	uint64_t va[600], pa[600], size[600];
	unsigned attr[600];
};

static int record_leaf(void *ctx, uint64_t va, uint64_t pa, uint64_t size, unsigned attr)
{
	struct walked *w = ctx;

	if (w->n < 600) {
		w->va[w->n] = va;
		w->pa[w->n] = pa;
		w->size[w->n] = size;
		w->attr[w->n] = attr;
	}
	w->n++;
	return w->stop_at && w->n == w->stop_at ? 7 : 0;
}

int main(void)
{
	struct pt_pool pool = new_pool();
	struct pt pt;
	unsigned rw = PT_R | PT_W;

	CHECK(pt_init(&pt, PT_STAGE2, 1, 1, &pool) == PT_OK && pool.used == 1, "pt: init takes one root table");

	/* 2 MiB-aligned on both sides: one level-2 table, blocks below it. */
	CHECK(pt_map(&pt, 0x40000000, 0x7e000000, 16 * MiB, rw | PT_X) == PT_OK, "pt: map 16 MiB");
	CHECK(pool.used == 2, "pt: 2 MiB-aligned memory uses blocks (one level-2 table, no level-3)");
	CHECK(maps_to(&pt, 0x40000000, 0x7e000000, rw | PT_X) &&
	      maps_to(&pt, 0x40ffffff, 0x7effffff, rw | PT_X) &&
	      maps_to(&pt, 0x40123456, 0x7e123456, rw | PT_X),
	      "pt: lookups inside the blocks translate");
	uint64_t pa;
	unsigned attr;

	CHECK(pt_lookup(&pt, 0x41000000, &pa, &attr) == PT_EINVAL &&
	      pt_lookup(&pt, 0x3fffffff, &pa, &attr) == PT_EINVAL,
	      "pt: just outside the mapping is unmapped");

	/* Overlap is refused: a VM can never alias memory by a second map. */
	CHECK(pt_map(&pt, 0x40200000, 0x10000000, 4096, rw) == PT_EEXIST, "pt: mapping over a block is refused");
	CHECK(maps_to(&pt, 0x40200000, 0x7e200000, rw | PT_X), "pt: refused map leaves the old one intact");

	/* Misaligned physical side: pages only. */
	size_t before = pool.used;

	CHECK(pt_map(&pt, 0x80000000, 0x12345000, 2 * MiB, rw) == PT_OK, "pt: map with pa not block aligned");
	CHECK(pool.used == before + 2, "pt: unaligned pa needs a level-2 and a level-3 table");
	CHECK(maps_to(&pt, 0x80000000, 0x12345000, rw) && maps_to(&pt, 0x801ff000, 0x12544000, rw),
	      "pt: page mappings translate");
	CHECK(pt_map(&pt, 0x80001000, 0x1000, 4096, rw) == PT_EEXIST, "pt: mapping over a page is refused");

	/* A 1 GiB block at level 1. */
	before = pool.used;
	CHECK(pt_map(&pt, 0x100000000ULL, 0x200000000ULL, GiB, PT_R) == PT_OK && pool.used == before,
	      "pt: 1 GiB aligned maps as a level-1 block");
	CHECK(maps_to(&pt, 0x13fffffffULL, 0x23fffffffULL, PT_R), "pt: level-1 block translates");

	/* Mixed: 2 MiB + 8 KiB spanning a block boundary. */
	CHECK(pt_map(&pt, 0x60000000, 0x50000000, 2 * MiB + 8192, PT_R | PT_DEVICE) == PT_OK &&
	      maps_to(&pt, 0x60200000, 0x50200000, PT_R | PT_DEVICE) &&
	      maps_to(&pt, 0x60201000, 0x50201000, PT_R | PT_DEVICE) &&
	      pt_lookup(&pt, 0x60202000, &pa, &attr) == PT_EINVAL,
	      "pt: block plus pages, ending exactly at the size");

	/* Bad arguments. */
	CHECK(pt_map(&pt, 0x1001, 0x2000, 4096, rw) == PT_EINVAL, "pt: unaligned va refused");
	CHECK(pt_map(&pt, 0x1000, 0x2000, 0, rw) == PT_EINVAL, "pt: empty map refused");
	CHECK(pt_map(&pt, (1ULL << 39) - 4096, 0x2000, 8192, rw) == PT_EINVAL,
	      "pt: map beyond the 39-bit input range refused");

	/* Running out of table memory is an error, not a crash. */
	struct pt_pool tiny = { aligned_alloc(4096, 2 * 4096), 2, 0, to_pa, to_ptr };
	struct pt pt2;

	CHECK(pt_init(&pt2, PT_STAGE1_HYP, 1, 1, &tiny) == PT_OK, "pt: init in a two-page pool");
	CHECK(pt_map(&pt2, 0x1000, 0x1000, 4096, rw) == PT_ENOMEM, "pt: out of tables reports ENOMEM");

	/*
	 * A 40-bit input range from level 1 (ARMv7 LPAE stage 2): two concatenated
	 * root tables, aligned to 8 KiB, the second one reached by IPA bit 39.
	 */
	struct pt_pool cat = new_pool();
	struct pt pt3;

	cat.used = 1; /* the next free page is 4 KiB but not 8 KiB aligned */
	CHECK(pt_init(&pt3, PT_STAGE2, 1, 2, &cat) == PT_OK && cat.used == 4 &&
	      (to_pa(pt3.root) & 0x1fff) == 0,
	      "pt: a two-table root is 8 KiB aligned");
	CHECK(pt_map(&pt3, 0x8040000000ULL, 0x40000000, 2 * MiB, rw) == PT_OK &&
	      maps_to(&pt3, 0x8040001000ULL, 0x40001000, rw) &&
	      pt_lookup(&pt3, 0x40001000, &pa, &attr) == PT_EINVAL,
	      "pt: IPA bit 39 selects the second root table");
	CHECK(pt_map(&pt3, 1ULL << 40, 0x2000, 4096, rw) == PT_EINVAL,
	      "pt: map beyond the 40-bit input range refused");
	CHECK(pt_init(&pt3, PT_STAGE2, 1, 3, &cat) == PT_EINVAL, "pt: root tables not a power of two refused");

	/* The walk sees each block and page once, in order, with its attributes. */
	struct walked w = { 0 };

	CHECK(pt_walk(&pt3, record_leaf, &w) == 0 && w.n == 1 &&
	      w.va[0] == 0x8040000000ULL && w.pa[0] == 0x40000000 && w.size[0] == 2 * MiB &&
	      w.attr[0] == rw,
	      "pt: walk finds the block behind the second root table");
	w.n = 0;
	CHECK(pt_walk(&pt, record_leaf, &w) == 0 && w.n == 8 + 512 + 1 + 1 + 2 &&
	      w.va[0] == 0x40000000 && w.size[0] == 2 * MiB && w.pa[7] == 0x7ee00000 &&
	      w.va[8] == 0x60000000 && w.size[8] == 2 * MiB && w.attr[8] == (PT_R | PT_DEVICE) &&
	      w.va[11] == 0x80000000 && w.size[11] == 4096 && w.va[w.n - 1] == 0x100000000ULL &&
	      w.size[w.n - 1] == GiB,
	      "pt: walk visits blocks and pages in address order");
	w.n = 0;
	w.stop_at = 3;
	CHECK(pt_walk(&pt, record_leaf, &w) == 7 && w.n == 3, "pt: a nonzero return stops the walk");

	free(cat.pages);
	free(tiny.pages);
	free(pool.pages);
	return check_status();
}
