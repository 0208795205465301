/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Generates each guest's device tree (DESIGN.md principle 3: guests see a
 * QEMU virt machine). Nothing here is hand-written per guest: it follows
 * from the VM's plan entry and, for passed-through devices, from the board
 * DT the plan was read from.
 *
 * The fixed part (memory, CPUs, PSCI, GIC, timer, console, chosen) is
 * written with libfdt's sequential-write calls; the devices and
 * shared-memory regions are then added with the read-write calls, which
 * give name and phandle lookups for free. Runs in the hypervisor
 * (freestanding, no allocation, 16 KiB stack) and in tcheck.
 */
#include <libfdt.h>
#include <stdio.h>
#include <string.h>
#include <tessera/config_deps.h>
#include <tessera/guest_dt.h>

#include "guest_dt_priv.h"

#define UART_CLK_PHANDLE GUEST_DT_CLK_PHANDLE
#define GIC_PHANDLE GUEST_DT_GIC_PHANDLE
#define IRQ_TYPE_LEVEL_HIGH 4
#define GIC_PPI 1
#define GIC_SPI 0
#define NOT_OURS "names an interrupt controller that is neither the GIC nor given to this VM: dropped"
/* How deep a passed-through device's children are copied. */
#define MAX_DEPTH 6
/* reg / ranges entries converted to 2+2 cells. */
#define MAX_CELLS 128


/* fdt_property_u64 pairs: (address, size) with #address-cells = #size-cells = 2. */
static int prop_reg(void *fdt, uint64_t base, uint64_t size)
{
	fdt64_t reg[2] = { cpu_to_fdt64(base), cpu_to_fdt64(size) };

	return fdt_property(fdt, "reg", reg, sizeof(reg));
}

/*
 * The vCPUs are the board's CPUs: the guest sees the same CPU compatible
 * (e.g. "arm,cortex-a15"), or a generic one without a board DT.
 */
static int add_cpus(void *fdt, const struct cfg_vm *vm, const void *board)
{
	char name[16];
	const void *compat = "arm,armv8";
	int compat_len = (int)sizeof("arm,armv8");
	int cpu = board ? fdt_node_offset_by_prop_value(board, -1, "device_type", "cpu", 4) : -1;

	if (cpu >= 0) {
		int len;
		const void *p = fdt_getprop(board, cpu, "compatible", &len);

		if (p && len > 0) {
			compat = p;
			compat_len = len;
		}
	}

	TRY(fdt_begin_node(fdt, "cpus"));
	TRY(fdt_property_u32(fdt, "#address-cells", 1));
	TRY(fdt_property_u32(fdt, "#size-cells", 0));
	for (unsigned i = 0; i < vm->nr_vcpus; i++) {
		snprintf(name, sizeof(name), "cpu@%x", i);
		TRY(fdt_begin_node(fdt, name));
		TRY(fdt_property_string(fdt, "device_type", "cpu"));
		TRY(fdt_property(fdt, "compatible", compat, compat_len));
		TRY(fdt_property_u32(fdt, "reg", i));
		TRY(fdt_property_string(fdt, "enable-method", "psci"));
		TRY(fdt_end_node(fdt));
	}
	return fdt_end_node(fdt);
}

/* A 3-cell GIC interrupt specifier list: (type, number, flags) each. */
static int prop_irqs(void *fdt, const uint32_t *spec, unsigned nr)
{
	fdt32_t cells[12];

	for (unsigned i = 0; i < nr * 3 && i < 12; i++) {
		cells[i] = cpu_to_fdt32(spec[i]);
	}
	return fdt_property(fdt, "interrupts", cells, (int)(nr * 3 * sizeof(fdt32_t)));
}

