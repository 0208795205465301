/* SPDX-License-Identifier: Apache-2.0 */
#ifndef TESSERA_GUEST_DT_H
#define TESSERA_GUEST_DT_H

#include <stddef.h>
#include <stdint.h>
#include <tessera/config.h>

/* The guest DT's own phandles, kept high so copied board nodes keep theirs. */
#define GUEST_DT_CLK_PHANDLE 0x7f000001u
#define GUEST_DT_GIC_PHANDLE 0x7f000002u

/*
 * Called for what the guest DT leaves out of a passed-through device (a
 * property naming a node the VM is not given, ...): the board DT path of the
 * node and a one-line reason, no trailing newline. May be NULL.
 */
typedef void (*guest_dt_warn_fn)(void *ctx, const char *path, const char *msg);

/*
 * Write the device tree VM plan->vm[vm_idx] boots with into buf. The rich
 * OS (rich-os) gets the board's own DT minus what is not its (its devices
 * where they are, its memory, vCPUs, PSCI over HVC, the virtual GIC and
 * console at the guest addresses; core/guest_dt_rich.c). Any other VM: its memory,
 * vCPUs, PSCI over HVC, its virtual GIC (of the host's version), the generic
 * timer, its console and, if it has one, its initrd, in the QEMU virt layout;
 * then each device the plan hands it, copied from board_fdt (the DT the plan
 * was parsed from) with its interrupts pointed at the virtual GIC, and each
 * shared-memory region it is part of with its doorbell.
 * Pure libfdt, no allocation: the hypervisor runs it at boot and tcheck on
 * the host (--dt-out). Returns 0 or a (negative) libfdt error.
 */
int guest_dt_build(void *buf, size_t size, const struct cfg_plan *plan, unsigned vm_idx,
		   const void *board_fdt, unsigned gic_version, uint64_t initrd,
		   uint64_t initrd_size, guest_dt_warn_fn warn, void *ctx);


#endif
