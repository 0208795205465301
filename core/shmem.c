/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Shared memory and doorbells (include/tessera/shmem.h). A doorbell is a
 * level-sensitive virtual SPI per member VM, held while that VM's PENDING
 * bit is set: RING sets it for every other member, writing 1 to PENDING
 * clears one's own. Lock order: a region's lock, then a VM's vGIC lock.
 */
#include <stdio.h>
#include <string.h>
#include <tessera/hyp.h>
#include <tessera/ram.h>
#include <tessera/shmem.h>
#include <tessera/vgic.h>
#include <tessera/vm.h>

struct region {
	const struct cfg_shmem *cfg;
	uint64_t host_pa;
	struct vm *vm[CFG_MAX_SHMEM_VMS];
	bool pending[CFG_MAX_SHMEM_VMS];
	struct spinlock lock;
};

static struct region regions[CFG_MAX_SHMEM];
static unsigned nr_regions;

int shmem_init(const struct cfg_plan *plan, struct vm *vms, struct ram_map *ram)
{
	for (unsigned r = 0; r < plan->nr_shmem; r++) {
		const struct cfg_shmem *c = &plan->shmem[r];
		struct region *g = &regions[nr_regions];
		char names[96];
		unsigned n = 0;

		g->cfg = c;
		if (ram_alloc(ram, ALIGN_UP(c->size, 2 * MiB), 2 * MiB, &g->host_pa)) {
			log_info("shmem '%s': no room in host RAM for %llu KiB", c->label,
				 (unsigned long long)(c->size / KiB));
			return -1;
		}
		memset((void *)(uintptr_t)g->host_pa, 0, c->size);
		names[0] = '\0';
		for (unsigned i = 0; i < c->nr_vms; i++) {
			struct vm *vm = &vms[c->vm[i]];

			g->vm[i] = vm;
			if (pt_map(&vm->s2, c->ipa, g->host_pa, c->size, PT_R | PT_W)) {
				log_info("shmem '%s': cannot map it into vm '%s'", c->label, vm->label);
				return -1;
			}
			vgic_own_irq(vm, c->doorbell_intid);
			n += (unsigned)snprintf(names + n, sizeof(names) - n, "%s'%s'", i ? ", " : "",
						vm->label);
			if (n >= sizeof(names)) {
				n = sizeof(names) - 1;
			}
		}
		nr_regions++;
		log_info("shmem '%s': %llu KiB at IPA 0x%llx (host 0x%llx) for %s; doorbell page 0x%llx, "
			 "INTID %u",
			 c->label, (unsigned long long)(c->size / KiB), (unsigned long long)c->ipa,
			 (unsigned long long)g->host_pa, names, (unsigned long long)(c->ipa + c->size),
			 c->doorbell_intid);
	}
	return 0;
}

/*
 * The VM restarts: its doorbells are quiet (PENDING reads 0). The regions
 * themselves keep what they hold (their pages are the peers' too) and the
 * peers see nothing: their own doorbells stay as they are, and a RING from
 * the restarted VM reaches them only once it runs again.
 */
void shmem_vm_reset(struct vm *vm)
{
	for (unsigned r = 0; r < nr_regions; r++) {
		struct region *g = &regions[r];

		for (unsigned me = 0; me < g->cfg->nr_vms; me++) {
			if (g->vm[me] != vm) {
				continue;
			}
			spin_lock(&g->lock);
			g->pending[me] = false;
			vgic_set_line(vm, g->cfg->doorbell_intid, false);
			spin_unlock(&g->lock);
		}
	}
}

bool shmem_mmio(struct vcpu *v, uint64_t ipa, bool write, uint64_t *val)
{
	for (unsigned r = 0; r < nr_regions; r++) {
		struct region *g = &regions[r];
		uint64_t page = g->cfg->ipa + g->cfg->size;
		unsigned me;

		if (ipa - page >= CFG_DOORBELL_SIZE) {
			continue;
		}
		for (me = 0; me < g->cfg->nr_vms && g->vm[me] != v->vm; me++) {
		}
		if (me == g->cfg->nr_vms) {
			continue; /* another region's page at the same address in other VMs */
		}
		uint64_t off = ipa - page;

		spin_lock(&g->lock);
		if (write && off == DOORBELL_RING) {
			for (unsigned i = 0; i < g->cfg->nr_vms; i++) {
				if (i != me && !g->pending[i]) {
					g->pending[i] = true;
					vgic_set_line(g->vm[i], g->cfg->doorbell_intid, true);
				}
			}
		} else if (write && off == DOORBELL_PENDING && (*val & 1) && g->pending[me]) {
			g->pending[me] = false;
			vgic_set_line(v->vm, g->cfg->doorbell_intid, false);
		} else if (!write) {
			*val = off == DOORBELL_PENDING ? g->pending[me]
			     : off == DOORBELL_SELF	? me
			     : off == DOORBELL_PEERS	? g->cfg->nr_vms
							: 0;
		}
		spin_unlock(&g->lock);
		return true;
	}
	return false;
}
