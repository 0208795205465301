/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The configuration engine: reads the hardware description and the /tessera
 * partition plan from the board DT and checks the plan against the hardware.
 *
 * The same file is linked into the hypervisor (freestanding, boot time) and
 * into the host tool tcheck and the unit tests (build time), so it uses only
 * libfdt, a few string functions and snprintf: no globals, no allocation, no
 * printing. Every problem goes to the caller's report function with the node
 * path, and parsing goes on so one run lists as many problems as it can.
 *
 * The DT is untrusted input (a typo in a plan, a truncated download), so the
 * blob is validated as a whole first and every property length is checked
 * before its value is read.
 */
#include <libfdt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <tessera/config.h>

#define SZ_4K 0x1000ULL
#define SZ_2M 0x200000ULL
#define MIB_SHIFT 20
/* Room for "vm@0 (label)" built from a path and a label. */
#define VM_NAME_LEN (CFG_PATH_LEN + CFG_LABEL_LEN + 4)

/* Properties that may sit on any node of the plan without meaning anything. */
static const char *const generic_props[] = {
	"compatible", "#address-cells", "#size-cells", "phandle",
	"linux,phandle", "name", NULL,
};
static const char *const tessera_props[] = { "stdout", NULL };
static const char *const vm_props[] = {
	"label", "cpus", "memory", "kernel", "bootargs", "initrd", "devices", NULL,
};
/* GICv2-compatible distributors that have the virtualization extensions' layout. */
static const char *const gic_v2_compats[] = {
	"arm,cortex-a15-gic", "arm,gic-400", "arm,cortex-a7-gic", NULL,
};

/* GIC interrupt specifiers (bindings/interrupt-controller/arm,gic*.yaml). */
#define GIC_SPEC_CELLS 3
#define GIC_SPEC_SPI 0
#define GIC_SPEC_PPI 1
#define GIC_SPI_BASE 32         /* INTID of SPI 0 */
#define GIC_INTID_MAX (CFG_GUEST_MAX_INTID) /* the last INTID a guest's virtual GIC has */

/* A named address window, for "overlaps <what> at <base>" messages. */
struct window {
	const char *what;
	struct cfg_range r;
};

struct parser {
	const void *fdt;
	struct cfg_plan *plan;
	cfg_report_fn report;
	void *ctx;
	int problems;
	int console;            /* FDT offset of Tessera's console, or -1 */
};

static void __attribute__((format(printf, 3, 4)))
problem_at(struct parser *p, const char *path, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	p->problems++;
	if (p->report) {
		p->report(p->ctx, path, msg);
	}
}

static void node_path(const void *fdt, int node, char *buf, int len)
{
	/* A path too deep for the buffer still deserves a message. */
	if (fdt_get_path(fdt, node, buf, len) < 0) {
		snprintf(buf, (size_t)len, "(node at offset %d)", node);
	}
}

static void __attribute__((format(printf, 3, 4)))
problem(struct parser *p, int node, const char *fmt, ...)
{
	char path[128];
	char msg[256];
	va_list ap;

	node_path(p->fdt, node, path, sizeof(path));
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	problem_at(p, path, "%s", msg);
}

/* Big-endian cells, loaded bytewise: blobs are only 4-byte aligned inside. */
static uint64_t read_cells(const fdt32_t *cell, int n)
{
	uint64_t v = 0;

	for (int i = 0; i < n; i++) {
		v = (v << 32) | fdt32_ld(&cell[i]);
	}
	return v;
}

/*
 * A string property, only if it is one NUL-terminated string. *present tells
 * a missing property from a malformed one, for the message.
 */
static const char *get_string(const void *fdt, int node, const char *name,
			      int *present)
{
	int len;
	const char *s = fdt_getprop(fdt, node, name, &len);

	if (present) {
		*present = s != NULL;
	}
	if (!s || len < 1 || memchr(s, '\0', (size_t)len) != s + len - 1) {
		return NULL;
	}
	return s;
}

static int prop_is(const void *fdt, int node, const char *name,
		   const char *value)
{
	const char *s = get_string(fdt, node, name, NULL);

	return s && strcmp(s, value) == 0;
}

static int has_compatible(const void *fdt, int node, const char *compat)
{
	int len;
	const char *list = fdt_getprop(fdt, node, "compatible", &len);

	return list && fdt_stringlist_contains(list, len, compat);
}

static void copy_str(char *dst, size_t size, const char *src)
{
	const char *nul = memchr(src, '\0', size - 1);
	size_t n = nul ? (size_t)(nul - src) : size - 1;

	memcpy(dst, src, n);
	dst[n] = '\0';
}

static int in_list(const char *name, const char *const *list)
{
	for (; *list; list++) {
		if (strcmp(name, *list) == 0) {
			return 1;
		}
	}
	return 0;
}

