/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The configuration engine, part 5: the provider graph. A device handed to
 * a VM names other nodes it depends on: clocks, resets, pin control, power
 * domains, PHYs, DMA channels, IOMMUs, GPIOs, supplies, mailboxes, its
 * interrupt parent. Each such provider must be the VM's too, or be
 * something a guest may simply be told about (the GIC, a fixed clock), or
 * the plan must say how the dependency is met (docs/binding.md,
 * "Providers"): left as the boot firmware set it up (boot-configured) or
 * kept running by the rich OS that owns it (rich-os-provides). Anything
 * else is refused, naming the device and the provider.
 *
 * The same answers serve the checker (cfg_check_deps), the guest DT
 * generator (what it keeps and drops) and tcheck (what it prints), so the
 * guest DT carries exactly what was decided. See config.c for the rules
 * all parts follow.
 */
#include <libfdt.h>
#include <stdio.h>
#include <string.h>

#include <tessera/config_deps.h>

#include "config_priv.h"

/* Properties that name providers (cfg_ref_prop). */
static const struct cfg_ref_prop ref_props[] = {
	{ "clocks", CFG_MATCH_WHOLE, "#clock-cells", "clock-names", true, true },
	{ "assigned-clocks", CFG_MATCH_WHOLE, "#clock-cells", NULL, true, true },
	{ "assigned-clock-parents", CFG_MATCH_WHOLE, "#clock-cells", NULL, true, true },
	{ "resets", CFG_MATCH_WHOLE, "#reset-cells", "reset-names", true, true },
	{ "power-domains", CFG_MATCH_WHOLE, "#power-domain-cells", "power-domain-names", true, true },
	{ "dmas", CFG_MATCH_WHOLE, "#dma-cells", "dma-names", true, true },
	{ "iommus", CFG_MATCH_WHOLE, "#iommu-cells", NULL, true, true },
	{ "phys", CFG_MATCH_WHOLE, "#phy-cells", "phy-names", true, true },
	{ "mboxes", CFG_MATCH_WHOLE, "#mbox-cells", "mbox-names", true, true },
	{ "gpios", CFG_MATCH_WHOLE, "#gpio-cells", NULL, true, true },
	{ "-gpios", CFG_MATCH_SUFFIX, "#gpio-cells", NULL, true, true },
	{ "-supply", CFG_MATCH_SUFFIX, NULL, NULL, true, true },
	{ "pinctrl-", CFG_MATCH_PREFIX, NULL, "pinctrl-names", true, true },
	/* Named nodes that are not dependencies a plan decides on: kept in a
	 * guest DT when the VM has them, else dropped. */
	{ "msi-parent", CFG_MATCH_WHOLE, "#msi-cells", NULL, true, false },
	{ "interconnects", CFG_MATCH_WHOLE, "#interconnect-cells", "interconnect-names", true, false },
	{ "memory-region", CFG_MATCH_WHOLE, NULL, "memory-region-names", true, false },
	{ "nvmem-cells", CFG_MATCH_WHOLE, NULL, "nvmem-cell-names", true, false },
	/* The host's IOMMU and MSI maps: never a guest's. */
	{ "iommu-map", CFG_MATCH_WHOLE, NULL, NULL, false, false },
	{ "msi-map", CFG_MATCH_WHOLE, NULL, NULL, false, false },
};

const struct cfg_ref_prop *cfg_ref_prop(const char *name)
{
	size_t n = strlen(name);

	for (unsigned i = 0; i < sizeof(ref_props) / sizeof(ref_props[0]); i++) {
		const struct cfg_ref_prop *r = &ref_props[i];
		size_t k = strlen(r->name);

		if ((r->match == CFG_MATCH_WHOLE && strcmp(name, r->name) == 0) ||
		    (r->match == CFG_MATCH_SUFFIX && n > k && strcmp(name + n - k, r->name) == 0) ||
		    (r->match == CFG_MATCH_PREFIX && n > k && strncmp(name, r->name, k) == 0 &&
		     name[k] >= '0' && name[k] <= '9')) {
			return r;
		}
	}
	return NULL;
}

