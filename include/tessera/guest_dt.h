/* SPDX-License-Identifier: Apache-2.0 */
#ifndef TESSERA_GUEST_DT_H
#define TESSERA_GUEST_DT_H

#include <stddef.h>
#include <tessera/config.h>

/*
 * Write the device tree a VM boots with into buf: its memory, vCPUs, PSCI
 * over HVC, its virtual GIC (of the host's version), the generic timer, its
 * console and, if it has one, its initrd, in the QEMU virt layout.
 * Returns 0 or a libfdt error.
 */
int guest_dt_build(void *buf, size_t size, const struct cfg_vm *vm, unsigned gic_version,
		   uint64_t initrd, uint64_t initrd_size);

#endif
