/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The configuration engine, part 4: shared-memory regions (/tessera/shmem@N).
 * Each is the same host pages at the same guest-physical address in every
 * VM it lists, followed by a doorbell page (CFG_DOORBELL_SIZE) that Tessera
 * traps, and a doorbell SPI in each of those VMs. Read once every VM and
 * device is known, since the region must avoid all of them. See config.c
 * for the rules all parts follow.
 */
#include <libfdt.h>
#include <stdio.h>
#include <string.h>

#include "config_priv.h"

static const char *const shmem_props[] = {
	"label", "size", "vms", "guest-address", "doorbell-irq", NULL,
};

/* What a member VM has at guest-physical addresses: memory, devices, windows. */
#define MAX_VM_WINDOWS (CFG_MAX_MEM + CFG_MAX_MMIO + CFG_MAX_TRAP + GUEST_WINDOWS)
static unsigned vm_windows(const struct cfg_hw *hw, const struct cfg_vm *vm,
			   struct window *w)
{
	unsigned n = 0;

	for (unsigned i = 0; i < vm->nr_mem; i++) {
		w[n++] = (struct window){ "the memory", vm->mem[i] };
	}
	for (unsigned i = 0; i < vm->nr_mmio; i++) {
		w[n++] = (struct window){ "a device (IPA = PA)", vm->mmio[i] };
	}
	for (unsigned i = 0; i < vm->nr_trap; i++) {
		w[n++] = (struct window){ "a device (IPA = PA)", vm->trap[i] };
	}
	return n + cfg_guest_windows(hw->gic_version, vm, w + n);
}

static int shares_vm(const struct cfg_shmem *a, const struct cfg_shmem *b,
		     unsigned *vm)
{
	for (unsigned i = 0; i < a->nr_vms; i++) {
		for (unsigned j = 0; j < b->nr_vms; j++) {
			if (a->vm[i] == b->vm[j]) {
				*vm = a->vm[i];
				return 1;
			}
		}
	}
	return 0;
}

/* "shmem@0 (chan0)" */
static void shmem_name(const struct cfg_shmem *s, char *buf, size_t len)
{
	const char *slash = strrchr(s->path, '/');

	snprintf(buf, len, "%.*s (%.*s)", CFG_PATH_LEN - 1, slash ? slash + 1 : s->path,
		 CFG_LABEL_LEN - 1, s->label);
}

/*
 * The region and its doorbell page against everything each member VM has
 * at those addresses, and against the regions it already shares. One
 * problem per part and VM at most.
 */
static void check_addresses(struct parser *p, int node, const struct cfg_shmem *s)
{
	const struct cfg_plan *plan = p->plan;
	const struct window part[2] = {
		{ "region", { s->ipa, s->size } },
		{ "doorbell page", { s->ipa + s->size, CFG_DOORBELL_SIZE } },
	};

	for (unsigned k = 0; k < 2; k++) {
		const struct cfg_range *r = &part[k].r;

		for (unsigned m = 0; m < s->nr_vms; m++) {
			const struct cfg_vm *vm = &plan->vm[s->vm[m]];
			struct window w[MAX_VM_WINDOWS];
			unsigned nr = vm_windows(&plan->hw, vm, w), bad = 0;
			char name[VM_NAME_LEN];

			cfg_vm_name(vm, name, sizeof(name));
			for (unsigned i = 0; i < nr && !bad; i++) {
				if (cfg_overlaps(r->base, r->size, w[i].r.base, w[i].r.size)) {
					cfg_problem(p, node, "%s 0x%llx-0x%llx overlaps %s of %s at 0x%llx",
						    part[k].what, (unsigned long long)r->base,
						    (unsigned long long)(r->base + r->size - 1),
						    w[i].what, name, (unsigned long long)w[i].r.base);
					bad = 1;
				}
			}
		}
		for (const struct cfg_shmem *o = plan->shmem; o < plan->shmem + plan->nr_shmem; o++) {
			unsigned common;

			if (shares_vm(s, o, &common) &&
			    cfg_overlaps(r->base, r->size, o->ipa, o->size + CFG_DOORBELL_SIZE)) {
				char a[VM_NAME_LEN], b[VM_NAME_LEN];

				shmem_name(o, a, sizeof(a));
				cfg_vm_name(&plan->vm[common], b, sizeof(b));
				cfg_problem(p, node, "%s 0x%llx-0x%llx overlaps %s at 0x%llx (with its doorbell page), which %s also sees",
					    part[k].what, (unsigned long long)r->base,
					    (unsigned long long)(r->base + r->size - 1), a,
					    (unsigned long long)o->ipa, b);
			}
		}
	}
}