static int add_gic(void *fdt, const struct cfg_vm *vm, unsigned version, uint32_t addr_cells)
{
	char name[32];
	fdt64_t reg[4];

	snprintf(name, sizeof(name), "intc@%llx", (unsigned long long)CFG_GUEST_GICD_BASE);
	TRY(fdt_begin_node(fdt, name));
	reg[0] = cpu_to_fdt64(CFG_GUEST_GICD_BASE);
	reg[1] = cpu_to_fdt64(CFG_GUEST_GICD_SIZE);
	if (version == 3) {
		TRY(fdt_property_string(fdt, "compatible", "arm,gic-v3"));
		reg[2] = cpu_to_fdt64(CFG_GUEST_GICR_BASE);
		reg[3] = cpu_to_fdt64(vm->nr_vcpus * CFG_GUEST_GICR_STRIDE);
	} else {
		TRY(fdt_property_string(fdt, "compatible", "arm,cortex-a15-gic"));
		reg[2] = cpu_to_fdt64(CFG_GUEST_GICC_BASE);
		reg[3] = cpu_to_fdt64(CFG_GUEST_GICC_SIZE);
	}
	TRY(fdt_property(fdt, "reg", reg, sizeof(reg)));
	TRY(fdt_property_u32(fdt, "#interrupt-cells", 3));
	/* As the board's: copied interrupt-map entries carry that many cells for it. */
	TRY(fdt_property_u32(fdt, "#address-cells", addr_cells));
	TRY(fdt_property(fdt, "interrupt-controller", NULL, 0));
	TRY(fdt_property_u32(fdt, "phandle", GIC_PHANDLE));
	return fdt_end_node(fdt);
}

int guest_dt_reg(void *fdt, int node, unsigned ac, unsigned sc, const struct cfg_range *r,
		 unsigned n)
{
	fdt32_t c[16];
	unsigned k = 0;

	for (unsigned i = 0; i < n && k + ac + sc <= sizeof(c) / sizeof(c[0]); i++) {
		if ((ac == 1 && r[i].base >> 32) || (sc == 1 && r[i].size >> 32)) {
			return -FDT_ERR_BADVALUE;
		}
		if (ac == 2) {
			c[k++] = cpu_to_fdt32((uint32_t)(r[i].base >> 32));
		}
		c[k++] = cpu_to_fdt32((uint32_t)r[i].base);
		if (sc == 2) {
			c[k++] = cpu_to_fdt32((uint32_t)(r[i].size >> 32));
		}
		c[k++] = cpu_to_fdt32((uint32_t)r[i].size);
	}
	return fdt_setprop(fdt, node, "reg", c, (int)(k * sizeof(c[0])));
}

int guest_dt_add_root(void *fdt, const char *name, char *path, size_t len)
{
	char alt[64];
	int n = fdt_add_subnode(fdt, 0, name);

	snprintf(alt, sizeof(alt), "%.48s", name);
	if (n == -FDT_ERR_EXISTS) {
		snprintf(alt, sizeof(alt), "%.48s-tessera", name);
		n = fdt_add_subnode(fdt, 0, alt);
	}
	if (n >= 0 && path) {
		snprintf(path, len, "/%s", alt);
	}
	return n;
}

int guest_dt_console(void *fdt, unsigned ac, unsigned sc, uint32_t gic, uint32_t intid,
		     char *path, size_t len)
{
	char name[32];

	static const char compat[] = "arm,pl011\0arm,primecell";
	static const char clk_names[] = "uartclk\0apb_pclk";
	const struct cfg_range reg = { CFG_GUEST_UART_BASE, CFG_GUEST_UART_SIZE };
	fdt32_t clocks[2] = { cpu_to_fdt32(UART_CLK_PHANDLE), cpu_to_fdt32(UART_CLK_PHANDLE) };
	fdt32_t irq[3] = { cpu_to_fdt32(GIC_SPI), cpu_to_fdt32(intid - 32),
			   cpu_to_fdt32(IRQ_TYPE_LEVEL_HIGH) };
	int n;

	/* Not "apb-pclk": a board clock of that name may be copied in for a device. */
	n = guest_dt_add_root(fdt, "uart-clk", NULL, 0);
	if (n < 0) {
		return n;
	}
	TRY(fdt_setprop_string(fdt, n, "compatible", "fixed-clock"));
	TRY(fdt_setprop_u32(fdt, n, "#clock-cells", 0));
	TRY(fdt_setprop_u32(fdt, n, "clock-frequency", 24000000));
	/* Clock names are global in Linux: not the board's "clk24mhz", which may be copied in too. */
	TRY(fdt_setprop_string(fdt, n, "clock-output-names", "tessera-uartclk"));
	TRY(fdt_setprop_u32(fdt, n, "phandle", UART_CLK_PHANDLE));

	snprintf(name, sizeof(name), "pl011@%llx", (unsigned long long)CFG_GUEST_UART_BASE);
	n = guest_dt_add_root(fdt, name, path, len);
	if (n < 0) {
		return n;
	}
	TRY(fdt_setprop(fdt, n, "compatible", compat, sizeof(compat)));
	TRY(guest_dt_reg(fdt, n, ac, sc, &reg, 1));
	TRY(fdt_setprop(fdt, n, "clocks", clocks, sizeof(clocks)));
	TRY(fdt_setprop(fdt, n, "clock-names", clk_names, sizeof(clk_names)));
	TRY(fdt_setprop_u32(fdt, n, "interrupt-parent", gic));
	return fdt_setprop(fdt, n, "interrupts", irq, sizeof(irq));
}

