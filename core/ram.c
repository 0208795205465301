/* SPDX-License-Identifier: Apache-2.0 */
/* Free-range list over host RAM; see include/tessera/ram.h. */
#include <tessera/ram.h>

static int add_free(struct ram_map *m, uint64_t base, uint64_t end)
{
	if (end <= base) {
		return 0;
	}
	if (m->nr == RAM_MAX_FREE) {
		return -1;
	}
	m->free[m->nr].base = base;
	m->free[m->nr].size = end - base;
	m->nr++;
	return 0;
}

/* Remove [base, end) from the free list, splitting ranges it cuts through. */
static int take(struct ram_map *m, uint64_t base, uint64_t end)
{
	unsigned n = m->nr;

	for (unsigned i = 0; i < n; i++) {
		uint64_t fb = m->free[i].base, fe = fb + m->free[i].size;

		if (end <= fb || base >= fe) {
			continue;
		}
		/* Keep the left part in place, append the right part. */
		m->free[i].size = base > fb ? base - fb : 0;
		if (end < fe && add_free(m, end, fe)) {
			return -1;
		}
	}
	/* Drop emptied entries. */
	unsigned j = 0;

	for (unsigned i = 0; i < m->nr; i++) {
		if (m->free[i].size) {
			m->free[j++] = m->free[i];
		}
	}
	m->nr = j;
	return 0;
}

int ram_init(struct ram_map *m, const struct cfg_range *ram, unsigned nr_ram,
	     const struct cfg_range *resv, unsigned nr_resv)
{
	m->nr = 0;
	for (unsigned i = 0; i < nr_ram; i++) {
		if (add_free(m, ram[i].base, ram[i].base + ram[i].size)) {
			return -1;
		}
	}
	for (unsigned i = 0; i < nr_resv; i++) {
		if (resv[i].size && take(m, resv[i].base, resv[i].base + resv[i].size)) {
			return -1;
		}
	}
	return 0;
}

int ram_claim(struct ram_map *m, uint64_t base, uint64_t size)
{
	for (unsigned i = 0; i < m->nr; i++) {
		uint64_t fb = m->free[i].base, fe = fb + m->free[i].size;

		if (base >= fb && size <= fe - base && base + size <= fe) {
			return take(m, base, base + size);
		}
	}
	return -1;
}

int ram_alloc(struct ram_map *m, uint64_t size, uint64_t align, uint64_t *pa)
{
	uint64_t best = 0;
	int found = 0;

	for (unsigned i = 0; i < m->nr; i++) {
		uint64_t end = m->free[i].base + m->free[i].size;

		if (m->free[i].size < size) {
			continue;
		}
		uint64_t base = (end - size) & ~(align - 1);

		if (base >= m->free[i].base && (!found || base > best)) {
			best = base;
			found = 1;
		}
	}
	if (!found || take(m, best, best + size)) {
		return -1;
	}
	*pa = best;
	return 0;
}
