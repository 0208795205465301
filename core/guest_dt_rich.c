/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The rich OS's device tree (DESIGN.md principle 3, the exception): the
 * board's own DT, its buses, clocks, pins and firmware nodes as they are,
 * its devices at their real addresses, minus what is not the rich OS's:
 * other VMs' devices, Tessera's console, the IOMMUs, the plan. What the VM
 * sees differently from the board is rewritten: its memory, its vCPUs,
 * PSCI over HVC, the virtual GIC and console at the fixed guest addresses
 * (config.h), /chosen, and each property the plan's decisions drop
 * (config_deps.c: boot-configured providers, the IOMMU). Built in place
 * with libfdt's read-write calls: what goes is overwritten with NOP tags
 * first, which moves nothing, so a node's offset in the copy is still its
 * offset in the board DT; only then are nodes added.
 */
#include <libfdt.h>
#include <stdio.h>
#include <string.h>
#include <tessera/config_deps.h>
#include <tessera/guest_dt.h>

#include "guest_dt_priv.h"

#define MAX_KEEP 64               /* ancestors of the VM's devices kept as buses */
#define MAX_DROPS 64              /* properties dropped per device */

struct rich {
	void *fdt;                /* the guest DT being written */
	const void *board;
	const struct cfg_plan *plan;
	unsigned idx;
	const struct cfg_vm *vm;
	int gic;                  /* the board's GIC node */
	int bus[MAX_KEEP];        /* nodes above the VM's devices */
	unsigned nr_bus;
};

static uint64_t cells(const fdt32_t *c, int n)
{
	return n == 2 ? (uint64_t)fdt32_to_cpu(c[0]) << 32 | fdt32_to_cpu(c[1]) : fdt32_to_cpu(c[0]);
}

/* Does the node have interrupts at the GIC that are SPIs the VM lacks? */
static int foreign_spis(const struct rich *r, int node)
{
	int len;
	const fdt32_t *irq = fdt_getprop(r->board, node, "interrupts", &len);

	if (!irq || cfg_irq_parent(&r->plan->index, r->board, node) != r->gic) {
		return 0;
	}
	for (int i = 0; i + 2 < len / 4; i += 3) {
		uint32_t intid = fdt32_to_cpu(irq[i + 1]) + 32;
		int mine = fdt32_to_cpu(irq[i]) != 0; /* a PPI is everyone's */

		for (unsigned k = 0; k < r->vm->nr_irqs && !mine; k++) {
			mine = r->vm->irqs[k] == intid;
		}
		if (!mine) {
			return 1;
		}
	}
	return 0;
}

/* A node with registers in CPU address space: a device of someone's. */
static int is_device(const struct rich *r, int node)
{
	const void *fdt = r->board;
	int len, bus, ac = fdt_address_cells(fdt, cfg_parent(&r->plan->index, fdt, node));
	const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);
	uint64_t a;

	if (!reg || ac < 1 || ac > 2 || len < ac * 4) {
		return 0;
	}
	a = cells(reg, ac);
	return cfg_translate(&r->plan->index, fdt, node, &a, 0, &bus) == 0;
}

static int is_bus(const struct rich *r, int node)
{
	for (unsigned i = 0; i < r->nr_bus; i++) {
		if (r->bus[i] == node) {
			return 1;
		}
	}
	return 0;
}

/* Is memory [base, +size) inside the VM's memory (identity-mapped: IPA = PA)? */
static int in_vm_memory(const struct cfg_vm *vm, uint64_t base, uint64_t size)
{
	for (unsigned i = 0; i < vm->nr_mem; i++) {
		if (base >= vm->mem[i].base && size <= vm->mem[i].size &&
		    base - vm->mem[i].base <= vm->mem[i].size - size) {
			return 1;
		}
	}
	return 0;
}

/*
 * Which board nodes go (their whole subtree): 1 to delete, 0 to keep and
 * look inside, 2 to keep whole.
 */