/* Address and size cells of a bus; only 1 or 2 cells are meaningful here. */
static int bus_cells(struct parser *p, int bus, int *ac, int *sc)
{
	*ac = fdt_address_cells(p->fdt, bus);
	*sc = fdt_size_cells(p->fdt, bus);
	if (*ac < 1 || *ac > 2 || *sc < 1 || *sc > 2) {
		problem(p, bus, "#address-cells and #size-cells must be 1 or 2");
		return -1;
	}
	return 0;
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
		problem(p, node, "missing or malformed 'reg'");
		return;
	}
	for (int i = 0; i < len / entry; i++) {
		const fdt32_t *e = reg + i * (ac + sc);
		struct cfg_range r = { read_cells(e, ac), read_cells(e + ac, sc) };

		if (r.size == 0) {
			continue;
		}
		if (*nr >= max) {
			problem(p, node, "too many %s ranges (Tessera handles %u)",
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
		problem_at(p, "/", "no /cpus node");
		return;
	}
	ac = fdt_address_cells(p->fdt, cpus);
	if (ac != 1 && ac != 2) {
		problem(p, cpus, "#address-cells must be 1 or 2");
		return;
	}
	fdt_for_each_subnode(node, p->fdt, cpus) {
		int len;
		const fdt32_t *reg;

		if (!prop_is(p->fdt, node, "device_type", "cpu")) {
			continue;       /* cpu-map and friends */
		}
		reg = fdt_getprop(p->fdt, node, "reg", &len);
		if (!reg || len < ac * 4) {
			problem(p, node, "missing or malformed 'reg'");
			continue;
		}
		if (hw->nr_cpus >= CFG_MAX_CPUS) {
			problem(p, node, "too many CPUs (Tessera handles %u)",
				CFG_MAX_CPUS);
			break;
		}
		hw->mpidr[hw->nr_cpus++] = read_cells(reg, ac);
	}
	if (hw->nr_cpus == 0) {
		problem(p, cpus, "no CPU nodes (device_type = \"cpu\")");
	}
}

static void parse_memory(struct parser *p)
{
	struct cfg_hw *hw = &p->plan->hw;
	int node, ac, sc, n;

	if (bus_cells(p, 0, &ac, &sc) == 0) {
		fdt_for_each_subnode(node, p->fdt, 0) {
			if (prop_is(p->fdt, node, "device_type", "memory")) {
				read_reg_ranges(p, node, ac, sc, hw->ram,
						&hw->nr_ram, CFG_MAX_RAM, "RAM");
			}
		}
		if (hw->nr_ram == 0) {
			problem_at(p, "/", "no RAM: no /memory node with a 'reg'");
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
			problem_at(p, "/", "too many reserved ranges (Tessera handles %u)",
				   CFG_MAX_RESV);
			return;
		}
		hw->resv[hw->nr_resv++] = r;
	}

	node = fdt_path_offset(p->fdt, "/reserved-memory");
	if (node >= 0 && bus_cells(p, node, &ac, &sc) == 0) {
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

/*
 * Report a problem with a node found through another one (a device listed
 * by a VM): on the listing node, naming the device, so the message says
 * which VM it is about. With at == node, simply on the node.
 */
static void __attribute__((format(printf, 4, 5)))
problem_via(struct parser *p, int at, int node, const char *fmt, ...)
{
	char path[128];
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (at == node) {
		problem(p, node, "%s", msg);
	} else {
		node_path(p->fdt, node, path, sizeof(path));
		problem(p, at, "device %s %s", path, msg);
	}
}

/*
 * A node's reg entries as CPU physical addresses: the first max of them go
 * to out, and the count is returned (-1 after a problem, reported on at).
 * Each entry is read with its parent's #address-cells/#size-cells. Buses
 * between the node and the root must map 1:1 (an empty 'ranges'), which
 * holds on QEMU virt and keeps the engine small; translating non-empty
 * ranges is for a later board.
 */
static int node_regs(struct parser *p, int at, int node, struct cfg_range *out,
		     int max)
{
	int parent = fdt_parent_offset(p->fdt, node);
	int ac, sc, len, n;
	const fdt32_t *reg;

	for (int bus = parent; bus > 0; bus = fdt_parent_offset(p->fdt, bus)) {
		char path[128];

		node_path(p->fdt, bus, path, sizeof(path));
		if (!fdt_getprop(p->fdt, bus, "ranges", &len)) {
			problem_via(p, at, node, "is not memory-mapped (its bus %s has no 'ranges')",
				    path);
			return -1;
		}
		if (len != 0) {
			problem_via(p, at, node, "sits behind a bus with address translation (%s 'ranges'), which is not supported yet",
				    path);
			return -1;
		}
	}
	if (parent < 0 || bus_cells(p, parent, &ac, &sc) < 0) {
		return -1;
	}
	reg = fdt_getprop(p->fdt, node, "reg", &len);
	if (!reg || len <= 0 || len % ((ac + sc) * 4) != 0) {
		problem_via(p, at, node, "has a missing or malformed 'reg'");
		return -1;
	}
	n = len / ((ac + sc) * 4);
	for (int i = 0; i < n && i < max; i++) {
		const fdt32_t *e = reg + i * (ac + sc);

		out[i].base = read_cells(e, ac);
		out[i].size = read_cells(e + ac, sc);
	}
	return n;
}

/* The first reg entry of a device (the console), reported on the device. */
static int device_reg(struct parser *p, int node, struct cfg_range *r)
{
	return node_regs(p, node, node, r, 1) < 0 ? -1 : 0;
}

/*
 * The hypervisor's own console: /tessera/stdout (a phandle) when the plan
 * names one, else /chosen/stdout-path (a path or an alias, maybe followed by
 * ":<options>").
 */
static void parse_console(struct parser *p, int tessera)
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
		    (node = fdt_node_offset_by_phandle(p->fdt, fdt32_ld(ph))) < 0) {
			problem(p, tessera, "'stdout' must be a reference to the console node");
			return;
		}
	} else {
		int chosen = fdt_path_offset(p->fdt, "/chosen");
		const char *path = NULL;

		if (chosen >= 0) {
			path = get_string(p->fdt, chosen, "stdout-path", NULL);
			if (!path) {
				path = get_string(p->fdt, chosen, "linux,stdout-path", NULL);
			}
		}
		if (!path) {
			problem_at(p, chosen >= 0 ? "/chosen" : "/",
				   "no console: set /chosen/stdout-path or /tessera/stdout");
			return;
		}
		colon = strchr(path, ':');
		n = colon ? (int)(colon - path) : (int)strlen(path);

		node = fdt_path_offset_namelen(p->fdt, path, n);
		if (node < 0) {
			problem(p, chosen, "stdout-path '%s' names no node", path);
			return;
		}
	}
	p->console = node;
	if (device_reg(p, node, &r) < 0) {
		return;
	}
	hw->uart_base = r.base;
	hw->uart_size = r.size;
	compat = fdt_getprop(p->fdt, node, "compatible", &len);
	if (!compat || len < 1) {
		problem(p, node, "console has no 'compatible'");
		return;
	}
	/* copy_str stops at the first NUL or the buffer end, whichever first. */
	copy_str(hw->uart_compat, len < (int)sizeof(hw->uart_compat) ?
		 (size_t)len : sizeof(hw->uart_compat), compat);
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
		problem_at(p, "/", "no /psci node: Tessera starts CPUs through PSCI");
		return;
	}
	method = get_string(p->fdt, node, "method", NULL);
	if (method && strcmp(method, "smc") == 0) {
		p->plan->hw.psci_smc = 1;
	} else if (!method || strcmp(method, "hvc") != 0) {
		problem(p, node, "'method' must be \"smc\" or \"hvc\"");
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
		problem(p, chosen, "linux,initrd-start/end must both be 1 or 2 cells");
		return;
	}
	hw->initrd_start = read_cells(s, ls / 4);
	hw->initrd_end = read_cells(e, le / 4);
	if (hw->initrd_end < hw->initrd_start) {
		problem(p, chosen, "linux,initrd-end is below linux,initrd-start");
	}
}