/* ---- passed-through devices ------------------------------------------------ */

struct copy {
	void *fdt;                 /* the guest DT being written (read-write mode) */
	const void *board;
	const struct cfg_plan *plan;
	const struct cfg_vm *vm;
	guest_dt_warn_fn warn;
	void *ctx;
};

static void warn(const struct copy *c, int node, const char *fmt, const char *a, const char *b)
{
	char path[128], msg[224];

	if (!c->warn) {
		return;
	}
	if (fdt_get_path(c->board, node, path, sizeof(path)) < 0) {
		snprintf(path, sizeof(path), "(node at offset %d)", node);
	}
	snprintf(msg, sizeof(msg), fmt, a, b ? b : "");
	c->warn(c->ctx, path, msg);
}

static uint32_t be32_at(const void *p, int i)
{
	return fdt32_to_cpu(((const fdt32_t *)p)[i]);
}

/* A node's u32 property, or dflt when absent or malformed. */
static uint32_t prop_u32(const void *fdt, int node, const char *name, uint32_t dflt)
{
	int len;
	const void *p = fdt_getprop(fdt, node, name, &len);

	return p && len == 4 ? be32_at(p, 0) : dflt;
}

static int copy_node(const struct copy *c, int src, const char *parent_path, int depth, int top);

/*
 * Describe the board's fixed clock `clk` at the guest's root, once (its
 * phandle tells whether it is there already). A board clock whose name the
 * guest already uses gets a suffix.
 */
static int copy_clock(const struct copy *c, int clk)
{
	uint32_t ph = fdt_get_phandle(c->board, clk);

	if (fdt_node_offset_by_phandle(c->fdt, ph) >= 0) {
		return 0;
	}
	return copy_node(c, clk, "", 0, 1);
}

/*
 * Can the guest keep phandle property `name` of src? Only if the plan's
 * decision for every node it names (cfg_dep) keeps it: the VM has the node
 * too, or it is a fixed clock, described again (copied when `apply`).
 * REFS_DECIDED: dropped as the plan says (boot-configured, rich-os-provides,
 * an IOMMU); tcheck lists those. REFS_DROP: dropped for a reason *why says
 * (a node that only names, such as memory-region, that the VM lacks). The
 * host's IOMMU and MSI maps are never kept. Or a libfdt error.
 */
enum { REFS_DROP, REFS_KEEP, REFS_DECIDED };

static int refs_ok(const struct copy *c, int src, const struct cfg_ref_prop *r, const char *name,
		   int apply, char *why, size_t len)
{
	int plen, n;
	const void *p = fdt_getprop(c->board, src, name, &plen);
	char path[96];

	if (!p || plen % 4) {
		snprintf(why, len, "malformed");
		return REFS_DROP;
	}
	if (!r->list) {
		/* The host's IOMMU/MSI mapping: Tessera's (its SMMU), never the VM's. */
		return REFS_DECIDED;
	}
	n = plen / 4;
	for (int i = 0; i < n;) {
		uint32_t ph = be32_at(p, i++);
		struct cfg_ref ref = { src, name, -1 };
		enum cfg_dep d;

		if (ph == 0) {
			continue;               /* an empty entry (gpio lists allow it) */
		}
		ref.provider = cfg_node_of(&c->plan->index, c->board, ph);
		if (ref.provider < 0) {
			snprintf(why, len, "phandle 0x%x names no node", (unsigned)ph);
			return REFS_DROP;
		}
		if (fdt_get_path(c->board, ref.provider, path, sizeof(path)) < 0) {
			snprintf(path, sizeof(path), "0x%x", (unsigned)ph);
		}
		i += (int)(r->cells ? prop_u32(c->board, ref.provider, r->cells, 0) : 0);
		if (i > n) {
			snprintf(why, len, "malformed");
			return REFS_DROP;
		}
		d = cfg_dep(c->board, c->plan, (unsigned)(c->vm - c->plan->vm), &ref);
		if (d == CFG_DEP_OWN) {
			continue;
		}
		if (d == CFG_DEP_FIXED) {
			if (apply) {
				int err = copy_clock(c, ref.provider);

				if (err < 0) {
					snprintf(why, len, "clock %s cannot be copied: %s", path,
						 fdt_strerror(err));
					return err == -FDT_ERR_NOSPACE ? err : REFS_DROP;
				}
			}
			continue;
		}
		if (d != CFG_DEP_MISSING) {
			return REFS_DECIDED;
		}
		snprintf(why, len, "%s is not given to this VM", path);
		return REFS_DROP;
	}
	return REFS_KEEP;
}

