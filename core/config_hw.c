/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The configuration engine, part 2: the board as its device tree describes
 * it (CPUs, RAM and reserved ranges, Tessera's console, PSCI, /chosen and
 * the GIC), into plan->hw. See config.c for the rules all parts follow.
 */
#include <libfdt.h>
#include <stdio.h>
#include <string.h>

#include "config_priv.h"

/* GICv2-compatible distributors that have the virtualization extensions' layout. */
static const char *const gic_v2_compats[] = {
	"arm,cortex-a15-gic", "arm,gic-400", "arm,cortex-a7-gic", NULL,
};


static void copy_str(char *dst, size_t size, const char *src)
{
	const char *nul = memchr(src, '\0', size - 1);
	size_t n = nul ? (size_t)(nul - src) : size - 1;

	memcpy(dst, src, n);
	dst[n] = '\0';
}


/*
 * Append every (address, size) entry of a node's reg to a range table.
 * what names the table in messages ("RAM", "reserved").
 */
static void read_reg_ranges(struct parser *p, int node, int ac, int sc,
			    struct cfg_range *tab, unsigned *nr, unsigned max,
			    const char *what)
{
	int len;
	const fdt32_t *reg = fdt_getprop(p->fdt, node, "reg", &len);
	int entry = (ac + sc) * 4;

	if (!reg || len <= 0 || len % entry != 0) {
		cfg_problem(p, node, "missing or malformed 'reg'");
		return;
	}
	for (int i = 0; i < len / entry; i++) {
		const fdt32_t *e = reg + i * (ac + sc);
		struct cfg_range r = { cfg_read_cells(e, ac), cfg_read_cells(e + ac, sc) };

		if (r.size == 0) {
			continue;
		}
		if (*nr >= max) {
			cfg_problem(p, node, "too many %s ranges (Tessera handles %u)",
				what, max);
			return;
		}
		tab[(*nr)++] = r;
	}
}

static void parse_cpus(struct parser *p)
{
	struct cfg_hw *hw = &p->plan->hw;
	int cpus = fdt_path_offset(p->fdt, "/cpus");
	int node, ac;

	if (cpus < 0) {
		cfg_problem_at(p, "/", "no /cpus node");
		return;
	}
	ac = fdt_address_cells(p->fdt, cpus);
	if (ac != 1 && ac != 2) {
		cfg_problem(p, cpus, "#address-cells must be 1 or 2");
		return;
	}
	fdt_for_each_subnode(node, p->fdt, cpus) {
		int len;
		const fdt32_t *reg;

		if (!cfg_prop_is(p->fdt, node, "device_type", "cpu")) {
			continue;       /* cpu-map and friends */
		}
		reg = fdt_getprop(p->fdt, node, "reg", &len);
		if (!reg || len < ac * 4) {
			cfg_problem(p, node, "missing or malformed 'reg'");
			continue;
		}
		if (hw->nr_cpus >= CFG_MAX_CPUS) {
			cfg_problem(p, node, "too many CPUs (Tessera handles %u)",
				CFG_MAX_CPUS);
			break;
		}
		hw->mpidr[hw->nr_cpus++] = cfg_read_cells(reg, ac);
	}
	if (hw->nr_cpus == 0) {
		cfg_problem(p, cpus, "no CPU nodes (device_type = \"cpu\")");
	}
}

