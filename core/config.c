/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The configuration engine: reads the hardware description and the /tessera
 * partition plan from the board DT and checks the plan against the hardware.
 *
 * This file has the shared helpers, the plan and its VMs, the RAM fit and
 * the entry points; config_hw.c reads the board, config_dev.c the devices
 * (explicit, rich OS, DMA, identity maps), config_shmem.c shared memory.
 *
 * The same files are linked into the hypervisor (freestanding, boot time) and
 * into the host tool tcheck and the unit tests (build time), so they use only
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

#include "config_priv.h"

/* Properties that may sit on any node of the plan without meaning anything. */
static const char *const generic_props[] = {
	"compatible", "#address-cells", "#size-cells", "phandle",
	"linux,phandle", "name", NULL,
};
static const char *const tessera_props[] = { "stdout", "test-console-baud", NULL };
static const char *const vm_props[] = {
	"label", "cpus", "memory", "kernel", "bootargs", "initrd", "devices",
	"rich-os", "rich-os-exclude", "identity-map", "dma-unsafe", "on-fault",
	"boot-configured", "rich-os-provides", NULL,
};

void
cfg_problem_at(struct parser *p, const char *path, const char *fmt, ...)
{
	char msg[MSG_LEN];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	p->problems++;
	if (p->report) {
		p->report(p->ctx, path, msg);
	}
}

void cfg_node_path(const void *fdt, int node, char *buf, int len)
{
	/* A path too deep for the buffer still deserves a message. */
	if (fdt_get_path(fdt, node, buf, len) < 0) {
		snprintf(buf, (size_t)len, "(node at offset %d)", node);
	}
}

void
cfg_problem(struct parser *p, int node, const char *fmt, ...)
{
	char path[MSG_PATH_LEN];
	char msg[MSG_LEN];
	va_list ap;

	cfg_node_path(p->fdt, node, path, sizeof(path));
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	cfg_problem_at(p, path, "%s", msg);
}

