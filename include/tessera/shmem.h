/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Shared-memory regions between VMs, with a doorbell page each: the same
 * host pages at the same guest-physical address in every member VM, and a
 * trapped page right after them whose RING register raises the other
 * members' doorbell interrupt.
 */
#ifndef TESSERA_SHMEM_H
#define TESSERA_SHMEM_H

#include <stdbool.h>
#include <stdint.h>
#include <tessera/config.h>

/* Doorbell page registers (docs/binding.md). */
#define DOORBELL_RING 0x0
#define DOORBELL_PENDING 0x4
#define DOORBELL_SELF 0x8
#define DOORBELL_PEERS 0xc

struct vm;
struct vcpu;
struct ram_map;

/* Once every VM is built: place each region, map it into its members, claim their doorbell SPIs. */
int shmem_init(const struct cfg_plan *plan, struct vm *vms, struct ram_map *ram);
/* The VM restarts: its doorbells back to quiet; the shared pages are left as they are. */
void shmem_vm_reset(struct vm *vm);
/* A trapped access: false if ipa is not one of this VM's doorbell pages. */
bool shmem_mmio(struct vcpu *v, uint64_t ipa, bool write, uint64_t *val);

#endif