static void parse_memory(struct parser *p)
{
	struct cfg_hw *hw = &p->plan->hw;
	int node, ac, sc, n;

	if (cfg_bus_cells(p, 0, &ac, &sc) == 0) {
		fdt_for_each_subnode(node, p->fdt, 0) {
			if (cfg_prop_is(p->fdt, node, "device_type", "memory")) {
				read_reg_ranges(p, node, ac, sc, hw->ram,
						&hw->nr_ram, CFG_MAX_RAM, "RAM");
			}
		}
		if (hw->nr_ram == 0) {
			cfg_problem_at(p, "/", "no RAM: no /memory node with a 'reg'");
		}
	}

	n = fdt_num_mem_rsv(p->fdt);
	for (int i = 0; i < n; i++) {
		struct cfg_range r;

		if (fdt_get_mem_rsv(p->fdt, i, &r.base, &r.size) < 0 ||
		    r.size == 0) {
			continue;
		}
		if (hw->nr_resv >= CFG_MAX_RESV) {
			cfg_problem_at(p, "/", "too many reserved ranges (Tessera handles %u)",
				   CFG_MAX_RESV);
			return;
		}
		hw->resv[hw->nr_resv++] = r;
	}

	node = fdt_path_offset(p->fdt, "/reserved-memory");
	if (node >= 0 && cfg_bus_cells(p, node, &ac, &sc) == 0) {
		int child;

		fdt_for_each_subnode(child, p->fdt, node) {
			/* Nodes without reg are allocated by the OS, not fixed. */
			if (fdt_getprop(p->fdt, child, "reg", NULL)) {
				read_reg_ranges(p, child, ac, sc, hw->resv,
						&hw->nr_resv, CFG_MAX_RESV,
						"reserved");
			}
		}
	}
}


static int device_reg(struct parser *p, int node, struct cfg_range *r)
{
	return cfg_node_regs(p, node, node, r, 1) < 0 ? -1 : 0;
}

/*
 * The hypervisor's own console: /tessera/stdout (a phandle) when the plan
 * names one, else /chosen/stdout-path (a path or an alias, maybe followed by
 * ":<options>").
 */
void cfg_parse_console(struct parser *p, int tessera)
{
	struct cfg_hw *hw = &p->plan->hw;
	int node = -1, len, n;
	const char *colon;
	const fdt32_t *ph = tessera >= 0 ?
		fdt_getprop(p->fdt, tessera, "stdout", &len) : NULL;
	const char *compat;
	struct cfg_range r;

	if (ph) {
		if (len != 4 ||
		    (node = cfg_node_of(&p->plan->index, p->fdt, fdt32_ld(ph))) < 0) {
			cfg_problem(p, tessera, "'stdout' must be a reference to the console node");
			return;
		}
	} else {
		int chosen = fdt_path_offset(p->fdt, "/chosen");
		const char *path = NULL;

		if (chosen >= 0) {
			path = cfg_get_string(p->fdt, chosen, "stdout-path", NULL);
			if (!path) {
				path = cfg_get_string(p->fdt, chosen, "linux,stdout-path", NULL);
			}
		}
		if (!path) {
			cfg_problem_at(p, chosen >= 0 ? "/chosen" : "/",
				   "no console: set /chosen/stdout-path or /tessera/stdout");
			return;
		}
		colon = strchr(path, ':');
		n = colon ? (int)(colon - path) : (int)strlen(path);

		/* An alias is resolved here, not by libfdt: libfdt 1.6.1 follows
		 * an alias whose value is not an absolute path recursively,
		 * overflowing the stack (tests/fuzz/crashes/alias-loop.dts). */
		if (n > 0 && path[0] != '/') {
			int aliases = fdt_path_offset(p->fdt, "/aliases"), alen = 0;
			const char *full = aliases < 0 ? NULL :
				fdt_getprop_namelen(p->fdt, aliases, path, n, &alen);

			node = full && alen > 1 && full[0] == '/' &&
			       memchr(full, '\0', (size_t)alen) == full + alen - 1 ?
			       fdt_path_offset(p->fdt, full) : -1;
		} else {
			node = fdt_path_offset_namelen(p->fdt, path, n);
		}
		if (node < 0) {
			cfg_problem(p, chosen, "stdout-path '%s' names no node", path);
			return;
		}
	}
	p->console = node;
	/* Tests and benchmarks: a console as slow as a real UART (uart_set_pace). */
	if (tessera >= 0 && fdt_getprop(p->fdt, tessera, "test-console-baud", NULL) &&
	    cfg_get_u32(p, tessera, "test-console-baud", &hw->console_test_baud) == 0 &&
	    (hw->console_test_baud < 300 || hw->console_test_baud > 4000000)) {
		cfg_problem(p, tessera, "test-console-baud %u: between 300 and 4000000, or leave it out",
			    hw->console_test_baud);
	}
	if (device_reg(p, node, &r) < 0) {
		return;
	}
	hw->uart_base = r.base;
	hw->uart_size = r.size;
	/* Its receive interrupt, if it is a GIC SPI: <0 number flags>. */
	const fdt32_t *irq = fdt_getprop(p->fdt, node, "interrupts", &len);

	if (irq && len >= 12 && fdt32_ld(&irq[0]) == 0 && fdt32_ld(&irq[1]) < 988) {
		hw->uart_intid = 32 + fdt32_ld(&irq[1]);
	}
	compat = fdt_getprop(p->fdt, node, "compatible", &len);
	if (!compat || len < 1 || compat[len - 1] != '\0') {
		cfg_problem(p, node, "console has no 'compatible'");
		return;
	}
	/* As many whole strings as fit: the driver is matched on any of them. */
	for (int at = 0; at < len;) {
		size_t one = strlen(compat + at) + 1;

		if (hw->uart_compat_len + one > sizeof(hw->uart_compat)) {
			break;
		}
		memcpy(hw->uart_compat + hw->uart_compat_len, compat + at, one);
		hw->uart_compat_len += (unsigned)one;
		at += (int)one;
	}
	hw->uart_reg_shift = 0;
	hw->uart_reg_width = 1;
	if (fdt_getprop(p->fdt, node, "reg-shift", NULL) &&
	    cfg_get_u32(p, node, "reg-shift", &hw->uart_reg_shift) == 0 && hw->uart_reg_shift > 3) {
		cfg_problem(p, node, "reg-shift %u: Tessera's console takes 0 to 3",
			    hw->uart_reg_shift);
	}
	if (fdt_getprop(p->fdt, node, "reg-io-width", NULL) &&
	    cfg_get_u32(p, node, "reg-io-width", &hw->uart_reg_width) == 0 &&
	    hw->uart_reg_width != 1 && hw->uart_reg_width != 4) {
		cfg_problem(p, node, "reg-io-width %u: Tessera's console takes 1 or 4",
			    hw->uart_reg_width);
	}
}