/* 3 or 2 for a GIC this engine knows, 0 for any other node. */
static unsigned gic_version_of(const void *fdt, int node)
{
	if (!fdt_getprop(fdt, node, "interrupt-controller", NULL)) {
		return 0;
	}
	if (has_compatible(fdt, node, "arm,gic-v3")) {
		return 3;
	}
	for (const char *const *c = gic_v2_compats; *c; c++) {
		if (has_compatible(fdt, node, *c)) {
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
		node = fdt_node_offset_by_phandle(p->fdt, fdt32_ld(ph));
		if (node >= 0 && !gic_version_of(p->fdt, node)) {
			node = -1;
		}
	}
	if (node < 0) {
		for (node = fdt_next_node(p->fdt, -1, NULL); node >= 0;
		     node = fdt_next_node(p->fdt, node, NULL)) {
			if (gic_version_of(p->fdt, node)) {
				break;
			}
		}
	}
	if (node < 0) {
		problem_at(p, "/", "no GIC interrupt controller (\"arm,gic-v3\", \"arm,gic-400\", \"arm,cortex-a15-gic\" or \"arm,cortex-a7-gic\" with 'interrupt-controller')");
		return;
	}
	hw->gic_version = gic_version_of(p->fdt, node);
	hw->gic_phandle = fdt_get_phandle(p->fdt, node);
	n = node_regs(p, node, node, reg, 4);
	if (n < 0) {
		return;
	}
	hw->gicd = reg[0];
	if (hw->gic_version == 3) {
		if (n < 2) {
			problem(p, node, "a GICv3 needs 'reg' for the distributor and the redistributors");
			return;
		}
		hw->gicr = reg[1];
		return;
	}
	if (n < 2) {
		problem(p, node, "a GICv2 needs 'reg' for the distributor and the CPU interface");
		return;
	}
	hw->gicc = reg[1];
	if (n < 4 || reg[2].size == 0 || reg[3].size == 0) {
		problem(p, node, "the GIC has no virtualization interface (GICH/GICV)");
		return;
	}
	hw->gich = reg[2];
	hw->gicv = reg[3];
}

static void parse_hw(struct parser *p)
{
	const char *model = get_string(p->fdt, 0, "model", NULL);

	if (model) {
		copy_str(p->plan->hw.model, sizeof(p->plan->hw.model), model);
	}
	parse_cpus(p);
	parse_memory(p);
	parse_psci(p);
	parse_chosen(p);
	parse_gic(p);
}

static void check_props(struct parser *p, int node, const char *const *extra)
{
	int prop;

	fdt_for_each_property_offset(prop, p->fdt, node) {
		const char *name;

		if (!fdt_getprop_by_offset(p->fdt, prop, &name, NULL) || !name) {
			continue;
		}
		if (!in_list(name, generic_props) && !in_list(name, extra)) {
			problem(p, node, "unknown property '%s'", name);
		}
	}
}

/* "vm@0 (alpha)", to name another VM in a message. */
static void vm_name(const struct cfg_vm *vm, char *buf, size_t len)
{
	const char *slash = strrchr(vm->path, '/');
	const char *name = slash ? slash + 1 : vm->path;

	if (vm->label[0]) {
		snprintf(buf, len, "%s (%s)", name, vm->label);
	} else {
		snprintf(buf, len, "%s", name);
	}
}

static void parse_label(struct parser *p, int node, struct cfg_vm *vm)
{
	int present;
	const char *label = get_string(p->fdt, node, "label", &present);
	size_t n;

	if (!label) {
		problem(p, node, present ? "'label' must be a string" :
			"missing property 'label'");
		return;
	}
	n = strlen(label);
	if (n == 0 || n >= CFG_LABEL_LEN) {
		problem(p, node, "label must be 1 to %d characters long",
			CFG_LABEL_LEN - 1);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		char c = label[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '-')) {
			problem(p, node, "label '%s' may only hold letters, digits, '_' and '-'",
				label);
			return;
		}
	}
	for (struct cfg_vm *o = p->plan->vm; o < vm; o++) {
		if (strcmp(o->label, label) == 0) {
			char other[VM_NAME_LEN];

			vm_name(o, other, sizeof(other));
			problem(p, node, "label '%s' is already used by %s", label, other);
			return;
		}
	}
	memcpy(vm->label, label, n + 1);
}