/* Is `name` the companion "-names" of a phandle property of src that is dropped? */
static int companion_dropped(const struct copy *c, int src, const char *name)
{
	const struct cfg_ref_prop *r = cfg_ref_prop_of_names(name);
	const char *owner = r && r->match == CFG_MATCH_PREFIX ? "pinctrl-0" : r ? r->name : NULL;
	char why[8];

	/* pinctrl-names goes when pinctrl-0 goes. */
	return owner && fdt_getprop(c->board, src, owner, NULL) &&
	       refs_ok(c, src, r, owner, 0, why, sizeof(why)) != REFS_KEEP;
}

/*
 * The phandle an interrupt reference should have in the guest: the
 * virtual GIC's for the board's GIC, its own for a node the VM is given,
 * 0 for anything else.
 */
static uint32_t irq_parent(const struct copy *c, uint32_t ph)
{
	int node = cfg_node_of(&c->plan->index, c->board, ph);

	if (ph == c->plan->hw.gic_phandle) {
		return GIC_PHANDLE;
	}
	return node >= 0 && cfg_vm_has(c->plan, c->board, c->vm, node) ? ph : 0;
}

/*
 * interrupt-map (PCIe hosts): entries of (child unit address, child
 * interrupt, parent phandle, parent unit address, parent interrupt), each
 * parent pointed at the virtual GIC (which gets the board GIC's
 * #address-cells, see add_gic) or kept if given to the VM; any other parent
 * drops the property.
 */
static int copy_irq_map(const struct copy *c, int src, int dst, const void *val, int len)
{
	static fdt32_t cells[1024];
	const int n = len / 4;
	const int child = fdt_address_cells(c->board, src) +
			  (int)prop_u32(c->board, src, "#interrupt-cells", 1);

	if (len % 4 || n > (int)(sizeof(cells) / sizeof(cells[0])) || child < 0) {
		warn(c, src, "interrupt-map: malformed or larger than 4 KiB: dropped", NULL, NULL);
		return 0;
	}
	for (int i = 0; i < n;) {
		uint32_t ph, to;
		int parent, k;

		for (int j = 0; j < child && i < n; j++, i++) {
			cells[i] = cpu_to_fdt32(be32_at(val, i));
		}
		if (i >= n) {
			break;
		}
		ph = be32_at(val, i);
		parent = cfg_node_of(&c->plan->index, c->board, ph);
		to = irq_parent(c, ph);
		k = parent >= 0 ? (int)(prop_u32(c->board, parent, "#address-cells", 0) +
					prop_u32(c->board, parent, "#interrupt-cells", 0)) : 0;
		if (!to || i + 1 + k > n) {
			warn(c, src, "interrupt-map: %s", NOT_OURS, NULL);
			return 0;
		}
		cells[i++] = cpu_to_fdt32(to);
		for (int j = 0; j < k; j++, i++) {
			cells[i] = cpu_to_fdt32(be32_at(val, i));
		}
	}
	return fdt_setprop(c->fdt, dst, "interrupt-map", cells, len);
}

/*
 * Convert a list of (a cells, b cells, d cells) entries to (a, 2, d2):
 * "reg" (0, ac, sc -> 0, 2, 2) and "ranges" (child ac, parent ac, child sc
 * -> child ac, 2, child sc) of a device moved to the guest's root (2
 * address and 2 size cells). The b column, an address on the bus the
 * device sat on, becomes a CPU physical address through the 'ranges' of
 * the buses above `node` (cfg_translate). Each value must fit.
 */
