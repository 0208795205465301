/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Host RAM bookkeeping at boot: RAM minus what is taken (Tessera itself, the
 * device tree, the image pack, firmware reservations), carved top-down for
 * the VMs. Pure C, host-tested.
 */
#ifndef TESSERA_RAM_H
#define TESSERA_RAM_H

#include <tessera/config.h>

#define RAM_MAX_FREE 32

struct ram_map {
	unsigned nr;
	struct cfg_range free[RAM_MAX_FREE];
};

/* free = ram minus every reserved range. Returns 0, or -1 if it overflowed. */
int ram_init(struct ram_map *m, const struct cfg_range *ram, unsigned nr_ram,
	     const struct cfg_range *resv, unsigned nr_resv);
/* Take exactly [base, base+size): 0, or -1 if any of it is not free. */
int ram_claim(struct ram_map *m, uint64_t base, uint64_t size);
/* Take `size` bytes aligned to `align` from the highest free range that fits. */
int ram_alloc(struct ram_map *m, uint64_t size, uint64_t align, uint64_t *pa);

#endif