/* owner[c] is 1 + the index of the VM holding CPU c, 0 when free. */
static void parse_vm_cpus(struct parser *p, int node, struct cfg_vm *vm,
			  unsigned char *owner)
{
	const struct cfg_hw *hw = &p->plan->hw;
	unsigned self = (unsigned)(vm - p->plan->vm);
	int len;
	const fdt32_t *cells = fdt_getprop(p->fdt, node, "cpus", &len);

	if (!cells) {
		problem(p, node, "missing property 'cpus'");
		return;
	}
	if (len <= 0 || len % 4 != 0 || len / 4 > CFG_MAX_VCPUS) {
		problem(p, node, "'cpus' must list 1 to %d CPU numbers", CFG_MAX_VCPUS);
		return;
	}
	for (int i = 0; i < len / 4; i++) {
		uint32_t cpu = fdt32_ld(&cells[i]);

		if (cpu >= hw->nr_cpus) {
			if (hw->nr_cpus == 0) {
				problem(p, node, "cpu %u does not exist (the board has no CPUs)", cpu);
			} else {
				problem(p, node, "cpu %u does not exist (the board has CPUs 0-%u)",
					cpu, hw->nr_cpus - 1);
			}
			continue;
		}
		if (owner[cpu] == self + 1) {
			problem(p, node, "cpu %u given twice", cpu);
			continue;
		}
		if (owner[cpu]) {
			char a[VM_NAME_LEN], b[VM_NAME_LEN];

			vm_name(&p->plan->vm[owner[cpu] - 1], a, sizeof(a));
			vm_name(vm, b, sizeof(b));
			problem(p, node, "cpu %u given twice: to %s and to %s", cpu, a, b);
			continue;
		}
		owner[cpu] = (unsigned char)(self + 1);
		vm->cpus[vm->nr_vcpus++] = cpu;
	}
}

static int overlaps(uint64_t b1, uint64_t s1, uint64_t b2, uint64_t s2)
{
	/* Inclusive ends, so a range touching the 2^64 boundary still works. */
	return b1 <= b2 + (s2 - 1) && b2 <= b1 + (s1 - 1);
}

/*
 * What every guest finds at fixed IPAs besides its memory: the console and
 * the virtual GIC of the host's GIC version (QEMU virt layout), with one
 * redistributor frame per vCPU.
 */
#define GUEST_WINDOWS 3
static unsigned guest_windows(unsigned gic_version, const struct cfg_vm *vm,
			      struct window *w)
{
	unsigned vcpus = vm->nr_vcpus ? vm->nr_vcpus : 1;

	w[0] = (struct window){ "the guest console",
		{ CFG_GUEST_UART_BASE, CFG_GUEST_UART_SIZE } };
	w[1] = (struct window){ "the guest's virtual GIC distributor",
		{ CFG_GUEST_GICD_BASE, CFG_GUEST_GICD_SIZE } };
	if (gic_version == 2) {
		w[2] = (struct window){ "the guest's virtual GIC CPU interface",
			{ CFG_GUEST_GICC_BASE, CFG_GUEST_GICC_SIZE } };
	} else {
		w[2] = (struct window){ "the guest's virtual GIC redistributors",
			{ CFG_GUEST_GICR_BASE, CFG_GUEST_GICR_STRIDE * vcpus } };
	}
	return GUEST_WINDOWS;
}