static int convert_cells(const struct cfg_index *x, const void *fdt, int node, const void *p,
			 int len, int a, int b, int d, int d2, fdt32_t *out, int *out_len)
{
	int stride = a + b + d, n = 0;

	if (stride <= 0 || b < 1 || b > 2 || d > 2 || len % (stride * 4)) {
		return -1;
	}
	for (int e = 0; e < len / (stride * 4); e++) {
		const int base = e * stride;
		uint64_t v = 0, size = 0;
		int bus;

		if (n + a + 2 + d2 > MAX_CELLS) {
			return -1;
		}
		for (int k = 0; k < a; k++) {
			out[n++] = cpu_to_fdt32(be32_at(p, base + k));
		}
		for (int k = 0; k < b; k++) {
			v = (v << 32) | be32_at(p, base + a + k);
		}
		for (int k = 0; k < d; k++) {
			size = (size << 32) | be32_at(p, base + a + b + k);
		}
		if (cfg_translate(x, fdt, node, &v, size, &bus) != 0 || (d2 == 1 && size >> 32)) {
			return -1;
		}
		out[n++] = cpu_to_fdt32((uint32_t)(v >> 32));
		out[n++] = cpu_to_fdt32((uint32_t)v);
		if (d2 == 2) {
			out[n++] = cpu_to_fdt32((uint32_t)(size >> 32));
		}
		out[n++] = cpu_to_fdt32((uint32_t)size);
	}
	*out_len = n * 4;
	return 0;
}

/*
 * Copy property `name` of board node src (a device given to the VM, top = 1,
 * or a node inside one) to the guest node at path, rewritten as the guest
 * needs it.
 * Returns 0 (copied or dropped) or a libfdt error.
 */
static int copy_prop(const struct copy *c, int src, const char *path, int top, const char *name,
		     const void *val, int len)
{
	static fdt32_t cells[MAX_CELLS];   /* one CPU builds guest DTs at a time */
	int dst = fdt_path_offset(c->fdt, path);
	const struct cfg_ref_prop *r;
	char why[128];
	int n;

	if (dst < 0) {
		return dst;
	}

	if (!strcmp(name, "phandle") || !strcmp(name, "linux,phandle")) {
		uint32_t ph = len == 4 ? be32_at(val, 0) : 0;

		if (ph == UART_CLK_PHANDLE || ph == GIC_PHANDLE ||
		    fdt_node_offset_by_phandle(c->fdt, ph) >= 0) {
			snprintf(why, sizeof(why), "0x%x", (unsigned)ph);
			warn(c, src, "phandle %s clashes with one of the guest's own: dropped", why, NULL);
			return 0;
		}
		return fdt_setprop(c->fdt, dst, name, val, len);
	}
	if (!strcmp(name, "interrupt-parent")) {
		uint32_t ph = len == 4 ? irq_parent(c, be32_at(val, 0)) : 0;

		if (!ph) {
			warn(c, src, "interrupt-parent: neither the GIC nor given to this VM: dropped", NULL, NULL);
			return 0;
		}
		return fdt_setprop_u32(c->fdt, dst, name, ph);
	}
	if (!strcmp(name, "interrupts-extended")) {
		n = len / 4;
		if (len % 4 || n > MAX_CELLS) {
			warn(c, src, "interrupts-extended: malformed: dropped", NULL, NULL);
			return 0;
		}
		for (int i = 0; i < n;) {
			uint32_t ph = be32_at(val, i);
			int node = cfg_node_of(&c->plan->index, c->board, ph);
			uint32_t to = irq_parent(c, ph);
			int k = node >= 0 ? (int)prop_u32(c->board, node, "#interrupt-cells", 0) : 0;

			if (!to || i + 1 + k > n) {
				warn(c, src, "interrupts-extended: %s", NOT_OURS, NULL);
				return 0;
			}
			cells[i] = cpu_to_fdt32(to);
			for (int j = 1; j <= k; j++) {
				cells[i + j] = cpu_to_fdt32(be32_at(val, i + j));
			}
			i += 1 + k;
		}
		return fdt_setprop(c->fdt, dst, name, cells, len);
	}
	if (!strcmp(name, "interrupt-map")) {
		return copy_irq_map(c, src, dst, val, len);
	}
	if (top && !strcmp(name, "bus-range") && len == 8 &&
	    fdt_getprop(c->board, src, "iommu-map", NULL) &&
	    be32_at(val, 1) - be32_at(val, 0) >= CFG_PCI_BUSES) {
		/* The buses whose streams Tessera binds (config_iommu.c). */
		fdt32_t range[2] = { cpu_to_fdt32(be32_at(val, 0)),
				     cpu_to_fdt32(be32_at(val, 0) + CFG_PCI_BUSES - 1) };

		return fdt_setprop(c->fdt, dst, name, range, sizeof(range));
	}
	if (top && (!strcmp(name, "reg") || !strcmp(name, "ranges"))) {
		int parent = cfg_parent(&c->plan->index, c->board, src);
		int ac = fdt_address_cells(c->board, parent), sc = fdt_size_cells(c->board, parent);
		int err;

		const int is_reg = !strcmp(name, "reg");

		/* reg: (ac, sc) -> (2, 2); ranges: (own ac, ac, own sc) -> (own ac, 2, own sc). */
		if (len == 0) {
			return fdt_setprop(c->fdt, dst, name, val, len);
		}
		if (is_reg) {
			err = convert_cells(&c->plan->index, c->board, src, val, len, 0, ac, sc, 2, cells, &n);
		} else {
			int own_ac = fdt_address_cells(c->board, src), own_sc = fdt_size_cells(c->board, src);

			err = convert_cells(&c->plan->index, c->board, src, val, len, own_ac, ac, own_sc,
					    own_sc, cells, &n);
		}
		if (err || ac < 0 || sc < 0) {
			warn(c, src, "%s: cannot be translated to 2 address and 2 size cells at the root: dropped", name, NULL);
			return 0;
		}
		return fdt_setprop(c->fdt, dst, name, cells, n);
	}
	r = cfg_ref_prop(name);
	if (r) {
		int ok = refs_ok(c, src, r, name, 1, why, sizeof(why));

		if (ok < 0) {
			return ok;
		}
		if (ok == REFS_DROP) {
			warn(c, src, "%s: %s: dropped", name, why);
		}
		if (ok != REFS_KEEP) {
			return 0;
		}
		/* A clock copied to the root moved this node. */
		dst = fdt_path_offset(c->fdt, path);
		return dst < 0 ? dst : fdt_setprop(c->fdt, dst, name, val, len);
	}
	if (companion_dropped(c, src, name)) {
		return 0;
	}
	return fdt_setprop(c->fdt, dst, name, val, len);
}