/* Big-endian cells, loaded bytewise: blobs are only 4-byte aligned inside. */
uint64_t cfg_read_cells(const fdt32_t *cell, int n)
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
const char *cfg_get_string(const void *fdt, int node, const char *name,
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

int cfg_prop_is(const void *fdt, int node, const char *name,
		   const char *value)
{
	const char *s = cfg_get_string(fdt, node, name, NULL);

	return s && strcmp(s, value) == 0;
}

int cfg_has_compatible(const void *fdt, int node, const char *compat)
{
	int len;
	const char *list = fdt_getprop(fdt, node, "compatible", &len);

	return list && fdt_stringlist_contains(list, len, compat);
}

int cfg_get_flag(struct parser *p, int node, const char *name)
{
	int len;

	if (!fdt_getprop(p->fdt, node, name, &len)) {
		return 0;
	}
	if (len != 0) {
		cfg_problem(p, node, "'%s' takes no value (write '%s;')", name, name);
	}
	return 1;
}

int cfg_get_u32(struct parser *p, int node, const char *name, uint32_t *v)
{
	int len;
	const fdt32_t *c = fdt_getprop(p->fdt, node, name, &len);

	if (!c || len != 4) {
		cfg_problem(p, node, "'%s' must be one cell", name);
		return -1;
	}
	*v = fdt32_ld(c);
	return 0;
}

int cfg_get_u64(struct parser *p, int node, const char *name, uint64_t *v)
{
	int len;
	const fdt32_t *c = fdt_getprop(p->fdt, node, name, &len);

	if (!c || (len != 4 && len != 8)) {
		cfg_problem(p, node, "'%s' must be one number of 1 or 2 cells", name);
		return -1;
	}
	*v = cfg_read_cells(c, len / 4);
	return 0;
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
int cfg_bus_cells(struct parser *p, int bus, int *ac, int *sc)
{
	*ac = fdt_address_cells(p->fdt, bus);
	*sc = fdt_size_cells(p->fdt, bus);
	if (*ac < 1 || *ac > 2 || *sc < 1 || *sc > 2) {
		cfg_problem(p, bus, "#address-cells and #size-cells must be 1 or 2");
		return -1;
	}
	return 0;
}

/*
 * Report a problem with a node found through another one (a device listed
 * by a VM): on the listing node, naming the device, so the message says
 * which VM it is about. With at == node, simply on the node.
 */
void
cfg_problem_via(struct parser *p, int at, int node, const char *fmt, ...)
{
	char path[MSG_PATH_LEN];
	char msg[MSG_LEN];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (at == node) {
		cfg_problem(p, node, "%s", msg);
	} else {
		cfg_node_path(p->fdt, node, path, sizeof(path));
		cfg_problem(p, at, "device %s %s%s", path, msg, p->hint ? p->hint : "");
	}
}

int cfg_status_okay(const void *fdt, int node)
{
	const char *s = cfg_get_string(fdt, node, "status", NULL);

	return !fdt_getprop(fdt, node, "status", NULL) ||
	       (s && (strcmp(s, "okay") == 0 || strcmp(s, "ok") == 0));
}

/*
 * A bus address (of a child of bus) as its parent's address, through the
 * bus's 'ranges': 0, or -1 when no range covers [*addr, +size) (or the
 * ranges are malformed, or need more than 2 cells per number).
 */
static int through_ranges(const struct cfg_index *x, const void *fdt, int bus,
			  const fdt32_t *ranges, int len, uint64_t *addr, uint64_t size)
{
	int cac = fdt_address_cells(fdt, bus), csc = fdt_size_cells(fdt, bus);
	int pac = fdt_address_cells(fdt, cfg_parent(x, fdt, bus));
	int stride = cac + pac + csc;

	if (cac < 1 || cac > 2 || pac < 1 || pac > 2 || csc < 1 || csc > 2 ||
	    len % (stride * 4) != 0) {
		return -1;
	}
	for (int i = 0; i < len / (stride * 4); i++) {
		const fdt32_t *e = ranges + i * stride;
		uint64_t child = cfg_read_cells(e, cac), parent = cfg_read_cells(e + cac, pac);
		uint64_t span = cfg_read_cells(e + cac + pac, csc);

		if (span && *addr >= child && *addr - child < span &&
		    (size == 0 || size - 1 <= span - 1 - (*addr - child))) {
			*addr = parent + (*addr - child);
			return 0;
		}
	}
	return -1;
}

int cfg_translate(const struct cfg_index *x, const void *fdt, int node, uint64_t *addr,
		  uint64_t size, int *bad_bus)
{
	for (int bus = cfg_parent(x, fdt, node); bus > 0; bus = cfg_parent(x, fdt, bus)) {
		int len;
		const fdt32_t *ranges = fdt_getprop(fdt, bus, "ranges", &len);

		if (!ranges || (len > 0 && through_ranges(x, fdt, bus, ranges, len, addr, size) < 0)) {
			*bad_bus = bus;
			return ranges ? CFG_XLATE_NO_RANGE : CFG_XLATE_NOT_MMIO;
		}
	}
	return 0;
}

/*
 * A node's reg entries as CPU physical addresses: the first max of them go
 * to out, and the count is returned (-1 after a problem, reported on at).
 * Each entry is read with its parent's #address-cells/#size-cells and
 * translated through the 'ranges' of every bus above it (an empty 'ranges'
 * maps 1:1; a bus without one is not memory-mapped: I2C, SPI, MDIO).
 */
int cfg_node_regs(struct parser *p, int at, int node, struct cfg_range *out,
		     int max)
{
	int parent = cfg_parent(&p->plan->index, p->fdt, node);
	int ac, sc, len, n;
	const fdt32_t *reg;

	for (int bus = parent; bus > 0; bus = cfg_parent(&p->plan->index, p->fdt, bus)) {
		if (!fdt_getprop(p->fdt, bus, "ranges", NULL)) {
			char path[MSG_PATH_LEN];

			cfg_node_path(p->fdt, bus, path, sizeof(path));
			cfg_problem_via(p, at, node, "is not memory-mapped (its bus %s has no 'ranges')",
					path);
			return -1;
		}
	}
	if (parent < 0 || cfg_bus_cells(p, parent, &ac, &sc) < 0) {
		return -1;
	}
	reg = fdt_getprop(p->fdt, node, "reg", &len);
	if (!reg || len <= 0 || len % ((ac + sc) * 4) != 0) {
		cfg_problem_via(p, at, node, "has a missing or malformed 'reg'");
		return -1;
	}
	n = len / ((ac + sc) * 4);
	for (int i = 0; i < n; i++) {
		const fdt32_t *e = reg + i * (ac + sc);
		uint64_t base = cfg_read_cells(e, ac), size = cfg_read_cells(e + ac, sc);
		int bus = -1, err = cfg_translate(&p->plan->index, p->fdt, node, &base, size, &bus);

		if (err) {
			char path[MSG_PATH_LEN];

			cfg_node_path(p->fdt, bus, path, sizeof(path));
			cfg_problem_via(p, at, node, "reg 0x%llx+0x%llx is outside the 'ranges' of its bus %s",
					(unsigned long long)cfg_read_cells(e, ac),
					(unsigned long long)size, path);
			return -1;
		}
		if (i < max) {
			out[i].base = base;
			out[i].size = size;
		}
	}
	return n;
}

/* The first reg entry of a device (the console), reported on the device. */

void cfg_check_props(struct parser *p, int node, const char *const *extra)
{
	int prop;

	fdt_for_each_property_offset(prop, p->fdt, node) {
		const char *name;

		if (!fdt_getprop_by_offset(p->fdt, prop, &name, NULL) || !name) {
			continue;
		}
		if (!in_list(name, generic_props) && !in_list(name, extra)) {
			cfg_problem(p, node, "unknown property '%s'", name);
		}
	}
}

/* "vm@0 (alpha)", to name another VM in a message. */
void cfg_vm_name(const struct cfg_vm *vm, char *buf, size_t len)
{
	const char *slash = strrchr(vm->path, '/');
	const char *name = slash ? slash + 1 : vm->path;

	if (vm->label[0]) {
		snprintf(buf, len, "%s (%s)", name, vm->label);
	} else {
		snprintf(buf, len, "%s", name);
	}
}

int cfg_check_label(struct parser *p, int node, char *out)
{
	int present;
	const char *label = cfg_get_string(p->fdt, node, "label", &present);
	size_t n;

	if (!label) {
		cfg_problem(p, node, present ? "'label' must be a string" :
			"missing property 'label'");
		return -1;
	}
	n = strlen(label);
	if (n == 0 || n >= CFG_LABEL_LEN) {
		cfg_problem(p, node, "label must be 1 to %d characters long",
			CFG_LABEL_LEN - 1);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		char c = label[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '-')) {
			cfg_problem(p, node, "label '%s' may only hold letters, digits, '_' and '-'",
				label);
			return -1;
		}
	}
	memcpy(out, label, n + 1);
	return 0;
}

static void parse_label(struct parser *p, int node, struct cfg_vm *vm)
{
	char label[CFG_LABEL_LEN];

	if (cfg_check_label(p, node, label) < 0) {
		return;
	}
	for (struct cfg_vm *o = p->plan->vm; o < vm; o++) {
		if (strcmp(o->label, label) == 0) {
			char other[VM_NAME_LEN];

			cfg_vm_name(o, other, sizeof(other));
			cfg_problem(p, node, "label '%s' is already used by %s", label, other);
			return;
		}
	}
	memcpy(vm->label, label, sizeof(label));
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
		cfg_problem(p, node, "missing property 'cpus'");
		return;
	}
	if (len <= 0 || len % 4 != 0 || len / 4 > CFG_MAX_VCPUS) {
		cfg_problem(p, node, "'cpus' must list 1 to %d CPU numbers", CFG_MAX_VCPUS);
		return;
	}
	for (int i = 0; i < len / 4; i++) {
		uint32_t cpu = fdt32_ld(&cells[i]);

		if (cpu >= hw->nr_cpus) {
			if (hw->nr_cpus == 0) {
				cfg_problem(p, node, "cpu %u does not exist (the board has no CPUs)", cpu);
			} else {
				cfg_problem(p, node, "cpu %u does not exist (the board has CPUs 0-%u)",
					cpu, hw->nr_cpus - 1);
			}
			continue;
		}
		if (owner[cpu] == self + 1) {
			cfg_problem(p, node, "cpu %u given twice", cpu);
			continue;
		}
		if (owner[cpu]) {
			char a[VM_NAME_LEN], b[VM_NAME_LEN];

			cfg_vm_name(&p->plan->vm[owner[cpu] - 1], a, sizeof(a));
			cfg_vm_name(vm, b, sizeof(b));
			cfg_problem(p, node, "cpu %u given twice: to %s and to %s", cpu, a, b);
			continue;
		}
		owner[cpu] = (unsigned char)(self + 1);
		vm->cpus[vm->nr_vcpus++] = cpu;
	}
}