static void parse_vm_memory(struct parser *p, int node, struct cfg_vm *vm)
{
	struct window win[GUEST_WINDOWS];
	unsigned nr_win = guest_windows(p->plan->hw.gic_version, vm, win);
	int len;
	const fdt32_t *cells = fdt_getprop(p->fdt, node, "memory", &len);

	if (!cells) {
		problem(p, node, "missing property 'memory'");
		return;
	}
	if (len <= 0 || len % 16 != 0) {
		problem(p, node, "'memory' must be (address, size) pairs of 2 cells each");
		return;
	}
	if (len / 16 > CFG_MAX_MEM) {
		problem(p, node, "too many memory regions (at most %d)", CFG_MAX_MEM);
		return;
	}
	for (int i = 0; i < len / 16; i++) {
		uint64_t base = read_cells(cells + 4 * i, 2);
		uint64_t size = read_cells(cells + 4 * i + 2, 2);
		uint64_t last = base + size - 1;
		int bad = 0;

		if (size == 0) {
			problem(p, node, "memory at 0x%llx has size 0",
				(unsigned long long)base);
			continue;
		}
		if ((base | size) & (SZ_4K - 1)) {
			problem(p, node, "memory 0x%llx size 0x%llx is not 4 KiB aligned",
				(unsigned long long)base, (unsigned long long)size);
			bad = 1;
		}
		if (size > CFG_IPA_LIMIT || base > CFG_IPA_LIMIT - size) {
			problem(p, node, "memory 0x%llx size 0x%llx ends beyond the guest address limit 0x%llx",
				(unsigned long long)base, (unsigned long long)size,
				(unsigned long long)CFG_IPA_LIMIT);
			continue;
		}
		for (unsigned w = 0; w < nr_win; w++) {
			if (overlaps(base, size, win[w].r.base, win[w].r.size)) {
				problem(p, node, "memory 0x%llx-0x%llx overlaps %s at 0x%llx",
					(unsigned long long)base, (unsigned long long)last,
					win[w].what, (unsigned long long)win[w].r.base);
				bad = 1;
			}
		}
		for (unsigned j = 0; j < vm->nr_mem; j++) {
			const struct cfg_range *o = &vm->mem[j];

			if (overlaps(base, size, o->base, o->size)) {
				problem(p, node, "memory given twice: 0x%llx-0x%llx overlaps 0x%llx-0x%llx",
					(unsigned long long)base,
					(unsigned long long)last,
					(unsigned long long)o->base,
					(unsigned long long)(o->base + o->size - 1));
				bad = 1;
				break;
			}
		}
		if (!bad) {
			vm->mem[vm->nr_mem].base = base;
			vm->mem[vm->nr_mem].size = size;
			vm->nr_mem++;
		}
	}
}

/* Its own interrupt-parent, or the nearest ancestor's; 0 if none. */
static uint32_t interrupt_parent(const void *fdt, int node)
{
	for (; node >= 0; node = fdt_parent_offset(fdt, node)) {
		int len;
		const fdt32_t *ph = fdt_getprop(fdt, node, "interrupt-parent", &len);

		if (ph && len == 4) {
			return fdt32_ld(ph);
		}
	}
	return 0;
}

/*
 * Whatever a passthrough range must stay clear of, since it is mapped at
 * IPA = PA: host RAM and reserved ranges, the host GIC, Tessera's console,
 * and, in the guest's own address space, its memory, console and vGIC.
 * Returns the number of windows written (at most MAX_FORBIDDEN).
 */
#define MAX_FORBIDDEN (CFG_MAX_RAM + CFG_MAX_RESV + 5 + 1 + CFG_MAX_MEM + GUEST_WINDOWS)
static unsigned forbidden_windows(const struct cfg_hw *hw, const struct cfg_vm *vm,
				  struct window *w)
{
	const struct window gic[] = {
		{ "the GIC distributor", hw->gicd },
		{ "the GIC redistributors", hw->gicr },
		{ "the GIC CPU interface", hw->gicc },
		{ "the GIC hypervisor interface", hw->gich },
		{ "the GIC virtual CPU interface", hw->gicv },
	};
	unsigned n = 0;

	for (unsigned i = 0; i < hw->nr_ram; i++) {
		w[n++] = (struct window){ "RAM", hw->ram[i] };
	}
	for (unsigned i = 0; i < hw->nr_resv; i++) {
		w[n++] = (struct window){ "reserved memory", hw->resv[i] };
	}
	for (unsigned i = 0; i < sizeof(gic) / sizeof(gic[0]); i++) {
		if (gic[i].r.size) {
			w[n++] = gic[i];
		}
	}
	if (hw->uart_size) {
		w[n++] = (struct window){ "Tessera's console",
			{ hw->uart_base, hw->uart_size } };
	}
	for (unsigned i = 0; i < vm->nr_mem; i++) {
		w[n++] = (struct window){ "the guest's memory", vm->mem[i] };
	}
	return n + guest_windows(hw->gic_version, vm, w + n);
}

/*
 * Add a range to the VM's MMIO table, merging it with ranges it overlaps
 * (two devices in one 4 KiB page), so each page is mapped once.
 */
static int add_mmio(struct cfg_vm *vm, struct cfg_range r)
{
	for (unsigned j = 0; j < vm->nr_mmio;) {
		struct cfg_range *o = &vm->mmio[j];

		if (!overlaps(r.base, r.size, o->base, o->size)) {
			j++;
			continue;
		}
		uint64_t end = r.base + r.size > o->base + o->size ?
			r.base + r.size : o->base + o->size;

		r.base = r.base < o->base ? r.base : o->base;
		r.size = end - r.base;
		for (unsigned k = j + 1; k < vm->nr_mmio; k++) {
			vm->mmio[k - 1] = vm->mmio[k];
		}
		vm->nr_mmio--;
		j = 0;
	}
	if (vm->nr_mmio >= CFG_MAX_MMIO) {
		return -1;
	}
	vm->mmio[vm->nr_mmio++] = r;
	return 0;
}