const struct cfg_ref_prop *cfg_ref_prop_of_names(const char *names)
{
	for (unsigned i = 0; i < sizeof(ref_props) / sizeof(ref_props[0]); i++) {
		if (ref_props[i].names && strcmp(ref_props[i].names, names) == 0) {
			return &ref_props[i];
		}
	}
	return NULL;
}

static uint32_t u32_prop(const void *fdt, int node, const char *name, uint32_t dflt)
{
	int len;
	const fdt32_t *v = fdt_getprop(fdt, node, name, &len);

	return v && len == 4 ? fdt32_ld(v) : dflt;
}

int cfg_irq_parent(const struct cfg_index *x, const void *fdt, int node)
{
	for (int n = node; n >= 0; n = cfg_parent(x, fdt, n)) {
		int len;
		const fdt32_t *ph = fdt_getprop(fdt, n, "interrupt-parent", &len);

		if (ph && len == 4) {
			return cfg_node_of(x, fdt, fdt32_ld(ph));
		}
	}
	return -FDT_ERR_NOTFOUND;
}

/* The references of one node's properties; a nonzero fn return stops. */
static int node_refs(const struct cfg_index *x, const void *fdt, int node, cfg_ref_fn fn,
		     void *ctx)
{
	int prop, err;

	if (fdt_getprop(fdt, node, "interrupts", NULL) &&
	    !fdt_getprop(fdt, node, "interrupts-extended", NULL)) {
		struct cfg_ref r = { node, "interrupt-parent", cfg_irq_parent(x, fdt, node) };

		if ((err = fn(ctx, &r)) != 0) {
			return err;
		}
	}
	fdt_for_each_property_offset(prop, fdt, node) {
		const char *name;
		int len;
		const fdt32_t *v = fdt_getprop_by_offset(fdt, prop, &name, &len);
		const struct cfg_ref_prop *rp;
		int ext;

		if (!v || !name || len % 4) {
			continue;
		}
		ext = !strcmp(name, "interrupts-extended");
		rp = ext ? NULL : cfg_ref_prop(name);
		if (!ext && (!rp || !rp->list)) {
			continue;
		}
		for (int i = 0; i < len / 4;) {
			uint32_t ph = fdt32_ld(&v[i++]);
			struct cfg_ref r = { node, ext ? "interrupts-extended" : name, -FDT_ERR_NOTFOUND };

			if (ph == 0) {
				continue;       /* an empty entry (gpio lists allow it) */
			}
			r.provider = cfg_node_of(x, fdt, ph);
			if ((err = fn(ctx, &r)) != 0) {
				return err;
			}
			if (r.provider < 0) {
				break;          /* its arguments cannot be counted */
			}
			uint32_t cells = ext ? u32_prop(fdt, r.provider, "#interrupt-cells", 0) :
					 rp->cells ? u32_prop(fdt, r.provider, rp->cells, 0) : 0;

			/* A provider's cell count is the DT's word: never past the list's end. */
			if (cells > (uint32_t)(len / 4 - i)) {
				break;
			}
			i += (int)cells;
		}
	}
	return 0;
}

int cfg_refs(const struct cfg_plan *plan, const void *fdt, int dev, cfg_ref_fn fn, void *ctx)
{
	const struct cfg_index *x = plan ? &plan->index : NULL;
	int depth = 0, err;

	for (int n = dev; n >= 0 && depth >= 0; n = fdt_next_node(fdt, n, &depth)) {
		if (depth == 0 && n != dev) {
			break;
		}
		if ((err = node_refs(x, fdt, n, fn, ctx)) != 0) {
			return err;
		}
		if (depth > CFG_REF_DEPTH) {
			break;
		}
	}
	return 0;
}

