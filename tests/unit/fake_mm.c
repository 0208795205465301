/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The fake arch for host tests of core/pt.c: descriptors are encoded
 * differently from any real architecture (address scrambled, attributes in
 * the top byte, a "table" marker in bit 1 inverted), so generic code that
 * peeks at real descriptor bits fails these tests.
 */
#include <tessera/arch/mm.h>

#define FAKE_VALID (1ULL << 63)
#define FAKE_LEAF (1ULL << 1)
#define FAKE_ATTR_SHIFT 56
#define FAKE_SCRAMBLE 0x00005a5a5a5a5000ULL
#define FAKE_ADDR_MASK 0x00fffffffffff000ULL
#define FAKE_STAGE2 (1ULL << 62)

uint64_t arch_pte_table(uint64_t table_pa)
{
	return ((table_pa ^ FAKE_SCRAMBLE) & FAKE_ADDR_MASK) | FAKE_VALID;
}

uint64_t arch_pte_leaf(enum pt_stage stage, unsigned level, uint64_t pa, unsigned attr)
{
	(void)level;
	return ((pa ^ FAKE_SCRAMBLE) & FAKE_ADDR_MASK) | FAKE_VALID | FAKE_LEAF |
	       ((uint64_t)(attr & 0xf) << FAKE_ATTR_SHIFT) | (stage == PT_STAGE2 ? FAKE_STAGE2 : 0);
}

bool arch_pte_valid(uint64_t pte)
{
	return pte & FAKE_VALID;
}

bool arch_pte_is_table(uint64_t pte, unsigned level)
{
	return level < 3 && !(pte & FAKE_LEAF);
}

uint64_t arch_pte_pa(uint64_t pte)
{
	return (pte & FAKE_ADDR_MASK) ^ FAKE_SCRAMBLE;
}

unsigned arch_pte_attr(enum pt_stage stage, uint64_t pte)
{
	(void)stage;
	return (unsigned)(pte >> FAKE_ATTR_SHIFT) & 0xf;
}

void arch_pt_root(enum pt_stage stage, unsigned *level, unsigned *tables)
{
	(void)stage;
	*level = 1;
	*tables = 1;
}

unsigned arch_pt_min_block_level(void)
{
	return 1;
}