/* The device's reg ranges, page-rounded and checked, into vm->mmio. */
static void add_device_mmio(struct parser *p, int at, struct cfg_vm *vm, int dev)
{
	const struct cfg_plan *plan = p->plan;
	struct cfg_range reg[CFG_MAX_MMIO];
	struct window win[MAX_FORBIDDEN];
	unsigned nr_win = forbidden_windows(&plan->hw, vm, win);
	int n = node_regs(p, at, dev, reg, CFG_MAX_MMIO);

	if (n > CFG_MAX_MMIO) {
		problem_via(p, at, dev, "has %d 'reg' ranges (Tessera handles %d)",
			    n, CFG_MAX_MMIO);
		return;
	}
	for (int i = 0; i < n; i++) {
		struct cfg_range r = reg[i];
		int bad = 0;

		if (r.size == 0) {
			continue;
		}
		if (r.size > CFG_IPA_LIMIT || r.base > CFG_IPA_LIMIT - r.size) {
			problem_via(p, at, dev, "at 0x%llx ends beyond the guest address limit 0x%llx (devices are mapped at IPA = PA)",
				    (unsigned long long)r.base,
				    (unsigned long long)CFG_IPA_LIMIT);
			continue;
		}
		/* Stage 2 maps whole pages: the rounded range is what the guest gets. */
		r.size = ((r.base + r.size + SZ_4K - 1) & ~(SZ_4K - 1)) - (r.base & ~(SZ_4K - 1));
		r.base &= ~(SZ_4K - 1);
		for (unsigned w = 0; w < nr_win && !bad; w++) {
			if (overlaps(r.base, r.size, win[w].r.base, win[w].r.size)) {
				problem_via(p, at, dev, "overlaps %s at 0x%llx",
					    win[w].what, (unsigned long long)win[w].r.base);
				bad = 1;
			}
		}
		/* Another VM's device in the same page would leak across. */
		for (const struct cfg_vm *o = plan->vm; o < vm && !bad; o++) {
			for (unsigned j = 0; j < o->nr_mmio && !bad; j++) {
				if (overlaps(r.base, r.size, o->mmio[j].base, o->mmio[j].size)) {
					char other[VM_NAME_LEN];

					vm_name(o, other, sizeof(other));
					problem_via(p, at, dev, "shares the page(s) 0x%llx-0x%llx with a device of %s",
						    (unsigned long long)o->mmio[j].base,
						    (unsigned long long)(o->mmio[j].base + o->mmio[j].size - 1),
						    other);
					bad = 1;
				}
			}
		}
		if (!bad && add_mmio(vm, r) < 0) {
			problem(p, at, "too many MMIO ranges (Tessera maps %d per VM)", CFG_MAX_MMIO);
			return;
		}
	}
}

/*
 * The device's interrupts, from 'interrupts' (with an inherited
 * interrupt-parent) or 'interrupts-extended': GIC SPIs only, since a PPI
 * belongs to every CPU. One line shared by two devices of the same VM is
 * kept once; a line of two VMs is refused.
 */
static void add_device_irqs(struct parser *p, int at, struct cfg_vm *vm, int dev)
{
	const struct cfg_hw *hw = &p->plan->hw;
	int len, gic, ncells, ext = 1;
	const fdt32_t *c = fdt_getprop(p->fdt, dev, "interrupts-extended", &len);
	const fdt32_t *cells;
	int stride;

	if (!c) {
		ext = 0;
		c = fdt_getprop(p->fdt, dev, "interrupts", &len);
		if (!c) {
			return;
		}
		if (!hw->gic_phandle || interrupt_parent(p->fdt, dev) != hw->gic_phandle) {
			problem_via(p, at, dev, "has interrupts whose parent is not the GIC");
			return;
		}
	}
	gic = fdt_node_offset_by_phandle(p->fdt, hw->gic_phandle);
	cells = gic >= 0 ? fdt_getprop(p->fdt, gic, "#interrupt-cells", &ncells) : NULL;
	if (!cells || ncells != 4 || fdt32_ld(cells) != GIC_SPEC_CELLS) {
		problem_via(p, at, dev, "has interrupts, but the GIC's #interrupt-cells is not %d",
			    GIC_SPEC_CELLS);
		return;
	}
	stride = GIC_SPEC_CELLS + ext;
	if (len <= 0 || len % (stride * 4) != 0) {
		problem_via(p, at, dev, "has a malformed '%s'",
			    ext ? "interrupts-extended" : "interrupts");
		return;
	}
	for (int i = 0; i < len / (stride * 4); i++) {
		const fdt32_t *spec = c + i * stride + ext;
		uint32_t type = fdt32_ld(&spec[0]), nr = fdt32_ld(&spec[1]);
		uint32_t intid = GIC_SPI_BASE + nr;
		int dup = 0;

		if (ext && fdt32_ld(&c[i * stride]) != hw->gic_phandle) {
			problem_via(p, at, dev, "has interrupts whose parent is not the GIC");
			return;
		}
		if (type == GIC_SPEC_PPI) {
			problem_via(p, at, dev, "uses PPI %u: PPIs cannot be passed through", nr);
			continue;
		}
		if (type != GIC_SPEC_SPI) {
			problem_via(p, at, dev, "uses interrupt type %u: only SPIs (type 0) can be passed through",
				    type);
			continue;
		}
		if (nr > GIC_INTID_MAX - GIC_SPI_BASE) {
			problem_via(p, at, dev, "uses SPI %u, beyond the virtual GIC's SPIs 0-%d",
				    nr, GIC_INTID_MAX - GIC_SPI_BASE);
			continue;
		}
		for (const struct cfg_vm *o = p->plan->vm; o < vm && !dup; o++) {
			for (unsigned j = 0; j < o->nr_irqs && !dup; j++) {
				if (o->irqs[j] == intid) {
					char a[VM_NAME_LEN], b[VM_NAME_LEN];

					vm_name(o, a, sizeof(a));
					vm_name(vm, b, sizeof(b));
					problem_via(p, at, dev, "uses SPI %u = INTID %u, given twice: to %s and to %s",
						    nr, intid, a, b);
					dup = 1;
				}
			}
		}
		for (unsigned j = 0; j < vm->nr_irqs && !dup; j++) {
			dup = vm->irqs[j] == intid;
		}
		if (dup) {
			continue;
		}
		if (vm->nr_irqs >= CFG_MAX_IRQS) {
			problem(p, at, "too many interrupts (Tessera passes %d per VM)", CFG_MAX_IRQS);
			return;
		}
		vm->irqs[vm->nr_irqs++] = intid;
	}
}