static int goes(const struct rich *r, int node, int depth)
{
	const char *name = fdt_get_name(r->board, node, NULL);
	int parent = cfg_parent(&r->plan->index, r->board, node);

	if (!name) {
		return 1;
	}
	if (cfg_vm_has(r->plan, r->board, r->vm, node)) {
		return 2;       /* one of its devices, all of it */
	}
	if (node == r->gic || !fdt_node_check_compatible(r->board, node, "arm,psci") ||
	    !fdt_node_check_compatible(r->board, node, "arm,psci-0.2") ||
	    !fdt_node_check_compatible(r->board, node, "arm,psci-1.0")) {
		return 1;       /* written again below */
	}
	if (depth == 1) {
		static const char *const redone[] = {
			"tessera", "chosen", "cpus", "memory", "psci", "__symbols__", "__fixups__",
			"__local_fixups__",
		};

		for (unsigned i = 0; i < sizeof(redone) / sizeof(redone[0]); i++) {
			size_t n = strlen(redone[i]);

			if (!strncmp(name, redone[i], n) && (name[n] == '\0' || name[n] == '@')) {
				return 1;
			}
		}
		if (!strcmp(name, "reserved-memory")) {
			return r->vm->identity ? 0 : 1;
		}
	}
	if (parent >= 0 && !strcmp(fdt_get_name(r->board, parent, NULL), "reserved-memory")) {
		int len;
		const fdt32_t *reg = fdt_getprop(r->board, node, "reg", &len);
		int ac = fdt_address_cells(r->board, parent), sc = fdt_size_cells(r->board, parent);

		/* A fixed carve-out stays only if it is in the VM's own (identity) memory. */
		return reg && ac >= 1 && ac <= 2 && sc >= 1 && sc <= 2 && len >= (ac + sc) * 4 &&
		       !in_vm_memory(r->vm, cells(reg, ac), cells(reg + ac, sc));
	}
	if (is_bus(r, node)) {
		return 0;       /* above its devices: keep the bus, look inside */
	}
	if (is_device(r, node) || foreign_spis(r, node)) {
		return 1;       /* another VM's, Tessera's, or no one's */
	}
	return 0;
}

/* NOP out, in the copy, every node that goes, and everything below it. */
static int prune(struct rich *r)
{
	int depth = 0, skip = -1;

	for (int n = fdt_next_node(r->board, 0, &depth); n >= 0 && depth > 0;
	     n = fdt_next_node(r->board, n, &depth)) {
		int g;

		if (skip >= 0 && depth > skip) {
			continue;       /* inside a node kept whole or deleted */
		}
		skip = -1;
		g = goes(r, n, depth);
		if (g == 1) {
			int err = fdt_nop_node(r->fdt, n);

			if (err < 0) {
				return err;
			}
		}
		if (g != 0) {
			skip = depth;
		}
	}
	return 0;
}

/* The properties of the VM's devices that its plan's decisions drop. */
struct drops {
	struct rich *r;
	int node[MAX_DROPS];
	const char *prop[MAX_DROPS];
	unsigned nr;
};

static int note_drop(void *ctx, const struct cfg_ref *ref)
{
	struct drops *d = ctx;
	enum cfg_dep dep = cfg_dep(d->r->board, d->r->plan, d->r->idx, ref);

	if (dep == CFG_DEP_OWN || dep == CFG_DEP_FIXED || dep == CFG_DEP_GIC) {
		return 0;
	}
	if (d->nr == MAX_DROPS) {
		return -FDT_ERR_NOSPACE;
	}
	d->node[d->nr] = ref->node;
	d->prop[d->nr++] = ref->prop;
	return 0;
}

static int drop_decided(struct rich *r)
{
	for (unsigned i = 0; i < r->vm->nr_devices; i++) {
		struct drops d = { .r = r };
		int err = cfg_refs(r->plan, r->board, r->vm->device_node[i], note_drop, &d);

		for (unsigned k = 0; err == 0 && k < d.nr; k++) {
			const struct cfg_ref_prop *rp = cfg_ref_prop(d.prop[k]);

			/* Still the board's offset: nothing has moved yet. */
			fdt_nop_property(r->fdt, d.node[k], d.prop[k]);
			if (rp && rp->names) {
				fdt_nop_property(r->fdt, d.node[k], rp->names);
			}
		}
		if (err < 0) {
			return err;
		}
	}
	return 0;
}

