/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The configuration engine, part 3: devices handed to VMs (explicitly with
 * 'devices', or as the rich OS's share of the board), their MMIO and SPIs,
 * and the DMA rules that go with them. See config.c for the rules all
 * parts follow.
 */
#include <libfdt.h>
#include <stdio.h>
#include <string.h>

#include <tessera/config_deps.h>

#include "config_priv.h"

/*
 * Whatever a passthrough range's pages must stay clear of, since they are
 * mapped at IPA = PA: host RAM and reserved ranges, the host GIC, and, in
 * the guest's own address space, its memory, console and vGIC. (Tessera's
 * console is checked exactly: a device beside it in its page is trapped.)
 * Returns the number of windows written (at most MAX_FORBIDDEN).
 */
#define MAX_FORBIDDEN (CFG_MAX_RAM + CFG_MAX_RESV + 5 + CFG_MAX_SMMU + CFG_MAX_MEM + GUEST_WINDOWS)
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
	for (unsigned i = 0; i < hw->nr_smmu; i++) {
		w[n++] = (struct window){ "an SMMU (Tessera's)", hw->smmu[i].reg };
	}
	for (unsigned i = 0; i < vm->nr_mem; i++) {
		w[n++] = (struct window){ "the guest's memory", vm->mem[i] };
	}
	return n + cfg_guest_windows(hw->gic_version, vm, w + n);
}

/*
 * Add a range to the VM's MMIO table, merging it with ranges it overlaps
 * (two devices in one 4 KiB page), so each page is mapped once.
 */