/*
 * Copy board node src and everything under it below the guest node at
 * parent_path ("" for the root). A name the guest already uses (only
 * possible at its root) is refused with a warning, except for a fixed clock,
 * which gets a "-<phandle>" suffix. Nodes are found again by path after
 * each addition: a clock copied to the root moves everything after it.
 * Returns 0 or a libfdt error.
 */
static int copy_node(const struct copy *c, int src, const char *parent_path, int depth, int top)
{
	const char *name = fdt_get_name(c->board, src, NULL);
	char path[128];
	int dst, prop, child, err, plen;
	int kids[16], nr_kids = 0;

	if (!name) {
		return 0;
	}
	dst = fdt_path_offset(c->fdt, parent_path[0] ? parent_path : "/");
	if (dst < 0) {
		return dst;
	}
	/* A device moved to the root from a translating bus is named by its CPU address. */
	char moved[64];
	const char *at = strchr(name, '@');
	const fdt32_t *reg = top && at ? fdt_getprop(c->board, src, "reg", &plen) : NULL;
	int ac = reg ? fdt_address_cells(c->board, cfg_parent(&c->plan->index, c->board, src)) : 0;

	if (reg && ac >= 1 && ac <= 2 && plen >= ac * 4) {
		uint64_t a = be32_at(reg, 0);
		int bus;

		size_t base_len = (size_t)(at - name);

		a = ac == 2 ? a << 32 | be32_at(reg, 1) : a;
		/* (The hypervisor's snprintf has no %.*s.) */
		if (cfg_translate(&c->plan->index, c->board, src, &a, 0, &bus) == 0 && base_len + 18 < sizeof(moved)) {
			memcpy(moved, name, base_len);
			snprintf(moved + base_len, sizeof(moved) - base_len, "@%llx", (unsigned long long)a);
			name = moved;
		}
	}
	dst = fdt_add_subnode(c->fdt, dst, name);
	plen = snprintf(path, sizeof(path), "%s/%s", parent_path, name);
	if (dst == -FDT_ERR_EXISTS && cfg_is_fixed_clock(c->board, src)) {
		char alt[80];

		snprintf(alt, sizeof(alt), "%.60s-%x", name, (unsigned)fdt_get_phandle(c->board, src));
		dst = fdt_add_subnode(c->fdt, fdt_path_offset(c->fdt, parent_path[0] ? parent_path : "/"), alt);
		plen = snprintf(path, sizeof(path), "%s/%s", parent_path, alt);
	}
	if (dst == -FDT_ERR_EXISTS) {
		warn(c, src, "the guest already has a node named %s: not described to the VM", name, NULL);
		return 0;
	}
	if (dst < 0) {
		return dst;
	}
	if (plen < 0 || plen >= (int)sizeof(path)) {
		return -FDT_ERR_NOSPACE;
	}
	fdt_for_each_property_offset(prop, c->board, src) {
		const char *pname;
		int len;
		const void *val = fdt_getprop_by_offset(c->board, prop, &pname, &len);

		if (!val) {
			continue;
		}
		err = copy_prop(c, src, path, top, pname, val, len);
		if (err < 0) {
			return err;
		}
	}
	if (depth >= MAX_DEPTH) {
		if (fdt_first_subnode(c->board, src) >= 0) {
			warn(c, src, "nested too deep: its child nodes are not described", NULL, NULL);
		}
		return 0;
	}
	/* fdt_add_subnode puts a node first: add the children last to first. */
	fdt_for_each_subnode(child, c->board, src) {
		if (nr_kids == (int)(sizeof(kids) / sizeof(kids[0]))) {
			warn(c, src, "more than 16 child nodes: the rest are not described", NULL, NULL);
			break;
		}
		kids[nr_kids++] = child;
	}
	while (nr_kids--) {
		err = copy_node(c, kids[nr_kids], path, depth + 1, 0);
		if (err < 0) {
			return err;
		}
	}
	return 0;
}