/* /cpus: one node per vCPU, with the board CPU's compatible and phandle. */
static int add_cpus(struct rich *r)
{
	int cpus = fdt_add_subnode(r->fdt, 0, "cpus");
	int board_cpu[CFG_MAX_CPUS], nr = 0;

	if (cpus < 0) {
		return cpus;
	}
	for (int n = fdt_node_offset_by_prop_value(r->board, -1, "device_type", "cpu", 4);
	     n >= 0 && nr < CFG_MAX_CPUS;
	     n = fdt_node_offset_by_prop_value(r->board, n, "device_type", "cpu", 4)) {
		board_cpu[nr++] = n;
	}
	TRY(fdt_setprop_u32(r->fdt, cpus, "#address-cells", 1));
	TRY(fdt_setprop_u32(r->fdt, cpus, "#size-cells", 0));
	for (unsigned i = r->vm->nr_vcpus; i-- > 0;) {
		int from = r->vm->cpus[i] < (unsigned)nr ? board_cpu[r->vm->cpus[i]] : -1;
		char name[16];
		int len, n;
		const void *compat = from >= 0 ? fdt_getprop(r->board, from, "compatible", &len) : NULL;

		snprintf(name, sizeof(name), "cpu@%x", i);
		n = fdt_add_subnode(r->fdt, fdt_path_offset(r->fdt, "/cpus"), name);
		if (n < 0) {
			return n;
		}
		TRY(fdt_setprop_string(r->fdt, n, "device_type", "cpu"));
		TRY(compat ? fdt_setprop(r->fdt, n, "compatible", compat, len) :
			     fdt_setprop_string(r->fdt, n, "compatible", "arm,armv8"));
		TRY(fdt_setprop_u32(r->fdt, n, "reg", i));
		TRY(fdt_setprop_string(r->fdt, n, "enable-method", "psci"));
		/* Kept, so that what names this CPU (a cooling map) still finds it. */
		if (from >= 0 && fdt_get_phandle(r->board, from)) {
			TRY(fdt_setprop_u32(r->fdt, n, "phandle", fdt_get_phandle(r->board, from)));
		}
	}
	return 0;
}

/* The virtual GIC at the guest addresses, with the board GIC's phandle. */
static int add_gic(struct rich *r, unsigned version, unsigned ac, unsigned sc)
{
	struct cfg_range reg[2] = { { CFG_GUEST_GICD_BASE, CFG_GUEST_GICD_SIZE } };
	char name[40];
	int n;

	snprintf(name, sizeof(name), "interrupt-controller@%llx",
		 (unsigned long long)CFG_GUEST_GICD_BASE);
	n = guest_dt_add_root(r->fdt, name, NULL, 0);
	if (n < 0) {
		return n;
	}
	if (version == 3) {
		reg[1] = (struct cfg_range){ CFG_GUEST_GICR_BASE,
					     r->vm->nr_vcpus * CFG_GUEST_GICR_STRIDE };
	} else {
		reg[1] = (struct cfg_range){ CFG_GUEST_GICC_BASE, CFG_GUEST_GICC_SIZE };
	}
	TRY(fdt_setprop_string(r->fdt, n, "compatible",
			       version == 3 ? "arm,gic-v3" : "arm,cortex-a15-gic"));
	TRY(guest_dt_reg(r->fdt, n, ac, sc, reg, 2));
	TRY(fdt_setprop_u32(r->fdt, n, "#interrupt-cells", 3));
	/* interrupt-map entries (PCIe) carry the board GIC's address cells. */
	TRY(fdt_setprop_u32(r->fdt, n, "#address-cells",
			    (uint32_t)fdt_address_cells(r->board, r->gic) > 2 ? 0 :
			    (uint32_t)fdt_address_cells(r->board, r->gic)));
	TRY(fdt_setprop(r->fdt, n, "interrupt-controller", NULL, 0));
	return fdt_setprop_u32(r->fdt, n, "phandle", r->plan->hw.gic_phandle);
}

/* /aliases without what is gone, and serial0 for the console. */
static int fix_aliases(struct rich *r, const char *console)
{
	int a = fdt_path_offset(r->fdt, "/aliases"), prop;

	if (a < 0) {
		a = fdt_add_subnode(r->fdt, 0, "aliases");
		if (a < 0) {
			return a;
		}
	}
	for (int again = 1; again;) {
		again = 0;
		fdt_for_each_property_offset(prop, r->fdt, a) {
			const char *name;
			int len;
			const char *v = fdt_getprop_by_offset(r->fdt, prop, &name, &len);

			if (v && name && (len < 2 || v[len - 1] || fdt_path_offset(r->fdt, v) < 0)) {
				TRY(fdt_delprop(r->fdt, a, name));
				again = 1; /* offsets moved: start over */
				break;
			}
		}
	}
	return fdt_setprop_string(r->fdt, a, "serial0", console);
}

/* Does any VM leave a provider to the rich OS to keep running? */
static int anyone_relies(const struct rich *r)
{
	for (unsigned i = 0; i < r->plan->nr_vms; i++) {
		if (r->plan->vm[i].node >= 0 &&
		    fdt_getprop(r->board, r->plan->vm[i].node, "rich-os-provides", NULL)) {
			return 1;
		}
	}
	return 0;
}