static int add_mmio(struct cfg_vm *vm, struct cfg_range r)
{
	for (unsigned j = 0; j < vm->nr_mmio;) {
		struct cfg_range *o = &vm->mmio[j];

		if (!cfg_overlaps(r.base, r.size, o->base, o->size)) {
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

static struct cfg_range page_span(struct cfg_range r)
{
	uint64_t end = (r.base + r.size + SZ_4K - 1) & ~(SZ_4K - 1);

	r.base &= ~(SZ_4K - 1);
	r.size = end - r.base;
	return r;
}

/*
 * The device's reg ranges, checked, into vm->regs (cfg_layout_mmio maps
 * them once every VM's are known). Stage 2 maps whole pages, so a range is
 * checked as its pages against what must never be mapped; against another
 * VM's devices and Tessera's console exactly (sharing a page with them is
 * met by trapping, not mapping). Later VMs have no devices yet while the
 * plan is read in order, so a conflict is reported once, by the second VM;
 * the rich OS comes after all of them.
 */
static int u32_prop(const void *fdt, int node, const char *name, uint32_t dflt)
{
	int len;
	const fdt32_t *v = fdt_getprop(fdt, node, name, &len);

	return (int)(v && len == 4 ? fdt32_ld(v) : dflt);
}

/*
 * A PCIe host bridge's windows (its 'ranges': I/O, 32- and 64-bit memory)
 * as CPU physical ranges, appended to out: the devices behind it are
 * enumerated by the guest, not described, so the windows go with the
 * bridge. Returns how many (the first max written), or -1 (reported).
 */
static int pci_windows(struct parser *p, int at, int dev, struct cfg_range *out, int max)
{
	const struct cfg_index *x = &p->plan->index;
	int len, pac, psc, n = 0;
	int cac = fdt_address_cells(p->fdt, dev), csc = fdt_size_cells(p->fdt, dev);
	const fdt32_t *r = fdt_getprop(p->fdt, dev, "ranges", &len);

	if (!cfg_prop_is(p->fdt, dev, "device_type", "pci") || !r || len == 0) {
		return 0;
	}
	if (cfg_bus_cells(p, cfg_parent(x, p->fdt, dev), &pac, &psc) < 0) {
		return -1;
	}
	if (cac != 3 || csc < 1 || csc > 2 || len % ((cac + pac + csc) * 4)) {
		cfg_problem_via(p, at, dev, "has a malformed 'ranges' for a PCI host bridge");
		return -1;
	}
	for (int i = 0; i < len / ((cac + pac + csc) * 4); i++) {
		const fdt32_t *e = r + i * (cac + pac + csc);
		uint64_t base = cfg_read_cells(e + cac, pac), size = cfg_read_cells(e + cac + pac, csc);
		int bus;

		if (size && cfg_translate(x, p->fdt, dev, &base, size, &bus)) {
			cfg_problem_via(p, at, dev, "its window at 0x%llx is outside its bus's 'ranges'",
					(unsigned long long)cfg_read_cells(e + cac, pac));
			return -1;
		}
		if (n < max) {
			out[n] = (struct cfg_range){ base, size };
		}
		n++;
	}
	return n;
}

static void add_device_mmio(struct parser *p, int at, struct cfg_vm *vm, int dev)
{
	const struct cfg_plan *plan = p->plan;
	const struct cfg_hw *hw = &plan->hw;
	struct cfg_range reg[CFG_MAX_MMIO];
	struct window win[MAX_FORBIDDEN];
	unsigned nr_win = forbidden_windows(hw, vm, win);
	int n = cfg_node_regs(p, at, dev, reg, CFG_MAX_MMIO);

	if (n >= 0 && n <= CFG_MAX_MMIO) {
		int w = pci_windows(p, at, dev, reg + n, CFG_MAX_MMIO - n);

		n = w < 0 ? -1 : n + w;
	}

	if (n > CFG_MAX_MMIO) {
		cfg_problem_via(p, at, dev, "has %d 'reg' ranges (Tessera handles %d)",
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
			cfg_problem_via(p, at, dev, "at 0x%llx ends beyond the guest address limit 0x%llx (devices are mapped at IPA = PA)",
				    (unsigned long long)r.base,
				    (unsigned long long)CFG_IPA_LIMIT);
			continue;
		}
		struct cfg_range pages = page_span(r);

		for (unsigned w = 0; w < nr_win && !bad; w++) {
			if (cfg_overlaps(pages.base, pages.size, win[w].r.base, win[w].r.size)) {
				cfg_problem_via(p, at, dev, "overlaps %s at 0x%llx",
					    win[w].what, (unsigned long long)win[w].r.base);
				bad = 1;
			}
		}
		if (!bad && hw->uart_size && cfg_overlaps(r.base, r.size, hw->uart_base, hw->uart_size)) {
			cfg_problem_via(p, at, dev, "overlaps Tessera's console at 0x%llx",
					(unsigned long long)hw->uart_base);
			bad = 1;
		}
		for (const struct cfg_vm *o = plan->vm; o < plan->vm + plan->nr_vms && !bad; o++) {
			for (unsigned j = 0; o != vm && j < o->nr_regs && !bad; j++) {
				if (cfg_overlaps(r.base, r.size, o->regs[j].base, o->regs[j].size)) {
					char other[VM_NAME_LEN];

					cfg_vm_name(o, other, sizeof(other));
					cfg_problem_via(p, at, dev, "overlaps 0x%llx-0x%llx, a device of %s",
						    (unsigned long long)o->regs[j].base,
						    (unsigned long long)(o->regs[j].base + o->regs[j].size - 1),
						    other);
					bad = 1;
				}
			}
		}
		if (bad) {
			continue;
		}
		if (vm->nr_regs >= CFG_MAX_MMIO) {
			cfg_problem(p, at, "too many MMIO ranges (Tessera maps %d per VM)", CFG_MAX_MMIO);
			return;
		}
		vm->regs[vm->nr_regs++] = r;
	}
}

/* Does any page of r hold registers of another VM's device or Tessera's console? */
static int page_shared(const struct cfg_plan *plan, const struct cfg_vm *vm, struct cfg_range r)
{
	struct cfg_range pages = page_span(r);

	if (plan->hw.uart_size &&
	    cfg_overlaps(pages.base, pages.size, plan->hw.uart_base, plan->hw.uart_size)) {
		return 1;
	}
	for (const struct cfg_vm *o = plan->vm; o < plan->vm + plan->nr_vms; o++) {
		for (unsigned j = 0; o != vm && j < o->nr_regs; j++) {
			if (cfg_overlaps(pages.base, pages.size, o->regs[j].base, o->regs[j].size)) {
				return 1;
			}
		}
	}
	return 0;
}

void cfg_layout_mmio(struct parser *p)
{
	struct cfg_plan *plan = p->plan;

	for (unsigned i = 0; i < plan->nr_vms; i++) {
		struct cfg_vm *vm = &plan->vm[i];

		/* Its console takes SPI 1, unless a device of its is wired there
		 * (an Allwinner UART1): then the highest SPI it has free. */
		for (unsigned k = 0; k < vm->nr_irqs && !vm->console_intid; k++) {
			if (vm->irqs[k] == GUEST_UART_INTID) {
				vm->console_intid = GIC_INTID_MAX;
			}
		}
		for (unsigned k = 0; vm->console_intid && k < vm->nr_irqs; k++) {
			if (vm->irqs[k] == vm->console_intid) {
				vm->console_intid--;
				k = (unsigned)-1; /* and look again */
			}
		}

		for (unsigned k = 0; k < vm->nr_regs; k++) {
			if (!page_shared(plan, vm, vm->regs[k])) {
				if (add_mmio(vm, page_span(vm->regs[k])) < 0) {
					cfg_problem(p, p->vm_node[i], "too many MMIO ranges (Tessera maps %d per VM)",
						    CFG_MAX_MMIO);
					break;
				}
			} else if (vm->nr_trap < CFG_MAX_TRAP) {
				vm->trap[vm->nr_trap++] = vm->regs[k];
			} else {
				cfg_problem(p, p->vm_node[i], "more than %d device ranges share a page with another VM's or Tessera's: Tessera traps %d per VM",
					    CFG_MAX_TRAP, CFG_MAX_TRAP);
				break;
			}
		}
	}
}

/* One GIC SPI of a device: kept once per VM, refused when another VM has it. */
static void add_spi(struct parser *p, int at, struct cfg_vm *vm, int dev, uint32_t type,
		    uint32_t nr)
{
	uint32_t intid = GIC_SPI_BASE + nr;

	if (type == GIC_SPEC_PPI) {
		cfg_problem_via(p, at, dev, "uses PPI %u: PPIs cannot be passed through", nr);
		return;
	}
	if (type != GIC_SPEC_SPI) {
		cfg_problem_via(p, at, dev, "uses interrupt type %u: only SPIs (type 0) can be passed through",
				type);
		return;
	}
	if (nr > GIC_INTID_MAX - GIC_SPI_BASE) {
		cfg_problem_via(p, at, dev, "uses SPI %u, beyond the virtual GIC's SPIs 0-%d",
				nr, GIC_INTID_MAX - GIC_SPI_BASE);
		return;
	}
	for (const struct cfg_vm *o = p->plan->vm; o < p->plan->vm + p->plan->nr_vms; o++) {
		for (unsigned j = 0; o != vm && j < o->nr_irqs; j++) {
			if (o->irqs[j] == intid) {
				char a[VM_NAME_LEN], b[VM_NAME_LEN];

				cfg_vm_name(o, a, sizeof(a));
				cfg_vm_name(vm, b, sizeof(b));
				cfg_problem_via(p, at, dev, "uses SPI %u = INTID %u, given twice: to %s and to %s",
						nr, intid, a, b);
				return;
			}
		}
	}
	for (unsigned j = 0; j < vm->nr_irqs; j++) {
		if (vm->irqs[j] == intid) {
			return;
		}
	}
	if (vm->nr_irqs >= CFG_MAX_IRQS) {
		cfg_problem(p, at, "too many interrupts (Tessera passes %d per VM)", CFG_MAX_IRQS);
		return;
	}
	vm->irqs[vm->nr_irqs++] = intid;
}

/*
 * The device's interrupts, from 'interrupts' (with its own or an inherited
 * interrupt-parent) or 'interrupts-extended': those the GIC takes are
 * passed through, SPIs only (a PPI belongs to every CPU). An interrupt
 * parent that is not the GIC (a GPIO controller) is a provider like any
 * other: config_deps.c sees that it is the VM's too, and the guest gets
 * that controller's own SPI with it.
 */
/*
 * A PCIe host bridge's INTx lines: the SPIs its interrupt-map entries name
 * on the GIC (child unit address and interrupt, parent phandle, parent
 * unit address and interrupt).
 */
static void add_irq_map(struct parser *p, int at, struct cfg_vm *vm, int dev, int gic)
{
	int len;
	const fdt32_t *m = fdt_getprop(p->fdt, dev, "interrupt-map", &len);
	int child = fdt_address_cells(p->fdt, dev) + u32_prop(p->fdt, dev, "#interrupt-cells", 1);

	for (int i = child; m && len % 4 == 0 && i < len / 4;) {
		int parent = cfg_node_of(&p->plan->index, p->fdt, fdt32_ld(&m[i]));
		int pac = parent >= 0 ? u32_prop(p->fdt, parent, "#address-cells", 0) : 0;
		int pic = parent >= 0 ? u32_prop(p->fdt, parent, "#interrupt-cells", 0) : 0;

		if (parent < 0 || pic <= 0 || pac < 0 || i + 1 + pac + pic > len / 4 ||
		    (parent == gic && pic != GIC_SPEC_CELLS)) {
			cfg_problem_via(p, at, dev, "has a malformed 'interrupt-map'");
			return;
		}
		if (parent == gic) {
			add_spi(p, at, vm, dev, fdt32_ld(&m[i + 1 + pac]), fdt32_ld(&m[i + 2 + pac]));
		}
		i += 1 + pac + pic + child;
	}
}

static void add_device_irqs(struct parser *p, int at, struct cfg_vm *vm, int dev)
{
	const struct cfg_hw *hw = &p->plan->hw;
	const struct cfg_index *x = &p->plan->index;
	int gic = hw->gic_phandle ? cfg_node_of(x, p->fdt, hw->gic_phandle) : -1;
	int len, ext = 1;
	const fdt32_t *c = fdt_getprop(p->fdt, dev, "interrupts-extended", &len);

	add_irq_map(p, at, vm, dev, gic);
	if (!c) {
		ext = 0;
		c = fdt_getprop(p->fdt, dev, "interrupts", &len);
		if (!c || cfg_irq_parent(x, p->fdt, dev) != gic) {
			return;
		}
	}
	if (len <= 0 || len % 4) {
		cfg_problem_via(p, at, dev, "has a malformed '%s'",
				ext ? "interrupts-extended" : "interrupts");
		return;
	}
	for (int i = 0; i < len / 4;) {
		int parent = ext ? cfg_node_of(x, p->fdt, fdt32_ld(&c[i++])) : gic;
		int cl;
		const fdt32_t *cells = parent >= 0 ?
			fdt_getprop(p->fdt, parent, "#interrupt-cells", &cl) : NULL;
		uint32_t n = cells && cl == 4 ? fdt32_ld(cells) : 0;

		if (!cells || cl != 4 || n == 0 || (unsigned)(len / 4 - i) < n) {
			cfg_problem_via(p, at, dev, "has a malformed '%s'",
					ext ? "interrupts-extended" : "interrupts");
			return;
		}
		if (parent == gic && n != GIC_SPEC_CELLS) {
			cfg_problem_via(p, at, dev, "has interrupts, but the GIC's #interrupt-cells is not %d",
					GIC_SPEC_CELLS);
			return;
		}
		if (parent == gic) {
			add_spi(p, at, vm, dev, fdt32_ld(&c[i]), fdt32_ld(&c[i + 1]));
		}
		i += (int)n;
	}
}

/* One entry of 'devices': who else has it, then its MMIO and interrupts. */
static void add_device(struct parser *p, int at, struct cfg_vm *vm, int dev)
{
	const char *name;

	for (unsigned j = 0; j < vm->nr_devices; j++) {
		if (vm->device_node[j] == dev) {
			cfg_problem_via(p, at, dev, "is given twice");
			return;
		}
	}
	for (const struct cfg_vm *o = p->plan->vm; o < p->plan->vm + p->plan->nr_vms; o++) {
		for (unsigned j = 0; o != vm && j < o->nr_devices; j++) {
			if (o->device_node[j] == dev) {
				char a[VM_NAME_LEN], b[VM_NAME_LEN];

				cfg_vm_name(o, a, sizeof(a));
				cfg_vm_name(vm, b, sizeof(b));
				cfg_problem_via(p, at, dev, "is given twice: to %s and to %s", a, b);
				return;
			}
		}
	}
	if (dev == p->console) {
		cfg_problem_via(p, at, dev, "is Tessera's console");
		return;
	}
	/* dtc never writes one, and the guest DT finds its copy by path
	 * (tests/fuzz/crashes/slash-in-name.b64). */
	name = fdt_get_name(p->fdt, dev, NULL);
	if (!name || strchr(name, '/')) {
		cfg_problem_via(p, at, dev, "has a '/' in its node name");
		return;
	}
	/* The GIC and its frames (ITS, v2m) stay Tessera's. */
	for (int n = dev; n >= 0; n = cfg_parent(&p->plan->index, p->fdt, n)) {
		if (cfg_gic_version_of(p->fdt, n)) {
			cfg_problem_via(p, at, dev, "is part of the GIC");
			return;
		}
	}
	if (vm->nr_devices >= CFG_MAX_MMIO) {
		cfg_problem(p, at, "too many devices (Tessera handles %d per VM)", CFG_MAX_MMIO);
		return;
	}
	if (!fdt_getprop(p->fdt, dev, "reg", NULL) &&
	    !fdt_getprop(p->fdt, dev, "interrupts", NULL) &&
	    !fdt_getprop(p->fdt, dev, "interrupts-extended", NULL)) {
		cfg_problem_via(p, at, dev, "has neither 'reg' nor 'interrupts': nothing to pass through");
		return;
	}
	/* Recorded even if refused below, so a second VM listing it is told. */
	vm->device_node[vm->nr_devices++] = dev;
	if (fdt_getprop(p->fdt, dev, "reg", NULL)) {
		add_device_mmio(p, at, vm, dev);
	}
	add_device_irqs(p, at, vm, dev);
	cfg_device_streams(p, at, vm, dev);
}

void cfg_parse_vm_devices(struct parser *p, int node, struct cfg_vm *vm)
{
	int len;
	const fdt32_t *ph = fdt_getprop(p->fdt, node, "devices", &len);

	if (!ph) {
		return;
	}
	if (len <= 0 || len % 4 != 0) {
		cfg_problem(p, node, "'devices' must be a list of node references, like <&rtc &{/pl061@9030000}>");
		return;
	}
	for (int i = 0; i < len / 4; i++) {
		uint32_t handle = fdt32_ld(&ph[i]);
		int dev = cfg_node_of(&p->plan->index, p->fdt, handle);

		if (dev < 0) {
			cfg_problem(p, node, "devices: phandle 0x%x does not resolve to a node", handle);
			continue;
		}
		add_device(p, node, vm, dev);
	}
}


/*
 * The rich OS (DESIGN.md section 4, "everything else goes to this VM").
 * Top-level nodes that are never devices, by name without unit address.
 */
static const char *const not_devices[] = {
	"cpus", "memory", "chosen", "psci", "timer", "aliases",
	"reserved-memory", "tessera", NULL,
};

/* "memory@40000000" is a "memory". */
static int in_names(const char *name)
{
	for (const char *const *b = not_devices; name && *b; b++) {
		size_t n = strlen(*b);

		if (strncmp(name, *b, n) == 0 && (name[n] == '\0' || name[n] == '@')) {
			return 1;
		}
	}
	return 0;
}

/* Is node, or a node above it, listed in the VM's rich-os-exclude? */
static int excluded(const struct cfg_index *x, const void *fdt, int vm_node, int node)
{
	int len;
	const fdt32_t *ph = fdt_getprop(fdt, vm_node, "rich-os-exclude", &len);

	for (int i = 0; ph && i < len / 4; i++) {
		if (cfg_inside(x, fdt, node, cfg_node_of(x, fdt, fdt32_ld(&ph[i])))) {
			return 1;
		}
	}
	return 0;
}

static int given_to_a_vm(const struct cfg_plan *plan, int node)
{
	for (unsigned i = 0; i < plan->nr_vms; i++) {
		for (unsigned j = 0; j < plan->vm[i].nr_devices; j++) {
			if (plan->vm[i].device_node[j] == node) {
				return 1;
			}
		}
	}
	return 0;
}

/*
 * Would the rich OS get this node? A device of the board: a node with
 * 'reg' in CPU address space (through its buses' 'ranges') outside RAM,
 * enabled, not a CPU, memory or firmware node, not Tessera's console, the
 * GIC or an IOMMU (Tessera's to program), not given to a VM already, not
 * excluded. Quiet: anything else is simply not a candidate.
 */
static int rich_candidate(struct parser *p, int vm_node, int node)
{
	const void *fdt = p->fdt;
	const struct cfg_hw *hw = &p->plan->hw;
	const struct cfg_index *x = &p->plan->index;
	int parent = cfg_parent(x, fdt, node), top = node, ac, sc, len;
	const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);
	int any = 0;

	if (!reg || parent < 0 || node == p->console ||
	    fdt_getprop(fdt, node, "#iommu-cells", NULL) ||
	    cfg_prop_is(fdt, node, "device_type", "memory") ||
	    cfg_prop_is(fdt, node, "device_type", "cpu")) {
		return 0;
	}
	for (int n = node; n > 0; n = cfg_parent(x, fdt, n)) {
		if (!cfg_status_okay(fdt, n) || cfg_gic_version_of(fdt, n)) {
			return 0;
		}
		top = n;
	}
	if (in_names(fdt_get_name(fdt, top, NULL)) || given_to_a_vm(p->plan, node) ||
	    excluded(x, fdt, vm_node, node)) {
		return 0;
	}
	ac = fdt_address_cells(fdt, parent);
	sc = fdt_size_cells(fdt, parent);
	if (ac < 1 || ac > 2 || sc < 1 || sc > 2 || len <= 0 || len % ((ac + sc) * 4) != 0) {
		return 0;
	}
	for (int i = 0; i < len / ((ac + sc) * 4); i++) {
		const fdt32_t *e = reg + i * (ac + sc);
		uint64_t base = cfg_read_cells(e, ac), size = cfg_read_cells(e + ac, sc);
		int bus;

		if (size == 0) {
			continue;
		}
		if (cfg_translate(x, fdt, node, &base, size, &bus)) {
			return 0;       /* not memory-mapped (an I2C device, a PHY) */
		}
		for (unsigned r = 0; r < hw->nr_ram; r++) {
			if (cfg_overlaps(base, size, hw->ram[r].base, hw->ram[r].size)) {
				return 0;       /* RAM (an SRAM carve-out, a framebuffer) */
			}
		}
		any = 1;
	}
	return any;
}

void cfg_rich_os(struct parser *p)
{
	struct cfg_plan *plan = p->plan;
	struct cfg_vm *vm = NULL;
	int vm_node = -1, len, node;
	const fdt32_t *ph;

	for (unsigned i = 0; i < plan->nr_vms; i++) {
		if (plan->vm[i].rich_os) {
			vm = &plan->vm[i];
			vm_node = p->vm_node[i];
			p->rich_vm = (int)i;
		}
	}
	if (!vm) {
		return;
	}
	ph = fdt_getprop(p->fdt, vm_node, "rich-os-exclude", &len);
	if (ph && (len <= 0 || len % 4 != 0)) {
		cfg_problem(p, vm_node, "'rich-os-exclude' must be a list of node references, like <&{/virtio_mmio@a000000}>");
	}
	for (int i = 0; ph && len % 4 == 0 && i < len / 4; i++) {
		if (cfg_node_of(&plan->index, p->fdt, fdt32_ld(&ph[i])) < 0) {
			cfg_problem(p, vm_node, "rich-os-exclude: phandle 0x%x does not resolve to a node",
				    fdt32_ld(&ph[i]));
		}
	}
	p->rich_from = vm->nr_devices;
	p->hint = " (given by rich-os: leave it out with rich-os-exclude)";
	for (node = fdt_next_node(p->fdt, 0, NULL); node >= 0;
	     node = fdt_next_node(p->fdt, node, NULL)) {
		if (!rich_candidate(p, vm_node, node)) {
			continue;
		}
		if (vm->nr_devices >= CFG_MAX_MMIO) {
			cfg_problem(p, vm_node, "rich-os: more than %d devices (Tessera handles %d per VM): leave some out with rich-os-exclude",
				    CFG_MAX_MMIO, CFG_MAX_MMIO);
			break;
		}
		add_device(p, vm_node, vm, node);
	}
	p->hint = NULL;
}

/*
 * Bus masters known by compatible, for nodes that do not say dma-coherent
 * or name an IOMMU: generic ones, and the Ethernet, SD/MMC, USB and DMA
 * engines of the SoCs Tessera has boards for (ZynqMP, Allwinner).
 */
static const char *const dma_compats[] = {
	"virtio,mmio", "arm,pl330", "arm,pl080", "arm,pl081", "generic-ahci",
	"generic-xhci", "generic-ehci", "generic-ohci", "snps,dwc3", "snps,dwmac",
	"pci-host-ecam-generic", "cdns,gem", "cdns,macb", "arasan,sdhci-8.9a",
	"snps,dw-mshc", "snps,dwc2", "xlnx,zynqmp-dma-1.0", "xlnx,zynqmp-dwc3",
	"allwinner,sun8i-h3-emac", "allwinner,sun8i-a83t-emac", "allwinner,sun7i-a20-mmc",
	"allwinner,sun8i-a83t-emmc", "allwinner,sun50i-a64-mmc", "allwinner,sun8i-h3-dma",
	"allwinner,sun6i-a31-dma", "allwinner,sun4i-a10-dma", NULL,
};

/* Can the device master the bus? Then why, into why[], for the message. */
static int dma_capable(const struct cfg_index *x, const void *fdt, int node, char *why,
		       size_t len)
{
	/*
	 * Its own word, then its compatible. A bus's dma-ranges or dma-coherent
	 * say how the masters on it reach memory, not which devices master it:
	 * a SoC's /soc carries them over every UART and timer too.
	 */
	(void)x;
	if (fdt_getprop(fdt, node, "dma-coherent", NULL)) {
		snprintf(why, len, "'dma-coherent'");
		return 1;
	}
	for (const char *const *c = dma_compats; *c; c++) {
		if (cfg_has_compatible(fdt, node, *c)) {
			snprintf(why, len, "compatible \"%s\"", *c);
			return 1;
		}
	}
	return 0;
}

/*
 * Why an IOMMU the device names (iommus, or a host bridge's iommu-map)
 * protects nothing: it is disabled, or not an SMMUv3 (which Tessera
 * programs: then the device has streams bound, cfg_streams_of).
 */
static void iommu_why(const struct cfg_index *x, const void *fdt, int dev, char *why, size_t len)
{
	int plen;
	const fdt32_t *ph = fdt_getprop(fdt, dev, "iommus", &plen);
	int iommu;
	char path[MSG_PATH_LEN];

	if (!ph) {
		ph = fdt_getprop(fdt, dev, "iommu-map", &plen);
		ph = ph && plen >= 8 ? ph + 1 : NULL;
	}
	iommu = ph && plen >= 4 ? cfg_node_of(x, fdt, fdt32_ld(ph)) : -1;
	if (iommu < 0) {
		snprintf(why, len, "its IOMMU reference names no node");
		return;
	}
	cfg_node_path(fdt, iommu, path, sizeof(path));
	snprintf(why, len, "its IOMMU %s %s", path,
		 cfg_status_okay(fdt, iommu) ? "is not one Tessera programs" : "is disabled");
}

/*
 * A bus master without an IOMMU Tessera programs reaches all of host
 * memory: refused unless the VM's memory is identity-mapped (so the
 * addresses it programs are right) and the plan says it accepts the risk.
 * A device that names an IOMMU is a bus master, whatever else it says;
 * one whose streams Tessera binds (an SMMUv3's) reaches its VM's memory
 * only, wherever that is.
 */
void cfg_check_dma(struct parser *p)
{
	const struct cfg_plan *plan = p->plan;

	for (unsigned i = 0; i < plan->nr_vms; i++) {
		const struct cfg_vm *vm = &plan->vm[i];

		if (vm->identity && vm->dma_unsafe) {
			continue;
		}
		for (unsigned d = 0; d < vm->nr_devices; d++) {
			int dev = vm->device_node[d];
			char why[MSG_PATH_LEN + 48];
			int behind = fdt_getprop(p->fdt, dev, "iommus", NULL) ||
				     fdt_getprop(p->fdt, dev, "iommu-map", NULL);

			if (behind && cfg_streams_of(vm, dev)) {
				continue;
			}
			if (behind) {
				iommu_why(&plan->index, p->fdt, dev, why, sizeof(why));
			} else if (!dma_capable(&plan->index, p->fdt, dev, why, sizeof(why))) {
				continue;
			}
			p->hint = (int)i == p->rich_vm && d >= p->rich_from ?
				" (given by rich-os: leave it out with rich-os-exclude)" : NULL;
			cfg_problem_via(p, p->vm_node[i], dev,
					"is a DMA-capable device %s (%s): the VM could read any memory; map it identity (identity-map) and mark it unsafe (dma-unsafe) to accept",
					behind ? "behind an IOMMU that protects nothing" :
						 "without an IOMMU", why);
			p->hint = NULL;
		}
	}
}

/*
 * Identity-mapped memory sits at host PA = IPA, so what can be known at
 * build time is checked here: each region (rounded up to 2 MiB, as it is
 * claimed) inside one RAM range, clear of the RAM Tessera is loaded into
 * (the first CFG_HYP_RESERVE of the first RAM range), reserved ranges, the
 * initrd (at boot: the image pack) and the other identity VMs. Tessera's
 * own device tree and image pack are checked when it claims the pages.
 */
void cfg_check_identity(struct parser *p)
{
	const struct cfg_plan *plan = p->plan;
	const struct cfg_hw *hw = &plan->hw;

	for (unsigned i = 0; i < plan->nr_vms; i++) {
		const struct cfg_vm *vm = &plan->vm[i];

		for (unsigned m = 0; vm->identity && m < vm->nr_mem; m++) {
			uint64_t base = vm->mem[m].base, size = cfg_round_2m(vm->mem[m].size);
			uint64_t last = base + size - 1;
			struct window win[2 + CFG_MAX_RESV];
			unsigned nr = 0, inside = 0;

			for (unsigned r = 0; r < hw->nr_ram; r++) {
				const struct cfg_range *ram = &hw->ram[r];

				inside |= base >= ram->base && last <= ram->base + (ram->size - 1);
			}
			if (!inside) {
				cfg_problem(p, p->vm_node[i], "identity-map: memory 0x%llx-0x%llx is not inside the board's RAM (it sits at host PA = IPA, in 2 MiB blocks)",
					    (unsigned long long)base, (unsigned long long)last);
				continue;
			}
			if (hw->nr_ram) {
				win[nr++] = (struct window){ "the RAM Tessera is loaded into",
					{ hw->ram[0].base, CFG_HYP_RESERVE } };
			}
			if (hw->initrd_end > hw->initrd_start) {
				win[nr++] = (struct window){ "the initrd (Tessera's image pack)",
					{ hw->initrd_start, hw->initrd_end - hw->initrd_start } };
			}
			for (unsigned r = 0; r < hw->nr_resv; r++) {
				win[nr++] = (struct window){ "reserved memory", hw->resv[r] };
			}
			for (unsigned w = 0; w < nr; w++) {
				if (cfg_overlaps(base, size, win[w].r.base, win[w].r.size)) {
					cfg_problem(p, p->vm_node[i], "identity-map: memory 0x%llx-0x%llx overlaps %s at 0x%llx",
						    (unsigned long long)base, (unsigned long long)last,
						    win[w].what, (unsigned long long)win[w].r.base);
				}
			}
			for (const struct cfg_vm *o = plan->vm; o < vm; o++) {
				for (unsigned j = 0; o->identity && j < o->nr_mem; j++) {
					uint64_t ob = o->mem[j].base, os = cfg_round_2m(o->mem[j].size);

					if (cfg_overlaps(base, size, ob, os)) {
						char other[VM_NAME_LEN];

						cfg_vm_name(o, other, sizeof(other));
						cfg_problem(p, p->vm_node[i], "identity-map: memory 0x%llx-0x%llx overlaps the identity-mapped memory of %s at 0x%llx",
							    (unsigned long long)base, (unsigned long long)last,
							    other, (unsigned long long)ob);
					}
				}
			}
		}
	}
}
