/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Translation tables, generic over the stage: the hypervisor's own EL2 map
 * and each VM's stage-2 map. Tables come from a caller-supplied pool, so the
 * code has no globals and runs as a host unit test.
 */
#ifndef TESSERA_PT_H
#define TESSERA_PT_H

#include <stddef.h>
#include <stdint.h>
#include <tessera/arch/mm.h>

struct pt_pool {
	uint8_t *pages;   /* 4 KiB-aligned array of nr pages */
	size_t nr;
	size_t used;
	/* Table address as the MMU sees it, from a pool pointer (identity in Tessera). */
	uint64_t (*to_pa)(const void *p);
	void *(*to_ptr)(uint64_t pa);
};

struct pt {
	enum pt_stage stage;
	unsigned root_level;
	unsigned root_entries;   /* PT_ENTRIES times the number of concatenated root tables */
	uint64_t *root;
	struct pt_pool *pool;
};

enum pt_err { PT_OK = 0, PT_ENOMEM = -1, PT_EEXIST = -2, PT_EINVAL = -3 };

/*
 * Start an empty table tree whose walk begins at root_level with root_tables
 * (a power of two) tables concatenated there, as arch_pt_root() says.
 */
int pt_init(struct pt *pt, enum pt_stage stage, unsigned root_level, unsigned root_tables,
	    struct pt_pool *pool);
/* Map [va, va+size) to [pa, pa+size), using the largest blocks alignment allows. */
int pt_map(struct pt *pt, uint64_t va, uint64_t pa, uint64_t size, unsigned attr);
/* Translate va; returns 0 and fills pa/attr, or PT_EINVAL if unmapped. */
int pt_lookup(const struct pt *pt, uint64_t va, uint64_t *pa, unsigned *attr);
uint64_t pt_root_pa(const struct pt *pt);
/*
 * Call fn for every mapping (a block or page), in address order; a
 * nonzero return stops the walk and is returned.
 */
typedef int (*pt_leaf_fn)(void *ctx, uint64_t va, uint64_t pa, uint64_t size, unsigned attr);
int pt_walk(const struct pt *pt, pt_leaf_fn fn, void *ctx);

#endif