/* The doorbell SPI must be free in every member VM. */
static void check_doorbell(struct parser *p, int node, const struct cfg_shmem *s)
{
	const struct cfg_plan *plan = p->plan;
	uint32_t intid = s->doorbell_intid, spi = intid - GIC_SPI_BASE;

	if (intid == GUEST_UART_INTID) {
		cfg_problem(p, node, "doorbell SPI %u = INTID %u is every guest's console interrupt",
			    spi, intid);
		return;
	}
	for (unsigned m = 0; m < s->nr_vms; m++) {
		const struct cfg_vm *vm = &plan->vm[s->vm[m]];

		if (intid == cfg_console_intid(vm)) {
			char name[VM_NAME_LEN];

			cfg_vm_name(vm, name, sizeof(name));
			cfg_problem(p, node, "doorbell SPI %u = INTID %u is the console interrupt of %s",
				    spi, intid, name);
		}
		for (unsigned i = 0; i < vm->nr_irqs; i++) {
			if (vm->irqs[i] == intid) {
				char name[VM_NAME_LEN];

				cfg_vm_name(vm, name, sizeof(name));
				cfg_problem(p, node, "doorbell SPI %u = INTID %u is also a device interrupt of %s",
					    spi, intid, name);
			}
		}
	}
	for (const struct cfg_shmem *o = plan->shmem; o < plan->shmem + plan->nr_shmem; o++) {
		unsigned common;

		if (o->doorbell_intid == intid && shares_vm(s, o, &common)) {
			char a[VM_NAME_LEN], b[VM_NAME_LEN];

			shmem_name(o, a, sizeof(a));
			cfg_vm_name(&plan->vm[common], b, sizeof(b));
			cfg_problem(p, node, "doorbell SPI %u = INTID %u is also the doorbell of %s, which %s also sees",
				    spi, intid, a, b);
		}
	}
}

/* 'vms': 2 to CFG_MAX_SHMEM_VMS distinct references to vm@ nodes. */
static int parse_members(struct parser *p, int node, struct cfg_shmem *s)
{
	int len, bad = 0;
	const fdt32_t *ph = fdt_getprop(p->fdt, node, "vms", &len);

	if (!ph) {
		cfg_problem(p, node, "missing property 'vms'");
		return -1;
	}
	if (len % 4 != 0 || len / 4 < 2 || len / 4 > CFG_MAX_SHMEM_VMS) {
		cfg_problem(p, node, "'vms' must list 2 to %d VMs, like <&vm0 &vm1> (label the vm@ nodes: vm0: vm@0 { ... })",
			    CFG_MAX_SHMEM_VMS);
		return -1;
	}
	for (int i = 0; i < len / 4; i++) {
		uint32_t handle = fdt32_ld(&ph[i]);
		int target = cfg_node_of(&p->plan->index, p->fdt, handle);
		unsigned v;

		if (target < 0) {
			cfg_problem(p, node, "vms: phandle 0x%x does not resolve to a node", handle);
			bad = 1;
			continue;
		}
		for (v = 0; v < p->plan->nr_vms && p->vm_node[v] != target; v++) {
		}
		if (v == p->plan->nr_vms) {
			char path[MSG_PATH_LEN];

			cfg_node_path(p->fdt, target, path, sizeof(path));
			cfg_problem(p, node, "vms: %s is not a VM (a vm@N node of /tessera)", path);
			bad = 1;
			continue;
		}
		for (unsigned j = 0; j < s->nr_vms; j++) {
			if (s->vm[j] == v) {
				char name[VM_NAME_LEN];

				cfg_vm_name(&p->plan->vm[v], name, sizeof(name));
				cfg_problem(p, node, "vms: %s is listed twice", name);
				bad = 1;
			}
		}
		s->vm[s->nr_vms++] = v;
	}
	return bad ? -1 : 0;
}