/* One entry of 'devices': who else has it, then its MMIO and interrupts. */
static void add_device(struct parser *p, int at, struct cfg_vm *vm, int dev)
{
	for (unsigned j = 0; j < vm->nr_devices; j++) {
		if (vm->device_node[j] == dev) {
			problem_via(p, at, dev, "is given twice");
			return;
		}
	}
	for (const struct cfg_vm *o = p->plan->vm; o < vm; o++) {
		for (unsigned j = 0; j < o->nr_devices; j++) {
			if (o->device_node[j] == dev) {
				char a[VM_NAME_LEN], b[VM_NAME_LEN];

				vm_name(o, a, sizeof(a));
				vm_name(vm, b, sizeof(b));
				problem_via(p, at, dev, "is given twice: to %s and to %s", a, b);
				return;
			}
		}
	}
	if (dev == p->console) {
		problem_via(p, at, dev, "is Tessera's console");
		return;
	}
	/* The GIC and its frames (ITS, v2m) stay Tessera's. */
	for (int n = dev; n >= 0; n = fdt_parent_offset(p->fdt, n)) {
		if (gic_version_of(p->fdt, n)) {
			problem_via(p, at, dev, "is part of the GIC");
			return;
		}
	}
	if (vm->nr_devices >= CFG_MAX_MMIO) {
		problem(p, at, "too many devices (Tessera handles %d per VM)", CFG_MAX_MMIO);
		return;
	}
	if (!fdt_getprop(p->fdt, dev, "reg", NULL) &&
	    !fdt_getprop(p->fdt, dev, "interrupts", NULL) &&
	    !fdt_getprop(p->fdt, dev, "interrupts-extended", NULL)) {
		problem_via(p, at, dev, "has neither 'reg' nor 'interrupts': nothing to pass through");
		return;
	}
	/* Recorded even if refused below, so a second VM listing it is told. */
	vm->device_node[vm->nr_devices++] = dev;
	if (fdt_getprop(p->fdt, dev, "reg", NULL)) {
		add_device_mmio(p, at, vm, dev);
	}
	add_device_irqs(p, at, vm, dev);
}

static void parse_vm_devices(struct parser *p, int node, struct cfg_vm *vm)
{
	int len;
	const fdt32_t *ph = fdt_getprop(p->fdt, node, "devices", &len);

	if (!ph) {
		return;
	}
	if (len <= 0 || len % 4 != 0) {
		problem(p, node, "'devices' must be a list of node references, like <&rtc &{/pl061@9030000}>");
		return;
	}
	for (int i = 0; i < len / 4; i++) {
		uint32_t handle = fdt32_ld(&ph[i]);
		int dev = fdt_node_offset_by_phandle(p->fdt, handle);

		if (dev < 0) {
			problem(p, node, "devices: phandle 0x%x does not resolve to a node", handle);
			continue;
		}
		add_device(p, node, vm, dev);
	}
}

static void parse_vm(struct parser *p, int node, struct cfg_vm *vm,
		     unsigned char *owner)
{
	int present, child;

	node_path(p->fdt, node, vm->path, sizeof(vm->path));
	check_props(p, node, vm_props);
	parse_label(p, node, vm);
	parse_vm_cpus(p, node, vm, owner);
	parse_vm_memory(p, node, vm);

	vm->kernel = get_string(p->fdt, node, "kernel", &present);
	if (!vm->kernel || !vm->kernel[0]) {
		vm->kernel = NULL;
		problem(p, node, present ? "'kernel' must be a file name" :
			"missing property 'kernel'");
	}
	vm->bootargs = get_string(p->fdt, node, "bootargs", &present);
	if (present && !vm->bootargs) {
		problem(p, node, "'bootargs' must be a string");
	}
	vm->initrd = get_string(p->fdt, node, "initrd", &present);
	if (present && (!vm->initrd || !vm->initrd[0])) {
		vm->initrd = NULL;
		problem(p, node, "'initrd' must be a file name");
	}
	parse_vm_devices(p, node, vm);
	fdt_for_each_subnode(child, p->fdt, node) {
		problem(p, child, "unknown node");
	}
}

static uint64_t round_2m(uint64_t size)
{
	return (size + SZ_2M - 1) & ~(SZ_2M - 1);
}

/*
 * Every VM region is backed by 2 MiB blocks of host RAM, and Tessera keeps
 * CFG_HYP_RESERVE for itself; the rest must hold all VMs. Placement itself
 * happens at boot, around reserved ranges, so this is the necessary check.
 */