static void parse_psci(struct parser *p)
{
	static const char *const compats[] = {
		"arm,psci-1.0", "arm,psci-0.2", "arm,psci",
	};
	int node = fdt_path_offset(p->fdt, "/psci");
	const char *method;

	/* Some boards put it under /firmware; its compatible finds it there. */
	for (unsigned i = 0; node < 0 && i < sizeof(compats) / sizeof(compats[0]); i++) {
		node = fdt_node_offset_by_compatible(p->fdt, -1, compats[i]);
	}
	if (node < 0) {
		cfg_problem_at(p, "/", "no /psci node: Tessera starts CPUs through PSCI");
		return;
	}
	method = cfg_get_string(p->fdt, node, "method", NULL);
	if (method && strcmp(method, "smc") == 0) {
		p->plan->hw.psci_smc = 1;
	} else if (!method || strcmp(method, "hvc") != 0) {
		cfg_problem(p, node, "'method' must be \"smc\" or \"hvc\"");
	}
	/* PSCI 0.1 (U-Boot's, on many ARMv7 boards) has no standard function
	 * IDs: the DT names them. 0.2 and later use the standard ones. */
	if (!cfg_has_compatible(p->fdt, node, "arm,psci-0.2") &&
	    !cfg_has_compatible(p->fdt, node, "arm,psci-1.0")) {
		if (!fdt_getprop(p->fdt, node, "cpu_on", NULL)) {
			cfg_problem(p, node, "PSCI 0.1 (\"arm,psci\") without 'cpu_on': Tessera cannot start the other CPUs");
		} else {
			cfg_get_u32(p, node, "cpu_on", &p->plan->hw.psci_cpu_on);
		}
	}
}