static int parse_geometry(struct parser *p, int node, struct cfg_shmem *s, unsigned n)
{
	int len, bad = 0;
	const fdt32_t *irq;
	uint32_t spi = CFG_SHMEM_DEFAULT_SPI + n;

	if (!fdt_getprop(p->fdt, node, "size", NULL)) {
		cfg_problem(p, node, "missing property 'size'");
		bad = 1;
	} else if (cfg_get_u64(p, node, "size", &s->size) < 0) {
		bad = 1;
	} else if (s->size == 0 || s->size % SZ_4K || s->size > CFG_SHMEM_MAX_SIZE) {
		cfg_problem(p, node, "size 0x%llx must be a multiple of 4 KiB, from 4 KiB to %llu MiB",
			    (unsigned long long)s->size,
			    (unsigned long long)(CFG_SHMEM_MAX_SIZE >> MIB_SHIFT));
		bad = 1;
	}
	s->ipa = CFG_SHMEM_DEFAULT_IPA + n * CFG_SHMEM_DEFAULT_STRIDE;
	if (fdt_getprop(p->fdt, node, "guest-address", NULL)) {
		if (cfg_get_u64(p, node, "guest-address", &s->ipa) < 0) {
			bad = 1;
		} else if (s->ipa % SZ_4K) {
			cfg_problem(p, node, "guest-address 0x%llx is not 4 KiB aligned",
				    (unsigned long long)s->ipa);
			bad = 1;
		}
	}
	if (!bad && (s->ipa >= CFG_IPA_LIMIT ||
		     s->size + CFG_DOORBELL_SIZE > CFG_IPA_LIMIT - s->ipa)) {
		cfg_problem(p, node, "region 0x%llx size 0x%llx and its doorbell page end beyond the guest address limit 0x%llx",
			    (unsigned long long)s->ipa, (unsigned long long)s->size,
			    (unsigned long long)CFG_IPA_LIMIT);
		bad = 1;
	}
	irq = fdt_getprop(p->fdt, node, "doorbell-irq", &len);
	if (irq) {
		if (len != 4) {
			cfg_problem(p, node, "'doorbell-irq' must be one SPI number");
			return -1;
		}
		spi = fdt32_ld(irq);
	}
	if (spi > GIC_INTID_MAX - GIC_SPI_BASE) {
		cfg_problem(p, node, "doorbell SPI %u is beyond the virtual GIC's SPIs 0-%d",
			    spi, GIC_INTID_MAX - GIC_SPI_BASE);
		return -1;
	}
	s->doorbell_intid = GIC_SPI_BASE + spi;
	return bad ? -1 : 0;
}

void cfg_parse_shmem(struct parser *p, int node)
{
	struct cfg_plan *plan = p->plan;
	struct cfg_shmem s;
	unsigned n = p->nr_shmem_nodes++;
	int bad = 0;

	memset(&s, 0, sizeof(s));
	if (!cfg_has_compatible(p->fdt, node, "tessera,shmem")) {
		cfg_problem(p, node, "compatible must be \"tessera,shmem\"");
		return;
	}
	if (plan->nr_shmem >= CFG_MAX_SHMEM) {
		cfg_problem(p, node, "too many shared-memory regions (Tessera handles %d)",
			    CFG_MAX_SHMEM);
		return;
	}
	cfg_node_path(p->fdt, node, s.path, sizeof(s.path));
	cfg_check_props(p, node, shmem_props);
	if (cfg_check_label(p, node, s.label) < 0) {
		bad = 1;
	}
	for (const struct cfg_shmem *o = plan->shmem; !bad && o < plan->shmem + plan->nr_shmem; o++) {
		if (strcmp(o->label, s.label) == 0) {
			char other[VM_NAME_LEN];

			shmem_name(o, other, sizeof(other));
			cfg_problem(p, node, "label '%s' is already used by %s", s.label, other);
			bad = 1;
		}
	}
	bad |= parse_geometry(p, node, &s, n) < 0;
	bad |= parse_members(p, node, &s) < 0;
	if (bad) {
		return;
	}
	check_addresses(p, node, &s);
	check_doorbell(p, node, &s);
	/* Kept even if refused above: later regions are checked against it. */
	plan->shmem[plan->nr_shmem++] = s;
}