int cfg_overlaps(uint64_t b1, uint64_t s1, uint64_t b2, uint64_t s2)
{
	/* Inclusive ends, so a range touching the 2^64 boundary still works. */
	return b1 <= b2 + (s2 - 1) && b2 <= b1 + (s1 - 1);
}

/* The QEMU virt layout; see config_priv.h. */
unsigned cfg_guest_windows(unsigned gic_version, const struct cfg_vm *vm,
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
	unsigned nr_win = cfg_guest_windows(p->plan->hw.gic_version, vm, win);
	int len;
	const fdt32_t *cells = fdt_getprop(p->fdt, node, "memory", &len);

	if (!cells) {
		cfg_problem(p, node, "missing property 'memory'");
		return;
	}
	if (len <= 0 || len % 16 != 0) {
		cfg_problem(p, node, "'memory' must be (address, size) pairs of 2 cells each");
		return;
	}
	if (len / 16 > CFG_MAX_MEM) {
		cfg_problem(p, node, "too many memory regions (at most %d)", CFG_MAX_MEM);
		return;
	}
	for (int i = 0; i < len / 16; i++) {
		uint64_t base = cfg_read_cells(cells + 4 * i, 2);
		uint64_t size = cfg_read_cells(cells + 4 * i + 2, 2);
		uint64_t last = base + size - 1;
		int bad = 0;

		if (size == 0) {
			cfg_problem(p, node, "memory at 0x%llx has size 0",
				(unsigned long long)base);
			continue;
		}
		if ((base | size) & (SZ_4K - 1)) {
			cfg_problem(p, node, "memory 0x%llx size 0x%llx is not 4 KiB aligned",
				(unsigned long long)base, (unsigned long long)size);
			bad = 1;
		}
		if (size > CFG_IPA_LIMIT || base > CFG_IPA_LIMIT - size) {
			cfg_problem(p, node, "memory 0x%llx size 0x%llx ends beyond the guest address limit 0x%llx",
				(unsigned long long)base, (unsigned long long)size,
				(unsigned long long)CFG_IPA_LIMIT);
			continue;
		}
		for (unsigned w = 0; w < nr_win; w++) {
			if (cfg_overlaps(base, size, win[w].r.base, win[w].r.size)) {
				cfg_problem(p, node, "memory 0x%llx-0x%llx overlaps %s at 0x%llx",
					(unsigned long long)base, (unsigned long long)last,
					win[w].what, (unsigned long long)win[w].r.base);
				bad = 1;
			}
		}
		for (unsigned j = 0; j < vm->nr_mem; j++) {
			const struct cfg_range *o = &vm->mem[j];

			if (cfg_overlaps(base, size, o->base, o->size)) {
				cfg_problem(p, node, "memory given twice: 0x%llx-0x%llx overlaps 0x%llx-0x%llx",
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

/* on-fault = "stop" | "restart": what a fault the guest cannot take does to its VM. */
static void parse_on_fault(struct parser *p, int node, struct cfg_vm *vm)
{
	int present;
	const char *s = cfg_get_string(p->fdt, node, "on-fault", &present);

	vm->on_fault = CFG_ON_FAULT_STOP;
	if (!present || (s && strcmp(s, "stop") == 0)) {
		return;
	}
	if (s && strcmp(s, "restart") == 0) {
		vm->on_fault = CFG_ON_FAULT_RESTART;
	} else if (s) {
		cfg_problem(p, node, "'on-fault' is \"%.32s\": it must be \"stop\" or \"restart\"", s);
	} else {
		cfg_problem(p, node, "'on-fault' must be the string \"stop\" or \"restart\"");
	}
}

static void parse_vm(struct parser *p, int node, struct cfg_vm *vm,
		     unsigned char *owner)
{
	int present, child;

	cfg_node_path(p->fdt, node, vm->path, sizeof(vm->path));
	vm->node = node;
	cfg_check_props(p, node, vm_props);
	parse_label(p, node, vm);
	parse_vm_cpus(p, node, vm, owner);
	parse_vm_memory(p, node, vm);

	vm->kernel = cfg_get_string(p->fdt, node, "kernel", &present);
	if (!vm->kernel || !vm->kernel[0]) {
		vm->kernel = NULL;
		cfg_problem(p, node, present ? "'kernel' must be a file name" :
			"missing property 'kernel'");
	}
	vm->bootargs = cfg_get_string(p->fdt, node, "bootargs", &present);
	if (present && !vm->bootargs) {
		cfg_problem(p, node, "'bootargs' must be a string");
	}
	vm->initrd = cfg_get_string(p->fdt, node, "initrd", &present);
	if (present && (!vm->initrd || !vm->initrd[0])) {
		vm->initrd = NULL;
		cfg_problem(p, node, "'initrd' must be a file name");
	}
	parse_on_fault(p, node, vm);
	vm->identity = cfg_get_flag(p, node, "identity-map");
	vm->dma_unsafe = cfg_get_flag(p, node, "dma-unsafe");
	vm->rich_os = cfg_get_flag(p, node, "rich-os");
	for (const struct cfg_vm *o = p->plan->vm; o < vm && vm->rich_os; o++) {
		if (o->rich_os) {
			char other[VM_NAME_LEN];

			cfg_vm_name(o, other, sizeof(other));
			cfg_problem(p, node, "'rich-os' is already set on %s: one VM at most gets the rest of the board",
				    other);
			vm->rich_os = 0;
		}
	}
	if (!vm->rich_os && fdt_getprop(p->fdt, node, "rich-os-exclude", NULL) &&
	    !fdt_getprop(p->fdt, node, "rich-os", NULL)) {
		cfg_problem(p, node, "'rich-os-exclude' without 'rich-os'");
	}
	cfg_parse_vm_devices(p, node, vm);
	fdt_for_each_subnode(child, p->fdt, node) {
		cfg_problem(p, child, "unknown node");
	}
}

uint64_t cfg_round_2m(uint64_t size)
{
	return (size + SZ_2M - 1) & ~(SZ_2M - 1);
}

/*
 * Every VM region and shared region is backed by 2 MiB blocks of host RAM,
 * and Tessera keeps CFG_HYP_RESERVE for itself; the rest must hold them
 * all. A shared region counts once however many VMs see it. Placement
 * itself happens at boot, around reserved ranges, so this is the necessary
 * check.
 */
static void check_fit(struct parser *p)
{
	const struct cfg_plan *plan = p->plan;
	uint64_t ram = 0, need = CFG_HYP_RESERVE, total = 0;
	const char *culprit = NULL;

	for (unsigned i = 0; i < plan->hw.nr_ram; i++) {
		ram += plan->hw.ram[i].size;
	}
	if (ram == 0) {
		return;         /* already reported as "no RAM" */
	}
	for (unsigned i = 0; i < plan->nr_vms; i++) {
		for (unsigned j = 0; j < plan->vm[i].nr_mem; j++) {
			need += cfg_round_2m(plan->vm[i].mem[j].size);
		}
		if (!culprit && need > ram) {
			culprit = plan->vm[i].path;
		}
	}
	for (unsigned i = 0; i < plan->nr_shmem; i++) {
		need += cfg_round_2m(plan->shmem[i].size);
		if (!culprit && need > ram) {
			culprit = plan->shmem[i].path;
		}
	}
	if (culprit) {
		total = need - CFG_HYP_RESERVE;
		cfg_problem_at(p, culprit,
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

	if (!cfg_has_compatible(p->fdt, tessera, "tessera,hypervisor")) {
		cfg_problem(p, tessera, "compatible must be \"tessera,hypervisor\"");
	}
	/* A second plan elsewhere would be silently ignored: say so. */
	for (other = fdt_node_offset_by_compatible(p->fdt, -1, "tessera,hypervisor");
	     other >= 0;
	     other = fdt_node_offset_by_compatible(p->fdt, other, "tessera,hypervisor")) {
		if (other != tessera) {
			cfg_problem(p, other, "a second partition plan: only /tessera is read");
		}
	}
	cfg_check_props(p, tessera, tessera_props);

	fdt_for_each_subnode(node, p->fdt, tessera) {
		const char *name = fdt_get_name(p->fdt, node, NULL);

		if (name && strncmp(name, "shmem@", 6) == 0) {
			continue;       /* below, once every VM is known */
		}
		if (!name || strncmp(name, "vm@", 3) != 0) {
			cfg_problem(p, node, "unknown node (expected vm@N with compatible \"tessera,vm\" or shmem@N with compatible \"tessera,shmem\")");
			continue;
		}
		if (!cfg_has_compatible(p->fdt, node, "tessera,vm")) {
			cfg_problem(p, node, "compatible must be \"tessera,vm\"");
			continue;
		}
		if (plan->nr_vms >= CFG_MAX_VMS) {
			cfg_problem(p, node, "too many VMs (Tessera handles %d)", CFG_MAX_VMS);
			continue;
		}
		p->vm_node[plan->nr_vms] = node;
		parse_vm(p, node, &plan->vm[plan->nr_vms++], owner);
	}
	if (plan->nr_vms == 0) {
		cfg_problem(p, tessera, "no VMs: add a vm@0 node with compatible \"tessera,vm\"");
		return;
	}
	/* The rich OS gets what no VM asked for; shared memory must then
	 * avoid every device; DMA is judged on the final device lists. */
	cfg_rich_os(p);
	cfg_layout_mmio(p);
	fdt_for_each_subnode(node, p->fdt, tessera) {
		const char *name = fdt_get_name(p->fdt, node, NULL);

		if (name && strncmp(name, "shmem@", 6) == 0) {
			cfg_parse_shmem(p, node);
		}
	}
	cfg_check_deps(p);
	cfg_check_dma(p);
	cfg_check_identity(p);
	check_fit(p);
}

/* The blob as a whole, before libfdt may look inside: 0 if sound, else reported. */
static int check_blob(struct parser *p, size_t fdt_size)
{
	const void *fdt = p->fdt;
	int err;

	/* The header must be readable before libfdt may look at it at all. */
	if (!fdt || fdt_size < sizeof(struct fdt_header)) {
		cfg_problem_at(p, "/", "not a device tree blob: too short");
		return -1;
	}
	err = fdt_check_header(fdt);
	if (err == 0 && fdt_totalsize(fdt) > fdt_size) {
		cfg_problem_at(p, "/", "truncated device tree blob: header says %u bytes, got %u",
			       (unsigned)fdt_totalsize(fdt), (unsigned)fdt_size);
		return -1;
	}
	/* libfdt 1.6.1's fdt_check_full() can crash on versions below 16
	 * (tests/fuzz/crashes/old-version.b64); dtc writes 17. */
	if (err == 0 && fdt_version(fdt) < 16) {
		cfg_problem_at(p, "/", "malformed device tree blob: version %u (Tessera reads 16 and later)",
			       (unsigned)fdt_version(fdt));
		return -1;
	}
	if (err == 0) {
		err = fdt_check_full(fdt, fdt_size);
	}
	if (err != 0) {
		cfg_problem_at(p, "/", "malformed device tree blob: %s", fdt_strerror(err));
		return -1;
	}
	return 0;
}

int cfg_parse(const void *fdt, size_t fdt_size, struct cfg_plan *plan,
	      cfg_report_fn report, void *ctx)
{
	struct parser p = {
		.fdt = fdt, .plan = plan, .report = report, .ctx = ctx,
		.console = -1, .rich_vm = -1,
	};
	int tessera;

	memset(plan, 0, sizeof(*plan));
	if (check_blob(&p, fdt_size) < 0) {
		return p.problems;
	}
	cfg_index_build(&plan->index, fdt);
	cfg_parse_hw(&p);
	tessera = fdt_path_offset(fdt, "/tessera");
	cfg_parse_console(&p, tessera);
	if (tessera < 0) {
		cfg_problem_at(&p, "/", "no /tessera partition plan");
		return p.problems;
	}
	parse_plan(&p, tessera);
	return p.problems;
}

int cfg_console(const void *fdt, size_t fdt_size, struct cfg_plan *plan)
{
	struct parser p = { .fdt = fdt, .plan = plan, .console = -1, .rich_vm = -1 };

	memset(&plan->hw, 0, sizeof(plan->hw));
	if (check_blob(&p, fdt_size) < 0) {
		return -1;
	}
	cfg_index_build(&plan->index, fdt);
	cfg_parse_console(&p, fdt_path_offset(fdt, "/tessera"));
	return p.problems || !plan->hw.uart_size ? -1 : 0;
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
	if (pack_size < sizeof(struct fdt_header) ||
	    fdt_check_header(pack) != 0 || fdt_totalsize(pack) > pack_size ||
	    fdt_version(pack) < 16 || fdt_check_full(pack, pack_size) != 0) {
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