static void parse_chosen(struct parser *p)
{
	struct cfg_hw *hw = &p->plan->hw;
	int chosen = fdt_path_offset(p->fdt, "/chosen");
	int ls, le;
	const fdt32_t *s, *e;

	if (chosen < 0) {
		return;
	}
	s = fdt_getprop(p->fdt, chosen, "linux,initrd-start", &ls);
	e = fdt_getprop(p->fdt, chosen, "linux,initrd-end", &le);
	if (!s && !e) {
		return;
	}
	if (!s || !e || (ls != 4 && ls != 8) || (le != 4 && le != 8)) {
		cfg_problem(p, chosen, "linux,initrd-start/end must both be 1 or 2 cells");
		return;
	}
	hw->initrd_start = cfg_read_cells(s, ls / 4);
	hw->initrd_end = cfg_read_cells(e, le / 4);
	if (hw->initrd_end < hw->initrd_start) {
		cfg_problem(p, chosen, "linux,initrd-end is below linux,initrd-start");
	}
}

/* 3 or 2 for a GIC this engine knows, 0 for any other node. */
unsigned cfg_gic_version_of(const void *fdt, int node)
{
	if (!fdt_getprop(fdt, node, "interrupt-controller", NULL)) {
		return 0;
	}
	if (cfg_has_compatible(fdt, node, "arm,gic-v3")) {
		return 3;
	}
	for (const char *const *c = gic_v2_compats; *c; c++) {
		if (cfg_has_compatible(fdt, node, *c)) {
			return 2;
		}
	}
	return 0;
}

/*
 * The interrupt controller: the node the root's interrupt-parent names,
 * else the first GIC in the tree (some SoCs put a wake-up controller in
 * front of the GIC as the root's interrupt-parent). Tessera needs the
 * virtualization interface: GICv3 always has it (ICH_* registers), a GICv2
 * only with GICH and GICV in its reg.
 */
static void parse_gic(struct parser *p)
{
	struct cfg_hw *hw = &p->plan->hw;
	struct cfg_range reg[4] = { { 0, 0 } };
	int len, n, node = -1;
	const fdt32_t *ph = fdt_getprop(p->fdt, 0, "interrupt-parent", &len);

	if (ph && len == 4) {
		node = cfg_node_of(&p->plan->index, p->fdt, fdt32_ld(ph));
		if (node >= 0 && !cfg_gic_version_of(p->fdt, node)) {
			node = -1;
		}
	}
	if (node < 0) {
		for (node = fdt_next_node(p->fdt, -1, NULL); node >= 0;
		     node = fdt_next_node(p->fdt, node, NULL)) {
			if (cfg_gic_version_of(p->fdt, node)) {
				break;
			}
		}
	}
	if (node < 0) {
		cfg_problem_at(p, "/", "no GIC interrupt controller (\"arm,gic-v3\", \"arm,gic-400\", \"arm,cortex-a15-gic\" or \"arm,cortex-a7-gic\" with 'interrupt-controller')");
		return;
	}
	hw->gic_version = cfg_gic_version_of(p->fdt, node);
	hw->gic_phandle = fdt_get_phandle(p->fdt, node);
	n = cfg_node_regs(p, node, node, reg, 4);
	if (n < 0) {
		return;
	}
	hw->gicd = reg[0];
	if (hw->gic_version == 3) {
		if (n < 2) {
			cfg_problem(p, node, "a GICv3 needs 'reg' for the distributor and the redistributors");
			return;
		}
		hw->gicr = reg[1];
		return;
	}
	if (n < 2) {
		cfg_problem(p, node, "a GICv2 needs 'reg' for the distributor and the CPU interface");
		return;
	}
	hw->gicc = reg[1];
	if (n < 4 || reg[2].size == 0 || reg[3].size == 0) {
		cfg_problem(p, node, "the GIC has no virtualization interface (GICH/GICV)");
		return;
	}
	hw->gich = reg[2];
	hw->gicv = reg[3];
}

void cfg_parse_hw(struct parser *p)
{
	const char *model = cfg_get_string(p->fdt, 0, "model", NULL);

	if (model) {
		copy_str(p->plan->hw.model, sizeof(p->plan->hw.model), model);
	}
	parse_cpus(p);
	parse_memory(p);
	parse_psci(p);
	parse_chosen(p);
	parse_gic(p);
	cfg_parse_smmus(p);
}