/*
 * Squeeze the NOP tags out of the structure block (some tools, dtc's
 * fdtget among them, stop at the first one), then pack the blob.
 */
static int strip_nops(void *fdt)
{
	char *base = (char *)fdt + fdt_off_dt_struct(fdt);
	int off = 0, next = 0, out = 0;
	uint32_t tag;

	do {
		tag = fdt_next_tag(fdt, off, &next);
		if (tag == FDT_END && next < 0) {
			return next;
		}
		if (tag != FDT_NOP) {
			memmove(base + out, base + off, (size_t)(next - off));
			out += next - off;
		}
		off = next;
	} while (tag != FDT_END);
	fdt_set_size_dt_struct(fdt, (uint32_t)out);
	return fdt_pack(fdt);
}

int guest_dt_rich(void *buf, size_t size, const struct cfg_plan *plan, unsigned vm_idx,
		  const void *board, unsigned gic_version, uint64_t initrd, uint64_t initrd_size)
{
	struct rich r = { buf, board, plan, vm_idx, &plan->vm[vm_idx], -1, { 0 }, 0 };
	unsigned ac = (unsigned)fdt_address_cells(board, 0), sc = (unsigned)fdt_size_cells(board, 0);
	char console[40];
	int n;

	if (ac < 1 || ac > 2 || sc < 1 || sc > 2) {
		return -FDT_ERR_BADNCELLS;
	}
	r.gic = plan->hw.gic_phandle ? cfg_node_of(&plan->index, board, plan->hw.gic_phandle) : -1;
	for (unsigned i = 0; i < r.vm->nr_devices; i++) {
		for (int p = cfg_parent(&plan->index, board, r.vm->device_node[i]); p > 0;
		     p = cfg_parent(&plan->index, board, p)) {
			if (!is_bus(&r, p) && r.nr_bus < MAX_KEEP) {
				r.bus[r.nr_bus++] = p;
			}
		}
	}
	TRY(fdt_open_into(board, buf, (int)size));
	TRY(prune(&r));
	TRY(drop_decided(&r));
	for (unsigned i = r.vm->nr_mem; i-- > 0;) {
		char name[40];

		snprintf(name, sizeof(name), "memory@%llx", (unsigned long long)r.vm->mem[i].base);
		n = guest_dt_add_root(buf, name, NULL, 0);
		if (n < 0) {
			return n;
		}
		TRY(fdt_setprop_string(buf, n, "device_type", "memory"));
		TRY(guest_dt_reg(buf, n, ac, sc, &r.vm->mem[i], 1));
	}
	TRY(add_cpus(&r));
	n = fdt_add_subnode(buf, 0, "psci");
	if (n < 0) {
		return n;
	}
	TRY(fdt_setprop(buf, n, "compatible", GUEST_DT_PSCI_COMPAT, sizeof(GUEST_DT_PSCI_COMPAT)));
	TRY(fdt_setprop_string(buf, n, "method", "hvc"));
	TRY(add_gic(&r, gic_version, ac, sc));
	TRY(guest_dt_console(buf, ac, sc, plan->hw.gic_phandle, cfg_console_intid(r.vm), console,
			     sizeof(console)));
	TRY(fix_aliases(&r, console));
	n = fdt_add_subnode(buf, 0, "chosen");
	if (n < 0) {
		return n;
	}
	TRY(fdt_setprop_string(buf, n, "stdout-path", console));
	if (r.vm->bootargs || anyone_relies(&r)) {
		/* A clock or power domain another VM needs must not be switched off
		 * as unused by Linux: the plan said the rich OS keeps it running. */
		static const char keep[] = "clk_ignore_unused pd_ignore_unused";
		size_t a = r.vm->bootargs ? strlen(r.vm->bootargs) : 0;
		size_t k = anyone_relies(&r) ? sizeof(keep) - 1 : 0;
		size_t sp = a && k ? 1 : 0;
		void *v;

		TRY(fdt_setprop_placeholder(buf, n, "bootargs", (int)(a + sp + k + 1), &v));
		memcpy(v, r.vm->bootargs ? r.vm->bootargs : "", a);
		memcpy((char *)v + a, " ", sp);
		memcpy((char *)v + a + sp, keep, k);
		((char *)v)[a + sp + k] = '\0';
	}
	if (initrd_size) {
		TRY(fdt_setprop_u64(buf, n, "linux,initrd-start", initrd));
		TRY(fdt_setprop_u64(buf, n, "linux,initrd-end", initrd + initrd_size));
	}
	TRY(guest_dt_shmems(buf, plan, vm_idx, ac, sc));
	return strip_nops(buf);
}