/*
 * The entry of list (a property of vm) that is node or a node above it,
 * or -1.
 */
static int listed(const struct cfg_plan *plan, const void *fdt, int vm, const char *list, int node)
{
	int len;
	const fdt32_t *ph = vm >= 0 ? fdt_getprop(fdt, vm, list, &len) : NULL;

	for (int i = 0; ph && i < len / 4; i++) {
		int l = cfg_node_of(&plan->index, fdt, fdt32_ld(&ph[i]));

		if (cfg_inside(&plan->index, fdt, node, l)) {
			return l;
		}
	}
	return -1;
}

int cfg_vm_has(const struct cfg_plan *plan, const void *fdt, const struct cfg_vm *vm, int node)
{
	for (unsigned i = 0; i < vm->nr_devices; i++) {
		if (cfg_inside(&plan->index, fdt, node, vm->device_node[i])) {
			return 1;
		}
	}
	return 0;
}

/* The VM (index) that has node or a node above it, or -1. */
static int owner(const void *fdt, const struct cfg_plan *plan, int node)
{
	for (unsigned i = 0; i < plan->nr_vms; i++) {
		if (cfg_vm_has(plan, fdt, &plan->vm[i], node)) {
			return (int)i;
		}
	}
	return -1;
}

/* Is node, or a node above it, a device with registers in CPU address space? */
static int in_mmio_device(const struct cfg_index *x, const void *fdt, int node)
{
	for (int n = node; n > 0; n = cfg_parent(x, fdt, n)) {
		int bus = -1, ac = fdt_address_cells(fdt, cfg_parent(x, fdt, n)), len;
		const fdt32_t *reg = fdt_getprop(fdt, n, "reg", &len);
		uint64_t addr;

		if (!reg || ac < 1 || ac > 2 || len < ac * 4) {
			continue;
		}
		addr = cfg_read_cells(reg, ac);
		if (cfg_translate(x, fdt, n, &addr, 0, &bus) == 0) {
			return 1;
		}
	}
	return 0;
}

static int is_clock_prop(const char *prop)
{
	return !strcmp(prop, "clocks") || !strcmp(prop, "assigned-clocks") ||
	       !strcmp(prop, "assigned-clock-parents");
}

int cfg_is_fixed_clock(const void *fdt, int node)
{
	return cfg_has_compatible(fdt, node, "fixed-clock") && !fdt_getprop(fdt, node, "reg", NULL);
}

enum cfg_dep cfg_dep(const void *fdt, const struct cfg_plan *plan, unsigned vm_idx,
		     const struct cfg_ref *r)
{
	const struct cfg_vm *vm = &plan->vm[vm_idx];
	int gic = plan->hw.gic_phandle ? cfg_node_of(&plan->index, fdt, plan->hw.gic_phandle) : -1;
	int irq = !strcmp(r->prop, "interrupt-parent") || !strcmp(r->prop, "interrupts-extended");
	int who;

	if (r->provider < 0) {
		return CFG_DEP_MISSING;
	}
	if (irq && r->provider == gic) {
		return CFG_DEP_GIC;
	}
	if (!strcmp(r->prop, "iommus")) {
		return CFG_DEP_TESSERA;
	}
	if (cfg_vm_has(plan, fdt, vm, r->provider)) {
		return CFG_DEP_OWN;
	}
	if (is_clock_prop(r->prop) && cfg_is_fixed_clock(fdt, r->provider)) {
		return CFG_DEP_FIXED;
	}
	who = owner(fdt, plan, r->provider);
	/* The rich OS's DT is the board's: a provider that is no device of
	 * anyone's (firmware, a regulator, a GPIO key) is described there. */
	if (vm->rich_os && who < 0 && !in_mmio_device(&plan->index, fdt, r->provider) &&
	    r->provider != gic) {
		return CFG_DEP_OWN;
	}
	if (irq) {
		return CFG_DEP_MISSING; /* an interrupt cannot be left as it was set up */
	}
	if (listed(plan, fdt, vm->node, "boot-configured", r->provider) >= 0) {
		return CFG_DEP_BOOT;
	}
	if (listed(plan, fdt, vm->node, "rich-os-provides", r->provider) >= 0) {
		return CFG_DEP_RICH;
	}
	return CFG_DEP_MISSING;
}