/* shmem@<ipa>: the region, its doorbell page, its interrupt, which VM this is. */
static int add_shmem(void *fdt, const struct cfg_shmem *s, unsigned self, unsigned ac,
		     unsigned sc)
{
	char name[40];
	const struct cfg_range reg[2] = {
		{ s->ipa, s->size },
		{ s->ipa + s->size, CFG_DOORBELL_SIZE },
	};
	fdt32_t irq[3] = {
		cpu_to_fdt32(GIC_SPI),
		cpu_to_fdt32(s->doorbell_intid - 32),
		cpu_to_fdt32(IRQ_TYPE_LEVEL_HIGH),
	};
	int node;

	snprintf(name, sizeof(name), "shmem@%llx", (unsigned long long)s->ipa);
	node = guest_dt_add_root(fdt, name, NULL, 0);
	if (node < 0) {
		return node;
	}
	TRY(fdt_setprop_u32(fdt, node, "tessera,self", self));
	TRY(fdt_setprop_string(fdt, node, "label", s->label));
	TRY(fdt_setprop(fdt, node, "interrupts", irq, sizeof(irq)));
	TRY(guest_dt_reg(fdt, node, ac, sc, reg, 2));
	return fdt_setprop_string(fdt, node, "compatible", "tessera,shmem");
}

int guest_dt_shmems(void *fdt, const struct cfg_plan *plan, unsigned vm_idx, unsigned ac,
		    unsigned sc)
{
	/* Last to first, so that they end up in plan order (fdt_add_subnode puts a node first). */
	for (unsigned i = plan->nr_shmem; i-- > 0;) {
		const struct cfg_shmem *s = &plan->shmem[i];

		for (unsigned k = 0; k < s->nr_vms && k < CFG_MAX_SHMEM_VMS; k++) {
			if (s->vm[k] == vm_idx) {
				TRY(add_shmem(fdt, s, k, ac, sc));
				break;
			}
		}
	}
	return 0;
}

static int add_devices(void *buf, const struct cfg_plan *plan, unsigned vm_idx,
		       const void *board, guest_dt_warn_fn warn_fn, void *ctx)
{
	const struct cfg_vm *vm = &plan->vm[vm_idx];
	const struct copy c = { buf, board, plan, vm, warn_fn, ctx };

	TRY(guest_dt_shmems(buf, plan, vm_idx, 2, 2));
	if (!board) {
		return vm->nr_devices ? -FDT_ERR_BADSTATE : 0;
	}
	for (unsigned i = vm->nr_devices; i-- > 0;) {
		TRY(copy_node(&c, vm->device_node[i], "", 0, 1));
	}
	return 0;
}

