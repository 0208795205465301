/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Builds translation tables for either stage. Mappings are only ever added
 * (Tessera partitions statically); mapping over a live entry is refused, so a
 * configuration bug cannot silently alias two VMs.
 */
#include <string.h>
#include <tessera/pt.h>

static unsigned level_shift(unsigned level)
{
	return 12 + 9 * (3 - level);
}

/* n zeroed, contiguous tables, aligned to their total size (a concatenated root must be). */
static uint64_t *alloc_tables(struct pt_pool *pool, unsigned n)
{
	size_t first = pool->used;

	while (first < pool->nr && (pool->to_pa(pool->pages + first * 4096) & (n * 4096ULL - 1))) {
		first++;
	}
	if (first + n > pool->nr) {
		return NULL;
	}
	uint64_t *t = (uint64_t *)(void *)(pool->pages + first * 4096);

	pool->used = first + n;
	memset(t, 0, n * 4096);
	return t;
}

int pt_init(struct pt *pt, enum pt_stage stage, unsigned root_level, unsigned root_tables,
	    struct pt_pool *pool)
{
	if (root_tables == 0 || (root_tables & (root_tables - 1)) || root_level >= PT_LEVELS) {
		return PT_EINVAL;
	}
	pt->stage = stage;
	pt->root_level = root_level;
	pt->root_entries = PT_ENTRIES * root_tables;
	pt->pool = pool;
	pt->root = alloc_tables(pool, root_tables);
	return pt->root ? PT_OK : PT_ENOMEM;
}

/* Entries in a table at this level: the root may be several tables concatenated. */
static unsigned entries(const struct pt *pt, unsigned level)
{
	return level == pt->root_level ? pt->root_entries : PT_ENTRIES;
}

uint64_t pt_root_pa(const struct pt *pt)
{
	return pt->pool->to_pa(pt->root);
}

static int map_level(struct pt *pt, uint64_t *table, unsigned level, uint64_t va, uint64_t pa,
		     uint64_t size, unsigned attr)
{
	uint64_t block = 1ULL << level_shift(level);

	while (size) {
		unsigned idx = (unsigned)((va >> level_shift(level)) & (entries(pt, level) - 1));
		uint64_t chunk = block - (va & (block - 1));
		uint64_t pte = table[idx];

		if (chunk > size) {
			chunk = size;
		}
		bool leaf_ok = level == 3 || (level >= arch_pt_min_block_level() && chunk == block &&
					      (pa & (block - 1)) == 0);

		if (leaf_ok) {
			if (arch_pte_valid(pte)) {
				return PT_EEXIST;
			}
			table[idx] = arch_pte_leaf(pt->stage, level, pa, attr);
		} else {
			uint64_t *next;

			if (!arch_pte_valid(pte)) {
				next = alloc_tables(pt->pool, 1);
				if (!next) {
					return PT_ENOMEM;
				}
				table[idx] = arch_pte_table(pt->pool->to_pa(next));
			} else if (arch_pte_is_table(pte, level)) {
				next = pt->pool->to_ptr(arch_pte_pa(pte));
			} else {
				return PT_EEXIST;
			}
			int err = map_level(pt, next, level + 1, va, pa, chunk, attr);

			if (err) {
				return err;
			}
		}
		va += chunk;
		pa += chunk;
		size -= chunk;
	}
	return PT_OK;
}

int pt_map(struct pt *pt, uint64_t va, uint64_t pa, uint64_t size, unsigned attr)
{
	unsigned top = level_shift(pt->root_level) + (unsigned)__builtin_ctz(pt->root_entries);

	if ((va | pa | size) & 0xfff || size == 0 || (top < 64 && (va + size - 1) >> top)) {
		return PT_EINVAL;
	}
	return map_level(pt, pt->root, pt->root_level, va, pa, size, attr);
}

int pt_lookup(const struct pt *pt, uint64_t va, uint64_t *pa, unsigned *attr)
{
	const uint64_t *table = pt->root;

	for (unsigned level = pt->root_level; level < PT_LEVELS; level++) {
		uint64_t pte = table[(va >> level_shift(level)) & (entries(pt, level) - 1)];

		if (!arch_pte_valid(pte)) {
			return PT_EINVAL;
		}
		if (level < 3 && arch_pte_is_table(pte, level)) {
			table = pt->pool->to_ptr(arch_pte_pa(pte));
			continue;
		}
		*pa = arch_pte_pa(pte) + (va & ((1ULL << level_shift(level)) - 1));
		*attr = arch_pte_attr(pt->stage, pte);
		return PT_OK;
	}
	return PT_EINVAL;
}

static int walk_level(const struct pt *pt, const uint64_t *table, unsigned level, uint64_t va,
		      pt_leaf_fn fn, void *ctx)
{
	for (unsigned i = 0; i < entries(pt, level); i++) {
		uint64_t pte = table[i], at = va + ((uint64_t)i << level_shift(level));
		int err;

		if (!arch_pte_valid(pte)) {
			continue;
		}
		if (arch_pte_is_table(pte, level)) {
			err = walk_level(pt, pt->pool->to_ptr(arch_pte_pa(pte)), level + 1, at, fn, ctx);
		} else {
			err = fn(ctx, at, arch_pte_pa(pte), 1ULL << level_shift(level),
				 arch_pte_attr(pt->stage, pte));
		}
		if (err) {
			return err;
		}
	}
	return 0;
}

int pt_walk(const struct pt *pt, pt_leaf_fn fn, void *ctx)
{
	return walk_level(pt, pt->root, pt->root_level, 0, fn, ctx);
}