const char *cfg_dep_name(enum cfg_dep d)
{
	static const char *const names[] = {
		[CFG_DEP_OWN] = "own",
		[CFG_DEP_GIC] = "virtual GIC",
		[CFG_DEP_FIXED] = "fixed clock, described again (if the rest of the property is kept)",
		[CFG_DEP_TESSERA] = "Tessera's (DMA rules)",
		[CFG_DEP_BOOT] = "boot-configured: dropped, left as the firmware set it",
		[CFG_DEP_RICH] = "rich-os-provides: dropped, the rich OS keeps it running",
		[CFG_DEP_MISSING] = "not met",
	};

	return (unsigned)d < sizeof(names) / sizeof(names[0]) ? names[d] : "?";
}

/* ---- the checker ---------------------------------------------------------- */

#define MAX_SEEN 32

struct dep_check {
	struct parser *p;
	unsigned vm;
	int dev;                       /* the device listed, for messages */
	struct {
		int provider;
		enum cfg_dep dep;
	} seen[MAX_SEEN];              /* what was reported for it already */
	unsigned nr_seen;
};

/* Each (provider, decision) once per device, however many references. */
static int once(struct dep_check *c, int provider, enum cfg_dep d)
{
	for (unsigned i = 0; i < c->nr_seen; i++) {
		if (c->seen[i].provider == provider && c->seen[i].dep == d) {
			return 0;
		}
	}
	if (c->nr_seen < MAX_SEEN) {
		c->seen[c->nr_seen].provider = provider;
		c->seen[c->nr_seen++].dep = d;
	}
	return 1;
}

static int check_ref(void *ctx, const struct cfg_ref *r)
{
	struct dep_check *c = ctx;
	struct parser *p = c->p;
	const struct cfg_plan *plan = p->plan;
	const struct cfg_vm *vm = &plan->vm[c->vm];
	const struct cfg_ref_prop *rp = cfg_ref_prop(r->prop);
	enum cfg_dep d = cfg_dep(p->fdt, plan, c->vm, r);
	char prov[MSG_PATH_LEN], other[VM_NAME_LEN];
	int who;

	if ((rp && !rp->dependency) || d == CFG_DEP_OWN || d == CFG_DEP_GIC || d == CFG_DEP_FIXED || d == CFG_DEP_TESSERA) {
		return 0;
	}
	if (r->provider < 0) {
		if (once(c, -1, d)) {
			cfg_problem_via(p, vm->node, c->dev, "'%s' names a node that does not exist",
					r->prop);
		}
		return 0;
	}
	if (!once(c, r->provider, d)) {
		return 0;
	}
	cfg_node_path(p->fdt, r->provider, prov, sizeof(prov));
	who = owner(p->fdt, plan, r->provider);
	if (who >= 0) {
		cfg_vm_name(&plan->vm[who], other, sizeof(other));
	}
	if (d == CFG_DEP_MISSING && (!strcmp(r->prop, "interrupt-parent") ||
				     !strcmp(r->prop, "interrupts-extended"))) {
		cfg_problem_via(p, vm->node, c->dev, "takes interrupts from %s%s%s, which is not this VM's: give it to this VM too (devices)",
				prov, who >= 0 ? ", a device of " : "", who >= 0 ? other : "");
	} else if (d == CFG_DEP_MISSING) {
		cfg_problem_via(p, vm->node, c->dev, "depends on %s ('%s')%s%s, which is not this VM's: give it to this VM too (devices), or say how the dependency is met (boot-configured, rich-os-provides)",
				prov, r->prop, who >= 0 ? ", a device of " : "", who >= 0 ? other : "");
	} else if ((d == CFG_DEP_BOOT || d == CFG_DEP_RICH) && who >= 0 &&
		   owner(p->fdt, plan, listed(plan, p->fdt, vm->node, d == CFG_DEP_BOOT ?
					      "boot-configured" : "rich-os-provides",
					      r->provider)) == who) {
		return 0; /* the entry itself names that VM's device: check_list said so */
	} else if (d == CFG_DEP_BOOT && who >= 0) {
		cfg_problem_via(p, vm->node, c->dev, "depends on %s ('%s'), which boot-configured says is left as the firmware set it up, but it is a device of %s, which may change it%s",
				prov, r->prop, other,
				plan->vm[who].rich_os ? ": say rich-os-provides" : "");
	} else if (d == CFG_DEP_RICH && (who < 0 ? p->rich_vm < 0 : !plan->vm[who].rich_os)) {
		cfg_problem_via(p, vm->node, c->dev, "depends on %s ('%s'), which rich-os-provides says the rich OS keeps running, but %s",
				prov, r->prop, who >= 0 ? "it is a device of a VM that is not the rich OS" :
				"the plan has no rich OS (rich-os)");
	}
	return 0;
}