int guest_dt_build(void *buf, size_t size, const struct cfg_plan *plan, unsigned vm_idx,
		   const void *board_fdt, unsigned gic_version, uint64_t initrd,
		   uint64_t initrd_size, guest_dt_warn_fn warn_fn, void *ctx)
{
	static const char psci_compat[] = GUEST_DT_PSCI_COMPAT;
	const struct cfg_vm *vm;
	char name[40], uart[32], stdout_path[40];

	if (!plan || vm_idx >= plan->nr_vms) {
		return -FDT_ERR_BADSTATE;
	}
	vm = &plan->vm[vm_idx];
	if (vm->rich_os && board_fdt) {
		return guest_dt_rich(buf, size, plan, vm_idx, board_fdt, gic_version, initrd,
				     initrd_size);
	}
	TRY(fdt_create(buf, (int)size));
	TRY(fdt_finish_reservemap(buf));
	TRY(fdt_begin_node(buf, ""));
	TRY(fdt_property_u32(buf, "#address-cells", 2));
	TRY(fdt_property_u32(buf, "#size-cells", 2));
	TRY(fdt_property_string(buf, "compatible", "linux,dummy-virt"));
	TRY(fdt_property_u32(buf, "interrupt-parent", GIC_PHANDLE));
	snprintf(name, sizeof(name), "Tessera VM %s", vm->label);
	TRY(fdt_property_string(buf, "model", name));

	for (unsigned i = 0; i < vm->nr_mem; i++) {
		snprintf(name, sizeof(name), "memory@%llx", (unsigned long long)vm->mem[i].base);
		TRY(fdt_begin_node(buf, name));
		TRY(fdt_property_string(buf, "device_type", "memory"));
		TRY(prop_reg(buf, vm->mem[i].base, vm->mem[i].size));
		TRY(fdt_end_node(buf));
	}
	TRY(add_cpus(buf, vm, board_fdt));

	TRY(fdt_begin_node(buf, "psci"));
	TRY(fdt_property(buf, "compatible", psci_compat, sizeof(psci_compat)));
	TRY(fdt_property_string(buf, "method", "hvc"));
	TRY(fdt_end_node(buf));

	uint32_t gic_ac = 0;

	if (board_fdt && plan->hw.gic_phandle) {
		int gic = cfg_node_of(&plan->index, board_fdt, plan->hw.gic_phandle);

		gic_ac = gic >= 0 ? prop_u32(board_fdt, gic, "#address-cells", 0) : 0;
	}
	TRY(add_gic(buf, vm, gic_version, gic_ac));

	/* Secure and non-secure physical, virtual, hypervisor timer PPIs (INTIDs 29, 30, 27, 26). */
	const uint32_t timer_irqs[] = { GIC_PPI, 13, IRQ_TYPE_LEVEL_HIGH, GIC_PPI, 14, IRQ_TYPE_LEVEL_HIGH,
					GIC_PPI, 11, IRQ_TYPE_LEVEL_HIGH, GIC_PPI, 10, IRQ_TYPE_LEVEL_HIGH };

	TRY(fdt_begin_node(buf, "timer"));
	/* Named as the board names it ("arm,armv7-timer" alone on ARMv7 boards). */
	int timer = board_fdt ? fdt_node_offset_by_compatible(board_fdt, -1, "arm,armv7-timer") : -1;
	int compat_len = 0;
	const void *compat = timer >= 0 ? fdt_getprop(board_fdt, timer, "compatible", &compat_len) : NULL;

	if (compat && compat_len > 0) {
		TRY(fdt_property(buf, "compatible", compat, compat_len));
	} else {
		TRY(fdt_property_string(buf, "compatible", "arm,armv8-timer"));
	}
	TRY(prop_irqs(buf, timer_irqs, 4));
	TRY(fdt_property(buf, "always-on", NULL, 0));
	TRY(fdt_end_node(buf));

	snprintf(stdout_path, sizeof(stdout_path), "/pl011@%llx",
		 (unsigned long long)CFG_GUEST_UART_BASE); /* guest_dt_console's */

	TRY(fdt_begin_node(buf, "aliases"));
	TRY(fdt_property_string(buf, "serial0", stdout_path));
	TRY(fdt_end_node(buf));

	TRY(fdt_begin_node(buf, "chosen"));
	TRY(fdt_property_string(buf, "stdout-path", stdout_path));
	if (vm->bootargs) {
		TRY(fdt_property_string(buf, "bootargs", vm->bootargs));
	}
	if (initrd_size) {
		TRY(fdt_property_u64(buf, "linux,initrd-start", initrd));
		TRY(fdt_property_u64(buf, "linux,initrd-end", initrd + initrd_size));
	}
	TRY(fdt_end_node(buf));

	TRY(fdt_end_node(buf));
	TRY(fdt_finish(buf));

	/* The console, devices and shared memory: read-write mode, in place, then packed. */
	TRY(fdt_open_into(buf, buf, (int)size));
	TRY(guest_dt_console(buf, 2, 2, GIC_PHANDLE, cfg_console_intid(vm), uart, sizeof(uart)));
	TRY(add_devices(buf, plan, vm_idx, board_fdt, warn_fn, ctx));
	return fdt_pack(buf);
}
