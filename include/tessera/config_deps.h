/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The provider graph of the configuration engine (core/config_deps.c): the
 * properties by which a device names the nodes it depends on, and how the
 * plan meets each such dependency for a VM. The checker, the guest DT
 * generator and tcheck all ask here, so they agree.
 */
#ifndef TESSERA_CONFIG_DEPS_H
#define TESSERA_CONFIG_DEPS_H

#include <stdbool.h>
#include <tessera/config.h>

enum cfg_match { CFG_MATCH_WHOLE, CFG_MATCH_SUFFIX, CFG_MATCH_PREFIX };

/* A property naming other nodes by phandle ("clocks", "*-gpios", "pinctrl-0"). */
struct cfg_ref_prop {
	const char *name;
	enum cfg_match match;     /* name is the whole name, a suffix, or a prefix + digits */
	const char *cells;        /* each phandle is followed by the named node's
				   * <cells> arguments; NULL: none */
	const char *names;        /* its companion "...-names", dropped with it */
	bool list;                /* a plain list of phandles and their arguments */
	bool dependency;          /* a dependency the plan must meet (else dropped
				   * from a guest DT unless the VM has the node) */
};

/* The entry for property name, or NULL if it names no nodes. */
const struct cfg_ref_prop *cfg_ref_prop(const char *name);
/* The entry whose companion is names ("clock-names"), or NULL. */
const struct cfg_ref_prop *cfg_ref_prop_of_names(const char *names);

/* One reference: property prop of node names provider (-1: a dangling phandle). */
struct cfg_ref {
	int node;
	const char *prop;         /* also "interrupt-parent" for an inherited one */
	int provider;
};
typedef int (*cfg_ref_fn)(void *ctx, const struct cfg_ref *r);

/* Nodes below a device that are looked at (as deep as the guest DT copies). */
#define CFG_REF_DEPTH 6

/*
 * Call fn for every reference of dev and of the nodes below it, the
 * interrupt parent of each node with 'interrupts' included (its own or
 * inherited). A nonzero return from fn stops the walk and is returned.
 */
int cfg_refs(const struct cfg_plan *plan, const void *fdt, int dev, cfg_ref_fn fn, void *ctx);

/* How a dependency of a device of a VM is met. */
enum cfg_dep {
	CFG_DEP_OWN,      /* the provider is the VM's too (or, for the rich OS, no
			   * one's device: described in its DT as on the board) */
	CFG_DEP_GIC,      /* the interrupt controller: the VM's virtual GIC */
	CFG_DEP_FIXED,    /* a fixed clock: described again in the guest DT */
	CFG_DEP_TESSERA,  /* an IOMMU: Tessera's to program (the DMA rules judge) */
	CFG_DEP_BOOT,     /* boot-configured: left as the firmware set it; dropped */
	CFG_DEP_RICH,     /* rich-os-provides: the rich OS keeps it running; dropped */
	CFG_DEP_MISSING,  /* not met: the plan is refused (for a dependency) */
};

enum cfg_dep cfg_dep(const void *fdt, const struct cfg_plan *plan, unsigned vm,
		     const struct cfg_ref *r);
const char *cfg_dep_name(enum cfg_dep d);

/* Does the VM have node (one of its devices, or a node inside one)? */
int cfg_vm_has(const struct cfg_plan *plan, const void *fdt, const struct cfg_vm *vm, int node);
/* The interrupt parent of node (its own or inherited), or a negative libfdt error. */
int cfg_irq_parent(const struct cfg_index *x, const void *fdt, int node);
/* A fixed clock without registers (it can simply be described again). */
int cfg_is_fixed_clock(const void *fdt, int node);

#endif
