/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Private to the guest DT generator (core/guest_dt.c: a VM in the QEMU
 * virt layout; core/guest_dt_rich.c: the rich OS, from the board's DT):
 * what both write the same way. All in libfdt's read-write mode.
 */
#ifndef TESSERA_GUEST_DT_PRIV_H
#define TESSERA_GUEST_DT_PRIV_H

#include <stddef.h>
#include <stdint.h>
#include <tessera/config.h>

#define TRY(x)                                                                                 \
	do {                                                                                   \
		int err_ = (x);                                                                \
		if (err_ < 0) {                                                                \
			return err_;                                                           \
		}                                                                              \
	} while (0)

#define GUEST_DT_PSCI_COMPAT "arm,psci-1.0\0arm,psci-0.2"

/*
 * A node at the root, named name, or "<name>-tessera" if the guest DT has
 * that name already (a board node the rich OS keeps); its path to path.
 */
int guest_dt_add_root(void *fdt, const char *name, char *path, size_t len);
/* Node's "reg": n (address, size) pairs in ac / sc cells (1 or 2 each). */
int guest_dt_reg(void *fdt, int node, unsigned ac, unsigned sc, const struct cfg_range *r,
		 unsigned n);
/* The console (a PL011 at CFG_GUEST_UART_BASE, interrupt intid at the GIC of
 * phandle gic) and its clock at the root; its path to path. */
int guest_dt_console(void *fdt, unsigned ac, unsigned sc, uint32_t gic, uint32_t intid,
		     char *path, size_t len);
/* The shared-memory regions VM vm_idx is part of, at the root. */
int guest_dt_shmems(void *fdt, const struct cfg_plan *plan, unsigned vm_idx, unsigned ac,
		    unsigned sc);
/* The rich OS's DT: the board's own, minus what is not its (guest_dt_rich.c). */
int guest_dt_rich(void *buf, size_t size, const struct cfg_plan *plan, unsigned vm_idx,
		  const void *board, unsigned gic_version, uint64_t initrd, uint64_t initrd_size);

#endif