static void check_fit(struct parser *p)
{
	const struct cfg_plan *plan = p->plan;
	uint64_t ram = 0, need = CFG_HYP_RESERVE, total = 0;
	const struct cfg_vm *culprit = NULL;

	for (unsigned i = 0; i < plan->hw.nr_ram; i++) {
		ram += plan->hw.ram[i].size;
	}
	if (ram == 0) {
		return;         /* already reported as "no RAM" */
	}
	for (unsigned i = 0; i < plan->nr_vms; i++) {
		for (unsigned j = 0; j < plan->vm[i].nr_mem; j++) {
			need += round_2m(plan->vm[i].mem[j].size);
		}
		if (!culprit && need > ram) {
			culprit = &plan->vm[i];
		}
	}
	if (culprit) {
		total = need - CFG_HYP_RESERVE;
		problem_at(p, culprit->path,
			   "memory does not fit in RAM: VMs need %u MiB, the board has %u MiB (Tessera keeps %u MiB)",
			   (unsigned)(total >> MIB_SHIFT), (unsigned)(ram >> MIB_SHIFT),
			   (unsigned)(CFG_HYP_RESERVE >> MIB_SHIFT));
	}
}

static void parse_plan(struct parser *p, int tessera)
{
	struct cfg_plan *plan = p->plan;
	unsigned char owner[CFG_MAX_CPUS] = { 0 };
	int node, other;

	if (!has_compatible(p->fdt, tessera, "tessera,hypervisor")) {
		problem(p, tessera, "compatible must be \"tessera,hypervisor\"");
	}
	/* A second plan elsewhere would be silently ignored: say so. */
	for (other = fdt_node_offset_by_compatible(p->fdt, -1, "tessera,hypervisor");
	     other >= 0;
	     other = fdt_node_offset_by_compatible(p->fdt, other, "tessera,hypervisor")) {
		if (other != tessera) {
			problem(p, other, "a second partition plan: only /tessera is read");
		}
	}
	check_props(p, tessera, tessera_props);

	fdt_for_each_subnode(node, p->fdt, tessera) {
		const char *name = fdt_get_name(p->fdt, node, NULL);

		if (!name || strncmp(name, "vm@", 3) != 0) {
			problem(p, node, "unknown node (expected vm@N with compatible \"tessera,vm\")");
			continue;
		}
		if (!has_compatible(p->fdt, node, "tessera,vm")) {
			problem(p, node, "compatible must be \"tessera,vm\"");
			continue;
		}
		if (plan->nr_vms >= CFG_MAX_VMS) {
			problem(p, node, "too many VMs (Tessera handles %d)", CFG_MAX_VMS);
			continue;
		}
		parse_vm(p, node, &plan->vm[plan->nr_vms++], owner);
	}
	if (plan->nr_vms == 0) {
		problem(p, tessera, "no VMs: add a vm@0 node with compatible \"tessera,vm\"");
		return;
	}
	check_fit(p);
}

int cfg_parse(const void *fdt, size_t fdt_size, struct cfg_plan *plan,
	      cfg_report_fn report, void *ctx)
{
	struct parser p = { fdt, plan, report, ctx, 0, -1 };
	int err, tessera;

	memset(plan, 0, sizeof(*plan));
	/* The header must be readable before libfdt may look at it at all. */
	if (!fdt || fdt_size < sizeof(struct fdt_header)) {
		problem_at(&p, "/", "not a device tree blob: too short");
		return p.problems;
	}
	err = fdt_check_header(fdt);
	if (err == 0 && fdt_totalsize(fdt) > fdt_size) {
		problem_at(&p, "/", "truncated device tree blob: header says %u bytes, got %u",
			   (unsigned)fdt_totalsize(fdt), (unsigned)fdt_size);
		return p.problems;
	}
	if (err == 0) {
		err = fdt_check_full(fdt, fdt_size);
	}
	if (err != 0) {
		problem_at(&p, "/", "malformed device tree blob: %s", fdt_strerror(err));
		return p.problems;
	}

	parse_hw(&p);
	tessera = fdt_path_offset(fdt, "/tessera");
	parse_console(&p, tessera);
	if (tessera < 0) {
		problem_at(&p, "/", "no /tessera partition plan");
		return p.problems;
	}
	parse_plan(&p, tessera);
	return p.problems;
}

int cfg_find_image(const void *pack, size_t pack_size, const char *name,
		   const void **data, size_t *size)
{
	int images, node;
	size_t want = strlen(name) + 1;

	if (!pack || pack_size < CFG_PACK_HDR ||
	    memcmp(pack, CFG_PACK_MAGIC, sizeof(CFG_PACK_MAGIC)) != 0) {
		return -1;
	}
	pack = (const char *)pack + CFG_PACK_HDR;
	pack_size -= CFG_PACK_HDR;
	if ( pack_size < sizeof(struct fdt_header) ||
	    fdt_check_header(pack) != 0 || fdt_totalsize(pack) > pack_size ||
	    fdt_check_full(pack, pack_size) != 0) {
		return -1;
	}
	images = fdt_path_offset(pack, "/images");
	if (images < 0) {
		return -1;
	}
	fdt_for_each_subnode(node, pack, images) {
		int len;
		const char *n = fdt_getprop(pack, node, "image-name", &len);
		const void *d;

		if (!n || len < 0 || (size_t)len != want || memcmp(n, name, want) != 0) {
			continue;
		}
		d = fdt_getprop(pack, node, "data", &len);
		if (!d || len < 0) {
			return -1;
		}
		*data = d;
		*size = (size_t)len;
		return 0;
	}
	return -1;
}

uint64_t cfg_vm_mem_total(const struct cfg_vm *vm)
{
	uint64_t total = 0;

	for (unsigned i = 0; i < vm->nr_mem; i++) {
		total += vm->mem[i].size;
	}
	return total;
}