/*
 * A decision list of a VM: node references that resolve, no node on both
 * lists, and no node another VM drives (boot-configured: any VM; rich-os-
 * provides: any VM but the rich OS).
 */
static void check_list(struct parser *p, unsigned vm, const char *name, const char *other)
{
	const struct cfg_plan *plan = p->plan;
	int node = plan->vm[vm].node, len;
	const fdt32_t *ph = fdt_getprop(p->fdt, node, name, &len);

	if (!ph) {
		return;
	}
	if (len <= 0 || len % 4) {
		cfg_problem(p, node, "'%s' must be a list of node references, like <&{/soc/clock-controller@1c20000}>",
			    name);
		return;
	}
	for (int i = 0; i < len / 4; i++) {
		int n = cfg_node_of(&plan->index, p->fdt, fdt32_ld(&ph[i])), who;
		char path[MSG_PATH_LEN], by[VM_NAME_LEN];

		if (n < 0) {
			cfg_problem(p, node, "%s: phandle 0x%x does not resolve to a node", name,
				    fdt32_ld(&ph[i]));
			continue;
		}
		cfg_node_path(p->fdt, n, path, sizeof(path));
		if (other && listed(plan, p->fdt, node, other, n) >= 0) {
			cfg_problem(p, node, "%s is in both %s and %s: say one", path, name, other);
		}
		who = owner(p->fdt, plan, n);
		if (who < 0 || (unsigned)who == vm || (!other && plan->vm[who].rich_os)) {
			continue;
		}
		cfg_vm_name(&plan->vm[who], by, sizeof(by));
		cfg_problem(p, node, "%s: %s is a device of %s, which drives it%s", name, path, by,
			    plan->vm[who].rich_os ? ": say rich-os-provides" : "");
	}
}

void cfg_check_deps(struct parser *p)
{
	const struct cfg_plan *plan = p->plan;

	for (unsigned i = 0; i < plan->nr_vms; i++) {
		const struct cfg_vm *vm = &plan->vm[i];

		check_list(p, i, "boot-configured", "rich-os-provides");
		check_list(p, i, "rich-os-provides", NULL);
		for (unsigned d = 0; d < vm->nr_devices; d++) {
			struct dep_check c = { .p = p, .vm = i, .dev = vm->device_node[d] };

			p->hint = (int)i == p->rich_vm && d >= p->rich_from ?
				" (given by rich-os: leave it out with rich-os-exclude)" : NULL;
			cfg_refs(plan, p->fdt, vm->device_node[d], check_ref, &c);
		}
		p->hint = NULL;
	}
}
